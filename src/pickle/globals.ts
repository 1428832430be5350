// What a GLOBAL resolves to: the blocklist no option lifts, Python 2 names, and the few builtins modelled as data.
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
} from "../python/values.js";
import { type Callable, type Constructible, PICKLE_CALL, PICKLE_NEW, isConstructible } from "./hooks.js";
import { PickleFault, normalizeInt, printable } from "./readers.js";

// Lookups keyed by names from the file use Maps, so a name such as "constructor" finds nothing inherited.

/** Whole modules whose names in a pickle mean the file wants to run something; submodules are included. */
const blockedModules = new Map<string, string>([
  ["os", "reaches the operating system (programs, files, environment)"],
  ["posix", "reaches the operating system (programs, files, environment)"],
  ["nt", "reaches the operating system (programs, files, environment)"],
  ["sys", "controls the Python interpreter itself"],
  ["subprocess", "runs programs"],
  ["_posixsubprocess", "runs programs"],
  ["_winapi", "runs programs"],
  ["pty", "runs programs in a terminal"],
  ["shutil", "copies, moves and deletes files"],
  ["socket", "opens network connections"],
  ["webbrowser", "opens a web browser"],
  ["importlib", "imports Python modules"],
  ["runpy", "runs Python modules"],
  ["code", "runs Python code"],
  ["timeit", "runs Python code"],
  ["pdb", "runs Python code in a debugger"],
  ["ctypes", "calls native code"],
  ["multiprocessing", "starts processes"],
  ["pickle", "loads more pickles"],
  ["_pickle", "loads more pickles"],
  ["marshal", "loads Python bytecode"],
]);

/** Built-in functions that run code or reach anything by name. */
const blockedBuiltins = new Map<string, string>([
  ["eval", "runs Python code"],
  ["exec", "runs Python code"],
  ["execfile", "runs Python code"],
  ["compile", "compiles Python code"],
  ["open", "opens files"],
  ["__import__", "imports Python modules"],
  ["getattr", "reaches any attribute of any object"],
  ["setattr", "changes any attribute of any object"],
  ["delattr", "deletes attributes of objects"],
  ["globals", "reaches the interpreter's global variables"],
  ["locals", "reaches the interpreter's local variables"],
  ["vars", "reaches the attributes of any object"],
  ["breakpoint", "starts a debugger"],
  ["input", "reads from the terminal"],
  ["apply", "calls any function"],
]);

/** Attribute names that walk from a harmless object into the interpreter's internals. */
const blockedAttributes = new Map<string, string>([
  ["__builtins__", "reaches Python's built-in functions"],
  ["__globals__", "reaches a module's global variables"],
  ["__subclasses__", "reaches every class in the interpreter"],
  ["__class__", "reaches an object's class"],
  ["__bases__", "reaches a class's base classes"],
  ["__mro__", "reaches a class's base classes"],
  ["__code__", "reaches a function's bytecode"],
  ["__import__", "imports Python modules"],
  ["__getattribute__", "reaches any attribute of any object"],
]);

/**
 * Why `module.name` is refused, or undefined when it is not. Protocol 4 names may be dotted paths
 * (`torch.os.system` reaches os through torch), so every step of the path is checked.
 */
