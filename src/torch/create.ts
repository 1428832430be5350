// Tensors made from JavaScript data: torch.tensor, torch.from_numpy, torch.Tensor, torch.zeros/ones/rand/randn.
//
// torch's rules, as its constructors apply them: `torch.tensor` copies and infers the dtype (bools, then
// int64, then float32 for Python numbers; an array keeps its own dtype, so a float64 numpy array stays
// float64); `torch.from_numpy` shares the array's memory; the legacy `torch.Tensor` always gives float32.
import { TensorError } from "../errors.js";
import { DTYPES, NDArray, Storage, Tensor, TorchSize, toDType, type AnyTypedArray, type DType, type DTypeLike, type NestedData } from "../tensor/index.js";
import { encoder } from "../tensor/convert.js";
import { contiguousStrides, numelOf } from "../tensor/layout.js";
import { normalFill, uniformFill } from "./random.js";
import { TensorRuntimeError, TensorTypeError } from "./tensor-errors.js";
import { pythonTypeName } from "./type-name.js";

/** Keyword arguments the constructors take, as a trailing object: `torch.zeros(2, 3, { dtype: torch.int64 })`. */
export interface CreateOptions {
  readonly dtype?: DTypeLike;
  readonly requires_grad?: boolean;
}

/** What `torch.tensor` copies from: nested lists and numbers, typed arrays, numpy-style arrays, tensors. */
export type TensorData = NestedData | AnyTypedArray | NDArray | Tensor;

/** Sizes given spread (`zeros(2, 3)`) or as one list or torch.Size (`zeros([2, 3])`), then the options. */
type SizeArgs = Array<number | bigint | readonly (number | bigint)[] | CreateOptions>;

/**
 * `torch.tensor(data, {dtype, requires_grad})`: a new tensor holding a copy of `data`. Numbers give
 * int64 when all are whole, float32 when any is a float (a PyFloat, or a fraction), bool when all are
 * booleans; typed arrays and NDArrays keep their dtype unless `dtype` says otherwise.
 */
export function tensor(data: TensorData, options: CreateOptions = {}): Tensor {
  return withGrad(copyOf(data, options.dtype === undefined ? undefined : toDType(options.dtype)), options.requires_grad);
}

/**
 * A copy of the data. An array or tensor is copied as torch copies it, keeping the order of its strides
 * (`torch.tensor(a.T)` is laid out as `a.T`), and cast with torch's rounding.
 */
function copyOf(data: TensorData, dtype: DType | undefined): Tensor {
  if (data instanceof NDArray) {
    const own = from_numpy(data.astype(data.dtypeName));
    return dtype === undefined ? own : own.to(dtype);
  }
  if (data instanceof Tensor) return (dtype === undefined || dtype === data.dtypeName ? data.clone() : data.to(dtype)).detach();
  return Tensor.from(data, dtype === undefined ? {} : { dtype });
}

/**
 * `torch.from_numpy(array)`: a tensor over the same memory as the NDArray, same dtype, shape and strides;
 * writing through one shows in the other, as in torch.
 */
export function from_numpy(array: NDArray): Tensor {
  if (!(array instanceof NDArray)) throw new TensorError(`from_numpy takes a numpy array (an NDArray), not ${describe(array)}`);
  const elementStrides = [...array.strides].map((stride) => stride / array.itemsize);
  if (elementStrides.some((stride) => stride < 0)) {
    throw new TensorError("from_numpy cannot share an array with a negative stride (torch has none); pass array.copy() instead");
  }
  return Tensor.fromStorage(array.storage, array.storageOffset, [...array.shape], elementStrides);
}

/**
 * The legacy `torch.Tensor(...)`: always float32. Sizes (`Tensor(2, 3)`, or a torch.Size) give a tensor of that shape
 * (torch leaves its values uninitialised; here they are zeros), data (`Tensor([1, 2])`, an NDArray)
 * gives a float32 copy, a float32 tensor is returned as is, and no argument gives an empty tensor.
 */
export function legacyTensor(...args: unknown[]): Tensor {
  if (args.length === 0) return filled([0], "float32", 0);
  if (args.every((arg) => typeof arg === "number" || typeof arg === "bigint")) return filled(checkSizes(args as Array<number | bigint>), "float32", 0);
  if (args.length !== 1) throw new TensorError(`torch.Tensor takes sizes or one sequence of data, not ${args.map(describe).join(", ")}`);
  const [data] = args;
  if (data instanceof TorchSize) return filled(checkSizes(data), "float32", 0);
  if (data instanceof Tensor) {
    if (data.dtypeName !== "float32") throw new TensorError(`torch.Tensor takes a float32 tensor as is; this one is ${data.dtypeName} (use .float())`);
    return data;
  }
  if (!Array.isArray(data) && !ArrayBuffer.isView(data) && !(data instanceof NDArray)) throw new TensorError(`torch.Tensor needs sizes or a sequence of data, not ${describe(data)}`);
  return Tensor.from(data as TensorData, { dtype: "float32" });
}

/** `torch.zeros(*size, {dtype, requires_grad})`: float32 unless `dtype` says otherwise. */
export function zeros(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args);
  return withGrad(filled(shape, dtypeOf(options), 0), options.requires_grad);
}

/** `torch.ones(*size, {dtype, requires_grad})`. */
export function ones(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args);
  return withGrad(filled(shape, dtypeOf(options), 1), options.requires_grad);
}

