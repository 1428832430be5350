// Exact decimal digits of binary floats: Python's '%.Nf' and '%.Ne', and numpy's Dragon4 (shortest unique digits, cut off or extended).
//
// Every routine works on the exact binary value with bigints, so ties round to the even digit exactly
// as Python and numpy do; Number.prototype.toFixed rounds ties up and gives up past 1e21.

/** The binary formats numpy prints: their fraction bits and smallest normal exponent decide the shortest unique digits. */
export interface FloatFormat {
  readonly fractionBits: number;
  readonly minExponent: number;
}

export const FLOAT_FORMATS = {
  float64: { fractionBits: 52, minExponent: -1022 },
  float32: { fractionBits: 23, minExponent: -126 },
  float16: { fractionBits: 10, minExponent: -14 },
  bfloat16: { fractionBits: 7, minExponent: -126 },
} as const satisfies Record<string, FloatFormat>;

/** A finite non-negative value as `coefficient * 10**exponent` (coefficient 0 for zero). */
interface Decimal {
  coefficient: bigint;
  exponent: number;
}

/** |x| as an integer `mantissa * 2**exponent`, read from the double's bits. */
function binaryParts(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0) & 0x7fffffffffffffffn;
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  return (pow10Cache[n] ??= 10n ** BigInt(n));
}

/**
 * An exact positive rational `numerator / denominator` with margins around it, all over one denominator.
 * Scaling to a digit position multiplies the numerators or the denominator by a power of ten.
 */
interface Exact {
  numerator: bigint;
  denominator: bigint;
  marginLow: bigint;
  marginHigh: bigint;
  /** An even mantissa: a decimal exactly on a margin still reads back as x (ties round to even). */
  even: boolean;
}

function within(distance: bigint, margin: bigint, even: boolean): boolean {
  return even ? distance <= margin : distance < margin;
}

/** |x| exactly, with half the gap to each neighbour in `format` (the numbers that still read back as x). */
function exactOf(x: number, format: FloatFormat = FLOAT_FORMATS.float64): Exact {
  const parts = binaryParts(x);
  const leading = parts.mantissa.toString(2).length - 1 + parts.exponent;
  const exponent = Math.max(leading, format.minExponent) - format.fractionBits;
  // The value is representable in `format`, so the shift to its own exponent is exact.
  const shift = parts.exponent - exponent;
  const mantissa = shift >= 0 ? parts.mantissa << BigInt(shift) : parts.mantissa >> BigInt(-shift);
  // At a power of two the gap below is half the gap above (except next to the subnormals).
  const unequal = mantissa === 1n << BigInt(format.fractionBits) && exponent > format.minExponent - format.fractionBits;
  const base = exponent - 2;
  const scale = (bits: number): bigint => 1n << BigInt(bits - Math.min(base, 0));
  return {
    numerator: mantissa * scale(exponent),
    denominator: scale(0),
    marginHigh: scale(exponent - 1),
    marginLow: scale(unequal ? exponent - 2 : exponent - 1),
    even: (mantissa & 1n) === 0n,
  };
}

/** The value in units of 10**position: whole units, the remainder and the unit, all integers. */
function inUnits(value: Exact, position: number): { units: bigint; remainder: bigint; unit: bigint; factor: bigint } {
  const factor = position < 0 ? pow10(-position) : 1n;
  const unit = position > 0 ? value.denominator * pow10(position) : value.denominator;
  const scaled = value.numerator * factor;
  return { units: scaled / unit, remainder: scaled % unit, unit, factor };
}

/**
 * The value rounded to a multiple of 10**position, ties to the even multiple. Rounding down keeps the
 * digits (zeros included); rounding up drops the zeros its carry leaves, as Dragon4 shortens its buffer.
 */
function roundAt(value: Exact, position: number): Decimal {
  const { units, remainder, unit } = inUnits(value, position);
  const twice = 2n * remainder;
  const up = twice > unit || (twice === unit && (units & 1n) === 1n);
  return up ? stripZeros({ coefficient: units + 1n, exponent: position }) : { coefficient: units, exponent: position };
}

/** The position of the leading digit: 10**k <= value < 10**(k+1). */
function leadingPosition(value: Exact, estimate: number): number {
  let k = Math.floor(Math.log10(estimate));
  const below = (position: number): boolean => inUnits(value, position).units === 0n;
  while (below(k)) k -= 1;
  while (!below(k + 1)) k += 1;
  return k;
}

/** Position of the leading digit of a rounded decimal (it may have carried into a new digit). */
function leadingOf(decimal: Decimal): number {
  return decimal.exponent + decimal.coefficient.toString().length - 1;
}

/**
 * Dragon4's digit choice: the shortest digits that read back as x (inside its margins, on them for an even mantissa; the nearer
 * candidate when both fit, ties to even), stopping at `cutoff` (the lowest digit position allowed), where
 * the exact value is rounded instead; then extended to `least` (a lower position) with exact digits.
 */
function dragon4Digits(x: number, format: FloatFormat, cutoff: number | undefined, least: number | undefined): Decimal {
  const value = exactOf(Math.abs(x), format);
  const k = leadingPosition(value, Math.abs(x));
  const stop = cutoff === undefined ? -Infinity : cutoff;
  let chosen: Decimal | undefined;
  for (let position = k; position >= stop && !chosen; position--) {
    const { units, remainder, unit, factor } = inUnits(value, position);
    const low = within(remainder, value.marginLow * factor, value.even);
    const high = within(unit - remainder, value.marginHigh * factor, value.even);
    if (low && high) chosen = roundAt(value, position);
    else if (low) chosen = { coefficient: units, exponent: position };
    else if (high) chosen = stripZeros({ coefficient: units + 1n, exponent: position });
    else if (position === stop) chosen = roundAt(value, position);
  }
  chosen ??= roundAt(value, stop);
  if (least !== undefined && chosen.exponent > least) chosen = roundAt(value, least);
  return chosen;
}

