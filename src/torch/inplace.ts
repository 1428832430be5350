// torch's in-place tensor methods (fill_, zero_, uniform_, normal_, mul_, add_, sub_, div_), put on Tensor when src/torch loads.
//
// src/tensor sits below the generator (src/torch/random.ts), so the methods are installed on the Tensor
// prototype here rather than written in the class. Each writes through the view into the shared storage
// (other tensors over that storage see the change), returns the tensor itself, and keeps its dtype under
// torch's casting rules: an operand of a higher kind (a float into an int tensor, an int into a bool one)
// is refused with torch's own text. The arithmetic is done as torch's CPU kernels do it: in the promoted dtype
// (a Python number is cast to the tensor's dtype first, a wider float tensor widens the computation),
// `self + alpha * other` as one fused multiply-add for float32, float64 and bfloat16, as ATen's vectorised
// add is, and float16 rounded after each float32 operation, as its C++ type does (torch 1.13 has no vector
// code for it).
import { PyFloat } from "../python/values.js";
import { DTYPES, Tensor, type DType } from "../tensor/index.js";
import { encoder, numericReader } from "../tensor/convert.js";
import { elementIndexes } from "../tensor/layout.js";
import { scalarTypes } from "./dtype-names.js";
import { TensorRuntimeError, TensorTypeError } from "./tensor-errors.js";
import { pythonTypeName } from "./type-name.js";
import { bindCall as bind } from "./modules/call-args.js";
import { default_generator, fma, fmaf, normalFill, TorchGenerator, uniformFill } from "./random.js";

/** What a Python number or a 0-dim tensor brings to an operation: its kind (bool < int < float) and value. */
interface Operand {
  readonly kind: "bool" | "int" | "float";
  readonly value: number | bigint;
}

const kindRank = { bool: 0, int: 1, float: 2 } as const;
const kindOfDtype = (dtype: DType): Operand["kind"] => (DTYPES[dtype].kind === "float" ? "float" : DTYPES[dtype].kind === "bool" ? "bool" : "int");
/** The dtype a Python scalar of each kind promotes a lower-kind tensor to (torch's defaults). */
const defaultDtype: Record<Operand["kind"], DType> = { bool: "bool", int: "int64", float: "float32" };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Python number as an operand, or undefined when `value` is none (bool, int, PyFloat or a JS number; a fraction is a float). */
function scalarOperand(value: unknown): Operand | undefined {
  if (typeof value === "boolean") return { kind: "bool", value: value ? 1 : 0 };
  if (value instanceof PyFloat) return { kind: "float", value: value.valueOf() };
  // Ints beyond 2**53 come as bigints in weightscope's value model, so a number that large is a float.
  if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value))) {
    const whole = BigInt(value);
    // torch reads a Python int as a C long; anything wider fails in its argument parser.
    if (whole < INT64_MIN || whole > INT64_MAX) throw new TensorRuntimeError("Overflow when unpacking long");
    return { kind: "int", value: typeof value === "number" ? value : whole };
  }
  if (typeof value === "number") return { kind: "float", value };
  return undefined;
}

/** A 0-dim tensor counts as a scalar of its kind (it never widens the dtype within a kind, as in torch). */
function tensorScalar(tensor: Tensor): Operand {
  const value = numericReader(tensor.dtypeName)(tensor.storage.typed(), tensor.storageOffset);
  return { kind: kindOfDtype(tensor.dtypeName), value };
}

/** torch's refusal when an operation's result type is of a higher kind than the tensor written to. */
function castError(result: DType, output: DType): TensorRuntimeError {
  return new TensorRuntimeError(`result type ${scalarTypes[result].title} can't be cast to the desired output type ${scalarTypes[output].title}`);
}

/** A value cast to `dtype` and read back as it computes: float16 and bfloat16 as float32, ints wrapped, int64 as bigint. */
function castTo(dtype: DType): (value: number | bigint) => number | bigint {
  const cell = new DTYPES[dtype].storageArray(1) as unknown as { [i: number]: number | bigint };
  const [write, read] = [encoder(dtype, "via-float32"), numericReader(dtype)];
  return (value) => {
    cell[0] = write(value);
    return read(cell as never, 0);
  };
}


