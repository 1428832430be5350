// The conversion rules, one row per pair of layer kinds: which Keras class meets which torch modules, and the array steps each way.
//
// Rules read arrays by key from the units on each side (torch's `weight_ih_l0`, Keras's `kernel`) and give
// the other side's arrays by key, each with the steps that made it. The steps are the ones listed in
// ../shared/docs/conversion-rules.md; docs/transfer.md lists the rows and the tests that confirm them. A torch
// recurrent module with num_layers > 1 reaches the recurrent rules one layer at a time, its `_l{k}` arrays keyed
// `_l0` (stack.ts), so those rules read only `_l0`.
import { floatRepr } from "../python/scalars.js";
import { NDArray } from "../tensor/index.js";
import { add, gather, inverse, kernelToKeras, permText, permute, reshape, shapeText, stack, swapFirstBlocks, unstack, zerosLike } from "./arrays.js";
import { RuleMismatch } from "./errors.js";
import type { Unit } from "./units.js";

/** One array for the target: its key there, its value, the source weights it came from and how. */
export interface Converted {
  /** Key in the target unit; empty for a source array the target has no place for (dropped). */
  readonly key: string;
  /** Which of the target's units (a SeparableConv2D's torch side is two modules). */
  readonly at: number;
  readonly value: NDArray | undefined;
  readonly from: readonly string[];
  readonly transform: string;
}

/** Reads one side's units by key, with errors that say which weight is missing. */
export class Side {
  constructor(readonly units: readonly Unit[]) {}

  private unit(at: number): Unit {
    return this.units[at]!;
  }
  has(key: string, at = 0): boolean {
    return this.unit(at).weights.some((weight) => weight.key === key);
  }
  get(key: string, at = 0): NDArray {
    const weight = this.unit(at).weights.find((candidate) => candidate.key === key);
    if (!weight) throw new RuleMismatch(`${this.unit(at).framework} layer "${this.unit(at).name}" has no weight '${key}'`);
    return weight.array;
  }
  name(key: string, at = 0): string {
    return this.unit(at).weights.find((candidate) => candidate.key === key)?.name ?? key;
  }
  setting(key: string, at = 0): unknown {
    return this.unit(at).setting(key);
  }
  /** The shape the target already has under `key` (PReLU's alpha is shaped by the Keras input). */
  shapeOf(key: string, at = 0): number[] | undefined {
    const weight = this.unit(at).weights.find((candidate) => candidate.key === key);
    return weight ? [...weight.array.shape] : undefined;
  }
  get first(): Unit {
    return this.unit(0);
  }
}

/** A conversion step from `from` keys on the source side. */
function out(key: string, value: NDArray | undefined, from: Side, keys: readonly string[], transform: string, at = 0, sourceAt = 0): Converted {
  return { key, at, value, from: keys.map((k) => from.name(k, sourceAt)), transform };
}

function copied(from: Side, fromKey: string, toKey: string, at = 0, sourceAt = 0): Converted {
  return out(toKey, from.get(fromKey, sourceAt), from, [fromKey], "copy", at, sourceAt);
}

/** Copies the keys present on the source, renamed by the pairs [sourceKey, targetKey]. */
function renamed(from: Side, pairs: ReadonlyArray<readonly [string, string]>, at = 0, sourceAt = 0): Converted[] {
  return pairs.filter(([key]) => from.has(key, sourceAt)).map(([key, toKey]) => copied(from, key, toKey, at, sourceAt));
}

function flip(pairs: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  return pairs.map(([a, b]) => [b, a] as const);
}

function need(condition: boolean, reason: string): void {
  if (!condition) throw new RuleMismatch(reason);
}

function num(value: unknown, fallback: number): number {
  if (Array.isArray(value) && value.length === 1) return num(value[0], fallback);
  return typeof value === "number" ? value : fallback;
}

export interface LayerRule {
  /** How the docs and the report name the row: `Conv2D ↔ Conv2d`. */
  readonly name: string;
  readonly keras: readonly string[];
  /** The torch classes one module of the pair may be. */
  readonly torch: readonly string[];
  /** How many torch modules one Keras layer of this kind takes (SeparableConv2D: two). */
  readonly torchModules?: number;
  /** Refuses pairs whose settings make the copy inexact; called before any array is touched. */
  readonly check?: (keras: Side, torch: Side) => void;
  readonly toKeras: (torch: Side, keras: Side) => Converted[];
  readonly toTorch: (keras: Side, torch: Side) => Converted[];
  /** Differences that do not stop the copy but change what the target computes (eps). */
  readonly warnings?: (keras: Side, torch: Side) => string[];
}

