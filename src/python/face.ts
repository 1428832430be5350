// The generic Python functions over the declarations: type, dir, getmembers, len, isinstance, zip, inspect.
import { PythonTypeError } from "./errors.js";
import { boundMethodInfo } from "./bound.js";
import { builtins, Signature } from "./builtins.js";
import { memberOfFunction, PyClass, pythonSorted } from "./classes.js";
import { rowOf, typeOf } from "./table.js";
import { asPythonClass } from "./torch-types.js";
import { OrderedDict, PyDict, PyFrozenSet, PySet, PyTuple, PyGlobalRef, pyModule } from "./values.js";

/** Python's TypeError, for calls Python would refuse (`len(5)`, `isinstance(x, 3)`). */
export { PythonTypeError } from "./errors.js";

/** Python's `type(value)`: the class object, printing as `<class 'torch.nn.modules.container.Sequential'>`. */
export function type(value: unknown): PyClass {
  return typeOf(value);
}

/** The object `x[name]` reads from in JavaScript (primitives are boxed, as property access boxes them). */
function holder(value: unknown): object {
  return Object(value) as object;
}

function hasMember(value: unknown, name: string): boolean {
  return value !== null && value !== undefined && name in holder(value);
}

/**
 * Python's `dir(value)`: the declared members the value really has (so each name works as `x[name]`),
 * plus its instance attributes (a module's parameters, submodules and attributes), sorted as Python sorts.
 */
export function dir(value: unknown): string[] {
  const row = rowOf(value);
  const names = new Set(typeOf(value).memberNames().filter((name) => hasMember(value, name)));
  if (row.attributes) for (const name of row.attributes(value as never)) names.add(name);
  return pythonSorted(names);
}

/** `getattr(value, name)`: what `value[name]` gives in JavaScript. */
export function getattr(value: unknown, name: string): unknown {
  return (holder(value) as Record<string, unknown>)[name];
}

/** `inspect.getmembers(value)`: (name, value) tuples for every name dir() lists, in dir()'s order. */
export function getmembers(value: unknown): PyTuple<unknown>[] {
  return dir(value).map((name) => PyTuple.of_([name, getattr(value, name)]));
}

/** Python's `len(value)`; values without a length are a PythonTypeError, as Python's TypeError. */
export function len(value: unknown): number {
  const row = rowOf(value);
  if (!row.len) throw new PythonTypeError(`object of type '${typeOf(value).__name__}' has no len()`);
  return row.len(value as never);
}

/** JavaScript classes of the value model that stand for Python classes (`isinstance(x, PyTuple)`). */
const classOfValueConstructor = new Map<unknown, PyClass>([
  [PyTuple, builtins.tuple],
  [Array, builtins.list],
  [PyDict, builtins.dict],
  [OrderedDict, builtins.OrderedDict],
  [PySet, builtins.set],
  [PyFrozenSet, builtins.frozenset],
  [String, builtins.str],
]);

function classOfArgument(cls: unknown): PyClass {
  const found = asPythonClass(cls) ?? classOfValueConstructor.get(cls);
  if (!found) throw new PythonTypeError("isinstance() arg 2 must be a type, a tuple of types, or a union");
  return found;
}

/** Python's `isinstance(value, cls)`; cls is a class `type()` returned, a namespace class (`torch.nn.Module`) or an array of them. */
export function isinstance(value: unknown, cls: unknown): boolean {
  if (Array.isArray(cls)) return cls.some((one) => isinstance(value, one));
  return typeOf(value).isSubclassOf(classOfArgument(cls));
}

/** Python's `zip(...)`: tuples of the i-th items, as long as the shortest input. */
export function zip(...iterables: Iterable<unknown>[]): PyTuple<unknown>[] {
  const iterators = iterables.map((iterable) => iterable[Symbol.iterator]());
  const out: PyTuple<unknown>[] = [];
  for (;;) {
    const items: unknown[] = [];
    for (const iterator of iterators) {
      const next = iterator.next();
      if (next.done) return out;
      items.push(next.value);
    }
    if (iterators.length === 0) return out;
    out.push(PyTuple.of_(items));
  }
}

/** `inspect.signature(fn)` from the member's declared signature; native methods have none, as in Python. */
function signature(value: unknown): Signature {
  const bound = boundMethodInfo(value);
  const member = bound ? typeOf(bound.self).lookup(bound.name) : memberOfFunction(value);
  if (!member?.signature || member.kind !== "method") throw new PythonTypeError(`no signature found for ${bound?.name ?? (typeof value === "function" ? value.name : typeOf(value).__name__)}`);
  return new Signature(member.signature.slice(member.signature.indexOf("(")));
}

/** Python's `inspect` module, as far as the prompt uses it. */
export const inspect = pyModule("inspect", {
  getmembers,
  signature,
  isclass: (value: unknown): boolean => asPythonClass(value) !== undefined || value instanceof PyGlobalRef,
  ismethod: (value: unknown): boolean => boundMethodInfo(value) !== undefined,
  // A callable module is a JavaScript function too; only values of the function row are functions to Python.
  isfunction: (value: unknown): boolean => typeOf(value) === builtins.function,
});
