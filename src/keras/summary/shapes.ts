// Shape inference over a model_config: each layer's output shape and parameter counts, for Sequential and Functional graphs.
import { KerasFileError } from "../errors.js";
import { countParams, LAYER_KINDS, normalizeConfig, ShapeUnknown, type Config, type LayerKind, type ParamCount, type Shape, type WeightSpec } from "./layers.js";

export type { Shape } from "./layers.js";

/** A single shape, a list of shapes (several outputs, or a functional InputLayer), `multiple` for a layer whose calls differ, `?` unknown. */
export type OutputShape = Shape | Shape[] | "multiple" | "?";

export interface LayerSummary {
  readonly name: string;
  readonly className: string;
  readonly outputShape: OutputShape;
  /** What it is given, shown as outputShape is (Keras's `layer.input_shape`). */
  readonly inputShape: OutputShape;
  readonly params: number;
  readonly trainableParams: number;
  /** Inbound tensors as Keras prints them (`conv2d[0][0]`); empty for Sequential models and inputs. */
  readonly connectedTo: readonly string[];
  /** The weights the config implies (first call's inputs), when the layer's row lists them and the inputs are known. */
  readonly expectedWeights?: readonly WeightSpec[];
  /** Why the shape or the count could not be derived, when it could not. */
  readonly problem?: string;
}

export interface ModelSummary {
  readonly name: string;
  readonly className: string;
  /** True when Keras prints the three-column table: a Sequential model or a functional chain. */
  readonly sequentialLike: boolean;
  readonly layers: readonly LayerSummary[];
  /** The model's `input_shape` and `output_shape`: one shape, or a list when it has several inputs or outputs. */
  readonly inputShape: OutputShape;
  readonly outputShape: OutputShape;
  readonly totalParams: number;
  readonly trainableParams: number;
}

/** Weight shapes per layer name, from the file, for layers whose counts the config does not determine. */
export type WeightShapes = ReadonlyMap<string, ReadonlyArray<readonly number[]>>;

export interface LayerEntry {
  readonly name: string;
  readonly className: string;
  readonly config: Config;
  /** Per call of the layer, the tensors it reads: [layer name, node index, tensor index]. */
  readonly nodes: ReadonlyArray<ReadonlyArray<readonly [string, number, number]>>;
}

const record = (value: unknown): Config => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Config) : {});

/** Output shapes and parameter counts of every layer in a parsed `model_config` (any Keras generation). */
export function inferShapes(modelConfig: unknown, weights: WeightShapes = new Map()): ModelSummary {
  const top = record(modelConfig);
  const className = typeof top.class_name === "string" ? top.class_name : "?";
  const config = top.config;
  // Keras < 2.2 stored a Sequential model's config as the bare list of its layers.
  const layerList = Array.isArray(config) ? config : record(config).layers;
  if (!Array.isArray(layerList)) throw new KerasFileError(`a ${className} config without a list of layers`, { place: "model_config" });
  const name = typeof record(config).name === "string" ? (record(config).name as string) : className === "Sequential" ? "sequential" : "model";
  const entries = layerList.map((layer, index) => entryOf(record(layer), index));
  return className === "Sequential" || entries.every((e) => e.nodes.length === 0 && e.className !== "InputLayer")
    ? sequential(name, className, entries, weights)
    : functional(name, className, entries, weights, record(config));
}

export function entryOf(layer: Config, index: number): LayerEntry {
  const config = normalizeConfig(record(layer.config));
  const name = typeof layer.name === "string" ? layer.name : typeof config.name === "string" ? config.name : `layer_${index}`;
  const nodes = Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes.map(inboundTensors) : [];
  return { name, className: typeof layer.class_name === "string" ? layer.class_name : "?", config: { ...config, build_config: layer.build_config }, nodes };
}

/** One node's inbound tensors: Keras 2 lists `[name, node, tensor, kwargs]`; Keras 3 nests `__keras_tensor__` objects in `args`. */
function inboundTensors(node: unknown): Array<readonly [string, number, number]> {
  if (Array.isArray(node)) return node.filter(Array.isArray).map((t) => [String(t[0]), Number(t[1] ?? 0), Number(t[2] ?? 0)] as const);
  const found: Array<readonly [string, number, number]> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    const item = record(value);
    if (item.class_name === "__keras_tensor__") {
      const history = record(item.config).keras_history;
      if (Array.isArray(history)) found.push([String(history[0]), Number(history[1] ?? 0), Number(history[2] ?? 0)]);
    }
  };
  visit(record(node).args);
  return found;
}

