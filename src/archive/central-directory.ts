// Reads the central directory and validates every entry against the file before anyone reads a byte of
// entry data; each entry's local header is checked on the entry's first read.
//
// Opening runs once per file, mostly in V8's interpreter (a fresh process lists a file and exits), so the
// walk over the headers is written for that: fixed-offset reads, no per-entry objects beyond the entry
// itself, error places spelled out only when an error is thrown.
import { ArchiveError } from "../errors.js";
import type { FileSource } from "./file-source.js";
import { type DirectoryLocation, type Tail, bytesAt, locateCentralDirectory, readTail } from "./end-records.js";
import { type CentralFacts, checkLocalHeader, localPlace } from "./local-header.js";
import {
  type MethodName,
  type Where,
  centralDirectoryHeader,
  decodeName,
  extraBlocks,
  flagBits,
  hex,
  localFileHeader,
  maxDeflateRatio,
  readUnsigned,
  readableMethods,
  unreadableMethods,
  zip64ExtraFields,
  zip64ExtraId,
} from "./records.js";

/** One entry as the central directory describes it, every number checked against the file. */
export interface ZipEntry {
  name: string;
  method: MethodName;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

// Central header field offsets from the layout table in records.ts, as plain constants: the walk reads
// them once per entry.
const central = centralDirectoryHeader.fields;
const HEADER_SIZE = centralDirectoryHeader.size;
const SIGNATURE = centralDirectoryHeader.signature;
const FLAGS = central.flags[0];
const METHOD = central.method[0];
const CRC32 = central.crc32[0];
const COMPRESSED_SIZE = central.compressedSize[0];
const SIZE = central.size[0];
const NAME_LENGTH = central.nameLength[0];
const EXTRA_LENGTH = central.extraLength[0];
const COMMENT_LENGTH = central.commentLength[0];
const DISK_START = central.diskStart[0];
const LOCAL_HEADER_OFFSET = central.localHeaderOffset[0];
const LOCAL_HEADER_SIZE = localFileHeader.size;

const byte = (offset: number): string => `byte ${offset}`;
const quoted = (name: string): string => JSON.stringify(name);
const centralPlace = (file: string, offset: number, name: string): Where => ({
  file,
  place: `entry ${quoted(name)} (central directory header at ${byte(offset)})`,
});

/**
 * The validated central directory of one archive. Everything the central headers say is checked at
 * open; what needs an entry's local header (where its data starts, and that the two headers agree) is
 * checked by `dataOffset` on the entry's first read.
 */
export class CentralDirectory {
  /** Where each entry's data starts once its local header has been checked; -1 before. */
  private readonly dataOffsets: Float64Array;

  constructor(
    private readonly source: FileSource,
    /** The central directory's bytes, which start at byte `offset` of the file. */
    private readonly bytes: Uint8Array,
    readonly offset: number,
    readonly entries: readonly ZipEntry[],
    readonly byName: ReadonlyMap<string, number>,
    /** Each entry's central header, as an offset into `bytes`. */
    private readonly headerAt: Float64Array,
    /**
     * The entry that follows each one in the file (by local header offset), -1 after the last; undefined
     * when the directory lists the entries in file order, as writers do.
     */
    private readonly next: Int32Array | undefined,
  ) {
    this.dataOffsets = new Float64Array(entries.length).fill(-1);
  }

  /**
   * Where entry `index`'s data starts. The first call reads its local header, checks it against the
   * central header and checks that the data ends before the next entry's local header.
   */
  dataOffset(index: number): number {
    const known = this.dataOffsets[index]!;
    if (known >= 0) return known;
    const dataOffset = this.localData(index);
    this.refuseOverlap(index, dataOffset);
    this.dataOffsets[index] = dataOffset;
    return dataOffset;
  }

  /** The local header's checks, then whether the data fits before the central directory. */
  private localData(index: number): number {
    const facts = this.facts(index);
    const dataOffset = checkLocalHeader(this.source, facts);
    const { compressedSize } = this.entries[index]!;
    if (compressedSize > this.offset - dataOffset) {
      throw new ArchiveError(
        `${compressedSize} bytes of data at ${byte(dataOffset)} run past ` +
          `the start of the central directory at ${byte(this.offset)}`,
        centralPlace(this.source.path, this.offset + this.headerAt[index]!, facts.name),
      );
    }
    return dataOffset;
  }

