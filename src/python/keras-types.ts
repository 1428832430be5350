// Keras's Python types as declarations: models, layers and variables, each under the class path of the Keras that wrote the file.
import { KerasLayer } from "../keras/model/layer.js";
import { KerasModel, KerasWeights, SummaryText } from "../keras/model/model.js";
import { KerasVariable } from "../keras/model/variable.js";
import { PyClass, type MemberSpec } from "./classes.js";
import { row, type TypeRow } from "./types.js";

const method = (signature: string, doc: string): MemberSpec => ({ kind: "method", signature, doc });
const property = (doc: string): MemberSpec => ({ kind: "property", doc });

/** What every layer (and so every model) offers. */
const layerMembers: Record<string, MemberSpec> = {
  name: property("The layer's name, unique within its model (conv2d_1, fc_5...)."),
  trainable: property("Whether training would update the layer's weights; False when the config froze it."),
  weights: property("Every variable of the layer: the trainable ones, then the others (such as a batch norm's moving statistics)."),
  trainable_weights: property("The variables training would update."),
  non_trainable_weights: property("The variables training leaves alone: running statistics, and everything of a frozen layer."),
  get_weights: method("get_weights()", "The values of the layer's variables as numpy arrays, in the order of weights: trainable first, then the rest."),
  set_weights: method(
    "set_weights(weights)",
    "Replaces the values of the layer's variables with a list of numpy arrays in the order get_weights() gives. The count and every shape are checked first, with Keras's ValueError text, so a refused call changes nothing.",
  ),
  get_config: method("get_config()", "The layer's constructor arguments as a dict, as the file's model config records them."),
  count_params: method("count_params()", "How many numbers the layer's weights hold in total."),
  input_shape: property("The shape the layer takes, None for sizes left open (before Keras 3; Keras 3 layers have no such attribute)."),
  output_shape: property("The shape the layer gives, None for sizes left open, from shape inference over the model config (before Keras 3)."),
};

/** What a model adds to a layer. */
const modelMembers: Record<string, MemberSpec> = {
  layers: property("The model's layers in order. A Sequential model leaves out the InputLayer Keras adds by itself; a functional model lists its inputs."),
  get_layer: method("get_layer(name=None, index=None)", "The layer called name, or the one at position index; a ValueError names the layers there are."),
  get_weights: method("get_weights()", "The values of every layer's variables as numpy arrays, layer by layer, each layer's trainable weights first."),
  set_weights: method("set_weights(weights)", "Replaces the values of every variable from a list in get_weights() order, after checking the count and every shape."),
  get_config: method("get_config()", "The model's config (its name and the config of every layer) as a dict."),
  to_json: method("to_json(**kwargs)", "The model's architecture as a JSON string, the text keras.models.model_from_json reads back; it holds no weights."),
  count_params: method("count_params()", "How many numbers the weights of every layer hold in total."),
  summary: method("summary(print_fn=None)", "The table Keras prints: each layer with its output shape (inferred from the config) and parameter count, then the totals. With print_fn, each line is passed to it instead."),
  input_shape: property("The batch shape of the model's input, None for the batch size, from the config's InputLayer or first layer."),
  output_shape: property("The batch shape of the model's output (a list of them for several outputs), from shape inference over the config."),
  save: method(
    "save(filepath)",
    "Writes the model: a Keras 3 archive for a .keras path, else a legacy HDF5 full model. A model read from a file of that format is written as a copy of it (optimizer state and training config included) with the current weights; the file appears only once complete.",
  ),
  save_weights: method("save_weights(filepath)", "Writes only the weights: a .weights.h5 file for Keras 3 models (which require that name), the legacy layout for earlier ones."),
  load_weights: method("load_weights(filepath)", "Reads the weights of a Keras file into this model, pairing the layers that have weights in order; every count and shape is checked before anything changes."),
  predict: method(
    "predict(x, batch_size=None, verbose='auto')",
    "Runs the model in inference mode (dropout off, batch norm on its moving statistics) on a channels-last batch and returns float32 numpy arrays; a model with several inputs takes a list, one with several outputs returns a list. Layers whose code is not in the file (Lambda, custom classes) raise an error naming them.",
  ),
  call: method("call(inputs, training=None, mask=None)", "What model(x) does in Keras, in inference mode: the same arrays predict returns."),
};

