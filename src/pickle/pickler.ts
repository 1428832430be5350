// A protocol-2 pickler: plain data in the opcodes torch's weights-only unpickler accepts; objects by class.
//
// None, bools, numbers, strings, lists, tuples, dicts and OrderedDicts use only opcodes and globals the
// weights-only unpickler takes. Sets, bytes, complex numbers and objects of a class (PyInstance, and what
// an encoder writes with `object()`) need globals called by REDUCE or NEWOBJ and BUILD, which only a full
// unpickler runs: a file holds them only when the value saved holds them.
import { PickleError } from "../errors.js";
import { OrderedDict, PyByteArray, PyBytes, PyComplex, PyDict, PyFloat, PyFrozenSet, PyGlobalRef, PyInstance, PyTuple } from "../python/values.js";
import { type OpcodeName, opcodeRows } from "./opcodes.js";

/** Opcode bytes by name, read from the shared opcode table. */
const CODE = Object.fromEntries(opcodeRows.map((row) => [row.name, row.code])) as Record<OpcodeName, number>;

/** Items per APPENDS / SETITEMS run, as CPython batches them. */
const BATCH = 1000;

/**
 * Lets a caller write objects the pickler has no rule for (tensors, storages). Return true after writing
 * the object with the writer's methods, false to let the pickler decide (and fail on unknown types).
 */
export type PickleEncoder = (value: object, writer: PickleWriter) => boolean;

export interface PickleOptions {
  readonly encode?: PickleEncoder;
}

/** Pickles `value` with protocol 2; shared objects are written once and fetched from the memo after. */
export function pickle(value: unknown, options: PickleOptions = {}): Uint8Array {
  const writer = new PickleWriter(options.encode);
  writer.op("PROTO");
  writer.byte(2);
  writer.save(value);
  writer.op("STOP");
  return writer.finish();
}

/** The growing output and the memo; an encoder writes through its methods. */
export class PickleWriter {
  private buffer = new Uint8Array(1 << 12);
  private length = 0;
  private readonly memo = new Map<unknown, number>();
  /** Objects being written, so a container that holds itself fails instead of looping. */
  private readonly active = new Set<object>();

  constructor(private readonly encode: PickleEncoder | undefined) {}

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  op(name: OpcodeName): void {
    this.byte(CODE[name]);
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** `GLOBAL module name`, memoized so a class named many times is written once. */
  global(module: string, name: string): void {
    const key = `global:${module}\n${name}`;
    if (this.fetch(key)) return;
    this.op("GLOBAL");
    this.bytes(new TextEncoder().encode(`${module}\n${name}\n`));
    this.put(key);
  }

  /** BINPERSID with `id` (a tuple such as torch's `('storage', cls, key, location, numel)`). */
  persistentId(id: PyTuple): void {
    this.save(id);
    this.op("BINPERSID");
  }

  /** Writes BINGET for an object already written; false if it is new. */
  fetch(key: unknown): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    if (index < 256) {
      this.op("BINGET");
      this.byte(index);
    } else {
      this.op("LONG_BINGET");
      this.uint32(index);
    }
    return true;
  }

  /** Stores the object on top of the stack in the next memo slot. */
  put(key: unknown): void {
    const index = this.memo.size;
    this.memo.set(key, index);
    if (index < 256) {
      this.op("BINPUT");
      this.byte(index);
    } else {
      this.op("LONG_BINPUT");
      this.uint32(index);
    }
  }

  save(value: unknown): void {
    if (value === null || value === undefined) return this.op("NONE");
    if (typeof value === "boolean") return this.op(value ? "NEWTRUE" : "NEWFALSE");
    if (typeof value === "number") return Number.isInteger(value) && !Object.is(value, -0) ? this.int(BigInt(value)) : this.float(value);
    if (typeof value === "bigint") return this.int(value);
    if (typeof value === "string") return this.string(value);
    if (value instanceof PyFloat) return this.float(value.valueOf());
    // Functions reach the encoder too: a callable module (a TorchModule) is one.
    if (typeof value !== "object" && typeof value !== "function") throw new PickleError(`cannot pickle a ${typeof value}`);
    if (this.fetch(value)) return;
    if (this.active.has(value)) throw new PickleError("cannot pickle a container that contains itself");
    this.active.add(value);
    try {
      // An encoder that wrote an object with `object()` has memoized it already, before its state.
      if (this.encode?.(value, this)) return this.memo.has(value) ? undefined : this.put(value);
      if (value instanceof PyTuple) return this.tuple(value);
      if (Array.isArray(value)) return this.list(value);
      if (value instanceof OrderedDict) return this.orderedDict(value);
      if (value instanceof PyDict) return this.dict(value);
      if (value instanceof PyGlobalRef) return this.global(value.module, value.name);
      if (value instanceof Set) return this.set(value);
      if (value instanceof PyBytes || value instanceof PyByteArray) return this.byteString(value);
      if (value instanceof PyComplex) return this.reduce(value, new PyGlobalRef("__builtin__", "complex"), [new PyFloat(value.real), new PyFloat(value.imag)]);
      if (value instanceof PyInstance) return this.instance(value);
      throw new PickleError(`cannot pickle a ${value.constructor?.name ?? "value"}: only None, bools, numbers, strings, bytes, lists, tuples, dicts, sets, objects of named classes and tensors are written`);
    } finally {
      this.active.delete(value);
    }
  }

  /**
   * An object as Python's default `__reduce_ex__(2)` writes it: the class, its arguments, NEWOBJ
   * (`cls.__new__(cls, *args)`) or REDUCE (`cls(*args)`), then the memo, so that its state can refer back
   * to it, then BUILD with `state` unless undefined.
   */
  object(value: object, cls: PyGlobalRef, args: PyTuple, how: "newobj" | "reduce", state?: unknown): void {
    this.global(cls.module, cls.name);
    this.save(args);
    this.op(how === "newobj" ? "NEWOBJ" : "REDUCE");
    this.put(value);
    if (state === undefined) return;
    this.save(state);
    this.op("BUILD");
  }

