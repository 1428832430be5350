// What each torch.nn class's __init__ does in torch 1.13, one row per class: checks, attributes, parameters, buffers, initial values.
//
// The signature (names, order, defaults) is the kinds table's; a row adds what that table cannot say as data:
// whose `__init__` binds the arguments (Python names it in a TypeError), whether torch's factory keywords
// `device` and `dtype` follow, and the body: torch's normalisation of the arguments (`_pair`, stride None ->
// kernel_size...), its checks with its messages, the attributes in the order torch sets them, and
// `reset_parameters` drawing from torch's generator through torch.nn.init in torch's order, so that after
// `torch.manual_seed(s)` a module built here holds the same numbers as one built by torch.
import { PyFloat, PyTuple } from "../../python/values.js";
import { Tensor, type DType } from "../../tensor/index.js";
import { ones, tensor, zeros } from "../create.js";
import { _calculate_fan_in_and_fan_out, constant_, kaiming_uniform_, normal_, ones_, uniform_, zeros_ } from "../init.js";
import { ModuleAssertionError, ModuleTypeError, ModuleValueError } from "./errors.js";
import type { ArgSpec } from "./kinds.js";
import type { TorchModule } from "./module.js";
import { pythonTypeName as pyTypeName } from "../type-name.js";

/** A module being constructed: its bound arguments, and the registrations torch's `__init__` makes. */
export class Setup {
  constructor(
    readonly module: TorchModule,
    private readonly args: ReadonlyMap<string, unknown>,
    private readonly specs: ReadonlyMap<string, ArgSpec>,
    readonly dtype: DType,
  ) {}

  arg(name: string): unknown {
    return this.args.get(name);
  }

  int(name: string): number {
    const value = this.args.get(name);
    if (typeof value === "bigint") return Number(value);
    if (typeof value !== "number" || !Number.isInteger(value)) throw new ModuleTypeError(`${this.module.__name__}: ${name} must be an int, got ${pyTypeName(value)} ${String(value)}`);
    return value;
  }

  /** `self.<name> = value`; a JavaScript number stored where torch's signature says float becomes a Python float. */
  set(name: string, value: unknown): void {
    this.module.__dict__.set(name, asPython(value, this.specs.get(name)?.type));
  }

  /** Arguments kept as they were given, as attributes of the same name. */
  keep(...names: string[]): void {
    for (const name of names) this.set(name, this.args.get(name));
  }

  /** `self.<name> = Parameter(torch.empty(shape))`, or `register_parameter(name, None)` when `shape` is null. */
  parameter(name: string, shape: readonly number[] | null): Tensor | null {
    const made = shape === null ? null : asParameter(zeros([...checkedShape(shape)], { dtype: this.dtype }));
    this.module._parameters.set(name, made);
    return made;
  }

  buffer(name: string, value: Tensor | null): void {
    this.module._buffers.set(name, value);
  }
}

/** A tensor as `nn.Parameter(t)`: the same storage, marked as a parameter that requires grad. */
export function asParameter(t: Tensor, requiresGrad = true): Tensor {
  return Tensor.fromStorage(t.storage, t.storageOffset, [...t.shape], [...t.strides], { parameter: true, requiresGrad });
}

function checkedShape(shape: readonly number[]): readonly number[] {
  for (const size of shape) {
    if (!Number.isInteger(size)) throw new ModuleTypeError(`empty(): argument 'size' must be tuple of ints, but found element of type ${pyTypeName(size)}`);
    if (size < 0) throw new ModuleValueError(`Trying to create tensor with negative dimension ${size}: [${shape.join(", ")}]`);
  }
  return shape;
}

/** Python's str() of a number as the user gave it: a whole JavaScript number prints as an int. */
function numberText(value: unknown): string {
  return value instanceof PyFloat ? String(Number(value)).replace(/^(-?\d+)$/, "$1.0") : String(value);
}

