// The JavaScript shape of each Python value that a model file can hold, so a value keeps its Python type.
//
// Mapping (the unpickler and every reader follow it):
//   None -> null          bool -> boolean        int -> number, or bigint beyond 2**53
//   float -> PyFloat      str -> string          bytes -> PyBytes        bytearray -> PyByteArray
//   list -> Array         tuple -> PyTuple       set -> PySet            frozenset -> PyFrozenSet
//   dict -> PyDict        collections.OrderedDict -> OrderedDict        complex -> PyComplex
//   a class or function named in the file -> PyGlobalRef (inert: it is never called)
//   an object built from such a class      -> PyInstance (its arguments and state, kept as data)
// Pickle data never becomes a JavaScript property name: dict entries and object attributes live in Maps,
// so keys such as "__proto__" or "constructor" are ordinary keys.
import { bindMethod } from "./bound.js";

/** A Python float. Boxed so that 1.0 stays a float (a bare JS number is a Python int). Arithmetic works. */
export class PyFloat extends Number {
  static readonly pythonType = "builtins.float";
}

/** A Python tuple: an immutable array. Array methods (map, filter, slice) return plain arrays. */
export class PyTuple<T = unknown> extends Array<T> {
  static readonly pythonType: string = "builtins.tuple";
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** Builds a tuple from any iterable without spreading (safe for very long sequences). */
  static of_<T>(items: Iterable<T>): PyTuple<T> {
    const make = this as unknown as new (length?: number) => PyTuple<T>;
    // Indexed stores: push() on an Array subclass takes V8's slow path (about 6x slower here). An array
    // (every tuple a pickle builds, every loaded tensor's shape) is copied by index into a tuple sized up
    // front, without the iterator protocol.
    if (Array.isArray(items)) {
      const tuple = new make(items.length);
      for (let i = 0; i < items.length; i++) tuple[i] = items[i] as T;
      return tuple;
    }
    const tuple = new make();
    let i = 0;
    for (const item of items) tuple[i++] = item;
    return tuple;
  }
}

/** A Python set (insertion order kept). Members compare as Python keys do, see `pythonKey`. */
export class PySet extends Set<unknown> {
  static readonly pythonType = "builtins.set";
}

/** A Python frozenset. */
export class PyFrozenSet extends Set<unknown> {
  static readonly pythonType = "builtins.frozenset";
}

/** Python bytes: a view of the bytes, never copied on creation. */
export class PyBytes extends Uint8Array {
  static readonly pythonType = "builtins.bytes";
}

/** Python bytearray. */
export class PyByteArray extends Uint8Array {
  static readonly pythonType = "builtins.bytearray";
}

/** Python complex. */
export class PyComplex {
  static readonly pythonType = "builtins.complex";
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/**
 * The identity a Python value has as a dict key: equal Python keys map to one JS value.
 * Numbers, strings, booleans and bigints compare by value (1 == 1.0 == True as in Python);
 * tuples, bytes and frozensets by content; anything else by identity.
 */
export function pythonKey(key: unknown): unknown {
  if (typeof key === "string" || typeof key === "number") return key;
  if (key instanceof PyFloat) return key.valueOf();
  if (typeof key === "boolean") return key ? 1 : 0;
  if (typeof key === "bigint") return Number.isSafeInteger(Number(key)) ? Number(key) : key;
  if (key instanceof PyTuple) return "\u0000tuple(" + key.map((k) => keyText(pythonKey(k))).join(",") + ")";
  if (key instanceof PyBytes) return "\u0000bytes(" + Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("hex") + ")";
  if (key instanceof PyFrozenSet) return "\u0000frozenset(" + [...key].map((k) => keyText(pythonKey(k))).sort().join(",") + ")";
  return key;
}

function keyText(key: unknown): string {
  if (typeof key === "string") return JSON.stringify(key);
  return String(key);
}

const dictInternals = Symbol("weightscope.dict");
const entryTable = Symbol("weightscope.dict entries");
const attributeTable = Symbol("weightscope.dict attributes");
const noEntries: ReadonlyMap<unknown, Entry> = new Map<unknown, Entry>();

/**
 * What `d.keys()`, `d.values()` and `d.items()` return: a snapshot that is a real array (`filter`, `map`,
 * spread, indexing work) and prints as Python's view, `odict_keys(['a', 'b'])`. Array methods return
 * plain arrays.
 */
export class DictView<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
  /** `odict_keys`, `dict_items`...: the Python class name of the view. */
  viewName = "dict_keys";
  static make<T>(viewName: string, items: T[]): DictView<T> {
    const view = new DictView<T>();
    for (let i = 0; i < items.length; i++) view[i] = items[i]!;
    Object.defineProperty(view, "viewName", { value: viewName, enumerable: false });
    return view;
  }
}

