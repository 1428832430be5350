// Forward passes of torch.nn modules: one row per module kind, reading its constructor arguments and weights and running src/nn.
//
// Modes follow torch: BatchNorm in training mode normalises with the batch's statistics and updates its
// running statistics in place, as torch does. Dropout in training mode would zero random elements; rather
// than produce outputs no one can reproduce, it is refused with a hint to call .eval() (p=0 passes).
import { TorchFileError } from "../../errors.js";
import * as nn from "../../nn/index.js";
import { PyFloat, PyTuple } from "../../python/values.js";
import { DTYPES, Storage, Tensor, type DType } from "../../tensor/index.js";
import type { ModuleArgs } from "./kinds.js";
import { isTensor, TorchModule } from "./module.js";

/** What a row sees: the module (the proxy users hold), its recovered arguments and the call's arguments. */
interface Call {
  readonly module: TorchModule;
  readonly args: ModuleArgs;
  readonly inputs: readonly unknown[];
}

type Forward = (call: Call) => unknown;

function fail(module: TorchModule, message: string): never {
  throw new TorchFileError(message, { place: module.__name__ });
}

function number(value: unknown): number {
  return value instanceof PyFloat ? value.valueOf() : typeof value === "bigint" ? Number(value) : (value as number);
}

/** An int or a tuple of ints, as the module keeps kernel sizes and strides. */
function sizes(value: unknown): number | number[] {
  return Array.isArray(value) ? value.map(number) : number(value);
}

function setting(call: Call, name: string): unknown {
  return call.args.get(name);
}

function input(call: Call, index = 0, what = "input"): Tensor {
  const value = call.inputs[index];
  if (!(value instanceof Tensor)) fail(call.module, `forward() needs a tensor as ${what}, got ${value === undefined ? "nothing" : typeof value === "object" && value !== null ? value.constructor.name : typeof value}`);
  return value;
}

function floatInput(call: Call, index = 0, what = "input"): Tensor {
  const x = input(call, index, what);
  if (DTYPES[x.dtypeName].kind !== "float") fail(call.module, `${what} is ${x.dtypeName}, but this module computes on floating-point tensors; convert it with .float()`);
  return x;
}

function parameter(call: Call, name: string): Tensor | undefined {
  const value = call.module._parameters.get(name, null) ?? call.module._buffers.get(name, null);
  return isTensor(value) ? (value as Tensor) : undefined;
}

function required(call: Call, name: string): Tensor {
  return parameter(call, name) ?? fail(call.module, `has no ${name} tensor, which its forward needs`);
}

/** torch refuses to mix dtypes between an input and the weights; so does this. */
function sameDtype(call: Call, x: Tensor, weight: Tensor): void {
  if (x.dtypeName !== weight.dtypeName) fail(call.module, `the input is ${x.dtypeName} but the weights are ${weight.dtypeName}; torch refuses mixed dtypes: convert the input (x.${weight.dtypeName === "float64" ? "double" : "float"}()) or the module`);
}

function toDense(tensor: Tensor): nn.Dense {
  const data = tensor.data();
  const floats = data instanceof Float32Array || data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number | bigint>, Number);
  return { data: floats, shape: [...tensor.shape] };
}

function maybeDense(tensor: Tensor | undefined): nn.Dense | undefined {
  return tensor && toDense(tensor);
}

/** A result as a new tensor of `dtype`; float32 and float64 take the kernel's array directly (or rounded once), without the general cast. */
function toTensor(result: nn.Dense, dtype: DType): Tensor {
  const shape = [...result.shape];
  const strides = shape.map((_, d) => nn.numel(shape.slice(d + 1)));
  if (dtype === "float64") return Tensor.fromStorage(Storage.fromTypedArray("float64", result.data instanceof Float64Array ? result.data : Float64Array.from(result.data)), 0, shape, strides);
  if (dtype === "float32") return Tensor.fromStorage(Storage.fromTypedArray("float32", result.data instanceof Float32Array ? result.data : Float32Array.from(result.data)), 0, shape, strides);
  return Tensor.from(result.data, { dtype, shape });
}

/** Runs a kernel on the call's floating input and returns a tensor of the input's dtype. */
function elementwise(call: Call, kernel: (x: nn.Dense) => nn.Dense): Tensor {
  const x = floatInput(call);
  return toTensor(kernel(toDense(x)), x.dtypeName);
}

