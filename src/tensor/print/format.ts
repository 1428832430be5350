// The element formatters: one look at the values shown decides the notation and the width, then every element prints alike.
//
// torch's rules follow torch/_tensor_str.py's _Formatter (Python's '%.Nf'/'%.Ne' of the double value);
// numpy's follow arrayprint.py's FloatingFormat, IntegerFormat and BoolFormat (Dragon4 digits in the
// array's own float type).
import { DTYPES, type DType } from "../dtypes.js";
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from "../half.js";
import { dragon4Positional, dragon4Scientific, FLOAT_FORMATS, pythonFixed, pythonScientific, type Dragon4Options, type FloatFormat } from "./digits.js";
import type { NumpyPrintOptions, TorchPrintOptions } from "./options.js";

/** One element as the printers read it: a double for floats, a number or bigint for ints, a boolean for bool. */
export type PrintValue = number | bigint | boolean;

/** Turns one element into its text, padded to the width every element of the tensor shares. */
export interface ElementFormatter {
  /** The width decided from the shown values (torch's rows wrap by it; a nan may print wider). */
  readonly width: number;
  readonly format: (value: PrintValue) => string;
}

/** Python's `str()` of an int or bool element. */
function pythonStr(value: PrintValue): string {
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** The largest and smallest magnitude among the non-zero finite values, or undefined when there are none. */
function magnitudes(values: readonly number[]): { max: number; min: number } | undefined {
  let max = -Infinity;
  let min = Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || v === 0) continue;
    max = Math.max(max, Math.abs(v));
    min = Math.min(min, Math.abs(v));
  }
  return max === -Infinity ? undefined : { max, min };
}

function longest(texts: Iterable<string>, start = 0): number {
  let width = start;
  for (const text of texts) width = Math.max(width, text.length);
  return width;
}

/**
 * torch's formatter. Floats print in one of three notations chosen from the non-zero finite values:
 * whole numbers as `3.` (int mode), otherwise `precision` decimals, or scientific when the magnitudes
 * span more than 1000x, exceed 1e8 or (for fractions) fall under 1e-4. `sci_mode` overrides the choice.
 */
export function torchFormatter(dtype: DType, shown: readonly PrintValue[], options: TorchPrintOptions): ElementFormatter {
  if (DTYPES[dtype].kind !== "float") {
    const width = longest(shown.map(pythonStr), 1);
    return { width, format: (value) => pythonStr(value).padStart(width) };
  }
  const values = shown as readonly number[];
  const { precision } = options;
  const range = magnitudes(values);
  let intMode = true;
  let sciMode = false;
  let width = 1;
  // With no non-zero finite value torch returns before applying sci_mode, so zeros and nan print as `0.`, `nan`.
  if (range) {
    const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
    intMode = finite.every((v) => v === Math.ceil(v));
    const spread = range.max / range.min > 1000 || range.max > 1e8;
    if (spread || (!intMode && range.min < 1e-4)) {
      sciMode = true;
      width = longest(finite.map((v) => pythonScientific(v, precision)), 1);
    } else if (intMode) {
      width = longest(finite.map((v) => pythonFixed(v, 0) + "."), 1);
    } else {
      width = longest(finite.map((v) => pythonFixed(v, precision)), 1);
    }
    if (options.sci_mode !== null) sciMode = options.sci_mode;
  }
  const format = (value: PrintValue): string => {
    const v = value as number;
    if (sciMode) return pythonScientific(v, precision).padStart(width);
    if (intMode) return (pythonFixed(v, 0) + (Number.isFinite(v) ? "." : "")).padStart(width);
    return pythonFixed(v, precision).padStart(width);
  };
  return { width, format };
}

/** Rounds a double to the precision of numpy's float type, as numpy's own arithmetic on that type would. */
const roundToType: Record<keyof typeof FLOAT_FORMATS, (x: number) => number> = {
  float64: (x) => x,
  float32: Math.fround,
  float16: (x) => halfToFloat(floatToHalf(x)),
  bfloat16: (x) => bfloat16ToFloat(floatToBfloat16(x)),
};

