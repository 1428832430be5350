// Element values: reading them out of storage arrays, and casting between dtypes the way torch and numpy do.
import { DTYPES, type DType, type StorageArray } from "./dtypes.js";
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from "./half.js";

/** One element as JavaScript sees it: a number, a bigint for int64 beyond 2**53, a boolean for bool. */
export type Scalar = number | bigint | boolean;

/** An element as stored: what a storage array holds (raw bits for half types, 0/1 for bool). */
type Raw = number | bigint;

/** An element's numeric value before it is stored: a double, or a bigint for int64 sources. */
type Numeric = number | bigint;

/** Reads element `i` of a storage array as its numeric value (bool as 0/1, int64 as bigint). */
export function numericReader(dtype: DType): (array: StorageArray, i: number) => Numeric {
  if (dtype === "float16") return (array, i) => halfToFloat(array[i] as number);
  if (dtype === "bfloat16") return (array, i) => bfloat16ToFloat(array[i] as number);
  if (dtype === "bool") return (array, i) => (array[i] ? 1 : 0);
  return (array, i) => array[i]!;
}

/** Reads element `i` of a storage array as the value `tolist()` gives. */
export function scalarReader(dtype: DType): (array: StorageArray, i: number) => Scalar {
  if (dtype === "bool") return (array, i) => array[i] !== 0;
  if (dtype === "int64") return (array, i) => toScalar(array[i] as bigint);
  return numericReader(dtype) as (array: StorageArray, i: number) => number;
}

const maxExact = 2n ** 53n;

/** A bigint as a number when that is exact (|v| <= 2**53), else still a bigint. */
export function toScalar(value: bigint): number | bigint {
  return value <= maxExact && value >= -maxExact ? Number(value) : value;
}

/**
 * How the flavours differ when rounding to float16: torch converts doubles and int64s to float32 first
 * and then to half (two roundings), numpy rounds once.
 */
export type HalfRounding = "via-float32" | "direct";

/** The function that turns a numeric value into what a `to` storage array holds. */
export function encoder(to: DType, halfRounding: HalfRounding): (value: Numeric) => Raw {
  switch (to) {
    case "float32":
      return (v) => (typeof v === "bigint" ? bigintToFloat32(v) : v);
    case "float64":
      return (v) => Number(v);
    case "float16":
      return halfRounding === "direct"
        ? (v) => floatToHalf(Number(v))
        : (v) => floatToHalf(typeof v === "bigint" ? bigintToFloat32(v) : Math.fround(v));
    case "bfloat16":
      return (v) => floatToBfloat16(typeof v === "bigint" ? bigintToFloat32(v) : v);
    case "bool":
      return (v) => (v === 0 || v === 0n ? 0 : 1);
    case "int64":
      return (v) => (typeof v === "bigint" ? v : floatToInt64(v));
    default:
      // The storage array wraps an integer into its width on assignment, as a C cast between ints does.
      return (v) => (typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : floatToInt32(v));
  }
}

const int64Min = -(2n ** 63n);

/**
 * Float to int64 as torch on x86 does it: truncate toward zero; NaN and values outside int64 (which C++
 * leaves undefined) give the CPU's "integer indefinite", the smallest int64.
 */
function floatToInt64(value: number): bigint {
  if (!Number.isFinite(value) || value >= 2 ** 63 || value < -(2 ** 63)) return int64Min;
  return BigInt(Math.trunc(value));
}

/**
 * Float to the narrower ints: torch converts through a 32-bit truncation (NaN and values outside int32
 * give -2**31), and the storage array then keeps the low bits.
 */
function floatToInt32(value: number): number {
  if (!Number.isFinite(value) || value >= 2 ** 31 || value < -(2 ** 31)) return -(2 ** 31);
  return Math.trunc(value);
}

/** An int64 rounded once to the nearest float32 (ties to even); `Number` then `fround` could round twice. */
function bigintToFloat32(value: bigint): number {
  const magnitude = value < 0n ? -value : value;
  const bits = magnitude.toString(2).length;
  if (bits <= 24) return Number(value);
  const drop = BigInt(bits - 24);
  let kept = magnitude >> drop;
  const rest = magnitude - (kept << drop);
  const half = 1n << (drop - 1n);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  const rounded = Number(kept << drop);
  return value < 0n ? -rounded : rounded;
}

/**
 * Copies elements from `source` (dtype `from`) into a new storage array of dtype `to`: element i comes
 * from `sourceIndexes[i]` and lands at `targetIndexes[i]` (at i when omitted). Same-dtype copies keep
 * the raw bits, NaN payloads included.
 */
export function castElements(from: DType, source: StorageArray, sourceIndexes: ArrayLike<number>, to: DType, targetIndexes: ArrayLike<number> | undefined, halfRounding: HalfRounding): StorageArray {
  const count = sourceIndexes.length;
  const target = new DTYPES[to].storageArray(count);
  const out = target as { [i: number]: Raw };
  const read = from === to ? (array: StorageArray, i: number): Raw => array[i]! : numericReader(from);
  const write = from === to ? (raw: Raw): Raw => raw : encoder(to, halfRounding);
  for (let i = 0; i < count; i++) out[targetIndexes ? targetIndexes[i]! : i] = write(read(source, sourceIndexes[i]!));
  return target;
}