export function blockedReason(module: string, name: string): string | undefined {
  const modulePath = module.split(".");
  for (let i = 1; i <= modulePath.length; i++) {
    const reason = blockedModules.get(modulePath.slice(0, i).join("."));
    if (reason !== undefined) return reason;
  }
  const path = name.split(".");
  if (module === "builtins") {
    const reason = blockedBuiltins.get(path[0]!);
    if (reason !== undefined) return reason;
  }
  for (let i = 0; i < path.length; i++) {
    const reason = blockedAttributes.get(path[i]!) ?? (i < path.length - 1 ? blockedModules.get(path[i]!) : undefined);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** Python 2 names and their Python 3 homes, as pickle's `fix_imports` maps them (the part that matters here). */
const python2Names = new Map<string, readonly [string, string]>([
  ["__builtin__\nxrange", ["builtins", "range"]],
  ["__builtin__\nunicode", ["builtins", "str"]],
  ["__builtin__\nbasestring", ["builtins", "str"]],
  ["__builtin__\nlong", ["builtins", "int"]],
  ["__builtin__\nreduce", ["functools", "reduce"]],
  ["__builtin__\nintern", ["sys", "intern"]],
]);
const python2Modules = new Map<string, string>([
  ["__builtin__", "builtins"],
  ["copy_reg", "copyreg"],
  ["cPickle", "pickle"],
  ["commands", "subprocess"],
  ["exceptions", "builtins"],
  ["UserDict", "collections"],
  ["UserList", "collections"],
  ["Queue", "queue"],
  ["StringIO", "io"],
  ["cStringIO", "io"],
]);

/** The Python 3 name of a global, so the blocklist and the class table see one spelling. */
export function python3Name(module: string, name: string): [string, string] {
  const renamed = python2Names.get(module + "\n" + name);
  if (renamed) return [renamed[0], renamed[1]];
  return [python2Modules.get(module) ?? module, name];
}

/** collections.defaultdict: a dict that remembers the factory Python would call for missing keys. */
export class PyDefaultDict extends PyDict {
  static override readonly pythonType: string = "collections.defaultdict";
  default_factory: unknown = null;
}

/** A builtin class or function weightscope models: a PyGlobalRef that REDUCE and NEWOBJ can use. */
class ModelledGlobal extends PyGlobalRef implements Callable, Constructible {
  constructor(
    module: string,
    name: string,
    private readonly onCall: (args: PyTuple<unknown>, kwargs?: PyDict) => unknown,
    private readonly onNew: (args: PyTuple<unknown>, kwargs?: PyDict) => unknown,
  ) {
    super(module, name);
    Object.freeze(this);
  }
  [PICKLE_CALL](args: PyTuple<unknown>): unknown {
    return this.onCall(args);
  }
  [PICKLE_NEW](args: PyTuple<unknown>, kwargs: PyDict | undefined): unknown {
    return this.onNew(args, kwargs);
  }
}

/** A Python type name for messages: what a value is, never its contents. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number" || typeof value === "bigint") return "int";
  if (typeof value === "string") return "str";
  if (value instanceof PyInstance) return `${printable(value.cls.qualifiedName)} object`;
  if (value instanceof PyGlobalRef) return `the global ${printable(value.qualifiedName)}`;
  if (Array.isArray(value)) return value instanceof PyTuple ? "tuple" : "list";
  const type = (value as { constructor?: { pythonType?: unknown } } | undefined)?.constructor?.pythonType;
  return typeof type === "string" ? type.replace(/^builtins\./, "") : "a JavaScript value";
}

/** The items of a Python iterable the pickle handed to a builtin (list(x), set(x)...). */
function itemsOf(value: unknown, what: string): Iterable<unknown> {
  if (Array.isArray(value) || value instanceof PySet || value instanceof PyFrozenSet || value instanceof PyDict) return value;
  if (typeof value === "string") return Array.from(value);
  if (value instanceof Uint8Array) return Array.from(value);
  throw new PickleFault(`${what} needs an iterable, got ${pythonTypeName(value)}`);
}

function pairsOf(value: unknown, what: string): Iterable<readonly [unknown, unknown]> {
  if (value instanceof PyDict) return value.entries();
  const pairs: [unknown, unknown][] = [];
  for (const pair of itemsOf(value, what)) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new PickleFault(`${what} needs key, value pairs, got ${pythonTypeName(pair)}`);
    pairs.push([pair[0], pair[1]]);
  }
  return pairs;
}

function encodeText(text: unknown, encoding: unknown, what: string): Uint8Array {
  if (typeof text !== "string") throw new PickleFault(`${what} needs a str to encode, got ${pythonTypeName(text)}`);
  const codec = typeof encoding === "string" ? encoding.toLowerCase().replace(/_/g, "-") : "utf-8";
  if (codec === "latin1" || codec === "latin-1" || codec === "iso-8859-1" || codec === "l1") {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) throw new PickleFault(`${what}: character U+${code.toString(16).padStart(4, "0")} has no latin-1 byte`);
      out[i] = code;
    }
    return out;
  }
  if (codec === "utf-8" || codec === "utf8") return new TextEncoder().encode(text);
  throw new PickleFault(`${what}: the ${String(encoding)} encoding is not supported (latin-1 and utf-8 are)`);
}

