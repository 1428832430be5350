// exactLog against mpmath: the double nearest to ln(x), for arguments the polar method meets and the extremes.
import { expect, it } from "vitest";
import { exactLog } from "../../src/numpy/exact-log.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDir, generatedDir, runPython } from "../support/oracle.js";
import { generator } from "./numpy-oracle.js";

it("gives the correctly rounded natural log (mpmath at 200 bits rounds the reference)", () => {
  const random = generator(7);
  const xs = [
    ...Array.from({ length: 20_000 }, () => random()),
    ...Array.from({ length: 2_000 }, () => random() ** 8),
    ...Array.from({ length: 2_000 }, (_, k) => 1 - 2 ** -(1 + (k % 52)) * (1 + random())),
    ...Array.from({ length: 1_000 }, () => 1 + random() * 2 ** -20),
    ...Array.from({ length: 1_000 }, () => 2 ** Math.floor(random() * 2000 - 1000) * (1 + random())),
    5e-324, 2.2250738585072014e-308, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1.7976931348623157e308,
  ];
  const expected = runPythonWithInput(xs);
  const wrong = xs.filter((x, i) => exactLog(x) !== expected[i]);
  expect(wrong).toEqual([]);
});

/** mpmath's log of each value, rounded once to a double; the values travel in a file (too many for a command line). */
function runPythonWithInput(xs: readonly number[]): number[] {
  const path = join(ensureDir(generatedDir), "exact-log-inputs.txt");
  writeFileSync(path, xs.map(String).join("\n"));
  const code = "import sys, mpmath\nmpmath.mp.prec = 200\nprint('\\n'.join(repr(float(mpmath.log(mpmath.mpf(float(v))))) for v in open(sys.argv[1]).read().split()))";
  return runPython(code, [path]).trim().split("\n").map(Number);
}