// ---- dense and convolutions ----

/** Keras Dense after a Flatten of (…spatial, C) reads features as h·W·C + w·C + c; torch's Linear as c·H·W + h·W + w. */
function flattenLayout(keras: Side): { spatial: number[]; channels: number } | undefined {
  const from = keras.first.flattenedFrom;
  if (!from || from.slice(0, -1).every((d) => d === 1)) return undefined;
  return { spatial: from.slice(0, -1), channels: from[from.length - 1]! };
}

const dense: LayerRule = {
  name: "Dense ↔ Linear",
  keras: ["Dense"],
  torch: ["Linear"],
  toKeras(torch, keras) {
    const w = torch.get("weight");
    const layout = flattenLayout(keras);
    const kernel = (() => {
      if (!layout) return out("kernel", permute(w, [1, 0]), torch, ["weight"], "transpose (W.T)");
      const [o, features] = [w.shape[0]!, w.shape[1]!];
      const order = kernelToKeras(layout.spatial.length);
      const value = reshape(permute(reshape(w, [o, layout.channels, ...layout.spatial]), order), [features, o]);
      return out("kernel", value, torch, ["weight"], `reshape${shapeText([o, layout.channels, ...layout.spatial])} → ${permText(order)} → reshape${shapeText([features, o])} (flatten order CHW → HWC)`);
    })();
    return [kernel, ...renamed(torch, [["bias", "bias"]])];
  },
  toTorch(keras) {
    const k = keras.get("kernel");
    const layout = flattenLayout(keras);
    const weight = (() => {
      if (!layout) return out("weight", permute(k, [1, 0]), keras, ["kernel"], "transpose (K.T)");
      const [features, o] = [k.shape[0]!, k.shape[1]!];
      const order = inverse(kernelToKeras(layout.spatial.length));
      const value = reshape(permute(reshape(k, [...layout.spatial, layout.channels, o]), order), [o, features]);
      return out("weight", value, keras, ["kernel"], `reshape${shapeText([...layout.spatial, layout.channels, o])} → ${permText(order)} → reshape${shapeText([o, features])} (flatten order HWC → CHW)`);
    })();
    return [weight, ...renamed(keras, [["bias", "bias"]])];
  },
};

function spatialDims(kind: string): number {
  return Number(/(\d)[dD]/.exec(kind)?.[1] ?? 2);
}

/** Conv1D/2D/3D and the transposed ones: one permutation of the kernel, the bias as it is. */
function convolution(keras: string[], torch: string[], transposed: boolean): LayerRule {
  return {
    name: `${keras.join("/")} ↔ ${torch.join("/")}`,
    keras,
    torch,
    check(kerasSide, torchSide) {
      const groups = num(torchSide.setting("groups"), 1);
      if (transposed) need(groups === 1, `torch ${torchSide.first.kind} "${torchSide.first.name}" has groups=${groups}; Keras's transposed convolutions have no groups`);
      else need(groups === num(kerasSide.setting("groups"), 1), `groups differ: torch ${groups}, Keras ${num(kerasSide.setting("groups"), 1)}`);
    },
    toKeras(torchSide) {
      const order = kernelToKeras(spatialDims(torchSide.first.kind));
      return [out("kernel", permute(torchSide.get("weight"), order), torchSide, ["weight"], permText(order)), ...renamed(torchSide, [["bias", "bias"]])];
    },
    toTorch(kerasSide, torchSide) {
      const order = inverse(kernelToKeras(spatialDims(torchSide.first.kind)));
      return [out("weight", permute(kerasSide.get("kernel"), order), kerasSide, ["kernel"], permText(order)), ...renamed(kerasSide, [["bias", "bias"]])];
    },
  };
}

