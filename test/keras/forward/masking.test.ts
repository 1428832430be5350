// Masking and Embedding(mask_zero) before recurrent layers, directly and through layers that pass the mask on: predict() equals TensorFlow.js on steps masked at the end, in the middle and at the start.
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadModel, newKerasModel } from "../../../src/keras/index.js";
import { saveModel } from "../../../src/keras/write/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { ensureDir, generatedDir } from "../../support/oracle.js";
import { expectSameOutputs, generator, maxDifference, sequentialConfig, tfjsPredict, twinModels, uniform } from "./oracle.js";

type Json = Record<string, unknown>;

const steps = 6;
const features = 3;
/** Per sample, the steps set to the mask value: two at the end, one in the middle, none, the first, all but one. */
const maskedSteps: ReadonlyArray<readonly number[]> = [[4, 5], [2], [], [0], [0, 1, 2, 4, 5]];

/** Random (samples, steps, features) input whose masked steps hold `value` in every feature. */
function maskedInput(seed: number, value = 0): NDArray {
  const data = uniform(generator(seed), [maskedSteps.length, steps, features]).data() as Float32Array;
  maskedSteps.forEach((list, n) => list.forEach((t) => data.fill(value, (n * steps + t) * features, (n * steps + t + 1) * features)));
  return NDArray.from(data, { shape: [maskedSteps.length, steps, features] });
}

const rnn = (units: number, extra: Json = {}): Json => ({ units, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, ...extra });
const masking = (value = 0): readonly [string, Json] => ["Masking", { mask_value: value }];

const cases: ReadonlyArray<{ name: string; layers: ReadonlyArray<readonly [string, Json]>; value?: number }> = [
  { name: "Masking into an LSTM (last output)", layers: [masking(), ["LSTM", rnn(4)]] },
  { name: "Masking into a GRU returning sequences", layers: [masking(), ["GRU", rnn(3, { reset_after: false, return_sequences: true })]] },
  { name: "Masking into a SimpleRNN going backwards", layers: [masking(), ["SimpleRNN", rnn(4, { go_backwards: true, return_sequences: true })]] },
  { name: "Masking with mask_value -1 into an LSTM", value: -1, layers: [masking(-1), ["LSTM", rnn(4)]] },
  { name: "the mask through Dense and Dropout into an LSTM", layers: [masking(), ["Dense", { units: 5, activation: "relu", use_bias: true }], ["Dropout", { rate: 0.5 }], ["LSTM", rnn(3)]] },
  { name: "the mask from one LSTM's sequences into a second LSTM", layers: [masking(), ["LSTM", rnn(4, { return_sequences: true })], ["LSTM", rnn(2)]] },
  { name: "Masking into Bidirectional LSTM (last outputs)", layers: [masking(), ["Bidirectional", { layer: { class_name: "LSTM", config: { name: "lstm", trainable: true, dtype: "float32", ...rnn(3) } }, merge_mode: "concat" }]] },
  { name: "no masked step left after a last-output LSTM: Dense after it", layers: [masking(), ["LSTM", rnn(4)], ["Dense", { units: 2, activation: "linear", use_bias: true }]] },
];

