// Shape and stride arithmetic shared by Tensor and NDArray: bounds, contiguity, views, dims. Strides count elements.
import { TensorError } from "../errors.js";

type Where = { file?: string; place?: string };

/** The number of elements of a shape (1 for a scalar's empty shape). */
export function numelOf(shape: readonly number[]): number {
  let numel = 1;
  for (const size of shape) numel *= size;
  return numel;
}

/** Row-major (C-order) strides; size-0 and size-1 dims get the stride they would have with size 1. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= Math.max(shape[d]!, 1);
  }
  return strides;
}

/** torch's and numpy's contiguity: size-1 dims may have any stride, and an empty array is contiguous. */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  if (shape.includes(0)) return true;
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * True when the view covers a block of the storage exactly once in some dim order (a permutation of a
 * contiguous array). Dims of size 0 or 1 step nowhere and are left out.
 */
export function isNonOverlappingAndDense(shape: readonly number[], strides: readonly number[]): boolean {
  const dims = shape.map((_, d) => d).filter((d) => shape[d]! >= 2);
  dims.sort((a, b) => strides[a]! - strides[b]!);
  let expected = 1;
  for (const d of dims) {
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * Dense strides that keep the memory order of the given ones: the dim with the smallest stride gets 1,
 * the next the size of the first, and so on. This is the layout torch gives a copy that preserves the
 * memory format (`clone`, `.to`): a dense view keeps its strides exactly.
 */
export function denseStridesLike(shape: readonly number[], strides: readonly number[]): number[] {
  if (isNonOverlappingAndDense(shape, strides)) return [...strides];
  // Innermost dim first. A zero stride says nothing about order, so such a dim stays where it is.
  const order = shape.map((_, d) => shape.length - 1 - d);
  const comesAfter = (a: number, b: number): number => {
    if (strides[a] === 0 || strides[b] === 0) return 0;
    if (strides[a] !== strides[b]) return strides[a]! > strides[b]! ? 1 : -1;
    return shape[a]! > shape[b]! ? 1 : 0;
  };
  // An insertion sort that stops at the first dim known to come before, as torch's does.
  for (let i = 1; i < order.length; i++) {
    let moving = i;
    for (let j = i - 1; j >= 0; j--) {
      const comparison = comesAfter(order[j]!, order[moving]!);
      if (comparison > 0) {
        [order[j], order[moving]] = [order[moving]!, order[j]!];
        moving = j;
      } else if (comparison < 0) break;
    }
  }
  const result = new Array<number>(shape.length);
  let step = 1;
  for (const d of order) {
    result[d] = step;
    step *= shape[d]!;
  }
  return result;
}

/**
 * Checks, without reading bytes, that a view's shape, strides and offset are whole numbers that reach
 * only elements inside a storage of `storageNumel` elements. `where` may be a function, called only
 * when the check fails (naming a storage can cost more than the check).
 */
export function checkView(storageNumel: number, offset: number, shape: readonly number[], strides: readonly number[], where: Where | (() => Where) = {}): void {
  let ok = shape.length === strides.length && isIndex(offset);
  let numel = 1;
  let last = offset;
  for (let d = 0; ok && d < shape.length; d++) {
    const size = shape[d];
    const stride = strides[d];
    ok = isIndex(size) && isIndex(stride);
    if (ok) {
      numel *= size!;
      last += (size! - 1) * stride!;
    }
  }
  if (ok && Number.isSafeInteger(numel) && (numel === 0 || (Number.isSafeInteger(last) && last < storageNumel))) return;
  throw badView(storageNumel, offset, shape, strides, typeof where === "function" ? where() : where);
}

/** Why checkView refused a view (kept apart so that a passing check compiles none of these messages). */
function badView(storageNumel: number, offset: number, shape: readonly number[], strides: readonly number[], where: Where): TensorError {
  const describe = `view (offset ${offset}, shape [${shape.join(", ")}], strides [${strides.join(", ")}])`;
  if (shape.length !== strides.length) return new TensorError(`${describe} has ${shape.length} sizes but ${strides.length} strides`, where);
  if (!isIndex(offset)) return new TensorError(`${describe} has an offset that is not a non-negative integer`, where);
  for (let d = 0; d < shape.length; d++) {
    if (!isIndex(shape[d])) return new TensorError(`${describe} has size ${shape[d]} at dim ${d}, not a non-negative integer`, where);
    if (!isIndex(strides[d])) return new TensorError(`${describe} has stride ${strides[d]} at dim ${d}, not a non-negative integer`, where);
  }
  if (!Number.isSafeInteger(numelOf(shape))) return new TensorError(`${describe} has too many elements`, where);
  let last = offset;
  for (let d = 0; d < shape.length; d++) last += (shape[d]! - 1) * strides[d]!;
  return new TensorError(`${describe} reaches element ${last} of a storage of ${storageNumel} elements`, where);
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A dim index in range, with Python's negative indexing (-1 is the last dim). */
export function normalizeDim(dim: number, ndim: number, what = "dimension"): number {
  // A scalar accepts dims 0 and -1, as in torch.
  const range = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -range || dim >= range) {
    throw new TensorError(`${what} ${dim} is out of range for ${ndim} dims (expected ${-range} to ${range - 1})`);
  }
  return dim < 0 ? dim + range : dim;
}

/** Resolves a requested shape with at most one -1 to concrete sizes for `numel` elements. */
export function inferShape(requested: readonly number[], numel: number): number[] {
  let unknown = -1;
  let known = 1;
  requested.forEach((size, d) => {
    if (size === -1 && unknown === -1) unknown = d;
    else if (size === -1) throw new TensorError("only one dimension can be inferred (-1)");
    else if (!Number.isSafeInteger(size) || size < 0) throw new TensorError(`invalid shape dimension ${size}`);
    else known *= size;
  });
  const shape = [...requested];
  if (unknown !== -1) {
    if (known === 0 || numel % known !== 0) throw new TensorError(`shape [${requested.join(", ")}] is invalid for input of size ${numel}`);
    shape[unknown] = numel / known;
  }
  if (numelOf(shape) !== numel) throw new TensorError(`shape [${requested.join(", ")}] is invalid for input of size ${numel}`);
  return shape;
}

/**
 * The strides that let `newShape` view the same elements as (`shape`, `strides`) without copying, or
 * undefined when no strides can (some new dim would straddle two runs of memory). Gives the same
 * strides torch's `view` does, size-1 dims included.
 */
export function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | undefined {
  if (shape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(shape);
  if (numel === 0) return sameShape(shape, newShape) ? [...strides] : contiguousStrides(newShape);
  const result = new Array<number>(newShape.length);
  let next = newShape.length - 1;
  // Walk the old dims right to left, gathering them into runs where each dim steps over the whole of
  // the dims to its right; a run can then be cut into any new dims whose sizes multiply to its size.
  let runEnd = shape.length - 1;
  while (runEnd >= 0) {
    const base = strides[runEnd]!;
    let runStart = runEnd;
    let runNumel = shape[runEnd]!;
    while (runStart > 0 && (shape[runStart - 1] === 1 || strides[runStart - 1] === runNumel * base)) {
      runStart -= 1;
      runNumel *= shape[runStart]!;
    }
    let viewNumel = 1;
    while (next >= 0 && (viewNumel < runNumel || newShape[next] === 1)) {
      result[next] = viewNumel * base;
      viewNumel *= newShape[next]!;
      next -= 1;
    }
    if (viewNumel !== runNumel) return undefined;
    runEnd = runStart - 1;
  }
  return next === -1 ? result : undefined;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, d) => size === b[d]);
}

/** Dims given either spread (`permute(1, 0)`) or as one list (`permute([1, 0])`), as torch accepts both. */
export function dimsArgument(args: number[] | [readonly number[]]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : (args as number[]);
}

/** Checks that `dims` is a permutation of 0..ndim-1 (negative dims allowed) and returns it normalized. */
export function checkPermutation(dims: readonly number[], ndim: number): number[] {
  if (dims.length !== ndim) throw new TensorError(`permutation [${dims.join(", ")}] has ${dims.length} dims, the array has ${ndim}`);
  const normalized = dims.map((d) => normalizeDim(d, ndim));
  if (new Set(normalized).size !== ndim) throw new TensorError(`permutation [${dims.join(", ")}] repeats a dim`);
  return normalized;
}

/** The storage index of each element, in row-major (C) order. */
export function elementIndexes(offset: number, shape: readonly number[], strides: readonly number[]): Float64Array {
  const numel = numelOf(shape);
  const indexes = new Float64Array(numel);
  if (numel === 0) return indexes;
  const ndim = shape.length;
  const counter = new Array<number>(ndim).fill(0);
  let index = offset;
  for (let i = 0; i < numel; i++) {
    indexes[i] = index;
    // Advance the last dim; a dim that wraps steps back to its start and carries into the one before.
    for (let d = ndim - 1; d >= 0; d--) {
      if (++counter[d]! < shape[d]!) {
        index += strides[d]!;
        break;
      }
      index -= (shape[d]! - 1) * strides[d]!;
      counter[d] = 0;
    }
  }
  return indexes;
}
