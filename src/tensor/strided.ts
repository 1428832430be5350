// The strided view both flavours share: a storage, an offset, sizes and element strides, and what follows from them.
import { TensorError } from "../errors.js";
import { castElements, scalarReader, type HalfRounding, type Scalar } from "./convert.js";
import { DTYPES, type DType, type StorageArray } from "./dtypes.js";
import { bfloat16ToFloat, halfToFloat } from "./half.js";
import { checkPermutation, dimsArgument, checkView, contiguousStrides, denseStridesLike, elementIndexes, inferShape, isContiguous, normalizeDim, numelOf, viewStrides } from "./layout.js";
import type { PrintSource } from "./print/layout.js";
import { Storage } from "./storage.js";

/** Nested arrays of elements, as `tolist()` returns them (a bare element for a 0-dim view). */
export type NestedList = Scalar | NestedList[];

/** What `data()` returns: float16 and bfloat16 decoded to Float32Array (exact), bool as 0/1 bytes. */
export type ElementArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;

/**
 * A frozen plain-array copy of sizes or strides. Copied by index: the argument is often a PyTuple (an
 * Array subclass), whose slice() goes through the species lookup, and a spread through the iterator;
 * every loaded tensor comes this way twice.
 */
function frozenCopy(values: readonly number[]): readonly number[] {
  const copy = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) copy[i] = values[i]!;
  return Object.freeze(copy);
}

export abstract class StridedView {
  readonly storage: Storage;
  readonly storageOffset: number;
  /** Sizes per dim. */
  protected readonly sizes: readonly number[];
  /** Strides per dim, counted in elements. */
  protected readonly steps: readonly number[];

  /** Checks that the view stays inside the storage (no bytes are read). */
  protected constructor(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[]) {
    checkView(storage.numel, storageOffset, shape, strides, () => storage.where());
    this.storage = storage;
    this.storageOffset = storageOffset;
    this.sizes = this.frozenSizes(shape);
    this.steps = frozenCopy(strides);
  }

  /** The sizes as this flavour keeps them, frozen (a tensor keeps its torch.Size, so it needs no second copy). */
  protected frozenSizes(shape: readonly number[]): readonly number[] {
    return frozenCopy(shape);
  }

  /** A view of the same flavour (and, for tensors, the same autograd flags) over other geometry. */
  protected abstract derive(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[]): this;
  /** How this flavour rounds to float16 (torch through float32, numpy directly). */
  protected abstract readonly halfRounding: HalfRounding;

  /** The dtype's name (a row of the dtype table); `dtype` itself is the torch or numpy dtype object. */
  get dtypeName(): DType {
    return this.storage.dtype;
  }
  get ndim(): number {
    return this.sizes.length;
  }
  /** Bytes per element. */
  get itemsize(): number {
    return DTYPES[this.dtypeName].itemsize;
  }
  /** Bytes the elements take (numel times the element size), as torch's and numpy's `nbytes`. */
  get nbytes(): number {
    return this.numel() * this.itemsize;
  }
  numel(): number {
    return numelOf(this.sizes);
  }
  is_contiguous(): boolean {
    return isContiguous(this.sizes, this.steps);
  }

  // ---- views: new geometry over the same storage, no bytes read ----

  /** The dims reordered: dim i of the result is dim `dims[i]` of this view. */
  permute(...dims: number[] | [readonly number[]]): this {
    const order = checkPermutation(dimsArgument(dims), this.ndim);
    return this.derive(this.storage, this.storageOffset, order.map((d) => this.sizes[d]!), order.map((d) => this.steps[d]!));
  }

  /** Swaps two dims. */
  transpose(dim0: number, dim1: number): this {
    const order = this.sizes.map((_, d) => d);
    const a = normalizeDim(dim0, this.ndim);
    const b = normalizeDim(dim1, this.ndim);
    // A scalar accepts dims 0 and -1 and stays as it is.
    if (this.ndim === 0) return this.permute();
    [order[a], order[b]] = [order[b]!, order[a]!];
    return this.permute(...order);
  }

  /** All dims reversed. */
  get T(): this {
    return this.permute(...this.sizes.map((_, d) => this.ndim - 1 - d));
  }

  /** The view at `index` along `dim`, one dim fewer. */
  select(dim: number, index: number): this {
    const d = normalizeDim(dim, this.ndim);
    const i = normalizeIndex(index, this.sizes[d]!, d);
    const keep = (_: number, k: number): boolean => k !== d;
    return this.derive(this.storage, this.storageOffset + i * this.steps[d]!, this.sizes.filter(keep), this.steps.filter(keep));
  }

  /** The same elements in `shape` (one size may be -1), or undefined when that needs a copy. */
  protected viewAs(shape: readonly number[]): this | undefined {
    const resolved = inferShape(shape, this.numel());
    const strides = viewStrides(this.sizes, this.steps, resolved);
    return strides && this.derive(this.storage, this.storageOffset, resolved, strides);
  }