function activation(name: string, options: (call: Call) => nn.ActivationOptions = () => ({})): Forward {
  return (call) => elementwise(call, (x) => nn.activate(name, x, options(call)));
}

function softmaxDim(call: Call, x: Tensor): number {
  const dim = setting(call, "dim");
  return dim === null || dim === undefined ? nn.legacySoftmaxDim(x.ndim) : number(dim);
}

function checkRank(call: Call, x: Tensor, ranks: readonly number[]): void {
  if (!ranks.includes(x.ndim)) fail(call.module, `expected ${ranks.map((r) => `${r}-dim`).join(" or ")} input, got input of size [${x.shape.join(", ")}]`);
}

/** Conv1d/2d/3d: weights, stride, padding (numbers or 'same'/'valid'), dilation, groups and padding_mode as constructed. */
function convolution(dims: number): Forward {
  return (call) => {
    const x = floatInput(call);
    const weight = required(call, "weight");
    sameDtype(call, x, weight);
    checkRank(call, x, [dims + 1, dims + 2]);
    const padding = setting(call, "padding");
    const result = nn.conv(toDense(x), toDense(weight), maybeDense(parameter(call, "bias")), {
      stride: sizes(setting(call, "stride")),
      padding: typeof padding === "string" ? (padding as "same" | "valid") : sizes(padding),
      dilation: sizes(setting(call, "dilation")),
      groups: number(setting(call, "groups")),
      paddingMode: setting(call, "padding_mode") as nn.PaddingMode,
    });
    return toTensor(result, x.dtypeName);
  };
}

function transposedConvolution(dims: number): Forward {
  return (call) => {
    const x = floatInput(call);
    if (call.inputs[1] !== undefined && call.inputs[1] !== null) fail(call.module, "forward(input, output_size) is not supported; give output_padding when building the module instead");
    const weight = required(call, "weight");
    sameDtype(call, x, weight);
    checkRank(call, x, [dims + 1, dims + 2]);
    if (setting(call, "padding_mode") !== "zeros") fail(call.module, `padding_mode ${String(setting(call, "padding_mode"))} is not one torch supports for transposed convolutions`);
    const result = nn.convTranspose(toDense(x), toDense(weight), maybeDense(parameter(call, "bias")), {
      stride: sizes(setting(call, "stride")),
      padding: sizes(setting(call, "padding")),
      outputPadding: sizes(setting(call, "output_padding")),
      dilation: sizes(setting(call, "dilation")),
      groups: number(setting(call, "groups")),
    });
    return toTensor(result, x.dtypeName);
  };
}

function maxPool(dims: number): Forward {
  return (call) => {
    if (setting(call, "return_indices") === true) fail(call.module, "return_indices=True is not supported: weightscope returns the pooled values only");
    const x = floatInput(call);
    checkRank(call, x, [dims + 1, dims + 2]);
    const stride = setting(call, "stride");
    return toTensor(
      nn.maxPool(toDense(x), dims, sizes(setting(call, "kernel_size")), {
        stride: stride === null ? null : sizes(stride),
        padding: sizes(setting(call, "padding")),
        dilation: sizes(setting(call, "dilation")),
        ceilMode: setting(call, "ceil_mode") === true,
      }),
      x.dtypeName,
    );
  };
}

function avgPool(dims: number): Forward {
  return (call) => {
    const x = floatInput(call);
    checkRank(call, x, [dims + 1, dims + 2]);
    const stride = setting(call, "stride");
    const divisor = setting(call, "divisor_override");
    return toTensor(
      nn.avgPool(toDense(x), dims, sizes(setting(call, "kernel_size")), {
        stride: stride === null ? null : sizes(stride),
        padding: sizes(setting(call, "padding")),
        ceilMode: setting(call, "ceil_mode") === true,
        countIncludePad: setting(call, "count_include_pad") !== false,
        divisorOverride: divisor === null || divisor === undefined ? null : number(divisor),
      }),
      x.dtypeName,
    );
  };
}

