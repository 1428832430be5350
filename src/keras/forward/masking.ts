// Keras masks: the Masking layer, and how each layer class treats a (batch, steps) mask on its inputs (passes it on, joins several, reads it, or cannot run with it).
import type { Dense } from "../../nn/index.js";
import { layerError, type Config } from "./arrays.js";
import { only, type ForwardKind } from "./kind.js";

/** Which steps count: ones and zeros of shape (batch, steps), 1 where a step is kept. */
export type Mask = Dense;

/** A step is masked where every one of its features equals mask_value. */
function stepsNotEqual(x: Dense, value: number): Mask {
  const width = x.shape[x.shape.length - 1]!;
  const out = new Float64Array(x.data.length / width);
  for (let s = 0; s < out.length; s++) {
    for (let j = 0; j < width; j++) {
      if (x.data[s * width + j] !== value) {
        out[s] = 1;
        break;
      }
    }
  }
  return { data: out, shape: x.shape.slice(0, -1) };
}

const maskValueOf = (config: Config): number => (typeof config.mask_value === "number" ? config.mask_value : 0);

/** Masked steps become zeros; the mask itself goes on to the layers that read it. */
const masking: ForwardKind = {
  run: (inputs, call) => {
    const x = only(inputs);
    const mask = stepsNotEqual(x, maskValueOf(call.config));
    const width = x.shape[x.shape.length - 1]!;
    return { data: Float64Array.from(x.data, (v, i) => v * mask.data[Math.floor(i / width)]!), shape: [...x.shape] };
  },
};

export const maskingKinds: Readonly<Record<string, ForwardKind>> = { Masking: masking };

/**
 * How a layer class treats a mask on its inputs, after Keras's supports_masking and compute_mask:
 * "pass" gives the output the input's mask (layers that act on each step alone); "join" gives it the
 * steps every input keeps (merges); "sequences" reads the mask (recurrent layers skip masked steps) and
 * passes it on only with return_sequences; "refuse" is a layer Keras would run differently with a mask,
 * which weightscope does not; a function makes a mask of the layer's own. A class not listed drops the
 * mask, as Keras does at a layer without mask support.
 */
type MaskRule = "pass" | "join" | "sequences" | "refuse" | ((inputs: readonly Dense[], config: Config) => Mask | undefined);

const rules: Readonly<Record<string, MaskRule>> = {
  Masking: (inputs, config) => stepsNotEqual(inputs[0]!, maskValueOf(config)),
  // Index 0 is padding: the (batch, steps) input itself says which steps count.
  Embedding: (inputs, config) => (config.mask_zero === true ? { data: Float64Array.from(inputs[0]!.data, (v) => (v !== 0 ? 1 : 0)), shape: [...inputs[0]!.shape] } : undefined),
  ...Object.fromEntries(
    [
      "Dense", "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU", "Dropout", "SpatialDropout1D", "GaussianNoise",
      "GaussianDropout", "AlphaDropout", "ActivityRegularization", "BatchNormalization", "LayerNormalization", "TimeDistributed",
    ].map((name) => [name, "pass" as const]),
  ),
  ...Object.fromEntries(["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"].map((name) => [name, "join" as const])),
  ...Object.fromEntries(["SimpleRNN", "LSTM", "GRU", "Bidirectional"].map((name) => [name, "sequences" as const])),
  // A masked mean, a masked softmax, masked attention.
  ...Object.fromEntries(["GlobalAveragePooling1D", "Softmax", "Attention", "AdditiveAttention", "MultiHeadAttention"].map((name) => [name, "refuse" as const])),
};

/** Steps every mask keeps. */
function allOf(masks: readonly Mask[]): Mask {
  const first = masks[0]!;
  return { data: Float64Array.from(first.data, (_, i) => (masks.every((m) => m.data[i] === 1) ? 1 : 0)), shape: [...first.shape] };
}

/** The mask a layer call reads: its inputs' masks joined; an error where the class cannot run with one, or the masks do not fit. */
export function callMask(className: string, config: Config, inputs: readonly Dense[], masks: ReadonlyArray<Mask | undefined>, place: string): Mask | undefined {
  const present = masks.filter((m): m is Mask => m !== undefined);
  const rule = rules[className];
  // A layer that drops the mask, or makes its own, never reads the one it is given.
  if (present.length === 0 || rule === undefined || typeof rule === "function") return undefined;
  if (rule === "refuse") throw layerError(place, `weightscope does not run ${className} on a masked input (the mask comes from a Masking layer or an Embedding with mask_zero upstream)`);
  const rank = inputs[0]!.shape.length;
  const axis = typeof config.axis === "number" ? (config.axis < 0 ? config.axis + rank : config.axis) : rank - 1;
  if (className === "Concatenate" && axis === 1) throw layerError(place, "weightscope does not join masks along the steps axis");
  const fits = present.every((m) => m.shape.join() === present[0]!.shape.join()) && inputs.every((x) => present[0]!.shape.every((size, d) => x.shape[d] === size));
  if (!fits) throw layerError(place, `the masks (${present.map((m) => m.shape.join(", ")).join("), (")}) do not fit inputs of shape (${inputs.map((x) => x.shape.join(", ")).join("), (")})`);
  return present.length === 1 ? present[0] : allOf(present);
}

/** The masks a call's outputs carry, one per output. */
export function outputMasks(className: string, config: Config, inputs: readonly Dense[], mask: Mask | undefined, outputCount: number): Array<Mask | undefined> {
  const rule = rules[className];
  const first = typeof rule === "function" ? rule(inputs, config) : rule === "pass" || rule === "join" || (rule === "sequences" && sequencesOf(className, config)) ? mask : undefined;
  return [first, ...new Array<undefined>(outputCount - 1).fill(undefined)];
}

/** Whether a recurrent layer (or the one a Bidirectional wraps) returns every step. */
function sequencesOf(className: string, config: Config): boolean {
  const inner = className === "Bidirectional" ? ((config.layer as { config?: Config } | undefined)?.config ?? {}) : config;
  return inner.return_sequences === true;
}
