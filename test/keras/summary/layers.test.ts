// The layer table against TensorFlow.js: models built with tfjs layers, their JSON config inferred here, shapes and counts compared.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { inferShapes, type ModelSummary } from "../../../src/keras/summary/index.js";
import { asKeras3Nodes } from "./oracle.js";

type Json = Record<string, unknown>;
const L = tf.layers;

/** Our summary against tfjs's own `outputShape` and `countParams()` for each layer of the same model. */
function expectSameAsTfjs(model: tf.LayersModel, summary: ModelSummary): number {
  // A functional InputLayer's shape is a one-item list, as tf.keras prints it; tfjs gives the bare shape.
  const ours = summary.layers.map((l) => ({
    name: l.name,
    shape: l.className === "InputLayer" && summary.className !== "Sequential" ? (l.outputShape as unknown[])[0] : l.outputShape,
    params: l.params,
    problem: l.problem,
  }));
  const theirs = model.layers
    .filter((layer) => summary.className !== "Sequential" || layer.getClassName() !== "InputLayer")
    .map((layer) => ({ name: layer.name, shape: layer.outputShape, params: layer.countParams(), problem: undefined }));
  expect(ours).toEqual(theirs);
  expect(summary.totalParams).toBe(model.countParams());
  // What each layer is given, as Keras's input_shape shows it (the input shapes of tfjs's inbound nodes).
  const inputOf = (layer: tf.layers.Layer) => {
    // Keras (unlike tfjs's layer.input) gives the shape when every call had the same one.
    const shapes = layer.inboundNodes.map((node) => (node.inputShapes.length === 1 && Array.isArray(node.inputShapes[0]) ? node.inputShapes[0] : node.inputShapes));
    return new Set(shapes.map((shape) => JSON.stringify(shape))).size === 1 ? shapes[0] : "multiple";
  };
  const given = summary.layers.filter((l) => l.className !== "InputLayer");
  expect(given.map((l) => [l.name, l.inputShape])).toEqual(given.map((l) => [l.name, inputOf(model.layers.find((c) => c.name === l.name)!)]));
  const single = (shapes: tf.Shape[]) => (shapes.length === 1 ? shapes[0] : shapes);
  expect([summary.inputShape, summary.outputShape]).toEqual([single(model.inputs.map((t) => t.shape)), single(model.outputs.map((t) => t.shape))]);
  // The weights the config implies, by name and shape, for every layer whose row lists them one by one.
  const listed = summary.layers.filter((l) => l.expectedWeights !== undefined);
  for (const layer of listed) {
    const tfjsLayer = model.layers.find((candidate) => candidate.name === layer.name)!;
    const tfjsWeights = tfjsLayer.weights.map((w) => [w.originalName.slice(w.originalName.lastIndexOf("/") + 1), w.shape]);
    expect([layer.name, layer.expectedWeights!.map((w) => [w.name, w.shape])]).toEqual([layer.name, tfjsWeights]);
  }
  return listed.length;
}

const configOf = (model: tf.LayersModel) => model.toJSON(null, false) as Json;

