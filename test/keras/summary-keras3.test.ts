// Keras 3's model.summary(): the two Keras 3 fixtures, and models whose printed summaries Keras 3 published.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { KerasFile } from "../../src/keras/index.js";
import { formatSummary, inferShapes, summaryLayout, summaryOptionsOf, type ModelSummary } from "../../src/keras/summary/index.js";
import { prepareToOpen } from "../../src/open.js";
import { describeWithSharedFixtures, sharedFixtures } from "../support/oracle.js";

const text = (lines: string[]) => lines.map((line) => `${line}\n`).join("");

// Expected texts for the fixtures: rendered by the real `rich` library (13.3.1, Debian's python3-rich)
// with the table Keras 3.1+ builds in keras/src/utils/summary_utils.py (columns ending at 0.45, 0.80, 1.0
// of min(88, 80 - 4) = 76 cells, Param # right-aligned, show_lines, sizes by readable_memory_size), fed
// with rows derived by hand from each file's config: output shapes by the layer arithmetic, counts from
// the weight shapes. The optimizer rows: load_model builds the Adam optimizer of both files, whose
// variables are the file's own (iterations int64, learning_rate float32, then a momentum and a velocity
// per weight): 2 + 2 x 225,034 and 2 + 2 x 270,474 values.
const KERAS_3_15_CNN = text([
  'Model: "sequential"',
  "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
  "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
  "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
  "│ conv2d (Conv2D)                 │ (None, 26, 26, 32)     │           320 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ max_pooling2d (MaxPooling2D)    │ (None, 13, 13, 32)     │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ conv2d_1 (Conv2D)               │ (None, 11, 11, 64)     │        18,496 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ max_pooling2d_1 (MaxPooling2D)  │ (None, 5, 5, 64)       │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ flatten (Flatten)               │ (None, 1600)           │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dropout (Dropout)               │ (None, 1600)           │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dense (Dense)                   │ (None, 128)            │       204,928 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │",
  "└─────────────────────────────────┴────────────────────────┴───────────────┘",
  " Total params: 675,104 (2.58 MB)",
  " Trainable params: 225,034 (879.04 KB)",
  " Non-trainable params: 0 (0.00 B)",
  " Optimizer params: 450,070 (1.72 MB)",
]);

const KERAS_3_8_LEGACY_H5 = text([
  'Model: "sequential_1"',
  "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
  "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
  "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
  "│ conv2d_3 (Conv2D)               │ (None, 30, 30, 48)     │         1,344 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ max_pooling2d_2 (MaxPooling2D)  │ (None, 15, 15, 48)     │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ conv2d_4 (Conv2D)               │ (None, 13, 13, 112)    │        48,496 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ max_pooling2d_3 (MaxPooling2D)  │ (None, 6, 6, 112)      │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ conv2d_5 (Conv2D)               │ (None, 4, 4, 96)       │        96,864 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ flatten_1 (Flatten)             │ (None, 1536)           │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dense_2 (Dense)                 │ (None, 80)             │       122,960 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dropout_1 (Dropout)             │ (None, 80)             │             0 │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dense_3 (Dense)                 │ (None, 10)             │           810 │",
  "└─────────────────────────────────┴────────────────────────┴───────────────┘",
  " Total params: 811,424 (3.10 MB)",
  " Trainable params: 270,474 (1.03 MB)",
  " Non-trainable params: 0 (0.00 B)",
  " Optimizer params: 540,950 (2.06 MB)",
]);

describeWithSharedFixtures("Keras 3 summaries of the real Keras 3 fixtures", () => {
  const files = new Map<string, KerasFile>();
  beforeAll(async () => {
    const names = ["keras3.15.1_seq_cnn_mnist.keras", "keras3.8.0_legacy_h5_seq_lenet5.h5"];
    await prepareToOpen(names.map((name) => join(sharedFixtures, name)));
    const { readKerasFile } = await import("../../src/keras/index.js");
    for (const name of names) files.set(name, readKerasFile(join(sharedFixtures, name)));
  });

  it("prints the 3.15.1 .keras archive as Keras 3.15 does, its Adam state included", () => {
    const file = files.get("keras3.15.1_seq_cnn_mnist.keras")!;
    expect(formatSummary(inferShapes(file.modelConfig), summaryOptionsOf(file))).toBe(KERAS_3_15_CNN);
  });

  it("prints the legacy .h5 written by Keras 3.8 as Keras 3.8 does", () => {
    const file = files.get("keras3.8.0_legacy_h5_seq_lenet5.h5")!;
    expect(formatSummary(inferShapes(file.modelConfig), summaryOptionsOf(file))).toBe(KERAS_3_8_LEGACY_H5);
  });

  it("leaves the optimizer line out when the file was saved without a compiled optimizer", () => {
    const file = files.get("keras3.15.1_seq_cnn_mnist.keras")!;
    const config = { ...(file.modelConfig as object), compile_config: null };
    const options = summaryOptionsOf({ ...file, modelConfig: config });
    const printed = formatSummary(inferShapes(config), options);
    expect(printed).not.toContain("Optimizer params");
    expect(printed).toContain(" Total params: 225,034 (879.04 KB)\n");
  });
});

