// The pickler's object rules that whole modules need: sets, objects of unmodelled classes, objects whose state refers back to them.
import { describe, expect, it } from "vitest";
import { PickleError } from "../../../src/errors.js";
import { pickle, unpickle } from "../../../src/pickle/index.js";
import { PyByteArray, PyBytes, PyComplex, PyDict, PyFrozenSet, PyGlobalRef, PyInstance, PySet, PyTuple } from "../../../src/python/values.js";
import { runPython } from "../../support/oracle.js";

/** Python's repr of what pickle.loads makes of the bytes, after `check` (an expression over `v`). */
function pythonView(bytes: Uint8Array, check = "True"): string {
  return runPython(
    `import base64, pickle, sys, argparse, collections, fractions\nv = pickle.loads(base64.b64decode(sys.argv[1]))\nprint(repr(v), ${check})`,
    [Buffer.from(bytes).toString("base64")],
  ).trim();
}

describe("pickling sets and objects of classes", () => {
  it("writes sets and frozensets as protocol 2 does, by REDUCE of a list", () => {
    expect(pythonView(pickle([new PySet(["b"]), new PyFrozenSet([1]), new PySet()]))).toBe("[{'b'}, frozenset({1}), set()] True");
  });

  it("writes bytes, bytearrays and complex numbers as protocol 2 does", () => {
    const bytes = PyBytes.from([0, 65, 200, 255]);
    const out = pythonView(pickle([bytes, PyByteArray.from([1, 250]), new PyComplex(1.5, -2), bytes, new PyBytes()]), "v[0] is v[3]");
    expect(out).toBe("[b'\\x00A\\xc8\\xff', bytearray(b'\\x01\\xfa'), (1.5-2j), b'\\x00A\\xc8\\xff', b''] True");
  });

  it("rebuilds an object made by NEWOBJ with its attributes", () => {
    const namespace = new PyInstance(new PyGlobalRef("argparse", "Namespace"), new PyTuple(), undefined, "newobj");
    namespace.setState(new PyDict([["lr", 0.5], ["name", "x"]]));
    expect(pythonView(pickle([namespace, namespace]), "v[0] is v[1]")).toBe("[Namespace(lr=0.5, name='x'), Namespace(lr=0.5, name='x')] True");
  });

  it("rebuilds objects made by calling their class, with their dict items and list items", () => {
    const fraction = new PyInstance(new PyGlobalRef("fractions", "Fraction"), PyTuple.of_<unknown>([1, 3]));
    const counter = new PyInstance(new PyGlobalRef("collections", "Counter"), new PyTuple());
    counter.dictItems = new PyDict([["a", 2]]);
    const deque = new PyInstance(new PyGlobalRef("collections", "deque"), new PyTuple());
    deque.listItems = [1, 2];
    expect(pythonView(pickle([fraction, counter, deque]))).toBe("[Fraction(1, 3), Counter({'a': 2}), deque([1, 2])] True");
  });

  it("memoizes an object before its state, so the state can hold the object itself", () => {
    const node = new PyInstance(new PyGlobalRef("argparse", "Namespace"), new PyTuple(), undefined, "newobj");
    node.setState(new PyDict([["self", node]]));
    const out = runPython("import base64, pickle, sys\nv = pickle.loads(base64.b64decode(sys.argv[1]))\nprint(type(v).__name__, v.self is v)", [Buffer.from(pickle(node)).toString("base64")]);
    expect(out.trim()).toBe("Namespace True");
  });

  it("round-trips objects through weightscope's own unpickler byte for byte", () => {
    const namespace = new PyInstance(new PyGlobalRef("argparse", "Namespace"), new PyTuple(), undefined, "newobj");
    namespace.setState(new PyDict([["tags", new PySet(["a"])], ["raw", PyBytes.from([7, 255])], ["buffer", PyByteArray.from([1])], ["z", new PyComplex(0.5, 2)]]));
    const bytes = pickle(namespace);
    expect(Buffer.from(pickle(unpickle(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it("refuses an object made with keyword arguments, which protocol 2 cannot write", () => {
    const made = new PyInstance(new PyGlobalRef("m", "C"), new PyTuple(), new PyDict([["k", 1]]), "newobj");
    expect(() => pickle(made)).toThrow(PickleError);
    expect(() => pickle(made)).toThrow(/keyword arguments/);
  });
});
