// NDArray: the numpy flavour of a strided view (tuple shapes, byte strides, numpy casts and copies).
import { PyTuple } from "../python/values.js";
import { buildFromView, buildStorage, type AnyTypedArray, type NestedData } from "./build.js";
import type { HalfRounding } from "./convert.js";
import { NumpyDtype, toDType, type DTypeLike } from "./dtype-objects.js";
import { checkPermutation, dimsArgument } from "./layout.js";
// A leaf of src/numpy that imports only src/tensor: the cycle back to this file is used at call time only.
import { abs, binary, binaryOps, extreme, sum, type ArrayLike, type ArrayResult, type AxisArgument } from "../numpy/ops.js";
import { numpyRepr } from "./print/repr.js";
import type { Storage } from "./storage.js";
import { StridedView } from "./strided.js";
import type { Tensor } from "./tensor.js";

const numpyRules = { defaultFloat: "float64", halfRounding: "direct" } as const;

export class NDArray extends StridedView {
  readonly shape: PyTuple<number>;
  protected readonly halfRounding: HalfRounding = numpyRules.halfRounding;

  private constructor(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[]) {
    super(storage, storageOffset, shape, strides);
    this.shape = PyTuple.of_(shape);
  }

  /** An array viewing `storage` (strides in elements here; `strides` reports bytes). Reads no bytes. */
  static view(storage: Storage, storageOffset: number, shape: readonly number[], elementStrides: readonly number[]): NDArray {
    return new NDArray(storage, storageOffset, shape, elementStrides);
  }

  /**
   * A new array holding a copy of `data`, like `np.array(data)`: whole numbers give int64, any fraction
   * (or PyFloat) float64, booleans bool. `shape` lays out flat or typed-array data.
   */
  static from(data: NestedData | AnyTypedArray | StridedView, options: { dtype?: DTypeLike; shape?: number[] } = {}): NDArray {
    const built =
      data instanceof StridedView
        ? buildFromView(data, options.shape ?? [...(data as NDArray | Tensor).shape], options.dtype === undefined ? undefined : toDType(options.dtype), numpyRules)
        : buildStorage(data, options.shape, options.dtype === undefined ? undefined : toDType(options.dtype), numpyRules);
    return new NDArray(built.storage, 0, built.shape, built.strides);
  }

  protected derive(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[]): this {
    return new NDArray(storage, storageOffset, shape, strides) as this;
  }

  /** Strides in bytes, as numpy reports them. */
  get strides(): PyTuple<number> {
    return PyTuple.of_(this.steps.map((step) => step * this.itemsize));
  }
  /** The number of elements. */
  get size(): number {
    return this.numel();
  }

  /** Dims reordered by `axes`, or reversed when none are given. */
  override transpose(...axes: number[] | [readonly number[]]): this {
    const order = dimsArgument(axes);
    if (order.length === 0) return this.T;
    return this.permute(...checkPermutation(order, this.ndim));
  }
  /** The same elements in a new shape (one size may be -1): a view when possible, else a copy. */
  reshape(...shape: number[] | [readonly number[]]): NDArray {
    return this.reshapeTo(dimsArgument(shape));
  }
  /** A one-dim row-major copy (always a copy, as numpy's `flatten`). */
  flatten(): NDArray {
    const copy = this.copy();
    return new NDArray(copy.storage, 0, [copy.numel()], [1]);
  }
  /** A row-major copy in a new storage. */
  copy(): NDArray {
    return this.copyAs(this.dtypeName, "c-order");
  }
  /** numpy's repr, character for character: `array([1. , 2.5], dtype=float32)`. */
  toString(): string {
    return numpyRepr(this.printSource());
  }

  /** A converted copy; numpy rounds to float16 once, directly from the double. */
  /** numpy's dtype object: prints as `dtype('float32')`. */
  get dtype(): NumpyDtype {
    return NumpyDtype.of(this.dtypeName);
  }

  astype(dtypeLike: DTypeLike): NDArray {
    return this.copyAs(toDType(dtypeLike), "preserve");
  }

  // numpy's operators and reductions (JavaScript has no `a - b` for objects); numpy's rules, in src/numpy/ops.ts.
  /** `a + b`, broadcast, in numpy's result dtype. */
  add(other: ArrayLike): ArrayResult { return binary(binaryOps.add, this, other); }
  /** `a - b`, broadcast, in numpy's result dtype. */
  sub(other: ArrayLike): ArrayResult { return binary(binaryOps.sub, this, other); }
  /** `a * b`, broadcast, in numpy's result dtype. */
  mul(other: ArrayLike): ArrayResult { return binary(binaryOps.mul, this, other); }
  /** `a / b`, broadcast; ints divide to float64. */
  div(other: ArrayLike): ArrayResult { return binary(binaryOps.div, this, other); }
  /** `abs(a)`, elementwise. */
  abs(): ArrayResult { return abs(this); }
  /** The largest element, or the largest along `axis`; NaN wins. */
  max(axis?: AxisArgument): ArrayResult { return extreme("max", this, axis); }
  /** The smallest element, or the smallest along `axis`; NaN wins. */
  min(axis?: AxisArgument): ArrayResult { return extreme("min", this, axis); }
  /** The index of the first largest element (in the flattened array unless `axis` is given). */
  argmax(axis?: AxisArgument): ArrayResult { return extreme("max", this, axis, true); }
  /** The index of the first smallest element (in the flattened array unless `axis` is given). */
  argmin(axis?: AxisArgument): ArrayResult { return extreme("min", this, axis, true); }
  /** The sum of the elements, or along `axis`, in numpy's order and dtype. */
  sum(axis?: AxisArgument): ArrayResult { return sum(this, axis); }
  /** The mean of the elements, or along `axis`, as numpy computes it. */
  mean(axis?: AxisArgument): ArrayResult { return sum(this, axis, true); }
}
