// Which Python class path each Keras generation gave its models, layers and variables: one table of eras, one of layer classes.
//
// The paths are what `type(x)` printed in the Keras that wrote the file. Where a release moved a class
// (Keras 2.2 made keras/engine/sequential.py, tf.keras 2.4 introduced Functional, Keras 2.9 gave each
// layer its own file, Keras 2.13 moved everything under keras.src), the table starts a new era.

/** A version as the file records it: `2.2.4-tf` is tf.keras (TensorFlow's copy), `2.2.4` standalone Keras. */
export interface KerasVersion {
  readonly major: number;
  readonly minor: number;
  readonly tfSuffix: boolean;
}

export function parseKerasVersion(text: string | undefined, fallback: string): KerasVersion {
  const match = /^(\d+)\.(\d+)/.exec(text ?? fallback) ?? /^(\d+)\.(\d+)/.exec(fallback)!;
  return { major: Number(match[1]), minor: Number(match[2]), tfSuffix: (text ?? "").endsWith("-tf") };
}

/**
 * How layer classes are laid out in an era: `family` puts a class in its family module
 * (`keras.layers.convolutional.Conv2D`), `file` in a module of its own (`keras.layers.convolutional.conv2d.Conv2D`).
 */
type LayerStyle = "family" | "tf2-family" | "keras26-family" | "file" | "keras3-file";

export interface KerasEra {
  readonly name: string;
  readonly matches: (v: KerasVersion) => boolean;
  readonly sequential: string;
  readonly functional: string;
  /** The Model base class (help() and isinstance), and the Layer base. */
  readonly model: string;
  readonly layer: string;
  readonly inputLayer: string;
  /** Where `keras.layers` lives: `keras`, `tensorflow.python.keras`, `keras.src`. */
  readonly layersPackage: string;
  readonly layerStyle: LayerStyle;
  /** Keras 3 variables print as `<KerasVariable ...>`, earlier ones as tf.Variable. */
  readonly keras3: boolean;
  /**
   * Before tf.keras 2.4, `model.weights` was every trainable weight, then every non-trainable one; from
   * 2.4 (and in Keras 3) it goes layer by layer. `get_weights()` goes layer by layer in every era.
   */
  readonly weightsTrainableFirst: boolean;
}

const tfPython = "tensorflow.python.keras";

/**
 * One row per era. `engine` is the package of the model classes: Sequential, Model, base Layer and
 * InputLayer live in its `sequential`, `training`, `base_layer` and `input_layer` modules unless a row
 * says otherwise, and Functional in `functional` (before it existed, a functional model was a Model).
 */
interface EraRow {
  readonly name: string;
  readonly matches: (v: KerasVersion) => boolean;
  readonly engine: string;
  readonly layers: string;
  readonly style: LayerStyle;
  readonly trainableFirst: boolean;
  readonly overrides?: Partial<Pick<KerasEra, "sequential" | "functional" | "model" | "layer" | "inputLayer">>;
  readonly keras3?: true;
}

const beforeFunctional = (engine: string) => ({ functional: `${engine}.training.Model` });
const keras1Engine = { sequential: "keras.models.Sequential", functional: "keras.engine.training.Model", layer: "keras.engine.topology.Layer", inputLayer: "keras.engine.topology.InputLayer" };

const eraRows: readonly EraRow[] = [
  { name: "Keras 1.x", matches: (v) => v.major === 1, engine: "keras.engine", layers: "keras", style: "family", trainableFirst: true, overrides: keras1Engine },
  { name: "Keras 2.0-2.1", matches: (v) => v.major === 2 && v.minor <= 1 && !v.tfSuffix, engine: "keras.engine", layers: "keras", style: "family", trainableFirst: true, overrides: keras1Engine },
  { name: "Keras 2.2-2.3", matches: (v) => v.major === 2 && v.minor <= 3 && !v.tfSuffix, engine: "keras.engine", layers: "keras", style: "family", trainableFirst: true, overrides: beforeFunctional("keras.engine") },
  { name: "tf.keras 2.1-2.2 (-tf)", matches: (v) => v.tfSuffix && v.minor <= 2, engine: `${tfPython}.engine`, layers: tfPython, style: "family", trainableFirst: true, overrides: beforeFunctional(`${tfPython}.engine`) },
  { name: "tf.keras 2.3 (-tf)", matches: (v) => v.tfSuffix, engine: `${tfPython}.engine`, layers: tfPython, style: "tf2-family", trainableFirst: true, overrides: beforeFunctional(`${tfPython}.engine`) },
  { name: "tf.keras 2.4-2.5", matches: (v) => v.major === 2 && v.minor <= 5, engine: `${tfPython}.engine`, layers: tfPython, style: "tf2-family", trainableFirst: false },
  { name: "Keras 2.6-2.8", matches: (v) => v.major === 2 && v.minor <= 8, engine: "keras.engine", layers: "keras", style: "keras26-family", trainableFirst: false },
  { name: "Keras 2.9-2.12", matches: (v) => v.major === 2 && v.minor <= 12, engine: "keras.engine", layers: "keras", style: "file", trainableFirst: false },
  { name: "Keras 2.13-2.15", matches: (v) => v.major === 2, engine: "keras.src.engine", layers: "keras.src", style: "file", trainableFirst: false },
  {
    name: "Keras 3",
    matches: () => true,
    engine: "keras.src.models",
    layers: "keras.src",
    style: "keras3-file",
    trainableFirst: false,
    keras3: true,
    overrides: { model: "keras.src.models.model.Model", layer: "keras.src.layers.layer.Layer", inputLayer: "keras.src.layers.core.input_layer.InputLayer" },
  },
];

