// Test helpers: a model_config given random weights in both weightscope and TensorFlow.js, and the two forward passes compared.
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { newKerasModel, type KerasModel } from "../../../src/keras/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { asKeras2 } from "../summary/oracle.js";

type Json = Record<string, unknown>;

/** mulberry32: seeded uniform floats in [0, 1), so every run draws the same weights and inputs. */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float32 array of the shape, uniform in [low, high). */
export function uniform(random: () => number, shape: readonly number[], low = -1, high = 1): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  return NDArray.from(Float32Array.from({ length: size }, () => low + (high - low) * random()), { shape: [...shape] });
}

/** Float32 arrays with whole-number values in [0, count), for Embedding inputs. */
export function indices(random: () => number, shape: readonly number[], count: number): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  return NDArray.from(Float32Array.from({ length: size }, () => Math.floor(random() * count)), { shape: [...shape] });
}

const toTf = (array: NDArray): tf.Tensor => tf.tensor(Float32Array.from(array.data() as Float32Array), [...array.shape]);

/**
 * The config built by TensorFlow.js (in the Keras 2 dialect), its weights drawn at random (variances
 * positive), and the same config and weights as a weightscope model of `kerasVersion`.
 */
export async function twinModels(modelConfig: Json, kerasVersion = "2.7.0", seed = 1): Promise<{ model: KerasModel; tfjs: tf.LayersModel }> {
  const random = generator(seed);
  const tfjs = await tf.models.modelFromJSON({ modelTopology: asKeras2(modelConfig) as tf.io.ModelJSON["modelTopology"] });
  const layers = tfjs.layers.map((layer) => {
    const weights = layer.weights.map((variable) => {
      const base = variable.originalName.slice(variable.originalName.lastIndexOf("/") + 1);
      const value = /variance/.test(base) ? uniform(random, variable.shape as number[], 0.5, 1.5) : uniform(random, variable.shape as number[], -0.5, 0.5);
      return { name: `${variable.originalName}:0`, value, base };
    });
    layer.setWeights(weights.map((w) => toTf(w.value)));
    return { name: layer.name, weights: weights.map(({ name, value }) => ({ name, value })) };
  });
  return { model: newKerasModel({ modelConfig, kerasVersion, layers }), tfjs };
}

/** TensorFlow.js's outputs for the inputs, as flat float32 arrays with their shapes. */
export function tfjsPredict(tfjs: tf.LayersModel, inputs: readonly NDArray[]): Array<{ data: Float32Array; shape: number[] }> {
  const result = tfjs.predict(inputs.length === 1 ? toTf(inputs[0]!) : inputs.map(toTf));
  return (Array.isArray(result) ? result : [result]).map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape as number[] }));
}

/** The largest difference, scaled by the size of the expected value when that is above 1. */
export function maxDifference(got: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  return worst;
}

/** weightscope's predict equals TensorFlow.js's on the inputs, within 1e-5, output by output. */
export function expectSameOutputs(label: string, model: KerasModel, tfjs: tf.LayersModel, inputs: readonly NDArray[]): void {
  const ours = model.predict(inputs.length === 1 ? inputs[0] : [...inputs]) as NDArray | NDArray[];
  const got = Array.isArray(ours) ? ours : [ours];
  const expected = tfjsPredict(tfjs, inputs);
  expect([label, got.length]).toEqual([label, expected.length]);
  got.forEach((array, i) => {
    expect([label, i, [...array.shape]]).toEqual([label, i, expected[i]!.shape]);
    expect([label, i, array.dtypeName]).toEqual([label, i, "float32"]);
    const difference = maxDifference(array.data() as Float32Array, expected[i]!.data);
    expect([label, i, difference <= 1e-5 ? "within 1e-5" : difference]).toEqual([label, i, "within 1e-5"]);
  });
}

/** A tf.keras 2.7 Sequential config: an InputLayer of the case's shape, then its layers, each named by its position. */
export function sequentialConfig(inputShape: readonly number[], layers: ReadonlyArray<readonly [string, Json]>, inputDtype = "float32"): Json {
  return {
    class_name: "Sequential",
    config: {
      name: "sequential",
      layers: [
        { class_name: "InputLayer", config: { batch_input_shape: [null, ...inputShape], dtype: inputDtype, sparse: false, ragged: false, name: "input" } },
        ...layers.map(([class_name, config], i) => ({ class_name, config: { name: `${class_name.toLowerCase()}_${i}`, trainable: true, dtype: "float32", ...config } })),
      ],
    },
  };
}
