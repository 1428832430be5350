// Python's builtin types (None, bool, int, float, str, bytes, list, tuple, dict, set...) as declarations and rows.
import { boundMethodInfo } from "./bound.js";
import { PyClass, type MemberSpec } from "./classes.js";
import { bytesRepr, complexRepr, floatRepr, intRepr, strRepr } from "./scalars.js";
import { row, type Printer, type TypeRow } from "./types.js";
import { DictView, OrderedDict, PyByteArray, PyBytes, PyComplex, PyDict, PyFloat, PyFrozenSet, PyGlobalRef, PyInstance, PyModule, PyTuple, PyTypeVar } from "./values.js";

const builtin = (qualname: string, doc: string, members: Record<string, MemberSpec> = {}, bases: PyClass[] = [object_()]): PyClass =>
  new PyClass({ module: "builtins", qualname, doc, members, bases });

let objectClass: PyClass | undefined;
function object_(): PyClass {
  return (objectClass ??= new PyClass({ module: "builtins", qualname: "object", doc: "The root of every Python class." }));
}

const method = (signature: string, doc: string): MemberSpec => ({ kind: "builtin", signature, doc });

/** The builtin classes, by Python name. */
export const builtins = (() => {
  const object = object_();
  const int = builtin("int", "A whole number of any size. weightscope holds it as a JavaScript number, or a bigint beyond 2**53.");
  const dictMembers = {
    keys: method("keys()", "A view of the keys, in insertion order. Here it is also a JavaScript array, so filter and map work on it."),
    values: method("values()", "A view of the values, in insertion order; also a JavaScript array."),
    items: method("items()", "A view of (key, value) tuples, in insertion order; also a JavaScript array of tuples."),
    get: method("get(key, default=None, /)", "The value stored under key, or the default when the key is absent."),
    pop: method("pop(key, default=<unrepresentable>, /)", "Removes key and returns its value; without a default, a missing key is an error."),
    setdefault: method("setdefault(key, default=None, /)", "The value under key, first storing the default there when the key is absent."),
    update: method("update(other)", "Copies every (key, value) of another dict or iterable of pairs into this one."),
    copy: method("copy()", "A shallow copy: a new dict of the same class holding the same values."),
    clear: method("clear()", "Removes every entry."),
  };
  const dict = builtin("dict", "A mapping from keys to values that keeps insertion order. Keys compare as Python compares them, so 1 and 1.0 are one key.", dictMembers);
  const setMembers = {
    add: method("add(element, /)", "Adds an element; adding one already present changes nothing."),
    clear: method("clear()", "Removes every element."),
  };
  const view = (name: string, doc: string): PyClass => builtin(name, doc);
  return {
    object,
    type: builtin("type", "The class of classes: what type() returns for a class."),
    NoneType: builtin("NoneType", "The type of None, the value meaning 'nothing here'. weightscope holds it as null."),
    int,
    bool: builtin("bool", "True or False. A subclass of int, as in Python.", {}, [int]),
    float: builtin("float", "A double-precision number. weightscope boxes it (PyFloat) so that 1.0 stays a float."),
    complex: builtin("complex", "A complex number with float real and imaginary parts."),
    str: builtin("str", "Text: an immutable sequence of Unicode characters."),
    bytes: builtin("bytes", "An immutable sequence of bytes, printed as b'...'."),
    bytearray: builtin("bytearray", "A mutable sequence of bytes."),
    list: builtin("list", "A mutable sequence; a JavaScript array.", { pop: method("pop(index=-1, /)", "Removes and returns the last item."), reverse: method("reverse()", "Reverses the list in place.") }),
    tuple: builtin("tuple", "An immutable sequence, often a fixed group of values such as a shape."),
    dict,
    OrderedDict: new PyClass({ module: "collections", qualname: "OrderedDict", doc: "A dict that remembers insertion order; state_dict() returns one.", bases: [dict] }),
    set: builtin("set", "An unordered collection of distinct values.", setMembers),
    frozenset: builtin("frozenset", "An immutable set."),
    dict_keys: view("dict_keys", "A live view of a dict's keys."),
    dict_values: view("dict_values", "A live view of a dict's values."),
    dict_items: view("dict_items", "A live view of a dict's (key, value) pairs."),
    odict_keys: view("odict_keys", "A view of an OrderedDict's keys."),
    odict_values: view("odict_values", "A view of an OrderedDict's values."),
    odict_items: view("odict_items", "A view of an OrderedDict's (key, value) pairs."),
    function: builtin("function", "A function defined in code (here, in JavaScript)."),
    method: builtin("method", "A function bound to the object it was read from."),
    builtin_function_or_method: builtin("builtin_function_or_method", "A function or method implemented natively."),
  };
})();

