// formatSummary against Keras 2 summary text reconstructed by hand for two known models.
import { describe, expect, it } from "vitest";
import { formatShape, formatSummary, inferShapes } from "../../../src/keras/summary/index.js";

// How the expected text was obtained: written out by hand from the layout of Keras 2's print_summary
// (standalone Keras 2.x and tf.keras 2.0-2.8): a Sequential model or a functional chain gets a 65-wide
// table with columns ending at 29, 55 and 65; any other graph a 98-wide one ending at 32, 53, 65 and 98
// with `Connected to`. A cell longer than its column is cut and its last character replaced by a space
// (`average_pooling2d (AveragePo `), rules of `_` between rows and `=` around the body, counts with
// thousands separators. The LeNet-5 rows agree with published tf.keras 2.x summaries of the same model.
const LENET5_SUMMARY = [
  'Model: "sequential"',
  "_________________________________________________________________",
  "Layer (type)                 Output Shape              Param #   ",
  "=================================================================",
  "conv2d (Conv2D)              (None, 28, 28, 6)         156       ",
  "_________________________________________________________________",
  "average_pooling2d (AveragePo (None, 14, 14, 6)         0         ",
  "_________________________________________________________________",
  "conv2d_1 (Conv2D)            (None, 10, 10, 16)        2416      ",
  "_________________________________________________________________",
  "average_pooling2d_1 (Average (None, 5, 5, 16)          0         ",
  "_________________________________________________________________",
  "conv2d_2 (Conv2D)            (None, 1, 1, 120)         48120     ",
  "_________________________________________________________________",
  "flatten (Flatten)            (None, 120)               0         ",
  "_________________________________________________________________",
  "dense (Dense)                (None, 84)                10164     ",
  "_________________________________________________________________",
  "dense_1 (Dense)              (None, 10)                850       ",
  "=================================================================",
  "Total params: 61,706",
  "Trainable params: 61,706",
  "Non-trainable params: 0",
  "_________________________________________________________________",
];

const GRAPH_SUMMARY = [
  'Model: "two_inputs"',
  "__________________________________________________________________________________________________",
  "Layer (type)                    Output Shape         Param #     Connected to                     ",
  "==================================================================================================",
  "input_1 (InputLayer)            [(None, 4)]          0                                            ",
  "__________________________________________________________________________________________________",
  "input_2 (InputLayer)            [(None, 3)]          0                                            ",
  "__________________________________________________________________________________________________",
  "dense (Dense)                   (None, 5)            25          input_1[0][0]                    ",
  "__________________________________________________________________________________________________",
  "concatenate (Concatenate)       (None, 8)            0           dense[0][0]                      ",
  "                                                                 input_2[0][0]                    ",
  "__________________________________________________________________________________________________",
  "a_very_long_output_layer_name ( (None, 1)            9           concatenate[0][0]                ",
  "==================================================================================================",
  "Total params: 34",
  "Trainable params: 34",
  "Non-trainable params: 0",
  "__________________________________________________________________________________________________",
];

const layer = (class_name: string, config: Record<string, unknown>) => ({ class_name, config });

/** The tutorial's LeNet-5 as tf.keras 2.x stores it: Conv2D 6 5x5 same, AvgPool, Conv2D 16, AvgPool, Conv2D 120, Flatten, Dense 84, Dense 10. */
const lenet5 = {
  class_name: "Sequential",
  config: {
    name: "sequential",
    layers: [
      layer("InputLayer", { batch_input_shape: [null, 28, 28, 1], dtype: "float32", name: "conv2d_input" }),
      layer("Conv2D", { name: "conv2d", filters: 6, kernel_size: [5, 5], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "tanh", use_bias: true }),
      layer("AveragePooling2D", { name: "average_pooling2d", pool_size: [2, 2], padding: "valid", strides: [2, 2], data_format: "channels_last" }),
      layer("Conv2D", { name: "conv2d_1", filters: 16, kernel_size: [5, 5], strides: [1, 1], padding: "valid", activation: "tanh", use_bias: true }),
      layer("AveragePooling2D", { name: "average_pooling2d_1", pool_size: [2, 2], padding: "valid", strides: [2, 2] }),
      layer("Conv2D", { name: "conv2d_2", filters: 120, kernel_size: [5, 5], strides: [1, 1], padding: "valid", activation: "tanh", use_bias: true }),
      layer("Flatten", { name: "flatten", data_format: "channels_last" }),
      layer("Dense", { name: "dense", units: 84, activation: "tanh", use_bias: true }),
      layer("Dense", { name: "dense_1", units: 10, activation: "softmax", use_bias: true }),
    ],
  },
};

const inbound = (...names: string[]) => [names.map((name) => [name, 0, 0, {}])];
const twoInputs = {
  class_name: "Functional",
  config: {
    name: "two_inputs",
    layers: [
      { name: "input_1", class_name: "InputLayer", config: { batch_input_shape: [null, 4], name: "input_1" }, inbound_nodes: [] },
      { name: "input_2", class_name: "InputLayer", config: { batch_input_shape: [null, 3], name: "input_2" }, inbound_nodes: [] },
      { name: "dense", class_name: "Dense", config: { name: "dense", units: 5 }, inbound_nodes: inbound("input_1") },
      { name: "concatenate", class_name: "Concatenate", config: { name: "concatenate", axis: -1 }, inbound_nodes: inbound("dense", "input_2") },
      { name: "a_very_long_output_layer_name", class_name: "Dense", config: { name: "a_very_long_output_layer_name", units: 1 }, inbound_nodes: inbound("concatenate") },
    ],
    input_layers: [["input_1", 0, 0], ["input_2", 0, 0]],
    output_layers: [["a_very_long_output_layer_name", 0, 0]],
  },
};

describe("formatSummary", () => {
  it("prints LeNet-5 as tf.keras 2.x does", () => {
    const summary = inferShapes(lenet5);
    expect(summary.totalParams).toBe(61706);
    expect(formatSummary(summary)).toBe(LENET5_SUMMARY.map((line) => `${line}\n`).join(""));
  });

  it("prints a graph with two inputs in the wide table with Connected to", () => {
    const summary = inferShapes(twoInputs);
    expect(summary.sequentialLike).toBe(false);
    expect(formatSummary(summary)).toBe(GRAPH_SUMMARY.map((line) => `${line}\n`).join(""));
  });

  it("prints a functional chain in the narrow table, as Keras does for sequential-like graphs", () => {
    const chain = { class_name: "Model", config: { name: "chain", layers: twoInputs.config.layers.filter((l) => l.name === "input_1" || l.name === "dense") } };
    const text = formatSummary(inferShapes(chain));
    expect(text.split("\n")[1]).toHaveLength(65);
    expect(text).toContain("input_1 (InputLayer)         [(None, 4)]               0         \n");
  });

  it("spells shapes as Python prints tuples", () => {
    expect([formatShape([null]), formatShape([null, 3]), formatShape([[null, 2], [null, 2]]), formatShape("?"), formatShape("multiple")]).toEqual([
      "(None,)",
      "(None, 3)",
      "[(None, 2), (None, 2)]",
      "?",
      "multiple",
    ]);
  });
});
