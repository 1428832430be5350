// float16 and bfloat16 bit patterns to and from JavaScript numbers (Node 20 has no Float16Array).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The value of an IEEE binary16 bit pattern. Exact: every half is a double. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Rounds to the nearest integer, ties to the even one (IEEE's default rounding). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The exponent e with 2**e <= value < 2**(e+1), for a positive finite value. */
function binaryExponent(value: number): number {
  let e = Math.floor(Math.log2(value));
  // log2 can land one off next to a power of two.
  if (2 ** e > value) e -= 1;
  else if (2 ** (e + 1) <= value) e += 1;
  return e;
}

/**
 * The binary16 bit pattern nearest to `value` (ties to even), rounded once from the double as numpy
 * does. Torch rounds to float32 first: pass `Math.fround(value)` to get torch's result.
 */
export function floatToHalf(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  // 65520 is halfway between the largest half (65504) and the next step: it and above overflow.
  if (magnitude >= 65520) return sign | 0x7c00;
  if (magnitude < 2 ** -14) return sign | roundHalfEven(magnitude * 2 ** 24);
  const exponent = binaryExponent(magnitude);
  const significand = roundHalfEven(magnitude * 2 ** (10 - exponent));
  // A significand that rounds up to 2048 carries into the exponent field on its own.
  return sign | (((exponent + 15) << 10) + significand - 1024);
}

/** The value of a bfloat16 bit pattern: the top half of a float32. */
export function bfloat16ToFloat(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}

/** The bfloat16 bit pattern nearest to `value` (ties to even), after rounding it to float32 as torch does. */
export function floatToBfloat16(value: number): number {
  f32[0] = value;
  if (Number.isNaN(f32[0])) return 0x7fc0;
  const bits = u32[0];
  const roundingBias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + roundingBias) >>> 16) & 0xffff;
}
