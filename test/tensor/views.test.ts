// Strided views over real storages give what torch and numpy give: bytes, values, and every view op's geometry.
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { TensorError } from "../../src/errors.js";
import { Tensor, type DType } from "../../src/tensor/index.js";
import { encoded, hex, oracle, storageFromHex } from "./reference.js";

interface Described {
  error?: true;
  shape: number[];
  strides: number[];
  offset: number;
  contiguous: boolean;
  shares: boolean;
  values: unknown;
}
interface ViewCase {
  dtype: DType;
  storage: string;
  offset: number;
  shape: number[];
  strides: number[];
  contiguous_bytes: string;
  is_contiguous: boolean;
  values: unknown;
  nbytes: number;
  ops: Record<string, Described>;
  numpy?: { shape: number[]; strides: number[]; values: unknown; itemsize: number; nbytes: number; T_strides: number[]; flatten: unknown; copy_strides: number[] };
}

/** The same operations reference.py runs, by name. */
const ops: Record<string, (t: Tensor) => Tensor> = {
  permute_reversed: (t) => t.permute(...t.shape.map((_, d) => t.dim() - 1 - d)),
  T: (t) => t.T,
  transpose_0_last: (t) => t.transpose(0, -1),
  reshape_flat: (t) => t.reshape(-1),
  view_flat: (t) => t.view(-1),
  flatten: (t) => t.flatten(),
  flatten_from_1: (t) => t.flatten(1),
  reshape_last_2: (t) => t.reshape(-1, 2),
  view_last_2: (t) => t.view(-1, 2),
  view_unit_dims: (t) => t.view(1, -1, 1),
  squeeze: (t) => t.squeeze(),
  squeeze_0: (t) => t.squeeze(0),
  unsqueeze_0: (t) => t.unsqueeze(0),
  unsqueeze_last: (t) => t.unsqueeze(-1),
  unsqueeze_1: (t) => t.unsqueeze(1),
  contiguous: (t) => t.contiguous(),
  clone: (t) => t.clone(),
  to_float64: (t) => t.to("float64"),
  select_0_last: (t) => t.select(0, -1),
};

function describeTensor(t: Tensor, base: Tensor): Described {
  return { shape: [...t.shape], strides: [...t.strides], offset: t.storageOffset, contiguous: t.is_contiguous(), shares: t.storage === base.storage, values: encoded(t.tolist()) };
}

describeWithTorch("strided views against torch and numpy", () => {
  let cases: ViewCase[] = [];
  beforeAll(() => {
    cases = oracle<ViewCase[]>("views");
  });
  const name = (c: ViewCase): string => `${c.dtype} offset ${c.offset} shape [${c.shape}] strides [${c.strides}]`;

  it("covers every dtype with many views", () => {
    expect(new Set(cases.map((c) => c.dtype)).size).toBe(10);
    expect(cases.length).toBeGreaterThan(100);
  });

  it("contiguous() bytes, tolist(), is_contiguous and nbytes match torch", () => {
    for (const c of cases) {
      const t = Tensor.fromStorage(storageFromHex(c.dtype, c.storage), c.offset, c.shape, c.strides);
      expect(hex(t.contiguous().toBytesLE()), name(c)).toBe(c.contiguous_bytes);
      expect(hex(t.toBytesLE()), name(c)).toBe(c.contiguous_bytes);
      expect(encoded(t.tolist()), name(c)).toEqual(c.values);
      expect(t.is_contiguous(), name(c)).toBe(c.is_contiguous);
      expect(t.nbytes, name(c)).toBe(c.nbytes);
    }
  });

  it("permute, T, transpose, reshape, view, flatten, squeeze, unsqueeze, clone, to and select match torch, errors included", () => {
    for (const c of cases) {
      const storage = storageFromHex(c.dtype, c.storage);
      const base = Tensor.fromStorage(storage, 0, [storage.numel], [1]);
      const t = Tensor.fromStorage(storage, c.offset, c.shape, c.strides);
      for (const [op, expected] of Object.entries(c.ops)) {
        const label = `${op} of ${name(c)}`;
        if (expected.error) {
          expect(() => ops[op]!(t), label).toThrow(TensorError);
          continue;
        }
        expect(describeTensor(ops[op]!(t), base), label).toEqual(expected);
      }
    }
  });

  it("numpy() shares the storage and reports numpy's shape, byte strides and values", () => {
    for (const c of cases.filter((k) => k.numpy)) {
      const t = Tensor.fromStorage(storageFromHex(c.dtype, c.storage), c.offset, c.shape, c.strides);
      const a = t.numpy();
      const expected = c.numpy!;
      expect(a.storage, name(c)).toBe(t.storage);
      expect([...a.shape], name(c)).toEqual(expected.shape);
      expect([...a.strides], name(c)).toEqual(expected.strides);
      expect([...a.T.strides], name(c)).toEqual(expected.T_strides);
      // numpy copies an empty array keeping its (zero) strides; weightscope gives C-order strides.
      if (t.numel() > 0) expect([...a.copy().strides], name(c)).toEqual(expected.copy_strides);
      expect(encoded(a.tolist()), name(c)).toEqual(expected.values);
      expect(encoded(a.flatten().tolist()), name(c)).toEqual(expected.flatten);
      expect([a.itemsize, a.nbytes], name(c)).toEqual([expected.itemsize, expected.nbytes]);
    }
  });

  it("refuses numpy() for bfloat16, which numpy lacks, as torch does", () => {
    const c = cases.find((k) => k.dtype === "bfloat16")!;
    const t = Tensor.fromStorage(storageFromHex(c.dtype, c.storage), c.offset, c.shape, c.strides);
    expect(() => t.numpy()).toThrow(/numpy has no bfloat16/);
  });
});
