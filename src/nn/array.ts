// The kernels' one data shape: a contiguous row-major float array and its sizes, plus the checks they share.
import { TensorError } from "../errors.js";

export type FloatArray = Float32Array | Float64Array;

/** A row-major block of floats: what every kernel takes and returns. Results are Float64Array. */
export interface Dense {
  readonly data: FloatArray;
  readonly shape: readonly number[];
}

export interface Dense64 extends Dense {
  readonly data: Float64Array;
}

export function numel(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}

export function dense(data: FloatArray, shape: readonly number[]): Dense {
  if (data.length !== numel(shape)) throw new TensorError(`${data.length} values do not fill shape [${shape.join(", ")}]`);
  return { data, shape };
}

export function zeros(shape: readonly number[]): Dense64 {
  return { data: new Float64Array(numel(shape)), shape: [...shape] };
}

/** Fails with the kernel's name and what it needed, in the caller's terms. */
export function check(condition: boolean, kernel: string, what: () => string): asserts condition {
  if (!condition) throw new TensorError(`${kernel}: ${what()}`);
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** A per-dim setting given once for all dims (`3`) or per dim (`[3, 5]`), as torch's `_pair` and `_triple`. */
export function perDim(value: number | readonly number[], dims: number, kernel: string, name: string): number[] {
  if (typeof value === "number") return new Array<number>(dims).fill(value);
  if (value.length === 1) return new Array<number>(dims).fill(value[0]!);
  check(value.length === dims, kernel, () => `${name} needs ${dims} values, got ${value.length}`);
  return [...value];
}

/** Normalises a possibly negative dim, torch style. */
export function axis(dim: number, ndim: number, kernel: string): number {
  const size = Math.max(ndim, 1);
  check(Number.isInteger(dim) && dim >= -size && dim < size, kernel, () => `dim ${dim} is out of range for ${ndim} dims`);
  return dim < 0 ? dim + size : dim;
}

/**
 * The product of sizes before a dim, the size of the dim, and the product after it: the three loops every
 * reduction along one dim runs.
 */
export function around(shape: readonly number[], dim: number): [outer: number, size: number, inner: number] {
  return [numel(shape.slice(0, dim)), shape[dim] ?? 1, numel(shape.slice(dim + 1))];
}

/** torch.flatten's shape: dims start..end merged into one. */
export function flattenShape(shape: readonly number[], startDim = 0, endDim = -1): number[] {
  if (shape.length === 0) return [1];
  const start = axis(startDim, shape.length, "flatten");
  const end = axis(endDim, shape.length, "flatten");
  check(start <= end, "flatten", () => `start_dim ${startDim} comes after end_dim ${endDim}`);
  return [...shape.slice(0, start), numel(shape.slice(start, end + 1)), ...shape.slice(end + 1)];
}

/** torch.unflatten's shape: dim split into `sizes` (one of them may be -1). */
export function unflattenShape(shape: readonly number[], dim: number, sizes: readonly number[]): number[] {
  const d = axis(dim, shape.length, "unflatten");
  const known = sizes.filter((s) => s !== -1);
  const product = numel(known);
  const resolved = sizes.map((s) => (s === -1 ? shape[d]! / product : s));
  check(sizes.filter((s) => s === -1).length <= 1 && numel(resolved) === shape[d] && resolved.every(Number.isInteger), "unflatten", () => `sizes ${shapeText(sizes)} do not multiply to the size ${shape[d]} of dim ${dim}`);
  return [...shape.slice(0, d), ...resolved, ...shape.slice(d + 1)];
}
