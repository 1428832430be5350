// The torch.nn module classes weightscope knows, one row per class: constructor arguments, parameters, buffers.
//
// A row says what is needed to recognise a pickled module and to bind a call that builds one from JavaScript
// (constructors.ts holds each class's __init__ body): the constructor signature in torch's order with
// defaults and Python types, where each argument lives once the module exists (most are attributes of the
// same name; `bias` is "is there a bias parameter"), and which parameters and buffers a module built with
// given arguments registers, in torch's order. It also says how the class's `extra_repr()` builds the
// text between the parentheses of its repr.

/** A Python type as torch's signature documents it, narrowed to what the module stores. */
export type PyTypeName =
  | "int"
  | "float"
  | "bool"
  | "str"
  | "tuple[int, ...]"
  | "int | None"
  | "float | None"
  | "int | tuple[int, ...]"
  | "int | tuple[int, ...] | None"
  | "str | tuple[int, ...]"
  | "int | str"
  | "Tensor | None";

/** Marks a constructor argument without a default. */
export const REQUIRED: unique symbol = Symbol("required");

/** Where a constructed module keeps an argument's value. */
export type ArgSource =
  | { attribute: string }
  /** True when the parameter of that name is registered and not None (Conv2d's `bias`). */
  | { hasParameter: string }
  /** The buffer of that name (a loss's class `weight`), None when absent. */
  | { buffer: string }
  /** Consumed by the constructor and not kept (PReLU's `init`, a loss's deprecated `reduce`). */
  | { notStored: true };

export interface ArgSpec {
  readonly name: string;
  readonly type: PyTypeName;
  readonly default: unknown;
  readonly source: ArgSource;
}

/**
 * When an optional piece of an extra_repr shows: the named value differs (Python `!=` / `is not`) from
 * `from`, or, for convolution sizes, it is not a tuple whose every item is `every` (torch's
 * `self.padding != (0,) * len(self.padding)`, which a string padding such as 'same' also passes).
 */
export type ReprCondition = { readonly differs: string; readonly from: unknown } | { readonly notEvery: string; readonly every: number };

/**
 * One piece of an extra_repr, in Python's `str.format` syntax: `{name}` is str() of the module's value of
 * that name (a recovered constructor argument, else an attribute) and `{name!r}` its repr(). A bare string
 * always shows; a pair shows its text only when its condition holds.
 */
export type ReprPart = string | readonly [text: string, when: ReprCondition];

const unless = (name: string, value: unknown): ReprCondition => ({ differs: name, from: value });
const unlessEvery = (name: string, value: number): ReprCondition => ({ notEvery: name, every: value });

/** Recovered constructor arguments, by name. */
export type ModuleArgs = ReadonlyMap<string, unknown>;

export interface ModuleKind {
  /** Python module path, e.g. `torch.nn.modules.conv`. */
  readonly module: string;
  readonly name: string;
  /** Constructor arguments in signature order (without `device`/`dtype`, which are not kept). */
  readonly args: readonly ArgSpec[];
  /** Parameter names a module built with these arguments registers (not None), in torch's order. */
  readonly parameters: (args: ModuleArgs) => string[];
  /** Persistent buffer names (not None), in torch's order. */
  readonly buffers: (args: ModuleArgs) => string[];
  /** Children are given positionally (Sequential), as a list (ModuleList) or as a dict (ModuleDict). */
  readonly container?: "sequential" | "list" | "dict";
  /** The class's `_version`, written into `state_dict()._metadata`. */
  readonly version: number;
  /** How the class's `extra_repr()` reads, piece by piece; empty for classes that print `Name()`. */
  readonly extraRepr: readonly ReprPart[];
}

function arg(name: string, type: PyTypeName, fallback: unknown = REQUIRED, source?: ArgSource): ArgSpec {
  return { name, type, default: fallback, source: source ?? { attribute: name } };
}
const biasArg = arg("bias", "bool", true, { hasParameter: "bias" });
const inplace = arg("inplace", "bool", false);
// ReLU and its like print `inplace=True` alone, and nothing when it is False.
const inplaceRepr: ReprPart[] = [["inplace=True", unless("inplace", false)]];
const inplaceTail: ReprPart = [", inplace=True", unless("inplace", false)];
type NameRule = (args: ModuleArgs) => string[];
const none: NameRule = () => [];
const weightAndBias = (args: ModuleArgs): string[] => (args.get("bias") === false ? ["weight"] : ["weight", "bias"]);
const affineWhen = (flag: string) => (args: ModuleArgs): string[] => (args.get(flag) === false ? [] : ["weight", "bias"]);
const lossWeight = (args: ModuleArgs): string[] => (args.get("weight") ? ["weight"] : []);

/** weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, (weight_hr_l0), then `_reverse` per layer. */
function recurrentParameters(args: ModuleArgs): string[] {
  const names: string[] = [];
  const layers = Number(args.get("num_layers") ?? 1);
  const directions = args.get("bidirectional") === true ? ["", "_reverse"] : [""];
  for (let layer = 0; layer < layers; layer++) {
    for (const suffix of directions) {
      const tail = `_l${layer}${suffix}`;
      names.push(`weight_ih${tail}`, `weight_hh${tail}`);
      if (args.get("bias") !== false) names.push(`bias_ih${tail}`, `bias_hh${tail}`);
      if (Number(args.get("proj_size") ?? 0) > 0) names.push(`weight_hr${tail}`);
    }
  }
  return names;
}

function kind(module: string, name: string, args: ArgSpec[], parameters: NameRule = none, buffers: NameRule = none, extra: Partial<ModuleKind> = {}): ModuleKind {
  return { module: `torch.nn.modules.${module}`, name, args, parameters, buffers, version: 1, extraRepr: [], ...extra };
}

function conv(name: string, transposed: boolean): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  const head = [arg("in_channels", "int"), arg("out_channels", "int"), arg("kernel_size", size), arg("stride", size, 1)];
  const tail = transposed
    ? [arg("padding", size, 0), arg("output_padding", size, 0), arg("groups", "int", 1), biasArg, arg("dilation", size, 1)]
    : [arg("padding", "str | tuple[int, ...]", 0), arg("dilation", size, 1), arg("groups", "int", 1), biasArg];
  const extraRepr: ReprPart[] = [
    "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}",
    [", padding={padding}", unlessEvery("padding", 0)],
    [", dilation={dilation}", unlessEvery("dilation", 1)],
    [", output_padding={output_padding}", unlessEvery("output_padding", 0)],
    [", groups={groups}", unless("groups", 1)],
    [", bias=False", unless("bias", true)],
    [", padding_mode={padding_mode}", unless("padding_mode", "zeros")],
  ];
  return kind("conv", name, [...head, ...tail, arg("padding_mode", "str", "zeros")], weightAndBias, none, { extraRepr });
}

function batchNorm(name: string): ModuleKind {
  const args = [arg("num_features", "int"), arg("eps", "float", 1e-5), arg("momentum", "float", 0.1), arg("affine", "bool", true), arg("track_running_stats", "bool", true)];
  const buffers = (a: ModuleArgs): string[] => (a.get("track_running_stats") === false ? [] : ["running_mean", "running_var", "num_batches_tracked"]);
  const extraRepr = ["{num_features}, eps={eps}, momentum={momentum}, affine={affine}, track_running_stats={track_running_stats}"];
  return kind("batchnorm", name, args, affineWhen("affine"), buffers, { version: 2, extraRepr });
}

function recurrent(name: string): ModuleKind {
  const args = [arg("input_size", "int"), arg("hidden_size", "int"), arg("num_layers", "int", 1)];
  if (name === "RNN") args.push(arg("nonlinearity", "str", "tanh"));
  args.push(arg("bias", "bool", true), arg("batch_first", "bool", false), arg("dropout", "float", 0.0), arg("bidirectional", "bool", false), arg("proj_size", "int", 0));
  // RNN's nonlinearity is not in its repr: the shared RNNBase.extra_repr does not know it.
  const extraRepr: ReprPart[] = [
    "{input_size}, {hidden_size}",
    [", proj_size={proj_size}", unless("proj_size", 0)],
    [", num_layers={num_layers}", unless("num_layers", 1)],
    [", bias={bias}", unless("bias", true)],
    [", batch_first={batch_first}", unless("batch_first", false)],
    [", dropout={dropout}", unless("dropout", 0)],
    [", bidirectional={bidirectional}", unless("bidirectional", false)],
  ];
  return kind("rnn", name, args, recurrentParameters, none, { extraRepr });
}

