// The zip format as data: record layouts, compression methods, flag bits, zip64 extras, name decoding.
import { ArchiveError } from "../errors.js";

/** A fixed-size zip record: its signature and where each little-endian field sits. */
export interface RecordLayout<Field extends string> {
  title: string;
  signature: number;
  size: number;
  fields: Record<Field, readonly [offset: number, width: 2 | 4 | 8]>;
}

export const endOfCentralDirectory = {
  title: "end of central directory record",
  signature: 0x06054b50,
  size: 22,
  fields: {
    disk: [4, 2],
    centralDirectoryDisk: [6, 2],
    entriesOnDisk: [8, 2],
    entries: [10, 2],
    centralDirectorySize: [12, 4],
    centralDirectoryOffset: [16, 4],
    commentLength: [20, 2],
  },
} as const satisfies RecordLayout<string>;

export const zip64Locator = {
  title: "zip64 end of central directory locator",
  signature: 0x07064b50,
  size: 20,
  fields: { zip64EndDisk: [4, 4], zip64EndOffset: [8, 8], diskCount: [16, 4] },
} as const satisfies RecordLayout<string>;

export const zip64EndOfCentralDirectory = {
  title: "zip64 end of central directory record",
  signature: 0x06064b50,
  size: 56,
  fields: {
    // Counts the bytes after this field: the 56-byte record minus its first 12.
    recordSize: [4, 8],
    disk: [16, 4],
    centralDirectoryDisk: [20, 4],
    entriesOnDisk: [24, 8],
    entries: [32, 8],
    centralDirectorySize: [40, 8],
    centralDirectoryOffset: [48, 8],
  },
} as const satisfies RecordLayout<string>;

export const centralDirectoryHeader = {
  title: "central directory header",
  signature: 0x02014b50,
  size: 46,
  fields: {
    flags: [8, 2],
    method: [10, 2],
    crc32: [16, 4],
    compressedSize: [20, 4],
    size: [24, 4],
    nameLength: [28, 2],
    extraLength: [30, 2],
    commentLength: [32, 2],
    diskStart: [34, 2],
    localHeaderOffset: [42, 4],
  },
} as const satisfies RecordLayout<string>;

export const localFileHeader = {
  title: "local file header",
  signature: 0x04034b50,
  size: 30,
  fields: {
    flags: [6, 2],
    method: [8, 2],
    crc32: [14, 4],
    compressedSize: [18, 4],
    size: [22, 4],
    nameLength: [26, 2],
    extraLength: [28, 2],
  },
} as const satisfies RecordLayout<string>;

/** The longest comment an end record can carry; the end record is searched for in this many bytes plus its own. */
export const maxCommentLength = 0xffff;

/** Compression methods by their number in the headers; only the ones with a name here can be read. */
export const readableMethods = { 0: "stored", 8: "deflate" } as const satisfies Record<number, string>;
export type MethodName = (typeof readableMethods)[keyof typeof readableMethods];

/** Methods weightscope recognises but does not decompress, so the error can say which one it met. */
export const unreadableMethods: Readonly<Record<number, string>> = {
  1: "shrink",
  6: "implode",
  9: "deflate64",
  12: "bzip2",
  14: "lzma",
  93: "zstandard",
  95: "xz",
  98: "ppmd",
  99: "AES encryption",
};

/** General-purpose flag bits that change how an entry must be read. */
export const flagBits = {
  encrypted: 1 << 0,
  /** Sizes and CRC follow the data instead of sitting in the local header (torch writes this way). */
  dataDescriptor: 1 << 3,
  strongEncryption: 1 << 6,
  utf8Name: 1 << 11,
} as const;

/**
 * Deflate cannot expand data more than 1032:1 (a 258-byte match in as little as two bits), so a
 * declared size beyond this ratio is a lie told before any byte is inflated.
 */
export const maxDeflateRatio = 1032;

/**
 * Fields of the zip64 extended-information extra field (header id 1). A field is present only when
 * its 32- or 16-bit counterpart in the header is saturated, and always in this order.
 */
export const zip64ExtraId = 0x0001;
export const zip64ExtraFields = [
  { field: "size", saturated: 0xffffffff, width: 8 },
  { field: "compressedSize", saturated: 0xffffffff, width: 8 },
  { field: "localHeaderOffset", saturated: 0xffffffff, width: 8 },
  { field: "diskStart", saturated: 0xffff, width: 4 },
] as const;

/** Where an error points: the file, a place inside it. */
export interface Where {
  file: string;
  place: string;
}

/**
 * Reads one unsigned little-endian field. 64-bit fields are refused at 2**53 and beyond,
 * where a JavaScript number would silently round an offset.
 */
export function readUnsigned(bytes: Uint8Array, at: number, width: 2 | 4 | 8, where: Where, what: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (width === 2) return view.getUint16(at, true);
  if (width === 4) return view.getUint32(at, true);
  return readUint64(view, at, where, what);
}

function readUint64(view: DataView, at: number, where: Where, what: string): number {
  // Two 32-bit halves: no BigInt on the way to a plain number. A high half of 2**21 or more is 2**53 or more.
  const high = view.getUint32(at + 4, true);
  if (high >= 0x200000) {
    throw new ArchiveError(`${what} is ${view.getBigUint64(at, true)}, beyond any file this reader can address (2**53)`, where);
  }
  return high * 0x100000000 + view.getUint32(at, true);
}

/** A 32-bit value as 0x-prefixed hex, for signatures and CRCs in messages. */
export function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

/**
 * Splits an extra-field area into (id, data) blocks, refusing a block whose length runs past the area:
 * a reader that trusts such a length would read the next header as extra data.
 */
export function extraBlocks(extra: Uint8Array, where: Where): Map<number, Uint8Array> {
  const blocks = new Map<number, Uint8Array>();
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = readUnsigned(extra, at, 2, where, "extra field id");
    const length = readUnsigned(extra, at + 2, 2, where, "extra field length");
    if (at + 4 + length > extra.length) {
      throw new ArchiveError(
        `extra field ${hex(id)} declares ${length} bytes but only ${extra.length - at - 4} remain`,
        where,
      );
    }
    if (!blocks.has(id)) blocks.set(id, extra.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return blocks;
}

/** The upper half of code page 437, the encoding of names without the UTF-8 flag. */
const cp437High =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀" +
  "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const utf8 = new TextDecoder("utf-8");

/** Decodes an entry name the way Python's zipfile does: UTF-8 when flagged, code page 437 otherwise. */
export function decodeName(raw: Uint8Array, flags: number): string {
  if ((flags & flagBits.utf8Name) !== 0) return utf8.decode(raw);
  let name = "";
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    name += byte < 0x80 ? String.fromCharCode(byte) : cp437High[byte - 0x80];
  }
  return name;
}
