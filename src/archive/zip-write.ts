// Writes a zip archive the way torch's PyTorchStreamWriter lays it out, into a temporary file renamed at the end.
import { ArchiveError } from "../errors.js";
import { writeAll, writeFileAtomically } from "../file-write.js";
import { crc32 } from "./crc32.js";

/** One record: its full name in the archive and its bytes, or a function that produces them when written. */
export interface ZipWriteEntry {
  readonly name: string;
  readonly data: Uint8Array | (() => Uint8Array);
}

export interface ZipWriteOptions {
  /** Data offsets are multiples of this (torch's kFieldAlignment, 64, lets readers mmap records). */
  readonly alignment?: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_RECORD = 0x06054b50;
const ZIP64_END_RECORD = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
/** "FB": the extra field torch pads with so each record's data lands on an aligned offset. */
const PADDING_EXTRA = 0x4246;
/** Version 4.5: the first with zip64 records, which every archive here carries. */
const VERSION_ZIP64 = 45;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  headerOffset: number;
}

/**
 * Writes `entries` as a zip at `path`: every entry STORED with its CRC-32, its data aligned by an `FB`
 * padding field, and zip64 end records always present, as torch writes them. The bytes go to
 * `<path>.tmp-<pid>-<random>` first, one entry at a time, and replace `path` only once complete; on any
 * failure the temporary file is removed and an existing `path` is left as it was.
 */
export function writeZip(path: string, entries: readonly ZipWriteEntry[], options: ZipWriteOptions = {}): void {
  const alignment = options.alignment ?? 64;
  writeFileAtomically(
    path,
    (fd) => {
      const written: Written[] = [];
      let offset = 0;
      const seen = new Set<string>();
      for (const entry of entries) {
        if (seen.has(entry.name)) throw new ArchiveError(`two entries are named ${JSON.stringify(entry.name)}`, { file: path, place: entry.name });
        seen.add(entry.name);
        const data = typeof entry.data === "function" ? entry.data() : entry.data;
        const name = new TextEncoder().encode(entry.name);
        const header = localHeader(name, data, offset, alignment);
        writeAll(fd, header, offset);
        writeAll(fd, data, offset + header.length);
        written.push({ name, crc: crc32(data), size: data.length, headerOffset: offset });
        offset += header.length + data.length;
      }
      writeAll(fd, endRecords(written, offset), offset);
    },
    (error) =>
      error instanceof Error && "code" in error && !(error instanceof ArchiveError) ? new ArchiveError(`cannot write the file: ${error.message}`, { file: path }) : error,
  );
}

/** The local header, with a zip64 field when the size needs one and the `FB` field that aligns the data. */
function localHeader(name: Uint8Array, data: Uint8Array, offset: number, alignment: number): Uint8Array {
  const big = data.length >= U32_MAX;
  const zip64Length = big ? 20 : 0;
  const unpadded = offset + 30 + name.length + zip64Length + 4;
  const padding = (alignment - (unpadded % alignment)) % alignment;
  const out = Buffer.alloc(30 + name.length + zip64Length + 4 + padding);
  out.writeUInt32LE(LOCAL_HEADER, 0);
  out.writeUInt16LE(VERSION_ZIP64, 4);
  out.writeUInt16LE(nameFlags(name), 6);
  out.writeUInt16LE(0, 8); // STORED
  out.writeUInt16LE(0, 10); // time
  out.writeUInt16LE(0x21, 12); // date: 1980-01-01, the earliest DOS date
  out.writeUInt32LE(crc32(data), 14);
  out.writeUInt32LE(big ? U32_MAX : data.length, 18);
  out.writeUInt32LE(big ? U32_MAX : data.length, 22);
  out.writeUInt16LE(name.length, 26);
  out.writeUInt16LE(zip64Length + 4 + padding, 28);
  out.set(name, 30);
  let at = 30 + name.length;
  if (big) {
    out.writeUInt16LE(ZIP64_EXTRA, at);
    out.writeUInt16LE(16, at + 2);
    out.writeBigUInt64LE(BigInt(data.length), at + 4);
    out.writeBigUInt64LE(BigInt(data.length), at + 12);
    at += 20;
  }
  out.writeUInt16LE(PADDING_EXTRA, at);
  out.writeUInt16LE(padding, at + 2);
  out.fill("Z", at + 4);
  return out;
}

