// The `np` namespace at the prompt and in the library, against real numpy: the tutorial's calls, their reprs and dir().
import { afterEach, describe, expect, it } from "vitest";
import { numpy as np } from "../../src/numpy/namespace.js";
import { NumpyFloat } from "../../src/numpy/scalar.js";
import { pyRepr } from "../../src/python/repr.js";
import { NDArray, resetPrintOptions } from "../../src/tensor/index.js";
import { startSession } from "../repl/session.js";
import { generator } from "./numpy-oracle.js";
import { runPython } from "../support/oracle.js";

afterEach(() => resetPrintOptions());

/** numpy's reprs of Python expressions, one per line of output (newlines inside a repr escaped). */
function numpyReprs(setup: string, expressions: readonly string[]): string[] {
  const code = `import numpy as np\n${setup}\nfor r in [${expressions.join(", ")}]: print(repr(r).replace("\\n", "\\\\n"))`;
  return runPython(code).trimEnd().split("\n").map((line) => line.replaceAll("\\n", "\n"));
}

describe("np.random at the prompt prints what numpy prints", () => {
  it("seed, random([28, 28]), randn(3, 4), a scalar draw and rand, with default and reduced precision", async () => {
    const session = await startSession();
    const lines = ["np.random.seed(0)", "np.random.random([28, 28])", "np.random.randn(3, 4)", "np.random.random()", "np.random.rand(2, 3)", "np.set_printoptions({precision: 4})", "np.random.random([3, 5])"];
    const outputs: string[] = [];
    for (const line of lines) outputs.push((await session.send(line)).trimEnd());
    await session.end();
    const theirs = numpyReprs("np.random.seed(0)\na = np.random.random((28, 28)); b = np.random.randn(3, 4); c = np.random.random(); d = np.random.rand(2, 3)", ["a", "b", "c", "d"]);
    const reduced = runPython("import numpy as np\nnp.random.seed(0); np.random.random((28, 28)); np.random.randn(3, 4); np.random.random(); np.random.rand(2, 3)\nnp.set_printoptions(precision=4)\nprint(repr(np.random.random((3, 5))))").trimEnd();
    expect(outputs[0]).toBe("");
    expect(outputs.slice(1, 5)).toEqual(theirs);
    expect(outputs[6]).toBe(reduced);
  });
});

