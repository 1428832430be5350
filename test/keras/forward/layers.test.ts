// Each layer kind in a small Sequential model with random weights: predict() equals TensorFlow.js layers on the same config and weights.
import { describe, it } from "vitest";
import type { NDArray } from "../../../src/tensor/index.js";
import { expectSameOutputs, generator, indices, sequentialConfig, twinModels, uniform } from "./oracle.js";

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly input: readonly number[];
  readonly layers: ReadonlyArray<readonly [string, Json]>;
  /** Embedding inputs: whole numbers below this. */
  readonly vocabulary?: number;
}

const conv2d = (extra: Json): readonly [string, Json] => ["Conv2D", { filters: 3, kernel_size: [3, 3], strides: [1, 1], padding: "valid", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "linear", use_bias: true, ...extra }];
const pool = (className: string, extra: Json): readonly [string, Json] => [className, { pool_size: [3, 3], strides: [2, 2], padding: "same", data_format: "channels_last", ...extra }];
/** A recurrent layer's config; wrapped in Bidirectional it is a `{class_name, config}` spec with a name of its own. */
const rnnConfig = (extra: Json): Json => ({ units: 4, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, ...extra });
const rnn = (className: string, extra: Json): Json => ({
  class_name: className,
  config: { name: className.toLowerCase(), trainable: true, dtype: "float32", units: 4, activation: "tanh", recurrent_activation: "sigmoid", use_bias: true, return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, ...extra },
});

