// The Keras object model on the real fixtures: layers, weights and counts against h5py, class paths per version, set_weights checks.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KerasModel, loadModel, loadWeightsFile } from "../../../src/keras/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { dir, getmembers, helpText, isinstance, pyRepr, type } from "../../../src/python/index.js";
import { describeWithSharedFixtures, projectRoot, runPython, sharedFixtures } from "../../support/oracle.js";
import { readFileSync } from "node:fs";

interface OracleWeight {
  layer: string;
  name: string;
  shape: number[];
  sha256: string;
  repr: string;
}

const oracleScript = readFileSync(join(projectRoot, "test/keras/model/oracle.py"), "utf8");

function oracle(file: string): { class_name: string; layers: string[]; weights: OracleWeight[] } {
  return JSON.parse(runPython(oracleScript, [join(sharedFixtures, file)])) as ReturnType<typeof oracle>;
}

const digest = (array: NDArray): string => createHash("sha256").update(array.toBytesLE()).digest("hex");

/** Every full-model fixture, with the class paths `type()` showed in the Keras that wrote it. */
const fixtures: ReadonlyArray<{ file: string; model: string; firstWeighted: string }> = [
  { file: "keras1.2.2_seq_embedding_lstm_tf.h5", model: "keras.models.Sequential", firstWeighted: "keras.layers.embeddings.Embedding" },
  { file: "keras2.0.8_seq_lenet5_named_layers.h5", model: "keras.models.Sequential", firstWeighted: "keras.layers.convolutional.Conv2D" },
  { file: "tfkeras2.2.4-tf_func_depthwise_conv2d.h5", model: "tensorflow.python.keras.engine.training.Model", firstWeighted: "tensorflow.python.keras.layers.convolutional.DepthwiseConv2D" },
  { file: "keras2.3.1_func_dense_batchnorm.h5", model: "keras.engine.training.Model", firstWeighted: "keras.layers.core.Dense" },
  { file: "tfkeras2.7.0_seq_lenet5_avgpool.h5", model: "keras.engine.sequential.Sequential", firstWeighted: "keras.layers.convolutional.Conv2D" },
  { file: "keras3.8.0_legacy_h5_seq_lenet5.h5", model: "keras.src.models.sequential.Sequential", firstWeighted: "keras.src.layers.convolutional.conv2d.Conv2D" },
  { file: "keras3.15.1_seq_cnn_mnist.keras", model: "keras.src.models.sequential.Sequential", firstWeighted: "keras.src.layers.convolutional.conv2d.Conv2D" },
];

async function loaded(file: string): Promise<KerasModel> {
  return loadModel(join(sharedFixtures, file));
}

describeWithSharedFixtures("keras.models.load_model on every real full-model file", () => {
  for (const { file, model: modelPath, firstWeighted } of fixtures) {
    describe(file, () => {
      const expected = oracle(file);

      it("lists the layers h5py finds, in model order", async () => {
        const model = await loaded(file);
        expect(model.layers.map((layer) => layer.name)).toEqual(expected.layers);
      });

      it("get_weights() gives h5py's arrays, layer by layer, and count_params() their total size", async () => {
        const model = await loaded(file);
        const arrays = model.get_weights();
        expect(arrays.map((a) => [...a.shape])).toEqual(expected.weights.map((w) => w.shape));
        expect(arrays.map(digest)).toEqual(expected.weights.map((w) => w.sha256));
        expect(model.count_params()).toBe(expected.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0));
      });

      it(`type() is ${modelPath}, and the first weighted layer ${firstWeighted}`, async () => {
        const model = await loaded(file);
        expect(String(type(model))).toBe(`<class '${modelPath}'>`);
        const layer = model.layers.find((l) => l.weights.length > 0)!;
        expect(String(type(layer))).toBe(`<class '${firstWeighted}'>`);
        expect(pyRepr(model)).toBe(`<${modelPath} object>`);
      });

      it("set_weights() round-trips and refuses a wrong count or shape with Keras's words", async () => {
        const model = await loaded(file);
        const doubled = model.get_weights().map((a) => NDArray.from((a.flatten().tolist() as number[]).map((x) => x * 2), { dtype: a.dtypeName, shape: [...a.shape] }));
        model.set_weights(doubled);
        expect(model.get_weights().map(digest)).toEqual(doubled.map(digest));
        const weights = model.get_weights();
        expect(() => model.set_weights(weights.slice(1))).toThrow(
          `You called \`set_weights(weights)\` on layer "${model.name}" with a weight list of length ${weights.length - 1}, but the layer was expecting ${weights.length} weights.`,
        );
        const [first, ...rest] = weights;
        const wrong = NDArray.from(new Float32Array(first!.size + 1));
        expect(() => model.set_weights([wrong, ...rest])).toThrow(`Layer weight shape (${first!.shape.join(", ")}${first!.ndim === 1 ? "," : ""}) not compatible with provided weight shape (${first!.size + 1},)`);
        expect(model.get_weights().map(digest)).toEqual(doubled.map(digest));
      });
    });
  }
});

