// Elementwise ops, reductions and allclose against real numpy: dtype, shape, every byte and the repr, for every dtype pair.
import { describe, expect, it } from "vitest";
import { numpy as np } from "../../src/numpy/namespace.js";
import { floatToHalf, halfToFloat, type DType } from "../../src/tensor/index.js";
import { generator, numpyOutcomes, ourInput, ourOutcome, type Case, type Input, type Outcome } from "./numpy-oracle.js";

const dtypes: DType[] = ["float32", "float64", "float16", "int8", "int16", "int32", "int64", "uint8", "bool"];
const random = generator(2024);

function values(dtype: DType, count: number): (number | boolean)[] {
  return Array.from({ length: count }, () => {
    const u = random();
    switch (dtype) {
      case "float32": return Math.fround((u - 0.5) * 20);
      case "float64": return (u - 0.5) * 20;
      case "float16": return halfToFloat(floatToHalf((u - 0.5) * 20));
      case "int8": return Math.floor(u * 256) - 128;
      case "uint8": return Math.floor(u * 256);
      case "int16": return Math.floor(u * 2 ** 16) - 2 ** 15;
      case "int32": return Math.floor(u * 2 ** 32) - 2 ** 31;
      case "int64": return Math.floor((u - 0.5) * 2 ** 52);
      default: return u < 0.5;
    }
  });
}
const array = (dtype: DType, shape: number[]): Input => ({ dtype, shape, values: values(dtype, shape.reduce((a, b) => a * b, 1)) });
const scalars: Input[] = [
  { py: "int", value: 3 }, { py: "int", value: -1 }, { py: "int", value: 300 }, { py: "int", value: 0 },
  { py: "float", value: 0.5 }, { py: "float", value: 0.1 }, { py: "float", value: 1e300 }, { py: "bool", value: true },
];

const binaryNames = { add: "add", sub: "subtract", mul: "multiply", div: "divide" } as const;
function runOurs(c: Case, theirs: Outcome): Outcome {
  const args = c.args.map(ourInput);
  return ourOutcome(() => {
    if (c.op in binaryNames) return np[binaryNames[c.op as keyof typeof binaryNames]](args[0] as never, args[1] as never);
    if (c.op === "allclose") return np.allclose(args[0] as never, args[1] as never, c.kwargs ?? {});
    if (c.op === "abs") return np.abs(args[0] as never);
    return np[c.op as "sum"](args[0] as never, c.kwargs ?? {});
  }, "dtype" in theirs && /^u?int/.test(theirs.dtype) ? theirs.dtype : undefined);
}
const label = (c: Case): string =>
  `${c.op}(${c.args.map((a) => ("py" in a ? `${a.py} ${a.value}` : `${a.dtype}[${a.shape.join(",")}]`)).join(", ")}${c.kwargs ? ` ${JSON.stringify(c.kwargs)}` : ""})`;

function compareAll(name: string, cases: Case[]): void {
  const theirs = numpyOutcomes(cases, name);
  // Where numpy's result is an unsigned type weightscope does not hold (uint8 + 300 is uint16), an error is right.
  const expected = theirs.map((t): Outcome => ("dtype" in t && /^uint(16|32|64)$/.test(t.dtype) ? { error: true } : t));
  const mismatches = cases.map((c, i) => ({ case: label(c), ours: runOurs(c, theirs[i]!), numpy: expected[i]! })).filter((m) => JSON.stringify(m.ours) !== JSON.stringify(m.numpy));
  if (mismatches.length) console.log(JSON.stringify(mismatches.slice(0, 4), null, 1));
  expect(mismatches).toEqual([]);
}

describe("elementwise ops give numpy's dtype, values and repr", () => {
  for (const op of Object.keys(binaryNames)) {
    it(`${op} for every pair of dtypes, broadcasting (2, 3) with (3,)`, () => {
      compareAll(`binary-${op}`, dtypes.flatMap((a) => dtypes.map((b): Case => ({ op, args: [array(a, [2, 3]), array(b, [3])] }))));
    });
    it(`${op} with Python scalars on either side (numpy's value-based casting)`, () => {
      compareAll(`scalar-${op}`, dtypes.flatMap((a) => scalars.flatMap((s): Case[] => [{ op, args: [array(a, [4]), s] }, { op, args: [s, array(a, [2, 2])] }])));
    });
  }
  it("broadcasts both ways and refuses shapes that do not fit", () => {
    compareAll("broadcast", [
      { op: "add", args: [array("float32", [3, 1]), array("float32", [1, 4])] },
      { op: "mul", args: [array("float64", [2, 1, 3]), array("int32", [4, 1])] },
      { op: "sub", args: [array("float32", [2, 3]), array("float32", [])] },
      { op: "add", args: [array("float32", [2, 3]), array("float32", [2])] },
      { op: "add", args: [array("float32", [0, 3]), array("float32", [3])] },
    ]);
  });
  it("abs keeps the dtype (int8 -128 stays -128)", () => {
    compareAll("abs", [...dtypes.map((d): Case => ({ op: "abs", args: [array(d, [3, 3])] })), { op: "abs", args: [{ dtype: "int8", shape: [2], values: [-128, -1] }] }]);
  });
  it("special floats: NaN, infinities, signed zeros, division by zero", () => {
    const special = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 3.5];
    const ints = [0, 0, 1, -1, 5, 0, 7, -7];
    compareAll(
      "special",
      ["float32", "float64", "float16"].flatMap((d): Case[] => [
        ...Object.keys(binaryNames).map((op): Case => ({ op, args: [{ dtype: d as DType, shape: [8], values: special }, { dtype: d as DType, shape: [8, 1], values: special }] })),
        { op: "abs", args: [{ dtype: d as DType, shape: [8], values: special }] },
        { op: "div", args: [{ dtype: "int32", shape: [8], values: ints }, { dtype: "int64", shape: [8, 1], values: ints }] },
      ]),
    );
  });
});

