// The safe unpickler: a loop over the opcode table whose handlers build inert Python values and never run code.
import { PickleError } from "../errors.js";
import { dictSetter, PyDict, PyFloat, PyFrozenSet, PyGlobalRef, PyInstance, PySet, PyTuple } from "../python/values.js";
import { PICKLE_APPEND, PICKLE_CALL, PICKLE_SETITEM, PICKLE_SETSTATE, hasAppend, hasSetItem, hasSetState, isCallable } from "./hooks.js";
import { blockedReason, defaultFindClass, instantiate, python3Name, pythonTypeName } from "./globals.js";
import { type OpcodeName, type OpcodeRowOf, highestProtocol, notAnOpcode, opcodeByCode } from "./opcodes.js";
import { type ArgReaderName, type ArgValue, type Cursor, PickleFault, type UnpickleLimits, argReaders, cursorAt, defaultLimits, locate, placeAt, printable } from "./readers.js";

export interface UnpickleOptions {
  /** The file the bytes came from, for error messages. */
  file?: string;
  /** Where in the file the pickle sits (a zip entry such as "data.pkl"); errors read `file: place at byte N (OPNAME): ...`. */
  place?: string;
  /**
   * Resolves a global (Python's find_class) after the blocklist has passed it; names arrive in their
   * Python 3 spelling. Return undefined to leave the name to `defaultFindClass`.
   */
  findClass?: (module: string, name: string) => unknown;
  /** Resolves a persistent id (PERSID, BINPERSID): torch's storages. Without it such a pickle fails. */
  persistentLoad?: (pid: unknown) => unknown;
  limits?: Partial<UnpickleLimits>;
}

/**
 * The memo. Picklers number their entries 0, 1, 2... in order, so those go in an array: a torch
 * state_dict's pickle memoizes about seven values per tensor, and a Map that size costs rehashing and
 * garbage collection. An index out of that order (possible in a hand-made pickle) goes in a Map, so no
 * index can make a huge sparse array.
 */
class Memo {
  private readonly dense: unknown[] = [];
  private sparse: Map<number, unknown> | undefined;
  /** Distinct indices stored (Python's len(memo), which MEMOIZE uses as the next index). */
  size = 0;

  has(i: number): boolean {
    return i < this.dense.length || (this.sparse?.has(i) ?? false);
  }
  get(i: number): unknown {
    return i < this.dense.length ? this.dense[i] : this.sparse?.get(i);
  }
  set(i: number, value: unknown): void {
    const dense = this.dense;
    if (i < dense.length) {
      dense[i] = value;
    } else if (i === dense.length) {
      dense.push(value);
      // An index stored out of order earlier now lives in the array: it is not a new entry.
      if (!this.sparse?.delete(i)) this.size++;
    } else {
      this.sparse ??= new Map();
      if (!this.sparse.has(i)) this.size++;
      this.sparse.set(i, value);
    }
  }
}

/**
 * The unpickler's state: one stack of pending values, the MARKs as positions in it, the memo, and the
 * globals seen so far. One stack (as CPython's _pickle has) rather than a new array per MARK: a torch
 * pickle sets a MARK for every tuple it builds.
 */
class Machine {
  /** Every pending value, bottom first. */
  readonly stack: unknown[] = [];
  /** Where each pending MARK was set (a stack length), innermost last. */
  readonly marks: number[] = [];
  /** The innermost MARK's position: the values below it belong to an enclosing opcode. */
  private fence = 0;
  readonly memo = new Memo();
  readonly globals = new Map<string, unknown>();
  stopped = false;
  result: unknown = undefined;

  private readonly maxDepth: number;

  constructor(
    readonly options: UnpickleOptions,
    readonly limits: UnpickleLimits,
  ) {
    this.maxDepth = limits.maxDepth;
  }

