// The opcode table: one row per opcode of pickle protocols 0-5; the unpickler, genops, dis and the docs all read it.
import { type ArgReaderName, type Cursor, PickleFault, argReaders } from "./readers.js";

/**
 * One opcode, after CPython's pickletools.OpcodeInfo: its byte, its name, the layout of the argument
 * that follows it in the stream, what it takes from the stack and leaves there, the first protocol
 * that has it, and what it does.
 */
export interface OpcodeRow<N extends string = string, A extends ArgReaderName | null = ArgReaderName | null> {
  readonly name: N;
  /** The opcode byte. */
  readonly code: number;
  /** The argument layout in the stream (see readers.ts), or null when the opcode has none. */
  readonly arg: A;
  /** Stack items consumed, bottom first; "mark" is the topmost MARK and "items" everything above it. */
  readonly before: string;
  /** Stack items left in their place. */
  readonly after: string;
  readonly protocol: number;
  readonly doc: string;
}

function op<N extends string, A extends ArgReaderName | null>(
  name: N,
  char: string,
  arg: A,
  before: string,
  after: string,
  protocol: number,
  doc: string,
): OpcodeRow<N, A> {
  return { name, code: char.charCodeAt(0), arg, before, after, protocol, doc };
}

/** The newest pickle protocol this table covers. */
export const highestProtocol = 5;

