// Finds the end records (classic and zip64), reads the central directory and validates every entry
// against the file before anyone reads a byte of entry data.
import { ArchiveError } from "../errors.js";
import type { FileSource } from "./file-source.js";
import {
  type MethodName,
  type RecordLayout,
  type Where,
  centralDirectoryHeader,
  decodeName,
  decodeRecord,
  endOfCentralDirectory,
  extraBlocks,
  flagBits,
  hex,
  localFileHeader,
  maxCommentLength,
  maxDeflateRatio,
  readUnsigned,
  readableMethods,
  unreadableMethods,
  zip64EndOfCentralDirectory,
  zip64ExtraFields,
  zip64ExtraId,
  zip64Locator,
} from "./records.js";

/** One validated entry: its data is the `compressedSize` bytes at `dataOffset`, all inside the file. */
export interface ZipEntry {
  name: string;
  method: MethodName;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
  dataOffset: number;
}

/** What the end records say about the central directory, after zip64 has been taken into account. */
interface DirectoryLocation {
  entries: number;
  offset: number;
  size: number;
  /** The first byte of the end records: the directory must end at or before it. */
  endRecordsStart: number;
}

const byte = (offset: number): string => `byte ${offset}`;
const quoted = (name: string): string => JSON.stringify(name);

/**
 * Where an entry's header sits, spelled out only when an error reads `place`: an archive with thousands
 * of entries is walked on every open, and almost never fails.
 */
class HeaderPlace implements Where {
  constructor(
    readonly file: string,
    private readonly header: "central directory" | "local",
    private readonly offset: number,
    private readonly name?: string,
  ) {}

  get place(): string {
    const at = `${this.header} header at ${byte(this.offset)}`;
    return this.name === undefined ? at : `entry ${quoted(this.name)} (${at})`;
  }
}

/** `byte N`, spelled out only when an error reads `place`. */
class BytePlace implements Where {
  constructor(
    readonly file: string,
    private readonly offset: number,
  ) {}

  get place(): string {
    return byte(this.offset);
  }
}

/** Reads a fixed-size record at `offset` and decodes it, checking its signature. */
function readRecord<Field extends string>(
  source: FileSource,
  offset: number,
  layout: RecordLayout<Field>,
  where: Where,
): Record<Field, number> {
  return decodeRecord(source.read(offset, layout.size, where.place), 0, layout, where);
}

/** Reads and validates the whole central directory of `source`; reads only headers, never entry data. */
export function readCentralDirectory(source: FileSource): ZipEntry[] {
  return source.withOpenFile(() => {
    const location = locateCentralDirectory(source);
    const entries = readEntries(source, location);
    checkNamesAndOverlaps(source, entries, location.offset);
    return entries;
  });
}

function locateCentralDirectory(source: FileSource): DirectoryLocation {
  const endOffset = findEndRecord(source);
  const where = { file: source.path, place: byte(endOffset) };
  const end = readRecord(source, endOffset, endOfCentralDirectory, where);
  if (end.disk !== 0 || end.centralDirectoryDisk !== 0 || end.entriesOnDisk !== end.entries) {
    throw new ArchiveError("the archive spans several disks, which is not supported", where);
  }
  const zip64 = readZip64End(source, endOffset);
  if (zip64 === undefined) {
    return {
      entries: end.entries,
      offset: end.centralDirectoryOffset,
      size: end.centralDirectorySize,
      endRecordsStart: endOffset,
    };
  }
  // Where a value fits the classic field, both records must tell the same story.
  const pairs = [
    ["entries", end.entries, zip64.entries, 0xffff],
    ["central directory size", end.centralDirectorySize, zip64.size, 0xffffffff],
    ["central directory offset", end.centralDirectoryOffset, zip64.offset, 0xffffffff],
  ] as const;
  for (const [what, classic, wide, saturated] of pairs) {
    if (classic !== saturated && wide < saturated && classic !== wide) {
      throw new ArchiveError(`${what} is ${classic} here but ${wide} in the zip64 end record`, where);
    }
  }
  return zip64;
}