describe("reductions give numpy's dtype, values and repr", () => {
  const axes: (number | number[] | null)[] = [null, 0, 1, -1, [0, 2], [1, 2]];
  for (const op of ["sum", "mean", "max", "min", "argmax", "argmin"]) {
    it(`${op} of every dtype along every axis of a (3, 4, 5) array`, () => {
      const cases = dtypes.flatMap((d) => axes.filter((a) => !(op.startsWith("arg") && Array.isArray(a))).map((axis): Case => ({ op, args: [array(d, [3, 4, 5])], kwargs: { axis } })));
      compareAll(`reduce-${op}`, cases);
    });
  }
  it("long float sums add pairwise in numpy's order, in the array's precision", () => {
    const sizes = [7, 8, 9, 100, 128, 129, 1000, 8191, 8192, 8193, 20000, 100000];
    compareAll("long-sums", [
      ...["float32", "float64", "float16"].flatMap((d) => sizes.flatMap((n): Case[] => [{ op: "sum", args: [array(d as DType, [n])] }, { op: "mean", args: [array(d as DType, [n])] }])),
      ...["int32", "int64", "uint8", "bool"].map((d): Case => ({ op: "mean", args: [array(d as DType, [30000])] })),
      ...["float32", "float64"].flatMap((d) => [null, 0, 1].flatMap((axis): Case[] => [{ op: "sum", args: [array(d as DType, [300, 500])], kwargs: { axis } }, { op: "mean", args: [array(d as DType, [300, 500])], kwargs: { axis } }])),
    ]);
  });
  it("transposed arrays: sums add in memory order as numpy's iterator does, arg-reductions count in the array's order", () => {
    const cases = ["float32", "float64", "int32"].flatMap((d) =>
      ["sum", "mean", "max", "argmax", "argmin"].flatMap((op) =>
        [null, 0, 1, 2].map((axis): Case => ({ op, args: [{ ...array(d as DType, [7, 30, 150]), transposed: true }], kwargs: { axis } })),
      ),
    );
    compareAll("transposed", cases);
  });
  it("keepdims keeps reduced axes as size 1", () => {
    const data = array("float32", [3, 4, 5]);
    compareAll("keepdims", ["sum", "mean", "max", "min", "argmax"].flatMap((op) => [null, 1, -1].map((axis): Case => ({ op, args: [data], kwargs: { axis, keepdims: true } }))));
  });
  it("NaN wins max and min, and argmax finds the first NaN or the first of equal maxima", () => {
    const data = { dtype: "float32" as DType, shape: [2, 4], values: [1, NaN, 3, NaN, 2, 5, 5, 1] };
    compareAll("nan", ["max", "min", "argmax", "argmin"].flatMap((op) => [null, 0, 1].map((axis): Case => ({ op, args: [data], kwargs: { axis } }))));
  });
  it("refuses empty arrays where numpy does, and sums them to zero", () => {
    const empty = { dtype: "float32" as DType, shape: [0, 3], values: [] };
    compareAll("empty", [{ op: "max", args: [empty] }, { op: "argmax", args: [empty] }, { op: "sum", args: [empty] }, { op: "sum", args: [empty], kwargs: { axis: 0 } }, { op: "max", args: [empty], kwargs: { axis: 1 } }]);
  });
});

describe("allclose uses numpy's test |a - b| <= atol + rtol * |b| in numpy's dtypes", () => {
  it("at the edge of the tolerance, for float32, float64, ints and infinities", () => {
    const base = [1, 100, 1e-3, 0, 12345.678];
    const cases: Case[] = [];
    for (const d of ["float32", "float64", "float16"] as DType[]) {
      for (const scale of [0.5e-5, 0.9e-5, 1e-5, 1.1e-5, 2e-5]) {
        const shifted = base.map((x) => x * (1 + scale) + 1e-9);
        cases.push({ op: "allclose", args: [{ dtype: d, shape: [5], values: shifted }, { dtype: d, shape: [5], values: base }] });
      }
    }
    cases.push(
      { op: "allclose", args: [{ dtype: "int32", shape: [3], values: [1, 2, 3] }, { dtype: "int64", shape: [3], values: [1, 2, 3] }] },
      { op: "allclose", args: [{ dtype: "float32", shape: [3], values: [1, Infinity, NaN] }, { dtype: "float32", shape: [3], values: [1, Infinity, NaN] }] },
      { op: "allclose", args: [{ dtype: "float32", shape: [3], values: [1, Infinity, NaN] }, { dtype: "float32", shape: [3], values: [1, Infinity, NaN] }], kwargs: { equal_nan: true } },
      { op: "allclose", args: [{ dtype: "float32", shape: [2, 2], values: [1, 2, 3, 4] }, { py: "float", value: 1.00001 }] },
      { op: "allclose", args: [{ dtype: "float64", shape: [2], values: [1, 2] }, { dtype: "float64", shape: [2], values: [1.001, 2] }], kwargs: { rtol: 1e-2 } },
      { op: "allclose", args: [{ dtype: "float64", shape: [2], values: [0, 0] }, { dtype: "float64", shape: [2], values: [1e-7, 0] }], kwargs: { atol: 1e-6 } },
    );
    compareAll("allclose", cases);
  });
});