/** numpy's formatter for an array of `dtype` (bfloat16 as ml_dtypes prints it); `zeroDim` for 0-d arrays. */
export function numpyFormatter(dtype: DType, shown: readonly PrintValue[], zeroDim: boolean, options: NumpyPrintOptions): ElementFormatter {
  const kind = DTYPES[dtype].kind;
  if (kind === "bool") {
    // The space lines " True" up with "False", except in a 0-d array.
    const truth = zeroDim ? "True" : " True";
    return { width: 5, format: (value) => (value ? truth : "False") };
  }
  if (kind !== "float") {
    const width = longest(shown.map(pythonStr));
    return { width, format: (value) => pythonStr(value).padStart(width) };
  }
  return numpyFloatFormatter(dtype as keyof typeof roundToType, shown as readonly number[], options);
}

/**
 * numpy's FloatingFormat: scientific when the largest magnitude reaches 1e8 or (unless `suppress`) the
 * smallest is under 1e-4 or they span more than 1000x; one first pass over the shown values fixes the
 * digits on each side of the point, and every element is padded to them.
 */
function numpyFloatFormatter(dtype: keyof typeof roundToType, values: readonly number[], options: NumpyPrintOptions): ElementFormatter {
  const format: FloatFormat = FLOAT_FORMATS[dtype];
  const finite = values.filter(Number.isFinite);
  const range = magnitudes(finite);
  const exp = range !== undefined && (range.max >= 1e8 || (!options.suppress && (range.min < 1e-4 || roundToType[dtype](range.max / range.min) > 1000)));
  const plus = options.sign === "+";
  const fixed = options.floatmode === "fixed";
  const first: Dragon4Options = {
    precision: options.floatmode === "unique" ? undefined : options.precision,
    unique: !fixed,
    trim: fixed ? "k" : ".",
    plus,
  };
  let settings: Dragon4Options = { ...first };
  let padLeft = 0;
  let padRight = 0;
  if (exp) {
    const parts = finite.map((x) => dragon4Scientific(x, format, first).split("e") as [string, string]);
    const expDigits = longest(parts.map(([, e]) => e)) - 1;
    const precision = longest(parts.map(([m]) => m.split(".")[1]!));
    padLeft = longest(parts.map(([m]) => m.split(".")[0]!));
    padRight = expDigits + 2 + precision;
    settings = { ...first, precision, minDigits: precision, trim: "k", expDigits };
  } else if (finite.length > 0) {
    const parts = finite.map((x) => dragon4Positional(x, format, first).split(".") as [string, string]);
    padLeft = longest(parts.map(([whole]) => whole));
    padRight = longest(parts.map(([, fraction]) => fraction));
    const equal = fixed || options.floatmode === "maxprec_equal";
    settings = equal ? { ...first, precision: padRight, minDigits: padRight, trim: "k" } : { ...first, minDigits: 0 };
  }
  if (options.sign === " " && !finite.some((x) => x < 0 || Object.is(x, -0))) padLeft += 1;
  if (finite.length !== values.length) {
    const negativeInf = options.sign !== "-" || values.some((x) => x === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, options.nanstr.length - offset, options.infstr.length + (negativeInf ? 1 : 0) - offset);
  }
  // padRight only measures a scientific element (for the nan width); positional elements are padded to it.
  settings = exp ? { ...settings, padLeft } : { ...settings, padLeft, padRight };
  const width = padLeft + padRight + 1;
  const print = (value: PrintValue): string => {
    const x = value as number;
    if (Number.isNaN(x)) return ((plus ? "+" : "") + options.nanstr).padStart(width);
    if (!Number.isFinite(x)) return ((x < 0 ? "-" : plus ? "+" : "") + options.infstr).padStart(width);
    return exp ? dragon4Scientific(x, format, settings) : dragon4Positional(x, format, settings);
  };
  return { width, format: print };
}
