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

/** Each sample normalised over the config's axes (the last ones), then gamma and beta, shaped like those axes. */
const layerNormalization: ForwardKind = {
  weights: (config) => affineNames(config),
  run: (inputs, call) => {
    const x = only(inputs);
    const rank = x.shape.length;
    const axes = axesOf(call.config, rank);
    if (axes.some((a, k) => a !== rank - axes.length + k)) throw layerError(call.place, `weightscope normalises over the last axes only, not axes [${axes.join(", ")}]`);
    if (call.config.rms_scaling === true) throw layerError(call.place, "weightscope does not run LayerNormalization with rms_scaling");
    const size = numel(axes.map((a) => x.shape[a]!));
    const eps = epsilonOf(call.config);
    const { gamma, beta } = call.weights;
    if ([gamma, beta].some((w) => w && w.data.length !== size)) throw layerError(call.place, `input of shape (${x.shape.join(", ")}) does not fit gamma and beta of ${(gamma ?? beta)!.data.length} values`);
    const out = new Float64Array(x.data.length);
    for (let start = 0; start < out.length; start += size) {
      let sum = 0;
      for (let j = 0; j < size; j++) sum += x.data[start + j]!;
      const mean = sum / size;
      let squares = 0;
      for (let j = 0; j < size; j++) squares += (x.data[start + j]! - mean) ** 2;
      const inv = 1 / Math.sqrt(squares / size + eps);
      for (let j = 0; j < size; j++) out[start + j] = (x.data[start + j]! - mean) * inv * (gamma ? gamma.data[j]! : 1) + (beta ? beta.data[j]! : 0);
    }
    return { data: out, shape: [...x.shape] };
  },
};

export const normalizationKinds: Readonly<Record<string, ForwardKind>> = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
};
