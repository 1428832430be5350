// LayerNormalization over one axis or several (trailing or not, listed in any order): predict() equals TensorFlow.js, in memory and after a save.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../../src/keras/index.js";
import { saveModel } from "../../../src/keras/write/index.js";
import { ensureDir, generatedDir } from "../../support/oracle.js";
import { expectSameOutputs, generator, sequentialConfig, twinModels, uniform } from "./oracle.js";

const layerNorm = (axis: number | number[], extra: Record<string, unknown> = {}): readonly [string, Record<string, unknown>] => ["LayerNormalization", { axis, epsilon: 0.001, center: true, scale: true, ...extra }];

const cases: ReadonlyArray<{ name: string; input: number[]; axis: number | number[]; extra?: Record<string, unknown> }> = [
  { name: "the last two axes of (4, 5, 3)", input: [4, 5, 3], axis: [2, 3] },
  { name: "the last two axes, negative, of (6, 4)", input: [6, 4], axis: [-2, -1] },
  { name: "every axis of (2, 3, 4), listed out of order", input: [2, 3, 4], axis: [3, 1, 2] },
  { name: "the first two axes of (3, 4, 2), not the last", input: [3, 4, 2], axis: [1, 2] },
  { name: "the middle axis of (3, 4, 2)", input: [3, 4, 2], axis: [2] },
  { name: "the time axis of (5, 3), without center", input: [5, 3], axis: 1, extra: { center: false } },
  { name: "axes 1 and 3 of (3, 2, 4), without scale", input: [3, 2, 4], axis: [1, 3], extra: { scale: false, epsilon: 1e-5 } },
];

describe("LayerNormalization over several axes, against TensorFlow.js", () => {
  for (const [index, c] of cases.entries()) {
    it(c.name, async () => {
      const { model, tfjs } = await twinModels(sequentialConfig(c.input, [layerNorm(c.axis, c.extra)]), "2.7.0", 40 + index);
      const random = generator(400 + index);
      for (const batch of [3, 1]) expectSameOutputs(`${c.name}, batch ${batch}`, model, tfjs, [uniform(random, [batch, ...c.input], -2, 2)]);
      tfjs.dispose();
    });
  }

  it("gives gamma and beta one dim per axis, in the config's order", async () => {
    const { model } = await twinModels(sequentialConfig([2, 3, 4], [layerNorm([3, 1])]), "2.7.0", 50);
    expect(model.layers[0]!.weights.map((w) => [...w.shape])).toEqual([
      [4, 2],
      [4, 2],
    ]);
  });

  it("loads and predicts after a save to .h5", async () => {
    const { model, tfjs } = await twinModels(sequentialConfig([4, 5, 3], [layerNorm([1, 2]), ["Dense", { units: 2, activation: "linear", use_bias: true }]]), "2.7.0", 51);
    const path = join(ensureDir(join(generatedDir, "keras-forward")), "layer-norm-axes.h5");
    saveModel(model, path);
    const loaded = loadModel(path);
    expect(loaded.layers[0]!.weights.map((w) => [...w.shape])).toEqual([
      [4, 5],
      [4, 5],
    ]);
    expectSameOutputs("saved", loaded, tfjs, [uniform(generator(52), [2, 4, 5, 3])]);
    tfjs.dispose();
  });
});