/** The input a Sequential model declares on its first layer (or the InputLayer that opens it). */
function declaredInput(entry: LayerEntry | undefined): Shape | undefined {
  const config = entry?.config ?? {};
  const shape = config.batch_input_shape ?? config.batch_shape ?? record(config.build_config).input_shape;
  if (Array.isArray(shape)) return shape as Shape;
  if (Array.isArray(config.input_shape)) return [null, ...(config.input_shape as Shape)];
  // Keras 1 layers could declare their input by size: Embedding by input_length, RNNs and Conv1D by both.
  if (entry?.className === "Embedding") return config.input_length === undefined ? undefined : [null, config.input_length as number | null];
  if (config.input_length !== undefined) return [null, config.input_length as number | null, (config.input_dim as number | undefined) ?? null];
  if (typeof config.input_dim === "number") return [null, config.input_dim];
  return undefined;
}

function sequential(name: string, className: string, entries: readonly LayerEntry[], weights: WeightShapes): ModelSummary {
  const input = declaredInput(entries[0]);
  let current = input;
  // Keras leaves the InputLayer out of a Sequential model's layers and its summary.
  const layers = entries
    .filter((entry) => entry.className !== "InputLayer")
    .map((entry) => {
      const { outputs, summary } = evaluate(entry, current ? [current] : undefined, weights);
      const inputShape: OutputShape = current ?? "?";
      current = outputs?.[0];
      return { ...summary(outputs), inputShape };
    });
  return totals({ name, className, sequentialLike: true, layers, inputShape: input ?? "?", outputShape: current ?? "?" });
}

function functional(name: string, className: string, entries: readonly LayerEntry[], weights: WeightShapes, config: Config): ModelSummary {
  // Node outputs per layer; an InputLayer's single implicit node is node 0.
  const produced = new Map<string, Array<Shape[] | undefined>>();
  const pending = new Map(entries.map((entry) => [entry.name, entry]));
  const results = new Map<string, LayerSummary>();
  const tensorShape = ([layer, node, tensor]: readonly [string, number, number]) => produced.get(layer)?.[node]?.[tensor];
  const ready = (entry: LayerEntry) => entry.nodes.every((node) => node.every(([layer, index]) => (produced.get(layer)?.length ?? 0) > index));
  // Configs list layers in call order, but a pass that resolves what it can and repeats does not rely on it.
  while (pending.size > 0) {
    const next = [...pending.values()].filter(ready);
    const batch = next.length > 0 ? next : [...pending.values()]; // a cycle or a missing layer: finish with unknown inputs
    for (const entry of batch) {
      pending.delete(entry.name);
      const calls = entry.className === "InputLayer" ? [[]] : entry.nodes;
      const perCall = calls.map((node) => {
        const inputs = node.map(tensorShape);
        return evaluate(entry, inputs.every((s) => s !== undefined) ? (inputs as Shape[]) : undefined, weights);
      });
      const outputs = perCall.map((call) => call.outputs);
      const inputs = calls.map((node) => node.map(tensorShape)).map((shapes) => (shapes.every((s) => s !== undefined) ? (shapes as Shape[]) : undefined));
      // Keras numbers a nested model's calls from 1 when the model has its own input (its node 0 is internal).
      produced.set(entry.name, Array.isArray(entry.config.layers) ? [outputs[0], ...outputs] : outputs);
      const connectedTo = entry.nodes.flatMap((node) => node.map(([layer, n, t]) => `${layer}[${n}][${t}]`));
      const summary = (perCall[0] ?? evaluate(entry, undefined, weights)).summary(perCall[0]?.outputs);
      const outputShape = displayShape(entry, outputs);
      const inputShape = entry.className === "InputLayer" ? outputShape : displayShape(entry, inputs);
      results.set(entry.name, { ...summary, outputShape, inputShape, connectedTo });
    }
  }
  const layers = entries.map((entry) => results.get(entry.name)!);
  const consumed = entries.flatMap((entry) => entry.nodes.flat().map(([layer, n, t]) => `${layer}/${n}/${t}`));
  const chain =
    entries.filter((e) => e.className === "InputLayer").length <= 1 &&
    entries.every((e) => e.nodes.length <= 1 && e.nodes.every((node) => node.length <= 1)) &&
    new Set(consumed).size === consumed.length;
  const endpoint = (key: string): OutputShape => {
    const listed = Array.isArray(config[key]) ? (config[key] as unknown[]) : [];
    // Each entry is [layer, node, tensor]; Keras 3 writes a single one bare.
    const tensors = (typeof listed[0] === "string" ? [listed] : listed).filter(Array.isArray).map((t) => [String(t[0]), Number(t[1] ?? 0), Number(t[2] ?? 0)] as const);
    const shapes = tensors.map(tensorShape);
    if (shapes.length === 0 || shapes.some((s) => s === undefined)) return "?";
    return shapes.length === 1 ? shapes[0]! : (shapes as Shape[]);
  };
  return totals({ name, className, sequentialLike: chain, layers, inputShape: endpoint("input_layers"), outputShape: endpoint("output_layers") });
}