/** torch's depthwise weight (C·m, 1, kH, kW) against Keras's (kH, kW, C, m): output channel c·m + j in both. */
function depthwiseToKeras(torch: Side, at: number, key: string): Converted {
  const w = torch.get("weight", at);
  const channels = num(torch.setting("in_channels", at), 0);
  const [cm, , kh, kw] = [...w.shape] as number[];
  const value = reshape(permute(w, [2, 3, 0, 1]), [kh!, kw!, channels, cm! / channels]);
  return out(key, value, torch, ["weight"], `permute(2, 3, 0, 1) → reshape${shapeText([kh!, kw!, channels, cm! / channels])}`, 0, at);
}

function depthwiseToTorch(keras: Side, key: string, at: number): Converted {
  const k = keras.get(key);
  const [kh, kw, c, m] = [...k.shape] as number[];
  const value = permute(reshape(k, [kh!, kw!, 1, c! * m!]), [3, 2, 0, 1]);
  return out("weight", value, keras, [key], `reshape${shapeText([kh!, kw!, 1, c! * m!])} → permute(3, 2, 0, 1)`, at);
}

function checkDepthwise(torch: Side, at: number): void {
  const groups = num(torch.setting("groups", at), 1);
  const channels = num(torch.setting("in_channels", at), 0);
  need(groups === channels, `torch Conv2d "${torch.units[at]!.name}" has groups=${groups} and in_channels=${channels}; a depthwise layer needs groups equal to in_channels`);
}

const depthwise: LayerRule = {
  name: "DepthwiseConv2D ↔ Conv2d(groups=in_channels)",
  keras: ["DepthwiseConv2D"],
  torch: ["Conv2d"],
  check: (_keras, torch) => checkDepthwise(torch, 0),
  toKeras: (torch) => [depthwiseToKeras(torch, 0, "depthwise_kernel"), ...renamed(torch, [["bias", "bias"]])],
  toTorch: (keras) => [depthwiseToTorch(keras, "depthwise_kernel", 0), ...renamed(keras, [["bias", "bias"]])],
};

const separable: LayerRule = {
  name: "SeparableConv2D ↔ Conv2d(groups=C, bias=False) + Conv2d(1x1)",
  keras: ["SeparableConv2D"],
  torch: ["Conv2d"],
  torchModules: 2,
  check(_keras, torch) {
    checkDepthwise(torch, 0);
    need(!torch.has("bias", 0), `torch Conv2d "${torch.units[0]!.name}" has a bias; the depthwise half of a SeparableConv2D has none`);
    need(num(torch.setting("groups", 1), 1) === 1, `torch Conv2d "${torch.units[1]!.name}" is grouped; the pointwise half of a SeparableConv2D is not`);
  },
  toKeras: (torch) => [
    depthwiseToKeras(torch, 0, "depthwise_kernel"),
    out("pointwise_kernel", permute(torch.get("weight", 1), [2, 3, 1, 0]), torch, ["weight"], permText([2, 3, 1, 0]), 0, 1),
    ...renamed(torch, [["bias", "bias"]], 0, 1),
  ],
  toTorch: (keras) => [
    depthwiseToTorch(keras, "depthwise_kernel", 0),
    out("weight", permute(keras.get("pointwise_kernel"), [3, 2, 0, 1]), keras, ["pointwise_kernel"], permText([3, 2, 0, 1]), 1),
    ...renamed(keras, [["bias", "bias"]], 1),
  ],
};

// ---- normalisation, embeddings, activations ----

function epsWarning(keras: Side, torch: Side): string[] {
  const kerasEps = num(keras.setting("epsilon"), 1e-3);
  const torchEps = num(torch.setting("eps"), 1e-5);
  if (Math.abs(kerasEps - torchEps) <= 1e-12 * Math.max(kerasEps, torchEps)) return [];
  return [`eps differs between torch "${torch.first.name}" (${floatRepr(torchEps)}) and Keras "${keras.first.name}" (${floatRepr(kerasEps)}): the weights are copied, but the outputs will differ slightly unless the configs agree`];
}

const batchNormKeys = [
  ["weight", "gamma"],
  ["bias", "beta"],
  ["running_mean", "moving_mean"],
  ["running_var", "moving_variance"],
] as const;

