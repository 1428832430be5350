// tf.keras 2.8+ summaries, whose cells wrap onto more lines, against summaries tf.keras printed and people published.
import { expect, it } from "vitest";
import { formatSummary, inferShapes, type ModelSummary } from "../../src/keras/summary/index.js";

const text = (lines: string[]) => lines.map((line) => `${line}\n`).join("");
const layer = (class_name: string, config: Record<string, unknown>) => ({ class_name, config });

it("prints a small Sequential model as tf.keras 2.8-2.12 did (a published summary)", () => {
  // Printed by tf.keras and published in a Korean RNN tutorial's source comments (the TensorFlow release is not stated).
  const expected = text([
    'Model: "sequential"',
    "_________________________________________________________________",
    " Layer (type)                Output Shape              Param #   ",
    "=================================================================",
    " simple_rnn (SimpleRNN)      (None, 5)                 35        ",
    "                                                                 ",
    " dense (Dense)               (None, 7)                 42        ",
    "                                                                 ",
    " dense_1 (Dense)             (None, 1)                 8         ",
    "                                                                 ",
    "=================================================================",
    "Total params: 85",
    "Trainable params: 85",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ]);
  const config = {
    class_name: "Sequential",
    config: {
      name: "sequential",
      layers: [
        layer("SimpleRNN", { name: "simple_rnn", units: 5, batch_input_shape: [null, 3, 1] }),
        layer("Dense", { name: "dense", units: 7 }),
        layer("Dense", { name: "dense_1", units: 1 }),
      ],
    },
  };
  expect(formatSummary(inferShapes(config), { kerasVersion: "2.9.0" })).toBe(expected);
});

it("prints as TensorFlow 2.9.1 printed in tensorflow/tensorflow issue 57355 (a Sequential model after an Input)", () => {
  const expected = text([
    'Model: "M"',
    "_________________________________________________________________",
    " Layer (type)                Output Shape              Param #   ",
    "=================================================================",
    " flatten_28 (Flatten)        (None, 1000)              0         ",
    "                                                                 ",
    " dense_81 (Dense)            (None, 3)                 3003      ",
    "                                                                 ",
    "=================================================================",
    "Total params: 3,003",
    "Trainable params: 3,003",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ]);
  const config = {
    class_name: "Sequential",
    config: {
      name: "M",
      layers: [
        layer("InputLayer", { name: "input_arr", batch_input_shape: [null, 100, 10] }),
        layer("Flatten", { name: "flatten_28" }),
        layer("Dense", { name: "dense_81", units: 3, activation: "softmax" }),
      ],
    },
  };
  expect(formatSummary(inferShapes(config), { kerasVersion: "2.9.0" })).toBe(expected);
});

it("wraps a long class name onto a second line and counts a frozen layer apart (a published summary)", () => {
  // Printed by tf.keras and published in the README of a clinical-notes classification repository.
  const expected = text([
    'Model: "sequential_11"',
    "_________________________________________________________________",
    " Layer (type)                Output Shape              Param #   ",
    "=================================================================",
    " embedding_10 (Embedding)    (None, 2980, 100)         3384600   ",
    "                                                                 ",
    " conv1d_4 (Conv1D)           (None, 2976, 128)         64128     ",
    "                                                                 ",
    " global_max_pooling1d_4 (Glo  (None, 128)              0         ",
    " balMaxPooling1D)                                                ",
    "                                                                 ",
    " dense_8 (Dense)             (None, 5)                 645       ",
    "                                                                 ",
    "=================================================================",
    "Total params: 3,449,373",
    "Trainable params: 64,773",
    "Non-trainable params: 3,384,600",
    "_________________________________________________________________",
  ]);
  const config = {
    class_name: "Sequential",
    config: {
      name: "sequential_11",
      layers: [
        layer("InputLayer", { name: "embedding_10_input", batch_input_shape: [null, 2980] }),
        layer("Embedding", { name: "embedding_10", input_dim: 33846, output_dim: 100, input_length: 2980, trainable: false }),
        layer("Conv1D", { name: "conv1d_4", filters: 128, kernel_size: [5], strides: [1], padding: "valid" }),
        layer("GlobalMaxPooling1D", { name: "global_max_pooling1d_4" }),
        layer("Dense", { name: "dense_8", units: 5 }),
      ],
    },
  };
  expect(formatSummary(inferShapes(config), { kerasVersion: "2.11.0" })).toBe(expected);
});