/**
 * Searches backwards for the end record. Only the last 22 + 65535 bytes can hold it, and only a record
 * whose comment reaches exactly to the end of the file is taken, so a signature inside a comment or
 * inside entry data is not mistaken for it.
 */
function findEndRecord(source: FileSource): number {
  const tailStart = Math.max(0, source.size - endOfCentralDirectory.size - maxCommentLength);
  const tail = source.read(tailStart, source.size - tailStart, "end of file");
  const where = { file: source.path, place: `bytes ${tailStart}-${source.size}` };
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let refusal: ArchiveError | undefined;
  for (let at = tail.length - 4; at >= 0; at--) {
    if (view.getUint32(at, true) !== endOfCentralDirectory.signature) continue;
    const place = { file: source.path, place: byte(tailStart + at) };
    if (tail.length - at < endOfCentralDirectory.size) {
      refusal ??= new ArchiveError(
        `${endOfCentralDirectory.title} is cut short by the end of the file: the file is truncated`,
        place,
      );
      continue;
    }
    const commentAt = at + endOfCentralDirectory.fields.commentLength[0];
    const commentLength = readUnsigned(tail, commentAt, 2, place, "comment length");
    if (at + endOfCentralDirectory.size + commentLength === tail.length) return tailStart + at;
    refusal ??= new ArchiveError(
      `${endOfCentralDirectory.title} declares a ${commentLength}-byte comment, but ${
        tail.length - at - endOfCentralDirectory.size
      } bytes follow it: the file is truncated or has trailing data`,
      place,
    );
  }
  throw refusal ??
    new ArchiveError(
      "not a zip archive (no end of central directory record; the file may also be truncated)",
      where,
    );
}

/** Reads the zip64 locator and end record when they precede the classic end record; torch always writes them. */
function readZip64End(source: FileSource, endOffset: number): DirectoryLocation | undefined {
  const locatorOffset = endOffset - zip64Locator.size;
  if (locatorOffset < 0) return undefined;
  const where = { file: source.path, place: byte(locatorOffset) };
  const locatorBytes = source.read(locatorOffset, zip64Locator.size, where.place);
  if (readUnsigned(locatorBytes, 0, 4, where, "signature") !== zip64Locator.signature) return undefined;
  const locator = decodeRecord(locatorBytes, 0, zip64Locator, where);
  if (locator.zip64EndDisk !== 0 || locator.diskCount > 1) {
    throw new ArchiveError("the archive spans several disks, which is not supported", where);
  }
  if (locator.zip64EndOffset > locatorOffset - zip64EndOfCentralDirectory.size) {
    throw new ArchiveError(
      `${zip64Locator.title} points to byte ${locator.zip64EndOffset}, ` +
        "where no 56-byte zip64 end record fits before the locator",
      where,
    );
  }
  const endWhere = { file: source.path, place: byte(locator.zip64EndOffset) };
  const end = readRecord(source, locator.zip64EndOffset, zip64EndOfCentralDirectory, endWhere);
  const roomForRecord = locatorOffset - locator.zip64EndOffset - 12;
  if (end.recordSize < zip64EndOfCentralDirectory.size - 12 || end.recordSize > roomForRecord) {
    throw new ArchiveError(
      `${zip64EndOfCentralDirectory.title} declares a size of ${end.recordSize} bytes, which does not fit before the locator`,
      endWhere,
    );
  }
  if (end.disk !== 0 || end.centralDirectoryDisk !== 0 || end.entriesOnDisk !== end.entries) {
    throw new ArchiveError("the archive spans several disks, which is not supported", endWhere);
  }
  return {
    entries: end.entries,
    offset: end.centralDirectoryOffset,
    size: end.centralDirectorySize,
    endRecordsStart: locator.zip64EndOffset,
  };
}

