// The error function to double precision, which JavaScript's Math lacks and GELU needs.

const twoOverSqrtPi = 1.1283791670955126;

/** erf(x): the Maclaurin series where it converges quickly, 1 - erfc(x) by continued fraction beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  if (a < 2.5) return seriesErf(x);
  return Math.sign(x) * (1 - continuedFractionErfc(a));
}

/** Σ (-1)^n x^(2n+1) / (n! (2n+1)); for |x| < 2.5 the terms stay small enough for full precision. */
function seriesErf(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return sum * twoOverSqrtPi;
}

/** erfc(x) for x >= 2.5 by the Laplace continued fraction, evaluated with modified Lentz. */
function continuedFractionErfc(x: number): number {
  const tiny = 1e-300;
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) / f) * (twoOverSqrtPi / 2);
}
