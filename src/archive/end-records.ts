// Finds the end records (classic and zip64) in the file's last bytes and says where the central directory is.
//
// The records are decoded by fixed-offset reads with the offsets taken from the layout tables in
// records.ts: this runs once per opened file, usually in a fresh process, where every extra function
// and closure costs a compilation.
import { ArchiveError } from "../errors.js";
import type { FileSource } from "./file-source.js";
import { endOfCentralDirectory, hex, maxCommentLength, zip64EndOfCentralDirectory, zip64Locator } from "./records.js";

/** What the end records say about the central directory, after zip64 has been taken into account. */
export interface DirectoryLocation {
  entries: number;
  offset: number;
  size: number;
  /** The first byte of the end records: the directory must end at or before it. */
  endRecordsStart: number;
}

/** The file's last bytes, read once to find the end record; the records before it are often in them too. */
export interface Tail {
  start: number;
  bytes: Uint8Array;
}

const end = endOfCentralDirectory.fields;
const locator = zip64Locator.fields;
const end64 = zip64EndOfCentralDirectory.fields;

const byte = (offset: number): string => `byte ${offset}`;

export function readTail(source: FileSource): Tail {
  const start = Math.max(0, source.size - endOfCentralDirectory.size - maxCommentLength);
  return { start, bytes: source.read(start, source.size - start, "end of file") };
}

/** `length` bytes at `offset`: cut from the tail when it holds them, else read. */
export function bytesAt(source: FileSource, tail: Tail, offset: number, length: number, place: string): Uint8Array {
  if (offset >= tail.start && length <= source.size - offset) {
    return tail.bytes.subarray(offset - tail.start, offset - tail.start + length);
  }
  return source.read(offset, length, place);
}

/** Finds and checks the end records; the central directory itself is checked by its reader. */
export function locateCentralDirectory(source: FileSource, tail: Tail): DirectoryLocation {
  const endOffset = findEndRecord(source, tail);
  const view = new DataView(tail.bytes.buffer, tail.bytes.byteOffset + endOffset - tail.start, endOfCentralDirectory.size);
  const entries = view.getUint16(end.entries[0], true);
  if (view.getUint16(end.disk[0], true) !== 0 || view.getUint16(end.centralDirectoryDisk[0], true) !== 0 || view.getUint16(end.entriesOnDisk[0], true) !== entries) {
    throw severalDisks(source.path, endOffset);
  }
  const size = view.getUint32(end.centralDirectorySize[0], true);
  const offset = view.getUint32(end.centralDirectoryOffset[0], true);
  const zip64 = readZip64End(source, tail, endOffset);
  if (zip64 === undefined) return { entries, offset, size, endRecordsStart: endOffset };
  // Where a value fits the classic field, both records must tell the same story.
  if (disagree(entries, zip64.entries, 0xffff)) throw recordsDisagree(source.path, endOffset, "entries", entries, zip64.entries);
  if (disagree(size, zip64.size, 0xffffffff)) throw recordsDisagree(source.path, endOffset, "central directory size", size, zip64.size);
  if (disagree(offset, zip64.offset, 0xffffffff)) throw recordsDisagree(source.path, endOffset, "central directory offset", offset, zip64.offset);
  return zip64;
}

/**
 * Searches backwards for the end record. Only the last 22 + 65535 bytes can hold it, and only a record
 * whose comment reaches exactly to the end of the file is taken, so a signature inside a comment or
 * inside entry data is not mistaken for it.
 */
function findEndRecord(source: FileSource, { start: tailStart, bytes: tail }: Tail): number {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  /** The last signature that was not the end record, to explain why when nothing better is found. */
  let rejected = -1;
  for (let at = tail.length - 4; at >= 0; at--) {
    if (view.getUint32(at, true) !== endOfCentralDirectory.signature) continue;
    if (tail.length - at >= endOfCentralDirectory.size) {
      const commentLength = view.getUint16(at + end.commentLength[0], true);
      if (at + endOfCentralDirectory.size + commentLength === tail.length) return tailStart + at;
    }
    if (rejected === -1) rejected = at;
  }
  throw noEndRecord(source, tailStart, tail, rejected);
}