export const opcodeRows = [
  // Integers.
  op("INT", "I", "decimalnl_short", "", "int", 0, "Push an int from decimal text; I00 and I01 are the protocol 0 spellings of False and True."),
  op("BININT", "J", "int4", "", "int", 1, "Push a signed 4-byte int."),
  op("BININT1", "K", "uint1", "", "int", 1, "Push an unsigned 1-byte int."),
  op("BININT2", "M", "uint2", "", "int", 1, "Push an unsigned 2-byte int."),
  op("LONG", "L", "decimalnl_long", "", "int", 0, "Push an int of any size from decimal text (Python 2 long, trailing L)."),
  op("LONG1", "\x8a", "long1", "", "int", 2, "Push an int of up to 255 bytes, two's complement, little-endian."),
  op("LONG4", "\x8b", "long4", "", "int", 2, "Push an int of any size, two's complement, little-endian."),
  // Strings and bytes.
  op("STRING", "S", "stringnl", "", "str", 0, "Push a Python 2 str written as its quoted repr; decoded as latin-1."),
  op("BINSTRING", "T", "string4", "", "str", 1, "Push a Python 2 str with a 4-byte length; decoded as latin-1."),
  op("SHORT_BINSTRING", "U", "string1", "", "str", 1, "Push a Python 2 str with a 1-byte length; decoded as latin-1."),
  op("BINBYTES", "B", "bytes4", "", "bytes", 3, "Push bytes with a 4-byte length."),
  op("SHORT_BINBYTES", "C", "bytes1", "", "bytes", 3, "Push bytes with a 1-byte length."),
  op("BINBYTES8", "\x8e", "bytes8", "", "bytes", 4, "Push bytes with an 8-byte length."),
  op("BYTEARRAY8", "\x96", "bytearray8", "", "bytearray", 5, "Push a bytearray with an 8-byte length."),
  op("NEXT_BUFFER", "\x97", null, "", "buffer", 5, "Push the next out-of-band buffer (not supported: a file cannot carry one)."),
  op("READONLY_BUFFER", "\x98", null, "buffer", "buffer", 5, "Make the buffer on top read-only (not supported, as NEXT_BUFFER)."),
  op("UNICODE", "V", "unicodestringnl", "", "str", 0, "Push a str written in raw-unicode-escape text."),
  op("SHORT_BINUNICODE", "\x8c", "unicodestring1", "", "str", 4, "Push a UTF-8 str with a 1-byte length."),
  op("BINUNICODE", "X", "unicodestring4", "", "str", 1, "Push a UTF-8 str with a 4-byte length."),
  op("BINUNICODE8", "\x8d", "unicodestring8", "", "str", 4, "Push a UTF-8 str with an 8-byte length."),
  // Floats, None, booleans.
  op("FLOAT", "F", "floatnl", "", "float", 0, "Push a float written as repr() text."),
  op("BINFLOAT", "G", "float8", "", "float", 1, "Push a float from 8 big-endian IEEE-754 bytes."),
  op("NONE", "N", null, "", "None", 0, "Push None."),
  op("NEWTRUE", "\x88", null, "", "True", 2, "Push True."),
  op("NEWFALSE", "\x89", null, "", "False", 2, "Push False."),
  // Lists.
  op("EMPTY_LIST", "]", null, "", "list", 1, "Push a new empty list."),
  op("APPEND", "a", null, "list any", "list", 0, "Append the top item to the list below it."),
  op("APPENDS", "e", null, "list mark items", "list", 1, "Append every item above the mark to the list below the mark."),
  op("LIST", "l", null, "mark items", "list", 0, "Replace the mark and the items above it by a list of those items."),
  // Tuples.
  op("EMPTY_TUPLE", ")", null, "", "tuple", 1, "Push the empty tuple."),
  op("TUPLE", "t", null, "mark items", "tuple", 0, "Replace the mark and the items above it by a tuple of those items."),
  op("TUPLE1", "\x85", null, "any", "tuple", 2, "Replace the top item by a 1-tuple of it."),
  op("TUPLE2", "\x86", null, "any any", "tuple", 2, "Replace the top two items by a 2-tuple."),
  op("TUPLE3", "\x87", null, "any any any", "tuple", 2, "Replace the top three items by a 3-tuple."),
  // Dicts.
  op("EMPTY_DICT", "}", null, "", "dict", 1, "Push a new empty dict."),
  op("DICT", "d", null, "mark items", "dict", 0, "Replace the mark and the key, value items above it by a dict of them."),
  op("SETITEM", "s", null, "dict key value", "dict", 0, "Set dict[key] = value for the dict below the pair."),
  op("SETITEMS", "u", null, "dict mark items", "dict", 1, "Set every key, value pair above the mark in the dict below the mark."),
  // Sets.
  op("EMPTY_SET", "\x8f", null, "", "set", 4, "Push a new empty set."),
  op("ADDITEMS", "\x90", null, "set mark items", "set", 4, "Add every item above the mark to the set below the mark."),
  op("FROZENSET", "\x91", null, "mark items", "frozenset", 4, "Replace the mark and the items above it by a frozenset of them."),
  // Stack manipulation.
  op("POP", "0", null, "any", "", 0, "Discard the top item (or, on an empty stack, the topmost mark)."),
  op("DUP", "2", null, "any", "any any", 0, "Push the top item again."),
  op("MARK", "(", null, "", "mark", 0, "Push a mark: later opcodes take every item above it."),
  op("POP_MARK", "1", null, "mark items", "", 1, "Discard the topmost mark and every item above it."),
  // The memo.
  op("GET", "g", "decimalnl_short", "", "any", 0, "Push the memo entry whose index is written in decimal."),
  op("BINGET", "h", "uint1", "", "any", 1, "Push the memo entry with a 1-byte index."),
  op("LONG_BINGET", "j", "uint4", "", "any", 1, "Push the memo entry with a 4-byte index."),
  op("PUT", "p", "decimalnl_short", "any", "any", 0, "Store the top item in the memo at an index written in decimal."),
  op("BINPUT", "q", "uint1", "any", "any", 1, "Store the top item in the memo at a 1-byte index."),
  op("LONG_BINPUT", "r", "uint4", "any", "any", 1, "Store the top item in the memo at a 4-byte index."),
  op("MEMOIZE", "\x94", null, "any", "any", 4, "Store the top item in the memo at the next free index."),
  // The extension registry (copyreg.add_extension).
  op("EXT1", "\x82", "uint1", "", "any", 2, "Push the object registered under a 1-byte extension code (not supported)."),
  op("EXT2", "\x83", "uint2", "", "any", 2, "Push the object registered under a 2-byte extension code (not supported)."),
  op("EXT4", "\x84", "int4", "", "any", 2, "Push the object registered under a 4-byte extension code (not supported)."),
  // Classes, functions and objects.
  op("GLOBAL", "c", "stringnl_noescape_pair", "", "class", 0, "Push the class or function named by a module line and a name line."),
  op("STACK_GLOBAL", "\x93", null, "str str", "class", 4, "Replace a module name and an attribute name by the class or function they name."),
  op("REDUCE", "R", null, "callable tuple", "any", 0, "Call the callable with the tuple as arguments: here, build an inert stand-in."),
  op("BUILD", "b", null, "any state", "any", 0, "Give the object below its state (Python's __setstate__ or __dict__ update)."),
  op("INST", "i", "stringnl_noescape_pair", "mark items", "any", 0, "Make an instance of the named class from the arguments above the mark."),
  op("OBJ", "o", null, "mark class items", "any", 1, "Make an instance of the class just above the mark from the items after it."),
  op("NEWOBJ", "\x81", null, "class tuple", "any", 2, "Make an instance by cls.__new__(cls, *args)."),
  op("NEWOBJ_EX", "\x92", null, "class tuple dict", "any", 4, "Make an instance by cls.__new__(cls, *args, **kwargs)."),
  // Framing and protocol.
  op("PROTO", "\x80", "uint1", "", "", 2, "Declare the protocol version; comes first."),
  op("STOP", ".", null, "any", "", 0, "End the pickle: the top item is the result."),
  op("FRAME", "\x95", "uint8", "", "", 4, "Announce the size of the next frame of opcodes (a read-ahead hint)."),
  // Persistent ids: objects that live outside the pickle (torch storages).
  op("PERSID", "P", "stringnl_noescape", "", "any", 0, "Push the object the persistent_load hook returns for a text id."),
  op("BINPERSID", "Q", null, "any", "any", 1, "Replace the id on top by the object the persistent_load hook returns for it."),
] as const;

