// The array steps the rules are made of: permutations, reshapes, sums of biases, gate blocks, zeros, broadcasts.
import { NDArray, type AnyTypedArray } from "../tensor/index.js";
import { RuleMismatch } from "./errors.js";

export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Dims reordered (dim i of the result is dim `order[i]`), as a row-major copy. */
export function permute(array: NDArray, order: readonly number[]): NDArray {
  return array.transpose([...order]).copy();
}

/** The permutation that undoes `order`. */
export function inverse(order: readonly number[]): number[] {
  const out: number[] = [];
  order.forEach((dim, i) => (out[dim] = i));
  return out;
}

/** A reshape that refuses, with the reason, when the sizes do not multiply out. */
export function reshape(array: NDArray, shape: readonly number[]): NDArray {
  const want = shape.reduce((a, b) => a * b, 1);
  if (want !== array.size) throw new RuleMismatch(`cannot lay out ${shapeText([...array.shape])} as ${shapeText(shape)} (${array.size} values, ${want} needed)`);
  return array.reshape([...shape]).copy();
}

/** A new array of `like`'s dtype and the given shape, filled by `fill(i)` per row-major index. */
function build(like: NDArray, shape: readonly number[], fill: (i: number) => number): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const Typed = like.data().constructor as new (n: number) => Float32Array;
  const out = new Typed(n);
  for (let i = 0; i < n; i++) out[i] = fill(i);
  return NDArray.from(out as AnyTypedArray, { shape: [...shape] });
}

/** `a + b` elementwise in `a`'s dtype (float32 sums rounded once, as numpy rounds them). */
export function add(a: NDArray, b: NDArray): NDArray {
  if (!sameShape([...a.shape], [...b.shape])) throw new RuleMismatch(`cannot add ${shapeText([...a.shape])} and ${shapeText([...b.shape])}`);
  const x = a.data() as Float32Array;
  const y = b.data() as Float32Array;
  return build(a, [...a.shape], (i) => x[i]! + y[i]!);
}

export function zerosLike(array: NDArray): NDArray {
  return build(array, [...array.shape], () => 0);
}

/** Every element equal to the element of `source` that `index(i)` names (broadcasts and tilings). */
export function gather(source: NDArray, shape: readonly number[], index: (i: number) => number): NDArray {
  const values = source.data() as Float32Array;
  return build(source, shape, (i) => values[index(i)]!);
}

/**
 * Swaps the first two of three equal blocks along axis 0 (torch's GRU gates r,z,n against Keras's z,r,h);
 * doing it twice gives the array back.
 */
export function swapFirstBlocks(array: NDArray): NDArray {
  const rows = array.shape[0]!;
  if (rows % 3 !== 0) throw new RuleMismatch(`a GRU array of ${rows} rows cannot hold three gate blocks`);
  const block = (rows / 3) * (array.size / rows);
  const values = array.data() as Float32Array;
  return build(array, [...array.shape], (i) => values[i < block ? i + block : i < 2 * block ? i - block : i]!);
}

/** The two halves of a stack along axis 0 (Keras's GRU bias of shape (2, 3H)). */
export function unstack(array: NDArray): [NDArray, NDArray] {
  if (array.ndim !== 2 || array.shape[0] !== 2) throw new RuleMismatch(`expected a bias of two rows (reset_after=True), got ${shapeText([...array.shape])}`);
  return [array.select(0, 0).copy(), array.select(0, 1).copy()];
}

/** `np.stack([a, b])`. */
export function stack(a: NDArray, b: NDArray): NDArray {
  if (!sameShape([...a.shape], [...b.shape])) throw new RuleMismatch(`cannot stack ${shapeText([...a.shape])} and ${shapeText([...b.shape])}`);
  const x = a.data() as Float32Array;
  const y = b.data() as Float32Array;
  return build(a, [2, ...a.shape], (i) => (i < x.length ? x[i]! : y[i - x.length]!));
}

/** The permutation between a channels-first kernel (O, I, *k) and Keras's (*k, I, O), for `spatial` kernel dims. */
export function kernelToKeras(spatial: number): number[] {
  return [...Array.from({ length: spatial }, (_, i) => i + 2), 1, 0];
}

export function permText(order: readonly number[]): string {
  return `permute(${order.join(", ")})`;
}
