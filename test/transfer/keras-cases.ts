// The Keras side of each transfer case: a tf.keras 2.7 model_config matching the torch module of the same name in torch_cases.py.
type Json = Record<string, unknown>;

const base = (name: string): Json => ({ name, trainable: true, dtype: "float32" });
const input = (shape: number[], dtype = "float32"): Json => ({ class_name: "InputLayer", config: { batch_input_shape: [null, ...shape], dtype, sparse: false, ragged: false, name: "input_1" } });
const layer = (class_name: string, name: string, config: Json): Json => ({ class_name, config: { ...base(name), ...config } });
const conv = (class_name: string, name: string, config: Json): Json =>
  layer(class_name, name, { padding: "valid", data_format: "channels_last", activation: "linear", use_bias: true, ...config });
const dense = (name: string, units: number): Json => layer("Dense", name, { units, activation: "linear", use_bias: true });
const batchNorm = (name: string): Json => layer("BatchNormalization", name, { axis: -1, momentum: 0.9, epsilon: 1e-5, center: true, scale: true });
const recurrent = (class_name: string, name: string, extra: Json = {}): Json =>
  layer(class_name, name, { units: 6, activation: "tanh", use_bias: true, return_sequences: true, return_state: false, go_backwards: false, stateful: false, unroll: false, ...extra });
const cell = (class_name: string, extra: Json = {}): Json =>
  class_name === "SimpleRNN" ? recurrent(class_name, class_name.toLowerCase(), extra) : recurrent(class_name, class_name.toLowerCase(), { recurrent_activation: "sigmoid", ...extra });
const bidirectional = (inner: Json, name = "bidirectional"): Json => layer("Bidirectional", name, { layer: inner, merge_mode: "concat" });
/** One Keras layer per layer of a torch stack, named as Keras numbers them (lstm, lstm_1, …). */
const stack = (class_name: string, count: number, extra: Json = {}): Json[] =>
  Array.from({ length: count }, (_, k) => cell(class_name, { ...extra, name: `${class_name.toLowerCase()}${k === 0 ? "" : `_${k}`}` }));

export function sequential(layers: Json[]): Json {
  return { class_name: "Sequential", config: { name: "sequential", layers } };
}

/** The same chain as a functional model: each layer names the one before it in inbound_nodes. */
function functional(layers: Json[]): Json {
  const linked = layers.map((entry, i) => {
    const name = (entry.config as Json).name as string;
    const previous = i === 0 ? undefined : ((layers[i - 1]!.config as Json).name as string);
    return { ...entry, name, inbound_nodes: previous === undefined ? [] : [[[previous, 0, 0, {}]]] };
  });
  const first = linked[0]!.name;
  const last = linked[linked.length - 1]!.name;
  return { class_name: "Functional", config: { name: "model", layers: linked, input_layers: [[first, 0, 0]], output_layers: [[last, 0, 0]] } };
}

export interface KerasCase {
  readonly config: Json;
  /** The torch input has channels on axis 1 (NCHW, NCL): Keras reads them last. */
  readonly channelsIn: boolean;
  /** The output has channels on axis 1 in torch and last in Keras. */
  readonly channelsOut: boolean;
  /** TensorFlow.js can run it (it has no grouped convolutions, no Conv1DTranspose and no GRU with reset_after). */
  readonly tfjs: boolean;
}

/**
 * Cases whose Keras forward pass numpy computes instead (torch_cases.py keras_by_numpy): GRU after keras
 * rnn/gru.py, and BatchNormalization on 5-D input, which TensorFlow.js's layer refuses beyond rank 4.
 */
export const numpyKerasForward = new Set(["gru", "bigru", "batchnorm3d", "gru_stack"]);

/** Two LSTM layers with the Dropout that stands for torch's `dropout` between them, and a Dense. */
function lstmStack(): Json[] {
  const [first, second] = stack("LSTM", 2);
  return [input([5, 4]), first!, layer("Dropout", "dropout", { rate: 0.25 }), second!, dense("dense", 3)];
}

const image = (config: Json, channelsOut = true, tfjs = true): KerasCase => ({ config, channelsIn: true, channelsOut, tfjs });
const sequence = (config: Json): KerasCase => ({ config, channelsIn: false, channelsOut: false, tfjs: true });

