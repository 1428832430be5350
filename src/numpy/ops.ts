// numpy's arithmetic on arrays: result dtypes, broadcasting, elementwise ufuncs and reductions, each op a row of a table.
//
// Results match numpy 1.24 to the bit: the dtype comes from numpy's promotion with its value-based rule
// for Python scalars, operands are cast to that dtype before the op, and sums add in numpy's order.
import { TensorError } from "../errors.js";
import { PyFloat } from "../python/values.js";
import type { NestedData } from "../tensor/build.js";
import type { Scalar } from "../tensor/convert.js";
import { DTYPES, type DType, type StorageArray } from "../tensor/dtypes.js";
import { floatToHalf, halfToFloat } from "../tensor/half.js";
import { contiguousStrides, elementIndexes, normalizeDim, numelOf } from "../tensor/layout.js";
import { NDArray } from "../tensor/ndarray.js";
import { Storage } from "../tensor/storage.js";
import { NumpyFloat, numpyScalar } from "./scalar.js";

/** What numpy's functions take: an array, a Python scalar, or nested lists (made an array as np.asarray does). */
export type ArrayLike = NDArray | NestedData;
/** What an elementwise op or a reduction returns: an array, or a numpy scalar when the result has no dims. */
export type ArrayResult = NDArray | Scalar | PyFloat;

// ---- dtypes: numpy's promotion as kind and size ----

type Kind = "b" | "u" | "i" | "f";
interface NumberType {
  kind: Kind;
  size: number;
}
const kindOf = { bool: "b", uint: "u", int: "i", float: "f" } as const;
/** numpy's ordering of kinds for the value-based rule: a scalar of a higher kind than every array is not demoted. */
const kindRank: Record<Kind, number> = { b: 0, u: 1, i: 1, f: 2 };

function typeOf(array: NDArray): NumberType {
  if (!array.dtypeName || !DTYPES[array.dtypeName].inNumpy) throw new TensorError(`numpy has no ${array.dtypeName} arrays`);
  return { kind: kindOf[DTYPES[array.dtypeName].kind], size: array.itemsize };
}

function dtypeOf(type: NumberType): DType {
  const found = Object.values(DTYPES).find((info) => info.inNumpy && kindOf[info.kind] === type.kind && info.itemsize === type.size);
  if (!found) throw new TensorError(`numpy's result would be ${type.kind === "u" ? "uint" : "int"}${type.size * 8}, a dtype weightscope's arrays do not hold; convert with astype('int64') first`);
  return found.name;
}

/** numpy's promote_types: the smallest type both convert to safely. */
function promote(a: NumberType, b: NumberType): NumberType {
  if (a.kind === "b") return b;
  if (b.kind === "b") return a;
  if (a.kind === b.kind) return { kind: a.kind, size: Math.max(a.size, b.size) };
  if (a.kind === "f" || b.kind === "f") {
    const [float, int] = a.kind === "f" ? [a, b] : [b, a];
    // A float holds an int exactly when its mantissa covers the int's bits: 1 byte in float16, 2 in float32.
    return { kind: "f", size: Math.max(float.size, int.size === 1 ? 2 : int.size === 2 ? 4 : 8) };
  }
  const [signed, unsigned] = a.kind === "i" ? [a, b] : [b, a];
  if (signed.size > unsigned.size) return signed;
  return unsigned.size < 8 ? { kind: "i", size: unsigned.size * 2 } : { kind: "f", size: 8 };
}

/**
 * numpy's min_scalar_type: the smallest type that holds this 0-d array's value. A non-negative int that
 * also fits the signed type of its size is marked, as numpy then takes the signed type beside signed arrays.
 */
function minScalarType(scalar: NDArray): NumberType & { smallUnsigned?: boolean } {
  const type = typeOf(scalar);
  const value = scalar.item();
  if (type.kind === "b") return type;
  if (type.kind === "f") {
    const x = value as number;
    const size = (x > -65000 && x < 65000) || !Number.isFinite(x) ? 2 : x > -3.4e38 && x < 3.4e38 ? 4 : 8;
    return { kind: "f", size: Math.min(size, type.size) };
  }
  const n = BigInt(value as number | bigint);
  const fits = (bits: bigint): boolean => (n >= 0n ? n < 1n << bits : n >= -(1n << (bits - 1n)));
  const size = fits(8n) ? 1 : fits(16n) ? 2 : fits(32n) ? 4 : 8;
  return n >= 0n ? { kind: "u", size, smallUnsigned: n < 1n << BigInt(size * 8 - 1) } : { kind: "i", size };
}