function maxPool(name: string): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  return kind("pooling", name, [arg("kernel_size", size), arg("stride", "int | tuple[int, ...] | None", null), arg("padding", size, 0), arg("dilation", size, 1), arg("return_indices", "bool", false), arg("ceil_mode", "bool", false)], none, none, {
    extraRepr: ["kernel_size={kernel_size}, stride={stride}, padding={padding}, dilation={dilation}, ceil_mode={ceil_mode}"],
  });
}

function avgPool(name: string, withDivisor: boolean): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  const args = [arg("kernel_size", size), arg("stride", "int | tuple[int, ...] | None", null), arg("padding", size, 0), arg("ceil_mode", "bool", false), arg("count_include_pad", "bool", true)];
  if (withDivisor) args.push(arg("divisor_override", "int | None", null));
  return kind("pooling", name, args, none, none, { extraRepr: ["kernel_size={kernel_size}, stride={stride}, padding={padding}"] });
}

const notStored = { notStored: true } as const;
// Losses still accept the deprecated size_average and reduce, but keep only the reduction they imply.
const sizeAverage = arg("size_average", "bool", null, notStored);
const reduce = arg("reduce", "bool", null, notStored);
const reduction = arg("reduction", "str", "mean");
const lossClassWeight = arg("weight", "Tensor | None", null, { buffer: "weight" });