function bytesFrom(args: PyTuple<unknown>, what: string): Uint8Array {
  if (args.length === 0) return new Uint8Array(0);
  if (args.length === 2 || typeof args[0] === "string") return encodeText(args[0], args[1], what);
  if (args[0] instanceof Uint8Array) return args[0];
  const out: number[] = [];
  for (const item of itemsOf(args[0], what)) {
    if (typeof item !== "number" || !Number.isInteger(item) || item < 0 || item > 255) throw new PickleFault(`${what} needs byte values 0-255, got ${pythonTypeName(item)}`);
    out.push(item);
  }
  return Uint8Array.from(out);
}

function numberArg(value: unknown, what: string): number {
  if (typeof value === "number" || typeof value === "boolean" || value instanceof PyFloat) return Number(value);
  if (typeof value === "bigint") return Number(value);
  throw new PickleFault(`${what} needs a number, got ${pythonTypeName(value)}`);
}

function toInt(args: PyTuple<unknown>): number | bigint {
  const v = args[0];
  if (args.length === 0) return 0;
  if (typeof v === "bigint") return v;
  if (typeof v === "string" && /^\s*[+-]?\d+\s*$/.test(v) && args.length === 1) return normalizeInt(BigInt(v.trim()));
  const n = numberArg(v, "int()");
  if (!Number.isFinite(n)) throw new PickleFault(`int() cannot convert ${n}`);
  return normalizeInt(BigInt(Math.trunc(n)));
}

