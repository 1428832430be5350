// Keras activations by name (the `activation` setting and the Activation layer) and the activation layer classes.
import { activate, elementActivations, softmax, type Dense, type Dense64 } from "../../nn/index.js";
import { layerError, type Config } from "./arrays.js";
import { only, type ForwardKind } from "./kind.js";

type Element = (x: number) => number;

/** Keras names that are the shared kernels' elementwise functions under another name or with Keras's settings. */
const elementwise: Readonly<Record<string, (keras3: boolean) => Element>> = {
  linear: () => (x) => x,
  relu: () => elementActivations.relu!({}),
  relu6: () => elementActivations.relu6!({}),
  elu: () => elementActivations.elu!({}),
  selu: () => elementActivations.selu!({}),
  sigmoid: () => elementActivations.sigmoid!({}),
  tanh: () => Math.tanh,
  softplus: () => (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  softsign: () => elementActivations.softsign!({}),
  swish: () => elementActivations.silu!({}),
  silu: () => elementActivations.silu!({}),
  gelu: () => elementActivations.gelu!({}),
  exponential: () => Math.exp,
  mish: () => elementActivations.mish!({}),
  // Keras 3's leaky_relu activation defaults to a slope of 0.2 (the LeakyReLU layer's is 0.3).
  leaky_relu: () => elementActivations.leaky_relu!({ negative_slope: 0.2 }),
  // Keras 2 (and tf.keras) used the linear 0.2x + 0.5; Keras 3 uses torch's x/6 + 0.5.
  hard_sigmoid: (keras3) => (keras3 ? elementActivations.hardsigmoid!({}) : (x) => (x < -2.5 ? 0 : x > 2.5 ? 1 : 0.2 * x + 0.5)),
  hard_silu: () => elementActivations.hardswish!({}),
  hard_swish: () => elementActivations.hardswish!({}),
};

/** The name an `activation` setting holds: a string, or Keras 3's serialized function object. */
export function activationName(value: unknown): string {
  if (value === undefined || value === null) return "linear";
  if (typeof value === "string") return value;
  const object = value as { config?: unknown; class_name?: unknown };
  return typeof object.config === "string" ? object.config : typeof object.class_name === "string" ? object.class_name : "?";
}

/** The element function of a Keras activation, for the recurrent cells; softmax has none. */
export function elementFunction(value: unknown, keras3: boolean, place: string): Element {
  const name = activationName(value);
  const make = elementwise[name];
  if (!make) throw layerError(place, `weightscope cannot run the activation '${name}'`);
  return make(keras3);
}

/** Applies a Keras activation to a whole array (softmax along the last axis). */
export function applyActivation(x: Dense, value: unknown, keras3: boolean, place: string): Dense {
  const name = activationName(value);
  if (name === "linear") return x;
  if (name === "softmax") return softmax(x, -1);
  if (name === "log_softmax") return logOf(softmax(x, -1));
  return map(x, elementFunction(name, keras3, place));
}

function map(x: Dense, f: Element): Dense64 {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]!);
  return { data: out, shape: [...x.shape] };
}

function logOf(x: Dense64): Dense64 {
  return map(x, Math.log);
}

const number = (value: unknown, fallback: number): number => (typeof value === "number" ? value : fallback);

/** Keras's ReLU layer: max_value caps it, below threshold the slope is negative_slope. */
function relu(config: Config): Element {
  const cap = typeof config.max_value === "number" ? config.max_value : Infinity;
  const slope = number(config.negative_slope, 0);
  const threshold = number(config.threshold, 0);
  return (x) => Math.min(x >= threshold ? x : slope * (x - threshold), cap);
}

/** Softmax over the config's axis; Keras also allows several axes sharing one sum, which weightscope does not run. */
function softmaxLayer(x: Dense, config: Config, place: string): Dense {
  const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
  if (axis.length !== 1) throw layerError(place, "weightscope runs Softmax over one axis only");
  return softmax(x, Number(axis[0]));
}

export const activationKinds: Readonly<Record<string, ForwardKind>> = {
  Activation: { run: (inputs, call) => applyActivation(only(inputs), call.config.activation, call.keras3, call.place) },
  ReLU: { run: (inputs, call) => map(only(inputs), relu(call.config)) },
  // Keras 2 calls the slope alpha (default 0.3); Keras 3 negative_slope.
  LeakyReLU: { run: (inputs, call) => activate("leaky_relu", only(inputs), { negative_slope: number(call.config.negative_slope, number(call.config.alpha, 0.3)) }) },
  ELU: { run: (inputs, call) => activate("elu", only(inputs), { alpha: number(call.config.alpha, 1) }) },
  ThresholdedReLU: { run: (inputs, call) => map(only(inputs), ((theta) => (x: number) => (x > theta ? x : 0))(number(call.config.theta, 1))) },
  Softmax: { run: (inputs, call) => softmaxLayer(only(inputs), call.config, call.place) },
  PReLU: {
    weights: () => ["alpha"],
    // alpha has the input's shape without the batch axis, with size 1 along shared_axes: it broadcasts.
    run: (inputs, call) => {
      const x = only(inputs);
      const alpha = call.weights.alpha!;
      const inner = x.shape.slice(1);
      if (alpha.shape.length !== inner.length || alpha.shape.some((size, d) => size !== 1 && size !== inner[d])) throw layerError(call.place, `alpha of shape (${alpha.shape.join(", ")}) does not fit input of shape (${x.shape.join(", ")})`);
      const strides = alpha.shape.map((_, d) => alpha.shape.slice(d + 1).reduce((a, b) => a * b, 1));
      const perSample = inner.reduce((a, b) => a * b, 1);
      const out = new Float64Array(x.data.length);
      for (let i = 0; i < out.length; i++) {
        let rest = i % perSample;
        let a = 0;
        for (let d = inner.length - 1; d >= 0; d--) {
          const position = rest % inner[d]!;
          rest = Math.floor(rest / inner[d]!);
          if (alpha.shape[d] !== 1) a += position * strides[d]!;
        }
        const v = x.data[i]!;
        out[i] = v < 0 ? alpha.data[a]! * v : v;
      }
      return { data: out, shape: [...x.shape] };
    },
  },
};
