// Runs a model config on arrays: a Sequential list in order, a functional graph by its inbound nodes, nested models inside.
import { TensorError } from "../../errors.js";
import type { Dense } from "../../nn/index.js";
import type { KerasVariable } from "../model/variable.js";
import { normalizeConfig } from "../summary/layers.js";
import { entryOf, type LayerEntry } from "../summary/shapes.js";
import { layerError, type Config } from "./arrays.js";
import type { ForwardEra, LayerSpec } from "./kind.js";
import { callMask, outputMasks, type Mask } from "./masking.js";
import { forwardKinds } from "./table.js";
import { pickWeights } from "./weights.js";

/** A layer's variables by its name, in get_weights() order. */
export type VariablesOf = (layerName: string) => readonly KerasVariable[];
type Tensor = readonly [layer: string, node: number, index: number];

const record = (value: unknown): Config => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Config) : {});

/** Classes whose computation is Python code the file does not hold. */
const pythonCode = new Set(["Lambda", "TFOpLambda", "SlicingOpLambda"]);

function entriesOf(modelConfig: Config): LayerEntry[] {
  const config = modelConfig.config;
  // Keras < 2.2 stored a Sequential model's config as the bare list of its layers.
  const list = Array.isArray(config) ? config : record(config).layers;
  return (Array.isArray(list) ? list : []).map((layer, index) => entryOf(record(layer), index));
}

const isModel = (spec: LayerSpec): boolean => Array.isArray(spec.config.layers) || spec.class_name === "Sequential";
const isSequential = (modelConfig: Config, entries: readonly LayerEntry[]): boolean =>
  modelConfig.class_name === "Sequential" || entries.every((e) => e.nodes.length === 0 && e.className !== "InputLayer");

/** Layer outputs with the masks they carry (undefined where none). */
interface Outputs {
  readonly values: Dense[];
  readonly masks: Array<Mask | undefined>;
}

/** Runs a model config (a whole model's, or a nested model's spec) on its inputs; returns its outputs. */
export function runGraph(modelConfig: Config, variablesOf: VariablesOf, inputs: Dense[], era: ForwardEra): Dense[] {
  const entries = entriesOf(modelConfig);
  if (isSequential(modelConfig, entries)) {
    let current: Outputs = { values: inputs, masks: [] };
    const first = entries[0];
    if (first) checkInput(first.config, inputs[0]!, 0);
    for (const entry of entries) if (entry.className !== "InputLayer") current = runLayer({ class_name: entry.className, config: entry.config }, entry.name, variablesOf(entry.name), current.values, current.masks, era);
    return current.values;
  }
  return runFunctional(record(modelConfig.config), entries, variablesOf, inputs, era);
}

/** Tensors listed as `[[name, node, index], ...]`; Keras 3 writes a single one bare. */
function endpoints(value: unknown): Tensor[] {
  const listed = Array.isArray(value) ? value : [];
  return (typeof listed[0] === "string" ? [listed] : listed).filter(Array.isArray).map((t) => [String(t[0]), Number(t[1] ?? 0), Number(t[2] ?? 0)] as const);
}

function runFunctional(config: Config, entries: readonly LayerEntry[], variablesOf: VariablesOf, inputs: Dense[], era: ForwardEra): Dense[] {
  const inputTensors = endpoints(config.input_layers);
  if (inputs.length !== inputTensors.length) throw layerError("model input", `the model takes ${inputTensors.length} inputs, got ${inputs.length}`);
  // Each layer's outputs per call (node); an InputLayer's one node holds what it is given.
  const produced = new Map<string, Outputs[]>();
  inputTensors.forEach(([name], i) => {
    const entry = entries.find((e) => e.name === name);
    if (entry) checkInput(entry.config, inputs[i]!, i);
    produced.set(name, [{ values: [inputs[i]!], masks: [] }]);
  });
  const tensor = ([layer, node, index]: Tensor): Dense | undefined => produced.get(layer)?.[node]?.values[index];
  const maskOf = ([layer, node, index]: Tensor): Mask | undefined => produced.get(layer)?.[node]?.masks[index];
  const pending = entries.filter((e) => !produced.has(e.name) && e.className !== "InputLayer");
  while (pending.length > 0) {
    const ready = pending.findIndex((e) => e.nodes.every((node) => node.every((t) => tensor(t) !== undefined)));
    if (ready < 0) throw layerError(`layer "${pending[0]!.name}"`, "its inputs are never computed (the config's graph does not connect it to the model's inputs)");
    const [entry] = pending.splice(ready, 1);
    const spec = { class_name: entry!.className, config: entry!.config };
    const calls = entry!.nodes.map((node) => runLayer(spec, entry!.name, variablesOf(entry!.name), node.map((t) => tensor(t)!), node.map(maskOf), era));
    // A nested model's node 0 is its own inside call, so Keras numbers its calls in this graph from 1.
    produced.set(entry!.name, isModel(spec) ? [calls[0]!, ...calls] : calls);
  }
  return endpoints(config.output_layers).map((t) => {
    const value = tensor(t);
    if (!value) throw layerError("model output", `the output ${t[0]}[${t[1]}][${t[2]}] is not computed by any layer`);
    return value;
  });
}