function adaptiveAvgPool(dims: number): Forward {
  return (call) => {
    const x = floatInput(call);
    checkRank(call, x, [dims + 1, dims + 2]);
    const size = setting(call, "output_size");
    const outputSize = Array.isArray(size) ? size.map((s) => (s === null ? null : number(s))) : number(size);
    return toTensor(nn.adaptivePool(toDense(x), dims, outputSize, "avg"), x.dtypeName);
  };
}

/**
 * BatchNorm as torch's `_BatchNorm.forward`: batch statistics in training mode (or without running
 * statistics), which in training mode also update the running ones; running statistics otherwise.
 */
function batchNorm(ranks: readonly number[]): Forward {
  return (call) => {
    const x = floatInput(call);
    checkRank(call, x, ranks);
    const runningMean = parameter(call, "running_mean");
    const runningVar = parameter(call, "running_var");
    const training = call.module.training !== false;
    const useBatch = training || runningMean === undefined || runningVar === undefined;
    const eps = number(setting(call, "eps"));
    const affine = { weight: maybeDense(parameter(call, "weight")), bias: maybeDense(parameter(call, "bias")) };
    const dense = toDense(x);
    if (!useBatch) return toTensor(nn.batchNorm(dense, toDense(runningMean!).data, toDense(runningVar!).data, affine, eps), x.dtypeName);
    const stats = nn.channelStatistics(dense);
    if (stats.count <= 1) fail(call.module, `expected more than 1 value per channel when training, got input of size [${x.shape.join(", ")}]`);
    if (training && runningMean && runningVar) updateRunningStatistics(call, runningMean, runningVar, stats);
    return toTensor(nn.batchNorm(dense, stats.mean, stats.variance, affine, eps), x.dtypeName);
  };
}

/** What torch does to the buffers in a training step: momentum-weighted (or cumulative) averages, unbiased variance. */
function updateRunningStatistics(call: Call, runningMean: Tensor, runningVar: Tensor, stats: ReturnType<typeof nn.channelStatistics>): void {
  const tracked = parameter(call, "num_batches_tracked");
  let batches = 0;
  if (tracked) {
    batches = Number(tracked.item()) + 1;
    tracked.copy_(Tensor.from(BigInt64Array.of(BigInt(batches)), { shape: [] }));
  }
  const momentumSetting = setting(call, "momentum");
  const momentum = momentumSetting === null || momentumSetting === undefined ? 1 / Math.max(batches, 1) : number(momentumSetting);
  const unbiased = stats.count / (stats.count - 1);
  const oldMean = toDense(runningMean).data;
  const oldVar = toDense(runningVar).data;
  const mean = Float64Array.from(oldMean, (m, c) => (1 - momentum) * m + momentum * stats.mean[c]!);
  const variance = Float64Array.from(oldVar, (v, c) => (1 - momentum) * v + momentum * stats.variance[c]! * unbiased);
  runningMean.copy_(Tensor.from(mean, { shape: [mean.length] }));
  runningVar.copy_(Tensor.from(variance, { shape: [variance.length] }));
}

const recurrentModes: Record<string, (call: Call) => nn.RecurrentMode> = {
  RNN: (call) => (setting(call, "nonlinearity") === "relu" ? "rnn_relu" : "rnn_tanh"),
  LSTM: () => "lstm",
  GRU: () => "gru",
};