describe("masked steps in recurrent layers, against TensorFlow.js", () => {
  for (const [index, c] of cases.entries()) {
    it(c.name, async () => {
      const { model, tfjs } = await twinModels(sequentialConfig([steps, features], c.layers), "2.7.0", 110 + index);
      expectSameOutputs(c.name, model, tfjs, [maskedInput(1100 + index, c.value ?? 0)]);
      tfjs.dispose();
    });
  }

  it("Embedding with mask_zero: index 0 masks its step", async () => {
    const layers: ReadonlyArray<readonly [string, Json]> = [["Embedding", { input_dim: 7, output_dim: 4, mask_zero: true, input_length: steps }], ["GRU", rnn(3, { reset_after: false })]];
    const { model, tfjs } = await twinModels(sequentialConfig([steps], layers, "int32"), "2.7.0", 130);
    const random = generator(1300);
    const ids = Float32Array.from({ length: maskedSteps.length * steps }, (_, i) => (maskedSteps[Math.floor(i / steps)]!.includes(i % steps) ? 0 : 1 + Math.floor(random() * 6)));
    expectSameOutputs("mask_zero", model, tfjs, [NDArray.from(ids, { shape: [maskedSteps.length, steps] })]);
    tfjs.dispose();
  });

  it("Bidirectional returning sequences outputs zeros at masked steps (Keras's zero_output_for_mask), tfjs's values elsewhere", async () => {
    const spec = { class_name: "LSTM", config: { name: "lstm", trainable: true, dtype: "float32", ...rnn(3, { return_sequences: true }) } };
    const { model, tfjs } = await twinModels(sequentialConfig([steps, features], [masking(), ["Bidirectional", { layer: spec, merge_mode: "concat" }]]), "2.7.0", 131);
    const x = maskedInput(1310);
    // tfjs carries the previous output through a masked step; Keras's Bidirectional outputs zeros there.
    const [expected] = tfjsPredict(tfjs, [x]);
    maskedSteps.forEach((list, n) => list.forEach((t) => expected!.data.fill(0, (n * steps + t) * 6, (n * steps + t + 1) * 6)));
    const got = model.predict(x) as NDArray;
    expect([...got.shape]).toEqual(expected!.shape);
    expect(maxDifference(got.data() as Float32Array, expected!.data)).toBeLessThanOrEqual(1e-5);
    tfjs.dispose();
  });

  it("a functional graph: the masks of two branches joined by Add reach the LSTM", async () => {
    const layer = (name: string, className: string, config: Json, from: string[]): Json => ({ name, class_name: className, config: { name, trainable: true, dtype: "float32", ...config }, inbound_nodes: [from.map((f) => [f, 0, 0, {}])] });
    const config = {
      class_name: "Functional",
      config: {
        name: "model",
        layers: [
          { name: "x", class_name: "InputLayer", config: { batch_input_shape: [null, steps, features], dtype: "float32", sparse: false, ragged: false, name: "x" }, inbound_nodes: [] },
          layer("mask", "Masking", { mask_value: 0 }, ["x"]),
          layer("a", "Dense", { units: 4, activation: "tanh", use_bias: true }, ["mask"]),
          layer("b", "Dense", { units: 4, activation: "relu", use_bias: true }, ["mask"]),
          layer("add", "Add", {}, ["a", "b"]),
          layer("lstm", "LSTM", rnn(3, { return_sequences: true }), ["add"]),
        ],
        input_layers: [["x", 0, 0]],
        output_layers: [["lstm", 0, 0]],
      },
    };
    const { model, tfjs } = await twinModels(config, "2.7.0", 132);
    const x = maskedInput(1320);
    // tfjs's Add cannot join masks, so its layers run one by one here and the LSTM is handed the Masking layer's mask.
    const expected = tf.tidy(() => {
      const input = tf.tensor(x.data() as Float32Array, [...x.shape]);
      const masked = tfjs.getLayer("mask").apply(input) as tf.Tensor;
      const sum = tfjs.getLayer("add").apply([tfjs.getLayer("a").apply(masked) as tf.Tensor, tfjs.getLayer("b").apply(masked) as tf.Tensor]) as tf.Tensor;
      const out = tfjs.getLayer("lstm").apply(sum, { mask: tf.any(tf.notEqual(input, 0), -1) }) as tf.Tensor;
      return { data: out.dataSync() as Float32Array, shape: out.shape };
    });
    const got = model.predict(x) as NDArray;
    expect([...got.shape]).toEqual(expected.shape);
    expect(maxDifference(got.data() as Float32Array, expected.data)).toBeLessThanOrEqual(1e-5);
    tfjs.dispose();
  });

  it("predicts the same after a save to .h5 and a load", async () => {
    const { model, tfjs } = await twinModels(sequentialConfig([steps, features], [masking(), ["LSTM", rnn(4, { return_sequences: true })]]), "2.7.0", 133);
    const path = join(ensureDir(join(generatedDir, "keras-forward")), "masking-lstm.h5");
    saveModel(model, path);
    expectSameOutputs("saved", loadModel(path), tfjs, [maskedInput(1330)]);
    tfjs.dispose();
  });

  it("refuses a mask reaching a layer that would use it in a way weightscope does not run, in one line", () => {
    const model = newKerasModel({ modelConfig: sequentialConfig([steps, features], [masking(), ["GlobalAveragePooling1D", { data_format: "channels_last" }]]), kerasVersion: "2.7.0", layers: [] });
    expect(() => model.predict(maskedInput(1340))).toThrow(
      '<memory>: layer "globalaveragepooling1d_1" (GlobalAveragePooling1D): weightscope does not run GlobalAveragePooling1D on a masked input (the mask comes from a Masking layer or an Embedding with mask_zero upstream)',
    );
  });

  it("refuses a mask reaching a nested model, in one line", () => {
    const nested: readonly [string, Json] = ["Sequential", { name: "block", layers: [{ class_name: "LSTM", config: { name: "inner", trainable: true, dtype: "float32", ...rnn(2) } }] }];
    const model = newKerasModel({ modelConfig: sequentialConfig([steps, features], [masking(), nested]), kerasVersion: "2.7.0", layers: [] });
    expect(() => model.predict(maskedInput(1360))).toThrow('<memory>: layer "block" (Sequential): weightscope does not carry a mask into a nested model');
  });

  it("drops the mask at a layer without mask support, as Keras does: Conv1D then LSTM sees every step", async () => {
    const conv: readonly [string, Json] = ["Conv1D", { filters: 3, kernel_size: [1], strides: [1], padding: "valid", data_format: "channels_last", dilation_rate: [1], activation: "linear", use_bias: true }];
    const { model, tfjs } = await twinModels(sequentialConfig([steps, features], [conv, ["LSTM", rnn(2)]]), "2.7.0", 135);
    const masked = newKerasModel({
      modelConfig: sequentialConfig([steps, features], [masking(), conv, ["LSTM", rnn(2)]]),
      kerasVersion: "2.7.0",
      layers: model.layers.map((l) => ({ name: l.name.replace(/_(\d+)$/, (_, i: string) => `_${Number(i) + 1}`), weights: l.weights.map((w) => ({ name: w.name.replace(/_(\d+)\//, (_, i: string) => `_${Number(i) + 1}/`), value: w.value })) })),
    });
    // The Masking layer still zeroes its steps; only the mask stops at Conv1D.
    expectSameOutputs("dropped", masked, tfjs, [maskedInput(1350)]);
    tfjs.dispose();
  });
});
