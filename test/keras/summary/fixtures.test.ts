// Every real Keras fixture with a model_config: counts equal the file's weights, shapes equal TensorFlow.js's.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { KerasFile } from "../../../src/keras/index.js";
import { formatSummary, inferShapes, type OutputShape, type WeightShapes } from "../../../src/keras/summary/index.js";
import { prepareToOpen } from "../../../src/open.js";
import { describeWithSharedFixtures, sharedFixtures } from "../../support/oracle.js";
import { asKeras2, tfjsLayers } from "./oracle.js";

const kerasFixtures = () => readdirSync(sharedFixtures).filter((name) => /\.(h5|keras)$/.test(name));
const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

// The Keras 1.2.2 config uses Keras 1 names tfjs cannot read; its shapes are derived by hand from the
// config: 10 token ids embedded in 5 dimensions, an LSTM of 6 units returning sequences.
const HAND_DERIVED: Record<string, Record<string, OutputShape>> = {
  "keras1.2.2_seq_embedding_lstm_tf.h5": { embedding_1: [null, 10, 5], lstm_1: [null, 10, 6] },
};

describeWithSharedFixtures("shape inference on the real Keras fixtures", () => {
  const files = new Map<string, KerasFile>();
  beforeAll(async () => {
    const paths = kerasFixtures().map((name) => join(sharedFixtures, name));
    await prepareToOpen(paths);
    const { readKerasFile } = await import("../../../src/keras/index.js");
    for (const path of paths) {
      const file = readKerasFile(path);
      if (file.modelConfig !== undefined) files.set(path.slice(sharedFixtures.length + 1), file);
    }
  });

  it("finds the fixtures with a model config", () => {
    expect([...files.keys()].sort()).toEqual(
      kerasFixtures().filter((name) => !/weights/.test(name)).sort(),
    );
  });

  it("counts each layer's parameters as the sizes of its weights in the file", () => {
    for (const [name, file] of files) {
      // No weight shapes are passed in: every count must come from the config alone.
      const summary = inferShapes(file.modelConfig);
      const stored = new Map(file.layers.map((layer) => [layer.name, layer.weights]));
      for (const layer of summary.layers) {
        const weights = stored.get(layer.name) ?? [];
        const frozen = weights.filter((w) => /moving_|running_/.test(w.name));
        expect({ file: name, layer: layer.name, problem: layer.problem }).toEqual({ file: name, layer: layer.name, problem: undefined });
        expect([name, layer.name, layer.params]).toEqual([name, layer.name, weights.reduce((n, w) => n + size(w.tensor.shape), 0)]);
        expect([name, layer.name, layer.params - layer.trainableParams]).toEqual([name, layer.name, frozen.reduce((n, w) => n + size(w.tensor.shape), 0)]);
      }
      const everyWeight = file.layers.flatMap((layer) => layer.weights).reduce((n, w) => n + size(w.tensor.shape), 0);
      expect([name, summary.totalParams]).toEqual([name, everyWeight]);
    }
  });

  it("gives the output shapes TensorFlow.js computes for the same config", async () => {
    let compared = 0;
    for (const [name, file] of files) {
      const summary = inferShapes(file.modelConfig);
      if (HAND_DERIVED[name]) {
        expect(Object.fromEntries(summary.layers.map((l) => [l.name, l.outputShape]))).toEqual(HAND_DERIVED[name]);
        continue;
      }
      const oracle = await tfjsLayers(asKeras2(file.modelConfig));
      for (const layer of summary.layers) {
        const expected = oracle.get(layer.name);
        // A functional InputLayer prints its shape as a one-item list, as tf.keras does.
        const shown = layer.className === "InputLayer" && summary.className !== "Sequential" ? (layer.outputShape as unknown[])[0] : layer.outputShape;
        expect([name, layer.name, shown, layer.params]).toEqual([name, layer.name, expected?.outputShape, expected?.params]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });

  it("never fails on a layer setting of the wrong type: each one spoiled in turn gives `?` or a count", () => {
    let spoiled = 0;
    for (const file of files.values()) {
      const config = file.modelConfig as { config: unknown };
      const layers = (Array.isArray(config.config) ? config.config : (config.config as { layers: unknown[] }).layers) as Array<{ config: Record<string, unknown> }>;
      for (const layer of layers) {
        for (const key of Object.keys(layer.config)) {
          for (const junk of ["junk", null, [], { a: 1 }, -3]) {
            const saved = layer.config[key];
            layer.config[key] = junk;
            const text = formatSummary(inferShapes(config));
            layer.config[key] = saved;
            expect(text).toMatch(/^Model: /);
            spoiled += 1;
          }
        }
      }
    }
    expect(spoiled).toBeGreaterThan(1000);
  });

  it("falls back to the file's weights for a layer class it does not know", () => {
    const file = files.get("keras2.3.1_func_dense_batchnorm.h5")!;
    const config = JSON.parse(JSON.stringify(file.modelConfig).replaceAll('"class_name": "Dense"', '"class_name": "QDense"').replaceAll('"class_name":"Dense"', '"class_name":"QDense"'));
    const weights: WeightShapes = new Map(file.layers.map((layer) => [layer.name, layer.weights.map((w) => w.tensor.shape)]));
    const summary = inferShapes(config, weights);
    const fc1 = summary.layers.find((l) => l.name === "fc1_relu")!;
    expect(fc1).toMatchObject({ className: "QDense", outputShape: "?", params: 16 * 64 + 64, trainableParams: 16 * 64 + 64 });
    expect(fc1.problem).toMatch(/QDense is not a layer class/);
    // Downstream of an unknown shape, shapes are unknown too, and counts still come from the weights.
    expect(summary.layers.find((l) => l.name === "bn1")).toMatchObject({ outputShape: "?", params: 4 * 64 });
    expect(summary.totalParams).toBe(inferShapes(file.modelConfig).totalParams);
  });
});