/** Writes `compute(old, i)` over every element of `tensor` in its own storage, in row-major order. */
function rewrite(tensor: Tensor, compute: (old: number | bigint, i: number) => number | bigint): Tensor {
  const dtype = tensor.dtypeName;
  const array = tensor.storage.typed();
  const cells = array as unknown as { [i: number]: number | bigint };
  const [read, write] = [numericReader(dtype), encoder(dtype, "via-float32")];
  const [offset, numel] = [tensor.storageOffset, tensor.numel()];
  // A contiguous tensor's elements are simply offset + i; only a strided view needs its index list.
  const at = tensor.is_contiguous() ? undefined : elementIndexes(offset, [...tensor.shape], [...tensor.strides]);
  for (let i = 0; i < numel; i++) {
    const index = at === undefined ? offset + i : at[i]!;
    cells[index] = write(compute(read(array, index), i));
  }
  return tensor;
}

// ---- fill_ and zero_ ----

/** torch's checked conversion of a fill value: finite floats within the dtype, ints within it (unsigned ones may wrap negatives). */
function checkedFill(dtype: DType, operand: Operand): number | bigint {
  const { cppType, max, lowest } = scalarTypes[dtype];
  const refuse = (): never => {
    throw new TensorRuntimeError(`value cannot be converted to type ${cppType} without overflow`);
  };
  const value = operand.value;
  if (dtype === "bool") return value === 0 || value === 0n ? 0 : 1;
  if (DTYPES[dtype].kind === "float") {
    if (typeof value === "number" && Number.isFinite(value) && Math.abs(value) > max) refuse();
    return value;
  }
  if (operand.kind === "float") {
    if (Number.isNaN(value) || Number(value) < lowest || Number(value) > max) refuse();
    return dtype === "int64" ? BigInt(Math.trunc(Number(value))) : Math.trunc(Number(value));
  }
  const whole = BigInt(value);
  const [low, high] = dtype === "uint8" ? [-255n, 255n] : dtype === "int64" ? [INT64_MIN, INT64_MAX] : [BigInt(lowest), BigInt(max)];
  if (whole < low || whole > high) refuse();
  return dtype === "int64" ? whole : Number(whole);
}

