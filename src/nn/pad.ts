// Spatial geometry shared by convolutions and pools: per-side pads, output sizes, batching, and padding by mode.
import { check, numel, shapeText, type Dense, type Dense64 } from "./array.js";

/** Pads before and after one spatial dim. */
export type SidePads = readonly [before: number, after: number];

/**
 * Padding as torch's convolutions take it (one number, one per dim, 'valid', 'same'), or per side for
 * each dim, which is how Keras' asymmetric 'same' padding is expressed.
 */
export type Padding = number | readonly number[] | readonly SidePads[] | "valid" | "same";

export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** Resolves any Padding to [before, after] per spatial dim. 'same' is torch's: total d(k-1), the extra after. */
export function sidePads(padding: Padding, kernel: readonly number[], dilation: readonly number[], name: string): SidePads[] {
  const dims = kernel.length;
  if (padding === "valid") return kernel.map(() => [0, 0]);
  if (padding === "same") {
    return kernel.map((k, d) => {
      const total = dilation[d]! * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === "number") return kernel.map(() => [padding, padding]);
  if (padding.length === 1 && typeof padding[0] === "number") return kernel.map(() => [padding[0] as number, padding[0] as number]);
  check(padding.length === dims, name, () => `padding needs ${dims} values, got ${padding.length}`);
  return padding.map((p) => (typeof p === "number" ? [p, p] : [p[0], p[1]]));
}

/** The leading batch dim an unbatched input lacks, added and later dropped, as torch's modules accept (C, *spatial). */
export function batched(input: Dense, spatialDims: number, name: string): { input: Dense; unbatch: (out: Dense64) => Dense64 } {
  const rank = input.shape.length;
  check(rank === spatialDims + 2 || rank === spatialDims + 1, name, () => `expected ${spatialDims + 1}-dim (unbatched) or ${spatialDims + 2}-dim (batched) input, got input of size ${shapeText(input.shape)}`);
  if (rank === spatialDims + 2) return { input, unbatch: (out) => out };
  return { input: { data: input.data, shape: [1, ...input.shape] }, unbatch: (out) => ({ data: out.data, shape: out.shape.slice(1) }) };
}

/** Sizes (N, C, D, H, W) with the spatial dims padded to three by leading ones, so one loop nest serves 1-, 2- and 3-d. */
export function asThreeD(shape: readonly number[]): [number, number, number, number, number] {
  const spatial = shape.slice(2);
  const filled = [...new Array<number>(3 - spatial.length).fill(1), ...spatial];
  return [shape[0]!, shape[1]!, filled[0]!, filled[1]!, filled[2]!];
}

/** Per-dim settings padded to three dims with `fill` in front, matching asThreeD. */
export function threeD<T>(values: readonly T[], fill: T): T[] {
  return [...new Array<T>(3 - values.length).fill(fill), ...values];
}

/**
 * Pads the spatial dims of (N, C, *spatial) by [before, after] per dim: with zeros, by reflection (the
 * edge not repeated), by repeating the edge, or circularly, as torch's F.pad modes.
 */
export function padSpatial(input: Dense, pads: readonly SidePads[], mode: PaddingMode): Dense64 {
  const spatial = input.shape.slice(2);
  check(pads.length === spatial.length, "pad", () => `${pads.length} pads for ${spatial.length} spatial dims`);
  pads.forEach(([before, after], d) => {
    const size = spatial[d]!;
    if (mode === "reflect") check(before < size && after < size, "pad", () => `reflect padding (${before}, ${after}) must be smaller than the size ${size} of spatial dim ${d}`);
    if (mode === "circular") check(before <= size && after <= size, "pad", () => `circular padding (${before}, ${after}) must not exceed the size ${size} of spatial dim ${d}`);
  });
  const outSpatial = spatial.map((size, d) => size + pads[d]![0] + pads[d]![1]);
  const shape = [input.shape[0]!, input.shape[1]!, ...outSpatial];
  const out = new Float64Array(numel(shape));
  const planes = input.shape[0]! * input.shape[1]!;
  const inPlane = numel(spatial);
  const outPlane = numel(outSpatial);
  // For each padded position along each dim, the source index (or -1 for a zero).
  const sources = outSpatial.map((size, d) => Int32Array.from({ length: size }, (_, o) => sourceIndex(o - pads[d]![0], spatial[d]!, mode)));
  const inStrides = spatial.map((_, d) => numel(spatial.slice(d + 1)));
  const position = new Array<number>(outSpatial.length).fill(0);
  for (let o = 0; o < outPlane; o++) {
    let rest = o;
    let source = 0;
    for (let d = outSpatial.length - 1; d >= 0; d--) {
      position[d] = rest % outSpatial[d]!;
      rest = Math.floor(rest / outSpatial[d]!);
      const s = sources[d]![position[d]!]!;
      source = s < 0 || source < 0 ? -1 : source + s * inStrides[d]!;
    }
    if (source < 0) continue;
    for (let p = 0; p < planes; p++) out[p * outPlane + o] = input.data[p * inPlane + source]!;
  }
  return { data: out, shape };
}

function sourceIndex(i: number, size: number, mode: PaddingMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case "zeros":
      return -1;
    case "replicate":
      return i < 0 ? 0 : size - 1;
    case "circular":
      return ((i % size) + size) % size;
    case "reflect": {
      const period = 2 * (size - 1);
      const folded = ((i % period) + period) % period;
      return folded < size ? folded : period - folded;
    }
  }
}

/** Output size of a sliding window: floor or ceil((in + pads - d(k-1) - 1) / s) + 1. */
export function windowCount(size: number, kernel: number, stride: number, before: number, after: number, dilation: number, ceilMode = false): number {
  const span = size + before + after - dilation * (kernel - 1) - 1;
  let count = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // torch's ceil mode drops a last window that would start inside the right padding.
  if (ceilMode && (count - 1) * stride >= size + before) count--;
  return count;
}