type Entry = [key: unknown, value: unknown];

const unproxied = Symbol("PyDict without its Proxy");

/**
 * The (key, value) pairs of a dict in order, as one array and without the Proxy's per-call cost, for
 * walks over many dicts. The pairs are the dict's own: read them, never change them.
 */
export function dictEntries(dict: PyDict): ReadonlyArray<readonly [key: unknown, value: unknown]> {
  return Array.from(dict[unproxied][dictInternals].values());
}

/** `dict.set` without the Proxy's per-call cost, for filling a dict with many entries. */
export function dictSetter(dict: PyDict): (key: unknown, value: unknown) => void {
  const raw = dict[unproxied];
  return (key, value) => void raw.set(key, value);
}

/**
 * A Python dict. Python-style methods (`keys()`, `values()`, `items()`, `get()`, `len`), iteration over
 * keys, and bracket access for string keys (`sd["0.weight"]`) that never shadows the methods. Non-string
 * keys (ints, tuples) work through `get`/`set`. Attributes a pickle sets on the object itself (such as a
 * state_dict's `_metadata`) are kept apart, in `__dict__`.
 */
export class PyDict implements Iterable<unknown> {
  static readonly pythonType: string = "builtins.dict";
  /** Bracket access to string keys (`sd["0.weight"]`), served by the Proxy below. */
  [key: string]: unknown;
  // Both tables are made on first write: a torch checkpoint holds an empty OrderedDict (backward
  // hooks) per tensor, and most dicts never get attributes.
  private [entryTable]: Map<unknown, Entry> | undefined;
  private [attributeTable]: Map<string, unknown> | undefined;

  /** The entries by Python key, for reading (a shared empty table until the first write). */
  get [dictInternals](): ReadonlyMap<unknown, Entry> {
    return this[entryTable] ?? noEntries;
  }
  /** Instance attributes (Python's `obj.__dict__`), set by pickle BUILD. */
  get __dict__(): Map<string, unknown> {
    return (this[attributeTable] ??= new Map());
  }

  constructor(entries?: Iterable<readonly [unknown, unknown]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
    return new Proxy(this, bracketAccess);
  }

  /**
   * The dict behind the bracket-access Proxy, for code that stores many entries in a row (the
   * unpickler's SETITEMS): each method call through the Proxy costs a trap and a bound-method lookup.
   */
  get [unproxied](): PyDict {
    return this;
  }

