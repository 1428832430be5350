// The natural log rounded correctly, as glibc's log is, so normals from the polar method match numpy's bits.
//
// V8's Math.log may be one unit in the last place off (about 3% of the normals numpy draws differed),
// so the log is computed in double-double arithmetic (about 106 bits) and rounded once at the end.

/** A value as an unevaluated sum hi + lo with |lo| at most half an ulp of hi. */
type DoubleDouble = readonly [number, number];

function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

/** Dekker's split of a double into two halves of 26 bits, so their products are exact. */
function split(a: number): DoubleDouble {
  const t = 134217729 * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProduct(a: number, b: number): DoubleDouble {
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

/**
 * ln(x) for a finite x > 0: x = m * 2**e with m near 1, and ln(m) = 2 atanh((m - 1) / (m + 1)), whose
 * series in s**2 (below 0.03) gives 106 bits in 28 terms.
 */
export function exactLog(x: number): number {
  let e = Math.floor(Math.log2(x));
  let m = x / 2 ** e;
  // log2 may land one off near powers of two; m must end up in [sqrt(1/2), sqrt(2)).
  while (m >= 2) [m, e] = [m / 2, e + 1];
  while (m < 1) [m, e] = [m * 2, e - 1];
  if (m > Math.SQRT2) [m, e] = [m / 2, e + 1];
  const s = divide([m - 1, 0], twoSum(m, 1));
  const s2 = multiply(s, s);
  let series = oddReciprocals[oddReciprocals.length - 1]!;
  for (let k = oddReciprocals.length - 2; k >= 0; k--) series = add(multiply(series, s2), oddReciprocals[k]!);
  const lnM = multiply(multiply(s, series), [2, 0]);
  const result = add(multiply(ln2, [e, 0]), lnM);
  return result[0] + result[1];
}
