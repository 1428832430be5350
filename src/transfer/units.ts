// The weight-bearing layers of either model as one shape: name, kind, settings, arrays, and how to write them back.
import type { KerasLayer, KerasModel } from "../keras/model/index.js";
import { layerConfigs } from "../keras/model/config.js";
import type { LayerSummary, OutputShape } from "../keras/summary/index.js";
import { NDArray, Tensor } from "../tensor/index.js";
import { TorchModule } from "../torch/modules/module.js";
import { PyTuple } from "../python/values.js";
import { TransferError } from "./errors.js";

export type Framework = "torch" | "keras";

/** One array of a unit: its short key (`weight`, `kernel`, `forward/bias`), the name a user sees, its value. */
export interface UnitWeight {
  readonly key: string;
  readonly name: string;
  readonly array: NDArray;
}

/**
 * A layer that holds weights: a torch module with parameters or buffers of its own, or a Keras layer with
 * variables. `setting` reads a constructor argument (torch) or a config entry (Keras) as plain JavaScript.
 */
export interface Unit {
  readonly framework: Framework;
  readonly name: string;
  /** The bare class name: `Conv2d`, `Conv2D`. */
  readonly kind: string;
  readonly weights: readonly UnitWeight[];
  setting(key: string): unknown;
  /**
   * Keras Dense only: the input before a Flatten (batch axis dropped, e.g. [4, 4, 16]) when the layer
   * reads a flattened channels-last map; torch flattens the same map channels first.
   */
  readonly flattenedFrom?: readonly number[];
  /**
   * Keras only: the weight-bearing layer whose output this layer reads (undefined for the model input, a
   * merge, or a layer that cannot be followed back) and the classes of the weightless layers in between.
   */
  readonly fedBy?: { readonly layer: string | undefined; readonly through: readonly string[] };
  /** torch only: layer `layer` of a recurrent module with `layers` = num_layers > 1 (see stack.ts). */
  readonly stack?: { readonly layer: number; readonly layers: number };
  /** Writes arrays given by key, already checked against `weights`. */
  write(arrays: ReadonlyMap<string, NDArray>): void;
}

/** Plain JavaScript from a Python value: floats unboxed, tuples as arrays. */
function plain(value: unknown): unknown {
  if (value instanceof Number) return value.valueOf();
  if (value instanceof PyTuple) return [...value].map(plain);
  return value;
}

export function isTorchModule(value: unknown): value is TorchModule {
  return value instanceof TorchModule;
}

/** Duck check, so the copy routine needs no Keras class at run time (a model may be callable, hence a function). */
export function isKerasModel(value: unknown): value is KerasModel {
  return (typeof value === "object" || typeof value === "function") && value !== null && Array.isArray((value as { layers?: unknown }).layers) && typeof (value as { set_weights?: unknown }).set_weights === "function" && "shapes" in value;
}

/** Modules with tensors of their own, in named_modules() order; the weights in state_dict order. */
export function torchUnits(model: TorchModule): Unit[] {
  const units: Unit[] = [];
  for (const [name, module] of model.named_modules() as Array<[string, TorchModule]>) {
    const weights: UnitWeight[] = [];
    const tensors = new Map<string, Tensor>();
    const collect = (key: unknown, value: unknown): void => {
      if (!(value instanceof Tensor)) return;
      tensors.set(String(key), value);
      weights.push({ key: String(key), name: name ? `${name}.${String(key)}` : String(key), array: value.detach().numpy() });
    };
    for (const [key, value] of module._parameters.entries()) collect(key, value);
    for (const [key, value] of module._buffers.entries()) if (!module._non_persistent_buffers_set.has(String(key))) collect(key, value);
    if (weights.length === 0) continue;
    const args = module.constructorArgs();
    units.push({
      framework: "torch",
      name: name || module.__name__,
      kind: module.__name__,
      weights,
      setting: (key) => plain(args?.has(key) ? args.get(key) : module.__dict__.get(key, undefined)),
      write(arrays) {
        for (const [key, array] of arrays) tensors.get(key)!.copy_(array);
      },
    });
  }
  return units;
}

/** The raw JSON config of each layer, by name (the layer's own get_config() gives Python values). */
function rawConfigs(model: KerasModel): Map<string, Record<string, unknown>> {
  const configs = new Map<string, Record<string, unknown>>();
  for (const entry of layerConfigs(model.file.modelConfig)) if (entry.config) configs.set(String(entry.config.name), entry.config);
  return configs;
}

/**
 * Variables named `.../kernel:0` are keyed `kernel`; a Bidirectional wrapper's halves `forward/...` and
 * `backward/...`. DepthwiseConv2D's kernel is `depthwise_kernel` in Keras 2 and `kernel` in Keras 3: one key.
 */
function kerasWeights(layer: KerasLayer, expected: LayerSummary["expectedWeights"]): UnitWeight[] {
  const variables = layer.weights;
  return variables.map((variable, i) => {
    const stored = variable.name.slice(variable.name.lastIndexOf("/") + 1).replace(/:\d+$/, "");
    // Keras 3 files number their variables; for classes model.ts has no names for, the config's weight list has them.
    const last = /^variable_\d+$/.test(stored) && expected?.length === variables.length ? expected[i]!.name : stored;
    const base = layer.className === "DepthwiseConv2D" && last === "kernel" ? "depthwise_kernel" : last;
    const key = layer.className === "Bidirectional" ? `${i < variables.length / 2 ? "forward" : "backward"}/${base}` : base;
    return { key, name: variable.name, array: variable.value };
  });
}

