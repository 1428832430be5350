// The forward pass's arrays: NDArray in and out, dim permutations, channels-last <-> channels-first, crops and config readers.
import { NDArray } from "../../tensor/index.js";
import { numel, type Dense, type Dense64 } from "../../nn/index.js";
import { KerasValueError } from "../model/errors.js";

/** A layer's config with the Keras 1 names already given their Keras 2 ones. */
export type Config = Readonly<Record<string, unknown>>;

/** The row-major float64 values of an array (numpy's casting: bools and ints become floats). */
export function fromNDArray(array: NDArray): Dense64 {
  const raw = array.data();
  const data = raw instanceof BigInt64Array ? Float64Array.from(raw, Number) : Float64Array.from(raw as ArrayLike<number>);
  return { data, shape: [...array.shape] };
}

/** Keras's outputs are float32 arrays. */
export function toNDArray(x: Dense): NDArray {
  return NDArray.from(Float32Array.from(x.data), { shape: [...x.shape] });
}

/** The dims reordered: out dim d is input dim axes[d], as numpy's transpose. */
export function permute(x: Dense, axes: readonly number[]): Dense64 {
  const shape = axes.map((a) => x.shape[a]!);
  const inStrides = x.shape.map((_, d) => numel(x.shape.slice(d + 1)));
  const steps = axes.map((a) => inStrides[a]!);
  const out = new Float64Array(x.data.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x.data[source]!;
    // Odometer step over the output's dims, moving the source position by the permuted strides.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      source += steps[d]!;
      if (index[d]! < shape[d]!) break;
      source -= steps[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return { data: out, shape };
}

/** (N, *spatial, C) -> (N, C, *spatial), the layout of the shared kernels. */
export function toChannelsFirst(x: Dense): Dense64 {
  const rank = x.shape.length;
  return permute(x, [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)]);
}

/** (N, C, *spatial) -> (N, *spatial, C). */
export function toChannelsLast(x: Dense): Dense64 {
  const rank = x.shape.length;
  return permute(x, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
}

/** Runs a channels-first computation on a layer's input in its own data_format. */
export function inChannelsFirst(x: Dense, config: Config, run: (x: Dense) => Dense): Dense {
  if (config.data_format === "channels_first") return run(x);
  return toChannelsLast(run(toChannelsFirst(x)));
}

/** Runs a channels-last computation on a layer's input in its own data_format. */
export function inChannelsLast(x: Dense, config: Config, run: (x: Dense) => Dense): Dense {
  if (config.data_format !== "channels_first") return run(x);
  return toChannelsFirst(run(toChannelsLast(x)));
}

/** Keeps [start, end) of each spatial dim of (N, C, *spatial). */
export function cropSpatial(x: Dense, ranges: ReadonlyArray<readonly [number, number]>): Dense64 {
  const spatial = x.shape.slice(2);
  const outSpatial = ranges.map(([start, end]) => end - start);
  const shape = [x.shape[0]!, x.shape[1]!, ...outSpatial];
  const out = new Float64Array(numel(shape));
  const planes = shape[0]! * shape[1]!;
  const inPlane = numel(spatial);
  const outPlane = numel(outSpatial);
  const inStrides = spatial.map((_, d) => numel(spatial.slice(d + 1)));
  for (let o = 0; o < outPlane; o++) {
    let rest = o;
    let source = 0;
    for (let d = outSpatial.length - 1; d >= 0; d--) {
      source += ((rest % outSpatial[d]!) + ranges[d]![0]) * inStrides[d]!;
      rest = Math.floor(rest / outSpatial[d]!);
    }
    for (let p = 0; p < planes; p++) out[p * outPlane + o] = x.data[p * inPlane + source]!;
  }
  return { data: out, shape };
}

/** A setting Keras writes as one number or one per spatial dim (`kernel_size: [3, 3]`, `strides: 2`). */
export function perDim(value: unknown, dims: number, fallback: number): number[] {
  if (typeof value === "number") return new Array<number>(dims).fill(value);
  if (Array.isArray(value) && value.length === 1) return new Array<number>(dims).fill(Number(value[0]));
  if (Array.isArray(value) && value.length === dims) return value.map(Number);
  return new Array<number>(dims).fill(fallback);
}

/**
 * Per-side amounts as ZeroPadding and Cropping layers write them: `1`, `[1, 2]` (each dim symmetric) or
 * `[[top, bottom], [left, right]]`; Keras 1's ZeroPadding1D wrote the pair as `[left, right]`.
 */
export function sideAmounts(value: unknown, dims: number): Array<[number, number]> {
  if (typeof value === "number") return Array.from({ length: dims }, () => [value, value]);
  if (Array.isArray(value) && dims === 1 && value.length === 2 && value.every((v) => typeof v === "number")) return [[value[0] as number, value[1] as number]];
  if (Array.isArray(value) && value.length === dims) {
    return value.map((v) => (Array.isArray(v) ? [Number(v[0]), Number(v[1])] : [Number(v), Number(v)]));
  }
  return Array.from({ length: dims }, () => [0, 0]);
}

/** A layer that cannot run on what it was given: one line naming the layer. */
export function layerError(place: string, what: string): KerasValueError {
  return new KerasValueError(what, { place });
}