/**
 * numpy 1.24's result_type: 0-d operands (Python scalars among them) shrink to the smallest type holding
 * their value, unless they are of a higher kind than every array, so `float32 array + 0.5` stays float32.
 */
function resultNumberType(operands: readonly NDArray[]): NumberType {
  const arrays = operands.filter((a) => a.ndim > 0);
  const scalars = operands.filter((a) => a.ndim === 0);
  const highest = (list: readonly NDArray[]): number => Math.max(-1, ...list.map((a) => kindRank[typeOf(a).kind]));
  if (arrays.length === 0 || scalars.length === 0 || highest(scalars) > highest(arrays)) return operands.map(typeOf).reduce(promote);
  const arrayType = arrays.map(typeOf).reduce(promote);
  return scalars.map(minScalarType).reduce((type: NumberType, scalar) => promote(type, scalar.smallUnsigned && (type.kind === "i" || type.kind === "f") ? { ...scalar, kind: "i" } : scalar), arrayType);
}

/** The dtype numpy gives an operation on `operands`. */
export function resultType(operands: readonly NDArray[]): DType {
  return dtypeOf(resultNumberType(operands));
}

// ---- operands and results ----

/** np.asarray: arrays pass through; a bare number is a Python int, a PyFloat a float, a NumpyFloat keeps its dtype. */
export function asArray(value: ArrayLike): NDArray {
  if (value instanceof NDArray) return value;
  if (value instanceof NumpyFloat) return NDArray.from(value.valueOf(), { dtype: value.dtypeName });
  return NDArray.from(value);
}

/** A new row-major array of `shape`, its elements written by `fill` straight into the storage's typed array. */
function newArray(dtype: DType, shape: readonly number[], fill: (array: { [i: number]: number | bigint }, count: number) => void): NDArray {
  const array = new DTYPES[dtype].storageArray(numelOf(shape));
  fill(array as unknown as { [i: number]: number | bigint }, array.length);
  return NDArray.view(Storage.fromTypedArray(dtype, array as StorageArray), 0, shape, contiguousStrides(shape));
}

/** A 0-d result becomes a numpy scalar, as numpy's ufuncs and reductions return one. */
function finish(array: NDArray): ArrayResult {
  return array.ndim === 0 ? numpyScalar(array.item(), array.dtypeName) : array;
}

/** Stores a double computed in the loop's type: typed arrays wrap ints and round float32; half and bool need encoding. */
function writer(dtype: DType): (array: { [i: number]: number | bigint }, i: number, value: number) => void {
  // A NaN keeps its sign, as x86's default NaN (from inf - inf) is negative and numpy's half keeps it.
  if (dtype === "float16") return (array, i, value) => (array[i] = value === value ? floatToHalf(value) : nanSign(value) ? 0xfe00 : 0x7e00);
  if (dtype === "bool") return (array, i, value) => (array[i] = value ? 1 : 0);
  return (array, i, value) => (array[i] = value);
}

const nanBits = new Float64Array(1);
const nanHigh = new Uint32Array(nanBits.buffer, 4, 1);
function nanSign(value: number): boolean {
  nanBits[0] = value;
  return nanHigh[0]! >>> 31 === 1;
}

/** Rounds a double to what the loop's type holds, as numpy casts each operand before the op. */
function caster(dtype: DType): (value: number) => number {
  if (dtype === "float32") return Math.fround;
  if (dtype === "float16") return (value) => halfToFloat(floatToHalf(value));
  return (value) => value;
}