/** The batch shape a layer declares (InputLayer's, or the first layer's batch_input_shape), checked size by size. */
function checkInput(config: Config, x: Dense, index: number): void {
  const declared = config.batch_input_shape ?? config.batch_shape;
  if (!Array.isArray(declared)) return;
  const fits = declared.length === x.shape.length && declared.every((size, d) => size === null || d === 0 || size === x.shape[d]);
  const text = (shape: readonly unknown[]) => `(${shape.map((s) => (s === null ? "None" : String(s))).join(", ")}${shape.length === 1 ? "," : ""})`;
  if (!fits) throw layerError(`input ${index}`, `the model takes arrays of shape ${text(declared)}, got ${text(x.shape)}`);
}

/** How many variables a layer of this spec holds (nested models and wrappers count those inside). */
export function variableCount(spec: LayerSpec): number {
  const config = normalizeConfig(spec.config);
  const kind = forwardKinds.get(spec.class_name);
  if (kind?.variableCount) return kind.variableCount(config, variableCount);
  if (kind) return kind.weights?.(config).length ?? 0;
  if (!isModel(spec)) return 0;
  return entriesOf(spec as unknown as Config).reduce((sum, e) => sum + variableCount({ class_name: e.className, config: e.config }), 0);
}

/**
 * A nested model's variables shared out to its layers: by the layer name inside each variable's name or
 * path (`dense_1/kernel:0`) when that accounts for every one, else in layer order by each layer's count.
 */
function nestedVariables(spec: LayerSpec, variables: readonly KerasVariable[]): VariablesOf {
  const entries = entriesOf(spec as unknown as Config).filter((e) => e.className !== "InputLayer");
  const counts = entries.map((e) => variableCount({ class_name: e.className, config: e.config }));
  const claimed = entries.map((e) => variables.filter((v) => [...v.name.split("/"), ...v.path.split("/")].includes(e.name)));
  const byName = claimed.every((list, i) => list.length === counts[i]) && claimed.reduce((n, list) => n + list.length, 0) === variables.length;
  const shares = new Map<string, readonly KerasVariable[]>();
  let offset = 0;
  entries.forEach((e, i) => {
    shares.set(e.name, byName ? claimed[i]! : variables.slice(offset, offset + counts[i]!));
    offset += counts[i]!;
  });
  return (name) => shares.get(name) ?? [];
}

/** One call of one layer: its weights picked from its variables, its kind run on its inputs and their masks; the outputs as a list, with their masks. */
function runLayer(spec: LayerSpec, name: string, variables: readonly KerasVariable[], inputs: Dense[], masks: ReadonlyArray<Mask | undefined>, era: ForwardEra): Outputs {
  const className = spec.class_name;
  const place = `layer "${name}" (${className})`;
  const config = normalizeConfig(spec.config);
  const kind = forwardKinds.get(className);
  if (!kind) {
    if (isModel(spec) && masks.some((m) => m !== undefined)) throw layerError(place, "weightscope does not carry a mask into a nested model");
    if (isModel(spec)) return { values: runGraph({ class_name: className, config: spec.config }, nestedVariables(spec, variables), inputs, era), masks: [] };
    if (pythonCode.has(className)) throw layerError(place, "its computation is Python code, which the file does not hold, so weightscope cannot run it");
    throw layerError(place, `weightscope has no forward pass for the Keras class ${className}`);
  }
  const names = kind.weights?.(config) ?? [];
  const weights = names.length > 0 ? pickWeights(variables, names, className, name, place) : {};
  const runInner = (inner: LayerSpec, innerVariables: readonly KerasVariable[], innerInputs: Dense[], innerMask?: Mask): Dense[] =>
    runLayer(inner, String(inner.config.name ?? className), innerVariables, innerInputs, [innerMask], era).values;
  const mask = callMask(className, config, inputs, masks, place);
  try {
    const out = kind.run(inputs, { place, config, weights, ...era, ...(mask ? { mask } : {}), variables, runInner });
    const values = Array.isArray(out) ? out : [out];
    return { values, masks: outputMasks(className, config, inputs, mask, values.length) };
  } catch (error) {
    // A kernel's complaint (shapes that do not fit) is told at the layer that made it.
    if (error instanceof TensorError) throw layerError(place, error.message);
    throw error;
  }
}
