// Layers TensorFlow.js lacks or runs unlike Keras, and the Keras 1 fixture: predict() against numpy (numpy_oracle.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { loadModel, newKerasModel } from "../../../src/keras/index.js";
import { prepareToOpen } from "../../../src/open.js";
import type { NDArray } from "../../../src/tensor/index.js";
import { describeWithTorch, projectRoot, referencePython, sharedFixtures } from "../../support/oracle.js";
import { generator, indices, maxDifference, sequentialConfig, uniform } from "./oracle.js";

type Json = Record<string, unknown>;
const oracleScript = readFileSync(join(projectRoot, "test/keras/forward/numpy_oracle.py"), "utf8");

const flat = (array: NDArray) => ({ shape: [...array.shape], data: Array.from(array.data() as Float32Array) });

/** numpy's outputs for each case (reference Python with numpy and h5py). */
function numpyOutputs(cases: Json[]): Array<{ shape: number[]; data: number[] }> {
  const run = spawnSync(referencePython, ["-c", oracleScript], { input: JSON.stringify(cases), encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`numpy oracle failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Array<{ shape: number[]; data: number[] }>;
}

interface Case {
  readonly name: string;
  readonly input: readonly number[];
  /** Class, config, and the weights' shapes by name, in Keras's order. */
  readonly layers: ReadonlyArray<readonly [string, Json, Record<string, number[]>?]>;
  readonly kerasVersion?: string;
}

const conv1d = (extra: Json): Json => ({ filters: 4, kernel_size: [3], strides: [1], padding: "valid", data_format: "channels_last", dilation_rate: [1], groups: 1, activation: "linear", use_bias: true, ...extra });

const cases: Case[] = [
  { name: "BatchNormalization over axis 1 (tfjs broadcasts it wrongly)", input: [3, 5], layers: [["BatchNormalization", { axis: 1, epsilon: 0.01, center: true, scale: true }, { gamma: [3], beta: [3], moving_mean: [3], moving_variance: [3] }]] },
  { name: "ELU with alpha 0.7, ReLU with threshold, slope and cap, Softmax over axis 1", input: [4, 3], layers: [["ELU", { alpha: 0.7 }], ["ReLU", { max_value: 0.5, negative_slope: 0.1, threshold: -0.3 }], ["Softmax", { axis: 1 }]] },
  { name: "Conv1D causal and dilated", input: [9, 2], layers: [["Conv1D", conv1d({ padding: "causal", dilation_rate: [2] }), { kernel: [3, 2, 4], bias: [4] }]] },
  ...[7, 8].map((size): Case => ({ name: `Conv1D with groups=2, 'same' stride 2, length ${size}`, input: [size, 4], layers: [["Conv1D", conv1d({ padding: "same", strides: [2], groups: 2 }), { kernel: [3, 2, 4], bias: [4] }]] })),
  ...[7, 8].map((size): Case => ({
    name: `Conv2D with groups=3, 'same' stride 2, ${size}x${size}`,
    input: [size, size, 6],
    layers: [["Conv2D", { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 3, activation: "linear", use_bias: true }, { kernel: [3, 3, 2, 3], bias: [3] }]],
  })),
  ...["same", "valid"].flatMap((padding) =>
    [5, 6].map((size): Case => ({
      name: `Conv1DTranspose '${padding}' kernel 3 stride 2, length ${size}`,
      input: [size, 3],
      layers: [["Conv1DTranspose", { filters: 2, kernel_size: [3], strides: [2], padding, output_padding: null, data_format: "channels_last", dilation_rate: [1], activation: "linear", use_bias: true }, { kernel: [3, 2, 3], bias: [2] }]],
    })),
  ),
  {
    name: "GRU with reset_after (two biases), returning sequences",
    input: [5, 3],
    layers: [["GRU", { units: 4, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true, return_sequences: true, reset_after: true }, { kernel: [3, 12], recurrent_kernel: [4, 12], bias: [2, 12] }]],
  },
  { name: "hard_sigmoid in Keras 2 (0.2x + 0.5)", input: [12], layers: [["Activation", { activation: "hard_sigmoid" }]] },
  { name: "hard_sigmoid in Keras 3 (x/6 + 0.5), leaky_relu, exponential", input: [12], kerasVersion: "3.1.0", layers: [["Activation", { activation: "hard_sigmoid" }], ["Activation", { activation: "leaky_relu" }], ["Activation", { activation: "exponential" }]] },
  {
    name: "ZeroPadding1D, UpSampling1D, Cropping1D",
    input: [4, 2],
    layers: [["ZeroPadding1D", { padding: [1, 2] }], ["UpSampling1D", { size: 3 }], ["Cropping1D", { cropping: [2, 1] }]],
  },
];

describeWithTorch("predict() against numpy, for what TensorFlow.js cannot check", () => {
  it("runs each case as numpy computes it, within 1e-5", () => {
    const random = generator(99);
    const runs = cases.map((c) => {
      const config = sequentialConfig(c.input, c.layers.map(([className, config]) => [className, config] as const));
      const layerNames = (config.config as { layers: Array<{ config: { name: string } }> }).layers.slice(1).map((l) => l.config.name);
      const layers = c.layers.map(([, , shapes], i) => ({
        name: layerNames[i]!,
        weights: Object.entries(shapes ?? {}).map(([name, shape]) => ({ name: `${layerNames[i]}/${name}:0`, value: /variance/.test(name) ? uniform(random, shape, 0.5, 1.5) : uniform(random, shape, -0.5, 0.5) })),
      }));
      const model = newKerasModel({ modelConfig: config, kerasVersion: c.kerasVersion ?? "2.7.0", layers });
      const x = uniform(random, [3, ...c.input], -2, 2);
      const got = model.predict(x) as NDArray;
      const oracleCase = {
        keras3: (c.kerasVersion ?? "2").startsWith("3"),
        input: flat(x),
        layers: c.layers.map(([className, layerConfig], i) => ({ class_name: className, config: layerConfig, weights: Object.fromEntries(layers[i]!.weights.map((w) => [w.name.split("/")[1]!.replace(":0", ""), flat(w.value)])) })),
      };
      return { name: c.name, got, oracleCase };
    });
    const expected = numpyOutputs(runs.map((r) => r.oracleCase));
    runs.forEach(({ name, got }, i) => {
      expect([name, [...got.shape]]).toEqual([name, expected[i]!.shape]);
      const difference = maxDifference(got.data() as Float32Array, expected[i]!.data);
      expect([name, difference <= 1e-5 ? "within 1e-5" : difference]).toEqual([name, "within 1e-5"]);
    });
  });

  it("runs the Keras 1.2.2 Embedding + LSTM fixture (per-gate weights, hard_sigmoid gates) as numpy does from h5py's arrays", async () => {
    const path = join(sharedFixtures, "keras1.2.2_seq_embedding_lstm_tf.h5");
    await prepareToOpen([path]);
    const model = await loadModel(path);
    const x = indices(generator(5), [4, 10], 4);
    const got = model.predict(x) as NDArray;
    const [expected] = numpyOutputs([{ fixture: path, input: flat(x) }]);
    expect([...got.shape]).toEqual(expected!.shape);
    expect(maxDifference(got.data() as Float32Array, expected!.data)).toBeLessThanOrEqual(1e-5);
  });
});