/** Reads the zip64 locator and end record when they precede the classic end record; torch always writes them. */
function readZip64End(source: FileSource, tail: Tail, endOffset: number): DirectoryLocation | undefined {
  const locatorOffset = endOffset - zip64Locator.size;
  if (locatorOffset < 0) return undefined;
  const locatorBytes = bytesAt(source, tail, locatorOffset, zip64Locator.size, byte(locatorOffset));
  const locatorView = new DataView(locatorBytes.buffer, locatorBytes.byteOffset, zip64Locator.size);
  if (locatorView.getUint32(0, true) !== zip64Locator.signature) return undefined;
  const file = source.path;
  const recordOffset = wideField(locatorView, locator.zip64EndOffset[0], file, locatorOffset, zip64Locator.title, "zip64EndOffset");
  if (locatorView.getUint32(locator.zip64EndDisk[0], true) !== 0 || locatorView.getUint32(locator.diskCount[0], true) > 1) {
    throw severalDisks(file, locatorOffset);
  }
  if (recordOffset > locatorOffset - zip64EndOfCentralDirectory.size) throw noRoomForZip64End(file, locatorOffset, recordOffset);
  const record = bytesAt(source, tail, recordOffset, zip64EndOfCentralDirectory.size, byte(recordOffset));
  const view = new DataView(record.buffer, record.byteOffset, zip64EndOfCentralDirectory.size);
  const signature = view.getUint32(0, true);
  if (signature !== zip64EndOfCentralDirectory.signature) throw notAZip64End(file, recordOffset, signature);
  const title = zip64EndOfCentralDirectory.title;
  const recordSize = wideField(view, end64.recordSize[0], file, recordOffset, title, "recordSize");
  const entriesOnDisk = wideField(view, end64.entriesOnDisk[0], file, recordOffset, title, "entriesOnDisk");
  const entries = wideField(view, end64.entries[0], file, recordOffset, title, "entries");
  const size = wideField(view, end64.centralDirectorySize[0], file, recordOffset, title, "centralDirectorySize");
  const offset = wideField(view, end64.centralDirectoryOffset[0], file, recordOffset, title, "centralDirectoryOffset");
  if (recordSize < zip64EndOfCentralDirectory.size - 12 || recordSize > locatorOffset - recordOffset - 12) {
    throw zip64EndSizeWrong(file, recordOffset, recordSize);
  }
  if (view.getUint32(end64.disk[0], true) !== 0 || view.getUint32(end64.centralDirectoryDisk[0], true) !== 0 || entriesOnDisk !== entries) {
    throw severalDisks(file, recordOffset);
  }
  return { entries, offset, size, endRecordsStart: recordOffset };
}

/** Whether a classic end-record value that is not saturated differs from its zip64 counterpart that would fit it. */
function disagree(classic: number, wide: number, saturated: number): boolean {
  return classic !== saturated && wide < saturated && classic !== wide;
}

/** A 64-bit field as a number, below 2**53 as every offset and count here must be. */
function wideField(view: DataView, at: number, file: string, recordOffset: number, title: string, name: string): number {
  const high = view.getUint32(at + 4, true);
  if (high >= 0x200000) throw beyond2To53(file, recordOffset, `${title} field ${name}`, view.getBigUint64(at, true));
  return high * 0x100000000 + view.getUint32(at, true);
}

// The refusals of this file, one function each: a fresh process compiles a function when it first runs,
// so messages kept out of the checks cost nothing until one is thrown.

function noEndRecord(source: FileSource, tailStart: number, tail: Uint8Array, rejected: number): ArchiveError {
  if (rejected === -1) {
    return new ArchiveError("not a zip archive (no end of central directory record; the file may also be truncated)", {
      file: source.path,
      place: `bytes ${tailStart}-${source.size}`,
    });
  }
  const where = { file: source.path, place: byte(tailStart + rejected) };
  const follow = tail.length - rejected - endOfCentralDirectory.size;
  if (follow < 0) return new ArchiveError(`${endOfCentralDirectory.title} is cut short by the end of the file: the file is truncated`, where);
  const commentLength = tail[rejected + end.commentLength[0]]! | (tail[rejected + end.commentLength[0] + 1]! << 8);
  return new ArchiveError(
    `${endOfCentralDirectory.title} declares a ${commentLength}-byte comment, but ${follow} bytes follow it: the file is truncated or has trailing data`,
    where,
  );
}

function severalDisks(file: string, at: number): ArchiveError {
  return new ArchiveError("the archive spans several disks, which is not supported", { file, place: byte(at) });
}

function recordsDisagree(file: string, endOffset: number, what: string, classic: number, wide: number): ArchiveError {
  return new ArchiveError(`${what} is ${classic} here but ${wide} in the zip64 end record`, { file, place: byte(endOffset) });
}

function noRoomForZip64End(file: string, locatorOffset: number, recordOffset: number): ArchiveError {
  return new ArchiveError(
    `${zip64Locator.title} points to byte ${recordOffset}, where no 56-byte zip64 end record fits before the locator`,
    { file, place: byte(locatorOffset) },
  );
}

function notAZip64End(file: string, at: number, signature: number): ArchiveError {
  const { title, signature: expected } = zip64EndOfCentralDirectory;
  return new ArchiveError(`expected a ${title} (signature ${hex(expected)}), found ${hex(signature)}`, { file, place: byte(at) });
}

function zip64EndSizeWrong(file: string, at: number, recordSize: number): ArchiveError {
  return new ArchiveError(
    `${zip64EndOfCentralDirectory.title} declares a size of ${recordSize} bytes, which does not fit before the locator`,
    { file, place: byte(at) },
  );
}

function beyond2To53(file: string, at: number, what: string, value: bigint): ArchiveError {
  return new ArchiveError(`${what} is ${value}, beyond any file this reader can address (2**53)`, { file, place: byte(at) });
}