const batchNorm: LayerRule = {
  name: "BatchNormalization ↔ BatchNorm1d/2d/3d",
  keras: ["BatchNormalization"],
  torch: ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"],
  toKeras: (torch) => [
    ...renamed(torch, batchNormKeys),
    ...(torch.has("num_batches_tracked") ? [out("", undefined, torch, ["num_batches_tracked"], "dropped (Keras keeps no batch counter)")] : []),
  ],
  toTorch: (keras, torch) => [
    ...renamed(keras, flip(batchNormKeys)),
    ...(torch.has("num_batches_tracked") ? [{ key: "num_batches_tracked", at: 0, value: NDArray.from(0, { dtype: "int64" }), from: [], transform: "set to 0 (Keras keeps no batch counter)" }] : []),
  ],
  warnings: epsWarning,
};

/** LayerNorm over (C, …spatial) on NCHW is LayerNormalization over (…spatial, C) on NHWC: the channel axis moves last. */
function layerNormStep(from: Side, fromKey: string, toKey: string, target: Side, toKeras: boolean): Converted {
  const array = from.get(fromKey);
  const want = target.shapeOf(toKey);
  const shape = [...array.shape];
  const rank = shape.length;
  const order = toKeras ? [...Array.from({ length: rank - 1 }, (_, i) => i + 1), 0] : [rank - 1, ...Array.from({ length: rank - 1 }, (_, i) => i)];
  const moved = order.map((d) => shape[d]!);
  if (rank > 1 && want && want.join() !== shape.join() && want.join() === moved.join()) {
    return out(toKey, permute(array, order), from, [fromKey], `${permText(order)} (channel axis ${toKeras ? "last" : "first"})`);
  }
  return copied(from, fromKey, toKey);
}

const layerNorm: LayerRule = {
  name: "LayerNormalization ↔ LayerNorm",
  keras: ["LayerNormalization"],
  torch: ["LayerNorm"],
  toKeras: (torch, keras) => (["weight", "bias"] as const).filter((k) => torch.has(k)).map((k) => layerNormStep(torch, k, k === "weight" ? "gamma" : "beta", keras, true)),
  toTorch: (keras, torch) => (["gamma", "beta"] as const).filter((k) => keras.has(k)).map((k) => layerNormStep(keras, k, k === "gamma" ? "weight" : "bias", torch, false)),
  warnings: epsWarning,
};

const embedding: LayerRule = {
  name: "Embedding ↔ Embedding",
  keras: ["Embedding"],
  torch: ["Embedding"],
  toKeras: (torch) => renamed(torch, [["weight", "embeddings"]]),
  toTorch: (keras) => renamed(keras, [["embeddings", "weight"]]),
};

/** torch's PReLU has one slope or one per channel; Keras's alpha has the input's shape with shared axes of size 1. */
const prelu: LayerRule = {
  name: "PReLU ↔ PReLU",
  keras: ["PReLU"],
  torch: ["PReLU"],
  toKeras(torch, keras) {
    const w = torch.get("weight");
    const shape = keras.shapeOf("alpha") ?? [w.size];
    const channels = w.size;
    need(channels === 1 || shape[shape.length - 1] === channels, `torch PReLU has ${channels} slopes, Keras's alpha ${shapeText(shape)} has ${shape[shape.length - 1]} channels`);
    return [out("alpha", gather(w, shape, (i) => i % channels), torch, ["weight"], `broadcast over alpha ${shapeText(shape)}`)];
  },
  toTorch(keras, torch) {
    const alpha = keras.get("alpha");
    const want = torch.shapeOf("weight")?.[0] ?? 1;
    const values = alpha.data();
    need(want === 1 || alpha.shape[alpha.ndim - 1] === want, `Keras's alpha ${shapeText([...alpha.shape])} does not end in torch's ${want} channels`);
    need(values.every((v, i) => v === values[i % want]), `Keras's alpha ${shapeText([...alpha.shape])} varies along the shared axes; torch's PReLU holds one slope${want === 1 ? "" : " per channel"}`);
    return [out("weight", gather(alpha, [want], (i) => i), keras, ["alpha"], "one slope per channel (alpha is constant along the other axes)")];
  },
};

// ---- recurrent layers ----

type Cell = "LSTM" | "GRU" | "RNN";

/** The Keras class that wraps the torch cell, in a Bidirectional or alone. */
export const kerasCell: Readonly<Record<Cell, string>> = { LSTM: "LSTM", GRU: "GRU", RNN: "SimpleRNN" };

