#!/usr/bin/env node
// Writes examples/lenet5.h5: the tutorial's Keras LeNet-5, made by weightscope itself as tf.keras 2.7 writes
// a model.save("lenet5.h5") of it. Run after `npm run build`: node examples/make_lenet5_h5.mjs
//
// The architecture is the tutorial's (and examples/lenet5.pt's): 28x28x1 input, Conv2D 6@5x5 'same' +
// tanh, average pooling, Conv2D 16@5x5 + tanh, average pooling, Conv2D 120@5x5 + tanh, flatten, Dense 84
// + tanh, Dense 10 + softmax. Kernels are Glorot-uniform and biases small uniform values, drawn from a
// seeded generator so the file is the same on every run (the biases are not zero, unlike a fresh Keras
// model, so that copying them is visible in the tutorial).
import { fileURLToPath } from "node:url";
import { NDArray, loadKerasReader } from "weightscope";

const keras = await loadKerasReader();

/** mulberry32: a small seeded generator of uniform floats in [0, 1). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(5);
const uniform = (shape, limit) => NDArray.from(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (2 * random() - 1) * limit), { shape });
const glorot = (shape, fanIn, fanOut) => uniform(shape, Math.sqrt(6 / (fanIn + fanOut)));

const initializers = { kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } }, bias_initializer: { class_name: "Zeros", config: {} } };
const regularizers = { kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null };
const conv = (name, filters, padding) => ({
  class_name: "Conv2D",
  config: { name, trainable: true, dtype: "float32", filters, kernel_size: [5, 5], strides: [1, 1], padding, data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "tanh", use_bias: true, ...initializers, ...regularizers },
});
const pool = (name) => ({ class_name: "AveragePooling2D", config: { name, trainable: true, dtype: "float32", pool_size: [2, 2], padding: "valid", strides: [2, 2], data_format: "channels_last" } });
const dense = (name, units, activation) => ({ class_name: "Dense", config: { name, trainable: true, dtype: "float32", units, activation, use_bias: true, ...initializers, ...regularizers } });

const modelConfig = {
  class_name: "Sequential",
  config: {
    name: "sequential",
    layers: [
      { class_name: "InputLayer", config: { batch_input_shape: [null, 28, 28, 1], dtype: "float32", sparse: false, ragged: false, name: "conv2d_input" } },
      conv("conv2d", 6, "same"),
      pool("average_pooling2d"),
      conv("conv2d_1", 16, "valid"),
      pool("average_pooling2d_1"),
      conv("conv2d_2", 120, "valid"),
      { class_name: "Flatten", config: { name: "flatten", trainable: true, dtype: "float32", data_format: "channels_last" } },
      dense("dense", 84, "tanh"),
      dense("dense_1", 10, "softmax"),
    ],
  },
};

const weights = (name, kernel, bias) => ({ name, weights: [{ name: `${name}/kernel:0`, value: kernel }, { name: `${name}/bias:0`, value: bias }] });
const bias = (n, fanIn) => uniform([n], 1 / Math.sqrt(fanIn));
const layers = [
  weights("conv2d", glorot([5, 5, 1, 6], 25, 150), bias(6, 25)),
  { name: "average_pooling2d", weights: [] },
  weights("conv2d_1", glorot([5, 5, 6, 16], 150, 400), bias(16, 150)),
  { name: "average_pooling2d_1", weights: [] },
  weights("conv2d_2", glorot([5, 5, 16, 120], 400, 3000), bias(120, 400)),
  { name: "flatten", weights: [] },
  weights("dense", glorot([120, 84], 120, 84), bias(84, 120)),
  weights("dense_1", glorot([84, 10], 84, 10), bias(10, 84)),
];

const model = keras.newKerasModel({ modelConfig, kerasVersion: "2.7.0", backend: "tensorflow", layers });
const target = fileURLToPath(new URL("./lenet5.h5", import.meta.url));
keras.saveModel(model, target);
console.log(`wrote ${target}: ${model.count_params()} parameters`);
