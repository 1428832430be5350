// The real Keras fixtures and examples/lenet5.h5 run by predict() equal TensorFlow.js on the same config and weights.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect, it } from "vitest";
import { loadModel, type KerasModel } from "../../../src/keras/index.js";
import { prepareToOpen } from "../../../src/open.js";
import { describeWithSharedFixtures, projectRoot, sharedFixtures } from "../../support/oracle.js";
import { asKeras2 } from "../summary/oracle.js";
import { expectSameOutputs, generator, uniform } from "./oracle.js";

// The Keras 1.2.2 file uses Keras 1 names tfjs cannot read; numpy checks it (numpy.test.ts).
const numpyChecked = new Set(["keras1.2.2_seq_embedding_lstm_tf.h5"]);
const lenet = join(projectRoot, "examples/lenet5.h5");
const fullModels = (): string[] =>
  readdirSync(sharedFixtures)
    .filter((name) => /\.(h5|keras)$/.test(name) && !/weights/.test(name) && !numpyChecked.has(name))
    .map((name) => join(sharedFixtures, name));

describeWithSharedFixtures("predict() on the real Keras files, against TensorFlow.js", () => {
  const models = new Map<string, KerasModel>();
  beforeAll(async () => {
    const paths = [...fullModels(), lenet];
    await prepareToOpen(paths);
    for (const path of paths) models.set(path, await loadModel(path));
  });

  it("covers the full-model fixtures and the example", () => {
    expect(models.size).toBeGreaterThanOrEqual(6);
  });

  for (const path of [...(existsSync(sharedFixtures) ? fullModels() : []), lenet]) {
    it(path.slice(path.lastIndexOf("/") + 1), async () => {
      const model = models.get(path)!;
      const tfjs = await tf.models.modelFromJSON({ modelTopology: asKeras2(model.file.modelConfig) as tf.io.ModelJSON["modelTopology"] });
      // Layer by layer: tfjs's model-wide weight list puts every trainable weight first.
      for (const layer of tfjs.layers) {
        if (layer.weights.length > 0) layer.setWeights(model.get_layer(layer.name).get_weights().map((w) => tf.tensor(Float32Array.from(w.data() as Float32Array), [...w.shape])));
      }
      const random = generator(7);
      const inputs = tfjs.inputs.map((input) => uniform(random, [5, ...(input.shape.slice(1) as number[])]));
      expectSameOutputs(path, model, tfjs, inputs);
      tfjs.dispose();
    });
  }
});