/** Whether a torch kind is one of the recurrent modules the rules know. */
export function isCell(kind: string): kind is Cell {
  return Object.hasOwn(kerasCell, kind);
}

function checkRecurrent(cell: Cell, config: (key: string) => unknown, keras: Side, torch: Side, bidirectional: boolean): void {
  const t = torch.first;
  need(num(torch.setting("proj_size"), 0) === 0, `torch LSTM "${t.name}" has proj_size; Keras's LSTM has no projection`);
  need((torch.setting("bidirectional") === true) === bidirectional, bidirectional ? `torch ${t.kind} "${t.name}" is not bidirectional` : `torch ${t.kind} "${t.name}" is bidirectional; wrap the Keras layer in Bidirectional`);
  const [units, hidden] = [config("units"), torch.setting("hidden_size")];
  if (typeof units === "number" && typeof hidden === "number") need(units === hidden, `Keras "${keras.first.name}" has ${units} units, torch ${t.kind} "${t.name}" has hidden_size=${hidden}`);
  // Inside a torch stack (stack.ts) every step of layer k feeds layer k + 1; a Keras layer gives them only with return_sequences.
  const stack = t.stack;
  if (stack && stack.layer < stack.layers - 1) {
    need(
      config("return_sequences") === true,
      `Keras "${keras.first.name}" returns only its last step (return_sequences=False), but torch ${t.kind} "${t.name}" feeds every step of layer l${stack.layer} to layer l${stack.layer + 1}; set return_sequences=True on every Keras layer of the stack but the last`,
    );
  }
  const activation = config("activation") ?? "tanh";
  if (cell === "RNN") need(activation === (torch.setting("nonlinearity") ?? "tanh"), `activation differs: torch ${String(torch.setting("nonlinearity"))}, Keras ${String(activation)}`);
  else need(activation === "tanh", `the Keras ${cell} uses activation '${String(activation)}'; torch's uses tanh`);
  if (cell !== "RNN") need((config("recurrent_activation") ?? "sigmoid") === "sigmoid", `the Keras ${cell} uses recurrent_activation '${String(config("recurrent_activation"))}'; torch's gates use sigmoid`);
  if (cell === "GRU") {
    need(
      config("reset_after") === true,
      "the Keras GRU has reset_after=False: it applies the reset gate before the recurrent matmul with a single bias, which torch's GRU cannot reproduce exactly; rebuild the Keras layer with reset_after=True (the tf.keras 2 default)",
    );
  }
}

/** One direction of a recurrent layer, torch → Keras (`suffix` `_reverse` and `prefix` `backward/` for the second). */
function recurrentToKeras(cell: Cell, torch: Side, suffix: string, prefix: string): Converted[] {
  const [wih, whh, bih, bhh] = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"].map((k) => k + suffix) as [string, string, string, string];
  const gru = cell === "GRU";
  const step = (key: string): { value: NDArray; text: string } =>
    gru ? { value: permute(swapFirstBlocks(torch.get(key)), [1, 0]), text: "gates r,z,n → z,r,n, then transpose" } : { value: permute(torch.get(key), [1, 0]), text: "transpose" };
  const kernel = step(wih);
  const recurrent = step(whh);
  const converted = [out(`${prefix}kernel`, kernel.value, torch, [wih], kernel.text), out(`${prefix}recurrent_kernel`, recurrent.value, torch, [whh], recurrent.text)];
  if (!torch.has(bih)) return converted;
  const bias = gru
    ? out(`${prefix}bias`, stack(swapFirstBlocks(torch.get(bih)), swapFirstBlocks(torch.get(bhh))), torch, [bih, bhh], "gates r,z,n → z,r,n, stack([b_ih, b_hh]) (reset_after)")
    : out(`${prefix}bias`, add(torch.get(bih), torch.get(bhh)), torch, [bih, bhh], "b_ih + b_hh");
  return [...converted, bias];
}