  /** An object of a class weightscope does not model, rebuilt as the file built it: call, items, state. */
  private instance(value: PyInstance): void {
    if (value.kwargs !== undefined) throw new PickleError(`cannot pickle ${value.cls.qualifiedName}: it was made with keyword arguments (NEWOBJ_EX), which protocol 2 has no opcode for`);
    const state = value.__dict__.size > 0 ? new PyDict(value.__dict__.entries()) : value.state;
    this.object(value, value.cls, value.args, value.via === "newobj" ? "newobj" : "reduce");
    if (value.listItems) this.appends(value.listItems);
    if (value.dictItems) this.items([...value.dictItems.entries()]);
    if (state === undefined) return;
    this.save(state);
    this.op("BUILD");
  }

  /** `set(list)` (or frozenset) by REDUCE, under the Python 2 module name protocol 2 writes, as CPython does. */
  private set(value: Set<unknown>): void {
    this.reduce(value, new PyGlobalRef("__builtin__", value instanceof PyFrozenSet ? "frozenset" : "set"), [[...value]]);
  }

  /**
   * Protocol 2 has no bytes opcode that Python 3 reads back as bytes, so CPython writes bytes as
   * `_codecs.encode(text, 'latin1')` and a bytearray as `bytearray(text, 'latin-1')`, the text holding
   * one character per byte.
   */
  private byteString(value: Uint8Array): void {
    const text = Array.from(value, (byte) => String.fromCharCode(byte)).join("");
    if (value instanceof PyByteArray) this.reduce(value, new PyGlobalRef("__builtin__", "bytearray"), [text, "latin-1"]);
    else this.reduce(value, new PyGlobalRef("_codecs", "encode"), [text, "latin1"]);
  }

  /** `cls(*args)` by REDUCE, memoized. */
  private reduce(value: object, cls: PyGlobalRef, args: unknown[]): void {
    this.global(cls.module, cls.name);
    this.save(PyTuple.of_(args));
    this.op("REDUCE");
    this.put(value);
  }

  private int(value: bigint): void {
    if (value >= 0n && value < 0x100n) {
      this.op("BININT1");
      this.byte(Number(value));
    } else if (value >= 0n && value < 0x10000n) {
      this.op("BININT2");
      this.byte(Number(value) & 0xff);
      this.byte(Number(value) >> 8);
    } else if (value >= -0x80000000n && value < 0x80000000n) {
      this.op("BININT");
      this.uint32(Number(BigInt.asUintN(32, value)));
    } else {
      const bytes = twosComplement(value);
      if (bytes.length > 255) throw new PickleError(`an int of ${bytes.length} bytes is too large for LONG1`);
      this.op("LONG1");
      this.byte(bytes.length);
      this.bytes(bytes);
    }
  }

  private float(value: number): void {
    this.op("BINFLOAT");
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, false);
    this.bytes(bytes);
  }

  private string(value: string): void {
    const encoded = new TextEncoder().encode(value);
    this.op("BINUNICODE");
    this.uint32(encoded.length);
    this.bytes(encoded);
  }

  private tuple(value: PyTuple): void {
    const sizeOps = [undefined, "TUPLE1", "TUPLE2", "TUPLE3"] as const;
    if (value.length === 0) return this.op("EMPTY_TUPLE");
    const sized = sizeOps[value.length];
    if (sized === undefined) this.op("MARK");
    for (const item of value) this.save(item);
    this.op(sized ?? "TUPLE");
    this.put(value);
  }

  private list(value: readonly unknown[]): void {
    this.op("EMPTY_LIST");
    this.put(value);
    this.appends(value);
  }

  private appends(value: readonly unknown[]): void {
    for (let start = 0; start < value.length; start += BATCH) {
      const run = value.slice(start, start + BATCH);
      if (run.length === 1) {
        this.save(run[0]);
        this.op("APPEND");
      } else {
        this.op("MARK");
        for (const item of run) this.save(item);
        this.op("APPENDS");
      }
    }
  }

  private dict(value: PyDict): void {
    this.op("EMPTY_DICT");
    this.put(value);
    this.items([...value.entries()]);
  }

  /** Python's own spelling: `OrderedDict()` by REDUCE, its items, then its attributes by BUILD. */
  private orderedDict(value: OrderedDict): void {
    this.global("collections", "OrderedDict");
    this.op("EMPTY_TUPLE");
    this.op("REDUCE");
    this.put(value);
    this.items([...value.entries()]);
    if (value.__dict__.size > 0) {
      this.save(new PyDict(value.__dict__.entries()));
      this.op("BUILD");
    }
  }

  private items(pairs: ReadonlyArray<readonly [unknown, unknown]>): void {
    for (let start = 0; start < pairs.length; start += BATCH) {
      const run = pairs.slice(start, start + BATCH);
      if (run.length === 1) {
        this.save(run[0]![0]);
        this.save(run[0]![1]);
        this.op("SETITEM");
      } else {
        this.op("MARK");
        for (const [k, v] of run) {
          this.save(k);
          this.save(v);
        }
        this.op("SETITEMS");
      }
    }
  }

  private uint32(value: number): void {
    this.reserve(4);
    new DataView(this.buffer.buffer).setUint32(this.length, value, true);
    this.length += 4;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Little-endian two's complement in the fewest bytes that keep the sign, as LONG1 wants. */
function twosComplement(value: bigint): Uint8Array {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, rest));
    out.push(byte);
    rest >>= 8n;
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(out);
}
