// Exact decimal digits agree with Python's format() and numpy's Dragon4 on float64, float32 and float16 values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch, runPython } from "../../support/oracle.js";
import { dragon4Positional, dragon4Scientific, FLOAT_FORMATS, pythonFixed, pythonScientific } from "../../../src/tensor/print/digits.js";

interface DigitsCase {
  type: keyof typeof FLOAT_FORMATS;
  x: number;
  [form: string]: string | number;
}

/** Each reference form and how weightscope computes it. */
const forms: Record<string, (x: number, type: keyof typeof FLOAT_FORMATS) => string> = {
  py_f4: (x) => pythonFixed(x, 4),
  py_e4: (x) => pythonScientific(x, 4),
  py_f0: (x) => pythonFixed(x, 0),
  py_e2: (x) => pythonScientific(x, 2),
  pos_unique: (x, t) => dragon4Positional(x, FLOAT_FORMATS[t], { unique: true, trim: ".", plus: false }),
  pos_p8: (x, t) => dragon4Positional(x, FLOAT_FORMATS[t], { precision: 8, unique: true, trim: ".", plus: false }),
  pos_p8_min5: (x, t) => dragon4Positional(x, FLOAT_FORMATS[t], { precision: 8, unique: true, trim: "k", minDigits: 5, plus: false }),
  pos_fixed3: (x, t) => dragon4Positional(x, FLOAT_FORMATS[t], { precision: 3, unique: false, trim: "k", plus: false }),
  sci_p8: (x, t) => dragon4Scientific(x, FLOAT_FORMATS[t], { precision: 8, unique: true, trim: ".", plus: false }),
  sci_p8_min6: (x, t) => dragon4Scientific(x, FLOAT_FORMATS[t], { precision: 8, unique: true, trim: "k", minDigits: 6, expDigits: 3, plus: false }),
  sci_fixed2: (x, t) => dragon4Scientific(x, FLOAT_FORMATS[t], { precision: 2, unique: false, trim: "k", padLeft: 3, plus: true }),
};

describeWithTorch("decimal digits against Python and numpy", () => {
  let cases: DigitsCase[] = [];
  beforeAll(() => {
    cases = JSON.parse(runPython(readFileSync(join(import.meta.dirname, "digits.py"), "utf8"))) as DigitsCase[];
  });

  it("has cases of every float type", () => {
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(["float64", "float32", "float16"]));
  });

  for (const [form, compute] of Object.entries(forms)) {
    it(`${form} matches for every value`, () => {
      const wrong = cases.filter((c) => compute(c.x, c.type) !== c[form]).map((c) => `${c.type} ${c.x}: ${compute(c.x, c.type)} != ${c[form]}`);
      expect(wrong.slice(0, 10)).toEqual([]);
    });
  }
});