function fill_(this: Tensor, ...args: unknown[]): Tensor {
  const { value } = bind("fill_", ["value"], {}, args);
  let operand = scalarOperand(value);
  if (value instanceof Tensor) {
    if (value.dim() !== 0) throw new TensorRuntimeError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`);
    operand = tensorScalar(value);
  }
  if (!operand) throw new TensorTypeError(`fill_() received an invalid combination of arguments - got (${pythonTypeName(value)}), but expected one of: (Tensor value), (Number value)`);
  const raw = checkedFill(this.dtypeName, operand);
  return rewrite(this, () => raw);
}

function zero_(this: Tensor, ...args: unknown[]): Tensor {
  if (args.length > 0) throw new TensorTypeError(`_TensorBase.zero_() takes no arguments (${args.length} given)`);
  return rewrite(this, () => 0);
}

// ---- uniform_ and normal_ ----

function floatArgument(method: string, name: string, position: number, value: unknown): number {
  const operand = scalarOperand(value);
  if (!operand) throw new TensorTypeError(`${method}(): argument '${name}' (position ${position}) must be float, not ${pythonTypeName(value)}`);
  return Number(operand.value);
}

function generatorArgument(method: string, value: unknown): TorchGenerator {
  if (value === null) return default_generator;
  if (!(value instanceof TorchGenerator)) throw new TensorTypeError(`${method}(): argument 'generator' must be torch.Generator, not ${pythonTypeName(value)}`);
  return value;
}

function uniform_(this: Tensor, ...args: unknown[]): Tensor {
  const { from, to, generator } = bind("uniform_", ["from", "to", "generator"], { from: 0, to: 1, generator: null }, args);
  return uniformFill(this, floatArgument("uniform_", "from", 1, from), floatArgument("uniform_", "to", 2, to), generatorArgument("uniform_", generator));
}

function normal_(this: Tensor, ...args: unknown[]): Tensor {
  const { mean, std, generator } = bind("normal_", ["mean", "std", "generator"], { mean: 0, std: 1, generator: null }, args);
  return normalFill(this, floatArgument("normal_", "mean", 1, mean), floatArgument("normal_", "std", 2, std), generatorArgument("normal_", generator));
}

// ---- mul_, add_, sub_, div_ ----

/** `trunc` and `floor` are div_ with that rounding_mode; `div` is true division. */
type Operation = "mul" | "add" | "div" | "trunc" | "floor";

/**
 * The other operand, element by element in this tensor's row-major order: a Python number or 0-dim tensor
 * repeats; a tensor with dimensions broadcasts to this tensor's shape (and only to it: the result must fit).
 */
interface Other {
  readonly kind: Operand["kind"];
  /** A tensor operand's dtype (torch names it when refusing), undefined for a Python number. */
  readonly dtype: DType | undefined;
  /** True for a tensor with dimensions, whose dtype takes part in promotion (a 0-dim tensor's does not). */
  readonly dimensioned: boolean;
  readonly valueAt: (i: number) => number | bigint;
}

function otherOperand(method: string, tensor: Tensor, value: unknown): Other {
  if (value instanceof Tensor && value.dim() === 0) {
    const operand = tensorScalar(value);
    return { kind: operand.kind, dtype: value.dtypeName, dimensioned: false, valueAt: () => operand.value };
  }
  const operand = scalarOperand(value);
  if (operand) return { kind: operand.kind, dtype: undefined, dimensioned: false, valueAt: () => operand.value };
  if (!(value instanceof Tensor)) throw new TensorTypeError(`${method}(): argument 'other' (position 1) must be Tensor, not ${pythonTypeName(value)}`);
  const strides = broadcastStrides(tensor, value);
  const at = elementIndexes(value.storageOffset, [...tensor.shape], strides);
  // Read every value before any is written: the operand may share this tensor's storage (t.add_(t)).
  const read = numericReader(value.dtypeName);
  const source = value.storage.typed();
  const values = Array.from(at, (index) => read(source, index));
  return { kind: kindOfDtype(value.dtypeName), dtype: value.dtypeName, dimensioned: true, valueAt: (i) => values[i]! };
}

/** `other`'s strides stretched to `tensor`'s shape (0 along broadcast dims), or torch's refusal. */
function broadcastStrides(tensor: Tensor, other: Tensor): number[] {
  const [outer, inner] = [[...tensor.shape], [...other.shape]];
  const ndim = Math.max(outer.length, inner.length);
  const broadcast: number[] = [];
  for (let k = 1; k <= ndim; k++) {
    const [a, b] = [outer[outer.length - k] ?? 1, inner[inner.length - k] ?? 1];
    if (a !== b && a !== 1 && b !== 1) throw new TensorRuntimeError(`The size of tensor a (${a}) must match the size of tensor b (${b}) at non-singleton dimension ${ndim - k}`);
    broadcast.unshift(a === 1 ? b : a);
  }
  if (broadcast.length !== outer.length || broadcast.some((size, d) => size !== outer[d])) {
    throw new TensorRuntimeError(`output with shape [${outer.join(", ")}] doesn't match the broadcast shape [${broadcast.join(", ")}]`);
  }
  return outer.map((_, d) => {
    const j = d - (outer.length - inner.length);
    return j < 0 || other.shape[j] === 1 ? 0 : other.strides[j]!;
  });
}

/**
 * The dtype the operation computes in, by torch's promotion: this tensor's own, or the wider float of a
 * dimensioned float operand (float32 and float64 compute in float64, float16 and bfloat16 in float32); the
 * result is then cast back. An operand of a higher kind, or a true division of ints, is refused with torch's text.
 * (Between ints the wider dtype gives the same bits once wrapped back, so ints compute in their own.)
 */