/**
 * `torch.randn(*size, {dtype, requires_grad})`: standard normal samples from torch's generator, so after
 * `torch.manual_seed(s)` they equal real torch's (src/torch/random.ts).
 */
export function randn(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args);
  // normalFill refuses a dtype torch's kernel has no case for, in torch's words.
  return withGrad(normalFill(filled(shape, dtypeOf(options), 0)), options.requires_grad);
}

/** `torch.rand(*size, {dtype, requires_grad})`: uniform samples in [0, 1) from torch's generator. */
export function rand(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args);
  return withGrad(uniformFill(filled(shape, dtypeOf(options), 0)), options.requires_grad);
}

/** A new contiguous tensor with every element `value`. */
function filled(shape: number[], dtype: DType, value: 0 | 1): Tensor {
  const array = new DTYPES[dtype].storageArray(numelOf(shape));
  if (value !== 0) (array as { fill(value: number | bigint): unknown }).fill(encoder(dtype, "via-float32")(value));
  return Tensor.fromStorage(Storage.fromTypedArray(dtype, array), 0, shape, contiguousStrides(shape));
}

function withGrad(made: Tensor, requiresGrad: boolean | undefined): Tensor {
  if (!requiresGrad) return made;
  if (DTYPES[made.dtypeName].kind !== "float") throw new TensorError(`only floating-point tensors can require gradients, not ${made.dtypeName}`);
  return Tensor.fromStorage(made.storage, made.storageOffset, [...made.shape], [...made.strides], { requiresGrad: true });
}

function dtypeOf(options: CreateOptions): DType {
  return options.dtype === undefined ? "float32" : toDType(options.dtype);
}

/** Splits `(2, 3, {dtype})` or `([2, 3], {dtype})` into the shape and the options. */
function sizeArguments(args: SizeArgs): { shape: number[]; options: CreateOptions } {
  const last = args.at(-1);
  const hasOptions = typeof last === "object" && last !== null && !Array.isArray(last);
  const sizes = (hasOptions ? args.slice(0, -1) : args) as Array<number | bigint | readonly (number | bigint)[]>;
  const options = (hasOptions ? last : {}) as CreateOptions;
  const flat = sizes.length === 1 && Array.isArray(sizes[0]) ? sizes[0] : sizes;
  if (flat.some((size) => typeof size !== "number" && typeof size !== "bigint")) throw new TensorError(`sizes must be whole numbers, spread or in one list, not ${sizes.map(describe).join(", ")}`);
  return { shape: checkSizes(flat as Array<number | bigint>), options };
}

function checkSizes(sizes: ReadonlyArray<number | bigint>): number[] {
  return sizes.map((size) => {
    const n = Number(size);
    if (!Number.isSafeInteger(n)) throw new TensorError(`a size must be a whole number, not ${String(size)}`);
    if (n < 0) throw new TensorError(`a tensor cannot have a negative size (${n})`);
    return n;
  });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" || typeof value === "function" ? `a ${value.constructor?.name ?? "object"}` : `a ${typeof value}`;
}

/**
 * `torch.Tensor` as the prompt needs it: the Tensor class (for `isinstance`, `instanceof` and its static
 * members) that can also be called, as Python's `torch.Tensor([1, 2])` is.
 */
export const TensorConstructor = new Proxy(Tensor, {
  apply: (_target, _this, args) => legacyTensor(...args),
  construct: (_target, args) => legacyTensor(...args),
}) as unknown as TensorClass;

/**
 * `torch.Size(sizes)`: a torch.Size of any iterable of ints (none gives `torch.Size([])`), refused with
 * torch's texts otherwise. A 0-dim integer tensor counts as an int, as its `__index__` makes it in Python.
 */
export function torchSize(sizes: unknown = []): TorchSize {
  if (sizes === null || typeof sizes !== "object" || !(Symbol.iterator in sizes)) throw new TensorTypeError(`'${pythonTypeName(sizes)}' object is not iterable`);
  const items: number[] = [];
  for (const item of sizes as Iterable<unknown>) {
    const index = items.length;
    const whole = item instanceof Tensor && item.ndim === 0 && DTYPES[item.dtypeName].kind !== "float" ? item.item() : item;
    if (typeof whole === "boolean") items.push(whole ? 1 : 0);
    else if (typeof whole === "bigint" || (typeof whole === "number" && Number.isInteger(whole))) {
      if (BigInt(whole) < -(2n ** 63n) || BigInt(whole) >= 2n ** 63n) throw new TensorRuntimeError("Overflow when unpacking long");
      items.push(Number(whole));
    } else throw new TensorTypeError(`torch.Size() takes an iterable of 'int' (item ${index} is '${pythonTypeName(item)}')`);
  }
  return TorchSize.of_(items) as TorchSize;
}

/** `torch.Size`: the class (for instanceof), also callable with or without `new` as `torchSize`. */
export const SizeConstructor = new Proxy(TorchSize, {
  apply: (_target, _this, args) => torchSize(...(args as [unknown?])),
  construct: (_target, args) => torchSize(...(args as [unknown?])),
}) as unknown as typeof TorchSize & ((sizes?: unknown) => TorchSize);

/** The type of `torch.Tensor`: callable and constructible as the legacy constructor, with Tensor's statics. */
export type TensorClass = Pick<typeof Tensor, "from" | "fromStorage" | "prototype"> & {
  (...args: unknown[]): Tensor;
  new (...args: unknown[]): Tensor;
};