describe("constructors and scalars", () => {
  it("np.array, np.zeros and np.ones give numpy's dtypes and reprs", () => {
    const ours = [
      np.array([[1, 2], [3, 4]]),
      np.array([1.5, 2]),
      np.array([true, false]),
      np.array([1, 2], { dtype: "float32" }),
      np.zeros([2, 3]),
      np.ones(3, { dtype: "int32" }),
      np.zeros([2, 2], { dtype: np.float32 }),
      np.ones([1, 2], { dtype: "uint8" }),
    ].map(pyRepr);
    const theirs = numpyReprs("", [
      "np.array([[1, 2], [3, 4]])", "np.array([1.5, 2])", "np.array([True, False])", "np.array([1, 2], dtype='float32')",
      "np.zeros((2, 3))", "np.ones(3, dtype='int32')", "np.zeros((2, 2), dtype=np.float32)", "np.ones((1, 2), dtype='uint8')",
    ]);
    expect(ours).toEqual(theirs);
  });

  it("float32 and float16 scalars print with their own shortest digits, positional or scientific as numpy chooses", () => {
    const random = generator(99);
    const values = Array.from({ length: 300 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 50 - 25));
    values.push(0, -0, 1, 0.1, 1e-4, 9.999e-5, 1e16, 9.9e15, 123456789, NaN, Infinity, -Infinity, 65504);
    const f32 = values.map((x) => new NumpyFloat(Math.fround(x), "float32"));
    const f16 = values.filter((x) => !(Math.abs(x) > 65504) || !Number.isFinite(x)).map((x) => new NumpyFloat(x, "float16"));
    const show = (x: number): string => (Object.is(x, -0) ? "-0.0" : Number.isNaN(x) ? "float('nan')" : x === Infinity ? "float('inf')" : x === -Infinity ? "-float('inf')" : String(x));
    const theirs32 = numpyReprs("", f32.map((x) => `np.float32(${show(x.valueOf())})`));
    const theirs16 = numpyReprs("", f16.map((x) => `np.float16(${show(x.valueOf())})`));
    const round16 = runPython(`import numpy as np\nprint(" ".join(repr(float(np.float16(v))) for v in [${f16.map((x) => show(x.valueOf())).join(", ")}]))`).trim().split(" ").map((text) => ({ inf: Infinity, "-inf": -Infinity, nan: NaN })[text] ?? Number(text));
    expect(f32.map(pyRepr)).toEqual(theirs32);
    expect(f16.map((_, i) => pyRepr(new NumpyFloat(round16[i]!, "float16")))).toEqual(theirs16);
  });

  it("the tutorial's check: max of abs of a difference, as a float32 scalar numpy would print", () => {
    const a = np.array([[0.1, 0.2], [0.3, 0.4]], { dtype: "float32" });
    const b = np.array([[0.1, 0.2000001], [0.3, 0.4000003]], { dtype: "float32" });
    const difference = np.max(np.abs(a.sub(b) as NDArray));
    expect(difference).toBeInstanceOf(NumpyFloat);
    const theirs = numpyReprs("a = np.array([[0.1, 0.2], [0.3, 0.4]], dtype='float32'); b = np.array([[0.1, 0.2000001], [0.3, 0.4000003]], dtype='float32')", [
      "np.max(np.abs(a - b))", "(a - b).max()", "a.sum()", "a.mean(axis=0)", "a.argmax()", "np.allclose(a, b)", "np.allclose(a, b, atol=1e-6)",
    ]);
    expect([difference, (a.sub(b) as NDArray).max(), a.sum(), a.mean({ axis: 0 }), a.argmax(), np.allclose(a, b), np.allclose(a, b, { atol: 1e-6 })].map(pyRepr)).toEqual(theirs);
  });
});

describe("arrays at the prompt", () => {
  it("dir(a) lists numpy's methods (not the operator spellings, which Python lacks) and they run; type() of a float32 reduction is numpy.float32", async () => {
    const session = await startSession();
    await session.send("a = np.ones([2, 3], {dtype: np.float32})");
    const listed = await session.send("dir(a)");
    for (const name of ["argmax", "argmin", "max", "mean", "min", "sum", "reshape", "transpose", "astype", "shape", "dtype"]) expect(listed).toContain(`'${name}'`);
    for (const name of ["abs", "add", "div", "mul", "sub"]) expect(listed).not.toContain(`'${name}'`);
    expect((await session.send("a.sum()")).trim()).toBe("6.0");
    expect((await session.send("type(a.max())")).trim()).toBe("<class 'numpy.float32'>");
    expect((await session.send("a.sub(0.5).reshape([3, 2]).transpose().astype('float64')")).trim()).toBe("array([[0.5, 0.5, 0.5],\n       [0.5, 0.5, 0.5]])");
    expect((await session.send("a.sum(1).dtype")).trim()).toBe("dtype('float32')");
    await session.end();
  });

  it("errors are one line: bad broadcasts, boolean subtraction, bad seeds, bad axes", () => {
    expect(() => np.add(np.ones([2, 3]), np.ones([2]))).toThrow(/^operands could not be broadcast together with shapes \(2,3\) \(2,\)$/);
    expect(() => np.subtract(np.array([true]), np.array([false]))).toThrow(/boolean subtract/);
    expect(() => np.random.seed(-5)).toThrow(/between 0 and 2\*\*32 - 1/);
    expect(() => np.sum(np.ones([2, 2]), 2)).toThrow(/axis 2 is out of range/);
    expect(() => np.argmax(np.ones([2, 2]), { axis: [0, 1] })).toThrow(/one integer/);
    expect(() => np.sum(np.ones(2, { dtype: "uint8" }))).toThrow(/uint64/);
  });
});