// Stride-2 'same' pads differently on odd and even sizes, so those kinds run on both.
const cases: Case[] = [
  { name: "Dense with relu, then softmax", input: [7], layers: [["Dense", { units: 5, activation: "relu", use_bias: true }], ["Dense", { units: 3, activation: "softmax", use_bias: true }]] },
  { name: "Dense without bias over the last axis of 3-d input", input: [4, 6], layers: [["Dense", { units: 5, activation: "tanh", use_bias: false }]] },
  ...[7, 8].flatMap((size): Case[] => [
    { name: `Conv2D 'same' stride 2 on ${size}x${size}`, input: [size, size, 2], layers: [conv2d({ padding: "same", strides: [2, 2], activation: "elu" })] },
    { name: `Conv2D 'same' stride 2 kernel 4 on ${size}x${size + 1}`, input: [size, size + 1, 2], layers: [conv2d({ padding: "same", strides: [2, 2], kernel_size: [4, 4] })] },
    { name: `DepthwiseConv2D 'same' stride 2, multiplier 2, on ${size}x${size}`, input: [size, size, 3], layers: [["DepthwiseConv2D", { kernel_size: [3, 3], strides: [2, 2], padding: "same", depth_multiplier: 2, data_format: "channels_last", dilation_rate: [1, 1], activation: "relu", use_bias: true }]] },
    { name: `SeparableConv2D 'same' stride 2 on ${size}x${size}`, input: [size, size, 3], layers: [["SeparableConv2D", { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: "same", depth_multiplier: 2, data_format: "channels_last", dilation_rate: [1, 1], activation: "linear", use_bias: true }]] },
    { name: `MaxPooling2D 'same' 3x3 stride 2 on ${size}x${size}`, input: [size, size, 2], layers: [pool("MaxPooling2D", {})] },
    { name: `AveragePooling2D 'same' 3x3 stride 2 on ${size}x${size} (padding left out of the mean)`, input: [size, size, 2], layers: [pool("AveragePooling2D", {})] },
    { name: `Conv1D 'same' stride 2 on length ${size}`, input: [size, 3], layers: [["Conv1D", { filters: 2, kernel_size: [3], strides: [2], padding: "same", data_format: "channels_last", dilation_rate: [1], activation: "sigmoid", use_bias: true }]] },
    { name: `MaxPooling1D and AveragePooling1D 'same' stride 2 on length ${size}`, input: [size, 3], layers: [["MaxPooling1D", { pool_size: [3], strides: [2], padding: "same" }], ["AveragePooling1D", { pool_size: [2], strides: [2], padding: "same" }]] },
    { name: `Conv3D 'same' stride 2 on ${size}x${size}x${size}`, input: [size, size, size, 2], layers: [["Conv3D", { filters: 2, kernel_size: [3, 3, 3], strides: [2, 2, 2], padding: "same", data_format: "channels_last", dilation_rate: [1, 1, 1], activation: "linear", use_bias: true }]] },
    { name: `MaxPooling3D and AveragePooling3D 'same' on ${size}^3`, input: [size, size, size, 2], layers: [["MaxPooling3D", { pool_size: [3, 3, 3], strides: [2, 2, 2], padding: "same" }], ["AveragePooling3D", { pool_size: [2, 2, 2], strides: [2, 2, 2], padding: "same" }]] },
  ]),
  {
    name: "channels_first Conv2D, pooling, padding and Flatten",
    input: [2, 7, 6],
    layers: [
      conv2d({ padding: "same", strides: [2, 2], data_format: "channels_first" }),
      ["ZeroPadding2D", { padding: [[1, 0], [0, 1]], data_format: "channels_first" }],
      ["MaxPooling2D", { pool_size: [2, 2], strides: [1, 1], padding: "valid", data_format: "channels_first" }],
      ["Flatten", { data_format: "channels_first" }],
    ],
  },
  { name: "Conv2D dilated 'valid' and 'same'", input: [9, 9, 2], layers: [conv2d({ dilation_rate: [2, 2] }), conv2d({ dilation_rate: [2, 2], padding: "same" })] },
  ...[
    ["valid", [3, 3], [2, 2]],
    ["same", [3, 3], [2, 2]],
    ["valid", [2, 2], [3, 3]],
    ["same", [4, 4], [2, 2]],
    ["same", [3, 3], [1, 1]],
  ].map(([padding, kernel, strides]): Case => ({
    name: `Conv2DTranspose '${padding}' kernel ${kernel} stride ${strides}`,
    input: [5, 4, 3],
    layers: [["Conv2DTranspose", { filters: 2, kernel_size: kernel, strides, padding, output_padding: null, data_format: "channels_last", dilation_rate: [1, 1], activation: "linear", use_bias: true }]],
  })),
  { name: "Conv3DTranspose 'same' stride 2", input: [3, 4, 3, 2], layers: [["Conv3DTranspose", { filters: 2, kernel_size: [3, 3, 3], strides: [2, 2, 2], padding: "same", output_padding: null, data_format: "channels_last", dilation_rate: [1, 1, 1], activation: "linear", use_bias: true }]] },
  { name: "MaxPooling2D and AveragePooling2D 'valid', strides None", input: [7, 6, 2], layers: [["MaxPooling2D", { pool_size: [2, 2], strides: null, padding: "valid" }], ["AveragePooling2D", { pool_size: [2, 2], strides: null, padding: "valid" }]] },
  { name: "global pooling, 2-d", input: [5, 4, 3], layers: [["GlobalAveragePooling2D", { data_format: "channels_last" }]] },
  { name: "global max pooling, 2-d", input: [5, 4, 3], layers: [["GlobalMaxPooling2D", { data_format: "channels_last" }]] },
  { name: "global pooling, 1-d", input: [5, 3], layers: [["GlobalAveragePooling1D", { data_format: "channels_last" }], ["RepeatVector", { n: 2 }], ["GlobalMaxPooling1D", { data_format: "channels_last" }]] },
  {
    name: "BatchNormalization with the moving statistics, and without center or scale",
    input: [4, 4, 3],
    layers: [
      ["BatchNormalization", { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true }],
      ["BatchNormalization", { axis: [3], momentum: 0.9, epsilon: 0.01, center: false, scale: true }],
      ["BatchNormalization", { axis: -1, momentum: 0.9, epsilon: 1e-5, center: true, scale: false }],
    ],
  },
  { name: "LayerNormalization", input: [3, 6], layers: [["LayerNormalization", { axis: [2], epsilon: 0.001, center: true, scale: true }], ["LayerNormalization", { axis: -1, epsilon: 1e-5, center: false, scale: true }]] },
  { name: "Embedding into an LSTM", input: [6], vocabulary: 9, layers: [["Embedding", { input_dim: 9, output_dim: 4, input_length: 6 }], ["LSTM", rnnConfig({ return_sequences: true })]] },
  { name: "LSTM with hard_sigmoid gates, backwards", input: [5, 3], layers: [["LSTM", rnnConfig({ recurrent_activation: "hard_sigmoid", go_backwards: true })]] },
  { name: "GRU (reset_after false), sequences", input: [5, 3], layers: [["GRU", rnnConfig({ reset_after: false, return_sequences: true })]] },
  { name: "SimpleRNN with relu, then backwards", input: [5, 3], layers: [["SimpleRNN", rnnConfig({ activation: "relu", return_sequences: true })], ["SimpleRNN", rnnConfig({ go_backwards: true })]] },
  ...["concat", "sum", "ave", "mul"].map((mode): Case => ({
    name: `Bidirectional LSTM, merge_mode ${mode}`,
    input: [5, 3],
    layers: [["Bidirectional", { layer: rnn("LSTM", { return_sequences: true }), merge_mode: mode }]],
  })),
  { name: "Bidirectional GRU, last step only", input: [5, 3], layers: [["Bidirectional", { layer: rnn("GRU", { reset_after: false }), merge_mode: "concat" }]] },
  {
    name: "Flatten, Reshape, Permute, Dropout, SpatialDropout1D, TimeDistributed(Dense)",
    input: [4, 3, 2],
    layers: [
      ["Flatten", { data_format: "channels_last" }],
      ["Reshape", { target_shape: [6, -1] }],
      ["Permute", { dims: [2, 1] }],
      ["Dropout", { rate: 0.5, noise_shape: null, seed: null }],
      ["SpatialDropout1D", { rate: 0.5 }],
      ["TimeDistributed", { layer: { class_name: "Dense", config: { name: "inner", trainable: true, dtype: "float32", units: 3, activation: "tanh", use_bias: true } } }],
    ],
  },
  ...["linear", "relu", "relu6", "elu", "selu", "sigmoid", "hard_sigmoid", "tanh", "softmax", "softplus", "softsign", "swish", "gelu"].map((activation): Case => ({
    name: `Activation ${activation}`,
    input: [3, 5],
    layers: [["Activation", { activation: activation }]],
  })),
  {
    name: "ReLU, LeakyReLU, ELU, ThresholdedReLU, Softmax layers",
    input: [3, 5],
    layers: [
      ["ReLU", { max_value: 0.6 }],
      ["LeakyReLU", { alpha: 0.2 }],
      ["ELU", { alpha: 1.0 }],
      ["ThresholdedReLU", { theta: -0.1 }],
      ["Softmax", { axis: -1 }],
    ],
  },
  { name: "PReLU per element and shared over the spatial axes", input: [3, 4, 2], layers: [["PReLU", { shared_axes: null }], ["PReLU", { shared_axes: [1, 2] }]] },
  {
    name: "ZeroPadding2D, UpSampling2D, Cropping2D",
    input: [3, 4, 2],
    layers: [
      ["ZeroPadding2D", { padding: [[1, 2], [0, 3]], data_format: "channels_last" }],
      ["UpSampling2D", { size: [2, 3], data_format: "channels_last", interpolation: "nearest" }],
      ["Cropping2D", { cropping: [[1, 0], [2, 3]], data_format: "channels_last" }],
    ],
  },
];

describe("predict() per layer kind, against TensorFlow.js", () => {
  for (const [index, c] of cases.entries()) {
    it(c.name, async () => {
      const { model, tfjs } = await twinModels(sequentialConfig(c.input, c.layers, c.vocabulary ? "int32" : "float32"), "2.7.0", index + 1);
      const random = generator(1000 + index);
      // Batches of 3, and of 1 (a batch axis of size 1 must not be dropped).
      for (const batch of [3, 1]) {
        const x: NDArray = c.vocabulary ? indices(random, [batch, ...c.input], c.vocabulary) : uniform(random, [batch, ...c.input]);
        expectSameOutputs(`${c.name}, batch ${batch}`, model, tfjs, [x]);
      }
      tfjs.dispose();
    });
  }
});