  push(value: unknown): void {
    // pending() written out: push runs for most opcodes, often in V8's interpreter.
    if (this.stack.length + this.marks.length >= this.maxDepth) throw this.tooDeep();
    this.stack.push(value);
  }
  pop(): unknown {
    if (this.stack.length <= this.fence) throw this.underflow();
    return this.stack.pop();
  }
  top(): unknown {
    if (this.stack.length <= this.fence) throw this.underflow();
    return this.stack[this.stack.length - 1];
  }
  /** Whether there are values above the innermost MARK (or, without one, at all). */
  hasValues(): boolean {
    return this.stack.length > this.fence;
  }
  mark(): void {
    if (this.pending() >= this.maxDepth) throw this.tooDeep();
    this.marks.push(this.stack.length);
    this.fence = this.stack.length;
  }
  /** Removes the innermost MARK and returns its position; the values above it stay on the stack. */
  private releaseMark(): number {
    const at = this.marks.pop();
    if (at === undefined) throw new PickleFault("the opcode needs a MARK before its items, and there is none");
    this.fence = this.marks.length === 0 ? 0 : this.marks[this.marks.length - 1]!;
    return at;
  }
  /** The values above the innermost MARK, which is removed with them. */
  popMark(): unknown[] {
    const at = this.releaseMark();
    const items = this.stack.slice(at);
    this.stack.length = at;
    return items;
  }
  /** The same as a tuple, built in place (TUPLE, the commonest user of MARK). */
  popMarkTuple(): PyTuple<unknown> {
    const at = this.releaseMark();
    const stack = this.stack;
    const made = new PyTuple<unknown>(stack.length - at);
    for (let i = made.length - 1; i >= 0; i--) made[i] = stack.pop();
    return made;
  }
  /** Stores the top value at memo index `i` (a non-negative integer: see `memoIndex` for text arguments). */
  remember(i: number): void {
    const value = this.top();
    if (this.memo.size >= this.limits.maxMemo && !this.memo.has(i)) throw new PickleFault(`the memo would grow past its limit of ${this.limits.maxMemo} entries`);
    this.memo.set(i, value);
  }
  recall(i: number): void {
    // Values are never undefined unless a hook returned it, so a hit costs one lookup.
    const value = this.memo.get(i);
    if (value === undefined && !this.memo.has(i)) throw new PickleFault(`the memo has no entry ${i}: the pickle refers to a value it never stored`);
    this.push(value);
  }
  /** GLOBAL, STACK_GLOBAL, INST: the blocklist first, then the caller's hook, then the default table. */
  findGlobal(rawModule: string, rawName: string): unknown {
    const [module, name] = python3Name(rawModule, rawName);
    const key = JSON.stringify([module, name]);
    if (this.globals.has(key)) return this.globals.get(key);
    const reason = blockedReason(module, name);
    if (reason !== undefined) {
      throw new PickleFault(
        `the pickle asks for ${printable(module)}.${printable(name)}, which ${reason}: ` +
          "the file was made to run code when loaded; weightscope never calls anything from a file and stops here",
      );
    }
    const found = this.options.findClass?.(module, name);
    const value = found === undefined ? defaultFindClass(module, name) : found;
    this.globals.set(key, value);
    return value;
  }
  persistent(pid: unknown): unknown {
    if (!this.options.persistentLoad) throw new PickleFault(`the pickle refers to an object kept outside it (persistent id ${printable(String(pid), 80)}), and no persistentLoad hook was given`);
    return this.options.persistentLoad(pid);
  }
  private pending(): number {
    return this.stack.length + this.marks.length;
  }
  private underflow(): PickleFault {
    return new PickleFault(this.marks.length ? "the opcode needs a value but there is none above the last MARK" : "the opcode needs a value but the stack is empty");
  }
  private tooDeep(): PickleFault {
    return new PickleFault(`the pickle nests deeper than the limit of ${this.limits.maxDepth} pending values and MARKs`);
  }
}

function memoIndex(index: unknown): number {
  const i = Number(index);
  if (!Number.isSafeInteger(i) || i < 0) throw new PickleFault(`a memo index must be a non-negative integer, got ${printable(String(index), 40)}`);
  return i;
}

