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

// Field offsets from the layout tables in records.ts, as plain constants for fixed-offset reads.
const end = endOfCentralDirectory.fields;
const END_DISK = end.disk[0];
const END_DIRECTORY_DISK = end.centralDirectoryDisk[0];
const END_ENTRIES_ON_DISK = end.entriesOnDisk[0];
const END_ENTRIES = end.entries[0];
const END_DIRECTORY_SIZE = end.centralDirectorySize[0];
const END_DIRECTORY_OFFSET = end.centralDirectoryOffset[0];
const END_COMMENT_LENGTH = end.commentLength[0];
const locator = zip64Locator.fields;
const LOCATOR_END_DISK = locator.zip64EndDisk[0];
const LOCATOR_END_OFFSET = locator.zip64EndOffset[0];
const LOCATOR_DISK_COUNT = locator.diskCount[0];
const end64 = zip64EndOfCentralDirectory.fields;
const END64_RECORD_SIZE = end64.recordSize[0];
const END64_DISK = end64.disk[0];
const END64_DIRECTORY_DISK = end64.centralDirectoryDisk[0];
const END64_ENTRIES_ON_DISK = end64.entriesOnDisk[0];
const END64_ENTRIES = end64.entries[0];
const END64_DIRECTORY_SIZE = end64.centralDirectorySize[0];
const END64_DIRECTORY_OFFSET = end64.centralDirectoryOffset[0];

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
  const entries = view.getUint16(END_ENTRIES, true);
  if (view.getUint16(END_DISK, true) !== 0 || view.getUint16(END_DIRECTORY_DISK, true) !== 0 || view.getUint16(END_ENTRIES_ON_DISK, true) !== entries) {
    throw severalDisks(source.path, endOffset);
  }
  const classic = { entries, offset: view.getUint32(END_DIRECTORY_OFFSET, true), size: view.getUint32(END_DIRECTORY_SIZE, true), endRecordsStart: endOffset };
  const zip64 = readZip64End(source, tail, endOffset);
  if (zip64 === undefined) return classic;
  // Where a value fits the classic field, both records must tell the same story.
  if (disagree(classic.entries, zip64.entries, 0xffff) || disagree(classic.size, zip64.size, 0xffffffff) || disagree(classic.offset, zip64.offset, 0xffffffff)) {
    throw recordsDisagree(source.path, classic, zip64);
  }
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
      const commentLength = view.getUint16(at + END_COMMENT_LENGTH, true);
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
  const recordOffset = wideField(locatorView, LOCATOR_END_OFFSET, file, locatorOffset);
  if (locatorView.getUint32(LOCATOR_END_DISK, true) !== 0 || locatorView.getUint32(LOCATOR_DISK_COUNT, true) > 1) {
    throw severalDisks(file, locatorOffset);
  }
  if (recordOffset > locatorOffset - zip64EndOfCentralDirectory.size) throw noRoomForZip64End(file, locatorOffset, recordOffset);
  const record = bytesAt(source, tail, recordOffset, zip64EndOfCentralDirectory.size, byte(recordOffset));
  const view = new DataView(record.buffer, record.byteOffset, zip64EndOfCentralDirectory.size);
  const signature = view.getUint32(0, true);
  if (signature !== zip64EndOfCentralDirectory.signature) throw notAZip64End(file, recordOffset, signature);
  const recordSize = wideField(view, END64_RECORD_SIZE, file, recordOffset);
  const entriesOnDisk = wideField(view, END64_ENTRIES_ON_DISK, file, recordOffset);
  const entries = wideField(view, END64_ENTRIES, file, recordOffset);
  const size = wideField(view, END64_DIRECTORY_SIZE, file, recordOffset);
  const offset = wideField(view, END64_DIRECTORY_OFFSET, file, recordOffset);
  if (recordSize < zip64EndOfCentralDirectory.size - 12 || recordSize > locatorOffset - recordOffset - 12) {
    throw zip64EndSizeWrong(file, recordOffset, recordSize);
  }
  if (view.getUint32(END64_DISK, true) !== 0 || view.getUint32(END64_DIRECTORY_DISK, true) !== 0 || entriesOnDisk !== entries) {
    throw severalDisks(file, recordOffset);
  }
  return { entries, offset, size, endRecordsStart: recordOffset };
}

/** Whether a classic end-record value that is not saturated differs from its zip64 counterpart that would fit it. */
function disagree(classic: number, wide: number, saturated: number): boolean {
  return classic !== saturated && wide < saturated && classic !== wide;
}

/** A 64-bit field of the locator (`view` 20 bytes) or the zip64 end record as a number, refused at 2**53. */
function wideField(view: DataView, at: number, file: string, recordOffset: number): number {
  const high = view.getUint32(at + 4, true);
  if (high >= 0x200000) throw beyond2To53(view, at, file, recordOffset);
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
  const commentLength = tail[rejected + END_COMMENT_LENGTH]! | (tail[rejected + END_COMMENT_LENGTH + 1]! << 8);
  return new ArchiveError(
    `${endOfCentralDirectory.title} declares a ${commentLength}-byte comment, but ${follow} bytes follow it: the file is truncated or has trailing data`,
    where,
  );
}

function severalDisks(file: string, at: number): ArchiveError {
  return new ArchiveError("the archive spans several disks, which is not supported", { file, place: byte(at) });
}

function recordsDisagree(file: string, classic: DirectoryLocation, zip64: DirectoryLocation): ArchiveError {
  const pairs = [
    ["entries", classic.entries, zip64.entries, 0xffff],
    ["central directory size", classic.size, zip64.size, 0xffffffff],
    ["central directory offset", classic.offset, zip64.offset, 0xffffffff],
  ] as const;
  const [what, value, wide] = pairs.find(([, value, wide, saturated]) => disagree(value, wide, saturated))!;
  return new ArchiveError(`${what} is ${value} here but ${wide} in the zip64 end record`, { file, place: byte(classic.endRecordsStart) });
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

function beyond2To53(view: DataView, at: number, file: string, recordOffset: number): ArchiveError {
  const layout = view.byteLength === zip64Locator.size ? zip64Locator : zip64EndOfCentralDirectory;
  const field = Object.entries(layout.fields).find(([, [offset]]) => offset === at)![0];
  const value = view.getBigUint64(at, true);
  return new ArchiveError(`${layout.title} field ${field} is ${value}, beyond any file this reader can address (2**53)`, {
    file,
    place: byte(recordOffset),
  });
}
