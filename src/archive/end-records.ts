// Finds the end records (classic and zip64) in the file's last bytes and says where the central directory is.
//
// The records are decoded by fixed-offset reads with the offsets taken from the layout tables in
// records.ts: this runs once per opened file, usually in a fresh process, where every extra function
// and closure costs a compilation.
import { ArchiveError } from "../errors.js";
import type { FileSource } from "./file-source.js";
import { type Where, endOfCentralDirectory, hex, maxCommentLength, readUint64, zip64EndOfCentralDirectory, zip64Locator } from "./records.js";

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
const severalDisks = "the archive spans several disks, which is not supported";

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
  const where = { file: source.path, place: byte(endOffset) };
  const view = new DataView(tail.bytes.buffer, tail.bytes.byteOffset + endOffset - tail.start, endOfCentralDirectory.size);
  const entries = view.getUint16(end.entries[0], true);
  if (view.getUint16(end.disk[0], true) !== 0 || view.getUint16(end.centralDirectoryDisk[0], true) !== 0 || view.getUint16(end.entriesOnDisk[0], true) !== entries) {
    throw new ArchiveError(severalDisks, where);
  }
  const size = view.getUint32(end.centralDirectorySize[0], true);
  const offset = view.getUint32(end.centralDirectoryOffset[0], true);
  const zip64 = readZip64End(source, tail, endOffset);
  if (zip64 === undefined) return { entries, offset, size, endRecordsStart: endOffset };
  // Where a value fits the classic field, both records must tell the same story.
  const pairs = [
    ["entries", entries, zip64.entries, 0xffff],
    ["central directory size", size, zip64.size, 0xffffffff],
    ["central directory offset", offset, zip64.offset, 0xffffffff],
  ] as const;
  for (let i = 0; i < pairs.length; i++) {
    const [what, classic, wide, saturated] = pairs[i]!;
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
function findEndRecord(source: FileSource, { start: tailStart, bytes: tail }: Tail): number {
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
    const commentLength = view.getUint16(at + end.commentLength[0], true);
    if (at + endOfCentralDirectory.size + commentLength === tail.length) return tailStart + at;
    refusal ??= new ArchiveError(
      `${endOfCentralDirectory.title} declares a ${commentLength}-byte comment, but ${
        tail.length - at - endOfCentralDirectory.size
      } bytes follow it: the file is truncated or has trailing data`,
      place,
    );
  }
  throw refusal ??
    new ArchiveError("not a zip archive (no end of central directory record; the file may also be truncated)", {
      file: source.path,
      place: `bytes ${tailStart}-${source.size}`,
    });
}

/** Reads the zip64 locator and end record when they precede the classic end record; torch always writes them. */
function readZip64End(source: FileSource, tail: Tail, endOffset: number): DirectoryLocation | undefined {
  const locatorOffset = endOffset - zip64Locator.size;
  if (locatorOffset < 0) return undefined;
  const locatorBytes = bytesAt(source, tail, locatorOffset, zip64Locator.size, byte(locatorOffset));
  const locatorView = new DataView(locatorBytes.buffer, locatorBytes.byteOffset, zip64Locator.size);
  if (locatorView.getUint32(0, true) !== zip64Locator.signature) return undefined;
  const where = { file: source.path, place: byte(locatorOffset) };
  const recordOffset = readUint64(locatorView, locator.zip64EndOffset[0], where, `${zip64Locator.title} field zip64EndOffset`);
  if (locatorView.getUint32(locator.zip64EndDisk[0], true) !== 0 || locatorView.getUint32(locator.diskCount[0], true) > 1) {
    throw new ArchiveError(severalDisks, where);
  }
  if (recordOffset > locatorOffset - zip64EndOfCentralDirectory.size) {
    throw new ArchiveError(
      `${zip64Locator.title} points to byte ${recordOffset}, where no 56-byte zip64 end record fits before the locator`,
      where,
    );
  }
  const recordWhere = { file: source.path, place: byte(recordOffset) };
  const record = bytesAt(source, tail, recordOffset, zip64EndOfCentralDirectory.size, recordWhere.place);
  const view = new DataView(record.buffer, record.byteOffset, zip64EndOfCentralDirectory.size);
  const signature = view.getUint32(0, true);
  if (signature !== zip64EndOfCentralDirectory.signature) {
    const { title, signature: expected } = zip64EndOfCentralDirectory;
    throw new ArchiveError(`expected a ${title} (signature ${hex(expected)}), found ${hex(signature)}`, recordWhere);
  }
  const recordSize = wideField(view, "recordSize", recordWhere);
  const entriesOnDisk = wideField(view, "entriesOnDisk", recordWhere);
  const entries = wideField(view, "entries", recordWhere);
  const size = wideField(view, "centralDirectorySize", recordWhere);
  const offset = wideField(view, "centralDirectoryOffset", recordWhere);
  const roomForRecord = locatorOffset - recordOffset - 12;
  if (recordSize < zip64EndOfCentralDirectory.size - 12 || recordSize > roomForRecord) {
    throw new ArchiveError(
      `${zip64EndOfCentralDirectory.title} declares a size of ${recordSize} bytes, which does not fit before the locator`,
      recordWhere,
    );
  }
  if (view.getUint32(end64.disk[0], true) !== 0 || view.getUint32(end64.centralDirectoryDisk[0], true) !== 0 || entriesOnDisk !== entries) {
    throw new ArchiveError(severalDisks, recordWhere);
  }
  return { entries, offset, size, endRecordsStart: recordOffset };
}

/** A 64-bit field of the zip64 end record, named in the error if it is beyond 2**53. */
function wideField(view: DataView, name: "recordSize" | "entriesOnDisk" | "entries" | "centralDirectorySize" | "centralDirectoryOffset", where: Where): number {
  return readUint64(view, end64[name][0], where, `${zip64EndOfCentralDirectory.title} field ${name}`);
}
