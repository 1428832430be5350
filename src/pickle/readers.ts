// Argument readers: how each opcode's argument is laid out in the byte stream, each length checked before use.
import { PickleError, WeightscopeError } from "../errors.js";
import { PyByteArray, PyBytes } from "../python/values.js";

/** A failure inside the stream; the unpickler turns it into a PickleError naming the file and byte offset. */
export class PickleFault extends Error {}

export interface UnpickleLimits {
  /** Most memo entries a pickle may create. */
  maxMemo: number;
  /** Most values and MARKs pending at once: each open level of nesting holds one of them. */
  maxDepth: number;
  /** Longest string, bytes or integer a pickle may declare (it must also fit in the bytes left). */
  maxLength: number;
}

export const defaultLimits: UnpickleLimits = {
  maxMemo: 1 << 24,
  maxDepth: 1 << 22,
  maxLength: 2 ** 32,
};

/** Where a reader is in the bytes. Readers advance `pos` past what they consumed. */
export interface Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly limits: UnpickleLimits;
  pos: number;
}

export function cursorAt(bytes: Uint8Array, pos: number, limits: UnpickleLimits): Cursor {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits, pos };
}

/** Checks that `n` more bytes exist (and are allowed) before anything is allocated for them. */
function take(c: Cursor, n: number | bigint, what: string): number {
  const left = c.bytes.length - c.pos;
  if (n < 0) throw new PickleFault(`${what} has a negative length (${n})`);
  if (n > c.limits.maxLength) throw new PickleFault(`${what} declares ${n} bytes, more than the limit of ${c.limits.maxLength}`);
  if (n > left) throw new PickleFault(`${what} declares ${n} bytes but only ${left} remain: the data is truncated or corrupt`);
  const start = c.pos;
  c.pos += Number(n);
  return start;
}

function fixed(c: Cursor, n: number): number {
  const left = c.bytes.length - c.pos;
  if (n > left) throw new PickleFault(`the argument needs ${n} bytes but only ${left} remain: the data is truncated`);
  const start = c.pos;
  c.pos += n;
  return start;
}

/** One text line (protocol 0 arguments), without its newline, as latin-1 text. */
function line(c: Cursor): string {
  const end = c.bytes.indexOf(0x0a, c.pos);
  if (end < 0) throw new PickleFault("the text argument has no end of line before the data ends: the data is truncated");
  const text = latin1(c.bytes, c.pos, end - c.pos);
  c.pos = end + 1;
  return text;
}

/** Short texts (opcode lines, names) are made directly: a fresh process's first Buffer decode costs 0.2 ms. */
const shortText = 1024;

function latin1(bytes: Uint8Array, start: number, length: number): string {
  if (length <= shortText) return String.fromCharCode.apply(null, bytes.subarray(start, start + length) as unknown as number[]);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString("latin1");
}