/** General-purpose flag bit 11 says the name is UTF-8; pure ASCII names go without it, as torch's do. */
function nameFlags(name: Uint8Array): number {
  return name.some((byte) => byte >= 0x80) ? 0x0800 : 0;
}

/** Central directory, zip64 end record, zip64 locator and the classic end record. */
function endRecords(written: readonly Written[], directoryOffset: number): Uint8Array {
  const parts: Buffer[] = [];
  for (const entry of written) {
    const sizeBig = entry.size >= U32_MAX;
    const offsetBig = entry.headerOffset >= U32_MAX;
    const zip64Values = [...(sizeBig ? [entry.size, entry.size] : []), ...(offsetBig ? [entry.headerOffset] : [])];
    const extraLength = zip64Values.length > 0 ? 4 + 8 * zip64Values.length : 0;
    const out = Buffer.alloc(46 + entry.name.length + extraLength);
    out.writeUInt32LE(CENTRAL_HEADER, 0);
    out.writeUInt16LE(VERSION_ZIP64, 4);
    out.writeUInt16LE(VERSION_ZIP64, 6);
    out.writeUInt16LE(nameFlags(entry.name), 8);
    out.writeUInt16LE(0, 10);
    out.writeUInt16LE(0, 12);
    out.writeUInt16LE(0x21, 14);
    out.writeUInt32LE(entry.crc, 16);
    out.writeUInt32LE(sizeBig ? U32_MAX : entry.size, 20);
    out.writeUInt32LE(sizeBig ? U32_MAX : entry.size, 24);
    out.writeUInt16LE(entry.name.length, 28);
    out.writeUInt16LE(extraLength, 30);
    // comment length, disk number, internal and external attributes stay zero
    out.writeUInt32LE(offsetBig ? U32_MAX : entry.headerOffset, 42);
    out.set(entry.name, 46);
    if (extraLength > 0) {
      const at = 46 + entry.name.length;
      out.writeUInt16LE(ZIP64_EXTRA, at);
      out.writeUInt16LE(8 * zip64Values.length, at + 2);
      zip64Values.forEach((value, i) => out.writeBigUInt64LE(BigInt(value), at + 4 + 8 * i));
    }
    parts.push(out);
  }
  const directorySize = parts.reduce((sum, part) => sum + part.length, 0);
  const zip64EndOffset = directoryOffset + directorySize;
  const tail = Buffer.alloc(56 + 20 + 22);
  tail.writeUInt32LE(ZIP64_END_RECORD, 0);
  tail.writeBigUInt64LE(44n, 4);
  tail.writeUInt16LE(VERSION_ZIP64, 12);
  tail.writeUInt16LE(VERSION_ZIP64, 14);
  tail.writeBigUInt64LE(BigInt(written.length), 24);
  tail.writeBigUInt64LE(BigInt(written.length), 32);
  tail.writeBigUInt64LE(BigInt(directorySize), 40);
  tail.writeBigUInt64LE(BigInt(directoryOffset), 48);
  tail.writeUInt32LE(ZIP64_LOCATOR, 56);
  tail.writeBigUInt64LE(BigInt(zip64EndOffset), 64);
  tail.writeUInt32LE(1, 72);
  tail.writeUInt32LE(END_RECORD, 76);
  tail.writeUInt16LE(Math.min(written.length, U16_MAX), 84);
  tail.writeUInt16LE(Math.min(written.length, U16_MAX), 86);
  tail.writeUInt32LE(Math.min(directorySize, U32_MAX), 88);
  tail.writeUInt32LE(Math.min(directoryOffset, U32_MAX), 92);
  return Buffer.concat([...parts, tail]);
}