/** A given value as torch would hold it: floats where the signature says float, tuples where a JavaScript array stands for one. */
function asPython(value: unknown, type: string | undefined): unknown {
  if (type === undefined) return value;
  if (typeof value === "number" && type.startsWith("float")) return new PyFloat(value);
  if (Array.isArray(value) && !(value instanceof PyTuple) && type.includes("tuple")) return PyTuple.of_(value);
  return value;
}

/** Python's `_ntuple(n)`: an iterable becomes a tuple of its items, anything else repeated n times. */
function ntuple(value: unknown, n: number): PyTuple<unknown> {
  if (Array.isArray(value)) return PyTuple.of_(value);
  if (typeof value === "string") return PyTuple.of_([...value]);
  return PyTuple.of_(Array.from({ length: n }, () => value));
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const pyMod = (a: number, b: number): number => ((a % b) + b) % b;
const numberOf = (value: unknown): number => Number(value);

/** torch's `_calculate_fan_in_and_fan_out` bound for a bias: 1/sqrt(fan_in), or 0 for an empty weight. */
function biasBound(weight: Tensor): number {
  const [fanIn] = _calculate_fan_in_and_fan_out(weight);
  return fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
}

/** Linear's and _ConvNd's reset_parameters: kaiming_uniform_(a=sqrt(5)) on the weight, then the bias uniform in ±1/sqrt(fan_in). */
function resetLikeLinear(weight: Tensor, bias: Tensor | null, skipZeroFan: boolean): void {
  kaiming_uniform_(weight, { a: Math.sqrt(5) });
  if (bias === null) return;
  const bound = biasBound(weight);
  if (skipZeroFan && bound === 0) return;
  uniform_(bias, -bound, bound);
}

/** The norms' affine pair: weight ones and bias zeros of `shape`, or both registered as None. */
function affine(s: Setup, enabled: unknown, shape: readonly number[]): void {
  const [weight, bias] = [s.parameter("weight", enabled ? shape : null), s.parameter("bias", enabled ? shape : null)];
  if (weight) ones_(weight);
  if (bias) zeros_(bias);
}

export interface ConstructorRow {
  /** The class whose `__init__` binds the caller's arguments: the class itself or an ancestor (`_BatchNorm`). */
  readonly owner: string;
  /** torch's factory keywords `device=None, dtype=None` close the signature. */
  readonly factory?: boolean;
  /** Positional arguments the class passes its base itself (RNN's `mode`), counted in Python's messages. */
  readonly supplied?: number;
  /** `*args, **kwargs`, all ignored (Identity). */
  readonly anything?: boolean;
  /** Keywords the class takes out before binding (RNN's `nonlinearity`), checked and returned as arguments. */
  readonly takeKeywords?: (keywords: Map<string, unknown>) => Map<string, unknown>;
  readonly init: (setup: Setup) => void;
}

function convolution(dims: number, transposed: boolean): ConstructorRow {
  return {
    owner: transposed ? `ConvTranspose${dims}d` : `Conv${dims}d`,
    factory: true,
    init(s) {
      const padding = s.arg("padding");
      const sizes = {
        kernel_size: ntuple(s.arg("kernel_size"), dims),
        stride: ntuple(s.arg("stride"), dims),
        padding: typeof padding === "string" && !transposed ? padding : ntuple(padding, dims),
        dilation: ntuple(s.arg("dilation"), dims),
        output_padding: ntuple(transposed ? s.arg("output_padding") : 0, dims),
      };
      const [inChannels, outChannels, groups] = [s.int("in_channels"), s.int("out_channels"), s.int("groups")];
      const paddingMode = s.arg("padding_mode");
      if (transposed && paddingMode !== "zeros") throw new ModuleValueError(`Only "zeros" padding mode is supported for ${s.module.__name__}`);
      if (groups <= 0) throw new ModuleValueError("groups must be a positive integer");
      if (pyMod(inChannels, groups) !== 0) throw new ModuleValueError("in_channels must be divisible by groups");
      if (pyMod(outChannels, groups) !== 0) throw new ModuleValueError("out_channels must be divisible by groups");
      if (typeof sizes.padding === "string") {
        if (sizes.padding !== "same" && sizes.padding !== "valid") throw new ModuleValueError(`Invalid padding string '${sizes.padding}', should be one of {'same', 'valid'}`);
        if (sizes.padding === "same" && sizes.stride.some((step) => numberOf(step) !== 1)) throw new ModuleValueError("padding='same' is not supported for strided convolutions");
      }
      if (!["zeros", "reflect", "replicate", "circular"].includes(paddingMode as string)) {
        throw new ModuleValueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(paddingMode)}'`);
      }
      s.keep("in_channels", "out_channels");
      for (const name of ["kernel_size", "stride", "padding", "dilation"] as const) s.set(name, sizes[name]);
      s.set("transposed", transposed);
      s.set("output_padding", sizes.output_padding);
      s.keep("groups", "padding_mode");
      s.set("_reversed_padding_repeated_twice", reversedPadding(sizes.padding, sizes.kernel_size, sizes.dilation));
      const kernel = sizes.kernel_size.map(numberOf);
      const weightShape = transposed ? [inChannels, floorDiv(outChannels, groups), ...kernel] : [outChannels, floorDiv(inChannels, groups), ...kernel];
      const weight = s.parameter("weight", weightShape)!;
      const bias = s.parameter("bias", s.arg("bias") ? [outChannels] : null);
      resetLikeLinear(weight, bias, true);
    },
  };
}

