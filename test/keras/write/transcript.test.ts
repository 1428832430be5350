// The issue's Keras transcript at the prompt, on examples/lenet5.h5 (written by weightscope) and a real tf.keras 2.7 file: every answer checked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadKerasReader } from "../../../src/keras/on-demand.js";
import { startSession, withoutAddresses } from "../../repl/session.js";
import { describeWithSharedFixtures, describeWithTorch, projectRoot, runPython, sharedFixtures } from "../../support/oracle.js";
import { tfjsLayers } from "../summary/oracle.js";

interface Oracle {
  config: unknown;
  names: string[];
  shapes: string[];
  get_weights: string;
  weights: string;
  sizes: Record<string, number>;
}

/**
 * tf.keras 2.7's module for each layer class of these models (keras/layers/convolutional.py, pooling.py,
 * core.py before Keras 2.9 split them into packages).
 */
const classPaths: Record<string, string> = {
  Conv2D: "keras.layers.convolutional.Conv2D",
  AveragePooling2D: "keras.layers.pooling.AveragePooling2D",
  Flatten: "keras.layers.core.Flatten",
  Dense: "keras.layers.core.Dense",
};

/** The public members of a tf.keras 2.7 Model whose names contain "weight" (Python's dir() also lists private ones). */
const kerasWeightMembers = ["add_weight", "get_weights", "load_weights", "non_trainable_weights", "save_weights", "set_weights", "trainable_weights", "weights"];

const script = readFileSync(new URL("./transcript_oracle.py", import.meta.url), "utf8");
const files = [join(projectRoot, "examples/lenet5.h5"), join(sharedFixtures, "tfkeras2.7.0_seq_lenet5_avgpool.h5")];

describeWithSharedFixtures("the Keras transcript at the prompt", () => {
  describeWithTorch("(h5py and numpy give the expected answers)", () => {
    for (const file of files) {
      const name = file.slice(file.lastIndexOf("/") + 1);
      let oracle: Oracle;
      let answers: Map<string, string>;

      beforeAll(async () => {
        oracle = JSON.parse(runPython(script, [file])) as Oracle;
        const session = await startSession({ files: [] });
        await session.send(`keras_model = tf.keras.models.load_model(${JSON.stringify(file)})`);
        await loadKerasReader();
        answers = new Map();
        for (const line of [
          "type(keras_model)",
          'dir(keras_model).filter(n => n.includes("weight"))',
          "keras_model.get_weights()",
          "keras_model.weights",
          "keras_model.layers",
          "keras_model.layers.map(l => l.name)",
          "keras_model.get_weights().map(a => a.shape)",
          "keras_model.summary()",
        ]) {
          answers.set(line, await session.send(line));
        }
        await session.end();
      });

      it(`${name}: type is tf.keras 2.7's Sequential`, () => {
        expect(answers.get("type(keras_model)")).toBe("<class 'keras.engine.sequential.Sequential'>\n");
      });

      it(`${name}: dir() lists Keras's public weight members`, () => {
        const listed = answers.get('dir(keras_model).filter(n => n.includes("weight"))')!;
        const names = [...listed.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
        expect(names.every((n) => kerasWeightMembers.includes(n))).toBe(true);
        // add_weight creates a variable on a live model; a model read from a file has no use for it.
        expect(names).toEqual(kerasWeightMembers.filter((n) => n !== "add_weight"));
      });

      it(`${name}: get_weights() and weights print as numpy and TensorFlow print them`, () => {
        expect(answers.get("keras_model.get_weights()")).toBe(`${oracle.get_weights}\n`);
        expect(answers.get("keras_model.weights")).toBe(`${oracle.weights}\n`);
      });

      it(`${name}: layers, their names and the weight shapes`, () => {
        const configs = (oracle.config as { config: { layers: Array<{ class_name: string }> } }).config.layers.filter((l) => l.class_name !== "InputLayer");
        expect(withoutAddresses(answers.get("keras_model.layers")!)).toBe(`[${configs.map((l) => `<${classPaths[l.class_name]} object>`).join(", ")}]\n`);
        expect(answers.get("keras_model.layers.map(l => l.name)")).toBe(`[${oracle.names.map((n) => `'${n}'`).join(", ")}]\n`);
        expect(answers.get("keras_model.get_weights().map(a => a.shape)")).toBe(`[${oracle.shapes.join(", ")}]\n`);
      });

      it(`${name}: summary() shows TensorFlow.js's output shapes and the file's parameter counts`, async () => {
        const text = answers.get("keras_model.summary()")!;
        const shapes = await tfjsLayers(oracle.config);
        // A row starts with the layer's name and its class (which Keras cuts short when the column is full).
        const rows = text.split("\n").filter((line) => /^\s*\w+ \(\w+/.test(line) && !line.includes("Layer (type)"));
        expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual(oracle.names);
        for (const row of rows) {
          const layer = row.trim().split(/\s+/)[0]!;
          const shape = shapes.get(layer)!.outputShape as (number | null)[];
          expect(row).toContain(`(${shape.map((d) => (d === null ? "None" : d)).join(", ")})`);
          expect(row.trim().split(/\s+/).at(-1)).toBe(String(oracle.sizes[layer]));
        }
        const total = Object.values(oracle.sizes).reduce((a, b) => a + b, 0);
        expect(text).toContain(`Total params: ${total.toLocaleString("en-US")}`);
        expect(text).toMatch(/^Model: "sequential(_\d+)?"/);
      });
    }
  });
});