/** Layers shape-preserving enough to walk back through when looking for the Flatten before a Dense. */
const passThrough = new Set(["Dropout", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"]);

function shapeOf(shape: OutputShape | undefined): Array<number | null> | undefined {
  return Array.isArray(shape) && shape.every((d) => d === null || typeof d === "number") ? (shape as Array<number | null>) : undefined;
}

/** The layers before row `index`, nearest first, following each layer's first input (the previous row in a Sequential model). */
function* upstream(rows: readonly LayerSummary[], index: number): Generator<LayerSummary> {
  let at = index;
  for (let steps = 0; steps < rows.length; steps++) {
    const from = rows[at]!.connectedTo[0]?.replace(/\[.*$/, "");
    at = from === undefined ? at - 1 : rows.findIndex((candidate) => candidate.name === from);
    const previous = rows[at];
    if (!previous || previous.className === "InputLayer") return;
    yield previous;
  }
}

/**
 * The channels-last map a Dense layer's input was flattened from, found by walking back through layers
 * that keep the shape; undefined when the input was not flattened from a map with spatial axes.
 */
function flattenedInput(rows: readonly LayerSummary[], index: number, configs: Map<string, Record<string, unknown>>): number[] | undefined {
  for (const previous of upstream(rows, index)) {
    const input = shapeOf(previous.inputShape);
    const output = shapeOf(previous.outputShape);
    const flattens = previous.className === "Flatten" || (previous.className === "Reshape" && output?.length === 2);
    if (flattens) {
      if (configs.get(previous.name)?.data_format === "channels_first" || !input || input.length < 3) return undefined;
      if (input.slice(1).some((d) => d === null)) return undefined;
      return input.slice(1) as number[];
    }
    if (!passThrough.has(previous.className)) return undefined;
  }
  return undefined;
}

/** The nearest weight-bearing layer upstream of row `index` and the weightless ones passed on the way. */
function feeder(rows: readonly LayerSummary[], index: number, weighted: ReadonlySet<string>): NonNullable<Unit["fedBy"]> {
  const through: string[] = [];
  for (const previous of upstream(rows, index)) {
    if (weighted.has(previous.name)) return { layer: previous.name, through };
    through.push(previous.className);
  }
  return { layer: undefined, through };
}

/** Layers with variables, in the model's layer order. */
export function kerasUnits(model: KerasModel): Unit[] {
  const configs = rawConfigs(model);
  const rows = model.shapes?.layers ?? [];
  const weighted = model.layers.filter((layer) => layer.weights.length > 0);
  const names = new Set(weighted.map((layer) => layer.name));
  return weighted.map((layer) => {
    const config = configs.get(layer.name) ?? {};
    const row = rows.findIndex((candidate) => candidate.name === layer.name);
    const flattenedFrom = layer.className === "Dense" && row >= 0 ? flattenedInput(rows, row, configs) : undefined;
    const weights = kerasWeights(layer, rows[row]?.expectedWeights);
    return {
      framework: "keras" as const,
      name: layer.name,
      kind: layer.className ?? "LayerWeights",
      weights,
      setting: (key: string) => config[key],
      ...(flattenedFrom ? { flattenedFrom } : {}),
      ...(row >= 0 ? { fedBy: feeder(rows, row, names) } : {}),
      write(arrays: ReadonlyMap<string, NDArray>) {
        layer.set_weights(weights.map((weight) => arrays.get(weight.key)!));
      },
    };
  });
}

/** The units of a torch module or a Keras model, or one clear error for anything else. */
export function unitsOf(model: unknown, role: "source" | "target"): { framework: Framework; units: Unit[] } {
  if (isTorchModule(model)) return { framework: "torch", units: torchUnits(model) };
  if (isKerasModel(model)) {
    refuseKeras1(model, role);
    return { framework: "keras", units: kerasUnits(model) };
  }
  throw new TransferError(`the ${role} is neither a torch module (torch.load of a saved nn.Module) nor a Keras model (keras.models.load_model); transfer copies between those`, { place: role });
}

/**
 * Keras 1 named its weights W, U and b and kept one array per gate in recurrent layers; the rules read the
 * arrays of Keras 2 and later, so a Keras 1 model is refused whole instead of failing at its first pair.
 */
function refuseKeras1(model: KerasModel, role: "source" | "target"): void {
  if (model.era.name !== "Keras 1.x") return;
  const variables = model.layers.flatMap((layer) => layer.weights);
  const example = variables.find((variable) => /_[WUb]_[a-z]:\d+$/.test(variable.name)) ?? variables[0];
  const shown = example ? ` (${example.name})` : "";
  throw new TransferError(
    `the ${role} is a Keras ${model.file.kerasVersion ?? "1"} model: Keras 1 names its weights W, U and b and keeps one array per gate in recurrent layers${shown}, which transfer does not read; load and re-save it with Keras 2 or later first`,
    { place: role },
  );
}
