// torch.tensor, torch.from_numpy, torch.Tensor, torch.zeros/ones/randn against real torch on the same inputs.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TensorError } from "../../src/errors.js";
import { OrderedDict, PyFloat } from "../../src/python/values.js";
import { NDArray, Tensor } from "../../src/tensor/index.js";
import { from_numpy, legacyTensor, ones, randn, save, tensor, torch, zeros } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

/** A case: its name, what weightscope makes, and the Python expression real torch evaluates for it. */
type Case = readonly [name: string, make: () => Tensor, python: string];

const f64 = () => NDArray.from([[1.5, -2.25, 3], [0.1, 1e300, -0]]);
const cases: Case[] = [
  ["ints", () => tensor([[1, 2], [3, 4]]), "torch.tensor([[1, 2], [3, 4]])"],
  ["floats round to float32", () => tensor([1.5, -2.25, 1e40, 0.1, -0]), "torch.tensor([1.5, -2.25, 1e40, 0.1, -0.0])"],
  ["bools", () => tensor([true, false]), "torch.tensor([True, False])"],
  ["bool and int", () => tensor([true, 2]), "torch.tensor([True, 2])"],
  ["empty list", () => tensor([]), "torch.tensor([])"],
  ["int scalar", () => tensor(3), "torch.tensor(3)"],
  ["float scalar", () => tensor(new PyFloat(2)), "torch.tensor(2.0)"],
  ["large int", () => tensor([2n ** 40n, -(2n ** 62n)]), "torch.tensor([2**40, -(2**62)])"],
  ["dtype float16", () => tensor([[1, 2.5, 0.1]], { dtype: "float16" }), "torch.tensor([[1, 2.5, 0.1]], dtype=torch.float16)"],
  ["dtype bfloat16", () => tensor([0.1, 3.3], { dtype: "bfloat16" }), "torch.tensor([0.1, 3.3], dtype=torch.bfloat16)"],
  ["dtype int32 truncates", () => tensor([1.7, -1.7], { dtype: "int32" }), "torch.tensor([1.7, -1.7], dtype=torch.int32)"],
  ["float64 ndarray stays float64", () => tensor(f64()), "torch.tensor(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]))"],
  ["int32 ndarray", () => tensor(NDArray.from([5, -6], { dtype: "int32" })), "torch.tensor(np.array([5, -6], dtype=np.int32))"],
  ["ndarray with dtype", () => tensor(f64(), { dtype: "float32" }), "torch.tensor(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]), dtype=torch.float32)"],
  ["transposed ndarray", () => tensor(f64().T), "torch.tensor(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]).T)"],
  ["float64 ndarray to float16", () => tensor(NDArray.from([0.1, 1e300, 65519.99, 1.00048828125]), { dtype: "float16" }), "torch.tensor(np.array([0.1, 1e300, 65519.99, 1.00048828125]), dtype=torch.float16)"],
  ["transposed tensor", () => tensor(tensor([[1, 2, 3], [4, 5, 6]]).T), "torch.tensor(torch.tensor([[1, 2, 3], [4, 5, 6]]).T)"],
  ["Float32Array", () => tensor(Float32Array.of(0.5, 7)), "torch.tensor(np.array([0.5, 7], dtype=np.float32))"],
  ["Int16Array", () => tensor(Int16Array.of(-3, 9)), "torch.tensor(np.array([-3, 9], dtype=np.int16))"],
  ["Uint8Array", () => tensor(Uint8Array.of(255, 1)), "torch.tensor(np.array([255, 1], dtype=np.uint8))"],
  ["from_numpy float64", () => from_numpy(f64()), "torch.from_numpy(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]))"],
  ["from_numpy transposed keeps strides", () => from_numpy(f64().T), "torch.from_numpy(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]).T)"],
  ["from_numpy float16", () => from_numpy(NDArray.from([0.1, 2], { dtype: "float16" })), "torch.from_numpy(np.array([0.1, 2], dtype=np.float16))"],
  ["from_numpy bool", () => from_numpy(NDArray.from([true, false])), "torch.from_numpy(np.array([True, False]))"],
  ["Tensor of a list", () => legacyTensor([1, 2]), "torch.Tensor([1, 2])"],
  ["Tensor of bools", () => legacyTensor([true, false]), "torch.Tensor([True, False])"],
  ["Tensor of a float64 ndarray", () => legacyTensor(f64()), "torch.Tensor(np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]]))"],
  ["Tensor()", () => legacyTensor(), "torch.Tensor()"],
  ["torch.Tensor called", () => torch.Tensor([[0.25], [4]]), "torch.Tensor([[0.25], [4]])"],
  ["zeros spread", () => zeros(2, 3), "torch.zeros(2, 3)"],
  ["zeros list", () => zeros([2, 3]), "torch.zeros([2, 3])"],
  ["zeros scalar", () => zeros(), "torch.zeros(())"],
  ["zeros empty", () => zeros(0, 4), "torch.zeros(0, 4)"],
  ["zeros int64", () => zeros(2, { dtype: "int64" }), "torch.zeros(2, dtype=torch.int64)"],
  ["ones float32", () => ones(3, 2), "torch.ones(3, 2)"],
  ["ones bool", () => ones([3, 2], { dtype: "bool" }), "torch.ones([3, 2], dtype=torch.bool)"],
  ["ones float16", () => ones(2, { dtype: "float16" }), "torch.ones(2, dtype=torch.float16)"],
  ["ones bfloat16", () => ones(2, 2, { dtype: "bfloat16" }), "torch.ones(2, 2, dtype=torch.bfloat16)"],
  ["ones int8", () => ones(4, { dtype: "int8" }), "torch.ones(4, dtype=torch.int8)"],
  ["ones int64", () => ones(1, { dtype: "int64" }), "torch.ones(1, dtype=torch.int64)"],
];