function readEntries(source: FileSource, location: DirectoryLocation): ZipEntry[] {
  const where = { file: source.path, place: byte(location.offset) };
  const { offset, size, entries: claimed, endRecordsStart } = location;
  if (offset > endRecordsStart || size > endRecordsStart - offset) {
    throw new ArchiveError(
      `the central directory (${size} bytes at byte ${offset}) runs past the end records at byte ${endRecordsStart}`,
      where,
    );
  }
  // Every header takes at least 46 bytes, so an absurd count fails here, before any parsing.
  const room = Math.floor(size / centralDirectoryHeader.size);
  if (claimed > room) {
    throw new ArchiveError(
      `the end record claims ${claimed} entries, but a ${size}-byte central directory holds at most ${room}`,
      where,
    );
  }
  const directory = source.read(offset, size, where.place);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < claimed; index++) {
    const place = new BytePlace(source.path, offset + at);
    if (directory.length - at < centralDirectoryHeader.size) {
      throw new ArchiveError(`the central directory ends after ${index} entries, but the end record claims ${claimed}`, place);
    }
    const header = decodeRecord(directory, at, centralDirectoryHeader, place);
    const length = centralDirectoryHeader.size + header.nameLength + header.extraLength + header.commentLength;
    if (length > directory.length - at) {
      throw new ArchiveError(`${centralDirectoryHeader.title} runs past the end of the central directory`, place);
    }
    entries.push(readEntry(source, header, directory.subarray(at, at + length), offset + at, offset));
    at += length;
  }
  if (at !== directory.length) {
    throw new ArchiveError(
      `${directory.length - at} bytes of the central directory follow its last entry: the end record claims ${claimed} entries`,
      { file: source.path, place: byte(offset + at) },
    );
  }
  return entries;
}

/** Validates one central header (decoded from `headerBytes`, exactly that header) and its local header. */
function readEntry(
  source: FileSource,
  header: Record<keyof typeof centralDirectoryHeader.fields, number>,
  headerBytes: Uint8Array,
  headerOffset: number,
  directoryOffset: number,
): ZipEntry {
  const nameEnd = centralDirectoryHeader.size + header.nameLength;
  const rawName = headerBytes.subarray(centralDirectoryHeader.size, nameEnd);
  const name = decodeName(rawName, header.flags);
  const where = new HeaderPlace(source.path, "central directory", headerOffset, name);

  if ((header.flags & (flagBits.encrypted | flagBits.strongEncryption)) !== 0) {
    throw new ArchiveError("the entry is encrypted, which is not supported", where);
  }
  const method = readableMethods[header.method as keyof typeof readableMethods] as MethodName | undefined;
  if (method === undefined) {
    const known = unreadableMethods[header.method];
    throw new ArchiveError(
      `compression method ${header.method}${known === undefined ? "" : ` (${known})`} is not supported; ` +
        "only stored and deflate are",
      where,
    );
  }
  const fields = applyZip64Extra(header, headerBytes.subarray(nameEnd, nameEnd + header.extraLength), where);
  if (fields.diskStart !== 0) {
    throw new ArchiveError("the entry starts on another disk, which is not supported", where);
  }

  const { localHeaderOffset, compressedSize, size } = fields;
  if (localHeaderOffset > directoryOffset - localFileHeader.size) {
    throw new ArchiveError(
      `local header offset ${localHeaderOffset} leaves no room for a local header ` +
        `before the central directory at ${byte(directoryOffset)}`,
      where,
    );
  }
  const dataOffset = checkLocalHeader(source, header, rawName, name, localHeaderOffset);
  if (compressedSize > directoryOffset - dataOffset) {
    throw new ArchiveError(
      `${compressedSize} bytes of data at ${byte(dataOffset)} run past ` +
        `the start of the central directory at ${byte(directoryOffset)}`,
      where,
    );
  }
  if (method === "stored" && compressedSize !== size) {
    throw new ArchiveError(
      `a stored entry must have equal sizes, but it declares ${compressedSize} stored and ${size} uncompressed`,
      where,
    );
  }
  if (method === "deflate" && size > Math.max(compressedSize, 1) * maxDeflateRatio) {
    throw new ArchiveError(
      `declares ${size} bytes from ${compressedSize} compressed bytes, more than deflate can expand (${maxDeflateRatio}:1)`,
      where,
    );
  }
  return { name, method, compressedSize, size, crc32: header.crc32, localHeaderOffset, dataOffset };
}

type SizeFields = { size: number; compressedSize: number; localHeaderOffset: number; diskStart: number };