/** The shape numpy broadcasts the operands to, or its error. */
function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const ndim = Math.max(...shapes.map((shape) => shape.length));
  return Array.from({ length: ndim }, (_, d) => {
    let size = 1;
    for (const shape of shapes) {
      const own = shape[d - ndim + shape.length] ?? 1;
      if (own === 1) continue;
      if (size !== 1 && size !== own) {
        throw new TensorError(`operands could not be broadcast together with shapes ${shapes.map((s) => `(${s.join(",")}${s.length === 1 ? "," : ""})`).join(" ")}`);
      }
      size = own;
    }
    return size;
  });
}

/** For each element of the broadcast result, the row-major position of the operand's element it reads. */
function broadcastIndexes(shape: readonly number[], to: readonly number[]): Float64Array {
  const own = contiguousStrides(shape);
  const strides = to.map((_, d) => {
    const k = d - to.length + shape.length;
    return k < 0 || shape[k] === 1 ? 0 : own[k]!;
  });
  return elementIndexes(0, to, strides);
}

// ---- elementwise ops ----

interface BinaryOp {
  /** numpy's ufunc name, for errors. */
  readonly name: string;
  /** The loop for ints and floats, on doubles; ints below 64 bits wrap when stored. */
  readonly number: (a: number, b: number) => number;
  readonly bigint?: (a: bigint, b: bigint) => bigint;
  /** The loop for bool, on 0/1; missing where numpy refuses. */
  readonly bool?: (a: number, b: number) => number;
  /** ints take a float loop (true division gives float64). */
  readonly floatOnly?: boolean;
  /** An exact loop for ints below 64 bits where doubles would lose bits (products past 2**53). */
  readonly smallInt?: (a: number, b: number) => number;
}

export const binaryOps = {
  add: { name: "add", number: (a, b) => a + b, bigint: (a, b) => a + b, bool: (a, b) => a | b },
  sub: { name: "subtract", number: (a, b) => a - b, bigint: (a, b) => a - b },
  mul: { name: "multiply", number: (a, b) => a * b, bigint: (a, b) => a * b, bool: (a, b) => a & b, smallInt: Math.imul },
  div: { name: "true_divide", number: (a, b) => a / b, floatOnly: true },
} as const satisfies Record<string, BinaryOp>;

/** One elementwise binary op with numpy's broadcasting and result dtype. */
export function binary(op: BinaryOp, left: ArrayLike, right: ArrayLike): ArrayResult {
  const operands = [asArray(left), asArray(right)];
  const type = resultNumberType(operands);
  const dtype = op.floatOnly && type.kind !== "f" ? "float64" : dtypeOf(type);
  if (dtype === "bool" && !op.bool) {
    throw new TensorError(`numpy boolean ${op.name} is not supported: use logical_xor for bools, or astype('int64') first`, { place: `np.${op.name}` });
  }
  const shape = broadcastShape(operands.map((a) => [...a.shape]));
  const [a, b] = operands.map((array) => array.data());
  const [ai, bi] = operands.map((array) => broadcastIndexes([...array.shape], shape));
  if (dtype === "int64") {
    const toBig = (v: number | bigint): bigint => (typeof v === "bigint" ? v : BigInt(v));
    return finish(newArray(dtype, shape, (out, count) => {
      for (let i = 0; i < count; i++) out[i] = op.bigint!(toBig(a![ai![i]!]!), toBig(b![bi![i]!]!));
    }));
  }
  const kind = DTYPES[dtype].kind;
  const loop = kind === "bool" ? op.bool! : kind !== "float" && op.smallInt ? op.smallInt : op.number;
  const cast = caster(dtype);
  const write = writer(dtype);
  return finish(newArray(dtype, shape, (out, count) => {
    for (let i = 0; i < count; i++) write(out, i, loop(cast(Number(a![ai![i]!])), cast(Number(b![bi![i]!]))));
  }));
}

/** np.abs: the same dtype; ints wrap as numpy's do (abs of int8 -128 stays -128). */
export function abs(value: ArrayLike): ArrayResult {
  const array = asArray(value);
  const data = array.data();
  const write = writer(array.dtypeName);
  return finish(newArray(array.dtypeName, [...array.shape], (out) => {
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (typeof v === "bigint") out[i] = v < 0n ? -v : v;
      else write(out, i, Math.abs(v));
    }
  }));
}

// ---- reductions ----