/** How Keras prints a functional layer's output: a functional InputLayer's shape is a one-item list. */
function displayShape(entry: LayerEntry, calls: ReadonlyArray<Shape[] | undefined>): OutputShape {
  const shown = calls.map((outputs) => (outputs === undefined ? "?" : outputs.length === 1 && entry.className !== "InputLayer" ? outputs[0]! : outputs));
  const keys = new Set(shown.map((s) => JSON.stringify(s)));
  if (keys.size > 1) return "multiple";
  return shown[0] ?? "?";
}

/** Applies one layer's row to its inputs; counts fall back to the file's weights when the config does not settle them. */
function evaluate(entry: LayerEntry, inputs: Shape[] | undefined, weights: WeightShapes) {
  const kind = LAYER_KINDS[entry.className] ?? (Array.isArray(entry.config.layers) ? nestedModel(entry) : undefined);
  const problems: string[] = [];
  const attempt = <T>(what: () => T): T | undefined => {
    try {
      return what();
    } catch (error) {
      // A config of an unexpected form (a string where a list belongs) must give `?`, not a failed summary.
      const message = error instanceof ShapeUnknown ? error.message : `its config could not be read (${(error as Error).message})`;
      if (!problems.includes(message)) problems.push(message);
      return undefined;
    }
  };
  if (!kind) problems.push(`${entry.className} is not a layer class weightscope knows`);
  const outputs = kind && inputs ? attempt(() => kind.output(inputs, entry.config)) : undefined;
  if (kind && !inputs) problems.push("its input shape is not known");
  const computed: ParamCount | undefined = !kind ? undefined : !kind.params && !kind.weights ? { trainable: 0, nonTrainable: 0 } : inputs ? attempt(() => countParams(kind, inputs, entry.config)) : undefined;
  const expectedWeights = kind?.weights && inputs && computed ? kind.weights(inputs, entry.config) : undefined;
  const stored = weights.get(entry.name);
  const fromWeights = stored ? stored.reduce((sum, shape) => sum + shape.reduce((n, d) => n * d, 1), 0) : 0;
  const counts = computed ?? { trainable: fromWeights, nonTrainable: 0 };
  const params = counts.trainable + counts.nonTrainable;
  const frozen = entry.config.trainable === false;
  const summary = (shown: Shape[] | undefined): LayerSummary => ({
    name: entry.name,
    className: entry.className,
    outputShape: shown === undefined ? "?" : shown.length === 1 ? shown[0]! : shown,
    inputShape: inputs === undefined ? "?" : inputs.length === 1 ? inputs[0]! : inputs,
    params,
    trainableParams: frozen ? 0 : counts.trainable,
    connectedTo: [],
    ...(expectedWeights ? { expectedWeights } : {}),
    ...(problems.length > 0 ? { problem: problems.join("; ") } : {}),
  });
  return { outputs, summary };
}

/** A model used as a layer (a Sequential or a pretrained Functional inside another): its own input, outputs and counts. */
function nestedModel(entry: LayerEntry): LayerKind {
  const inner = inferShapes({ class_name: entry.className, config: entry.config });
  const out = inner.outputShape;
  return {
    output() {
      if (typeof out === "string") throw new ShapeUnknown(`the output of nested model ${entry.name} is not known`);
      return out.length > 0 && Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
    },
    params: () => ({ trainable: inner.trainableParams, nonTrainable: inner.totalParams - inner.trainableParams }),
  };
}

function totals(model: Omit<ModelSummary, "totalParams" | "trainableParams">): ModelSummary {
  const totalParams = model.layers.reduce((sum, layer) => sum + layer.params, 0);
  const trainableParams = model.layers.reduce((sum, layer) => sum + layer.trainableParams, 0);
  return { ...model, totalParams, trainableParams };
}
