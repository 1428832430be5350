// Python's repr() and str() of any value, by its row; containers recurse with Python's cycle marks and a depth bound.
import { boundMethodInfo } from "./bound.js";
import { memberOfFunction, type PyClass } from "./classes.js";
import { rowOf, typeOf } from "./table.js";
import type { Printer } from "./types.js";
import { OrderedDict, PyDict, registerPythonPrinter } from "./values.js";

/** Deeper than this, a container prints as `...`: Python would stop with a RecursionError, we keep going. */
const maxDepth = 200;

function cycleMark(value: object): string {
  if (value instanceof OrderedDict) return "...";
  if (value instanceof PyDict || (Object.getPrototypeOf(value) === Object.prototype && !Array.isArray(value))) return "{...}";
  return "[...]";
}

/** Python names C types with their module (`collections.OrderedDict`) and classes written in Python by bare name (`Conv2d`). */
function nativeName(cls: PyClass): string {
  return ["builtins", "collections", "numpy"].includes(cls.__module__) ? cls.qualifiedName : cls.__name__;
}

function functionRepr(value: (...args: never[]) => unknown, inner: Printer): string | undefined {
  const bound = boundMethodInfo(value);
  if (bound) {
    const member = typeOf(bound.self).lookup(bound.name);
    if (member?.kind === "builtin" || !member) return `<built-in method ${bound.name} of ${nativeName(typeOf(bound.self))} object>`;
    return `<bound method ${member.owner.__qualname__}.${bound.name} of ${inner(bound.self)}>`;
  }
  const member = memberOfFunction(value);
  // A prototype method read off an instance has lost its instance; Python would name the class's method.
  if (member) return `<method '${member.name}' of '${member.owner.qualifiedName}' objects>`;
  return undefined;
}

/** Python's `repr(value)`. `undefined` prints as None (a JavaScript statement's value at the prompt shows nothing; that is the REPL's choice). */
export function pyRepr(value: unknown): string {
  const active: object[] = [];
  const inner: Printer = (item) => {
    const isContainer = (typeof item === "object" && item !== null) || typeof item === "function";
    if (isContainer) {
      if (active.includes(item as object)) return cycleMark(item as object);
      if (active.length >= maxDepth) return "...";
      active.push(item as object);
    }
    try {
      return reprOne(item, inner);
    } finally {
      if (isContainer) active.pop();
    }
  };
  return inner(value);
}

function reprOne(value: unknown, inner: Printer): string {
  if (typeof value === "function") {
    const text = functionRepr(value as (...args: never[]) => unknown, inner);
    if (text !== undefined) return text;
  }
  const row = rowOf(value);
  if (row.repr) return row.repr(value as never, inner);
  return `<${typeOf(value).qualifiedName} object>`;
}

/** Python's `str(value)`: text unquoted, errors as their message, everything else as repr. */
export function pyStr(value: unknown): string {
  const row = rowOf(value);
  return row.str ? row.str(value as never, pyRepr) : pyRepr(value);
}

registerPythonPrinter(pyRepr);