/** An axis argument: none (every axis), one axis, or several; positional or as a keyword (`{axis: 0, keepdims: true}`). */
export type AxisArgument = number | readonly number[] | null | undefined | { axis?: number | readonly number[] | null; keepdims?: boolean };

/** The array with the kept axes first and the reduced ones last, both in their order, as row-major data. */
function reductionLayout(array: NDArray, argument: AxisArgument, name: string) {
  const keywords = typeof argument === "object" && argument !== null && !Array.isArray(argument) ? (argument as { axis?: number | readonly number[] | null; keepdims?: boolean }) : undefined;
  const axis = keywords ? keywords.axis : (argument as number | readonly number[] | null | undefined);
  if (name.startsWith("arg") && Array.isArray(axis)) throw new TensorError(`${name}: axis must be one integer, not a list`, { place: `np.${name}` });
  const all = [...array.shape.keys()];
  const given = axis === undefined || axis === null ? all : typeof axis === "number" ? [axis] : [...axis];
  const reduced = given.map((d) => normalizeDim(d, array.ndim, "axis"));
  if (new Set(reduced).size !== reduced.length) throw new TensorError(`${name}: duplicate value in axis`, { place: `np.${name}` });
  // Sums run in memory order (numpy's iterator follows the strides), so a transposed array adds as its storage lies;
  // an arg-reduction counts positions in the array's own order.
  const order = name === "sum" || name === "mean" ? [...all].sort((x, y) => Math.abs(array.strides[y]!) - Math.abs(array.strides[x]!)) : all;
  const kept = all.filter((d) => !reduced.includes(d));
  const reducedInOrder = order.filter((d) => reduced.includes(d));
  const data = array.permute(...kept, ...reducedInOrder).data();
  const length = numelOf(reducedInOrder.map((d) => array.shape[d]!));
  if (length === 0 && !["sum", "mean"].includes(name)) {
    throw new TensorError(`zero-size array to reduction operation ${name} which has no identity`, { place: `np.${name}` });
  }
  // numpy adds the run of reduced axes that ends at the innermost axis pairwise, and the rest one by one.
  let inner = 1;
  for (let k = order.length - 1; k >= 0 && reduced.includes(order[k]!); k--) inner *= array.shape[order[k]!]!;
  const shape = keywords?.keepdims === true ? all.map((d) => (reduced.includes(d) ? 1 : array.shape[d]!)) : kept.map((d) => array.shape[d]!);
  return { data, shape, length, inner };
}

/** numpy's iterator hands its loops at most this many elements at a time; each batch is summed pairwise on its own. */
const bufferSize = 8192;

/** numpy's pairwise summation of `n` elements from `start`, rounding every addition with `round`. */
function pairwiseSum(data: globalThis.ArrayLike<number>, start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum = round(sum + data[start + i]!);
    return sum;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => data[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j]! + data[start + i + j]!);
    let sum = round(round(round(r[0]! + r[1]!) + round(r[2]! + r[3]!)) + round(round(r[4]! + r[5]!) + round(r[6]! + r[7]!)));
    for (; i < n; i++) sum = round(sum + data[start + i]!);
    return sum;
  }
  const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
  return round(pairwiseSum(data, start, half, round) + pairwiseSum(data, start + half, n - half, round));
}

/** The dtype numpy's sum gives: ints and bools widen to int64 (uint8 to uint64, which is refused). */
function sumDtype(dtype: DType): DType {
  return DTYPES[dtype].kind === "float" ? dtype : dtypeOf(DTYPES[dtype].kind === "uint" ? { kind: "u", size: 8 } : { kind: "i", size: 8 });
}

/**
 * np.sum and np.mean. Floats add in their own precision (float16 through float32, as numpy's loop
 * does); mean adds ints in float64 and divides in the sum's precision.
 */