it("prints a graph as tf.keras 2.13+ did: one cell less per column, inputs as a Python list, sizes in the totals", () => {
  // The first rows of MobileNetV2's summary in TensorFlow's transfer-learning tutorial (tf.keras 2.13+
  // era: its totals read `Total params: 2257984 (8.61 MB)`); the page indents the block by four spaces,
  // taken off here, and its trailing spaces are restored to the 98-cell line. The totals below are this
  // subset's own, in the same form.
  const published = [
    " input_1 (InputLayer)        [(None, 160, 160, 3)]        0         []",
    "",
    " Conv1 (Conv2D)              (None, 80, 80, 32)           864       ['input_1[0][0]']",
    "",
    " bn_Conv1 (BatchNormalizati  (None, 80, 80, 32)           128       ['Conv1[0][0]']",
    " on)",
    "",
    " expanded_conv_depthwise_BN  (None, 80, 80, 32)           128       ['expanded_conv_depthwise[0][0",
    "  (BatchNormalization)                                              ]']",
    "",
    " expanded_conv_project (Con  (None, 80, 80, 16)           512       ['expanded_conv_depthwise_relu",
    " v2D)                                                               [0][0]']",
    "",
    " expanded_conv_project_BN (  (None, 80, 80, 16)           64        ['expanded_conv_project[0][0]'",
    " BatchNormalization)                                                ]",
    "",
    " block_1_pad (ZeroPadding2D  (None, 81, 81, 96)           0         ['block_1_expand_relu[0][0]']",
    " )",
    "",
    " block_2_add (Add)           (None, 40, 40, 24)           0         ['block_1_project_BN[0][0]',",
    "                                                                     'block_2_project_BN[0][0]']",
    "",
  ].map((line) => line.padEnd(98));
  const rows: Array<[string, string, ModelSummary["layers"][number]["outputShape"], number, string[]]> = [
    ["input_1", "InputLayer", [[null, 160, 160, 3]], 0, []],
    ["Conv1", "Conv2D", [null, 80, 80, 32], 864, ["input_1[0][0]"]],
    ["bn_Conv1", "BatchNormalization", [null, 80, 80, 32], 128, ["Conv1[0][0]"]],
    ["expanded_conv_depthwise_BN", "BatchNormalization", [null, 80, 80, 32], 128, ["expanded_conv_depthwise[0][0]"]],
    ["expanded_conv_project", "Conv2D", [null, 80, 80, 16], 512, ["expanded_conv_depthwise_relu[0][0]"]],
    ["expanded_conv_project_BN", "BatchNormalization", [null, 80, 80, 16], 64, ["expanded_conv_project[0][0]"]],
    ["block_1_pad", "ZeroPadding2D", [null, 81, 81, 96], 0, ["block_1_expand_relu[0][0]"]],
    ["block_2_add", "Add", [null, 40, 40, 24], 0, ["block_1_project_BN[0][0]", "block_2_project_BN[0][0]"]],
  ];
  const layers = rows.map(([name, className, outputShape, params, connectedTo]) => ({ name, className, outputShape, inputShape: "?" as const, params, trainableParams: params, connectedTo }));
  const summary: ModelSummary = { name: "mobilenetv2_1.00_160", className: "Functional", sequentialLike: false, layers, inputShape: "?", outputShape: "?", totalParams: 1696, trainableParams: 864 };
  const rule = (c: string) => c.repeat(98);
  expect(formatSummary(summary, { kerasVersion: "2.13.1" })).toBe(
    text([
      'Model: "mobilenetv2_1.00_160"',
      rule("_"),
      " Layer (type)                Output Shape                 Param #   Connected to                  ",
      rule("="),
      ...published,
      rule("="),
      "Total params: 1696 (6.62 KB)",
      "Trainable params: 864 (3.38 KB)",
      "Non-trainable params: 832 (3.25 KB)",
      rule("_"),
    ]),
  );
});

it("names bytes `Byte` in tf.keras 2.13+ totals, as published (`Trainable params: 0 (0.00 Byte)`)", () => {
  const summary = inferShapes({ class_name: "Sequential", config: { name: "frozen", layers: [layer("Dense", { name: "d", units: 4, batch_input_shape: [null, 2], trainable: false })] } });
  expect(formatSummary(summary, { kerasVersion: "2.15.0" }).split("\n").slice(-5, -2)).toEqual([
    "Total params: 12 (48.00 Byte)",
    "Trainable params: 0 (0.00 Byte)",
    "Non-trainable params: 12 (48.00 Byte)",
  ]);
});