function signOf(x: number, plus: boolean): string {
  if (x < 0 || Object.is(x, -0)) return "-";
  return plus ? "+" : "";
}

/** Integer and fraction digits of a decimal; its exponent says how many fraction digits it has. */
function positionalParts(decimal: Decimal): { whole: string; fraction: string } {
  const { coefficient, exponent } = decimal;
  if (coefficient === 0n) return { whole: "0", fraction: "0".repeat(Math.max(0, -exponent)) };
  const digits = coefficient.toString();
  const leading = leadingOf(decimal);
  if (exponent >= 0) return { whole: digits + "0".repeat(exponent), fraction: "" };
  if (leading < 0) return { whole: "0", fraction: "0".repeat(-leading - 1) + digits };
  return { whole: digits.slice(0, leading + 1), fraction: digits.slice(leading + 1) };
}

/** Python's `format(x, ".{precision}f")`. */
export function pythonFixed(x: number, precision: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const rounded = x === 0 ? { coefficient: 0n, exponent: -precision } : roundAt(exactOf(Math.abs(x)), -precision);
  const { whole, fraction } = positionalParts(rounded);
  return signOf(x, false) + whole + (precision > 0 ? "." + fraction.padEnd(precision, "0") : "");
}

/** The exponent part: `e`, sign and at least `digits` digits. */
function exponentText(exponent: number, digits: number): string {
  return "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(digits, "0");
}

/** Python's `format(x, ".{precision}e")`. */
export function pythonScientific(x: number, precision: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  let mantissa = "0";
  let exponent = 0;
  if (x !== 0) {
    const value = exactOf(Math.abs(x));
    const k = leadingPosition(value, Math.abs(x));
    let rounded = roundAt(value, k - precision);
    // Rounding up to a power of ten moves the point; round again at the new place.
    if (leadingOf(rounded) > k) rounded = roundAt(value, k + 1 - precision);
    mantissa = rounded.coefficient.toString();
    exponent = leadingOf(rounded);
  }
  const fraction = mantissa.slice(1).padEnd(precision, "0");
  return signOf(x, false) + mantissa[0] + (precision > 0 ? "." + fraction : "") + exponentText(exponent, 2);
}

/** numpy's Dragon4 settings, as `format_float_positional` and `format_float_scientific` take them. */
export interface Dragon4Options {
  /** Digits after the point at most (undefined: as many as uniqueness needs). */
  precision?: number;
  /** Shortest unique digits (true) or the exact value rounded to `precision` (false). */
  unique: boolean;
  /** Digits after the point at least, exact digits of the value beyond the unique ones. */
  minDigits?: number;
  /** "k" keeps trailing zeros up to the precision; "." drops them and keeps the point. */
  trim: "k" | ".";
  /** Print "+" before non-negative values. */
  plus: boolean;
  padLeft?: number;
  padRight?: number;
  expDigits?: number;
}

/** Digits after the point always shown: the fixed precision under "k", and at least `minDigits`. */
function minFraction(options: Dragon4Options): number {
  const fixed = !options.unique && options.trim === "k" ? (options.precision ?? 0) : 0;
  return Math.max(fixed, options.minDigits ?? 0);
}

/** "." drops trailing zeros; "k" keeps the digits the rounding produced. */
function trimmed(decimal: Decimal, options: Dragon4Options): Decimal {
  return options.trim === "." ? stripZeros(decimal) : decimal;
}

/** numpy's `dragon4_positional` with fractional=True. */
export function dragon4Positional(x: number, format: FloatFormat, options: Dragon4Options): string {
  const cutoff = options.precision === undefined ? undefined : -options.precision;
  let decimal: Decimal;
  if (x === 0) decimal = { coefficient: 0n, exponent: 0 };
  else if (!options.unique) decimal = roundAt(exactOf(Math.abs(x), format), cutoff ?? 0);
  else decimal = dragon4Digits(x, format, cutoff, options.minDigits === undefined ? undefined : -options.minDigits);
  const { whole, fraction } = positionalParts(trimmed(decimal, options));
  const left = (signOf(x, options.plus) + whole).padStart(options.padLeft ?? 0);
  return left + "." + fraction.padEnd(minFraction(options), "0").padEnd(options.padRight ?? 0);
}

/** numpy's `dragon4_scientific`. */
export function dragon4Scientific(x: number, format: FloatFormat, options: Dragon4Options): string {
  let digits = "0";
  let exponent = 0;
  if (x !== 0) {
    const value = exactOf(Math.abs(x), format);
    const k = leadingPosition(value, Math.abs(x));
    const cutoff = options.precision === undefined ? undefined : k - options.precision;
    let decimal = options.unique
      ? dragon4Digits(x, format, cutoff, options.minDigits === undefined ? undefined : k - options.minDigits)
      : roundAt(value, cutoff ?? k);
    decimal = trimmed(decimal, options);
    digits = decimal.coefficient.toString();
    exponent = leadingOf(decimal);
  }
  const fraction = digits.slice(1).padEnd(minFraction(options), "0");
  const left = (signOf(x, options.plus) + digits[0]).padStart(options.padLeft ?? 0);
  return left + "." + fraction + exponentText(exponent, options.expDigits ?? 2);
}

/** The same decimal without trailing zeros in its coefficient. */
function stripZeros(decimal: Decimal): Decimal {
  let { coefficient, exponent } = decimal;
  if (coefficient === 0n) return { coefficient, exponent: 0 };
  while (coefficient % 10n === 0n) {
    coefficient /= 10n;
    exponent += 1;
  }
  return { coefficient, exponent };
}