describeWithSharedFixtures("Keras layers and variables", () => {
  it("a layer's config, weights and set_weights follow Keras", async () => {
    const model = await loaded("keras2.3.1_func_dense_batchnorm.h5");
    const bn = model.get_layer("bn1");
    expect(String(type(bn))).toBe("<class 'keras.layers.normalization.BatchNormalization'>");
    expect(bn.trainable_weights.map((w) => w.name)).toEqual(["bn1/gamma:0", "bn1/beta:0"]);
    expect(bn.non_trainable_weights.map((w) => w.name)).toEqual(["bn1/moving_mean:0", "bn1/moving_variance:0"]);
    expect(pyRepr(bn.get_config())).toContain("'name': 'bn1'");
    expect(() => bn.set_weights([])).toThrow('You called `set_weights(weights)` on layer "bn1" with a weight list of length 0, but the layer was expecting 4 weights.');
    // Standalone Keras 2.3 lists every trainable weight of the model before the moving statistics.
    expect(model.weights.findIndex((w) => w.name === "bn1/moving_mean:0")).toBe(model.trainable_weights.length);
  });

  it("a tf.Variable prints its name, shape, dtype and numpy's repr of its value", async () => {
    const file = "keras2.0.8_seq_lenet5_named_layers.h5";
    const bias = oracle(file).weights.find((w) => w.name === "Conv_1/bias:0")!;
    const model = await loaded(file);
    expect(pyRepr(model.get_layer("Conv_1").weights[1])).toBe(`<tf.Variable 'Conv_1/bias:0' shape=(6,) dtype=float32, numpy=${bias.repr.includes("\n") ? "\n" : ""}${bias.repr}>`);
  });

  it("a Keras 3.15 variable prints as Variable with its path, shape, dtype and numpy's str of its value", async () => {
    const model = await loaded("keras3.15.1_seq_cnn_mnist.keras");
    const value = runPython(
      "import sys, io, zipfile, h5py, numpy as np\n" +
        "z = zipfile.ZipFile(sys.argv[1])\n" +
        "print(str(np.array(h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r')['layers/conv2d/vars/0'])), end='')",
      [join(sharedFixtures, "keras3.15.1_seq_cnn_mnist.keras")],
    );
    expect(pyRepr(model.weights[0])).toBe(`<Variable path=sequential/conv2d/kernel, shape=(3, 3, 1, 32), dtype=float32, value=${value}>`);
    expect(String(type(model.weights[0]))).toBe("<class 'keras.src.backend.tensorflow.core.Variable'>");
  });

  it("to_json and input_shape come from the config", async () => {
    const model = await loaded("tfkeras2.7.0_seq_lenet5_avgpool.h5");
    const json = JSON.parse(model.to_json()) as { class_name: string; keras_version: string; backend: string };
    expect(json).toMatchObject({ class_name: "Sequential", keras_version: "2.7.0", backend: "tensorflow" });
    expect(model.to_json()).toContain('"class_name": "Sequential", "config": {');
    expect(pyRepr(model.input_shape)).toBe("(None, 28, 28, 1)");
    expect(() => model.get_layer("nope")).toThrow("No such layer: nope.");
  });

  it("load_model refuses a weights-only file; load_weights_file reads its layers", () => {
    const path = join(sharedFixtures, "keras2.2.4_weights_lenet5.h5");
    expect(() => loadModel(path)).toThrow("weights-only file");
    const weights = loadWeightsFile(path);
    expect(weights.layers.map((l) => l.name).slice(0, 3)).toEqual(["conv2d_1", "average_pooling2d_1", "conv2d_2"]);
    expect(weights.get_weights().map((a) => a.shape.join("x"))[0]).toBe("5x5x1x6");
  });
});

describeWithSharedFixtures("dir() and help() on Keras objects", () => {
  it("every name dir() lists resolves, has help, and none is JavaScript's own", async () => {
    const model = await loaded("keras3.8.0_legacy_h5_seq_lenet5.h5");
    const weights = loadWeightsFile(join(sharedFixtures, "keras3_cnn.weights.h5"));
    for (const value of [model, model.layers[0]!, model.weights[0]!, weights, weights.layers[0]!]) {
      const names = dir(value);
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) {
        expect(type(value).lookup(name), `${name} is declared`).toBeDefined();
        expect((value as unknown as Record<string, unknown>)[name], `${name} resolves`).not.toBeUndefined();
      }
      expect(getmembers(value).map((pair) => pair[0])).toEqual(names);
      expect(names.some((n) => ["constructor", "orderedVariables", "config", "file", "era", "array", "classPath"].includes(n))).toBe(false);
    }
    expect(dir(model).filter((n) => n.includes("weight"))).toEqual(["get_weights", "load_weights", "non_trainable_weights", "save_weights", "set_weights", "trainable_weights", "weights"]);
    expect(helpText(model.get_weights)).toContain("get_weights()");
    expect(helpText(model.get_weights)).toContain("layer by layer");
    expect(isinstance(model.layers[0], type(model.layers[0]))).toBe(true);
    expect(isinstance(model, type(model.layers[0]).__bases__[0])).toBe(true);
    expect(helpText(model)).toContain("Help on Sequential in module keras.src.models.sequential object:");
  });
});
