// BatchNormalization with its moving statistics (inference mode) and LayerNormalization, over the axes their configs name.
import { numel } from "../../nn/index.js";
import { layerError, type Config } from "./arrays.js";
import { only, type ForwardKind } from "./kind.js";

/** The config's axis or axes (Keras writes `-1`, `[3]` or `[1, 2]`), as non-negative dims of a rank-`rank` input. */
function axesOf(config: Config, rank: number): number[] {
  const listed = Array.isArray(config.axis) ? (config.axis as number[]) : [typeof config.axis === "number" ? config.axis : -1];
  return listed.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

const epsilonOf = (config: Config): number => (typeof config.epsilon === "number" ? config.epsilon : 1e-3);
const affineNames = (config: Config): string[] => [...(config.scale === false ? [] : ["gamma"]), ...(config.center === false ? [] : ["beta"])];

/** For each element, the index into an array shaped like the input's `axes` dims (what gamma and the statistics are). */
function paramIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const index = new Int32Array(numel(shape));
  const strides = shape.map((_, d) => numel(shape.slice(d + 1)));
  const paramStrides = axes.map((_, k) => numel(axes.slice(k + 1).map((a) => shape[a]!)));
  for (let i = 0; i < index.length; i++) {
    let p = 0;
    axes.forEach((a, k) => (p += (Math.floor(i / strides[a]!) % shape[a]!) * paramStrides[k]!));
    index[i] = p;
  }
  return index;
}

/** (x - moving_mean) / sqrt(moving_variance + epsilon) · gamma + beta. */
const batchNormalization: ForwardKind = {
  weights: (config) => [...affineNames(config), "moving_mean", "moving_variance"],
  run: (inputs, call) => {
    const x = only(inputs);
    const { gamma, beta, moving_mean: mean, moving_variance: variance } = call.weights;
    const axes = axesOf(call.config, x.shape.length);
    const channels = numel(axes.map((a) => x.shape[a] ?? 0));
    if (mean!.data.length !== channels) throw layerError(call.place, `input of shape (${x.shape.join(", ")}) has ${channels} values along axis ${axes.join(", ")}, but the statistics have ${mean!.data.length}`);
    const index = paramIndex(x.shape, axes);
    const eps = epsilonOf(call.config);
    const scale = Float64Array.from(mean!.data, (_, c) => (gamma ? gamma.data[c]! : 1) / Math.sqrt(variance!.data[c]! + eps));
    const out = new Float64Array(x.data.length);
    for (let i = 0; i < out.length; i++) {
      const c = index[i]!;
      out[i] = (x.data[i]! - mean!.data[c]!) * scale[c]! + (beta ? beta.data[c]! : 0);
    }
    return { data: out, shape: [...x.shape] };
  },
};

/**
 * Normalised over the config's axes (any of them, not only the last), then gamma and beta. Gamma holds one
 * dim per axis; Keras reshapes it (not transposes it) onto the input's axes, so its values are in the
 * order of the sorted axes whatever order the config lists them in.
 */
const layerNormalization: ForwardKind = {
  weights: (config) => affineNames(config),
  run: (inputs, call) => {
    const x = only(inputs);
    const rank = x.shape.length;
    const axes = axesOf(call.config, rank);
    if (axes.some((a) => a < 1 || a >= rank)) throw layerError(call.place, `axis ${axes.join(", ")} is not an axis of the (${x.shape.join(", ")}) input other than the batch axis`);
    if (call.config.rms_scaling === true) throw layerError(call.place, "weightscope does not run LayerNormalization with rms_scaling");
    const size = numel(axes.map((a) => x.shape[a]!));
    const eps = epsilonOf(call.config);
    const { gamma, beta } = call.weights;
    if ([gamma, beta].some((w) => w && w.data.length !== size)) throw layerError(call.place, `input of shape (${x.shape.join(", ")}) does not fit gamma and beta of ${(gamma ?? beta)!.data.length} values`);
    const param = paramIndex(x.shape, axes);
    const group = paramIndex(x.shape, x.shape.map((_, d) => d).filter((d) => !axes.includes(d)));
    const groups = x.data.length / size;
    const mean = new Float64Array(groups);
    const squares = new Float64Array(groups);
    for (let i = 0; i < x.data.length; i++) mean[group[i]!]! += x.data[i]!;
    for (let g = 0; g < groups; g++) mean[g]! /= size;
    for (let i = 0; i < x.data.length; i++) squares[group[i]!]! += (x.data[i]! - mean[group[i]!]!) ** 2;
    const inv = Float64Array.from(squares, (s) => 1 / Math.sqrt(s / size + eps));
    const out = new Float64Array(x.data.length);
    for (let i = 0; i < out.length; i++) {
      const [g, p] = [group[i]!, param[i]!];
      out[i] = (x.data[i]! - mean[g]!) * inv[g]! * (gamma ? gamma.data[p]! : 1) + (beta ? beta.data[p]! : 0);
    }
    return { data: out, shape: [...x.shape] };
  },
};

export const normalizationKinds: Readonly<Record<string, ForwardKind>> = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
};