export type OpcodeName = (typeof opcodeRows)[number]["name"];
export type OpcodeRowOf<N extends OpcodeName> = Extract<(typeof opcodeRows)[number], { name: N }>;

/** The rows indexed by opcode byte; undefined for a byte that is no opcode. */
export const opcodeByCode: readonly (OpcodeRow | undefined)[] = indexRows();

function indexRows(): (OpcodeRow | undefined)[] {
  const byCode = new Array<OpcodeRow | undefined>(256).fill(undefined);
  const names = new Set<string>();
  for (const row of opcodeRows) {
    if (names.has(row.name)) throw new Error(`opcode table: the name ${row.name} appears twice`);
    if (byCode[row.code]) throw new Error(`opcode table: byte 0x${row.code.toString(16)} is both ${byCode[row.code]!.name} and ${row.name}`);
    if (row.code > 0xff) throw new Error(`opcode table: ${row.name} has no one-byte code`);
    if (row.arg !== null && !(row.arg in argReaders)) throw new Error(`opcode table: ${row.name} names an unknown argument reader`);
    if (row.protocol < 0 || row.protocol > highestProtocol) throw new Error(`opcode table: ${row.name} has protocol ${row.protocol}`);
    names.add(row.name);
    byCode[row.code] = row;
  }
  return byCode;
}

/** Reads the opcode byte at the cursor. */
export function readOpcode(c: Cursor): OpcodeRow {
  const code = c.bytes[c.pos]!;
  const row = opcodeByCode[code];
  if (!row) throw notAnOpcode(code);
  c.pos++;
  return row;
}

/** The failure for a byte that is no opcode. */
export function notAnOpcode(code: number): PickleFault {
  const shown = code >= 0x20 && code < 0x7f ? ` ('${String.fromCharCode(code)}')` : "";
  return new PickleFault(`0x${code.toString(16).padStart(2, "0")}${shown} is not a pickle opcode: the data is not a pickle, or it is damaged`);
}

/** Reads the argument that follows an opcode, if it has one. */
export function readArgument(c: Cursor, row: OpcodeRow): unknown {
  return row.arg === null ? undefined : argReaders[row.arg].read(c);
}
