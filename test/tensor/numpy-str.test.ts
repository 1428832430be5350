// numpy's str() of arrays (print(a) at the prompt; Keras 3.8+ variable reprs) against numpy itself.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { NDArray, numpyStr } from "../../src/tensor/index.js";
import { pyStr } from "../../src/python/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

describeWithTorch("numpy's str() of arrays", () => {
  it("writes values as numpy's str() does: wrapped rows, summarized big arrays, 0-d scalars", () => {
    // The oracle is numpy itself (str of the same array); cases cover every float style and integer padding.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % n);
    const cases = Array.from({ length: 400 }, () => {
      const shape = Array.from({ length: next(5) }, () => (next(4) === 0 ? 1 + next(40) : 1 + next(7)));
      const kind = next(4);
      const scale = [1, 1000, 1e-5, 1e9][next(4)]!;
      const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (kind === 3 ? next(2000) - 1000 : (next(100000) / 50000 - 1) * scale));
      return { shape, values, dtype: ["float32", "float32", "float64", "int64"][kind]! };
    });
    const input = join(mkdtempSync(join(tmpdir(), "numpy-str-")), "cases.json");
    writeFileSync(input, JSON.stringify(cases));
    const code = "import json, sys, numpy as np\nprint(json.dumps([str(np.array(c['values'], dtype=c['dtype']).reshape(c['shape'])) for c in json.load(open(sys.argv[1]))]))";
    const expected = JSON.parse(runPython(code, [input])) as string[];
    const arrays = cases.map((c) => NDArray.from(c.values, { dtype: c.dtype, shape: c.shape }));
    expect(arrays.map((a) => numpyStr(a))).toEqual(expected);
    // print(a) at the prompt is Python's str(): the same text.
    expect(arrays.map((a) => pyStr(a))).toEqual(expected);
  });
});
