// Storages read their bytes lazily and once, check their length, swap big-endian bytes; views are checked before any read.
import { beforeAll, describe, expect, it } from "vitest";
import { TensorError } from "../../src/errors.js";
import { describeWithTorch } from "../support/oracle.js";
import { Storage, Tensor, type ByteSource, type DType } from "../../src/tensor/index.js";
import { encoded, oracle, storageFromHex } from "./reference.js";

/** A byte source that counts its reads. */
function counting(bytes: Uint8Array, description = "data/0"): ByteSource & { reads: number } {
  const source = { reads: 0, description, read: () => (source.reads++, bytes) };
  return source;
}

function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

describe("lazy storages", () => {
  const values = Array.from({ length: 24 }, (_, i) => i + 0.5);

  it("are not read by fromStorage, shape, permute, transpose, T, view, reshape-as-view, select or numpy", () => {
    const source = counting(float32Bytes(values));
    const storage = new Storage({ dtype: "float32", numel: 24, source, key: "0", location: "cuda:0", file: "model.pt" });
    const t = Tensor.fromStorage(storage, 0, [2, 3, 4], [12, 4, 1]);
    expect([...t.shape, ...t.strides]).toEqual([2, 3, 4, 12, 4, 1]);
    const p = t.permute(2, 0, 1);
    p.transpose(0, 1).T.select(0, 1);
    t.view(6, 4).reshape(4, 6).flatten().unsqueeze(0).squeeze();
    t.numpy().reshape(24);
    expect([storage.loaded, source.reads]).toEqual([false, 0]);
    expect(p.is_contiguous()).toBe(false);
    expect([storage.key, storage.location, storage.nbytes]).toEqual(["0", "cuda:0", 96]);
  });

  it("are read once, by the first contiguous(), tolist() or toBytesLE(), and then kept", () => {
    const source = counting(float32Bytes(values));
    const storage = new Storage({ dtype: "float32", numel: 24, source });
    const t = Tensor.fromStorage(storage, 0, [2, 3, 4], [12, 4, 1]).permute(2, 0, 1);
    t.contiguous();
    expect([storage.loaded, source.reads]).toEqual([true, 1]);
    t.tolist();
    t.toBytesLE();
    t.reshape(-1).data();
    expect(source.reads).toBe(1);
  });

  it("refuse a source whose length is not numel times the element size, naming the file and source", () => {
    const storage = new Storage({ dtype: "int64", numel: 4, source: counting(new Uint8Array(30), "archive/data/3"), file: "lenet5.pt" });
    const t = Tensor.fromStorage(storage, 0, [4], [1]);
    expect(() => t.tolist()).toThrow(TensorError);
    expect(() => t.tolist()).toThrow("lenet5.pt: archive/data/3: storage holds 30 bytes but 4 int64 elements need 32");
  });

  it("refuse a negative or fractional size", () => {
    for (const numel of [-1, 1.5, NaN]) {
      expect(() => new Storage({ dtype: "float32", numel, source: new Uint8Array(0), file: "m.pt" })).toThrow(TensorError);
    }
  });

  it("read from a misaligned buffer by copying", () => {
    const buffer = new Uint8Array(1 + 16);
    buffer.set(float32Bytes([1.5, -2, 3, 4.25]), 1);
    const storage = new Storage({ dtype: "float32", numel: 4, source: buffer.subarray(1) });
    expect(Tensor.fromStorage(storage, 0, [2, 2], [1, 2]).tolist()).toEqual([[1.5, 3], [-2, 4.25]]);
  });
});

describe("views outside their storage", () => {
  const storage = new Storage({ dtype: "float32", numel: 12, source: counting(new Uint8Array(48), "data/7"), file: "m.pt" });
  const bad: Array<[string, number, number[], number[]]> = [
    ["reaches element 12 of a storage of 12 elements", 1, [3, 4], [4, 1]],
    ["reaches element 13", 0, [2, 2], [12, 1]],
    ["has stride -1 at dim 0", 11, [3], [-1]],
    ["has size NaN at dim 1", 0, [2, NaN], [1, 1]],
    ["has size 1.5 at dim 0", 0, [1.5], [1]],
    ["has an offset that is not a non-negative integer", -1, [2], [1]],
    ["has an offset that is not a non-negative integer", 0.5, [2], [1]],
    ["has 2 sizes but 1 strides", 0, [2, 2], [1]],
    ["has too many elements", 0, [2 ** 30, 2 ** 30], [0, 0]],
    ["reaches element", 0, [2 ** 26, 2 ** 26], [2 ** 26, 1]],
  ];
  for (const [message, offset, shape, strides] of bad) {
    it(`are refused before any read: ${message}`, () => {
      const attempt = (): Tensor => Tensor.fromStorage(storage, offset, shape, strides);
      expect(attempt).toThrow(TensorError);
      expect(attempt).toThrow(message);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).toMatch(/^m\.pt: data\/7: view \(offset /);
        expect((error as Error).message).not.toContain("\n");
      }
      expect(storage.loaded).toBe(false);
    });
  }

  it("accept an empty view anywhere, and a scalar on the last element", () => {
    expect(Tensor.fromStorage(storage, 12, [0, 5], [100, 100]).numel()).toBe(0);
    expect(Tensor.fromStorage(storage, 11, [], []).numel()).toBe(1);
  });
});

describe("element access", () => {
  const t = Tensor.from([[1, 2, 3], [4, 5, 6]]).T;

  it("get() takes one index per dim, negative from the end", () => {
    expect([t.get(0, 1), t.get(-1, -1), t.get(2, 0)]).toEqual([4, 6, 3]);
    expect(() => t.get(3, 0)).toThrow(TensorError);
    expect(() => t.get(0)).toThrow(TensorError);
  });

  it("item() needs exactly one element", () => {
    expect(t.select(0, 2).select(0, 1).item()).toBe(6);
    expect(() => t.item()).toThrow("item() needs exactly one element, this has 6");
  });

  it("data() gives row-major values, half types decoded to Float32Array", () => {
    expect(t.data()).toEqual(new BigInt64Array([1n, 4n, 2n, 5n, 3n, 6n]));
    const half = Tensor.from([0.1, 65504, -2.5], { dtype: "float16" });
    expect(half.data()).toBeInstanceOf(Float32Array);
    expect(Array.from(half.data() as Float32Array)).toEqual([Math.fround(0.0999755859375), 65504, -2.5]);
  });
});

describeWithTorch("big-endian sources against numpy's big-endian bytes", () => {
  let cases: Array<{ dtype: DType; big: string; values: unknown }> = [];
  beforeAll(() => {
    cases = oracle("big_endian");
  });

  it("give the same values as little-endian ones, for every dtype", () => {
    expect(cases.length).toBe(10);
    for (const c of cases) {
      const storage = storageFromHex(c.dtype, c.big, { byteOrder: "big" });
      const t = Tensor.fromStorage(storage, 0, [storage.numel], [1]);
      expect(encoded(t.tolist()), c.dtype).toEqual(c.values);
    }
  });

  it("leave the caller's buffer as it was", () => {
    const bytes = new Uint8Array([0x3f, 0x80, 0, 0]);
    const storage = new Storage({ dtype: "float32", numel: 1, source: bytes, byteOrder: "big" });
    expect(Tensor.fromStorage(storage, 0, [], []).item()).toBe(1);
    expect([...bytes]).toEqual([0x3f, 0x80, 0, 0]);
  });
});
