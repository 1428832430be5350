// A Keras model over a KerasFile: its layers matched to the config, the class paths of the writing version, and the model API.
import type { KerasFile } from "../read.js";
import type { KerasLayerWeights } from "../layouts.js";
import { eraOf, layerClassPath, parseKerasVersion, variableClassPath, type KerasEra } from "./class-paths.js";
import { keras3GroupNamer, layerConfigs, pythonJsonDumps, pythonLayerConfig, pythonModelConfig } from "./config.js";
import { PyDict } from "../../python/values.js";
import { KerasValueError } from "./errors.js";
import { KerasLayer, WeightHolder } from "./layer.js";
import { checkWeightShapes } from "./shape-check.js";
import { KerasVariable } from "./variable.js";
import { formatSummary, inferShapes, summaryOptionsOf, type LayerSummary, type ModelSummary } from "../summary/index.js";
import { pythonShape } from "./shapes.js";
import { KerasFileError } from "../errors.js";
import { fileActions } from "./file-actions.js";
import { predict, type PredictOptions } from "../forward/predict.js";

/**
 * What `summary()` returns: the table Keras prints. Keras prints it and returns None; a library does not
 * print, so the prompt echoes this object instead, which shows the same text.
 */
export class SummaryText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text.replace(/\n$/, "");
  }
}

const kernelAndBias = ["kernel", "bias"];
/** Normalization layers make gamma only with scale, beta only with center, then any statistics. */
const normalization =
  (statistics: readonly string[]) =>
  (config: Record<string, unknown> | undefined): readonly string[] => [
    ...(config?.scale !== false ? ["gamma"] : []),
    ...(config?.center !== false ? ["beta"] : []),
    ...statistics,
  ];
/**
 * Keras 3 weights files store `vars/0`, `vars/1`...: the names each class gives its variables, in the
 * order its build() makes them (some depend on the layer's config).
 */
const keras3VariableNames: Readonly<Record<string, readonly string[] | ((config: Record<string, unknown> | undefined) => readonly string[])>> = {
  Dense: kernelAndBias,
  Conv1D: kernelAndBias,
  Conv2D: kernelAndBias,
  Conv3D: kernelAndBias,
  Conv1DTranspose: kernelAndBias,
  Conv2DTranspose: kernelAndBias,
  Conv3DTranspose: kernelAndBias,
  DepthwiseConv1D: kernelAndBias,
  DepthwiseConv2D: kernelAndBias,
  SeparableConv1D: ["depthwise_kernel", "pointwise_kernel", "bias"],
  SeparableConv2D: ["depthwise_kernel", "pointwise_kernel", "bias"],
  BatchNormalization: normalization(["moving_mean", "moving_variance"]),
  LayerNormalization: normalization([]),
  GroupNormalization: normalization([]),
  PReLU: ["alpha"],
  Embedding: ["embeddings"],
  LSTM: ["kernel", "recurrent_kernel", "bias"],
  GRU: ["kernel", "recurrent_kernel", "bias"],
  SimpleRNN: ["kernel", "recurrent_kernel", "bias"],
};

/** Variables Keras keeps out of training (running statistics), by the last part of their name. */
const nonTrainableNames = new Set(["moving_mean", "moving_variance", "running_mean", "running_std"]);

function baseName(weightName: string): string {
  const last = weightName.slice(weightName.lastIndexOf("/") + 1).replace(/:\d+$/, "");
  // Keras 1 names weights `<layer>_running_mean`.
  return [...nonTrainableNames].find((name) => last.endsWith(`_${name}`)) ?? last;
}

export class KerasModel extends WeightHolder {
  /** `keras.engine.sequential.Sequential` and so on, per the writing version. */
  readonly classPath: string;
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  readonly era: KerasEra;
  /** What the model was read from; saving copies from it whatever weightscope does not model. */
  readonly file: KerasFile;

  /** The shape inference over the config; undefined when the config has no layer list. */
  readonly shapes: ModelSummary | undefined;

  constructor(file: KerasFile, era: KerasEra, classPath: string, name: string, layers: readonly KerasLayer[], shapes?: ModelSummary) {
    super();
    this.shapes = shapes;
    this.file = file;
    this.era = era;
    this.classPath = classPath;
    this.name = name;
    this.layers = layers;
  }

  get trainable_weights(): KerasVariable[] {
    return this.layers.flatMap((layer) => layer.trainable_weights);
  }

  get non_trainable_weights(): KerasVariable[] {
    return this.layers.flatMap((layer) => layer.non_trainable_weights);
  }

