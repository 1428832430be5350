// torch.nn.init: the initialisation functions modules use in reset_parameters, drawing from torch's generator in torch's order.
//
// Each function fills its tensor in place and returns it, as torch's do. The arithmetic (gains, fans,
// bounds) is done in doubles like Python's, and the draws go through src/torch/random.ts, so after
// `torch.manual_seed(s)` the values equal real torch's bit for bit (float64 normals: within two ulps).
// Python keyword arguments come as a trailing plain object: `kaiming_uniform_(w, { a: Math.sqrt(5) })`.
import { TensorError } from "../errors.js";
import { PyFloat } from "../python/values.js";
import { Tensor } from "../tensor/index.js";
import { encoder } from "../tensor/convert.js";
import { normalFill, uniformFill } from "./random.js";
import "./inplace.js";
import { bindCall as bind } from "./modules/call-args.js";

function tensorArg(fn: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) throw new TensorError(`${fn}() needs a tensor to fill`);
  return value;
}

function numberArg(fn: string, name: string, value: unknown): number {
  if (typeof value === "number" || value instanceof PyFloat) return Number(value);
  if (typeof value === "bigint") return Number(value);
  throw new TensorError(`${fn}(): ${name} must be a number, not ${value === null ? "None" : typeof value}`);
}

/** Gains for nonlinearities: the factor that keeps activations' variance steady, per torch's table. */
const fixedGains: Record<string, number> = {
  linear: 1,
  conv1d: 1,
  conv2d: 1,
  conv3d: 1,
  conv_transpose1d: 1,
  conv_transpose2d: 1,
  conv_transpose3d: 1,
  sigmoid: 1,
  tanh: 5 / 3,
  relu: Math.sqrt(2),
  selu: 3 / 4,
};

/** `calculate_gain(nonlinearity, param=None)`. */
export function calculate_gain(...args: unknown[]): number {
  const { nonlinearity, param } = bind("calculate_gain", ["nonlinearity", "param"], { param: null }, args);
  if (typeof nonlinearity === "string" && nonlinearity in fixedGains) return fixedGains[nonlinearity]!;
  if (nonlinearity === "leaky_relu") {
    if (param === null || param === undefined) return Math.sqrt(2 / (1 + 0.01 ** 2));
    if (typeof param !== "number" || typeof param === "boolean") throw new TensorError(`negative_slope ${String(param)} not a valid number`);
    return Math.sqrt(2 / (1 + param ** 2));
  }
  throw new TensorError(`Unsupported nonlinearity ${String(nonlinearity)}`);
}