export const kerasCases: Record<string, KerasCase> = {
  flatten4x4: image(
    sequential([
      input([10, 10, 2]),
      conv("Conv2D", "conv2d", { filters: 8, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], groups: 1, activation: "relu" }),
      layer("MaxPooling2D", "max_pooling2d", { pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_last" }),
      layer("Flatten", "flatten", { data_format: "channels_last" }),
      layer("Dropout", "dropout", { rate: 0.5 }),
      dense("dense", 10),
    ]),
    false,
  ),
  flatten4x4_functional: image(
    functional([
      input([10, 10, 2]),
      conv("Conv2D", "conv2d", { filters: 8, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], groups: 1, activation: "relu" }),
      layer("MaxPooling2D", "max_pooling2d", { pool_size: [2, 2], strides: [2, 2], padding: "valid", data_format: "channels_last" }),
      layer("Flatten", "flatten", { data_format: "channels_last" }),
      layer("Dropout", "dropout", { rate: 0.5 }),
      dense("dense", 10),
    ]),
    false,
  ),
  flatten1d: image(
    sequential([input([8, 3]), conv("Conv1D", "conv1d", { filters: 4, kernel_size: [3], strides: [1], dilation_rate: [1], groups: 1 }), layer("Flatten", "flatten", { data_format: "channels_last" }), dense("dense", 5)]),
    false,
  ),
  batchnorm: image(
    sequential([
      input([6, 6, 3]),
      conv("Conv2D", "conv2d", { filters: 4, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], groups: 1 }),
      batchNorm("batch_normalization"),
      layer("Activation", "activation", { activation: "relu" }),
      layer("Flatten", "flatten", { data_format: "channels_last" }),
      dense("dense", 5),
      batchNorm("batch_normalization_1"),
    ]),
    false,
  ),
  lstm: sequence(sequential([input([5, 4]), cell("LSTM")])),
  gru: { ...sequence(sequential([input([5, 4]), cell("GRU", { reset_after: true })])), tfjs: false },
  rnn: sequence(sequential([input([5, 4]), cell("SimpleRNN")])),
  bilstm: sequence(sequential([input([5, 4]), bidirectional(cell("LSTM"))])),
  bigru: { ...sequence(sequential([input([5, 4]), bidirectional(cell("GRU", { reset_after: true }))])), tfjs: false },
  // torch stacks (num_layers > 1) against one Keras layer per torch layer, the Dense reading every step.
  lstm_stack: sequence(sequential(lstmStack())),
  lstm_stack_functional: sequence(functional(lstmStack())),
  gru_stack: { ...sequence(sequential([input([5, 4]), ...stack("GRU", 2, { reset_after: true }), dense("dense", 3)])), tfjs: false },
  rnn_stack: sequence(sequential([input([5, 4]), ...stack("SimpleRNN", 3), dense("dense", 3)])),
  bilstm_stack: sequence(sequential([input([5, 4]), ...stack("LSTM", 2).map((inner, k) => bidirectional(inner, k === 0 ? "bidirectional" : "bidirectional_1")), dense("dense", 3)])),
  depthwise: image(sequential([input([7, 7, 3]), conv("DepthwiseConv2D", "depthwise_conv2d", { kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], depth_multiplier: 2 })])),
  separable: image(sequential([input([7, 7, 3]), conv("SeparableConv2D", "separable_conv2d", { filters: 5, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], depth_multiplier: 2 })])),
  convtranspose: image(sequential([input([5, 5, 3]), conv("Conv2DTranspose", "conv2d_transpose", { filters: 4, kernel_size: [3, 3], strides: [2, 2], dilation_rate: [1, 1], output_padding: null })])),
  conv1d: image(sequential([input([8, 3]), conv("Conv1D", "conv1d", { filters: 4, kernel_size: [3], strides: [1], dilation_rate: [1], groups: 1 })])),
  conv3d: image(sequential([input([4, 4, 4, 2]), conv("Conv3D", "conv3d", { filters: 3, kernel_size: [2, 2, 2], strides: [1, 1, 1], dilation_rate: [1, 1, 1], groups: 1 })])),
  embedding: sequence(sequential([input([6]), layer("Embedding", "embedding", { input_dim: 10, output_dim: 4, mask_zero: false, input_length: null })])),
  prelu: image(
    sequential([input([6, 6, 2]), conv("Conv2D", "conv2d", { filters: 3, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], groups: 1 }), layer("PReLU", "p_re_lu", { shared_axes: [1, 2] })]),
  ),
  layernorm: sequence(sequential([input([4]), dense("dense", 6), layer("LayerNormalization", "layer_normalization", { axis: [1], epsilon: 1e-5, center: true, scale: true })])),
  grouped: image(sequential([input([6, 6, 4]), conv("Conv2D", "conv2d", { filters: 6, kernel_size: [3, 3], strides: [1, 1], dilation_rate: [1, 1], groups: 2 })]), true, false),
  convtranspose1d: image(sequential([input([5, 3]), conv("Conv1DTranspose", "conv1d_transpose", { filters: 4, kernel_size: [3], strides: [2], dilation_rate: [1], output_padding: null })]), true, false),
  convtranspose3d: image(sequential([input([3, 4, 2, 3]), conv("Conv3DTranspose", "conv3d_transpose", { filters: 4, kernel_size: [2, 3, 1], strides: [2, 1, 3], dilation_rate: [1, 1, 1], output_padding: null })])),
  batchnorm3d: image(sequential([input([3, 2, 3, 4]), batchNorm("batch_normalization")]), true, false),
  decoder3d: image(
    sequential([
      input([3, 4, 3, 2]),
      conv("Conv3D", "conv3d", { filters: 4, kernel_size: [2, 2, 2], strides: [1, 1, 1], dilation_rate: [1, 1, 1], groups: 1 }),
      batchNorm("batch_normalization"),
      layer("Activation", "activation", { activation: "relu" }),
      conv("Conv3DTranspose", "conv3d_transpose", { filters: 3, kernel_size: [2, 2, 2], strides: [2, 2, 2], dilation_rate: [1, 1, 1], output_padding: null }),
      batchNorm("batch_normalization_1"),
    ]),
    true,
    false,
  ),
};