/** What `inspect.signature` returns: prints as `<Signature (state_dict, strict=True)>`, str() as the bare text. */
export class Signature {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}
const moduleClass = new PyClass({ module: "builtins", qualname: "module", doc: "A namespace of names, as `import torch` gives one. At the prompt torch, np and inspect are modules.", bases: [builtins.object] });
const typeVarClass = new PyClass({ module: "typing", qualname: "TypeVar", doc: "A name for a type in a signature (Module.T_destination is one); it holds no value of its own.", bases: [builtins.object] });
const signatureClass = new PyClass({ module: "inspect", qualname: "Signature", doc: "The parameters a function takes, as text.", bases: [builtins.object] });

function globalClass(ref: PyGlobalRef): PyClass {
  const key = ref.qualifiedName;
  let cls = globalClasses.get(key);
  if (!cls) {
    cls = new PyClass({ module: ref.module, qualname: ref.name, doc: `A class the file names (${key}) that weightscope has no model of; its objects are kept as data.`, bases: [builtins.object] });
    globalClasses.set(key, cls);
  }
  return cls;
}
const globalClasses = new Map<string, PyClass>();

/** The class object a file names: `<class '__main__.Model'>`. */
export function classOfGlobal(ref: PyGlobalRef): PyClass {
  return globalClass(ref);
}

function sequence(open: string, close: string, items: readonly unknown[], inner: Printer, singleComma = false): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) parts.push(inner(items[i]));
  return open + parts.join(", ") + (singleComma && parts.length === 1 ? "," : "") + close;
}