/** A Keras 3 functional config: each layer called once on the named layers' outputs. */
function keras3Functional(name: string, layers: Array<[string, string, Record<string, unknown>, string[]]>) {
  const tensor = (from: string) => ({ class_name: "__keras_tensor__", config: { keras_history: [from, 0, 0] } });
  return {
    module: "keras.src.models.functional",
    class_name: "Functional",
    config: {
      name,
      layers: layers.map(([layerName, className, config, inputs]) => ({
        module: "keras.layers",
        class_name: className,
        name: layerName,
        config: { name: layerName, ...config },
        inbound_nodes: inputs.length === 0 ? [] : [{ args: inputs.length === 1 ? [tensor(inputs[0]!)] : [inputs.map(tensor)], kwargs: {} }],
      })),
      input_layers: [layers[0]![0], 0, 0],
      output_layers: [layers[layers.length - 1]![0], 0, 0],
    },
  };
}

it("prints a published Keras 3.1+ summary of a functional chain (README of the Tiny-IDS repository)", () => {
  // As printed there by Keras 3 (the release is not stated; the column widths are those of 3.1 on).
  const expected = text([
    'Model: "functional"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ main_input (InputLayer)         │ (None, 100, 200)       │             0 │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ LSTM1 (LSTM)                    │ (None, 100, 50)        │        50,200 │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ flatten (Flatten)               │ (None, 5000)           │             0 │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ classifier (Dense)              │ (None, 2)              │        10,002 │",
    "└─────────────────────────────────┴────────────────────────┴───────────────┘",
    " Total params: 60,202 (235.16 KB)",
    " Trainable params: 60,202 (235.16 KB)",
    " Non-trainable params: 0 (0.00 B)",
  ]);
  const config = keras3Functional("functional", [
    ["main_input", "InputLayer", { batch_shape: [null, 100, 200] }, []],
    ["LSTM1", "LSTM", { units: 50, return_sequences: true }, ["main_input"]],
    ["flatten", "Flatten", {}, ["LSTM1"]],
    ["classifier", "Dense", { units: 2 }, ["flatten"]],
  ]);
  expect(formatSummary(inferShapes(config), { kerasVersion: "3.3.3" })).toBe(expected);
});

it("prints the Keras 3.0 summary keras.io published for its bidirectional LSTM example", () => {
  // keras.io examples/nlp/bidirectional_lstm_imdb, rendered by Keras 3.0 (Param # still 12 cells wide).
  const expected = text([
    'Model: "functional_1"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓",
    "┃ Layer (type)                    ┃ Output Shape              ┃    Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩",
    "│ input_layer (InputLayer)        │ (None, None)              │          0 │",
    "├─────────────────────────────────┼───────────────────────────┼────────────┤",
    "│ embedding (Embedding)           │ (None, None, 128)         │  2,560,000 │",
    "├─────────────────────────────────┼───────────────────────────┼────────────┤",
    "│ bidirectional (Bidirectional)   │ (None, None, 128)         │     98,816 │",
    "├─────────────────────────────────┼───────────────────────────┼────────────┤",
    "│ bidirectional_1 (Bidirectional) │ (None, 128)               │     98,816 │",
    "├─────────────────────────────────┼───────────────────────────┼────────────┤",
    "│ dense (Dense)                   │ (None, 1)                 │        129 │",
    "└─────────────────────────────────┴───────────────────────────┴────────────┘",
    " Total params: 2,757,761 (10.52 MB)",
    " Trainable params: 2,757,761 (10.52 MB)",
    " Non-trainable params: 0 (0.00 B)",
  ]);
  const lstm = (units: number, sequences: boolean) => ({ layer: { class_name: "LSTM", config: { name: "lstm", units, return_sequences: sequences } } });
  const config = keras3Functional("functional_1", [
    ["input_layer", "InputLayer", { batch_shape: [null, null], dtype: "int32" }, []],
    ["embedding", "Embedding", { input_dim: 20000, output_dim: 128 }, ["input_layer"]],
    ["bidirectional", "Bidirectional", lstm(64, true), ["embedding"]],
    ["bidirectional_1", "Bidirectional", lstm(64, false), ["bidirectional"]],
    ["dense", "Dense", { units: 1 }, ["bidirectional_1"]],
  ]);
  expect(formatSummary(inferShapes(config), { kerasVersion: "3.0.0" })).toBe(expected);
});

