// `weightscope inspect` on Keras files: after the tensors, the layer table (name, class, output shape, parameters).
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { describeWithSharedFixtures, runPython, sharedFixtures } from "../support/oracle.js";

async function inspect(file: string): Promise<string[]> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end("");
  const status = await runCli(["inspect", join(sharedFixtures, file)], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin });
  expect(stderr).toBe("");
  expect(status).toBe(0);
  return stdout.trimEnd().split("\n");
}

/** The layer table's rows as cells (columns are two or more spaces apart), from its header to its count line. */
function layerTable(lines: readonly string[]): string[][] {
  const start = lines.findIndex((line) => /^layer\s+class\s+output shape\s+params$/.test(line));
  expect(start).toBeGreaterThan(0);
  expect(lines[start - 1]).toBe("");
  return lines.slice(start + 1, -1).map((line) => line.split(/ {2,}/));
}

/** Parameters per layer group, counted by h5py from the datasets the file stores. */
function storedParams(file: string): Record<string, number> {
  const code = `
import h5py, json, sys, numpy as np
f = h5py.File(sys.argv[1], "r")
counts = {}
def visit(name, obj):
    if isinstance(obj, h5py.Dataset):
        layer = name.split("/")[0]
        counts[layer] = counts.get(layer, 0) + int(np.prod(obj.shape))
f["model_weights"].visititems(visit)
print(json.dumps(counts))`;
  return JSON.parse(runPython(code, [join(sharedFixtures, file)])) as Record<string, number>;
}

describeWithSharedFixtures("weightscope inspect on Keras files", () => {
  it("prints LeNet-5's layers with the shapes its config implies and the parameters h5py counts", async () => {
    const file = "tfkeras2.7.0_seq_lenet5_avgpool.h5";
    const lines = await inspect(file);
    const rows = layerTable(lines);
    // 28x28x1 -> conv 5x5 valid -> 24x24x6 -> pool 2 -> 12x12x6 -> conv 5x5 -> 8x8x16 -> pool 2 -> 4x4x16 = 256.
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["conv2d_4", "Conv2D", "(None, 24, 24, 6)"],
      ["average_pooling2d_4", "AveragePooling2D", "(None, 12, 12, 6)"],
      ["conv2d_5", "Conv2D", "(None, 8, 8, 16)"],
      ["average_pooling2d_5", "AveragePooling2D", "(None, 4, 4, 16)"],
      ["flatten_2", "Flatten", "(None, 256)"],
      ["dense_6", "Dense", "(None, 120)"],
      ["dense_7", "Dense", "(None, 84)"],
      ["dense_8", "Dense", "(None, 10)"],
    ]);
    const stored = storedParams(file);
    expect(rows.map((r) => [r[0], Number(r[3]!.replace(/,/g, ""))])).toEqual(rows.map((r) => [r[0], stored[r[0]!] ?? 0]));
    expect(lines.at(-1)).toBe("8 layers");
    // The tensor table comes first, unchanged.
    expect(lines[1]).toMatch(/^path\s+shape\s+dtype\s+elements\s+bytes$/);
  });

  it("lists a functional model's InputLayer as Keras prints it, a one-item list", async () => {
    const file = "keras2.3.1_func_dense_batchnorm.h5";
    const rows = layerTable(await inspect(file));
    expect(rows[0]!.slice(0, 4)).toEqual(["input_1", "InputLayer", "[(None, 16)]", "0"]);
    expect(rows.find((r) => r[0] === "bn2")!.slice(1, 4)).toEqual(["BatchNormalization", "(None, 32)", "128"]);
    const stored = storedParams(file);
    expect(rows.map((r) => [r[0], Number(r[3]!.replace(/,/g, ""))])).toEqual(rows.map((r) => [r[0], stored[r[0]!] ?? 0]));
  });

  it("does so for a Keras 3 archive, and prints no layer table for a weights-only file", async () => {
    const rows = layerTable(await inspect("keras3.15.1_seq_cnn_mnist.keras"));
    // 28 -> conv 3 -> 26 -> pool -> 13 -> conv 3 -> 11 -> pool -> 5; 5*5*64 = 1600 -> 128 -> 10.
    expect(rows.map((r) => r[2])).toEqual(["(None, 26, 26, 32)", "(None, 13, 13, 32)", "(None, 11, 11, 64)", "(None, 5, 5, 64)", "(None, 1600)", "(None, 1600)", "(None, 128)", "(None, 10)"]);
    expect(rows.map((r) => r[3])).toEqual(["320", "0", "18,496", "0", "0", "0", "204,928", "1,290"]);
    const weightsOnly = await inspect("keras2.2.4_weights_lenet5.h5");
    expect(weightsOnly.some((line) => line.startsWith("layer "))).toBe(false);
  });
});