function dictBody(entries: Iterable<[unknown, unknown]>, inner: Printer): string {
  const parts: string[] = [];
  for (const [k, v] of entries) parts.push(`${inner(k)}: ${inner(v)}`);
  return `{${parts.join(", ")}}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const dictViews = new Set(["dict_keys", "dict_values", "dict_items", "odict_keys", "odict_values", "odict_items"] as const);

/** Rows for the builtin values, the fallbacks (plain JS objects print as dicts) last. */
export const builtinRows: readonly TypeRow<unknown>[] = [
  row<null | undefined>({ test: (v) => v === null || v === undefined, cls: builtins.NoneType, repr: () => "None" }),
  row<boolean>({ test: (v) => typeof v === "boolean", cls: builtins.bool, repr: (v) => (v ? "True" : "False") }),
  row<number | bigint>({ test: (v) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)), cls: builtins.int, repr: intRepr }),
  // A bare JavaScript number with a fraction (or inf, nan) can only be a float.
  row<number | PyFloat>({ test: (v) => typeof v === "number" || v instanceof PyFloat, cls: builtins.float, repr: (v) => floatRepr(Number(v)) }),
  row<PyComplex>({ test: (v) => v instanceof PyComplex, cls: builtins.complex, repr: (v) => complexRepr(v.real, v.imag) }),
  row<string>({ test: (v) => typeof v === "string", cls: builtins.str, repr: strRepr, str: (v) => v, len: (v) => [...v].length }),
  row<PyBytes>({ test: (v) => v instanceof PyBytes, cls: builtins.bytes, repr: (v) => bytesRepr(v), len: (v) => v.length }),
  row<PyByteArray>({ test: (v) => v instanceof PyByteArray, cls: builtins.bytearray, repr: (v) => `bytearray(${bytesRepr(v)})`, len: (v) => v.length }),
  row<DictView>({
    test: (v) => v instanceof DictView,
    cls: (v) => builtins[dictViews.has(v.viewName as never) ? (v.viewName as "dict_keys") : "dict_keys"],
    repr: (v, inner) => `${v.viewName}(${sequence("[", "]", v, inner)})`,
    len: (v) => v.length,
  }),
  row<PyTuple>({ test: (v) => v instanceof PyTuple, cls: builtins.tuple, repr: (v, inner) => sequence("(", ")", v, inner, true), len: (v) => v.length }),
  row<unknown[]>({ test: Array.isArray, cls: builtins.list, repr: (v, inner) => sequence("[", "]", v, inner), len: (v) => v.length }),
  row<OrderedDict>({
    test: (v) => v instanceof OrderedDict,
    cls: builtins.OrderedDict,
    // torch 1.13 runs on Python 3.11, whose OrderedDict prints as a list of pairs.
    repr: (v, inner) => (v.size === 0 ? "OrderedDict()" : `OrderedDict(${sequence("[", "]", v.items(), inner)})`),
    len: (v) => v.size,
    attributes: (v) => v.__dict__.keys(),
  }),
  row<PyDict>({ test: (v) => v instanceof PyDict, cls: builtins.dict, repr: (v, inner) => dictBody(v.entries(), inner), len: (v) => v.size, attributes: (v) => v.__dict__.keys() }),
  row<PyFrozenSet>({ test: (v) => v instanceof PyFrozenSet, cls: builtins.frozenset, repr: (v, inner) => (v.size === 0 ? "frozenset()" : `frozenset(${sequence("{", "}", [...v], inner)})`), len: (v) => v.size }),
  row<Set<unknown>>({ test: (v) => v instanceof Set, cls: builtins.set, repr: (v, inner) => (v.size === 0 ? "set()" : sequence("{", "}", [...v], inner)), len: (v) => v.size }),
  row<Map<unknown, unknown>>({ test: (v) => v instanceof Map, cls: builtins.dict, repr: (v, inner) => dictBody(v.entries(), inner), len: (v) => v.size }),
  row<Signature>({ test: (v) => v instanceof Signature, cls: signatureClass, repr: (v) => `<Signature ${v.text}>`, str: (v) => v.text }),
  row<PyClass>({ test: (v) => v instanceof PyClass, cls: builtins.type, repr: (v) => v.toString() }),
  row<PyGlobalRef>({ test: (v) => v instanceof PyGlobalRef, cls: builtins.type, repr: (v) => globalClass(v).toString() }),
  row<PyModule>({
    test: (v) => v instanceof PyModule,
    cls: moduleClass,
    // Python adds the file the module came from; these modules come from weightscope itself.
    repr: (v) => `<module '${v.__name__}'>`,
    attributes: (v) => Object.keys(v),
  }),
  row<PyTypeVar>({ test: (v) => v instanceof PyTypeVar, cls: typeVarClass, repr: (v) => v.toString() }),
  row<PyInstance>({
    test: (v) => v instanceof PyInstance,
    cls: (v) => globalClass(v.cls),
    // Python adds the object's address; weightscope has none to give.
    repr: (v) => `<${v.cls.qualifiedName} object>`,
    attributes: (v) => [...v.__dict__.keys()].filter((k): k is string => typeof k === "string"),
  }),
  row<(...args: unknown[]) => unknown>({
    test: (v) => typeof v === "function" && boundMethodInfo(v) !== undefined,
    cls: builtins.method,
  }),
  row<(...args: unknown[]) => unknown>({ test: (v) => typeof v === "function", cls: builtins.function, repr: (v) => `<function ${v.name || "<lambda>"}>` }),
  row<Record<string, unknown>>({ test: isPlainObject, cls: builtins.dict, repr: (v, inner) => dictBody(Object.entries(v), inner), len: (v) => Object.keys(v).length }),
];
