// The natural log rounded correctly, so normals from the polar method match numpy's bits almost always.
//
// numpy's legacy normals call C's log. V8's Math.log differs from glibc's in the last bit for about 3%
// of the arguments numpy meets; the correctly rounded log computed here (double-double arithmetic, about
// 106 bits, rounded once) differs from glibc's only where glibc itself misrounds, about 1 in 2000.

/** A value as an unevaluated sum hi + lo with |lo| at most half an ulp of hi. */
type DoubleDouble = readonly [number, number];

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** Dekker's split of a double into two halves of 26 bits, so their products are exact. */
export function split(a: number): DoubleDouble {
  const t = 134217729 * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

export function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [s, e] = twoSum(x[0], y[0]);
  return normalize(s, e + x[1] + y[1]);
}

function multiply(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const [p, e] = twoProduct(x[0], y[0]);
  return normalize(p, e + x[0] * y[1] + x[1] * y[0]);
}

function divide(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const q1 = x[0] / y[0];
  const r = add(x, multiply(y, [-q1, 0]));
  const q2 = r[0] / y[0];
  const r2 = add(r, multiply(y, [-q2, 0]));
  return add(twoSum(q1, q2), [r2[0] / y[0], 0]);
}

function normalize(hi: number, lo: number): DoubleDouble {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}

const ln2: DoubleDouble = [0.6931471805599453, 2.3190468138462996e-17];
/** 1/(2k+1) for the atanh series, each to double-double precision. */
const oddReciprocals: DoubleDouble[] = Array.from({ length: 28 }, (_, k) => divide([1, 0], [2 * k + 1, 0]));

/** 2 atanh(s) = ln((1 + s) / (1 - s)) by its series in s**2, summed from the smallest term. */
function twiceAtanh(s: DoubleDouble, terms: number): DoubleDouble {
  const s2 = multiply(s, s);
  let series = oddReciprocals[terms - 1]!;
  for (let k = terms - 2; k >= 0; k--) series = add(multiply(series, s2), oddReciprocals[k]!);
  return multiply(multiply(s, series), [2, 0]);
}

/**
 * ln(i/64) for the centres i/64 the mantissa is rounded to, from the long series (28 terms for |s| up
 * to 0.17) once when the module loads; each log after that needs only 10 terms.
 */
const centreLogs: DoubleDouble[] = Array.from({ length: 92 }, (_, i) => (i < 45 ? [0, 0] : twiceAtanh(divide([i / 64 - 1, 0], twoSum(i / 64, 1)), 28)));

/**
 * ln(x); zero, negatives, infinity and NaN get Math.log's answer. x = m * 2**e with m in [sqrt(1/2),
 * sqrt(2)), so x near 1 loses nothing to cancellation; m = c (1 + s) / (1 - s) for the nearest centre
 * c = i/64, and ln(m) = ln(c) + 2 atanh(s).
 */
export function exactLog(x: number): number {
  if (!(x > 0 && x < Infinity)) return Math.log(x);
  // 2**1024 is Infinity, so the largest doubles take exponent 1023 and the loops below finish the job.
  let e = Math.min(1023, Math.floor(Math.log2(x)));
  let m = x / 2 ** e;
  // log2 may land one off near powers of two; m must end up in [sqrt(1/2), sqrt(2)).
  while (m >= 2) [m, e] = [m / 2, e + 1];
  while (m < 1) [m, e] = [m * 2, e - 1];
  if (m > Math.SQRT2) [m, e] = [m / 2, e + 1];
  const i = Math.round(m * 64);
  const c = i / 64;
  // m - c is exact (the two are within a factor of two); |s| stays under 0.006, so 10 terms reach 106 bits.
  const s = divide([m - c, 0], twoSum(m, c));
  const result = add(multiply(ln2, [e, 0]), add(centreLogs[i]!, twiceAtanh(s, 10)));
  return result[0] + result[1];
}