  /** Refuses data that runs into the next entry's local header: the layout of overlapping zip bombs. */
  private refuseOverlap(index: number, dataOffset: number): void {
    const entry = this.entries[index]!;
    const following = this.following(index);
    const nextStart = following === -1 ? this.offset : this.entries[following]!.localHeaderOffset;
    if (dataOffset + entry.compressedSize > nextStart) {
      throw new ArchiveError(
        `its data (${byte(dataOffset)} to ${byte(dataOffset + entry.compressedSize)}) overlaps ${
          following === -1 ? "the central directory" : `entry ${quoted(this.entries[following]!.name)}`
        } at ${byte(nextStart)}`,
        localPlace(this.source.path, entry.name, entry.localHeaderOffset),
      );
    }
  }

  private facts(index: number): CentralFacts {
    const at = this.headerAt[index]!;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + at, HEADER_SIZE);
    const nameAt = at + HEADER_SIZE;
    const entry = this.entries[index]!;
    return {
      name: entry.name,
      rawName: this.bytes.subarray(nameAt, nameAt + view.getUint16(NAME_LENGTH, true)),
      flags: view.getUint16(FLAGS, true),
      method: view.getUint16(METHOD, true),
      crc32: entry.crc32,
      localHeaderOffset: entry.localHeaderOffset,
    };
  }

  /**
   * Refuses entries whose local header and data run into the next entry's local header (how
   * non-recursive zip bombs work), from the earliest byte each entry's data can start; the exact check
   * for an entry comes with its local header, on its first read.
   */
  refuseOverlapsAtOpen(): void {
    const { entries } = this;
    for (let index = this.first(); index !== -1; index = this.following(index)) {
      const following = this.following(index);
      const nextStart = following === -1 ? this.offset : entries[following]!.localHeaderOffset;
      const { name, compressedSize, localHeaderOffset } = entries[index]!;
      const earliestData = this.earliestDataOffset(index);
      if (earliestData + compressedSize > nextStart) {
        const fallback = new ArchiveError(
          `its data (${compressedSize} bytes at ${byte(earliestData)} or later) overlaps ${
            following === -1 ? "the central directory" : `entry ${quoted(entries[following]!.name)}`
          } at ${byte(nextStart)}`,
          localPlace(this.source.path, name, localHeaderOffset),
        );
        this.refuseExactly(entries.length - 1, true, fallback);
      }
    }
  }

  /**
   * The open-time checks bound each entry's data from below. When a bound fails, the file is hostile or
   * broken: the local headers of entries `0..last` are then checked in directory order and the data
   * ranges in file order, as a reader that reads every local header at open would, so the error names
   * the first real problem with exact offsets. `fallback` is thrown if none is found, which the bound
   * makes impossible.
   */
  private refuseExactly(last: number, withOverlaps: boolean, fallback: ArchiveError): never {
    const dataOffsets: number[] = [];
    for (let index = 0; index <= last; index++) dataOffsets.push(this.localData(index));
    if (withOverlaps) {
      for (let index = this.first(); index !== -1; index = this.following(index)) this.refuseOverlap(index, dataOffsets[index]!);
    }
    throw fallback;
  }

  /**
   * Refuses entry `index`, the last one walked so far, whose data runs past the start of the central
   * directory even from its earliest start.
   */
  refuseDataPastDirectory(index: number, earliestData: number): never {
    const { name, compressedSize } = this.entries[index]!;
    this.refuseExactly(index, false, dataPastDirectory(this.source.path, this.offset + this.headerAt[index]!, name, compressedSize, earliestData, this.offset));
  }

  /** The entry whose local header comes first in the file, or -1 when there is none. */
  private first(): number {
    if (this.entries.length === 0) return -1;
    if (this.next === undefined) return 0;
    let first = 0;
    for (let index = 1; index < this.entries.length; index++) {
      if (this.entries[index]!.localHeaderOffset < this.entries[first]!.localHeaderOffset) first = index;
    }
    return first;
  }

  /** The entry after `index` in file order, or -1. */
  private following(index: number): number {
    if (this.next !== undefined) return this.next[index]!;
    return index + 1 < this.entries.length ? index + 1 : -1;
  }

  /** The earliest byte where entry `index`'s data can start: after a local header with no extra field. */
  private earliestDataOffset(index: number): number {
    const nameLengthAt = this.headerAt[index]! + NAME_LENGTH;
    const nameLength = this.bytes[nameLengthAt]! | (this.bytes[nameLengthAt + 1]! << 8);
    return this.entries[index]!.localHeaderOffset + LOCAL_HEADER_SIZE + nameLength;
  }
}