/** RNN, LSTM and GRU: `module(input, hx=None)` returns (output, h_n), or (output, (h_n, c_n)) for LSTM. */
function recurrentLayer(call: Call): unknown {
  const mode = recurrentModes[call.module.kind!.name]!(call);
  const x = floatInput(call);
  const layers = number(setting(call, "num_layers"));
  const suffixes = setting(call, "bidirectional") === true ? ["", "_reverse"] : [""];
  if (call.module.training !== false && layers > 1 && number(setting(call, "dropout")) > 0) {
    fail(call.module, "dropout between layers is random in training mode; call .eval() first (weightscope runs modules for inference)");
  }
  const cells = Array.from({ length: layers }, (_, layer) =>
    suffixes.map((suffix) => {
      const weightIh = required(call, `weight_ih_l${layer}${suffix}`);
      sameDtype(call, x, weightIh);
      return {
        weightIh: toDense(weightIh),
        weightHh: toDense(required(call, `weight_hh_l${layer}${suffix}`)),
        biasIh: maybeDense(parameter(call, `bias_ih_l${layer}${suffix}`)),
        biasHh: maybeDense(parameter(call, `bias_hh_l${layer}${suffix}`)),
        weightHr: maybeDense(parameter(call, `weight_hr_l${layer}${suffix}`)),
      };
    }),
  );
  const hx = call.inputs[1];
  let h0: Tensor | undefined;
  let c0: Tensor | undefined;
  if (mode === "lstm" && hx !== undefined && hx !== null) {
    if (!Array.isArray(hx) || hx.length !== 2 || !(hx[0] instanceof Tensor) || !(hx[1] instanceof Tensor)) fail(call.module, "an LSTM's hx is a pair (h_0, c_0) of tensors");
    [h0, c0] = hx as [Tensor, Tensor];
  } else if (hx !== undefined && hx !== null) {
    h0 = input(call, 1, "hx");
  }
  const result = nn.recurrent(
    toDense(x),
    cells,
    { mode, hiddenSize: number(setting(call, "hidden_size")), projSize: number(setting(call, "proj_size") ?? 0), batchFirst: setting(call, "batch_first") === true },
    maybeDense(h0),
    maybeDense(c0),
  );
  const output = toTensor(result.output, x.dtypeName);
  const hidden = toTensor(result.hidden, x.dtypeName);
  return PyTuple.of_([output, result.cell ? PyTuple.of_([hidden, toTensor(result.cell, x.dtypeName)]) : hidden]);
}

function embedding(call: Call): Tensor {
  const indices = input(call);
  if (DTYPES[indices.dtypeName].kind !== "int" && DTYPES[indices.dtypeName].kind !== "uint") fail(call.module, `expected integer indices (int64 or int32), got ${indices.dtypeName}`);
  const weight = required(call, "weight");
  const maxNorm = setting(call, "max_norm");
  const dense = toDense(weight);
  // The renormalisation writes into the weights, as torch's does; work on a copy and write it back.
  const values = maxNorm === null || maxNorm === undefined ? dense : { data: Float64Array.from(dense.data), shape: dense.shape };
  const result = nn.embedding(Array.from(indices.data() as ArrayLike<number | bigint>, Number), [...indices.shape], values, { maxNorm: maxNorm === null || maxNorm === undefined ? null : number(maxNorm), normType: number(setting(call, "norm_type")) });
  if (values !== dense) weight.copy_(toTensor(values, weight.dtypeName));
  return toTensor(result, weight.dtypeName);
}

function reduce(call: Call, losses: Float64Array, shape: readonly number[], divisor: number, dtype: DType): Tensor {
  const reduction = setting(call, "reduction");
  if (reduction === "none") return toTensor({ data: losses, shape }, dtype);
  let sum = 0;
  for (const loss of losses) sum += loss;
  if (reduction === "sum") return toTensor({ data: Float64Array.of(sum), shape: [] }, dtype);
  if (reduction === "mean") return toTensor({ data: Float64Array.of(sum / divisor), shape: [] }, dtype);
  return fail(call.module, `reduction ${String(reduction)} is not one of 'none', 'mean', 'sum'`);
}

/**
 * NLLLoss over log-probabilities (N, C, *) or (C) and class indices (N, *) or (): -weight[t]·x[t] per
 * position, ignore_index skipped, 'mean' divided by the total weight of the targets counted.
 */