const variableMembers: Record<string, MemberSpec> = {
  name: property("The variable's name: conv2d/kernel:0 in TensorFlow's style, the bare kernel in Keras 3."),
  shape: property("The variable's shape as a tuple."),
  dtype: property("The element type, such as float32."),
  trainable: property("Whether training would update the variable."),
  numpy: method("numpy()", "A copy of the variable's value as a numpy array."),
};

const classes = new Map<string, PyClass>();

/** One PyClass per class path, each made once; the first call for a path fixes its bases and members. */
function classAt(path: string, spec: { doc: string; bases?: readonly PyClass[]; members?: Record<string, MemberSpec> }): PyClass {
  let cls = classes.get(path);
  if (!cls) {
    const dot = path.lastIndexOf(".");
    cls = new PyClass({ module: path.slice(0, dot), qualname: path.slice(dot + 1), ...spec });
    classes.set(path, cls);
  }
  return cls;
}

/** Keras 3 layers (under `keras.src`) dropped input_shape and output_shape; models keep theirs. */
const keras3Dropped = new Set(["input_shape", "output_shape"]);

function layerBase(path: string): PyClass {
  const members = path.startsWith("keras.src.") ? Object.fromEntries(Object.entries(layerMembers).filter(([name]) => !keras3Dropped.has(name))) : layerMembers;
  return classAt(path, { doc: "The base of every Keras layer: a named group of variables with a config.", members });
}

function layerClass(layer: KerasLayer): PyClass {
  return classAt(layer.classPath, {
    doc: layer.className
      ? `A ${layer.className} layer as read from a file: its config and its weights. weightscope does not run it.`
      : "A layer of a weights-only file: its name and weights; the file records no class or config.",
    bases: [layerBase(layer.baseClassPath)],
  });
}

function modelClass(model: KerasModel): PyClass {
  const modelBase = classAt(model.era.model, { doc: "A Keras model: layers with their weights, and the config that connects them.", bases: [layerBase(model.era.layer)], members: modelMembers });
  if (model.classPath === model.era.model) return modelBase;
  return classAt(model.classPath, { doc: "A Keras model read from a file: its layers, their weights and its config. weightscope does not run or train it.", bases: [modelBase] });
}

const weightsFileClass = new PyClass({
  module: "weightscope.keras",
  qualname: "KerasWeights",
  doc: "The layers and weights of a Keras weights file (save_weights, .weights.h5), which records no model config.",
  members: {
    name: property("The path of the file the weights were read from."),
    layers: property("The layers in the file's order, each with its weights."),
    weights: property("Every variable, layer by layer."),
    get_layer: method("get_layer(name)", "The layer called name."),
    get_weights: layerMembers.get_weights!,
    set_weights: layerMembers.set_weights!,
    save_weights: modelMembers.save_weights!,
    count_params: layerMembers.count_params!,
  },
});

function variableClass(variable: KerasVariable): PyClass {
  if (!variable.keras3) {
    return classAt(variable.classPath, { doc: "A TensorFlow variable holding one weight: its name, shape, dtype and value.", members: variableMembers });
  }
  return classAt(variable.classPath, {
    doc: "A Keras 3 variable holding one weight; its path names the model and layer it belongs to.",
    members: { ...variableMembers, path: property("Where the variable lives: model name, layer name and variable name joined by '/'.") },
  });
}

/** Rows for Keras values, tried before the builtin rows. */
export const kerasRows: readonly TypeRow<unknown>[] = [
  row<KerasModel>({ test: (v) => v instanceof KerasModel, cls: modelClass }),
  row<KerasWeights>({ test: (v) => v instanceof KerasWeights, cls: weightsFileClass }),
  row<KerasLayer>({ test: (v) => v instanceof KerasLayer, cls: (v) => layerClass(v) }),
  row<SummaryText>({
    test: (v) => v instanceof SummaryText,
    cls: new PyClass({ module: "weightscope.keras", qualname: "SummaryText", doc: "The text of model.summary(); the prompt shows it as Keras prints it." }),
    repr: (v) => String(v),
    str: (v) => String(v),
  }),
  row<KerasVariable>({ test: (v) => v instanceof KerasVariable, cls: variableClass, repr: (v) => String(v) }),
];

