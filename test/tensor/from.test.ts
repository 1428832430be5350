// Tensor.from and NDArray.from build what torch.tensor and np.array build from the same data.
import { beforeAll, expect, it } from "vitest";
import { TensorError } from "../../src/errors.js";
import { PyFloat } from "../../src/python/values.js";
import { describeWithTorch } from "../support/oracle.js";
import { NDArray, Tensor, TorchSize, type DType, type NestedData } from "../../src/tensor/index.js";
import { encoded, oracle } from "./reference.js";

/** Data whose JSON form keeps its Python types (no whole-number floats, which JSON would make ints). */
const cases: Array<{ data: NestedData; dtype?: DType }> = [
  { data: [[1, 2, 3], [4, 5, 6]] },
  { data: [1.5, -2.25, 3] },
  { data: [true, false, true] },
  { data: [true, 2, -3] },
  { data: [] },
  { data: [[]] },
  { data: 7 },
  { data: 2.5 },
  { data: false },
  { data: [[0.1, 1e-5], [65519.5, 1e39]], dtype: "float16" },
  { data: [[0.1, 1e-5], [65519.5, 1e39]], dtype: "bfloat16" },
  { data: [1.7, -1.7, 2.5, 0.3], dtype: "int32" },
  { data: [1.7, -1.7, 0, 0.5], dtype: "bool" },
  { data: [9007199254740993, -5], dtype: "int64" },
  { data: [0.1, 1e-50, 3.4e38], dtype: "float32" },
  { data: [[1, 0], [0, 1]], dtype: "uint8" },
  { data: [0.1, 1e300], dtype: "float64" },
];

interface Made {
  dtype: string;
  shape: number[];
  values: unknown;
}

describeWithTorch("building tensors and arrays from data against torch.tensor and np.array", () => {
  let made: Array<{ torch?: Made; numpy?: Made }> = [];
  beforeAll(() => {
    made = oracle("construct", JSON.stringify(cases));
  });

  it("Tensor.from infers torch's dtype and gives its shape and values", () => {
    cases.forEach((c, i) => {
      const t = Tensor.from(c.data, c.dtype ? { dtype: c.dtype } : {});
      const expected = made[i]!.torch!;
      expect({ dtype: t.dtypeName, shape: [...t.shape], values: encoded(t.tolist()) }, JSON.stringify(c)).toEqual(expected);
    });
  });

  it("NDArray.from infers numpy's dtype and gives its shape and values", () => {
    cases.forEach((c, i) => {
      const expected = made[i]!.numpy;
      if (!expected) return;
      const a = NDArray.from(c.data, c.dtype ? { dtype: c.dtype } : {});
      expect({ dtype: a.dtypeName, shape: [...a.shape], values: encoded(a.tolist()) }, JSON.stringify(c)).toEqual(expected);
    });
  });
});

it("a PyFloat marks a whole number as a float", () => {
  expect(Tensor.from([new PyFloat(1), 2]).dtypeName).toBe("float32");
  expect(NDArray.from([new PyFloat(1), 2]).dtypeName).toBe("float64");
});

it("typed arrays keep their dtype unless one is asked for, and take a shape", () => {
  const t = Tensor.from(new Int16Array([1, -2, 3, 4, 5, 6]), { shape: [2, 3] });
  expect([t.dtypeName, [...t.shape], t.tolist()]).toEqual(["int16", [2, 3], [[1, -2, 3], [4, 5, 6]]]);
  expect(Tensor.from(new Float64Array([0.1]), { dtype: "float32" }).item()).toBe(Math.fround(0.1));
  expect(Tensor.from(new BigInt64Array([2n ** 60n])).item()).toBe(2n ** 60n);
  expect(() => Tensor.from(new Float32Array(5), { shape: [2, 3] })).toThrow(TensorError);
});

it("copies other views, with their row-major values", () => {
  const t = Tensor.from([[1, 2], [3, 4]]).T;
  const a = NDArray.from(t);
  expect([a.dtypeName, a.tolist(), a.storage === t.storage]).toEqual(["int64", [[1, 3], [2, 4]], false]);
  expect(Tensor.from(a, { dtype: "float16" }).tolist()).toEqual([[1, 3], [2, 4]]);
});

it("refuses ragged data, values out of an int dtype's range, and non-numbers", () => {
  expect(() => Tensor.from([[1, 2], [3]])).toThrow("data is ragged: data[1] should be a list of 2 items");
  expect(() => Tensor.from([1, [2]] as NestedData)).toThrow(TensorError);
  expect(() => Tensor.from([300], { dtype: "uint8" })).toThrow("value 300 does not fit in uint8");
  expect(() => Tensor.from([2n ** 63n])).toThrow(TensorError);
  expect(() => Tensor.from(["a"] as unknown as NestedData)).toThrow("not a number, bigint or boolean");
});

it("gives torch.Size shapes", () => {
  const t = Tensor.from([[1, 2, 3]]);
  expect(t.shape).toBeInstanceOf(TorchSize);
  expect((t.shape.constructor as unknown as { pythonType: string }).pythonType).toBe("torch.Size");
  expect([t.size(-1), t.stride(0), t.dim(), t.element_size()]).toEqual([3, 3, 2, 8]);
  expect(() => Tensor.from(1).size(0)).toThrow(TensorError);
});

it("lays flat data out in a given shape, and takes dims as one list too", () => {
  const t = Tensor.from([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
  expect(t.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
  expect(t.permute([1, 0]).tolist()).toEqual([[1, 4], [2, 5], [3, 6]]);
  expect(t.reshape([3, -1]).shape).toEqual([3, 2]);
  expect(NDArray.from([1, 2, 3, 4], { shape: [2, 2] }).transpose([1, 0]).tolist()).toEqual([[1, 3], [2, 4]]);
  expect(() => Tensor.from([1, 2, 3], { shape: [2, 2] })).toThrow("shape [2, 2] does not fit 3 elements");
});