/** Every known class. The order is documentation only; lookup goes through `moduleKinds`. */
export const moduleKindRows: readonly ModuleKind[] = [
  kind("container", "Sequential", [], none, none, { container: "sequential" }),
  kind("container", "ModuleList", [], none, none, { container: "list" }),
  kind("container", "ModuleDict", [], none, none, { container: "dict" }),
  conv("Conv1d", false),
  conv("Conv2d", false),
  conv("Conv3d", false),
  conv("ConvTranspose1d", true),
  conv("ConvTranspose2d", true),
  conv("ConvTranspose3d", true),
  kind("linear", "Linear", [arg("in_features", "int"), arg("out_features", "int"), biasArg], weightAndBias, none, {
    extraRepr: ["in_features={in_features}, out_features={out_features}, bias={bias}"],
  }),
  kind("linear", "Bilinear", [arg("in1_features", "int"), arg("in2_features", "int"), arg("out_features", "int"), biasArg], weightAndBias, none, {
    extraRepr: ["in1_features={in1_features}, in2_features={in2_features}, out_features={out_features}, bias={bias}"],
  }),
  kind("linear", "Identity", []),
  batchNorm("BatchNorm1d"),
  batchNorm("BatchNorm2d"),
  batchNorm("BatchNorm3d"),
  kind("normalization", "LayerNorm", [arg("normalized_shape", "tuple[int, ...]"), arg("eps", "float", 1e-5), arg("elementwise_affine", "bool", true)], affineWhen("elementwise_affine"), none, {
    extraRepr: ["{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}"],
  }),
  kind("normalization", "GroupNorm", [arg("num_groups", "int"), arg("num_channels", "int"), arg("eps", "float", 1e-5), arg("affine", "bool", true)], affineWhen("affine"), none, {
    extraRepr: ["{num_groups}, {num_channels}, eps={eps}, affine={affine}"],
  }),
  kind(
    "sparse",
    "Embedding",
    [
      arg("num_embeddings", "int"),
      arg("embedding_dim", "int"),
      arg("padding_idx", "int | None", null),
      arg("max_norm", "float | None", null),
      arg("norm_type", "float", 2.0),
      arg("scale_grad_by_freq", "bool", false),
      arg("sparse", "bool", false),
      arg("_weight", "Tensor | None", null, notStored),
    ],
    () => ["weight"],
    none,
    {
      extraRepr: [
        "{num_embeddings}, {embedding_dim}",
        [", padding_idx={padding_idx}", unless("padding_idx", null)],
        [", max_norm={max_norm}", unless("max_norm", null)],
        [", norm_type={norm_type}", unless("norm_type", 2)],
        [", scale_grad_by_freq={scale_grad_by_freq}", unless("scale_grad_by_freq", false)],
        [", sparse=True", unless("sparse", false)],
      ],
    },
  ),
  recurrent("RNN"),
  recurrent("LSTM"),
  recurrent("GRU"),
  kind("dropout", "Dropout", [arg("p", "float", 0.5), inplace], none, none, { extraRepr: ["p={p}, inplace={inplace}"] }),
  kind("flatten", "Flatten", [arg("start_dim", "int", 1), arg("end_dim", "int", -1)], none, none, { extraRepr: ["start_dim={start_dim}, end_dim={end_dim}"] }),
  kind("flatten", "Unflatten", [arg("dim", "int | str"), arg("unflattened_size", "tuple[int, ...]")], none, none, { extraRepr: ["dim={dim}, unflattened_size={unflattened_size}"] }),
  maxPool("MaxPool1d"),
  maxPool("MaxPool2d"),
  avgPool("AvgPool1d", false),
  avgPool("AvgPool2d", true),
  kind("pooling", "AdaptiveAvgPool1d", [arg("output_size", "int | tuple[int, ...]")], none, none, { extraRepr: ["output_size={output_size}"] }),
  kind("pooling", "AdaptiveAvgPool2d", [arg("output_size", "int | tuple[int, ...]")], none, none, { extraRepr: ["output_size={output_size}"] }),
  kind("activation", "ReLU", [inplace], none, none, { extraRepr: inplaceRepr }),
  kind("activation", "ReLU6", [inplace], none, none, { extraRepr: inplaceRepr }),
  kind("activation", "LeakyReLU", [arg("negative_slope", "float", 0.01), inplace], none, none, { extraRepr: ["negative_slope={negative_slope}", inplaceTail] }),
  kind("activation", "PReLU", [arg("num_parameters", "int", 1), arg("init", "float", 0.25, notStored)], () => ["weight"], none, { extraRepr: ["num_parameters={num_parameters}"] }),
  kind("activation", "ELU", [arg("alpha", "float", 1.0), inplace], none, none, { extraRepr: ["alpha={alpha}", inplaceTail] }),
  kind("activation", "GELU", [arg("approximate", "str", "none")], none, none, { extraRepr: ["approximate={approximate!r}"] }),
  kind("activation", "SiLU", [inplace], none, none, { extraRepr: inplaceRepr }),
  kind("activation", "Tanh", []),
  kind("activation", "Sigmoid", []),
  kind("activation", "Softmax", [arg("dim", "int | None", null)], none, none, { extraRepr: ["dim={dim}"] }),
  kind("activation", "LogSoftmax", [arg("dim", "int | None", null)], none, none, { extraRepr: ["dim={dim}"] }),
  // Hardswish keeps `inplace` but, unlike ReLU, has no extra_repr: it prints `Hardswish()` either way.
  kind("activation", "Hardswish", [inplace]),
  kind("loss", "CrossEntropyLoss", [lossClassWeight, sizeAverage, arg("ignore_index", "int", -100), reduce, reduction, arg("label_smoothing", "float", 0.0)], none, lossWeight),
  kind("loss", "MSELoss", [sizeAverage, reduce, reduction]),
  kind("loss", "NLLLoss", [lossClassWeight, sizeAverage, arg("ignore_index", "int", -100), reduce, reduction], none, lossWeight),
];

function indexRows(rows: readonly ModuleKind[]): ReadonlyMap<string, ModuleKind> {
  const index = new Map<string, ModuleKind>();
  for (const row of rows) {
    const key = `${row.module}.${row.name}`;
    if (index.has(key)) throw new Error(`module kind ${key} is listed twice`);
    index.set(key, row);
  }
  return index;
}

/** Rows by qualified class name, `torch.nn.modules.conv.Conv2d`. */
export const moduleKinds: ReadonlyMap<string, ModuleKind> = indexRows(moduleKindRows);

/** Rows by bare class name, `Conv2d` (for `torch.nn.Conv2d` style access). */
export const moduleKindsByName: ReadonlyMap<string, ModuleKind> = new Map(moduleKindRows.map((row) => [row.name, row]));