/** `_reversed_padding_repeated_twice`: F.pad's per-side amounts, last dimension first; a list for 'same'/'valid'. */
function reversedPadding(padding: string | PyTuple<unknown>, kernel: PyTuple<unknown>, dilation: PyTuple<unknown>): unknown[] {
  if (typeof padding !== "string") return PyTuple.of_([...padding].reverse().flatMap((side) => [side, side]));
  const amounts = kernel.flatMap(() => [0, 0]);
  if (padding === "same") {
    kernel.forEach((k, d) => {
      const total = numberOf(dilation[d]) * (numberOf(k) - 1);
      const i = kernel.length - 1 - d;
      amounts[2 * i] = floorDiv(total, 2);
      amounts[2 * i + 1] = total - floorDiv(total, 2);
    });
  }
  return amounts;
}

function batchNorm(): ConstructorRow {
  return {
    owner: "_BatchNorm",
    factory: true,
    init(s) {
      s.keep("num_features", "eps", "momentum", "affine", "track_running_stats");
      const n = s.int("num_features");
      affine(s, s.arg("affine"), [n]);
      const tracked = Boolean(s.arg("track_running_stats"));
      s.buffer("running_mean", tracked ? zeros([n], { dtype: s.dtype }) : null);
      s.buffer("running_var", tracked ? ones([n], { dtype: s.dtype }) : null);
      s.buffer("num_batches_tracked", tracked ? tensor(0, { dtype: "int64" }) : null);
    },
  };
}

/** `_Loss.__init__`: the deprecated size_average and reduce, when given, decide the reduction. */
function lossReduction(s: Setup): void {
  const [sizeAverage, reduce] = [s.arg("size_average"), s.arg("reduce")];
  if (sizeAverage === null && reduce === null) return s.keep("reduction");
  const [average, reduced] = [sizeAverage ?? true, reduce ?? true];
  s.set("reduction", average && reduced ? "mean" : reduced ? "sum" : "none");
}

function weightedLoss(s: Setup): void {
  lossReduction(s);
  const weight = s.arg("weight");
  if (weight !== null && !(weight instanceof Tensor)) throw new ModuleTypeError(`cannot assign '${pyTypeName(weight)}' object to buffer 'weight' (torch Tensor or None required)`);
  s.buffer("weight", weight as Tensor | null);
  s.keep("ignore_index");
}