function toFloat(args: PyTuple<unknown>): PyFloat {
  const v = args[0];
  if (typeof v === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return new PyFloat(Number(v));
  return new PyFloat(args.length === 0 ? 0 : numberArg(v, "float()"));
}

function pyStr(args: PyTuple<unknown>): string {
  if (args.length === 0) return "";
  if (typeof args[0] === "string") return args[0];
  throw new PickleFault(`str() of ${pythonTypeName(args[0])} is not supported`);
}

function pyBool(args: PyTuple<unknown>): boolean {
  const v = args[0];
  if (args.length === 0 || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number" || typeof v === "bigint" || v instanceof PyFloat) return Number(v) !== 0;
  throw new PickleFault(`bool() of ${pythonTypeName(v)} is not supported`);
}

function defaultDict(args: PyTuple<unknown>): PyDefaultDict {
  const d = new PyDefaultDict();
  d.default_factory = args.length > 0 ? args[0] : null;
  if (args.length > 1) d.update(pairsOf(args[1], "defaultdict()"));
  return d;
}

const objectRef = new PyGlobalRef("builtins", "object");

/** cls.__new__(cls, *args, **kwargs) for whatever GLOBAL produced: a modelled class, a hook's class, or an inert stand-in. */
export function instantiate(cls: unknown, args: PyTuple<unknown>, kwargs: PyDict | undefined, via: "newobj" | "inst"): unknown {
  if (isConstructible(cls)) return cls[PICKLE_NEW](args, kwargs);
  if (cls instanceof PyGlobalRef) return new PyInstance(cls, args, kwargs, via);
  throw new PickleFault(`an object is made from ${pythonTypeName(cls)}, which is not a class`);
}

/** copyreg._reconstructor(cls, base, state): how protocols 0 and 1 rebuild an object of a user class. */
function reconstruct(args: PyTuple<unknown>): unknown {
  if (args.length !== 3) throw new PickleFault(`copyreg._reconstructor takes 3 arguments, got ${args.length}`);
  const [cls, base, state] = args;
  const isObject = base instanceof PyGlobalRef && base.qualifiedName === "builtins.object";
  const made = instantiate(cls, isObject ? new PyTuple() : PyTuple.of_([state]), undefined, "newobj");
  if (made instanceof PyInstance && state instanceof PyDict) made.dictItems = new PyDict(state.entries());
  else if (made instanceof PyInstance && Array.isArray(state) && !(state instanceof PyTuple)) made.listItems = state.slice();
  return made;
}

function newObjFromArgs(args: PyTuple<unknown>, kwargs: PyDict | undefined, what: string): unknown {
  if (args.length === 0) throw new PickleFault(`${what} needs the class as its first argument`);
  return instantiate(args[0], PyTuple.of_(args.slice(1)), kwargs, "newobj");
}

type Make = (args: PyTuple<unknown>, kwargs?: PyDict) => unknown;

/** The globals weightscope models, as rows: module.name, what calling it gives, what cls.__new__ gives. */
const modelledRows: readonly [qualified: string, call: Make, make?: Make][] = [
  ["builtins.list", (a) => (a.length ? Array.from(itemsOf(a[0], "list()")) : []), () => []],
  ["builtins.tuple", (a) => PyTuple.of_(a.length ? itemsOf(a[0], "tuple()") : [])],
  ["builtins.set", (a) => new PySet(a.length ? itemsOf(a[0], "set()") : []), () => new PySet()],
  ["builtins.frozenset", (a) => new PyFrozenSet(a.length ? itemsOf(a[0], "frozenset()") : [])],
  ["builtins.dict", (a) => new PyDict(a.length ? pairsOf(a[0], "dict()") : []), () => new PyDict()],
  ["builtins.bytes", (a) => PyBytes.from(bytesFrom(a, "bytes()"))],
  ["builtins.bytearray", (a) => PyByteArray.from(bytesFrom(a, "bytearray()"))],
  ["builtins.complex", (a) => new PyComplex(a.length > 0 ? numberArg(a[0], "complex()") : 0, a.length > 1 ? numberArg(a[1], "complex()") : 0)],
  ["builtins.int", toInt],
  ["builtins.float", toFloat],
  ["builtins.str", pyStr],
  ["builtins.bool", pyBool],
  ["builtins.object", () => new PyInstance(objectRef, new PyTuple(), undefined, "newobj")],
  ["_codecs.encode", (a) => PyBytes.from(encodeText(a[0], a.length > 1 ? a[1] : "utf-8", "_codecs.encode"))],
  ["collections.OrderedDict", (a) => new OrderedDict(a.length ? pairsOf(a[0], "OrderedDict()") : []), () => new OrderedDict()],
  ["collections.defaultdict", defaultDict, () => new PyDefaultDict()],
  ["copyreg._reconstructor", reconstruct],
  ["copyreg.__newobj__", (a) => newObjFromArgs(a, undefined, "copyreg.__newobj__")],
  [
    "copyreg.__newobj_ex__",
    (a) => {
      const [cls, args, kwargs] = a;
      if (a.length !== 3 || !(args instanceof PyTuple) || !(kwargs instanceof PyDict)) throw new PickleFault("copyreg.__newobj_ex__ takes a class, a tuple and a dict");
      return instantiate(cls, args, kwargs, "newobj");
    },
  ],
];

const modelled = new Map<string, ModelledGlobal>(
  modelledRows.map(([qualified, call, make]) => {
    const dot = qualified.lastIndexOf(".");
    return [qualified, new ModelledGlobal(qualified.slice(0, dot), qualified.slice(dot + 1), call, make ?? call)];
  }),
);

/**
 * What a global becomes when no hook claims it: a modelled builtin from the table above, or an inert
 * PyGlobalRef that only records the name. Python 2 names are mapped first. The blocklist is the
 * unpickler's job and comes before this.
 */
export function defaultFindClass(module: string, name: string): unknown {
  const [m, n] = python3Name(module, name);
  return modelled.get(`${m}.${n}`) ?? new PyGlobalRef(m, n);
}
