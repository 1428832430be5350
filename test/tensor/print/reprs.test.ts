// Tensor and NDArray reprs equal real torch's and numpy's, character for character, over hand-picked and random cases.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { describeWithTorch, runPython } from "../../support/oracle.js";
import { resetPrintOptions, setNumpyPrintOptions, setTorchPrintOptions, Tensor, type DType, type NumpyPrintOptions, type TorchPrintOptions } from "../../../src/tensor/index.js";
import { storageFromHex } from "../reference.js";

interface ReprCase {
  name: string;
  dtype: DType;
  storage: string;
  offset: number;
  shape: number[];
  strides: number[];
  torch: string;
  numpy?: string;
  grad: "parameter" | "requires_grad" | null;
  torch_options?: Partial<TorchPrintOptions> & { profile?: "default" | "short" | "full" };
  numpy_options?: Partial<NumpyPrintOptions>;
}

function tensorOf(c: ReprCase): Tensor {
  const flags = c.grad === "parameter" ? { parameter: true, requiresGrad: true } : { requiresGrad: c.grad === "requires_grad" };
  return Tensor.fromStorage(storageFromHex(c.dtype, c.storage), c.offset, c.shape, c.strides, flags);
}

/** Cases whose printed text differs from the reference, as readable diffs. */
function mismatches(cases: ReprCase[], print: (c: ReprCase) => string | undefined, expected: (c: ReprCase) => string | undefined): string[] {
  return cases.flatMap((c) => {
    const want = expected(c);
    const got = print(c);
    return want === undefined || got === want ? [] : [`${c.name}:\n--- weightscope\n${got}\n--- reference\n${want}`];
  });
}

describeWithTorch("tensor and array reprs against torch and numpy", () => {
  let cases: ReprCase[] = [];
  beforeAll(() => {
    cases = JSON.parse(runPython(readFileSync(join(import.meta.dirname, "reprs.py"), "utf8"))) as ReprCase[];
  });
  afterEach(() => resetPrintOptions());

  it("covers every dtype, 0 to 4 dims, empty and summarized tensors", () => {
    expect(new Set(cases.map((c) => c.dtype)).size).toBe(10);
    expect(new Set(cases.map((c) => c.shape.length))).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(cases.some((c) => c.shape.includes(0))).toBe(true);
    expect(cases.some((c) => c.torch.includes("..."))).toBe(true);
    expect(cases.some((c) => c.numpy?.includes("\n      dtype=float"))).toBe(true);
    expect(cases.some((c) => c.torch.includes(",\n       dtype=torch."))).toBe(true);
    expect(cases.length).toBeGreaterThan(500);
  });

  it("Tensor.toString() is torch's repr", () => {
    const print = (c: ReprCase): string => {
      resetPrintOptions();
      if (c.torch_options) setTorchPrintOptions(c.torch_options);
      return tensorOf(c).toString();
    };
    expect(mismatches(cases, print, (c) => c.torch).slice(0, 5)).toEqual([]);
  });

  it("NDArray.toString() is numpy's repr", () => {
    const print = (c: ReprCase): string | undefined => {
      if (c.numpy === undefined) return undefined;
      resetPrintOptions();
      if (c.numpy_options) setNumpyPrintOptions(c.numpy_options);
      return Tensor.fromStorage(storageFromHex(c.dtype, c.storage), c.offset, c.shape, c.strides).numpy().toString();
    };
    expect(mismatches(cases, print, (c) => c.numpy).slice(0, 5)).toEqual([]);
  });
});