/** RNN and GRU refuse proj_size as a keyword before anything else; RNN takes its nonlinearity out of the keywords. */
function recurrentKeywords(name: string) {
  return (keywords: Map<string, unknown>): Map<string, unknown> => {
    if (name !== "LSTM" && keywords.has("proj_size")) throw new ModuleValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    if (name !== "RNN") return new Map();
    const nonlinearity = keywords.has("nonlinearity") ? keywords.get("nonlinearity") : "tanh";
    keywords.delete("nonlinearity");
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") throw new ModuleValueError(`Unknown nonlinearity '${String(nonlinearity)}'`);
    return new Map([["nonlinearity", nonlinearity]]);
  };
}

const gates: Readonly<Record<string, number>> = { LSTM: 4, GRU: 3, RNN: 1 };

function recurrent(name: string): ConstructorRow {
  return {
    owner: "RNNBase",
    factory: true,
    supplied: 1,
    takeKeywords: recurrentKeywords(name),
    init(s) {
      if (name === "RNN") s.keep("nonlinearity");
      s.set("mode", name === "RNN" ? (s.arg("nonlinearity") === "relu" ? "RNN_RELU" : "RNN_TANH") : name);
      s.keep("input_size", "hidden_size", "num_layers", "bias", "batch_first");
      const given = s.arg("dropout");
      const dropout = given instanceof PyFloat ? Number(given) : given;
      s.set("dropout", new PyFloat(numberOf(dropout)));
      s.keep("bidirectional", "proj_size");
      if (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1)) {
        throw new ModuleValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
      }
      const [inputSize, hidden, layers, proj] = [s.int("input_size"), s.int("hidden_size"), s.int("num_layers"), s.int("proj_size")];
      if (proj < 0) throw new ModuleValueError("proj_size should be a positive integer or zero to disable projections");
      if (proj >= hidden) throw new ModuleValueError("proj_size has to be smaller than hidden_size");
      const [gate, directions, realHidden] = [gates[name]! * hidden, s.arg("bidirectional") ? 2 : 1, proj > 0 ? proj : hidden];
      const flatNames: string[] = [];
      const allWeights: string[][] = [];
      for (let layer = 0; layer < layers; layer++) {
        for (let direction = 0; direction < directions; direction++) {
          const tail = `_l${layer}${direction === 1 ? "_reverse" : ""}`;
          const layerInput = layer === 0 ? inputSize : realHidden * directions;
          const shapes: Array<[string, number[]]> = [[`weight_ih${tail}`, [gate, layerInput]], [`weight_hh${tail}`, [gate, realHidden]]];
          if (s.arg("bias")) shapes.push([`bias_ih${tail}`, [gate]], [`bias_hh${tail}`, [gate]]);
          if (proj > 0) shapes.push([`weight_hr${tail}`, [proj, hidden]]);
          for (const [param, shape] of shapes) s.parameter(param, shape);
          flatNames.push(...shapes.map(([param]) => param));
          allWeights.push(shapes.map(([param]) => param));
        }
      }
      s.set("_flat_weights_names", flatNames);
      s.set("_all_weights", allWeights);
      const parameters = flatNames.map((param) => s.module._parameters.get(param) as Tensor);
      s.set("_flat_weights", parameters);
      const bound = hidden > 0 ? 1 / Math.sqrt(hidden) : 0;
      for (const parameter of parameters) uniform_(parameter, -bound, bound);
    },
  };
}