it("counts a trained Adam optimizer as a published Keras 3 summary does", () => {
  // The end of a summary printed by Keras 3 after training (a Spanish course's results page; its title
  // line is not in the excerpt): Adam holds iterations (int64), the learning rate, and two values per weight.
  const published = [
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ dense (Dense)                   │ (None, 64)             │        50,240 │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ dense_1 (Dense)                 │ (None, 10)             │           650 │",
    "└─────────────────────────────────┴────────────────────────┴───────────────┘",
    " Total params: 152,672 (596.38 KB)",
    " Trainable params: 50,890 (198.79 KB)",
    " Non-trainable params: 0 (0.00 B)",
    " Optimizer params: 101,782 (397.59 KB)",
  ];
  const config = { class_name: "Sequential", config: { name: "sequential", layers: [{ class_name: "Dense", config: { name: "dense", units: 64, batch_input_shape: [null, 784] } }, { class_name: "Dense", config: { name: "dense_1", units: 10 } }] } };
  const optimizer = { params: 2 + 2 * 50890, bytes: 8 + 4 + 2 * 50890 * 4 };
  expect(formatSummary(inferShapes(config), { kerasVersion: "3.10.0", optimizer }).split("\n").slice(3, -1)).toEqual(published);
});

/** A summary built directly, for layouts the shape inference has no part in. */
function summaryOf(name: string, sequentialLike: boolean, rows: Array<[string, string, ModelSummary["layers"][number]["outputShape"], number, string[]?]>): ModelSummary {
  const layers = rows.map(([layerName, className, outputShape, params, connectedTo = []]) => ({ name: layerName, className, outputShape, inputShape: "?" as const, params, trainableParams: params, connectedTo }));
  const total = layers.reduce((n, layer) => n + layer.params, 0);
  return { name, className: "Functional", sequentialLike, layers, inputShape: "?", outputShape: "?", totalParams: total, trainableParams: total };
}

it("wraps long cells at spaces and cuts a word too long for its cell with an ellipsis, as rich does", () => {
  // Rendered by rich 13.3.1 with Keras 3.1's sequential table; the first three rows are those of a
  // published Keras 3 summary of a MobileNetV2 transfer model, which wraps exactly so.
  const expected = text([
    'Model: "sequential"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ mobilenetv2_1.00_224            │ (None, 7, 7, 1280)     │     2,257,984 │",
    "│ (Functional)                    │                        │               │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ global_average_pooling2d        │ (None, 1280)           │             0 │",
    "│ (GlobalAveragePooling2D)        │                        │               │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ batch_normalization             │ (None, 1280)           │         5,120 │",
    "│ (BatchNormalization)            │                        │               │",
    "├─────────────────────────────────┼────────────────────────┼───────────────┤",
    "│ a_layer_whose_name_is_longer_t… │ [(None, 256), (None,   │ 1,234,567,89… │",
    "│ (Dense)                         │ 256), (None, 256),     │               │",
    "│                                 │ (None, 256)]           │               │",
    "└─────────────────────────────────┴────────────────────────┴───────────────┘",
    " Total params: 1,234,570,152,563 (4.49 TB)",
    " Trainable params: 1,234,570,150,000 (4.49 TB)",
    " Non-trainable params: 2,560 (10.00 KB)",
    " Optimizer params: 3 (1.07 KB)",
  ]);
  const quad: Array<[number | null, number]> = [[null, 256], [null, 256], [null, 256], [null, 256]];
  const summary = summaryOf("sequential", true, [
    ["mobilenetv2_1.00_224", "Functional", [null, 7, 7, 1280], 2257984],
    ["global_average_pooling2d", "GlobalAveragePooling2D", [null, 1280], 0],
    ["batch_normalization", "BatchNormalization", [null, 1280], 5120],
    ["a_layer_whose_name_is_longer_than_the_column_itself", "Dense", quad, 1234567890123],
  ]);
  // Totals of our own choosing, to reach the terabyte unit and a non-trainable part.
  const totals = { ...summary, totalParams: 1234570150000 + 2560, trainableParams: 1234570150000 };
  expect(formatSummary(totals, { kerasVersion: "3.8.0", optimizer: { params: 3, bytes: 1100 } })).toBe(expected);
});

