// Tensor: the torch flavour of a strided view (torch.Size shapes, element strides, autograd flags, torch casts).
import { TensorError } from "../errors.js";
import { PyTuple } from "../python/values.js";
import { buildFromView, buildStorage, type AnyTypedArray, type NestedData } from "./build.js";
import type { HalfRounding } from "./convert.js";
import { DTYPES } from "./dtypes.js";
import { TorchDtype, toDType, type DTypeLike } from "./dtype-objects.js";
import { dimsArgument, normalizeDim } from "./layout.js";
import { NDArray } from "./ndarray.js";
import { torchRepr, torchSizeRepr } from "./print/repr.js";
import { Storage } from "./storage.js";
import { StridedView } from "./strided.js";

/** torch.Size: a tuple of sizes. */
export class TorchSize extends PyTuple<number> {
  static override readonly pythonType: string = "torch.Size";

  /** `torch.Size([6, 1, 5, 5])`, as torch prints it. */
  override toString(): string {
    return torchSizeRepr(this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export interface TensorFlags {
  requiresGrad?: boolean;
  /** True for a torch.nn.Parameter. */
  parameter?: boolean;
}

const torchRules = { defaultFloat: "float32", halfRounding: "via-float32" } as const;

export class Tensor extends StridedView {
  readonly shape: TorchSize;
  /** Strides in elements, as torch counts them. */
  readonly strides: readonly number[];
  requires_grad: boolean;
  readonly isParameter: boolean;
  protected readonly halfRounding: HalfRounding = torchRules.halfRounding;

  private constructor(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[], flags: TensorFlags) {
    super(storage, storageOffset, shape, strides);
    this.shape = this.sizes as TorchSize;
    this.strides = this.steps;
    this.requires_grad = flags.requiresGrad ?? false;
    this.isParameter = flags.parameter ?? false;
  }

  /** The sizes are the shape itself, a frozen torch.Size (immutable, as torch's is). */
  protected override frozenSizes(shape: readonly number[]): readonly number[] {
    return Object.freeze(TorchSize.of_(shape));
  }

  /**
   * A tensor viewing `storage` from element `storageOffset` with the given sizes and element strides, as
   * a checkpoint describes it. Checks that every element lies inside the storage; reads no bytes.
   */
  static fromStorage(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[], flags: TensorFlags = {}): Tensor {
    return new Tensor(storage, storageOffset, shape, strides, flags);
  }

  /**
   * A new tensor holding a copy of `data`, like `torch.tensor(data)`: whole numbers give int64, any
   * fraction (or PyFloat) float32, booleans bool. `shape` lays out flat or typed-array data.
   */
  static from(data: NestedData | AnyTypedArray | NDArray | Tensor, options: { dtype?: DTypeLike; shape?: number[] } = {}): Tensor {
    const built =
      data instanceof NDArray || data instanceof Tensor
        ? buildFromView(data, options.shape ?? [...data.shape], options.dtype === undefined ? undefined : toDType(options.dtype), torchRules)
        : buildStorage(data, options.shape, options.dtype === undefined ? undefined : toDType(options.dtype), torchRules);
    return new Tensor(built.storage, 0, built.shape, built.strides, {});
  }

  protected derive(storage: Storage, storageOffset: number, shape: readonly number[], strides: readonly number[]): this {
    return new Tensor(storage, storageOffset, shape, strides, { requiresGrad: this.requires_grad }) as this;
  }

  size(): TorchSize;
  size(dim: number): number;
  size(dim?: number): TorchSize | number {
    return dim === undefined ? this.shape : this.sizes[this.dimIndex(dim)]!;
  }
  stride(): PyTuple<number>;
  stride(dim: number): number;
  stride(dim?: number): PyTuple<number> | number {
    return dim === undefined ? PyTuple.of_(this.steps) : this.steps[this.dimIndex(dim)]!;
  }
  dim(): number {
    return this.ndim;
  }
  element_size(): number {
    return this.itemsize;
  }
  storage_offset(): number {
    return this.storageOffset;
  }

  private dimIndex(dim: number): number {
    if (this.ndim === 0) throw new TensorError(`dimension ${dim} was asked of a tensor with no dimensions`);
    return normalizeDim(dim, this.ndim);
  }

  /** The same tensor when already contiguous, else a row-major copy. */
  contiguous(): Tensor {
    return this.is_contiguous() ? this : this.copyAs(this.dtypeName, "c-order");
  }
  /** A copy in a new storage; keeps the strides of a dense tensor, as torch's `clone` does. */
  clone(): Tensor {
    return this.copyAs(this.dtypeName, "preserve");
  }
  /** The same storage and geometry, cut off from autograd. */
  detach(): Tensor {
    return new Tensor(this.storage, this.storageOffset, this.sizes, this.steps, {});
  }

  /** A view in a new shape (one size may be -1); refuses, as torch does, when that needs a copy. */
  view(...shape: number[] | [readonly number[]]): Tensor {
    const view = this.viewAs(dimsArgument(shape));
    if (!view) {
      throw new TensorError(`view([${dimsArgument(shape).join(", ")}]) does not fit the strides [${this.steps.join(", ")}] of this tensor: a new dim would span two separate runs of memory; use reshape(), which copies`);
    }
    return view;
  }
  /** A view in a new shape when one exists, else a contiguous copy, as torch's `reshape`. */
  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return this.reshapeTo(dimsArgument(shape));
  }
  /** Merges dims `startDim` to `endDim` into one (a view when possible); a scalar becomes shape [1]. */
  flatten(startDim = 0, endDim = -1): Tensor {
    const start = normalizeDim(startDim, this.ndim);
    const end = normalizeDim(endDim, this.ndim);
    if (this.ndim === 0) return this.reshape(1);
    if (start > end) throw new TensorError(`flatten() needs start_dim (${startDim}) not after end_dim (${endDim})`);
    if (start === end) return this;
    const merged = this.sizes.slice(start, end + 1).reduce((a, b) => a * b, 1);
    return this.reshape([...this.sizes.slice(0, start), merged, ...this.sizes.slice(end + 1)]);
  }
  /** Drops size-1 dims (all of them, or `dim` only if its size is 1). */
  squeeze(dim?: number): Tensor {
    const drop = dim === undefined ? (size: number) => size === 1 : (size: number, d: number) => d === normalizeDim(dim, this.ndim) && size === 1;
    const keep = this.sizes.map((size, d) => !drop(size, d));
    return this.derive(this.storage, this.storageOffset, this.sizes.filter((_, d) => keep[d]), this.steps.filter((_, d) => keep[d]));
  }
  /** Inserts a size-1 dim at `dim` (in -(ndim+1)..ndim). */
  unsqueeze(dim: number): Tensor {
    const d = normalizeDim(dim, this.ndim + 1);
    // torch gives the new dim the stride that steps over the dim it is inserted before.
    const stride = d < this.ndim ? this.sizes[d]! * this.steps[d]! : 1;
    return this.derive(this.storage, this.storageOffset, [...this.sizes.slice(0, d), 1, ...this.sizes.slice(d)], [...this.steps.slice(0, d), stride, ...this.steps.slice(d)]);
  }

  /** torch's `copy_`: this tensor's elements become `source`'s (same shape), cast to this dtype, in place. */
  copy_(source: Tensor | NDArray): this {
    this.writeFrom(source);
    return this;
  }

  /** torch's dtype object: `torch.float32`. */
  get dtype(): TorchDtype {
    return TorchDtype.of(this.dtypeName);
  }

  /** This tensor when it already has `dtype`, else a converted copy (strides kept for dense tensors). */
  to(dtypeLike: DTypeLike): Tensor {
    const dtype = toDType(dtypeLike);
    return dtype === this.dtypeName ? this : this.copyAs(dtype, "preserve");
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  half(): Tensor {
    return this.to("float16");
  }
  bfloat16(): Tensor {
    return this.to("bfloat16");
  }
  long(): Tensor {
    return this.to("int64");
  }
  int(): Tensor {
    return this.to("int32");
  }
  short(): Tensor {
    return this.to("int16");
  }
  char(): Tensor {
    return this.to("int8");
  }
  byte(): Tensor {
    return this.to("uint8");
  }
  bool(): Tensor {
    return this.to("bool");
  }

  /** torch's repr, character for character: `tensor([1., 2.])`, `Parameter containing:` above a parameter. */
  toString(): string {
    return torchRepr(this.printSource(), { requiresGrad: this.requires_grad, parameter: this.isParameter });
  }

  /** An NDArray over the same storage and strides, as `Tensor.numpy()` (no copy). */
  numpy(): NDArray {
    if (this.requires_grad) throw new TensorError("numpy() is refused on a tensor that requires grad, as in torch; call detach().numpy()");
    if (!DTYPES[this.dtypeName].inNumpy) throw new TensorError(`numpy has no ${this.dtypeName} dtype; convert first, e.g. .float().numpy()`);
    // torch hands numpy zero strides for a tensor without elements.
    const strides = this.numel() === 0 ? this.steps.map(() => 0) : this.steps;
    return NDArray.view(this.storage, this.storageOffset, this.sizes, strides);
  }
}