function embedding(s: Setup): void {
  s.keep("num_embeddings", "embedding_dim");
  const [count, dim] = [s.int("num_embeddings"), s.int("embedding_dim")];
  let paddingIdx = s.arg("padding_idx");
  if (paddingIdx !== null) {
    const index = s.int("padding_idx");
    if (index > 0 && index >= count) throw new ModuleAssertionError("Padding_idx must be within num_embeddings");
    if (index < 0 && index < -count) throw new ModuleAssertionError("Padding_idx must be within num_embeddings");
    paddingIdx = index < 0 ? count + index : index;
  }
  s.set("padding_idx", paddingIdx);
  s.keep("max_norm", "norm_type", "scale_grad_by_freq");
  const given = s.arg("_weight");
  if (given === null) {
    const weight = normal_(s.parameter("weight", [count, dim])!);
    if (paddingIdx !== null) zeros_(weight.select(0, paddingIdx as number));
  } else {
    if (!(given instanceof Tensor) || given.shape.length !== 2 || given.shape[0] !== count || given.shape[1] !== dim) {
      throw new ModuleAssertionError("Shape of weight does not match num_embeddings and embedding_dim");
    }
    s.module._parameters.set("weight", asParameter(given));
  }
  s.keep("sparse");
}

/** `_MaxPoolNd`, AvgPool2d: sizes kept as given; a missing stride is the kernel size. */
function pooling(owner: string, ...rest: string[]): ConstructorRow {
  return {
    owner,
    init(s) {
      s.keep("kernel_size");
      s.set("stride", s.arg("stride") ?? s.arg("kernel_size"));
      s.keep(...rest);
    },
  };
}

const keeping = (owner: string, ...names: string[]): ConstructorRow => ({ owner, init: (s) => s.keep(...names) });