  get size(): number {
    return this[dictInternals].size;
  }
  get length(): number {
    return this[dictInternals].size;
  }
  has(key: unknown): boolean {
    return this[dictInternals].has(pythonKey(key));
  }
  /** `d.get(key, default)` as in Python: the default (undefined unless given) for a missing key. */
  get(key: unknown, fallback?: unknown): unknown {
    const entry = this[dictInternals].get(pythonKey(key));
    return entry ? entry[1] : fallback;
  }
  set(key: unknown, value: unknown): this {
    const k = pythonKey(key);
    const entry = this[dictInternals].get(k);
    if (entry) entry[1] = value;
    else (this[entryTable] ??= new Map()).set(k, [key, value]);
    return this;
  }
  delete(key: unknown): boolean {
    return this[entryTable]?.delete(pythonKey(key)) ?? false;
  }
  clear(): void {
    this[entryTable]?.clear();
  }
  /** The keys, in insertion order. */
  keys(): DictView<unknown> {
    const out: unknown[] = [];
    for (const entry of this[dictInternals].values()) out.push(entry[0]);
    return DictView.make(this.viewPrefix() + "keys", out);
  }
  values(): DictView<unknown> {
    const out: unknown[] = [];
    for (const entry of this[dictInternals].values()) out.push(entry[1]);
    return DictView.make(this.viewPrefix() + "values", out);
  }
  /** (key, value) pairs as tuples, so `for (const [k, v] of d.items())` works. */
  items(): DictView<PyTuple<unknown>> {
    const out: PyTuple<unknown>[] = [];
    for (const entry of this[dictInternals].values()) {
      const pair = new PyTuple<unknown>();
      pair.push(entry[0], entry[1]);
      out.push(pair);
    }
    return DictView.make(this.viewPrefix() + "items", out);
  }
  /** `d.pop(key[, default])`: removes and returns the value; a missing key without default throws KeyError-like. */
  pop(key: unknown, ...fallback: [unknown?]): unknown {
    const k = pythonKey(key);
    const entry = this[dictInternals].get(k);
    if (entry) {
      this[entryTable]?.delete(k);
      return entry[1];
    }
    if (fallback.length > 0) return fallback[0];
    throw new RangeError(`KeyError: ${typeof key === "string" ? JSON.stringify(key) : String(key)}`);
  }
  /** `d.setdefault(key, default=None)`: the value at key, first storing the default when absent. */
  setdefault(key: unknown, fallback: unknown = null): unknown {
    if (!this.has(key)) this.set(key, fallback);
    return this.get(key);
  }
  /** A shallow copy of the same class (an OrderedDict stays one). */
  copy(): PyDict {
    return new (this.constructor as new (entries: Iterable<readonly [unknown, unknown]>) => PyDict)(this.entries());
  }
  private viewPrefix(): string {
    return this instanceof OrderedDict ? "odict_" : "dict_";
  }
  /** Iterating a dict yields its keys, as in Python. */
  *[Symbol.iterator](): Iterator<unknown> {
    for (const entry of this[dictInternals].values()) yield entry[0];
  }
  /** [key, value] pairs for JS code that wants Map-style iteration. */
  *entries(): IterableIterator<[unknown, unknown]> {
    for (const entry of this[dictInternals].values()) yield [entry[0], entry[1]];
  }
  update(other: PyDict | Iterable<readonly [unknown, unknown]>): void {
    const pairs = other instanceof PyDict ? other.entries() : other;
    for (const [k, v] of pairs) this.set(k, v);
  }
}

const bracketAccess: ProxyHandler<PyDict> = {
  get(target, prop, receiver) {
    if (typeof prop === "string" && !(prop in target)) {
      if (target.has(prop)) return target.get(prop);
      if (target.__dict__.has(prop)) return target.__dict__.get(prop);
      return undefined;
    }
    const value = Reflect.get(target, prop, target);
    // One bound callable per (dict, method), so `d.keys === d.keys` and repr() can name its object.
    return typeof value === "function" && typeof prop === "string" && prop !== "constructor" ? bindMethod(receiver, prop, value, target) : value;
  },
  set(target, prop, value) {
    if (typeof prop === "string" && !(prop in target)) {
      target.set(prop, value);
      return true;
    }
    return Reflect.set(target, prop, value, target);
  },
  has(target, prop) {
    return typeof prop === "string" ? target.has(prop) || prop in target || target.__dict__.has(prop) : prop in target;
  },
  deleteProperty(target, prop) {
    return typeof prop === "string" ? target.delete(prop) : false;
  },
};

/** collections.OrderedDict: what `state_dict()` returns. */
export class OrderedDict extends PyDict {
  static override readonly pythonType: string = "collections.OrderedDict";
}

/**
 * A class or function named in a file (pickle GLOBAL), kept as data. It is never called: reading
 * `os.system` from a file gives this object, nothing more.
 */
export class PyGlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
  toString(): string {
    return `<class '${this.qualifiedName}'>`;
  }
}

/**
 * An object of a class weightscope has no model for (`__main__.Model`, `argparse.Namespace`...): how the
 * file built it (the arguments it gave) and the state it restored, as plain data. Attributes come from
 * the state (Python's `__dict__`); SETITEM/APPEND on the object go to `dictItems`/`listItems`.
 */
