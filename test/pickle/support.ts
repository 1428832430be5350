// Test helpers for the unpickler: the Python oracle scripts in py/, the canonical form of decoded values, error checks.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { PickleError } from "../../src/errors.js";
import { PyDefaultDict } from "../../src/pickle/index.js";
import {
  OrderedDict,
  PyByteArray,
  PyBytes,
  PyComplex,
  PyDict,
  PyFloat,
  PyFrozenSet,
  PyGlobalRef,
  PyInstance,
  PySet,
  PyTuple,
} from "../../src/python/values.js";

const scripts = join(dirname(fileURLToPath(import.meta.url)), "py");

/** Runs test/pickle/py/<name>.py with JSON on stdin; returns its JSON output. Any python3 will do. */
export function runOracle<T>(name: string, input: unknown = null): T {
  const run = spawnSync("python3", [join(scripts, `${name}.py`)], { input: JSON.stringify(input), maxBuffer: 1 << 30, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 ${name}.py failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
export const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

/** Bytes from a mix of latin-1 text and byte arrays, for hand-made pickles. */
export function pk(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(chunks));
}

function floatBits(x: number): string {
  if (Number.isNaN(x)) return "nan";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return Buffer.from(view.buffer).toString("hex");
}

/** The same canonical form py/canon.py prints, computed from a decoded value (see canon.py for the rules). */
export function canonical(value: unknown): unknown {
  const seen = new Map<object, number>();
  const number = (v: object): unknown => {
    if (seen.has(v)) return ["ref", seen.get(v)];
    seen.set(v, seen.size);
    return undefined;
  };
  const items = (d: PyDict): unknown[] => [...d.entries()].map(([k, x]) => [walk(k), walk(x)]);
  const sorted = (s: Set<unknown>): unknown[] => [...s].map(walk).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const attrs = (d: Map<string, unknown> | PyDict): PyDict => (d instanceof PyDict ? d : new PyDict(d.entries()));
  function walk(v: unknown): unknown {
    if (v === null) return ["none"];
    if (typeof v === "boolean") return ["bool", v];
    if (typeof v === "number") {
      if (!Number.isSafeInteger(v)) throw new Error(`an int decoded as the non-integer number ${v}`);
      return ["int", String(v)];
    }
    if (typeof v === "bigint") {
      if (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n) throw new Error(`the small int ${v} decoded as a bigint`);
      return ["int", v.toString()];
    }
    if (v instanceof PyFloat) return ["float", floatBits(v.valueOf())];
    if (v instanceof PyComplex) return ["complex", ["float", floatBits(v.real)], ["float", floatBits(v.imag)]];
    if (typeof v === "string") return ["str", v];
    if (v instanceof PyBytes) return ["bytes", Buffer.from(v).toString("hex")];
    if (v instanceof PyByteArray) return ["bytearray", Buffer.from(v).toString("hex")];
    if (v instanceof PyTuple && v.length === 0) return ["tuple", []];
    if (v instanceof PyFrozenSet && v.size === 0) return ["frozenset", []];
    if (typeof v !== "object") throw new Error(`no canonical form for ${typeof v}`);
    const ref = number(v);
    if (ref) return ref;
    if (v instanceof PyTuple) return ["tuple", v.map(walk)];
    if (Array.isArray(v)) return ["list", v.map(walk)];
    if (v instanceof OrderedDict) return v.__dict__.size ? ["odict", items(v), walk(attrs(v.__dict__))] : ["odict", items(v)];
    if (v instanceof PyDefaultDict) {
      const factory = v.default_factory as PyGlobalRef;
      return ["defaultdict", factory.qualifiedName, items(v)];
    }
    if (v instanceof PyDict) return ["dict", items(v)];
    if (v instanceof PySet) return ["set", sorted(v)];
    if (v instanceof PyFrozenSet) return ["frozenset", sorted(v)];
    if (v instanceof PyInstance) {
      const state = new PyDict(v.__dict__.entries());
      // A dict subclass's items and a list subclass's items come back beside its attributes.
      if (v.dictItems) return ["instance", v.cls.module, v.cls.name, walk(state), items(v.dictItems)];
      if (v.listItems) return ["instance", v.cls.module, v.cls.name, walk(state), v.listItems.map(walk)];
      return ["instance", v.cls.module, v.cls.name, walk(state)];
    }
    throw new Error(`no canonical form for ${Object.prototype.toString.call(v)}`);
  }
  return walk(value);
}

/** Runs `action`, expects a one-line PickleError naming the byte offset; returns it for further checks. */
export function expectPickleError(action: () => unknown, pattern?: RegExp): PickleError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, "the call should have thrown").toBeInstanceOf(PickleError);
  const error = caught as PickleError;
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message).toMatch(/\bbyte \d+\b/);
  if (pattern) expect(error.message).toMatch(pattern);
  return error;
}

/** Runs a Python snippet (any python3) that prints JSON; returns the parsed value. */
export function runPythonJson(code: string): unknown {
  const run = spawnSync("python3", ["-c", code], { maxBuffer: 1 << 28, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout);
}