/** Replaces each saturated field by its 64-bit value from the zip64 extra field, which must then be there. */
function applyZip64Extra(header: SizeFields, extra: Uint8Array, where: Where): SizeFields {
  const fields = { ...header };
  const needed = zip64ExtraFields.filter(({ field, saturated }) => header[field] === saturated);
  if (needed.length === 0) return fields;
  const block = extraBlocks(extra, where).get(zip64ExtraId);
  let at = 0;
  for (const { field, width } of needed) {
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

/** Reads the local header and checks it agrees with the central one; returns where the entry's data starts. */
function checkLocalHeader(
  source: FileSource,
  central: { flags: number; method: number; crc32: number },
  rawName: Uint8Array,
  name: string,
  offset: number,
): number {
  const where = new HeaderPlace(source.path, "local", offset, name);
  // One read takes the header and, when it agrees in length, the name: a file with many entries opens
  // with one read per entry beyond the central directory.
  const nameAt = offset + localFileHeader.size;
  const headerAndName = Math.min(localFileHeader.size + rawName.length, source.size - offset);
  const bytes = source.read(offset, headerAndName, where.place);
  const local = decodeRecord(bytes, 0, localFileHeader, where);
  if (local.nameLength + local.extraLength > source.size - nameAt) {
    throw new ArchiveError("the local header's name and extra field run past the end of the file", where);
  }
  const localName =
    local.nameLength === rawName.length
      ? bytes.subarray(localFileHeader.size)
      : source.read(nameAt, local.nameLength, where.place);
  if (!sameBytes(localName, rawName)) {
    throw new ArchiveError(
      `the local header names ${quoted(decodeName(localName, local.flags))}, the central directory ${quoted(name)}`,
      where,
    );
  }
  if (local.method !== central.method) {
    throw new ArchiveError(
      `the local header says compression method ${local.method}, the central directory ${central.method}`,
      where,
    );
  }
  if ((local.flags & flagBits.encrypted) !== (central.flags & flagBits.encrypted)) {
    throw new ArchiveError("the local and central headers disagree on whether the entry is encrypted", where);
  }
  // With a data descriptor (flag bit 3, as torch writes) the local CRC is zero; otherwise it must agree.
  const hasDataDescriptor = (local.flags & flagBits.dataDescriptor) !== 0;
  if (!hasDataDescriptor && local.crc32 !== central.crc32) {
    throw new ArchiveError(
      `the local header's CRC-32 ${hex(local.crc32)} differs from the central directory's ${hex(central.crc32)}`,
      where,
    );
  }
  return offset + localFileHeader.size + local.nameLength + local.extraLength;
}

/** Byte-for-byte equality, a plain loop: it runs for every entry of every archive opened. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Refuses duplicate names, and entries whose header-plus-data ranges overlap (how non-recursive zip bombs work). */
function checkNamesAndOverlaps(source: FileSource, entries: ZipEntry[], directoryOffset: number): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.name)) {
      throw new ArchiveError("the name appears twice in the central directory", new HeaderPlace(source.path, "local", entry.localHeaderOffset, entry.name));
    }
    seen.add(entry.name);
  }
  // Writers put entries in file order, so the sort is rarely needed.
  const byPosition = inFileOrder(entries) ? entries : [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let index = 0; index < byPosition.length; index++) {
    const entry = byPosition[index]!;
    const next = byPosition[index + 1];
    const nextStart = next?.localHeaderOffset ?? directoryOffset;
    if (entry.dataOffset + entry.compressedSize > nextStart) {
      throw new ArchiveError(
        `its data (${byte(entry.dataOffset)} to ${byte(entry.dataOffset + entry.compressedSize)}) overlaps ${
          next === undefined ? "the central directory" : `entry ${quoted(next.name)}`
        } at ${byte(nextStart)}`,
        new HeaderPlace(source.path, "local", entry.localHeaderOffset, entry.name),
      );
    }
  }
}

/** Whether the entries' local headers already come in ascending file order. */
function inFileOrder(entries: readonly ZipEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i]!.localHeaderOffset < entries[i - 1]!.localHeaderOffset) return false;
  return true;
}