  /** Before tf.keras 2.4 every trainable weight came first; later, layer by layer (see the era table). */
  get weights(): KerasVariable[] {
    return this.era.weightsTrainableFirst ? [...this.trainable_weights, ...this.non_trainable_weights] : this.layers.flatMap((layer) => layer.weights);
  }

  /** get_weights and set_weights go layer by layer in every era. */
  protected orderedVariables(): KerasVariable[] {
    return this.layers.flatMap((layer) => layer.weights);
  }

  get_layer(name?: string, index?: number): KerasLayer {
    if (typeof index === "number") {
      const layer = this.layers[index];
      if (!layer) throw new KerasValueError(`Was asked to retrieve layer at index ${index} but model only has ${this.layers.length} layers.`);
      return layer;
    }
    const layer = this.layers.find((candidate) => candidate.name === name);
    if (!layer) throw new KerasValueError(`No such layer: ${name}. Existing layers are: ${JSON.stringify(this.layers.map((l) => l.name)).replace(/"/g, "'").replace(/,/g, ", ")}.`);
    return layer;
  }

  get_config(): unknown {
    return (pythonModelConfig(this.file) as PyDict).get("config");
  }

  /**
   * Keras 3 writes the object as config.json has it; earlier versions add keras_version and backend
   * (Keras 1 only the version) to the class name and config.
   */
  to_json(): string {
    const config = pythonModelConfig(this.file) as PyDict;
    if (this.era.keras3) return pythonJsonDumps(config);
    const extra: Array<[string, unknown]> = [["keras_version", this.file.kerasVersion]];
    if (this.era.name !== "Keras 1.x") extra.push(["backend", this.file.backend ?? "tensorflow"]);
    return pythonJsonDumps(new PyDict([["class_name", config.get("class_name")], ["config", config.get("config")], ...extra]));
  }

  /** The layer table with output shapes and parameter counts; with print_fn, each line goes to it (as in Keras) and nothing is returned. */
  summary(print_fn?: (line: string) => void): SummaryText | undefined {
    const weights = new Map(this.layers.map((layer) => [layer.name, layer.weights.map((w) => [...w.value.shape])]));
    const text = formatSummary(inferShapes(this.file.modelConfig, weights), summaryOptionsOf(this.file));
    if (typeof print_fn !== "function") return new SummaryText(text);
    for (const line of text.replace(/\n$/, "").split("\n")) print_fn(line);
    return undefined;
  }

  /** `.keras` paths write a Keras 3 archive, others a legacy HDF5 full model (src/keras/write). */
  save(filepath: string): void {
    fileActions().saveModel(this, filepath);
  }

  save_weights(filepath: string): void {
    fileActions().saveWeights(this, filepath);
  }

  load_weights(filepath: string): void {
    fileActions().loadWeightsInto(this.layers, filepath);
  }

  /** Runs the model in inference mode on a batch (channels-last); a list of arrays for several inputs, a list back for several outputs. */
  predict(x: unknown, options?: PredictOptions): unknown {
    return predict(this, x, options);
  }

  /** Keras's `__call__` in inference mode (`model(x)` in Python): the same as predict. */
  call(x: unknown): unknown {
    return predict(this, x);
  }

  /** The batch shape of the input (a list of them for several inputs), None for open sizes, from the shape inference. */
  get input_shape(): unknown {
    return this.shape("input");
  }

  get output_shape(): unknown {
    return this.shape("output");
  }

  private shape(which: "input" | "output"): unknown {
    const summary = this.shapes;
    const shape = summary ? summary[which === "input" ? "inputShape" : "outputShape"] : "?";
    const problem = summary?.layers.find((layer) => layer.problem)?.problem;
    const reason = !summary ? "the config lists no layers" : problem ? `${problem} (first layer without a known shape)` : "the config does not name the tensors";
    return pythonShape(shape, () => `weightscope cannot work out the ${which} shape of model "${this.name}": ${reason}`);
  }
}