export const kerasEras: readonly KerasEra[] = eraRows.map((row) => ({
  name: row.name,
  matches: row.matches,
  sequential: `${row.engine}.sequential.Sequential`,
  functional: `${row.engine}.functional.Functional`,
  model: `${row.engine}.training.Model`,
  layer: `${row.engine}.base_layer.Layer`,
  inputLayer: `${row.engine}.input_layer.InputLayer`,
  ...row.overrides,
  layersPackage: row.layers,
  layerStyle: row.style,
  keras3: row.keras3 ?? false,
  weightsTrainableFirst: row.trainableFirst,
}));

export function eraOf(version: KerasVersion): KerasEra {
  return kerasEras.find((era) => era.matches(version))!;
}

/**
 * One row per layer class: its family module before Keras 2.9 (`convolutional`), its module from 2.9 on
 * (`convolutional.conv2d`), and where an era differs from both (`tf2`: tf.keras 2.3-2.5; `k26`: Keras
 * 2.6-2.8; `k3`: Keras 3).
 */
interface LayerPlace {
  readonly family: string;
  readonly file: string;
  readonly tf2?: string;
  readonly k26?: string;
  readonly k3?: string;
}

const place = (family: string, file: string, more: Omit<LayerPlace, "family" | "file"> = {}): LayerPlace => ({ family, file, ...more });

export const layerPlaces: Readonly<Record<string, LayerPlace>> = {
  Dense: place("core", "core.dense"),
  Activation: place("core", "core.activation", { k3: "activations.activation" }),
  Dropout: place("core", "regularization.dropout"),
  SpatialDropout2D: place("core", "regularization.spatial_dropout2d", { k3: "regularization.spatial_dropout" }),
  Flatten: place("core", "reshaping.flatten"),
  Reshape: place("core", "reshaping.reshape"),
  Lambda: place("core", "core.lambda_layer"),
  Embedding: place("embeddings", "core.embedding"),
  Conv1D: place("convolutional", "convolutional.conv1d"),
  Conv2D: place("convolutional", "convolutional.conv2d"),
  Conv3D: place("convolutional", "convolutional.conv3d"),
  Convolution1D: place("convolutional", "convolutional.conv1d"),
  Convolution2D: place("convolutional", "convolutional.conv2d"),
  Conv2DTranspose: place("convolutional", "convolutional.conv2d_transpose"),
  DepthwiseConv2D: place("convolutional", "convolutional.depthwise_conv2d"),
  SeparableConv2D: place("convolutional", "convolutional.separable_conv2d"),
  ZeroPadding2D: place("convolutional", "reshaping.zero_padding2d"),
  UpSampling2D: place("convolutional", "reshaping.up_sampling2d"),
  Cropping2D: place("convolutional", "reshaping.cropping2d"),
  MaxPooling1D: place("pooling", "pooling.max_pooling1d"),
  MaxPooling2D: place("pooling", "pooling.max_pooling2d"),
  AveragePooling2D: place("pooling", "pooling.average_pooling2d"),
  GlobalAveragePooling2D: place("pooling", "pooling.global_average_pooling2d"),
  GlobalMaxPooling2D: place("pooling", "pooling.global_max_pooling2d"),
  BatchNormalization: place("normalization", "normalization.batch_normalization", { tf2: "normalization_v2", k26: "normalization.batch_normalization" }),
  LSTM: place("recurrent", "rnn.lstm", { tf2: "recurrent_v2", k26: "recurrent_v2" }),
  GRU: place("recurrent", "rnn.gru", { tf2: "recurrent_v2", k26: "recurrent_v2" }),
  SimpleRNN: place("recurrent", "rnn.simple_rnn"),
  Add: place("merge", "merging.add"),
  Concatenate: place("merge", "merging.concatenate"),
  LeakyReLU: place("advanced_activations", "activation.leaky_relu", { k3: "activations.leaky_relu" }),
  ReLU: place("advanced_activations", "activation.relu", { k3: "activations.relu" }),
};

/**
 * The class path of a layer class in an era; classes the table does not know (custom layers, Lambda
 * kept opaque) get `__main__.Name`, as a class defined in the user's own script prints.
 */
export function layerClassPath(era: KerasEra, className: string): string {
  if (className === "InputLayer") return era.inputLayer;
  const row = layerPlaces[className];
  if (!row) return `__main__.${className}`;
  const module = {
    family: row.family,
    "tf2-family": row.tf2 ?? row.family,
    "keras26-family": row.k26 ?? row.family,
    file: row.file,
    "keras3-file": row.k3 ?? row.file,
  }[era.layerStyle];
  return `${era.layersPackage}.layers.${module}.${className}`;
}

/** The variable class: TF 2's ResourceVariable, or Keras 3's backend Variable. */
export function variableClassPath(era: KerasEra, backend: string | undefined): string {
  if (era.keras3) return `keras.src.backend.${backend ?? "tensorflow"}.core.Variable`;
  return "tensorflow.python.ops.resource_variable_ops.ResourceVariable";
}