it("prints a graph with Connected to, in the 3.1 and the 3.0 widths", () => {
  // Rendered by rich 13.3.1 with Keras's graph table (ends 0.3, 0.56, 0.74 from 3.1; 0.70 in 3.0). The
  // 3.0 widths (21, 19, 9, 22 cells) are those of the summary shown in keras-core pull request 859.
  const rows: Array<[string, string, [null, number], number, string[]]> = [
    ["left", "InputLayer", [null, 4], 0, []],
    ["right", "InputLayer", [null, 3], 0, []],
    ["dense", "Dense", [null, 5], 25, ["left[0][0]"]],
    ["concatenate", "Concatenate", [null, 8], 0, ["dense[0][0]", "right[0][0]"]],
    ["a_very_long_output_layer_name", "Dense", [null, 1], 9, ["concatenate[0][0]"]],
  ];
  const summary = summaryOf("two_towers", false, rows);
  const tail = [" Total params: 34 (136.00 B)", " Trainable params: 34 (136.00 B)", " Non-trainable params: 0 (0.00 B)"];
  expect(formatSummary(summary, { kerasVersion: "3.15.1" })).toBe(
    text([
      'Model: "two_towers"',
      "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩",
      "│ left (InputLayer)   │ (None, 4)         │          0 │ -                 │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ right (InputLayer)  │ (None, 3)         │          0 │ -                 │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ dense (Dense)       │ (None, 5)         │         25 │ left[0][0]        │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ concatenate         │ (None, 8)         │          0 │ dense[0][0],      │",
      "│ (Concatenate)       │                   │            │ right[0][0]       │",
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
      "│ a_very_long_output… │ (None, 1)         │          9 │ concatenate[0][0] │",
      "│ (Dense)             │                   │            │                   │",
      "└─────────────────────┴───────────────────┴────────────┴───────────────────┘",
      ...tail,
    ]),
  );
  expect(formatSummary(summary, { kerasVersion: "3.0.2" })).toBe(
    text([
      'Model: "two_towers"',
      "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)        ┃ Output Shape      ┃ Param # ┃ Connected to         ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━┩",
      "│ left (InputLayer)   │ (None, 4)         │       0 │ -                    │",
      "├─────────────────────┼───────────────────┼─────────┼──────────────────────┤",
      "│ right (InputLayer)  │ (None, 3)         │       0 │ -                    │",
      "├─────────────────────┼───────────────────┼─────────┼──────────────────────┤",
      "│ dense (Dense)       │ (None, 5)         │      25 │ left[0][0]           │",
      "├─────────────────────┼───────────────────┼─────────┼──────────────────────┤",
      "│ concatenate         │ (None, 8)         │       0 │ dense[0][0],         │",
      "│ (Concatenate)       │                   │         │ right[0][0]          │",
      "├─────────────────────┼───────────────────┼─────────┼──────────────────────┤",
      "│ a_very_long_output… │ (None, 1)         │       9 │ concatenate[0][0]    │",
      "│ (Dense)             │                   │         │                      │",
      "└─────────────────────┴───────────────────┴─────────┴──────────────────────┘",
      ...tail,
    ]),
  );
});

it("fits the table to a wider terminal as Keras does (88 cells at most for a sequential table)", () => {
  const summary = summaryOf("s", true, [["dense", "Dense", [null, 1], 9]]);
  const first = (columns: number) => formatSummary(summary, { kerasVersion: "3.8.0", terminalColumns: columns }).split("\n")[1]!;
  expect([first(80).length, first(100).length, first(200).length, first(60).length]).toEqual([76, 88, 88, 56]);
});

it("picks the layout by the version the file records", () => {
  const versions = ["1.2.2", "2.0.8", "2.2.4-tf", "2.3.0-tf", "2.4.0", "2.7.0", "2.8.0", "2.12.0", "2.13.1", "2.15.0", "3.0.5", "3.1.0", "3.15.1", undefined];
  expect(versions.map(summaryLayout)).toEqual([
    "keras2-cut",
    "keras2-cut",
    "keras2-cut",
    "keras2-cut",
    "keras2-cut",
    "keras2-cut",
    "keras2-wrap",
    "keras2-wrap",
    "keras2-wrap-sized",
    "keras2-wrap-sized",
    "keras3.0",
    "keras3.1",
    "keras3.1",
    "keras2-cut",
  ]);
});