/** Rows by class name; every row of the kinds table has one (a test checks). */
export const constructorRows: Readonly<Record<string, ConstructorRow>> = {
  Conv1d: convolution(1, false),
  Conv2d: convolution(2, false),
  Conv3d: convolution(3, false),
  ConvTranspose1d: convolution(1, true),
  ConvTranspose2d: convolution(2, true),
  ConvTranspose3d: convolution(3, true),
  Linear: {
    owner: "Linear",
    factory: true,
    init(s) {
      s.keep("in_features", "out_features");
      const weight = s.parameter("weight", [s.int("out_features"), s.int("in_features")])!;
      resetLikeLinear(weight, s.parameter("bias", s.arg("bias") ? [s.int("out_features")] : null), false);
    },
  },
  Bilinear: {
    owner: "Bilinear",
    factory: true,
    init(s) {
      s.keep("in1_features", "in2_features", "out_features");
      const out = s.int("out_features");
      const weight = s.parameter("weight", [out, s.int("in1_features"), s.int("in2_features")])!;
      const bias = s.parameter("bias", s.arg("bias") ? [out] : null);
      const bound = 1 / Math.sqrt(weight.shape[1]!);
      uniform_(weight, -bound, bound);
      if (bias) uniform_(bias, -bound, bound);
    },
  },
  Identity: { owner: "Identity", anything: true, init: () => undefined },
  BatchNorm1d: batchNorm(),
  BatchNorm2d: batchNorm(),
  BatchNorm3d: batchNorm(),
  LayerNorm: {
    owner: "LayerNorm",
    factory: true,
    init(s) {
      const given = s.arg("normalized_shape");
      const shape = PyTuple.of_(typeof given === "number" || typeof given === "bigint" ? [given] : Array.isArray(given) ? given : [given]);
      s.set("normalized_shape", shape);
      s.keep("eps", "elementwise_affine");
      affine(s, s.arg("elementwise_affine"), shape.map(numberOf));
    },
  },
  GroupNorm: {
    owner: "GroupNorm",
    factory: true,
    init(s) {
      const [groups, channels] = [s.int("num_groups"), s.int("num_channels")];
      if (groups === 0) throw new ModuleValueError("integer division or modulo by zero");
      if (pyMod(channels, groups) !== 0) throw new ModuleValueError("num_channels must be divisible by num_groups");
      s.keep("num_groups", "num_channels", "eps", "affine");
      affine(s, s.arg("affine"), [channels]);
    },
  },
  Embedding: { owner: "Embedding", factory: true, init: embedding },
  RNN: recurrent("RNN"),
  LSTM: recurrent("LSTM"),
  GRU: recurrent("GRU"),
  Dropout: {
    owner: "_DropoutNd",
    init(s) {
      const p = s.arg("p");
      if (numberOf(p) < 0 || numberOf(p) > 1) throw new ModuleValueError(`dropout probability has to be between 0 and 1, but got ${numberText(p)}`);
      s.keep("p", "inplace");
    },
  },
  Flatten: keeping("Flatten", "start_dim", "end_dim"),
  Unflatten: {
    owner: "Unflatten",
    init(s) {
      const [dim, size] = [s.arg("dim"), s.arg("unflattened_size")];
      if (!Number.isInteger(dim) && typeof dim !== "string") throw new ModuleTypeError("invalid argument type for dim parameter");
      if (!Array.isArray(size)) throw new ModuleTypeError(`unflattened_size must be a tuple of ${typeof dim === "number" ? "ints" : "tuples"}, but found type ${pyTypeName(size)}`);
      size.forEach((item, i) => {
        const fits = typeof dim === "number" ? typeof item === "number" && Number.isInteger(item) : Array.isArray(item);
        if (!fits) throw new ModuleTypeError(`unflattened_size must be tuple of ${typeof dim === "number" ? "ints" : "tuples"}, but found element of type ${pyTypeName(item)} at pos ${i}`);
      });
      s.keep("dim", "unflattened_size");
    },
  },
  MaxPool1d: pooling("_MaxPoolNd", "padding", "dilation", "return_indices", "ceil_mode"),
  MaxPool2d: pooling("_MaxPoolNd", "padding", "dilation", "return_indices", "ceil_mode"),
  AvgPool1d: {
    owner: "AvgPool1d",
    init(s) {
      s.set("kernel_size", ntuple(s.arg("kernel_size"), 1));
      s.set("stride", ntuple(s.arg("stride") ?? s.arg("kernel_size"), 1));
      s.set("padding", ntuple(s.arg("padding"), 1));
      s.keep("ceil_mode", "count_include_pad");
    },
  },
  AvgPool2d: pooling("AvgPool2d", "padding", "ceil_mode", "count_include_pad", "divisor_override"),
  AdaptiveAvgPool1d: keeping("_AdaptiveAvgPoolNd", "output_size"),
  AdaptiveAvgPool2d: keeping("_AdaptiveAvgPoolNd", "output_size"),
  ReLU: keeping("ReLU", "inplace"),
  ReLU6: {
    owner: "ReLU6",
    init(s) {
      s.set("min_val", new PyFloat(0));
      s.set("max_val", new PyFloat(6));
      s.keep("inplace");
    },
  },
  LeakyReLU: keeping("LeakyReLU", "negative_slope", "inplace"),
  PReLU: {
    owner: "PReLU",
    factory: true,
    init(s) {
      s.keep("num_parameters");
      constant_(s.parameter("weight", [s.int("num_parameters")])!, numberOf(s.arg("init")));
    },
  },
  ELU: keeping("ELU", "alpha", "inplace"),
  GELU: keeping("GELU", "approximate"),
  SiLU: keeping("SiLU", "inplace"),
  Tanh: keeping("Module"),
  Sigmoid: keeping("Module"),
  Softmax: keeping("Softmax", "dim"),
  LogSoftmax: keeping("LogSoftmax", "dim"),
  Hardswish: keeping("Hardswish", "inplace"),
  CrossEntropyLoss: {
    owner: "CrossEntropyLoss",
    init(s) {
      weightedLoss(s);
      s.keep("label_smoothing");
    },
  },
  MSELoss: { owner: "MSELoss", init: lossReduction },
  NLLLoss: { owner: "NLLLoss", init: weightedLoss },
};
