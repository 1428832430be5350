// The torch.nn module classes weightscope knows, one row per class: constructor arguments, parameters, buffers.
//
// A row says everything needed to recognise a pickled module and, later, to build one from JavaScript:
// the constructor signature in torch's order with defaults and Python types, where each argument lives
// once the module exists (most are attributes of the same name; `bias` is "is there a bias parameter"),
// and which parameters and buffers a module built with given arguments registers, in torch's order.

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
}

function arg(name: string, type: PyTypeName, fallback: unknown = REQUIRED, source?: ArgSource): ArgSpec {
  return { name, type, default: fallback, source: source ?? { attribute: name } };
}
const biasArg = arg("bias", "bool", true, { hasParameter: "bias" });
const inplace = arg("inplace", "bool", false);
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
  return { module: `torch.nn.modules.${module}`, name, args, parameters, buffers, version: 1, ...extra };
}

function conv(name: string, transposed: boolean): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  const head = [arg("in_channels", "int"), arg("out_channels", "int"), arg("kernel_size", size), arg("stride", size, 1)];
  const tail = transposed
    ? [arg("padding", size, 0), arg("output_padding", size, 0), arg("groups", "int", 1), biasArg, arg("dilation", size, 1)]
    : [arg("padding", "str | tuple[int, ...]", 0), arg("dilation", size, 1), arg("groups", "int", 1), biasArg];
  return kind("conv", name, [...head, ...tail, arg("padding_mode", "str", "zeros")], weightAndBias);
}

function batchNorm(name: string): ModuleKind {
  const args = [arg("num_features", "int"), arg("eps", "float", 1e-5), arg("momentum", "float", 0.1), arg("affine", "bool", true), arg("track_running_stats", "bool", true)];
  const buffers = (a: ModuleArgs): string[] => (a.get("track_running_stats") === false ? [] : ["running_mean", "running_var", "num_batches_tracked"]);
  return kind("batchnorm", name, args, affineWhen("affine"), buffers, { version: 2 });
}

function recurrent(name: string): ModuleKind {
  const args = [arg("input_size", "int"), arg("hidden_size", "int"), arg("num_layers", "int", 1)];
  if (name === "RNN") args.push(arg("nonlinearity", "str", "tanh"));
  args.push(arg("bias", "bool", true), arg("batch_first", "bool", false), arg("dropout", "float", 0.0), arg("bidirectional", "bool", false), arg("proj_size", "int", 0));
  return kind("rnn", name, args, recurrentParameters);
}

function maxPool(name: string): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  return kind("pooling", name, [arg("kernel_size", size), arg("stride", "int | tuple[int, ...] | None", null), arg("padding", size, 0), arg("dilation", size, 1), arg("return_indices", "bool", false), arg("ceil_mode", "bool", false)]);
}

function avgPool(name: string, withDivisor: boolean): ModuleKind {
  const size = "int | tuple[int, ...]" as const;
  const args = [arg("kernel_size", size), arg("stride", "int | tuple[int, ...] | None", null), arg("padding", size, 0), arg("ceil_mode", "bool", false), arg("count_include_pad", "bool", true)];
  if (withDivisor) args.push(arg("divisor_override", "int | None", null));
  return kind("pooling", name, args);
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
  kind("linear", "Linear", [arg("in_features", "int"), arg("out_features", "int"), biasArg], weightAndBias),
  kind("linear", "Bilinear", [arg("in1_features", "int"), arg("in2_features", "int"), arg("out_features", "int"), biasArg], weightAndBias),
  kind("linear", "Identity", []),
  batchNorm("BatchNorm1d"),
  batchNorm("BatchNorm2d"),
  kind("normalization", "LayerNorm", [arg("normalized_shape", "tuple[int, ...]"), arg("eps", "float", 1e-5), arg("elementwise_affine", "bool", true)], affineWhen("elementwise_affine")),
  kind("normalization", "GroupNorm", [arg("num_groups", "int"), arg("num_channels", "int"), arg("eps", "float", 1e-5), arg("affine", "bool", true)], affineWhen("affine")),
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
  ),
  recurrent("RNN"),
  recurrent("LSTM"),
  recurrent("GRU"),
  kind("dropout", "Dropout", [arg("p", "float", 0.5), inplace]),
  kind("flatten", "Flatten", [arg("start_dim", "int", 1), arg("end_dim", "int", -1)]),
  kind("flatten", "Unflatten", [arg("dim", "int | str"), arg("unflattened_size", "tuple[int, ...]")]),
  maxPool("MaxPool1d"),
  maxPool("MaxPool2d"),
  avgPool("AvgPool1d", false),
  avgPool("AvgPool2d", true),
  kind("pooling", "AdaptiveAvgPool1d", [arg("output_size", "int | tuple[int, ...]")]),
  kind("pooling", "AdaptiveAvgPool2d", [arg("output_size", "int | tuple[int, ...]")]),
  kind("activation", "ReLU", [inplace]),
  kind("activation", "ReLU6", [inplace]),
  kind("activation", "LeakyReLU", [arg("negative_slope", "float", 0.01), inplace]),
  kind("activation", "PReLU", [arg("num_parameters", "int", 1), arg("init", "float", 0.25, notStored)], () => ["weight"]),
  kind("activation", "ELU", [arg("alpha", "float", 1.0), inplace]),
  kind("activation", "GELU", [arg("approximate", "str", "none")]),
  kind("activation", "SiLU", [inplace]),
  kind("activation", "Tanh", []),
  kind("activation", "Sigmoid", []),
  kind("activation", "Softmax", [arg("dim", "int | None", null)]),
  kind("activation", "LogSoftmax", [arg("dim", "int | None", null)]),
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
