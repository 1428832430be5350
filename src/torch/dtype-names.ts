// torch's C++ names for each dtype, as its runtime errors spell them, and the range a checked conversion allows.
import type { DType } from "../tensor/index.js";

interface ScalarTypeRow {
  /** The ScalarType name: `Float`, `Long` ("result type Float can't be cast to ... Long"). */
  readonly title: string;
  /** The C++ element type: `float`, `int64_t` ("value cannot be converted to type int64_t"). */
  readonly cppType: string;
  /** The same type as the compiler names it (uniform_'s bounds check): `c10::Half` where cppType says `at::Half`. */
  readonly demangled: string;
  /** The largest finite value; a checked conversion refuses anything beyond it (and, for ints, below `lowest`). */
  readonly max: number;
  readonly lowest: number;
}

const FLT_MAX = 3.4028234663852886e38;

export const scalarTypes: Readonly<Record<DType, ScalarTypeRow>> = {
  float32: { title: "Float", cppType: "float", demangled: "float", max: FLT_MAX, lowest: -FLT_MAX },
  float64: { title: "Double", cppType: "double", demangled: "double", max: Number.MAX_VALUE, lowest: -Number.MAX_VALUE },
  float16: { title: "Half", cppType: "at::Half", demangled: "c10::Half", max: 65504, lowest: -65504 },
  bfloat16: { title: "BFloat16", cppType: "at::BFloat16", demangled: "c10::BFloat16", max: 3.3895313892515355e38, lowest: -3.3895313892515355e38 },
  int8: { title: "Char", cppType: "int8_t", demangled: "signed char", max: 127, lowest: -128 },
  int16: { title: "Short", cppType: "int16_t", demangled: "short", max: 32767, lowest: -32768 },
  int32: { title: "Int", cppType: "int", demangled: "int", max: 2147483647, lowest: -2147483648 },
  int64: { title: "Long", cppType: "int64_t", demangled: "long", max: 2 ** 63 - 1, lowest: -(2 ** 63) },
  uint8: { title: "Byte", cppType: "uint8_t", demangled: "unsigned char", max: 255, lowest: 0 },
  bool: { title: "Bool", cppType: "bool", demangled: "bool", max: 1, lowest: 0 },
};

/** A double as C++'s `ostream <<` prints it (six significant digits, `%g`): `1`, `-1.5`, `3e+38`. */
export function cppDouble(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, exponentText] = value.toExponential(5).split("e") as [string, string];
  const exponent = Number(exponentText);
  const strip = (digits: string): string => (digits.includes(".") ? digits.replace(/\.?0+$/, "") : digits);
  if (exponent < -4 || exponent >= 6) return `${strip(mantissa)}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return strip(value.toFixed(5 - exponent));
}