/** dtype, shape, strides and sha256 of the row-major little-endian bytes, as real torch reports them. */
function torchViews(): Array<{ dtype: string; shape: number[]; strides: number[]; sha256: string }> {
  const out = runPython(
    `import hashlib, json, sys, torch, numpy as np
rows = []
for expr in json.loads(sys.argv[1]):
    t = eval(expr)
    raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
    rows.append({"dtype": str(t.dtype)[6:], "shape": list(t.shape), "strides": list(t.stride()), "sha256": hashlib.sha256(raw).hexdigest()})
print(json.dumps(rows))`,
    [JSON.stringify(cases.map((c) => c[2]))],
  );
  return JSON.parse(out);
}

function ourView(t: Tensor): { dtype: string; shape: number[]; strides: number[]; sha256: string } {
  return { dtype: t.dtypeName, shape: [...t.shape], strides: [...t.strides], sha256: createHash("sha256").update(t.toBytesLE()).digest("hex") };
}

describeWithTorch("tensor constructors against real torch", () => {
  const views = torchViews();
  it.each(cases.map((c, i) => [c[0], i] as const))("%s: same dtype, shape, strides and bytes", (_name, i) => {
    expect(ourView(cases[i]![1]())).toEqual(views[i]);
  });

  it("Tensor(2, 3) and Tensor(torch.Size) are float32 of that shape, as torch's (whose values are uninitialised)", () => {
    const ours = [legacyTensor(2, 3), legacyTensor(zeros(4, 1).shape)].map((t) => [t.dtypeName, [...t.shape]]);
    const theirs = JSON.parse(runPython("import torch, json\nprint(json.dumps([[str(t.dtype)[6:], list(t.shape)] for t in [torch.Tensor(2, 3), torch.Tensor(torch.zeros(4, 1).shape)]]))"));
    expect(ours).toEqual(theirs);
  });

  it("randn draws standard normal float32 values (mean 0, std 1 over 100k samples), shaped as torch's", () => {
    const sample = randn(100_000);
    const values = sample.storage.typed() as Float32Array;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
    // The standard error of the mean over 100k samples is 0.003 and of the std 0.0022: 0.02 is ~7 of them.
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
    expect(values.filter((v) => Math.abs(v) > 1).length / values.length).toBeCloseTo(0.3173, 1);
    const theirs = JSON.parse(runPython("import torch, json\nt = torch.randn(2, 3, dtype=torch.float64)\nu = torch.randn([4])\nprint(json.dumps([[str(t.dtype)[6:], list(t.shape)], [str(u.dtype)[6:], list(u.shape)]]))"));
    const [a, b] = [randn(2, 3, { dtype: "float64" }), randn([4])];
    expect([[a.dtypeName, [...a.shape]], [b.dtypeName, [...b.shape]]]).toEqual(theirs);
  });

  it("saves tensors made here so that torch loads them with weights_only=True, bit for bit", () => {
    const target = join(ensureDir(join(generatedDir, "create")), "made.pt");
    save(new OrderedDict([["w", tensor([[1.5, 2], [3, 4]])], ["b", from_numpy(f64().T)], ["n", ones(3, { dtype: "int64" })]]), target);
    const text = runPython(
      `import torch, sys, numpy as np
d = torch.load(sys.argv[1], weights_only=True)
a = np.array([[1.5, -2.25, 3], [0.1, 1e300, -0.0]])
print(list(d), torch.equal(d["w"], torch.tensor([[1.5, 2], [3, 4]])), torch.equal(d["b"], torch.from_numpy(a.T)), d["b"].stride(), d["n"].dtype)`,
      [target],
    );
    expect(text.trim()).toBe("['w', 'b', 'n'] True True (1, 3) torch.int64");
  });
});

describe("tensor constructors share, copy and refuse as torch does", () => {
  it("from_numpy shares the array's storage; tensor() copies it", () => {
    const array = f64();
    expect(from_numpy(array).storage).toBe(array.storage);
    expect(tensor(array).storage).not.toBe(array.storage);
  });

  it("torch.Tensor is still the class: instanceof works, and a float32 tensor passes through", () => {
    const t = tensor([1.5]);
    expect(t instanceof torch.Tensor).toBe(true);
    expect(torch.Tensor(t)).toBe(t);
    expect(new torch.Tensor([1]).dtypeName).toBe("float32");
  });

  it("requires_grad is kept on float tensors and refused on others", () => {
    expect(tensor([1.5], { requires_grad: true }).requires_grad).toBe(true);
    expect(zeros(2, { requires_grad: true }).requires_grad).toBe(true);
    expect(() => tensor([1], { requires_grad: true })).toThrow(/floating-point/);
  });

  it("refuses what torch refuses, with a TensorError", () => {
    const refusals: Array<() => unknown> = [
      () => from_numpy([1, 2] as never),
      () => from_numpy(NDArray.view(NDArray.from([1, 2, 3]).storage, 2, [3], [-1])),
      () => zeros(-1),
      () => ones(2.5),
      () => randn(2, { dtype: "int64" }),
      () => tensor([[1], [2, 3]]),
      () => legacyTensor(3.5),
      () => legacyTensor(tensor([1, 2])),
      () => zeros("a" as never),
    ];
    for (const refuse of refusals) expect(refuse).toThrow(TensorError);
  });
});
