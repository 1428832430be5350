// Functional graphs (merges, several inputs and outputs, a shared layer, a nested Sequential) in both inbound-node dialects, against TensorFlow.js.
import { describe, expect, it } from "vitest";
import { KerasValueError } from "../../../src/keras/index.js";
import { asKeras3Nodes } from "../summary/oracle.js";
import { expectSameOutputs, generator, twinModels, uniform } from "./oracle.js";

type Json = Record<string, unknown>;
type Tensor = readonly [layer: string, node?: number];

/** A layer of a tf.keras 2.7 functional config, called once per entry of `calls` on the listed tensors. */
function layer(name: string, className: string, config: Json, ...calls: Tensor[][]): Json {
  return {
    name,
    class_name: className,
    config: { name, trainable: true, dtype: "float32", ...config },
    inbound_nodes: calls.map((tensors) => tensors.map(([from, node]) => [from, node ?? 0, 0, {}])),
  };
}

const input = (name: string, shape: readonly number[]): Json => ({ name, class_name: "InputLayer", config: { batch_input_shape: [null, ...shape], dtype: "float32", sparse: false, ragged: false, name }, inbound_nodes: [] });
const dense = (units: number, activation = "tanh"): Json => ({ units, activation, use_bias: true });

function functional(layers: Json[], inputs: string[], outputs: Tensor[]): Json {
  return {
    class_name: "Functional",
    config: { name: "model", layers, input_layers: inputs.map((name) => [name, 0, 0]), output_layers: outputs.map(([name, node]) => [name, node ?? 0, 0]) },
  };
}

interface Graph {
  readonly name: string;
  readonly config: Json;
  readonly inputs: ReadonlyArray<readonly number[]>;
}