function negativeLogLikelihood(call: Call, logProbabilities: nn.Dense, dtype: DType, labelSmoothing = 0): Tensor {
  const target = input(call, 1, "target");
  if (DTYPES[target.dtypeName].kind !== "int") fail(call.module, `expected class indices of dtype int64 as target, got ${target.dtypeName}`);
  const shape = logProbabilities.shape;
  const unbatched = shape.length === 1;
  const [batch, classes] = unbatched ? [1, shape[0]!] : [shape[0]!, shape[1]!];
  const inner = unbatched ? 1 : nn.numel(shape.slice(2));
  const targets = Array.from(target.data() as ArrayLike<number | bigint>, Number);
  if (targets.length !== batch * inner) fail(call.module, `target of size [${target.shape.join(", ")}] does not match input of size [${shape.join(", ")}]`);
  const classWeight = parameter(call, "weight");
  const weights = classWeight ? toDense(classWeight).data : new Float64Array(classes).fill(1);
  const ignore = number(setting(call, "ignore_index"));
  const losses = new Float64Array(targets.length);
  const smooth = new Float64Array(targets.length);
  let total = 0;
  targets.forEach((t, i) => {
    if (t === ignore) return;
    if (!(t >= 0 && t < classes)) fail(call.module, `target ${t} is out of bounds for ${classes} classes`);
    const n = Math.floor(i / inner);
    const position = i % inner;
    const at = (c: number): number => logProbabilities.data[(n * classes + c) * inner + position]!;
    losses[i] = -weights[t]! * at(t);
    total += weights[t]!;
    for (let c = 0; c < classes; c++) smooth[i] -= weights[c]! * at(c);
  });
  const outShape = unbatched ? [] : [batch, ...shape.slice(2)];
  const nll = reduce(call, losses, outShape, total, "float64");
  if (labelSmoothing === 0) return nll.to(dtype);
  // torch mixes in the smoothed term, divided by the same total in 'mean', scaled by ε / classes.
  const smoothed = reduce(call, smooth, outShape, total, "float64");
  const a = nll.data() as Float64Array;
  const b = smoothed.data() as Float64Array;
  const mixed = Float64Array.from(a, (v, i) => (1 - labelSmoothing) * v + (labelSmoothing / classes) * b[i]!);
  return toTensor({ data: mixed, shape: [...nll.shape] }, dtype);
}

function crossEntropy(call: Call): Tensor {
  const x = floatInput(call);
  const target = input(call, 1, "target");
  if (DTYPES[target.dtypeName].kind === "float") fail(call.module, "class-probability targets are not supported; give class indices (int64)");
  const logProbabilities = nn.logSoftmax(toDense(x), x.ndim === 1 ? 0 : 1);
  return negativeLogLikelihood(call, logProbabilities, x.dtypeName, number(setting(call, "label_smoothing")));
}

function meanSquaredError(call: Call): Tensor {
  const x = floatInput(call);
  const target = floatInput(call, 1, "target");
  if (x.shape.length !== target.shape.length || x.shape.some((size, d) => size !== target.shape[d])) fail(call.module, `target of size [${target.shape.join(", ")}] differs from input of size [${x.shape.join(", ")}]; torch would broadcast, weightscope does not`);
  const a = toDense(x).data;
  const b = toDense(target).data;
  return reduce(call, Float64Array.from(a, (v, i) => (v - b[i]!) ** 2), [...x.shape], a.length, x.dtypeName);
}

function notCallable(call: Call): never {
  return fail(call.module, `Module [${call.module.kind!.name}] is missing the required "forward" function: torch's ${call.module.kind!.name} holds modules and is not called itself`);
}

/** Sequential feeds each child's output to the next, in order, as torch's does. */
function sequential(call: Call): unknown {
  let value: unknown = call.inputs[0];
  for (const [name, child] of call.module._modules.entries()) {
    if (!(child instanceof TorchModule)) fail(call.module, `child ${String(name)} is None and cannot be called`);
    value = runForward(child, [value]);
  }
  return value;
}

function dropout(call: Call): unknown {
  if (call.module.training !== false && number(setting(call, "p")) > 0) fail(call.module, "is in training mode, where torch zeroes random elements; call .eval() first (weightscope runs modules for inference)");
  return input(call);
}

