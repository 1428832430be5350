// Positional reads from a file on disk: each read is bounds-checked against the size seen at open.
//
// Lazy tensors may hold thousands of FileSources (or one shared by thousands of storages) for as long
// as a user keeps a model around; a descriptor held per source for that long would exhaust the
// process's descriptor limit and would need a close() that callers forget. So a read opens the file and
// the source keeps the descriptor for the rest of the current run of code: a microtask closes every kept
// descriptor when it ends, and no more than MAX_OPEN_DESCRIPTORS sources keep one at a time (a program
// that opens thousands of files in one synchronous loop never lets that microtask run). Opening a file
// (its directory and records) and reading every tensor of it in one loop then open it once, not once
// per read.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { constants as bufferConstants } from "node:buffer";
import { ArchiveError } from "../errors.js";
import { crc32 } from "./crc32.js";
import { readSplit, worthSplitting } from "./two-core-read.js";

/** readSync takes at most 2**31-1 bytes per call; larger reads go in pieces of this size. */
const readPiece = 1 << 30;
/** Most sources holding a descriptor at once; opening one more closes the one opened longest ago. */
export const MAX_OPEN_DESCRIPTORS = 16;
/** The sources holding a descriptor, in the order they opened it. */
const openSources = new Set<FileSource>();

/** Closes every kept descriptor: queued as a microtask, so it runs when the current run of code ends. */
const settled = Promise.resolve();

function closeAll(): void {
  for (const source of openSources) source.releaseDescriptor();
}

export class FileSource {
  readonly path: string;
  readonly size: number;
  /** Bytes handed out by read() so far, so tests (and the curious) can see what opening a file cost. */
  bytesRead = 0;
  /** Number of read() calls that touched the disk. */
  readCount = 0;

  /** The descriptor kept for the rest of the current run of code, if a read opened one. */
  private keptFd: number | undefined;

  private constructor(path: string, size: number) {
    this.path = path;
    this.size = size;
  }

  /** Stats the file once; its size bounds every later read. */
  static open(path: string): FileSource {
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new ArchiveError(`cannot open the file (${oneLine(error)})`, { file: path });
    }
    if (!stats.isFile()) throw new ArchiveError("not a regular file", { file: path });
    return new FileSource(path, stats.size);
  }

  /**
   * Reads `length` bytes at `offset` into a fresh buffer of its own (not a pooled slice, so typed-array
   * views over it start at byte 0). `place` names what is being read, for the error message.
   */
  read(offset: number, length: number, place = `byte ${offset}`): Uint8Array {
    this.checkRange(offset, length, place);
    const target = Buffer.allocUnsafeSlow(length);
    if (length > 0) this.fill(target, offset, place);
    this.bytesRead += length;
    this.readCount += 1;
    return new Uint8Array(target.buffer, target.byteOffset, length);
  }

  /**
   * Reads tensor-sized ranges: big ones on two cores (see two-core-read.ts), into memory backed by a
   * SharedArrayBuffer. Returns the bytes and, if asked, their CRC-32 computed while reading. Meant for
   * raw tensor data; text decoders refuse shared memory, so small records go through `read`.
   */
  readBulk(offset: number, length: number, place: string, checksum: boolean): { bytes: Uint8Array; crc32: number } {
    if (!worthSplitting(length)) {
      const bytes = this.read(offset, length, place);
      return { bytes, crc32: checksum ? crc32(bytes) : 0 };
    }
    this.checkRange(offset, length, place);
    const bytes = new Uint8Array(new SharedArrayBuffer(length));
    const crc = readSplit(this.path, offset, bytes, checksum, (view, at) => this.fill(view, at, place));
    this.bytesRead += length;
    this.readCount += 1;
    return { bytes, crc32: crc };
  }

  private checkRange(offset: number, length: number, place: string): void {
    const valid = Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0;
    if (!valid || length > this.size - offset || length > bufferConstants.MAX_LENGTH) {
      throw badRange(this.path, this.size, offset, length, place);
    }
  }

  private openDescriptor(place: string): number {
    try {
      return openSync(this.path, "r");
    } catch (error) {
      throw new ArchiveError(`cannot open the file (${oneLine(error)})`, { file: this.path, place });
    }
  }

  /** Whether a descriptor is open between reads right now (for tests). */
  get holdsDescriptor(): boolean {
    return this.keptFd !== undefined;
  }

  /** The descriptor for a read: the one this run of code already opened, or a new one. */
  private descriptor(place: string): number {
    if (this.keptFd === undefined) {
      if (openSources.size >= MAX_OPEN_DESCRIPTORS) openSources.values().next().value?.releaseDescriptor();
      // The first descriptor of a run of code schedules the closing of all of them when the run ends: a
      // promise job, which costs a fresh process far less than the first queueMicrotask (0.01 against
      // 0.15 ms: Node wraps the latter in an async resource).
      if (openSources.size === 0) void settled.then(closeAll);
      this.keptFd = this.openDescriptor(place);
      openSources.add(this);
    }
    return this.keptFd;
  }

  /** Closes the kept descriptor, if any (the next read opens the file again). */
  releaseDescriptor(): void {
    const fd = this.keptFd;
    this.keptFd = undefined;
    openSources.delete(this);
    if (fd !== undefined) closeSync(fd);
  }

  private fill(target: Uint8Array, offset: number, place: string): void {
    const fd = this.descriptor(place);
    try {
      let done = 0;
      while (done < target.length) {
        const want = Math.min(readPiece, target.length - done);
        const got = readSync(fd, target, done, want, offset + done);
        if (got === 0) throw endedEarly(this.path, this.size, offset + done, place);
        done += got;
      }
    } catch (error) {
      // A descriptor that failed a read is not trusted for the next one.
      if (fd === this.keptFd) this.releaseDescriptor();
      throw error instanceof ArchiveError ? error : readFailed(this.path, place, error);
    }
  }
}

// Refusals, one function each, compiled only when one is thrown (see central-directory.ts).

function badRange(file: string, size: number, offset: number, length: number, place: string): ArchiveError {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    return new ArchiveError(`cannot read ${length} bytes at byte ${offset}: not a valid range`, { file, place });
  }
  if (length > size - offset) {
    return new ArchiveError(`${length} bytes at byte ${offset} run past the end of the file (${size} bytes)`, { file, place });
  }
  return new ArchiveError(`${length} bytes is more than Node can hold in one buffer; read it in parts`, { file, place });
}

function endedEarly(file: string, size: number, at: number, place: string): ArchiveError {
  return new ArchiveError(`the file ended at byte ${at} although it had ${size} bytes when opened; was it changed?`, { file, place });
}

function readFailed(file: string, place: string, error: unknown): ArchiveError {
  return new ArchiveError(`read failed (${oneLine(error)})`, { file, place });
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ");
}