/** `_calculate_fan_in_and_fan_out(tensor)`: input and output feature maps times the receptive field. */
export function _calculate_fan_in_and_fan_out(tensor: Tensor): [fanIn: number, fanOut: number] {
  const shape = [...tensorArg("_calculate_fan_in_and_fan_out", tensor).shape];
  if (shape.length < 2) throw new TensorError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function correctFan(tensor: Tensor, mode: unknown): number {
  const chosen = String(mode).toLowerCase();
  if (chosen !== "fan_in" && chosen !== "fan_out") throw new TensorError(`Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(tensor);
  return chosen === "fan_in" ? fanIn : fanOut;
}

/** torch skips zero-element tensors (with a warning) in the kaiming functions. */
const isEmpty = (tensor: Tensor): boolean => tensor.numel() === 0;

/** `uniform_(tensor, a=0., b=1.)`. */
export function uniform_(...args: unknown[]): Tensor {
  const { tensor, a, b } = bind("uniform_", ["tensor", "a", "b"], { a: 0, b: 1 }, args);
  return uniformFill(tensorArg("uniform_", tensor), numberArg("uniform_", "a", a), numberArg("uniform_", "b", b));
}

/** `normal_(tensor, mean=0., std=1.)`. */
export function normal_(...args: unknown[]): Tensor {
  const { tensor, mean, std } = bind("normal_", ["tensor", "mean", "std"], { mean: 0, std: 1 }, args);
  return normalFill(tensorArg("normal_", tensor), numberArg("normal_", "mean", mean), numberArg("normal_", "std", std));
}

/** `constant_(tensor, val)`: every element `val`, through the tensor's own fill_ (src/torch/inplace.ts). */
export function constant_(...args: unknown[]): Tensor {
  const { tensor, val } = bind("constant_", ["tensor", "val"], {}, args);
  return tensorArg("constant_", tensor).fill_(val);
}

export function ones_(tensor: Tensor): Tensor {
  return tensorArg("ones_", tensor).fill_(1);
}

export function zeros_(tensor: Tensor): Tensor {
  return tensorArg("zeros_", tensor).zero_();
}

/** `eye_(tensor)`: the identity matrix in a 2-D tensor. */
export function eye_(tensor: Tensor): Tensor {
  const t = tensorArg("eye_", tensor);
  if (t.dim() !== 2) throw new TensorError("Only tensors with 2 dimensions are supported");
  t.zero_();
  const array = t.storage.typed() as unknown as { [i: number]: number | bigint };
  const one = encoder(t.dtypeName, "via-float32")(t.dtypeName === "int64" ? 1n : 1);
  const [rows, cols] = [t.shape[0]!, t.shape[1]!];
  for (let i = 0; i < Math.min(rows, cols); i++) array[t.storageOffset + i * t.strides[0]! + i * t.strides[1]!] = one;
  return t;
}

/** `kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`: uniform within ±gain·√(3/fan). */
export function kaiming_uniform_(...args: unknown[]): Tensor {
  const { tensor, a, mode, nonlinearity } = bind("kaiming_uniform_", ["tensor", "a", "mode", "nonlinearity"], { a: 0, mode: "fan_in", nonlinearity: "leaky_relu" }, args);
  const t = tensorArg("kaiming_uniform_", tensor);
  if (isEmpty(t)) return t;
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  const bound = Math.sqrt(3) * std;
  return uniformFill(t, -bound, bound);
}

/** `kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')`: normal with std gain/√fan. */
export function kaiming_normal_(...args: unknown[]): Tensor {
  const { tensor, a, mode, nonlinearity } = bind("kaiming_normal_", ["tensor", "a", "mode", "nonlinearity"], { a: 0, mode: "fan_in", nonlinearity: "leaky_relu" }, args);
  const t = tensorArg("kaiming_normal_", tensor);
  if (isEmpty(t)) return t;
  const std = calculate_gain(nonlinearity, a) / Math.sqrt(correctFan(t, mode));
  return normalFill(t, 0, std);
}

/** `xavier_uniform_(tensor, gain=1.)`: uniform within ±gain·√(6/(fan_in+fan_out)). */
export function xavier_uniform_(...args: unknown[]): Tensor {
  const { tensor, gain } = bind("xavier_uniform_", ["tensor", "gain"], { gain: 1 }, args);
  const t = tensorArg("xavier_uniform_", tensor);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  const std = numberArg("xavier_uniform_", "gain", gain) * Math.sqrt(2 / (fanIn + fanOut));
  const bound = Math.sqrt(3) * std;
  return uniformFill(t, -bound, bound);
}

/** `xavier_normal_(tensor, gain=1.)`: normal with std gain·√(2/(fan_in+fan_out)). */
export function xavier_normal_(...args: unknown[]): Tensor {
  const { tensor, gain } = bind("xavier_normal_", ["tensor", "gain"], { gain: 1 }, args);
  const t = tensorArg("xavier_normal_", tensor);
  const [fanIn, fanOut] = _calculate_fan_in_and_fan_out(t);
  return normalFill(t, 0, numberArg("xavier_normal_", "gain", gain) * Math.sqrt(2 / (fanIn + fanOut)));
}

/** The namespace `torch.nn.init`. */
export const init = Object.freeze({
  calculate_gain,
  _calculate_fan_in_and_fan_out,
  uniform_,
  normal_,
  constant_,
  ones_,
  zeros_,
  eye_,
  kaiming_uniform_,
  kaiming_normal_,
  xavier_uniform_,
  xavier_normal_,
});