/** Reads and validates the whole central directory of `source`; reads only end records and headers. */
export function readCentralDirectory(source: FileSource): CentralDirectory {
  const tail = readTail(source);
  return readEntries(source, tail, locateCentralDirectory(source, tail));
}

/** Reads the central directory's bytes (usually already in the tail) and walks its headers. */
function readEntries(source: FileSource, tail: Tail, location: DirectoryLocation): CentralDirectory {
  const { offset, size, entries: claimed, endRecordsStart } = location;
  if (offset > endRecordsStart || size > endRecordsStart - offset) throw directoryPastEndRecords(source.path, location);
  // Every header takes at least 46 bytes, so an absurd count fails here, before any parsing.
  if (claimed > Math.floor(size / HEADER_SIZE)) throw tooManyEntries(source.path, location);
  const bytes = bytesAt(source, tail, offset, size, byte(offset));
  // Decoding each name on its own costs a call per entry; names are almost always ASCII, which reads the
  // same in UTF-8 and code page 437, so the first walk cuts them from one latin1 string of the whole
  // directory. If a name is not ASCII, or the walk refuses the file (its message may hold such a name),
  // the careful walk decodes each name as its flag says, and its result or refusal stands.
  const text = latin1Text(bytes);
  if (text !== undefined) {
    try {
      const directory = walk(source, bytes, location, text);
      if (directory !== undefined) return directory;
    } catch {
      // The careful walk below throws this refusal again, with every name decoded.
    }
  }
  return walk(source, bytes, location, undefined)!;
}

/** A latin1 decoder (each byte one character), where this Node has one: builds without full ICU lack it. */
let latin1: InstanceType<typeof TextDecoder> | null | undefined;
/** Longer directories are not made into one string: V8 caps a string's length. */
const maxDirectoryText = 1 << 28;

function latin1Text(bytes: Uint8Array): string | undefined {
  if (latin1 === undefined) {
    try {
      latin1 = new TextDecoder("latin1");
    } catch {
      latin1 = null;
    }
  }
  return latin1 === null || bytes.length > maxDirectoryText ? undefined : latin1.decode(bytes);
}

/** Names made only of ASCII, which the latin1 text gives right. */
const asciiOnly = /^[\x00-\x7f]*$/;

/**
 * Walks the central headers, checking each against the file; no local header is read unless a check
 * fails. With `text`, names are cut from it, and undefined is returned if any is not ASCII.
 */
function walk(source: FileSource, bytes: Uint8Array, location: DirectoryLocation, text: string | undefined): CentralDirectory | undefined {
  const file = source.path;
  const { offset, size, entries: claimed } = location;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: ZipEntry[] = [];
  const byName = new Map<string, number>();
  const headerAt = new Float64Array(claimed);
  /** Every name cut from `text`, end to end, to check for ASCII once. */
  let names = "";
  let inFileOrder = true;
  /** Whether some entry's data, from its earliest start, runs into the next entry's local header. */
  let overlaps = false;
  /** Where the previous entry's local header starts, and where its data ends at the earliest. */
  let previousStart = 0;
  let previousEnd = 0;
  let at = 0;
  for (let index = 0; index < claimed; index++) {
    if (size - at < HEADER_SIZE) throw tooFewEntries(file, offset + at, index, claimed);
    const signature = view.getUint32(at, true);
    if (signature !== SIGNATURE) throw notACentralHeader(file, offset + at, signature);
    const nameLength = view.getUint16(at + NAME_LENGTH, true);
    const length = HEADER_SIZE + nameLength + view.getUint16(at + EXTRA_LENGTH, true) + view.getUint16(at + COMMENT_LENGTH, true);
    if (length > size - at) throw headerPastDirectory(file, offset + at);
    const nameAt = at + HEADER_SIZE;
    const flags = view.getUint16(at + FLAGS, true);
    let name: string;
    if (text === undefined) {
      name = decodeName(bytes.subarray(nameAt, nameAt + nameLength), flags);
    } else {
      name = text.slice(nameAt, nameAt + nameLength);
      names += name;
    }

    const entry = checkedEntry(view, at, name, flags, offset, file);
    headerAt[index] = at;
    entries.push(entry);
    // The data starts after the local header, its name and its extra field, whose length only the local
    // header gives: this checks from the earliest start, and on failure from the exact one.
    const earliestData = entry.localHeaderOffset + LOCAL_HEADER_SIZE + nameLength;
    if (entry.compressedSize > offset - earliestData) {
      new CentralDirectory(source, bytes, offset, entries, byName, headerAt, undefined).refuseDataPastDirectory(index, earliestData);
    }
    if (entry.localHeaderOffset < previousStart) inFileOrder = false;
    else if (previousEnd > entry.localHeaderOffset) overlaps = true;
    previousStart = entry.localHeaderOffset;
    previousEnd = earliestData + entry.compressedSize;
    byName.set(name, index);
    at += length;
  }
  if (text !== undefined && !asciiOnly.test(names)) return undefined;
  if (at !== size) throw bytesAfterLastEntry(file, offset + at, size - at, claimed);
  // A name seen twice was stored once in the map.
  if (byName.size !== entries.length) throw duplicateName(file, entries);
  const directory = new CentralDirectory(source, bytes, offset, entries, byName, headerAt, inFileOrder ? undefined : fileOrder(entries));
  // In file order, the walk has already compared each entry with the next; otherwise compare now.
  if (!inFileOrder || overlaps) directory.refuseOverlapsAtOpen();
  return directory;
}