function computeDtype(tensor: Tensor, operation: Operation, other: Other): DType {
  const dtype = tensor.dtypeName;
  const own = kindOfDtype(dtype);
  if (kindRank[other.kind] > kindRank[own]) throw castError(other.dtype ?? defaultDtype[other.kind], dtype);
  if (operation === "div" && own !== "float") throw castError(other.kind === "float" && other.dtype ? other.dtype : "float32", dtype);
  if ((operation === "trunc" || operation === "floor") && own === "bool") throw new TensorRuntimeError(`"div_${operation}_cpu" not implemented for 'Bool'`);
  if (!other.dimensioned || other.kind !== "float" || other.dtype === dtype) return dtype;
  return dtype === "float64" || other.dtype === "float64" ? "float64" : "float32";
}

/** torch's alpha checks: no bool alpha unless the result is bool, no float alpha for an integral result. */
function alphaOperand(method: string, dtype: DType, value: unknown): Operand {
  const alpha = value instanceof Tensor ? undefined : scalarOperand(value);
  if (!alpha) throw new TensorTypeError(`${method}(): argument 'alpha' must be Number, not ${pythonTypeName(value)}`);
  if (alpha.kind === "bool" && dtype !== "bool") throw new TensorRuntimeError("Boolean alpha only supported for Boolean results.");
  if (alpha.kind === "float" && DTYPES[dtype].kind !== "float") throw new TensorRuntimeError("For integral input tensors, argument alpha must not be a floating point number.");
  return alpha;
}

/** Element arithmetic in the dtype `dtype` computes in, with the operand and alpha already cast to it. */
function kernel(dtype: DType, operation: Operation, alpha: number | bigint): (x: number | bigint, y: number | bigint) => number | bigint {
  if (dtype === "bool") {
    if (operation === "mul") return (x, y) => (x !== 0 && y !== 0 ? 1 : 0);
    const scaled = alpha !== 0 && alpha !== 0n;
    return (x, y) => (x !== 0 || (scaled && y !== 0) ? 1 : 0);
  }
  if (DTYPES[dtype].kind !== "float") {
    // Exact in bigints; storing wraps to the dtype's width, as C++'s integer arithmetic does.
    const a = BigInt(alpha);
    if (operation === "mul") return (x, y) => BigInt(x) * BigInt(y);
    if (operation === "trunc") return (x, y) => BigInt(x) / BigInt(y);
    if (operation === "floor") return (x, y) => floorDivideInt(BigInt(x), BigInt(y));
    return (x, y) => BigInt(x) + a * BigInt(y);
  }
  const a = Number(alpha);
  const round = dtype === "float64" ? (v: number) => v : dtype === "float32" ? Math.fround : (castTo(dtype) as (value: number) => number);
  if (operation === "mul") return (x, y) => round(Number(x) * Number(y));
  if (operation === "div") return (x, y) => round(Number(x) / Number(y));
  if (operation === "trunc") return (x, y) => Math.trunc(round(Number(x) / Number(y)));
  if (operation === "floor") return (x, y) => floorDivideFloat(Number(x), Number(y), round);
  if (dtype === "float32" || dtype === "float64") return (x, y) => (dtype === "float64" ? fma : fmaf)(Number(y), a, Number(x));
  // torch 1.13 vectorises bfloat16 through float32 (one fused multiply-add) but not float16, whose every
  // operation rounds to float16: alpha * other is rounded before the add.
  if (dtype === "bfloat16") return (x, y) => round(fmaf(Number(y), a, Number(x)));
  return (x, y) => round(Number(x) + round(a * Number(y)));
}

/** Python's floor division of ints: the truncated quotient, one lower when the signs differ and it is inexact. */
function floorDivideInt(x: bigint, y: bigint): bigint {
  const quotient = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? quotient - 1n : quotient;
}

/**
 * torch's div_floor_floating: through fmod, so that the quotient is the exact floor wherever it can be, every
 * step rounded to the dtype; a zero divisor gives a / b (inf or nan) and a zero quotient keeps a / b's sign.
 */
