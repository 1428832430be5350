// Casting between every pair of dtypes gives torch's `.to(dtype)` values and numpy's `astype` values.
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { DTYPES, NDArray, Tensor, type DType } from "../../src/tensor/index.js";
import { encoded, oracle, storageFromHex } from "./reference.js";

interface CastCase {
  dtype: DType;
  storage: string;
  torch: Record<DType, unknown>;
  numpy: Partial<Record<DType, unknown>>;
}

describeWithTorch("casts against torch and numpy", () => {
  let cases: CastCase[] = [];
  beforeAll(() => {
    cases = oracle<CastCase[]>("casts");
  });
  const source = (c: CastCase): Tensor => {
    const storage = storageFromHex(c.dtype, c.storage);
    return Tensor.fromStorage(storage, 0, [storage.numel], [1]);
  };

  it("covers all 100 dtype pairs for torch", () => {
    expect(cases.flatMap((c) => Object.keys(c.torch)).length).toBe(100);
  });

  it("Tensor.to(dtype) gives torch's values, NaN, infinities, half rounding and int wrapping included", () => {
    for (const c of cases) {
      for (const target of Object.keys(DTYPES) as DType[]) {
        const cast = source(c).to(target);
        expect(cast.dtypeName).toBe(target);
        expect(encoded(cast.tolist()), `${c.dtype} -> ${target}`).toEqual(c.torch[target]);
      }
    }
  });

  it("the short cast methods name the dtypes torch's do", () => {
    const t = source(cases[0]!);
    const methods = { float: "float32", double: "float64", half: "float16", bfloat16: "bfloat16", long: "int64", int: "int32", short: "int16", char: "int8", byte: "uint8", bool: "bool" } as const;
    for (const [method, dtype] of Object.entries(methods)) expect(t[method as keyof typeof methods]().dtypeName).toBe(dtype);
  });

  it("NDArray.astype(dtype) gives numpy's values, which round float64 to float16 only once", () => {
    let pairs = 0;
    for (const c of cases) {
      for (const [target, expected] of Object.entries(c.numpy) as [DType, unknown][]) {
        const array = source(c).numpy().astype(target);
        expect(encoded(array.tolist()), `${c.dtype} -> ${target}`).toEqual(expected);
        pairs += 1;
      }
    }
    expect(pairs).toBe(81);
    // 1 + 2**-11 + 2**-40 lies just above a tie between two halves; as float32 it is the tie itself.
    const value = 1 + 2 ** -11 + 2 ** -40;
    expect(NDArray.from([value]).astype("float16").item()).toBe(1 + 2 ** -10);
    expect(Tensor.from([value], { dtype: "float64" }).half().item()).toBe(1);
  });

  it("to() of the same dtype returns the tensor itself, as torch does", () => {
    const t = source(cases[0]!);
    expect(t.to(t.dtype)).toBe(t);
  });
});