/** Decodes the central header at `at` and checks everything it says on its own; returns the frozen entry. */
function checkedEntry(
  view: DataView,
  at: number,
  name: string,
  flags: number,
  directoryOffset: number,
  file: string,
): ZipEntry {
  const methodNumber = view.getUint16(at + METHOD, true);
  const crc32 = view.getUint32(at + CRC32, true);
  let compressedSize = view.getUint32(at + COMPRESSED_SIZE, true);
  let size = view.getUint32(at + SIZE, true);
  let diskStart = view.getUint16(at + DISK_START, true);
  let localHeaderOffset = view.getUint32(at + LOCAL_HEADER_OFFSET, true);
  const headerOffset = directoryOffset + at;

  if ((flags & (flagBits.encrypted | flagBits.strongEncryption)) !== 0) throw encrypted(file, headerOffset, name);
  const method = readableMethods[methodNumber as keyof typeof readableMethods] as MethodName | undefined;
  if (method === undefined) throw unsupportedMethod(file, headerOffset, name, methodNumber);
  if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff || diskStart === 0xffff) {
    const nameLength = view.getUint16(at + NAME_LENGTH, true);
    const extraAt = view.byteOffset + at + HEADER_SIZE + nameLength;
    const extra = new Uint8Array(view.buffer, extraAt, view.getUint16(at + EXTRA_LENGTH, true));
    const wide = zip64Values({ size, compressedSize, localHeaderOffset, diskStart }, extra, centralPlace(file, headerOffset, name));
    ({ size, compressedSize, localHeaderOffset, diskStart } = wide);
  }
  if (diskStart !== 0) throw otherDisk(file, headerOffset, name);
  if (localHeaderOffset > directoryOffset - LOCAL_HEADER_SIZE) throw noRoomForLocalHeader(file, headerOffset, name, localHeaderOffset, directoryOffset);
  if (method === "stored" && compressedSize !== size) throw storedSizesDiffer(file, headerOffset, name, compressedSize, size);
  if (method === "deflate" && size > Math.max(compressedSize, 1) * maxDeflateRatio) {
    throw beyondDeflateRatio(file, headerOffset, name, compressedSize, size);
  }
  return Object.freeze({ name, method, compressedSize, size, crc32, localHeaderOffset });
}

type SizeFields = { size: number; compressedSize: number; localHeaderOffset: number; diskStart: number };

/** Replaces each saturated field by its 64-bit value from the zip64 extra field, which must then be there. */
function zip64Values(header: SizeFields, extra: Uint8Array, where: Where): SizeFields {
  const fields = { ...header };
  const block = extraBlocks(extra, where).get(zip64ExtraId);
  let at = 0;
  for (const { field, saturated, width } of zip64ExtraFields) {
    if (header[field] !== saturated) continue;
    if (block === undefined || at + width > block.length) {
      throw new ArchiveError(
        `${field} is saturated (${header[field]}) but the zip64 extra field does not carry it`,
        where,
      );
    }
    fields[field] = readUnsigned(block, at, width, where, `zip64 ${field}`);
    at += width;
  }
  return fields;
}

/** Each entry's successor in file order (ties in directory order), -1 after the last. */
function fileOrder(entries: readonly ZipEntry[]): Int32Array {
  const order = entries.map((_, index) => index).sort((a, b) => entries[a]!.localHeaderOffset - entries[b]!.localHeaderOffset || a - b);
  const next = new Int32Array(entries.length);
  for (let k = 0; k < order.length; k++) next[order[k]!] = k + 1 < order.length ? order[k + 1]! : -1;
  return next;
}