/** TUPLE1-3: the top `n` values, bottom first, as a tuple, with no array in between. */
function popTuple(m: Machine, n: 1 | 2 | 3): PyTuple<unknown> {
  const made = new PyTuple<unknown>(n);
  for (let i = n - 1; i >= 0; i--) made[i] = m.pop();
  return made;
}

function pairs(items: unknown[], what: string): void {
  if (items.length % 2 !== 0) throw new PickleFault(`${what} needs key, value pairs above the MARK but found ${items.length} items`);
}

/** How SETITEM(S) stores into the object below: a dict, an unmodelled object's items, or a hook's setter. */
function setterFor(target: unknown): (key: unknown, value: unknown) => void {
  if (target instanceof PyDict) return dictSetter(target);
  if (target instanceof PyInstance) return dictSetter((target.dictItems ??= new PyDict()));
  if (hasSetItem(target)) return (k, v) => target[PICKLE_SETITEM](k, v);
  throw new PickleFault(`the opcode sets a key on ${pythonTypeName(target)}, which is not a dict`);
}

/** How APPEND(S) adds to the object below: one push per item, never an argument spread (300k items overflow it). */
function appenderFor(target: unknown): (item: unknown) => void {
  if (Array.isArray(target) && !(target instanceof PyTuple)) return (item) => void target.push(item);
  if (target instanceof PyInstance) {
    const items = (target.listItems ??= []);
    return (item) => void items.push(item);
  }
  if (hasAppend(target)) return (item) => target[PICKLE_APPEND](item);
  throw new PickleFault(`the opcode appends to ${pythonTypeName(target)}, which is not a list`);
}

/** BUILD on a dict: Python sets attributes on the dict object (a state_dict's `_metadata`), not entries. */
function setDictAttributes(target: PyDict, state: unknown): void {
  const parts = state instanceof PyTuple && state.length === 2 ? state : [state];
  for (const part of parts) {
    if (part === null && parts.length === 2) continue;
    if (!(part instanceof PyDict)) throw new PickleFault(`BUILD gives a dict the state ${pythonTypeName(part)}; a dict only takes a dict of attributes`);
    for (const [key, value] of part.entries()) {
      if (typeof key !== "string") throw new PickleFault(`BUILD gives a dict an attribute named by ${pythonTypeName(key)}; attribute names are str`);
      target.__dict__.set(key, value);
    }
  }
}

function build(target: unknown, state: unknown): void {
  if (hasSetState(target)) target[PICKLE_SETSTATE](state);
  else if (target instanceof PyInstance) target.setState(state);
  else if (target instanceof PyDict) setDictAttributes(target, state);
  else throw new PickleFault(`BUILD gives state to ${pythonTypeName(target)}, which cannot take any`);
}

function call(callable: unknown, args: unknown): unknown {
  if (!(args instanceof PyTuple)) throw new PickleFault(`REDUCE needs a tuple of arguments, got ${pythonTypeName(args)}`);
  if (isCallable(callable)) return callable[PICKLE_CALL](args);
  if (callable instanceof PyGlobalRef) return new PyInstance(callable, args, undefined, "reduce");
  throw new PickleFault(`REDUCE calls ${pythonTypeName(callable)}, which is not a class or function`);
}

type ArgOf<N extends OpcodeName> = OpcodeRowOf<N>["arg"] extends infer A extends ArgReaderName ? ArgValue<A> : undefined;
type Handler<N extends OpcodeName> = (m: Machine, arg: ArgOf<N>) => void;

const push = (m: Machine, value: unknown): void => m.push(value);
/** Python has one empty tuple, `()`; so does a pickle here (a torch checkpoint has one or more per tensor). */
const emptyTuple: PyTuple<unknown> = Object.freeze(new PyTuple<unknown>());
const unsupportedBuffer = (): never => {
  throw new PickleFault("out-of-band buffers are not supported: they live outside the file (pickle protocol 5 buffer_callback), so a file cannot supply them");
};
const unsupportedExtension = (): never => {
  throw new PickleFault("extension codes (copyreg.add_extension) are not supported: their meaning lives in the writer's registry, not in the file");
};