describe("the layer table against TensorFlow.js", () => {
  const cases: Array<[string, () => tf.layers.Layer[], number[]]> = [
    ["convolutions", () => [
      L.conv2d({ filters: 4, kernelSize: [3, 5], strides: [2, 1], padding: "same" }),
      L.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, useBias: false }),
      L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "same" }),
      L.separableConv2d({ filters: 5, kernelSize: 3, strides: 2 }),
      L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: "valid" }),
      L.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 3, padding: "same" }),
    ], [31, 29, 3]],
    ["channels_first", () => [
      L.conv2d({ filters: 4, kernelSize: 3, dataFormat: "channelsFirst" }),
      L.maxPooling2d({ poolSize: 3, strides: 2, padding: "same", dataFormat: "channelsFirst" }),
      L.zeroPadding2d({ padding: [[1, 2], [0, 3]], dataFormat: "channelsFirst" }),
      L.upSampling2d({ size: [2, 3], dataFormat: "channelsFirst" }),
      L.globalAveragePooling2d({ dataFormat: "channelsFirst" }),
    ], [3, 17, 15]],
    ["pooling, padding and reshaping", () => [
      L.averagePooling2d({ poolSize: [2, 3], padding: "valid" }),
      L.zeroPadding2d({ padding: 2 }),
      L.cropping2D({ cropping: [[1, 0], [2, 1]] }),
      L.upSampling2d({}),
      L.reshape({ targetShape: [180, 4] }),
      L.permute({ dims: [2, 1] }),
      L.globalMaxPooling1d({}),
      L.repeatVector({ n: 7 }),
      L.flatten(),
      L.dense({ units: 3 }),
    ], [12, 13, 4]],
    ["one-dimensional and three-dimensional", () => [
      L.conv1d({ filters: 6, kernelSize: 4, dilationRate: 2 }),
      L.maxPooling1d({ poolSize: 3 }),
      L.conv1d({ filters: 3, kernelSize: 2, strides: 2 }),
      L.reshape({ targetShape: [2, 3, 1, 1] }),
      L.conv3d({ filters: 2, kernelSize: [1, 2, 1], padding: "same" }),
      L.maxPooling3d({ poolSize: [2, 1, 1] }),
    ], [40, 5]],
    ["normalisation and activations", () => [
      L.dense({ units: 8 }),
      L.batchNormalization({ center: false }),
      L.layerNormalization({}),
      L.prelu({ sharedAxes: [1] }),
      L.leakyReLU({}),
      L.dropout({ rate: 0.5 }),
      L.activation({ activation: "relu" }),
      L.dense({ units: 2, useBias: false }),
    ], [5, 6]],
    ["recurrent layers", () => [
      L.embedding({ inputDim: 50, outputDim: 7 }),
      L.lstm({ units: 5, returnSequences: true }),
      L.gru({ units: 4, returnSequences: true }),
      L.bidirectional({ layer: L.simpleRNN({ units: 3, returnSequences: true }) as tf.RNN, mergeMode: "concat" }),
      L.timeDistributed({ layer: L.dense({ units: 9 }) }),
      L.bidirectional({ layer: L.lstm({ units: 2 }) as tf.RNN, mergeMode: "sum" }),
    ], [11]],
  ];

  for (const [name, layers, inputShape] of cases) {
    it(`agrees on ${name}`, () => {
      const built = layers();
      const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape }), ...built] });
      // Every case has layers with weights, and their shapes are compared too.
      expect(expectSameAsTfjs(model, inferShapes(configOf(model)))).toBeGreaterThan(0);
      model.dispose();
    });
  }

  it("reads the input from a Sequential model's first layer when there is no InputLayer", () => {
    const model = tf.sequential({ layers: [L.dense({ inputShape: [3], units: 4 }), L.dense({ units: 1 })] });
    const config = configOf(model);
    expect(JSON.stringify(config)).not.toContain("InputLayer");
    expectSameAsTfjs(model, inferShapes(config));
    // Keras < 2.2 kept the bare list of layers as the config.
    expectSameAsTfjs(model, inferShapes({ class_name: "Sequential", config: (config.config as Json).layers }));
  });

  function branchingModel(): tf.LayersModel {
    const a = tf.input({ shape: [8, 8, 3], name: "image" });
    const b = tf.input({ shape: [5], name: "extra" });
    const conv = L.conv2d({ filters: 4, kernelSize: 3, padding: "same", name: "conv" });
    const left = conv.apply(a) as tf.SymbolicTensor;
    const right = conv.apply(L.conv2d({ filters: 3, kernelSize: 1, name: "squeeze" }).apply(a) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const sum = L.add({ name: "sum" }).apply([left, right]) as tf.SymbolicTensor;
    const product = L.multiply({ name: "product" }).apply([sum, left]) as tf.SymbolicTensor;
    const pooled = L.globalAveragePooling2d({ name: "pool" }).apply(L.average({ name: "mean" }).apply([product, sum]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const joined = L.concatenate({ name: "join" }).apply([pooled, b]) as tf.SymbolicTensor;
    const out = L.dense({ units: 3, name: "out" }).apply(joined) as tf.SymbolicTensor;
    return tf.model({ inputs: [a, b], outputs: out, name: "branching" });
  }

  it("follows a functional graph with shared layers and merges (Keras 2 inbound nodes)", () => {
    const model = branchingModel();
    const summary = inferShapes(configOf(model));
    expectSameAsTfjs(model, summary);
    expect(summary.sequentialLike).toBe(false);
    expect(summary.layers.find((l) => l.name === "conv")?.connectedTo).toEqual(["image[0][0]", "squeeze[0][0]"]);
    expect(summary.layers.find((l) => l.name === "join")?.connectedTo).toEqual(["pool[0][0]", "extra[0][0]"]);
    model.dispose();
  });

  it("reads Keras 3's `__keras_tensor__` inbound nodes the same way", () => {
    const model = branchingModel();
    const keras2 = inferShapes(configOf(model));
    const keras3 = inferShapes(asKeras3Nodes(configOf(model)));
    expect(keras3.layers).toEqual(keras2.layers);
    model.dispose();
  });

  it("treats a model used as a layer as one row with its output and all its parameters", () => {
    const inner = tf.sequential({ name: "backbone", layers: [L.conv2d({ inputShape: [9, 9, 2], filters: 3, kernelSize: 3 }), L.batchNormalization({}), L.flatten()] });
    const input = tf.input({ shape: [9, 9, 2], name: "image" });
    const model = tf.model({ inputs: input, outputs: L.dense({ units: 2, name: "head" }).apply(inner.apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor });
    const summary = inferShapes(configOf(model));
    expectSameAsTfjs(model, summary);
    expect(summary.layers.find((l) => l.name === "backbone")).toMatchObject({ className: "Sequential", params: 57 + 12, trainableParams: 57 + 6 });
    model.dispose();
  });

  it("reads a nested Keras 3 Functional whose output_layers is one bare entry", () => {
    const inner = { name: "inner", layers: [
      { name: "x", class_name: "InputLayer", config: { batch_shape: [null, 3], name: "x" }, inbound_nodes: [] },
      { name: "d", class_name: "Dense", config: { name: "d", units: 2 }, inbound_nodes: [{ args: [{ class_name: "__keras_tensor__", config: { keras_history: ["x", 0, 0] } }], kwargs: {} }] },
    ], input_layers: ["x", 0, 0], output_layers: ["d", 0, 0] };
    const outer = { class_name: "Functional", config: { name: "outer", layers: [
      { name: "i", class_name: "InputLayer", config: { batch_shape: [null, 3], name: "i" }, inbound_nodes: [] },
      { name: "inner", class_name: "Functional", config: inner, inbound_nodes: [{ args: [{ class_name: "__keras_tensor__", config: { keras_history: ["i", 0, 0] } }], kwargs: {} }] },
    ] } };
    expect(inferShapes(outer).layers[1]).toMatchObject({ outputShape: [null, 2], params: 8, connectedTo: ["i[0][0]"] });
  });

  it("says `multiple` for a shared layer whose calls give different shapes", () => {
    const a = tf.input({ shape: [4, 4, 2], name: "small" });
    const b = tf.input({ shape: [6, 6, 2], name: "big" });
    const conv = L.conv2d({ filters: 1, kernelSize: 3, name: "shared" });
    const flat = (t: tf.SymbolicTensor) => L.flatten().apply(conv.apply(t) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: L.concatenate({ name: "join" }).apply([flat(a), flat(b)]) as tf.SymbolicTensor });
    const summary = inferShapes(configOf(model));
    expect(summary.layers.find((l) => l.name === "shared")).toMatchObject({ outputShape: "multiple", params: 19 });
    expect(summary.layers.find((l) => l.name === "join")?.outputShape).toEqual([null, 4 + 16]);
    model.dispose();
  });
});

// Where tfjs departs from Keras, the expected values are derived by hand from Keras's rules.
describe("settings tfjs does not reproduce", () => {
  const layer = (className: string, config: Json, input: number[]) =>
    inferShapes({ class_name: "Sequential", config: [{ class_name: className, config: { name: "x", batch_input_shape: [null, ...input], ...config } }] }).layers[0];

  it("keeps the length under causal padding (tfjs treats it as valid)", () => {
    // Keras pads causal convolutions on the left only, so the length stays 40 for any dilation.
    expect(layer("Conv1D", { filters: 6, kernel_size: [4], padding: "causal", dilation_rate: [2] }, [40, 5])).toMatchObject({ outputShape: [null, 40, 6], params: 4 * 5 * 6 + 6 });
  });

  it("counts a separable convolution's depth multiplier (tfjs leaves it out of the config)", () => {
    // depthwise 3x3 over 6 channels times 3, pointwise 18 -> 5, bias 5.
    expect(layer("SeparableConv2D", { filters: 5, kernel_size: [3, 3], depth_multiplier: 3 }, [8, 8, 6])).toMatchObject({ outputShape: [null, 6, 6, 5], params: 162 + 90 + 5 });
  });

  it("works out a Reshape's -1 from the input size", () => {
    expect(layer("Reshape", { target_shape: [-1, 4] }, [18, 10, 4])).toMatchObject({ outputShape: [null, 180, 4] });
  });

  it("counts GRU's second bias under reset_after, and reads Keras 1's output_dim", () => {
    // reset_after (the tf.keras 2 default) keeps separate input and recurrent biases: 3 * 4 * (7 + 4 + 2).
    expect(layer("GRU", { units: 4, reset_after: true }, [11, 7])).toMatchObject({ outputShape: [null, 4], params: 156 });
    expect(layer("LSTM", { output_dim: 6, return_sequences: true }, [10, 5])).toMatchObject({ outputShape: [null, 10, 6], params: 288 });
  });
});

// Keras 1 configs, in the spellings Keras 1.2 saved (bare layer list, nb_filter, border_mode, dim_ordering,
// output_dim, input_dim/input_length); expected values worked out by hand from the settings.
describe("Keras 1 configs", () => {
  const sequential = (...layers: Array<[string, Json]>) => inferShapes({ class_name: "Sequential", config: layers.map(([class_name, config]) => ({ class_name, config })) });
  const rows = (summary: ModelSummary) => summary.layers.map((l) => [l.name, l.outputShape, l.params]);

  it("reads Theano-ordered convolutions and pooling", () => {
    const summary = sequential(
      ["Convolution2D", { name: "c", nb_filter: 8, nb_row: 3, nb_col: 3, border_mode: "valid", subsample: [1, 1], dim_ordering: "th", bias: true, batch_input_shape: [null, 1, 28, 28] }],
      ["MaxPooling2D", { name: "p", pool_size: [2, 2], strides: null, border_mode: "valid", dim_ordering: "th" }],
      ["Flatten", { name: "f" }],
      ["Dense", { name: "d", output_dim: 10, bias: false }],
    );
    expect(rows(summary)).toEqual([["c", [null, 8, 26, 26], 8 * 9 + 8], ["p", [null, 8, 13, 13], 0], ["f", [null, 8 * 13 * 13], 0], ["d", [null, 10], 1352 * 10]]);
  });

  it("reads inputs declared by input_dim and input_length", () => {
    expect(rows(sequential(["LSTM", { name: "l", output_dim: 6, input_dim: 5, input_length: 10 }]))).toEqual([["l", [null, 6], 4 * (6 * 11 + 6)]]);
    expect(rows(sequential(["GRU", { name: "g", output_dim: 4, input_dim: 3, input_length: null }]))).toEqual([["g", [null, 4], 3 * (4 * 7 + 4)]]);
    const conv = sequential(["Convolution1D", { name: "c", nb_filter: 4, filter_length: 3, border_mode: "same", subsample_length: 2, input_dim: 6, input_length: 20 }]);
    expect(rows(conv)).toEqual([["c", [null, 10, 4], 3 * 6 * 4 + 4]]);
    expect(rows(sequential(["Embedding", { name: "e", input_dim: 100, output_dim: 8, input_length: 12 }]))).toEqual([["e", [null, 12, 8], 800]]);
  });
});

describe("configs the table cannot settle", () => {
  it("prints `?` for a Lambda layer and everything after it, and names the reason", () => {
    const summary = inferShapes({
      class_name: "Sequential",
      config: {
        name: "s",
        layers: [
          { class_name: "Dense", config: { name: "d", units: 4, batch_input_shape: [null, 3] } },
          { class_name: "Lambda", config: { name: "l", function: ["4wEAAAAAAAAA", null, null] } },
          { class_name: "Dense", config: { name: "d2", units: 2 } },
        ],
      },
    });
    expect(summary.layers.map((l) => [l.name, l.outputShape, l.params])).toEqual([["d", [null, 4], 16], ["l", "?", 0], ["d2", "?", 0]]);
    expect(summary.layers[1]!.problem).toBe("Lambda is not a layer class weightscope knows");
    expect(summary.layers[2]!.problem).toBe("its input shape is not known");
  });

  it("prints `?` for a config value it cannot read instead of failing", () => {
    const summary = inferShapes({
      class_name: "Sequential",
      config: [{ class_name: "Conv2D", config: { name: "c", filters: 2, kernel_size: "three", batch_input_shape: [null, 5, 5, 1] } }],
    });
    expect(summary.layers[0]).toMatchObject({ outputShape: "?", params: 0, problem: 'kernel_size is "three"' });
    const permute = inferShapes({ class_name: "Sequential", config: [{ class_name: "Permute", config: { name: "p", dims: 2, batch_input_shape: [null, 2, 3] } }] });
    expect(permute.layers[0]).toMatchObject({ outputShape: "?", problem: expect.stringMatching(/^its config could not be read \(/) });
  });

  it("gives one line naming model_config for a config with no layer list", () => {
    expect(() => inferShapes({ class_name: "Functional", config: { name: "x" } })).toThrow(/^model_config: a Functional config without a list of layers$/);
  });
});
