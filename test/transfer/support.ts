// Test helpers for transfer: Keras models made with zero or random weights, TensorFlow.js as the Keras forward oracle, layout moves, refusal checks.
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { LAYER_KINDS, inferShapes, type Shape } from "../../src/keras/summary/index.js";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import type { KerasModel } from "../../src/keras/index.js";
import { expect } from "vitest";
import { NDArray, type Tensor } from "../../src/tensor/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { TransferError } from "../../src/transfer/index.js";
import { spawnSync } from "node:child_process";
import { generatedDir, projectRoot, referencePython, runPython } from "../support/oracle.js";

function runPythonInput(code: string, args: string[], input: string): string {
  const run = spawnSync(referencePython, ["-c", code, ...args], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}

export interface Dumped {
  readonly shape: number[];
  readonly data: number[];
}

export const casesDir = join(generatedDir, "transfer");
export const casesScript = join(projectRoot, "test/transfer/torch_cases.py");

/** Writes every torch case (modules, inputs, torch outputs, numpy's expected Keras arrays) with real torch. */
export function makeTorchCases(dir = casesDir): void {
  runPython(`import runpy, sys; sys.argv = ["torch_cases.py", "make", ${JSON.stringify(dir)}]; runpy.run_path(${JSON.stringify(casesScript)}, run_name="__main__")`);
}

/** mulberry32: seeded uniform floats in [-1, 1), the same on every run. */
export function randomArray(shape: number[], seed: number): NDArray {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return NDArray.from(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * next() - 1), { shape });
}

/** Real torch running a whole saved module on `input`, in eval mode. */
export function torchForward(modulePath: string, input: NDArray): NDArray {
  const code = `
import json, sys, torch
m = torch.load(sys.argv[1]).eval()
x = json.load(sys.stdin)
with torch.no_grad():
    y = m(torch.tensor(x["data"], dtype=torch.float32).reshape(x["shape"]))
print(json.dumps({"shape": list(y.shape), "data": y.double().flatten().tolist()}))
`;
  const out = JSON.parse(runPythonInput(code, [modulePath], JSON.stringify({ shape: [...input.shape], data: Array.from(input.data() as Float32Array) }))) as Dumped;
  return toArray(out);
}

/** Real torch's outputs for the state_dicts written as CASE_copied.pt. */
export function runTorchCases(names: string[]): Record<string, Dumped> {
  const args = JSON.stringify(["torch_cases.py", "run", casesDir, ...names]);
  return JSON.parse(runPython(`import runpy, sys; sys.argv = ${args}; runpy.run_path(${JSON.stringify(casesScript)}, run_name="__main__")`)) as Record<string, Dumped>;
}

export function toArray(dumped: Dumped): NDArray {
  return NDArray.from(Float32Array.from(dumped.data), { shape: dumped.shape });
}

/** The weights a layer's config implies, named as tf.keras 2.7 names them; a Bidirectional's two halves by its wrapped row. */
function weightSpecs(row: { name: string; className: string; inputShape: unknown }, config: Record<string, unknown>, expected: ReadonlyArray<{ name: string; shape: readonly number[] }> | undefined) {
  if (row.className !== "Bidirectional") return (expected ?? []).map((spec) => ({ name: `${row.name}/${spec.name}:0`, shape: spec.shape }));
  const inner = config.layer as { class_name: string; config: Record<string, unknown> };
  const specs = LAYER_KINDS[inner.class_name]!.weights!([row.inputShape as Shape], inner.config);
  const cell = inner.class_name.toLowerCase();
  return ["forward", "backward"].flatMap((side) => specs.map((spec) => ({ name: `${row.name}/${side}_${cell}/${cell}_cell/${spec.name}:0`, shape: spec.shape })));
}