const merges = ["Add", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"];

const graphs: Graph[] = [
  {
    name: "two inputs, every merge layer, six outputs",
    inputs: [[4], [4]],
    config: functional(
      [
        input("a", [4]),
        input("b", [4]),
        layer("da", "Dense", dense(3), [["a"]]),
        layer("db", "Dense", dense(3, "relu"), [["b"]]),
        ...merges.map((m) => layer(m.toLowerCase(), m, m === "Concatenate" ? { axis: -1 } : {}, [["da"], ["db"]])),
      ],
      ["a", "b"],
      merges.map((m) => [m.toLowerCase()]),
    ),
  },
  {
    name: "a stride-2 convolution beside a pooling, joined on channels",
    inputs: [[7, 7, 2]],
    config: functional(
      [
        input("image", [7, 7, 2]),
        layer("conv", "Conv2D", { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true }, [["image"]]),
        layer("pool", "MaxPooling2D", { pool_size: [2, 2], strides: [2, 2], padding: "same", data_format: "channels_last" }, [["image"]]),
        layer("join", "Concatenate", { axis: -1 }, [["conv"], ["pool"]]),
        layer("bn", "BatchNormalization", { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true }, [["join"]]),
        layer("gap", "GlobalAveragePooling2D", { data_format: "channels_last" }, [["bn"]]),
        layer("out", "Dense", dense(2, "softmax"), [["gap"]]),
      ],
      ["image"],
      [["out"]],
    ),
  },
  {
    name: "one Dense shared by two inputs (two nodes of one layer)",
    inputs: [[5], [5]],
    config: functional(
      [input("x", [5]), input("y", [5]), layer("shared", "Dense", dense(4), [["x"]], [["y"]]), layer("sum", "Add", {}, [["shared", 0], ["shared", 1]])],
      ["x", "y"],
      [["sum"]],
    ),
  },
  {
    name: "a nested Sequential called as a layer",
    inputs: [[6]],
    config: functional(
      [
        input("x", [6]),
        {
          name: "block",
          class_name: "Sequential",
          config: {
            name: "block",
            layers: [
              { class_name: "InputLayer", config: { batch_input_shape: [null, 6], dtype: "float32", sparse: false, ragged: false, name: "block_input" } },
              { class_name: "Dense", config: { name: "inner_1", trainable: true, dtype: "float32", ...dense(5) } },
              { class_name: "BatchNormalization", config: { name: "inner_bn", trainable: true, dtype: "float32", axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true } },
              { class_name: "Dense", config: { name: "inner_2", trainable: true, dtype: "float32", ...dense(3) } },
            ],
          },
          inbound_nodes: [[["x", 0, 0, {}]]],
        },
        // Keras numbers a nested model's calls from 1: its node 0 is its own inside call.
        layer("head", "Dense", dense(2, "sigmoid"), [["block", 1]]),
      ],
      ["x"],
      [["head"]],
    ),
  },
];

describe("predict() on functional graphs, against TensorFlow.js", () => {
  for (const [index, graph] of graphs.entries()) {
    for (const dialect of ["Keras 2 inbound-node lists", "Keras 3 __keras_tensor__ nodes"]) {
      it(`${graph.name} (${dialect})`, async () => {
        const keras3 = dialect.startsWith("Keras 3");
        const { model, tfjs } = await twinModels(keras3 ? asKeras3Nodes(graph.config) : graph.config, keras3 ? "3.1.0" : "2.7.0", index + 1);
        const random = generator(500 + index);
        expectSameOutputs(graph.name, model, tfjs, graph.inputs.map((shape) => uniform(random, [4, ...shape])));
        tfjs.dispose();
      });
    }
  }
});

describe("predict() refuses what it cannot run, in one line naming the layer", () => {
  it("names a Lambda layer and says its code is not in the file", async () => {
    const config = functional([input("x", [3]), layer("fn", "Lambda", { function: ["x * 2", null, null], function_type: "lambda" }, [["x"]])], ["x"], [["fn"]]);
    const { newKerasModel } = await import("../../../src/keras/index.js");
    const model = newKerasModel({ modelConfig: config, kerasVersion: "2.7.0", layers: [] });
    const call = () => model.predict(uniform(generator(1), [2, 3]));
    expect(call).toThrow(KerasValueError);
    expect(call).toThrow(/^<memory>: layer "fn" \(Lambda\): its computation is Python code, which the file does not hold, so weightscope cannot run it$/);
  });

  it("names an unknown class", async () => {
    const config = functional([input("x", [3]), layer("mine", "MyCustomLayer", {}, [["x"]])], ["x"], [["mine"]]);
    const { newKerasModel } = await import("../../../src/keras/index.js");
    const model = newKerasModel({ modelConfig: config, kerasVersion: "2.7.0", layers: [] });
    expect(() => model.predict(uniform(generator(1), [2, 3]))).toThrow(/^<memory>: layer "mine" \(MyCustomLayer\): weightscope has no forward pass for the Keras class MyCustomLayer$/);
  });

  it("names the layer whose input does not fit its weights, when the config declares no input shape", async () => {
    const { newKerasModel } = await import("../../../src/keras/index.js");
    const { NDArray } = await import("../../../src/tensor/index.js");
    const conv = { class_name: "Conv2D", config: { name: "conv", filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "linear", use_bias: false } };
    const model = newKerasModel({ modelConfig: { class_name: "Sequential", config: { name: "s", layers: [conv] } }, kerasVersion: "2.7.0", layers: [{ name: "conv", weights: [{ name: "conv/kernel:0", value: NDArray.from(new Float32Array(3 * 3 * 4 * 2), { shape: [3, 3, 4, 2] }) }] }] });
    expect(() => model.predict(uniform(generator(1), [1, 5, 5, 3]))).toThrow(/^<memory>: layer "conv" \(Conv2D\): input of shape \(1, 5, 5, 3\) does not fit kernel \(3, 3, 4, 2\) with groups=1: expected 4 dims ending in 4 channels$/);
  });

  it("says which input has the wrong shape, and how many inputs the model takes", async () => {
    const { model } = await twinModels(graphs[0]!.config);
    expect(() => model.predict([uniform(generator(1), [2, 5]), uniform(generator(2), [2, 4])])).toThrow(/^<memory>: input 0: the model takes arrays of shape \(None, 4\), got \(2, 5\)$/);
    expect(() => model.predict(uniform(generator(1), [2, 4]))).toThrow(/^<memory>: model input: the model takes 2 inputs, got 1$/);
  });
});