export class PyInstance {
  /** How many have been made in this process: a reader compares counts to learn whether a pickle made any. */
  static created = 0;
  /** Attribute values restored by BUILD (`obj.__dict__`). */
  readonly __dict__: PyDict = new PyDict();
  /** State BUILD passed that was not a plain attribute dict (slot state, custom `__setstate__` data). */
  state: unknown = undefined;
  dictItems: PyDict | undefined;
  listItems: unknown[] | undefined;

  constructor(
    readonly cls: PyGlobalRef,
    readonly args: PyTuple<unknown> = new PyTuple(),
    readonly kwargs: PyDict | undefined = undefined,
    /** How the file created it: by calling the class (REDUCE), `cls.__new__` (NEWOBJ) or INST/OBJ. */
    readonly via: "reduce" | "newobj" | "inst" = "reduce",
  ) {
    PyInstance.created++;
    return new Proxy(this, instanceAttributes);
  }

  /** Python's default BUILD: a dict updates `__dict__`; a (dict, slots) pair sets both; else kept as is. */
  setState(state: unknown): void {
    if (state instanceof PyDict) {
      for (const [k, v] of state.entries()) this.__dict__.set(k, v);
      return;
    }
    if (state instanceof PyTuple && state.length === 2 && (state[0] === null || state[0] instanceof PyDict) && state[1] instanceof PyDict) {
      if (state[0] instanceof PyDict) this.setState(state[0]);
      this.setState(state[1]);
      return;
    }
    this.state = state;
  }

  getattr(name: string): unknown {
    return this.__dict__.get(name);
  }
}

/** `obj.name` reads the restored attribute when the object has no field of that name, as Python's getattr. */
const instanceAttributes: ProxyHandler<PyInstance> = {
  get(target, prop, receiver) {
    if (typeof prop === "string" && !(prop in target)) return target.__dict__.get(prop);
    return Reflect.get(target, prop, receiver);
  },
  has(target, prop) {
    return typeof prop === "string" ? prop in target || target.__dict__.has(prop) : prop in target;
  },
};

/** A typing.TypeVar, as class attributes such as torch.nn.Module.T_destination hold one: prints `~T_destination`. */
export class PyTypeVar {
  static readonly pythonType = "typing.TypeVar";
  constructor(readonly __name__: string) {}
  toString(): string {
    return `~${this.__name__}`;
  }
}

/**
 * A Python module object (`torch`, `np`, `inspect` at the prompt): a named, frozen set of attributes.
 * `type(torch)` is `<class 'module'>` and `dir(torch)` lists the attributes.
 */
export class PyModule {
  static readonly pythonType = "builtins.module";
  constructor(
    readonly __name__: string,
    members: Readonly<Record<string, unknown>>,
  ) {
    for (const [key, value] of Object.entries(members)) {
      Object.defineProperty(this, key, { value, enumerable: true, writable: false, configurable: false });
    }
    Object.freeze(this);
  }
}

/** A module object whose attributes keep their TypeScript types: `pyModule("torch", { load, ... }).load`. */
export function pyModule<T extends Record<string, unknown>>(name: string, members: T): PyModule & Readonly<T> {
  return new PyModule(name, members) as PyModule & Readonly<T>;
}

/**
 * console.log and util.inspect show Python values as Python prints them. The printer is src/python's
 * pyRepr, registered when that module loads (this file sits below it and cannot import it); until then
 * Node's own inspection is used.
 */
let pythonPrinter: ((value: unknown) => string) | undefined;
export function registerPythonPrinter(printer: (value: unknown) => string): void {
  pythonPrinter = printer;
}

type NodeInspect = (value: unknown, options: object) => string;
function inspectAsPython(this: unknown, _depth: number, options: object, inspect: NodeInspect): string {
  return pythonPrinter ? pythonPrinter(this) : inspect(this, { ...options, customInspect: false });
}
for (const cls of [PyFloat, PyTuple, PySet, PyFrozenSet, PyBytes, PyByteArray, PyComplex, DictView, PyDict, PyGlobalRef, PyInstance, PyTypeVar, PyModule]) {
  Object.defineProperty(cls.prototype, Symbol.for("nodejs.util.inspect.custom"), { value: inspectAsPython, writable: true, configurable: true });
}