/** The model a full-model file describes (legacy .h5 or .keras). */
export function buildKerasModel(file: KerasFile): KerasModel {
  const version = parseKerasVersion(file.kerasVersion, "3.0");
  const era = eraOf(version);
  const config = file.modelConfig as { class_name?: string; config?: unknown };
  const className = config.class_name ?? "Model";
  const sequential = className === "Sequential";
  const classPath = sequential ? era.sequential : className === "Model" || className === "Functional" ? era.functional : `__main__.${className}`;
  const modelName = (Array.isArray(config.config) ? undefined : (config.config as { name?: string } | undefined)?.name) ?? (sequential ? "sequential" : "model");
  // Sequential.layers leaves out the InputLayer Keras adds itself; a functional model lists its inputs.
  const configs = layerConfigs(file.modelConfig).filter((layer) => !(sequential && layer.class_name === "InputLayer"));
  const byName = new Map(file.layers.map((layer) => [layer.name, layer]));
  const groupName = keras3GroupNamer();
  const matched = new Map<string, KerasLayerWeights>();
  const shapes = inferIfListed(file.modelConfig);
  const layers = configs.map(({ class_name, config: layerConfig }) => {
    const name = String(layerConfig.name);
    let stored: KerasLayerWeights | undefined = byName.get(name);
    if (era.keras3 && file.format !== "hdf5-model") {
      stored = byName.get(groupName(class_name));
    }
    if (stored) matched.set(name, stored);
    // Keras 3 layers have no input_shape or output_shape.
    const row = era.keras3 ? undefined : shapes?.layers.find((layer) => layer.name === name);
    return makeLayer(file, era, { className: class_name, name, config: layerConfig, modelName, shapes: row }, stored);
  });
  if (shapes) checkWeightShapes(file, shapes, matched);
  return new KerasModel(file, era, classPath, modelName, layers, shapes);
}

/** The shape inference, or undefined for a config without a layer list (its model then has no layers to check). */
function inferIfListed(modelConfig: unknown): ModelSummary | undefined {
  try {
    return inferShapes(modelConfig);
  } catch (error) {
    if (error instanceof KerasFileError) return undefined;
    throw error;
  }
}

function makeLayer(
  file: KerasFile,
  era: KerasEra,
  layer: { className: string | undefined; name: string; config: Record<string, unknown> | undefined; modelName: string; shapes?: LayerSummary | undefined },
  stored: KerasLayerWeights | undefined,
): KerasLayer {
  const frozen = layer.config?.trainable === false;
  const namesRow = layer.className ? keras3VariableNames[layer.className] : undefined;
  const keras3Names = typeof namesRow === "function" ? namesRow(layer.config) : namesRow;
  const variables = (stored?.weights ?? []).map((weight, i) => {
    // Keras 3 files name variables by index only; the class table gives the names back.
    const indexed = /(^|\/)vars\/\d+$/.test(weight.name);
    const name = indexed ? (keras3Names?.[i] ?? `variable_${i}`) : weight.name;
    const path = indexed ? `${layer.modelName}/${layer.name}/${name}` : weight.name;
    return new KerasVariable({
      classPath: variableClassPath(era, file.backend),
      name: era.keras3 ? baseName(name) : name,
      path,
      trainable: !frozen && !nonTrainableNames.has(baseName(name)),
      keras3: era.keras3,
      kerasVersion: file.kerasVersion,
      value: weight.tensor,
      storedAt: weight.path,
    });
  });
  const classPath = layer.className ? layerClassPath(era, layer.className) : "weightscope.keras.LayerWeights";
  const python = layer.config ? () => pythonLayerConfig(pythonModelConfig(file), layer.name) : undefined;
  return new KerasLayer({ classPath, className: layer.className, baseClassPath: era.layer, name: layer.name, config: layer.config, variables, shapes: layer.shapes, pythonConfig: python });
}

/** A weights-only file (save_weights, .weights.h5): layers and weights in file order, without classes or config. */
export class KerasWeights extends WeightHolder {
  readonly classPath = "weightscope.keras.KerasWeights";
  readonly name: string;
  readonly layers: readonly KerasLayer[];
  /** What the weights were read from; saving copies from it whatever weightscope does not model. */
  readonly file: KerasFile;

  constructor(file: KerasFile) {
    super();
    this.file = file;
    const era = eraOf(parseKerasVersion(file.kerasVersion, file.format === "keras3-weights" ? "3.0" : "1.0"));
    this.name = file.path;
    this.layers = file.layers.map((layer) => makeLayer(file, era, { className: undefined, name: layer.name, config: undefined, modelName: "" }, layer));
  }

  get weights(): KerasVariable[] {
    return this.layers.flatMap((layer) => layer.weights);
  }

  protected orderedVariables(): KerasVariable[] {
    return this.weights;
  }

  get_layer(name: string): KerasLayer {
    const layer = this.layers.find((candidate) => candidate.name === name);
    if (!layer) throw new KerasValueError(`No such layer: ${name}.`);
    return layer;
  }

  save_weights(filepath: string): void {
    fileActions().saveWeights(this, filepath);
  }
}