/** One handler per opcode; a row without a handler here does not compile. */
const handlers: { [N in OpcodeName]: Handler<N> } = {
  INT: push,
  BININT: push,
  BININT1: push,
  BININT2: push,
  LONG: push,
  LONG1: push,
  LONG4: push,
  STRING: push,
  BINSTRING: push,
  SHORT_BINSTRING: push,
  BINBYTES: push,
  SHORT_BINBYTES: push,
  BINBYTES8: push,
  BYTEARRAY8: push,
  NEXT_BUFFER: unsupportedBuffer,
  READONLY_BUFFER: unsupportedBuffer,
  UNICODE: push,
  SHORT_BINUNICODE: push,
  BINUNICODE: push,
  BINUNICODE8: push,
  FLOAT: (m, x) => m.push(new PyFloat(x)),
  BINFLOAT: (m, x) => m.push(new PyFloat(x)),
  NONE: (m) => m.push(null),
  NEWTRUE: (m) => m.push(true),
  NEWFALSE: (m) => m.push(false),
  EMPTY_LIST: (m) => m.push([]),
  APPEND: (m) => {
    const item = m.pop();
    appenderFor(m.top())(item);
  },
  APPENDS: (m) => {
    const items = m.popMark();
    const append = appenderFor(m.top());
    for (const item of items) append(item);
  },
  LIST: (m) => m.push(m.popMark()),
  EMPTY_TUPLE: (m) => m.push(emptyTuple),
  TUPLE: (m) => m.push(m.popMarkTuple()),
  TUPLE1: (m) => m.push(popTuple(m, 1)),
  TUPLE2: (m) => m.push(popTuple(m, 2)),
  TUPLE3: (m) => m.push(popTuple(m, 3)),
  EMPTY_DICT: (m) => m.push(new PyDict()),
  DICT: (m) => {
    const items = m.popMark();
    pairs(items, "DICT");
    const dict = new PyDict();
    const set = dictSetter(dict);
    for (let i = 0; i < items.length; i += 2) set(items[i], items[i + 1]);
    m.push(dict);
  },
  SETITEM: (m) => {
    const value = m.pop();
    const key = m.pop();
    setterFor(m.top())(key, value);
  },
  SETITEMS: (m) => {
    const items = m.popMark();
    pairs(items, "SETITEMS");
    const set = setterFor(m.top());
    for (let i = 0; i < items.length; i += 2) set(items[i], items[i + 1]);
  },
  EMPTY_SET: (m) => m.push(new PySet()),
  ADDITEMS: (m) => {
    const items = m.popMark();
    const target = m.top();
    if (!(target instanceof PySet)) throw new PickleFault(`ADDITEMS adds to ${pythonTypeName(target)}, which is not a set`);
    for (const item of items) target.add(item);
  },
  FROZENSET: (m) => m.push(new PyFrozenSet(m.popMark())),
  POP: (m) => {
    // As in Python: on an empty stack, POP discards the topmost MARK instead.
    if (m.hasValues() || m.marks.length === 0) m.pop();
    else m.popMark();
  },
  DUP: (m) => m.push(m.top()),
  MARK: (m) => m.mark(),
  POP_MARK: (m) => void m.popMark(),
  GET: (m, i) => m.recall(memoIndex(i)),
  BINGET: (m, i) => m.recall(i),
  LONG_BINGET: (m, i) => m.recall(i),
  PUT: (m, i) => m.remember(memoIndex(i)),
  BINPUT: (m, i) => m.remember(i),
  LONG_BINPUT: (m, i) => m.remember(i),
  MEMOIZE: (m) => m.remember(m.memo.size),
  EXT1: unsupportedExtension,
  EXT2: unsupportedExtension,
  EXT4: unsupportedExtension,
  GLOBAL: (m, [module, name]) => m.push(m.findGlobal(module, name)),
  STACK_GLOBAL: (m) => {
    const name = m.pop();
    const module = m.pop();
    if (typeof module !== "string" || typeof name !== "string") throw new PickleFault(`STACK_GLOBAL needs two str (module, name), got ${pythonTypeName(module)} and ${pythonTypeName(name)}`);
    m.push(m.findGlobal(module, name));
  },
  REDUCE: (m) => {
    const args = m.pop();
    m.push(call(m.pop(), args));
  },
  BUILD: (m) => {
    const state = m.pop();
    build(m.top(), state);
  },
  INST: (m, [module, name]) => {
    const cls = m.findGlobal(module, name);
    m.push(instantiate(cls, m.popMarkTuple(), undefined, "inst"));
  },
  OBJ: (m) => {
    const items = m.popMark();
    if (items.length === 0) throw new PickleFault("OBJ needs a class above the MARK");
    m.push(instantiate(items[0], PyTuple.of_(items.slice(1)), undefined, "inst"));
  },
  NEWOBJ: (m) => {
    const args = m.pop();
    const cls = m.pop();
    if (!(args instanceof PyTuple)) throw new PickleFault(`NEWOBJ needs a tuple of arguments, got ${pythonTypeName(args)}`);
    m.push(instantiate(cls, args, undefined, "newobj"));
  },
  NEWOBJ_EX: (m) => {
    const kwargs = m.pop();
    const args = m.pop();
    const cls = m.pop();
    if (!(args instanceof PyTuple) || !(kwargs instanceof PyDict)) throw new PickleFault(`NEWOBJ_EX needs a tuple and a dict, got ${pythonTypeName(args)} and ${pythonTypeName(kwargs)}`);
    m.push(instantiate(cls, args, kwargs, "newobj"));
  },
  PROTO: (_m, version) => {
    if (version > highestProtocol) throw new PickleFault(`pickle protocol ${version} is newer than the ${highestProtocol} weightscope reads`);
  },
  STOP: (m) => {
    m.result = m.pop();
    m.stopped = true;
  },
  FRAME: () => {},
  PERSID: (m, pid) => m.push(m.persistent(pid)),
  BINPERSID: (m) => m.push(m.persistent(m.pop())),
};