/** Text read as latin-1, read again as UTF-8 (each byte was one character); ASCII reads the same either way. */
function asUtf8(text: string): string {
  return /^[\x00-\x7f]*$/.test(text) ? text : Buffer.from(text, "latin1").toString("utf8");
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 as Python's pickle writes it: with the `surrogatepass` error handler, so a lone surrogate
 * (legal in a Python str and a JS string) arrives as its 3-byte encoding and must decode back to itself.
 */
export function utf8(bytes: Uint8Array, start: number, length: number): string {
  const part = bytes.subarray(start, start + length);
  try {
    return strictUtf8.decode(part);
  } catch {
    return utf8WithSurrogates(part);
  }
}

function utf8WithSurrogates(b: Uint8Array): string {
  const units: string[] = [];
  for (let i = 0; i < b.length; ) {
    const x = b[i]!;
    const width = x < 0x80 ? 1 : x >= 0xf0 && x < 0xf5 ? 4 : x >= 0xe0 ? 3 : x >= 0xc2 && x < 0xe0 ? 2 : 0;
    if (width === 0 || i + width > b.length) throw new PickleFault(`the text is not valid UTF-8 (byte 0x${x.toString(16)} at ${i} of the string)`);
    let code = width === 1 ? x : x & (0xff >> (width + 1));
    for (let k = 1; k < width; k++) {
      const y = b[i + k]!;
      if ((y & 0xc0) !== 0x80) throw new PickleFault(`the text is not valid UTF-8 (byte 0x${y.toString(16)} at ${i + k} of the string)`);
      code = (code << 6) | (y & 0x3f);
    }
    units.push(String.fromCodePoint(code));
    i += width;
  }
  return units.join("");
}

const hexByte = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A little-endian two's-complement integer, in time linear in its length (one hex string, one BigInt). */
export function decodeLong(bytes: Uint8Array, start: number, length: number): number | bigint {
  if (length === 0) return 0;
  if (length <= 6) {
    let value = 0;
    for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[start + i]!;
    const top = 2 ** (8 * length);
    return value >= top / 2 ? value - top : value;
  }
  const digits = new Array<string>(length);
  for (let i = 0; i < length; i++) digits[i] = hexByte[bytes[start + length - 1 - i]!]!;
  let value = BigInt("0x" + digits.join(""));
  if (bytes[start + length - 1]! >= 0x80) value -= 1n << BigInt(8 * length);
  return normalizeInt(value);
}

/** A Python int as weightscope keeps it: a number while exact, a bigint beyond 2**53. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= -0x1fffffffffffffn && value <= 0x1fffffffffffffn ? Number(value) : value;
}

function decimal(text: string, what: string): number | bigint {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new PickleFault(`${what} is not a decimal integer: ${JSON.stringify(t.slice(0, 40))}`);
  return normalizeInt(BigInt(t));
}

const floatText = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const floatWords: Record<string, number> = { inf: Infinity, infinity: Infinity, nan: NaN };

function parseFloatText(text: string): number {
  const t = text.trim();
  if (floatText.test(t)) return Number(t);
  const sign = t.startsWith("-") ? -1 : 1;
  const word = floatWords[t.replace(/^[+-]/, "").toLowerCase()];
  if (word === undefined) throw new PickleFault(`the FLOAT argument is not a number: ${JSON.stringify(t.slice(0, 40))}`);
  return sign * word;
}

const simpleEscapes: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\n": "" };

/** Python 2's quoted str repr (protocol 0 STRING): the backslash escapes of `codecs.escape_decode`. */
function unquote(text: string): string {
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text[text.length - 1] !== q) throw new PickleFault("the STRING argument is not quoted");
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\" || i + 1 === body.length) {
      out += ch;
      continue;
    }
    const next = body[++i]!;
    const octal = /^[0-7]{1,3}/.exec(body.slice(i, i + 3));
    if (simpleEscapes[next] !== undefined) out += simpleEscapes[next];
    else if (octal) {
      out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === "x") throw new PickleFault("the STRING argument has a bad \\x escape");
    else out += "\\" + next;
  }
  return out;
}