/** Each module kind's forward, by the kind's class name (the rows of kinds.ts). */
export const forwards: Readonly<Record<string, Forward>> = {
  Sequential: sequential,
  ModuleList: notCallable,
  ModuleDict: notCallable,
  Conv1d: convolution(1),
  Conv2d: convolution(2),
  Conv3d: convolution(3),
  ConvTranspose1d: transposedConvolution(1),
  ConvTranspose2d: transposedConvolution(2),
  ConvTranspose3d: transposedConvolution(3),
  Linear: (call) => {
    const x = floatInput(call);
    const weight = required(call, "weight");
    sameDtype(call, x, weight);
    return toTensor(nn.linear(toDense(x), toDense(weight), maybeDense(parameter(call, "bias"))), x.dtypeName);
  },
  Bilinear: (call) => {
    const [x1, x2] = [floatInput(call, 0, "input1"), floatInput(call, 1, "input2")];
    const weight = required(call, "weight");
    sameDtype(call, x1, weight);
    return toTensor(nn.bilinear(toDense(x1), toDense(x2), toDense(weight), maybeDense(parameter(call, "bias"))), x1.dtypeName);
  },
  Identity: (call) => call.inputs[0],
  BatchNorm1d: batchNorm([2, 3]),
  BatchNorm2d: batchNorm([4]),
  BatchNorm3d: batchNorm([5]),
  LayerNorm: (call) => {
    const shape = setting(call, "normalized_shape");
    const normalized = Array.isArray(shape) ? shape.map(number) : [number(shape)];
    return elementwise(call, (x) => nn.layerNorm(x, normalized, { weight: maybeDense(parameter(call, "weight")), bias: maybeDense(parameter(call, "bias")) }, number(setting(call, "eps"))));
  },
  GroupNorm: (call) =>
    elementwise(call, (x) => nn.groupNorm(x, number(setting(call, "num_groups")), { weight: maybeDense(parameter(call, "weight")), bias: maybeDense(parameter(call, "bias")) }, number(setting(call, "eps")))),
  Embedding: embedding,
  RNN: recurrentLayer,
  LSTM: recurrentLayer,
  GRU: recurrentLayer,
  Dropout: dropout,
  Flatten: (call) => input(call).flatten(number(setting(call, "start_dim")), number(setting(call, "end_dim"))),
  Unflatten: (call) => {
    const x = input(call);
    const dim = setting(call, "dim");
    if (typeof dim === "string") fail(call.module, "unflattening a named dim needs named tensors, which weightscope does not have");
    return x.reshape(nn.unflattenShape([...x.shape], number(dim), sizes(setting(call, "unflattened_size")) as number[]));
  },
  MaxPool1d: maxPool(1),
  MaxPool2d: maxPool(2),
  AvgPool1d: avgPool(1),
  AvgPool2d: avgPool(2),
  AdaptiveAvgPool1d: adaptiveAvgPool(1),
  AdaptiveAvgPool2d: adaptiveAvgPool(2),
  ReLU: activation("relu"),
  ReLU6: activation("relu6"),
  LeakyReLU: activation("leaky_relu", (call) => ({ negative_slope: number(setting(call, "negative_slope")) })),
  PReLU: (call) => {
    const x = floatInput(call);
    const weight = required(call, "weight");
    sameDtype(call, x, weight);
    return toTensor(nn.prelu(toDense(x), toDense(weight)), x.dtypeName);
  },
  ELU: activation("elu", (call) => ({ alpha: number(setting(call, "alpha")) })),
  GELU: activation("gelu", (call) => ({ approximate: String(setting(call, "approximate")) })),
  SiLU: activation("silu"),
  Tanh: activation("tanh"),
  Sigmoid: activation("sigmoid"),
  Hardswish: activation("hardswish"),
  Softmax: (call) => elementwise(call, (x) => nn.softmax(x, softmaxDim(call, input(call)))),
  LogSoftmax: (call) => elementwise(call, (x) => nn.logSoftmax(x, softmaxDim(call, input(call)))),
  CrossEntropyLoss: crossEntropy,
  NLLLoss: (call) => {
    const x = floatInput(call);
    return negativeLogLikelihood(call, toDense(x), x.dtypeName);
  },
  MSELoss: meanSquaredError,
};

/**
 * `module(*inputs)`: the kind's row with the module's own arguments and weights. A class from the
 * author's script, or a TorchScript module, has its forward as code, which weightscope does not run.
 */
export function runForward(module: TorchModule, inputs: readonly unknown[]): unknown {
  if (module.__dict__.has("original_name")) {
    fail(module, "this is a TorchScript module: its forward is TorchScript code in the archive, which weightscope reads but does not run");
  }
  const kind = module.kind;
  if (!kind) {
    fail(module, `${module.className}'s forward() is Python code from the script that defined the class, which the file does not hold; its parameters, buffers and submodules are all here`);
  }
  const row = forwards[kind.name] ?? fail(module, `weightscope has no forward for ${kind.name}`);
  return row({ module, args: module.constructorArgs()!, inputs });
}