// The refusals of the walk above, one function each: a fresh process compiles a function when it first
// runs, so messages kept out of the walk cost nothing until one is thrown.

function directoryPastEndRecords(file: string, { offset, size, endRecordsStart }: DirectoryLocation): ArchiveError {
  return new ArchiveError(
    `the central directory (${size} bytes at byte ${offset}) runs past the end records at byte ${endRecordsStart}`,
    { file, place: byte(offset) },
  );
}

function tooManyEntries(file: string, { offset, size, entries }: DirectoryLocation): ArchiveError {
  const room = Math.floor(size / HEADER_SIZE);
  return new ArchiveError(`the end record claims ${entries} entries, but a ${size}-byte central directory holds at most ${room}`, {
    file,
    place: byte(offset),
  });
}

function tooFewEntries(file: string, at: number, found: number, claimed: number): ArchiveError {
  return new ArchiveError(`the central directory ends after ${found} entries, but the end record claims ${claimed}`, { file, place: byte(at) });
}

function notACentralHeader(file: string, at: number, signature: number): ArchiveError {
  const { title, signature: expected } = centralDirectoryHeader;
  return new ArchiveError(`expected a ${title} (signature ${hex(expected)}), found ${hex(signature)}`, { file, place: byte(at) });
}

function headerPastDirectory(file: string, at: number): ArchiveError {
  return new ArchiveError(`${centralDirectoryHeader.title} runs past the end of the central directory`, { file, place: byte(at) });
}

function bytesAfterLastEntry(file: string, at: number, left: number, claimed: number): ArchiveError {
  return new ArchiveError(`${left} bytes of the central directory follow its last entry: the end record claims ${claimed} entries`, {
    file,
    place: byte(at),
  });
}

/** Names the first entry whose name an earlier entry already has. */
function duplicateName(file: string, entries: readonly ZipEntry[]): ArchiveError {
  const seen = new Set<string>();
  const again = entries.find(({ name }) => seen.has(name) || !seen.add(name))!;
  return new ArchiveError("the name appears twice in the central directory", localPlace(file, again.name, again.localHeaderOffset));
}

/** Thrown only if the exact checks find nothing, which the failed lower bound rules out. */
function dataPastDirectory(file: string, headerOffset: number, name: string, compressedSize: number, earliestData: number, directoryOffset: number): ArchiveError {
  return new ArchiveError(
    `${compressedSize} bytes of data at ${byte(earliestData)} or later run past the start of the central directory at ${byte(directoryOffset)}`,
    centralPlace(file, headerOffset, name),
  );
}

function encrypted(file: string, headerOffset: number, name: string): ArchiveError {
  return new ArchiveError("the entry is encrypted, which is not supported", centralPlace(file, headerOffset, name));
}

function unsupportedMethod(file: string, headerOffset: number, name: string, method: number): ArchiveError {
  const known = unreadableMethods[method];
  return new ArchiveError(
    `compression method ${method}${known === undefined ? "" : ` (${known})`} is not supported; only stored and deflate are`,
    centralPlace(file, headerOffset, name),
  );
}

function otherDisk(file: string, headerOffset: number, name: string): ArchiveError {
  return new ArchiveError("the entry starts on another disk, which is not supported", centralPlace(file, headerOffset, name));
}

function noRoomForLocalHeader(file: string, headerOffset: number, name: string, localHeaderOffset: number, directoryOffset: number): ArchiveError {
  return new ArchiveError(
    `local header offset ${localHeaderOffset} leaves no room for a local header before the central directory at ${byte(directoryOffset)}`,
    centralPlace(file, headerOffset, name),
  );
}

function storedSizesDiffer(file: string, headerOffset: number, name: string, compressedSize: number, size: number): ArchiveError {
  return new ArchiveError(
    `a stored entry must have equal sizes, but it declares ${compressedSize} stored and ${size} uncompressed`,
    centralPlace(file, headerOffset, name),
  );
}

function beyondDeflateRatio(file: string, headerOffset: number, name: string, compressedSize: number, size: number): ArchiveError {
  return new ArchiveError(
    `declares ${size} bytes from ${compressedSize} compressed bytes, more than deflate can expand (${maxDeflateRatio}:1)`,
    centralPlace(file, headerOffset, name),
  );
}