/** Python's raw-unicode-escape (protocol 0 UNICODE): latin-1 text where \uXXXX and \UXXXXXXXX stand for other characters. */
function rawUnicodeEscape(text: string): string {
  return text.replace(/(\\+)(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (all, slashes: string, esc: string) => {
    if (slashes.length % 2 === 0) return all;
    const code = parseInt(esc.slice(1), 16);
    if (code > 0x10ffff) throw new PickleFault(`the UNICODE argument escapes a character beyond U+10FFFF (\\${esc})`);
    return slashes.slice(1) + String.fromCodePoint(code);
  });
}

function pair(c: Cursor): [module: string, name: string] {
  const module = line(c);
  const name = line(c);
  // Python 3 reads module and class names as UTF-8; latin1() kept the raw bytes one per character.
  return [asUtf8(module), asUtf8(name)];
}

function sized(c: Cursor, n: number | bigint, what: string): PyBytes {
  const start = take(c, n, what);
  // A view into the caller's bytes, never a copy; the buffer may be shared memory, which a view reads as well.
  return new PyBytes(c.bytes.buffer as ArrayBuffer, c.bytes.byteOffset + start, Number(n));
}

function text(c: Cursor, n: number | bigint, what: string): string {
  const start = take(c, n, what);
  return utf8(c.bytes, start, Number(n));
}

// Protocol 0/1 SHORT_BINSTRING/BINSTRING/STRING hold Python 2 str: bytes with no declared encoding. Like
// torch.load of legacy files (pickle's encoding='latin1'), they decode as latin-1, one character per byte,
// so no byte is lost.
function py2str(c: Cursor, n: number, what: string): string {
  const start = take(c, n, what);
  return latin1(c.bytes, start, n);
}

/**
 * Every argument layout of protocols 0 to 5, after pickletools' ArgumentDescriptor: a name, how many
 * bytes it spans (for the docs), and a reader that consumes it.
 */
export const argReaders = {
  uint1: { size: "1", doc: "unsigned 8-bit integer", read: (c: Cursor): number => c.bytes[fixed(c, 1)]! },
  uint2: { size: "2", doc: "unsigned 16-bit little-endian integer", read: (c: Cursor): number => c.view.getUint16(fixed(c, 2), true) },
  int4: { size: "4", doc: "signed 32-bit little-endian integer", read: (c: Cursor): number => c.view.getInt32(fixed(c, 4), true) },
  uint4: { size: "4", doc: "unsigned 32-bit little-endian integer", read: (c: Cursor): number => c.view.getUint32(fixed(c, 4), true) },
  uint8: {
    size: "8",
    doc: "unsigned 64-bit little-endian integer (a length, checked against the bytes left)",
    read: (c: Cursor): number => {
      const n = c.view.getBigUint64(fixed(c, 8), true);
      const left = c.bytes.length - c.pos;
      if (n > BigInt(left)) throw new PickleFault(`the frame declares ${n} bytes but only ${left} remain: the data is truncated or corrupt`);
      return Number(n);
    },
  },
  long1: { size: "1+n", doc: "n (1 byte), then n bytes of little-endian two's-complement integer", read: (c: Cursor) => longBytes(c, c.bytes[fixed(c, 1)]!) },
  long4: { size: "4+n", doc: "n (signed 4 bytes), then n bytes of little-endian two's-complement integer", read: (c: Cursor) => longBytes(c, c.view.getInt32(fixed(c, 4), true)) },
  decimalnl_short: {
    size: "line",
    doc: "decimal integer text and a newline; 00 and 01 mean False and True",
    read: (c: Cursor): number | bigint | boolean => {
      const t = line(c);
      return t === "00" ? false : t === "01" ? true : decimal(t, "the integer argument");
    },
  },
  decimalnl_long: {
    size: "line",
    doc: "decimal integer text with an optional trailing L, and a newline",
    read: (c: Cursor): number | bigint => decimal(line(c).replace(/L$/, ""), "the LONG argument"),
  },
  floatnl: { size: "line", doc: "float as repr() text (inf, nan too) and a newline", read: (c: Cursor): number => parseFloatText(line(c)) },
  float8: { size: "8", doc: "IEEE-754 double, big-endian", read: (c: Cursor): number => c.view.getFloat64(fixed(c, 8), false) },
  stringnl: { size: "line", doc: "Python 2 str repr in quotes, with backslash escapes, and a newline", read: (c: Cursor): string => unquote(line(c)) },
  stringnl_noescape: { size: "line", doc: "raw text and a newline", read: (c: Cursor): string => line(c) },
  stringnl_noescape_pair: { size: "2 lines", doc: "module name line, then attribute name line", read: pair },
  string1: { size: "1+n", doc: "n (1 byte), then n bytes of Python 2 str", read: (c: Cursor): string => py2str(c, c.bytes[fixed(c, 1)]!, "SHORT_BINSTRING") },
  string4: { size: "4+n", doc: "n (signed 4 bytes), then n bytes of Python 2 str", read: (c: Cursor): string => py2str(c, c.view.getInt32(fixed(c, 4), true), "BINSTRING") },
  bytes1: { size: "1+n", doc: "n (1 byte), then n bytes", read: (c: Cursor): PyBytes => sized(c, c.bytes[fixed(c, 1)]!, "SHORT_BINBYTES") },
  bytes4: { size: "4+n", doc: "n (unsigned 4 bytes), then n bytes", read: (c: Cursor): PyBytes => sized(c, c.view.getUint32(fixed(c, 4), true), "BINBYTES") },
  bytes8: { size: "8+n", doc: "n (unsigned 8 bytes), then n bytes", read: (c: Cursor): PyBytes => sized(c, c.view.getBigUint64(fixed(c, 8), true), "BINBYTES8") },
  bytearray8: {
    size: "8+n",
    doc: "n (unsigned 8 bytes), then n bytes, copied (a bytearray is mutable)",
    read: (c: Cursor): PyByteArray => {
      const n = c.view.getBigUint64(fixed(c, 8), true);
      const start = take(c, n, "BYTEARRAY8");
      return PyByteArray.from(c.bytes.subarray(start, start + Number(n)));
    },
  },
  unicodestringnl: { size: "line", doc: "raw-unicode-escape text and a newline", read: (c: Cursor): string => rawUnicodeEscape(line(c)) },
  unicodestring1: { size: "1+n", doc: "n (1 byte), then n bytes of UTF-8", read: (c: Cursor): string => text(c, c.bytes[fixed(c, 1)]!, "SHORT_BINUNICODE") },
  unicodestring4: { size: "4+n", doc: "n (unsigned 4 bytes), then n bytes of UTF-8", read: (c: Cursor): string => text(c, c.view.getUint32(fixed(c, 4), true), "BINUNICODE") },
  unicodestring8: { size: "8+n", doc: "n (unsigned 8 bytes), then n bytes of UTF-8", read: (c: Cursor): string => text(c, c.view.getBigUint64(fixed(c, 8), true), "BINUNICODE8") },
} as const;

function longBytes(c: Cursor, n: number): number | bigint {
  const start = take(c, n, "the integer");
  return decodeLong(c.bytes, start, n);
}

export type ArgReaderName = keyof typeof argReaders;
export type ArgValue<R extends ArgReaderName> = ReturnType<(typeof argReaders)[R]["read"]>;

/** Where a failure happened: `data.pkl at byte 2 (GLOBAL)`, or `byte 2 (GLOBAL)` when no place was given. */
export function placeAt(place: string | undefined, pos: number, opname?: string): string {
  const at = `byte ${pos}` + (opname ? ` (${opname})` : "");
  return place ? `${place} at ${at}` : at;
}

/**
 * Turns whatever a stream step threw into a one-line PickleError at that step. Errors that already carry
 * their place (a WeightscopeError from a hook) pass unchanged; a bug surfacing as a TypeError still says where.
 */
export function locate(error: unknown, where: { file?: string; place?: string }, pos: number, opname?: string): WeightscopeError {
  if (error instanceof WeightscopeError) return error;
  const detail = error instanceof PickleFault ? error.message : `${opname ?? "reading"} failed: ${error instanceof Error ? error.message : String(error)}`;
  const located = new PickleError(oneLine(detail), { file: where.file, place: placeAt(where.place, pos, opname) });
  if (!(error instanceof PickleFault)) Object.defineProperty(located, "cause", { value: error });
  return located;
}

/** Text from a file, made safe to print inside a one-line message. */
export function printable(text: string, max = 200): string {
  const clipped = text.length > max ? text.slice(0, max) + "..." : text;
  return clipped.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (ch) => "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0"));
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ");
}
