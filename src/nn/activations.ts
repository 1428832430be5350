// Activations: elementwise ones as a table of element functions, then softmax, log_softmax and PReLU, which need a dim.
import { around, axis, check, numel, shapeText, type Dense, type Dense64 } from "./array.js";
import { erf } from "./special.js";

/** Settings an activation takes (negative_slope, alpha, min_val...), by torch's argument names. */
export type ActivationOptions = Readonly<Record<string, number | string | undefined>>;
type ElementFunction = (x: number) => number;

const seluAlpha = 1.6732632423543772;
const seluScale = 1.0507009873554805;
const sqrtTwoOverPi = Math.sqrt(2 / Math.PI);

const sigmoid: ElementFunction = (x) => 1 / (1 + Math.exp(-x));
// `x < 0 ? 0 : x` rather than Math.max keeps NaN as NaN, as torch does.
const relu: ElementFunction = (x) => (x < 0 ? 0 : x);
const clamp = (x: number, low: number, high: number): number => (x < low ? low : x > high ? high : x);

/**
 * Each elementwise activation by torch's functional name: given its options (torch's defaults filled
 * in), the function of one element.
 */
export const elementActivations: Readonly<Record<string, (options: ActivationOptions) => ElementFunction>> = {
  identity: () => (x) => x,
  relu: () => relu,
  relu6: () => (x) => (x < 0 ? 0 : x > 6 ? 6 : x),
  leaky_relu: (o) => {
    const slope = num(o.negative_slope, 0.01);
    return (x) => (x < 0 ? x * slope : x);
  },
  elu: (o) => {
    const alpha = num(o.alpha, 1);
    return (x) => (x > 0 ? x : alpha * Math.expm1(x));
  },
  celu: (o) => {
    const alpha = num(o.alpha, 1);
    return (x) => (x > 0 ? x : alpha * Math.expm1(x / alpha));
  },
  selu: () => (x) => seluScale * (x > 0 ? x : seluAlpha * Math.expm1(x)),
  gelu: (o) =>
    o.approximate === "tanh"
      ? (x) => 0.5 * x * (1 + Math.tanh(sqrtTwoOverPi * (x + 0.044715 * x * x * x)))
      : (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  sigmoid: () => sigmoid,
  tanh: () => Math.tanh,
  hardtanh: (o) => {
    const low = num(o.min_val, -1);
    const high = num(o.max_val, 1);
    return (x) => clamp(x, low, high);
  },
  hardsigmoid: () => (x) => clamp(x + 3, 0, 6) / 6,
  hardswish: () => (x) => (x * clamp(x + 3, 0, 6)) / 6,
  softplus: (o) => {
    const beta = num(o.beta, 1);
    const threshold = num(o.threshold, 20);
    return (x) => (x * beta > threshold ? x : Math.log1p(Math.exp(x * beta)) / beta);
  },
  silu: () => (x) => x * sigmoid(x),
  mish: () => (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  softsign: () => (x) => x / (1 + Math.abs(x)),
  tanhshrink: () => (x) => x - Math.tanh(x),
  logsigmoid: () => (x) => (x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x))),
  exp: () => Math.exp,
};

function num(value: number | string | undefined, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

/** Applies the named elementwise activation. */
export function activate(name: string, input: Dense, options: ActivationOptions = {}): Dense64 {
  const make = elementActivations[name];
  check(make !== undefined, "activation", () => `no elementwise activation is named ${name}`);
  const f = make(options);
  const out = new Float64Array(input.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(input.data[i]!);
  return { data: out, shape: [...input.shape] };
}

/** torch's implicit softmax dim (a legacy of `dim=None`): 0 for 0-, 1- and 3-dim input, else 1. */
export function legacySoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** softmax along `dim`, shifted by the maximum so large inputs do not overflow. */
export function softmax(input: Dense, dim: number): Dense64 {
  return alongDim(input, dim, "softmax", false);
}

/** log(softmax(x)) along `dim`, computed as x - max - log Σ exp(x - max). */
export function logSoftmax(input: Dense, dim: number): Dense64 {
  return alongDim(input, dim, "log_softmax", true);
}

function alongDim(input: Dense, dim: number, kernel: string, log: boolean): Dense64 {
  const [outer, size, inner] = around(input.shape, axis(dim, input.shape.length, kernel));
  const x = input.data;
  const out = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let k = 0; k < size; k++) max = Math.max(max, x[base + k * inner]!);
      let sum = 0;
      for (let k = 0; k < size; k++) sum += Math.exp(x[base + k * inner]! - max);
      const logSum = Math.log(sum);
      for (let k = 0; k < size; k++) {
        const shifted = x[base + k * inner]! - max;
        out[base + k * inner] = log ? shifted - logSum : Math.exp(shifted) / sum;
      }
    }
  }
  return { data: out, shape: [...input.shape] };
}

/** PReLU: `weight` holds one slope, or one per channel (dim 1, or dim 0 of a 1-dim input). */
export function prelu(input: Dense, weight: Dense): Dense64 {
  const count = numel(weight.shape);
  const channelDim = input.shape.length >= 2 ? 1 : 0;
  const channels = input.shape[channelDim] ?? 1;
  check(count === 1 || count === channels, "prelu", () => `${count} slopes for ${channels} channels of input ${shapeText(input.shape)}`);
  const inner = numel(input.shape.slice(channelDim + 1));
  const out = new Float64Array(input.data.length);
  for (let i = 0; i < out.length; i++) {
    const x = input.data[i]!;
    const slope = count === 1 ? weight.data[0]! : weight.data[Math.floor(i / inner) % channels]!;
    out[i] = x < 0 ? slope * x : x;
  }
  return { data: out, shape: [...input.shape] };
}