  /** `viewAs`, or a row-major copy in `shape` when no view can hold it. */
  protected reshapeTo(shape: readonly number[]): this {
    const resolved = inferShape(shape, this.numel());
    const view = this.viewAs(resolved);
    if (view) return view;
    const copy = this.copyAs(this.dtypeName, "c-order");
    return this.derive(copy.storage, 0, resolved, contiguousStrides(resolved));
  }

  // ---- copies ----

  /**
   * A copy with dtype `dtype` in a new storage, laid out row-major or, with "preserve", in the memory
   * order of this view (torch's `clone` and `.to`).
   */
  protected copyAs(dtype: DType, layout: "preserve" | "c-order"): this {
    const strides = layout === "preserve" ? denseStridesLike(this.sizes, this.steps) : contiguousStrides(this.sizes);
    const targetIndexes = isContiguous(this.sizes, strides) ? undefined : elementIndexes(0, this.sizes, strides);
    const elements = castElements(this.dtypeName, this.storage.typed(), this.indexes(), dtype, targetIndexes, this.halfRounding);
    return this.derive(Storage.fromTypedArray(dtype, elements), 0, this.sizes, strides);
  }

  /**
   * Writes `source`'s values (same shape, any dtype and strides) into this view's own storage, cast to
   * this dtype: every tensor sharing the storage sees them, as with torch's `copy_`.
   */
  protected writeFrom(source: StridedView): void {
    if (source.sizes.length !== this.sizes.length || source.sizes.some((size, d) => size !== this.sizes[d])) {
      throw new TensorError(`cannot copy values of shape [${source.sizes.join(", ")}] into shape [${this.sizes.join(", ")}]`);
    }
    const values = castElements(source.dtypeName, source.storage.typed(), source.indexes(), this.dtypeName, undefined, this.halfRounding);
    const target = this.storage.typed();
    const indexes = this.indexes();
    for (let i = 0; i < indexes.length; i++) target[indexes[i]!] = values[i]!;
  }

  /** The storage index of each element in row-major order. */
  private indexes(): Float64Array {
    return elementIndexes(this.storageOffset, this.sizes, this.steps);
  }

  // ---- values ----

  /** The elements as nested arrays: numbers, bigints for int64 beyond 2**53, booleans for bool. */
  tolist(): NestedList {
    const read = scalarReader(this.dtypeName);
    const array = this.storage.typed();
    const indexes = this.indexes();
    let next = 0;
    const build = (d: number): NestedList => {
      if (d === this.ndim) return read(array, indexes[next++]!);
      const items: NestedList[] = [];
      for (let i = 0; i < this.sizes[d]!; i++) items.push(build(d + 1));
      return items;
    };
    return build(0);
  }

  /** The single element of a one-element view. */
  item(): Scalar {
    if (this.numel() !== 1) throw new TensorError(`item() needs exactly one element, this has ${this.numel()}`);
    return scalarReader(this.dtypeName)(this.storage.typed(), this.indexes()[0]!);
  }

  /** The element at one index per dim (negative indexes count from the end). */
  get(...index: number[]): Scalar {
    if (index.length !== this.ndim) throw new TensorError(`get() takes ${this.ndim} indexes, one per dim, got ${index.length}`);
    let position = this.storageOffset;
    index.forEach((i, d) => (position += normalizeIndex(i, this.sizes[d]!, d) * this.steps[d]!));
    return scalarReader(this.dtypeName)(this.storage.typed(), position);
  }

  /**
   * The elements in row-major order as a typed array: the storage's own array type, except float16 and
   * bfloat16, decoded to Float32Array. A contiguous view may share memory with the storage.
   */
  data(): ElementArray {
    const raw = this.rowMajor();
    if (this.dtypeName === "float16") return Float32Array.from(raw as Uint16Array, halfToFloat);
    if (this.dtypeName === "bfloat16") return Float32Array.from(raw as Uint16Array, bfloat16ToFloat);
    return raw as ElementArray;
  }

  /** The elements' bytes, little-endian in row-major order whatever the strides. May share memory with the storage. */
  toBytesLE(): Uint8Array {
    const raw = this.rowMajor();
    return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  /** The storage array's elements in row-major order; a subarray of the storage when already contiguous. */
  private rowMajor(): StorageArray {
    const array = this.storage.typed();
    if (this.is_contiguous()) return array.subarray(this.storageOffset, this.storageOffset + this.numel());
    return castElements(this.dtypeName, array, this.indexes(), this.dtypeName, undefined, this.halfRounding);
  }

  /** The dtype and geometry the printers in ./print read. */
  protected printSource(): PrintSource {
    return { dtype: this.dtypeName, shape: this.sizes, strides: this.steps, offset: this.storageOffset, storage: this.storage };
  }

  /** The library's own repr: torch's for a Tensor, numpy's for an NDArray. */
  abstract toString(): string;

  /** console.log and the Node REPL show the repr. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function normalizeIndex(index: number, size: number, dim: number): number {
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new TensorError(`index ${index} is out of bounds for dim ${dim} with size ${size}`);
  }
  return index < 0 ? index + size : index;
}