/** A Keras model of `modelConfig` whose every weight is zero, made the way weightscope writes tf.keras 2.7 files. */
export async function zeroKerasModel(modelConfig: Record<string, unknown>): Promise<KerasModel> {
  const keras = await loadKerasReader();
  const summary = inferShapes(modelConfig);
  const configs = new Map(((modelConfig.config as { layers: Array<{ config: Record<string, unknown> }> }).layers).map((l) => [l.config.name as string, l.config]));
  const layers = summary.layers.map((row) => ({
    name: row.name,
    weights: weightSpecs(row, configs.get(row.name) ?? {}, row.expectedWeights).map((spec) => ({ name: spec.name, value: NDArray.from(new Float32Array(spec.shape.reduce((a, b) => a * b, 1)), { shape: [...spec.shape] }) })),
  }));
  return keras.newKerasModel({ modelConfig, kerasVersion: "2.7.0", layers });
}

/** Moves axis `from` to `to` of a row-major array. */
export function moveAxis(array: NDArray, from: number, to: number): NDArray {
  const order = [...array.shape.keys()].filter((d) => d !== (from < 0 ? array.ndim + from : from));
  order.splice(to < 0 ? array.ndim + to + 1 : to, 0, from < 0 ? array.ndim + from : from);
  return array.transpose(order).copy();
}

/** TensorFlow.js layers running the same model_config with the given weights (Keras get_weights() order). */
export async function tfjsPredict(modelConfig: unknown, weights: readonly NDArray[], input: NDArray): Promise<NDArray> {
  const model = await tf.models.modelFromJSON({ modelTopology: modelConfig as tf.io.ModelJSON["modelTopology"] });
  try {
    // A tfjs model lists every trainable weight before the others; its layers list theirs as Keras layers do.
    let next = 0;
    for (const layer of model.layers) {
      const own = weights.slice(next, next + layer.weights.length);
      next += own.length;
      layer.setWeights(own.map((w) => tf.tensor(Array.from(w.astype("float32").data() as Float32Array), [...w.shape])));
    }
    const x = tf.tensor(Array.from(input.astype("float32").data() as Float32Array), [...input.shape]);
    const y = model.predict(x) as tf.Tensor;
    const out = NDArray.from(Float32Array.from(y.dataSync()), { shape: y.shape as number[] });
    tf.dispose([x, y]);
    return out;
  } finally {
    model.dispose();
  }
}

/** The largest absolute difference, after checking the shapes agree. */
export function maxDifference(a: NDArray, b: NDArray): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: (${a.shape.join(", ")}) and (${b.shape.join(", ")})`);
  const x = a.astype("float64").data();
  const y = b.astype("float64").data();
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(Number(x[i]) - Number(y[i])));
  return max;
}

/** Exactly the same values (NaN never appears here). */
export function sameValues(a: NDArray, b: NDArray): boolean {
  return a.shape.join() === b.shape.join() && maxDifference(a, b) === 0;
}

/** A Keras model of `config` with random (non-zero) weights, so that any write would show. */
export async function randomKeras(config: Record<string, unknown>, seed = 1): Promise<KerasModel> {
  const model = await zeroKerasModel(config);
  model.set_weights(model.get_weights().map((w, i) => randomArray([...w.shape], seed * 100 + i)));
  return model;
}

/** Every array of a model, copied, to compare after a refused call. */
export function snapshot(model: TorchModule | KerasModel): NDArray[] {
  if ("get_weights" in model && typeof model.get_weights === "function") return (model as KerasModel).get_weights();
  return [...(model as TorchModule).state_dict().values()].map((t) => (t as Tensor).numpy().copy());
}

export function unchanged(before: NDArray[], after: NDArray[]): boolean {
  return before.length === after.length && before.every((array, i) => sameValues(array, after[i]!));
}

/** The error a transfer throws, checked to be a one-line TransferError. */
export function refusal(run: () => unknown): TransferError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TransferError);
    expect((error as Error).message).not.toContain("\n");
    return error as TransferError;
  }
  throw new Error("the transfer was not refused");
}

/** Checks that `run` throws and that `target` is bit-identical afterwards. */
export function refusedAndUntouched(target: TorchModule | KerasModel, run: () => unknown): TransferError {
  const before = snapshot(target);
  const error = refusal(run);
  expect(unchanged(before, snapshot(target))).toBe(true);
  return error;
}
