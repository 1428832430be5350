// Normalisations: batch norm (running or batch statistics), layer norm and group norm.
import { check, numel, shapeText, type Dense, type Dense64 } from "./array.js";

export interface Affine {
  weight?: Dense | undefined;
  bias?: Dense | undefined;
}

/** Per-channel mean and biased variance over every dim but 1 (the batch statistics of training mode). */
export function channelStatistics(input: Dense): { mean: Float64Array; variance: Float64Array; count: number } {
  check(input.shape.length >= 2, "batch_norm", () => `expected input with at least 2 dims, got ${shapeText(input.shape)}`);
  const [batch, channels] = input.shape as [number, number];
  const inner = numel(input.shape.slice(2));
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) for (let i = 0, base = (n * channels + c) * inner; i < inner; i++) sum += input.data[base + i]!;
    const m = sum / (batch * inner);
    let squares = 0;
    for (let n = 0; n < batch; n++) {
      for (let i = 0, base = (n * channels + c) * inner; i < inner; i++) {
        const d = input.data[base + i]! - m;
        squares += d * d;
      }
    }
    mean[c] = m;
    variance[c] = squares / (batch * inner);
  }
  return { mean, variance, count: batch * inner };
}

/** (x - mean) / sqrt(var + eps) · weight + bias per channel (dim 1 of (N, C, *) or dim 0 of (C, *) for 2-dim-less input). */
export function batchNorm(input: Dense, mean: ArrayLike<number>, variance: ArrayLike<number>, affine: Affine, eps: number): Dense64 {
  check(input.shape.length >= 2, "batch_norm", () => `expected input with at least 2 dims, got ${shapeText(input.shape)}`);
  const channels = input.shape[1]!;
  check(mean.length === channels && variance.length === channels, "batch_norm", () => `statistics of ${mean.length} channels for input ${shapeText(input.shape)}`);
  check(!affine.weight || numel(affine.weight.shape) === channels, "batch_norm", () => `weight of ${numel(affine.weight!.shape)} values for ${channels} channels`);
  const inner = numel(input.shape.slice(2));
  const out = new Float64Array(input.data.length);
  const scale = Float64Array.from({ length: channels }, (_, c) => (affine.weight ? affine.weight.data[c]! : 1) / Math.sqrt(variance[c]! + eps));
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = (input.data[i]! - mean[c]!) * scale[c]! + (affine.bias ? affine.bias.data[c]! : 0);
  }
  return { data: out, shape: [...input.shape] };
}

/** Normalises each run of the last dims (their sizes are `normalizedShape`), then scales and shifts elementwise. */
export function layerNorm(input: Dense, normalizedShape: readonly number[], affine: Affine, eps: number): Dense64 {
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.shape.length - k);
  check(k <= input.shape.length && tail.every((size, d) => size === normalizedShape[d]), "layer_norm", () => `normalized_shape ${shapeText(normalizedShape)} is not the end of input ${shapeText(input.shape)}`);
  const size = numel(normalizedShape);
  const out = new Float64Array(input.data.length);
  for (let start = 0; start < input.data.length; start += size) normalizeRun(input.data, out, start, size, eps, (j) => [affine.weight ? affine.weight.data[j]! : 1, affine.bias ? affine.bias.data[j]! : 0]);
  return { data: out, shape: [...input.shape] };
}

/** Splits the channels (dim 1) into groups and normalises each group of each sample; weight and bias are per channel. */
export function groupNorm(input: Dense, groups: number, affine: Affine, eps: number): Dense64 {
  check(input.shape.length >= 2, "group_norm", () => `expected input with at least 2 dims, got ${shapeText(input.shape)}`);
  const [batch, channels] = input.shape as [number, number];
  check(channels % groups === 0, "group_norm", () => `${channels} channels do not split into ${groups} groups`);
  const inner = numel(input.shape.slice(2));
  const size = (channels / groups) * inner;
  const out = new Float64Array(input.data.length);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const start = (n * groups + g) * size;
      normalizeRun(input.data, out, start, size, eps, (j) => {
        const c = g * (channels / groups) + Math.floor(j / inner);
        return [affine.weight ? affine.weight.data[c]! : 1, affine.bias ? affine.bias.data[c]! : 0];
      });
    }
  }
  return { data: out, shape: [...input.shape] };
}

/** out[start + j] = (x - mean) / sqrt(biased var + eps) · scale_j + shift_j over one run. */
function normalizeRun(x: Dense["data"], out: Float64Array, start: number, size: number, eps: number, affineAt: (j: number) => [number, number]): void {
  let sum = 0;
  for (let j = 0; j < size; j++) sum += x[start + j]!;
  const mean = sum / size;
  let squares = 0;
  for (let j = 0; j < size; j++) squares += (x[start + j]! - mean) ** 2;
  const inv = 1 / Math.sqrt(squares / size + eps);
  for (let j = 0; j < size; j++) {
    const [scale, shift] = affineAt(j);
    out[start + j] = (x[start + j]! - mean) * inv * scale + shift;
  }
}