function floorDivideFloat(a: number, b: number, round: (value: number) => number): number {
  if (b === 0) return round(a / b);
  const mod = a % b;
  let quotient = round(round(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) quotient = round(quotient - 1);
  if (quotient === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  const floored = Math.floor(quotient);
  return round(quotient - floored) > 0.5 ? round(floored + 1) : floored;
}

function arithmetic(tensor: Tensor, method: string, operation: Operation, value: unknown, alphaValue: unknown, negate: boolean): Tensor {
  const other = otherOperand(method, tensor, value);
  const dtype = computeDtype(tensor, operation, other);
  const alpha = operation === "add" ? alphaOperand(method, tensor.dtypeName, alphaValue) : { kind: "int", value: 1 };
  const cast = castTo(dtype);
  if ((operation === "trunc" || operation === "floor") && DTYPES[dtype].kind !== "float") {
    // An integer division by zero is refused before anything is written.
    for (let i = 0; i < tensor.numel(); i++) if (BigInt(cast(other.valueAt(i))) === 0n) throw new TensorRuntimeError("ZeroDivisionError");
  }
  const castAlpha = cast(alpha.value);
  const apply = kernel(dtype, operation, negate ? -castAlpha : castAlpha);
  return rewrite(tensor, (old, i) => apply(old, cast(other.valueAt(i))));
}

function mul_(this: Tensor, ...args: unknown[]): Tensor {
  const { other } = bind("mul_", ["other"], {}, args);
  return arithmetic(this, "mul_", "mul", other, 1, false);
}

function div_(this: Tensor, ...args: unknown[]): Tensor {
  const { other, rounding_mode } = bind("div_", ["other", "rounding_mode"], { rounding_mode: null }, args);
  if (rounding_mode !== null && rounding_mode !== "trunc" && rounding_mode !== "floor") {
    throw new TensorRuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(rounding_mode)}'`);
  }
  return arithmetic(this, "div_", rounding_mode ?? "div", other, 1, false);
}

function add_(this: Tensor, ...args: unknown[]): Tensor {
  const { other, alpha } = bind("add_", ["other", "alpha"], { alpha: 1 }, args);
  return arithmetic(this, "add_", "add", other, alpha, false);
}

/** torch refuses subtraction with any bool operand before it looks at anything else. */
function sub_(this: Tensor, ...args: unknown[]): Tensor {
  const { other, alpha } = bind("sub_", ["other", "alpha"], { alpha: 1 }, args);
  const otherIsBool = typeof other === "boolean" || (other instanceof Tensor && other.dtypeName === "bool");
  if (otherIsBool && this.dtypeName === "bool") {
    throw new TensorRuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  }
  if (otherIsBool || this.dtypeName === "bool") {
    throw new TensorRuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
  return arithmetic(this, "sub_", "add", other, alpha, true);
}

declare module "../tensor/tensor.js" {
  interface Tensor {
    /** `fill_(value)`: every element `value` (a Python number or a 0-dim tensor), cast and range-checked as torch does. */
    fill_(value: unknown): this;
    /** `zero_()`: every element zero. */
    zero_(): this;
    /** `uniform_(from=0, to=1)`: draws from torch's generator, equal to real torch's after the same manual_seed. */
    uniform_(from?: unknown, to?: unknown, options?: { generator?: TorchGenerator }): this;
    /** `normal_(mean=0, std=1)`: draws from torch's generator, equal to real torch's after the same manual_seed. */
    normal_(mean?: unknown, std?: unknown, options?: { generator?: TorchGenerator }): this;
    /** `mul_(other)`: multiplies by a Python number or a tensor that broadcasts to this shape. */
    mul_(other: unknown): this;
    /** `add_(other, alpha=1)`: adds alpha times other. */
    add_(other: unknown, alpha?: unknown): this;
    /** `sub_(other, alpha=1)`: subtracts alpha times other. */
    sub_(other: unknown, alpha?: unknown): this;
    /** `div_(other, rounding_mode=None)`: true division (floating-point tensors only, as in torch), or rounded by 'trunc' or 'floor'. */
    div_(other: unknown, options?: { rounding_mode?: "trunc" | "floor" | null }): this;
  }
}

/** The methods by Python name; each is installed once, non-enumerable like the class's own methods. */
export const inPlaceMethods = { fill_, zero_, uniform_, normal_, mul_, add_, sub_, div_ } as const;
for (const [name, method] of Object.entries(inPlaceMethods)) {
  Object.defineProperty(Tensor.prototype, name, { value: method, writable: true, configurable: true });
}