function recurrentToTorch(cell: Cell, keras: Side, suffix: string, prefix: string): Converted[] {
  const gru = cell === "GRU";
  const step = (key: string, to: string): Converted => {
    const t = permute(keras.get(prefix + key), [1, 0]);
    return gru ? out(to + suffix, swapFirstBlocks(t), keras, [prefix + key], "transpose, then gates z,r,n → r,z,n") : out(to + suffix, t, keras, [prefix + key], "transpose");
  };
  const converted = [step("kernel", "weight_ih_l0"), step("recurrent_kernel", "weight_hh_l0")];
  if (!keras.has(`${prefix}bias`)) return converted;
  const bias = keras.get(`${prefix}bias`);
  if (gru) {
    const [input, hidden] = unstack(bias);
    return [
      ...converted,
      out(`bias_ih_l0${suffix}`, swapFirstBlocks(input), keras, [`${prefix}bias`], "row 0, gates z,r,n → r,z,n"),
      out(`bias_hh_l0${suffix}`, swapFirstBlocks(hidden), keras, [`${prefix}bias`], "row 1, gates z,r,n → r,z,n"),
    ];
  }
  return [...converted, out(`bias_ih_l0${suffix}`, bias, keras, [`${prefix}bias`], "copy (the summed bias)"), out(`bias_hh_l0${suffix}`, zerosLike(bias), keras, [], "zeros (Keras keeps one bias)")];
}

function recurrent(cell: Cell): LayerRule {
  return {
    name: `${kerasCell[cell]} ↔ ${cell}`,
    keras: [kerasCell[cell]],
    torch: [cell],
    check: (keras, torch) => checkRecurrent(cell, (key) => keras.setting(key), keras, torch, false),
    toKeras: (torch) => recurrentToKeras(cell, torch, "", ""),
    toTorch: (keras) => recurrentToTorch(cell, keras, "", ""),
  };
}

/** The wrapped layer's class and config inside a Bidirectional. */
function wrapped(keras: Side): { cell: string; config: Record<string, unknown> } {
  const layer = (keras.setting("layer") ?? {}) as { class_name?: string; config?: Record<string, unknown> };
  return { cell: String(layer.class_name), config: layer.config ?? {} };
}

function torchCell(torch: Side): Cell {
  return torch.first.kind as Cell;
}

const bidirectional: LayerRule = {
  name: "Bidirectional(LSTM/GRU/SimpleRNN) ↔ LSTM/GRU/RNN(bidirectional=True)",
  keras: ["Bidirectional"],
  torch: ["LSTM", "GRU", "RNN"],
  check(keras, torch) {
    const inner = wrapped(keras);
    const cell = torchCell(torch);
    need(inner.cell === kerasCell[cell], `the Bidirectional wraps a ${inner.cell}, torch "${torch.first.name}" is a ${cell}`);
    checkRecurrent(cell, (key) => inner.config[key], keras, torch, true);
  },
  toKeras: (torch) => [...recurrentToKeras(torchCell(torch), torch, "", "forward/"), ...recurrentToKeras(torchCell(torch), torch, "_reverse", "backward/")],
  toTorch: (keras, torch) => [...recurrentToTorch(torchCell(torch), keras, "", "forward/"), ...recurrentToTorch(torchCell(torch), keras, "_reverse", "backward/")],
  warnings: (keras) =>
    (keras.setting("merge_mode") ?? "concat") === "concat" ? [] : [`Keras "${keras.first.name}" merges directions by '${String(keras.setting("merge_mode"))}'; torch concatenates them, so the outputs differ though the weights agree`],
};

/** Every rule; pairing looks a Keras class up here and checks the torch modules against the row. */
export const conversionRules: readonly LayerRule[] = [
  dense,
  convolution(["Conv1D", "Convolution1D"], ["Conv1d"], false),
  convolution(["Conv2D", "Convolution2D"], ["Conv2d"], false),
  convolution(["Conv3D", "Convolution3D"], ["Conv3d"], false),
  convolution(["Conv1DTranspose"], ["ConvTranspose1d"], true),
  convolution(["Conv2DTranspose"], ["ConvTranspose2d"], true),
  convolution(["Conv3DTranspose"], ["ConvTranspose3d"], true),
  depthwise,
  separable,
  batchNorm,
  layerNorm,
  embedding,
  prelu,
  recurrent("LSTM"),
  recurrent("GRU"),
  recurrent("RNN"),
  bidirectional,
];

/** Same-framework copies: same kind, same keys, arrays as they are. */
export function identity(source: Side): Converted[] {
  return source.first.weights.map((weight) => copied(source, weight.key, weight.key));
}