export function sum(value: ArrayLike, axis?: AxisArgument, mean = false): ArrayResult {
  const array = asArray(value);
  const name = mean ? "mean" : "sum";
  const dtype = mean ? (DTYPES[array.dtypeName].kind === "float" ? array.dtypeName : "float64") : sumDtype(array.dtypeName);
  const { data, shape, length, inner } = reductionLayout(mean && dtype === "float64" ? array.astype("float64") : array, axis, name);
  const count = numelOf(shape);
  if (dtype === "int64") {
    return finish(newArray(dtype, shape, (out) => {
      for (let o = 0; o < count; o++) {
        let total = 0n;
        for (let k = 0; k < length; k++) total += BigInt(data[o * length + k]!);
        out[o] = total;
      }
    }));
  }
  // float16 sums accumulate in float32 and round to half after each run; mean keeps float32 until it divides.
  const round = dtype === "float64" ? (x: number) => x : Math.fround;
  const store = dtype === "float16" && !mean ? caster("float16") : round;
  const values = data as globalThis.ArrayLike<number>;
  const write = writer(dtype);
  return finish(newArray(dtype, shape, (out) => {
    for (let o = 0; o < count; o++) {
      let total = 0;
      for (let k = 0; k < length; k += inner) {
        for (let c = 0; c < inner; c += bufferSize) total = store(total + pairwiseSum(values, o * length + k + c, Math.min(bufferSize, inner - c), round));
      }
      write(out, o, mean ? caster(dtype)(round(total / length)) : total);
    }
  }));
}

const extremes = {
  max: { name: "max", better: (a: number | bigint, b: number | bigint) => a > b },
  min: { name: "min", better: (a: number | bigint, b: number | bigint) => a < b },
} as const;

/**
 * np.max and np.min (NaN wins, as numpy propagates it), or with `index` np.argmax and np.argmin: the
 * first position of the extreme (or of the first NaN), counted in the flattened array when no axis is given.
 */
export function extreme(which: keyof typeof extremes, value: ArrayLike, axis?: AxisArgument, index = false): ArrayResult {
  const array = asArray(value);
  const { name, better } = extremes[which];
  const { data, shape, length } = reductionLayout(array, axis, index ? `arg${name}` : name);
  const count = numelOf(shape);
  const isNaN = (v: number | bigint): boolean => v !== v;
  const dtype = index ? "int64" : array.dtypeName;
  return finish(newArray(dtype, shape, (out) => {
    for (let o = 0; o < count; o++) {
      let best = o * length;
      for (let k = best + 1; k < (o + 1) * length && !isNaN(data[best]!); k++) if (isNaN(data[k]!) || better(data[k]!, data[best]!)) best = k;
      out[o] = index ? BigInt(best - o * length) : dtype === "float16" ? floatToHalf(data[best] as number) : data[best]!;
    }
  }));
}

/**
 * np.isclose's test, all of it: |a - b| <= atol + rtol * |b| computed in numpy's dtypes (float32 stays
 * float32), infinities equal only to themselves, NaN equal to NaN only with equalNan.
 */
export function allclose(a: ArrayLike, b: ArrayLike, options: { rtol?: number; atol?: number; equal_nan?: boolean } = {}): boolean {
  const x = asArray(a);
  // numpy first gives b the result type of b and 1.0: ints, bools and 0-d values become float64.
  const given = asArray(b);
  const y = DTYPES[given.dtypeName].kind === "float" && given.ndim > 0 ? given : given.astype("float64");
  const shape = broadcastShape([[...x.shape], [...y.shape]]);
  const difference = asArray(abs(binary(binaryOps.sub, x, y))).data();
  const tolerance = asArray(binary(binaryOps.add, new PyFloat(options.atol ?? 1e-8), binary(binaryOps.mul, new PyFloat(options.rtol ?? 1e-5), abs(y))));
  const [xv, yv, tv] = [x.data(), y.data(), tolerance.data()];
  const [xi, yi, ti] = [x, y, tolerance].map((array) => broadcastIndexes([...array.shape], shape));
  for (let i = 0; i < numelOf(shape); i++) {
    const [u, v] = [Number(xv[xi![i]!]), Number(yv[yi![i]!])];
    if (Number.isFinite(u) && Number.isFinite(v)) {
      if (!(Number(difference[i]) <= Number(tv[ti![i]!]))) return false;
    } else if (!(u === v || (options.equal_nan === true && Number.isNaN(u) && Number.isNaN(v)))) return false;
  }
  return true;
}