/**
 * The table and the handlers joined once, per opcode byte: its name, its argument reader and its handler.
 * The loop then costs one array lookup per opcode, which matters most for a one-shot process where the
 * loop runs in V8's interpreter (a state_dict's pickle is a few thousand opcodes).
 */
interface Step {
  readonly name: OpcodeName;
  readonly read: ((c: Cursor) => unknown) | undefined;
  readonly handle: Handler<OpcodeName>;
}

const steps: readonly (Step | undefined)[] = opcodeByCode.map((row) => {
  if (row === undefined) return undefined;
  const name = row.name as OpcodeName;
  const read = row.arg === null ? undefined : argReaders[row.arg as ArgReaderName].read;
  return { name, read, handle: handlers[name] as Handler<OpcodeName> };
});

/** Decodes the pickle that starts at `start`; `end` is the offset just past its STOP (legacy torch files hold several in a row). */
export function unpickleAt(bytes: Uint8Array, start: number, options: UnpickleOptions = {}): { value: unknown; end: number } {
  const limits = { ...defaultLimits, ...options.limits };
  const cursor = cursorAt(bytes, start, limits);
  const m = new Machine(options, limits);
  let pos = start;
  let name: OpcodeName | undefined;
  try {
    while (cursor.pos < bytes.length) {
      pos = cursor.pos;
      const step = steps[bytes[pos]!];
      name = step?.name;
      if (step === undefined) throw notAnOpcode(bytes[pos]!);
      cursor.pos = pos + 1;
      step.handle(m, (step.read === undefined ? undefined : step.read(cursor)) as never);
      if (m.stopped) return { value: m.result, end: cursor.pos };
    }
  } catch (error) {
    throw locate(error, options, pos, name);
  }
  throw new PickleError(`the pickle ends at byte ${bytes.length} before its STOP opcode: the data is truncated`, {
    file: options.file,
    place: placeAt(options.place, bytes.length),
  });
}

/** Decodes one pickle. Nothing in it runs: classes become stand-ins, and what names code to run is refused. */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions = {}): unknown {
  return unpickleAt(bytes, 0, options).value;
}
