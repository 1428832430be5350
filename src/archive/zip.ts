// A zip archive opened by offset: validated entries up front, then entry reads with size and CRC-32 checks.
// Each entry's local header is read and checked on the entry's first read (central-directory.ts says why).
import { inflateRawSync } from "node:zlib";
import { ArchiveError } from "../errors.js";
import { type CentralDirectory, type ZipEntry, readCentralDirectory } from "./central-directory.js";
import { crc32 } from "./crc32.js";
import { FileSource } from "./file-source.js";
import { hex } from "./records.js";

export type { ZipEntry } from "./central-directory.js";

export class ZipArchive {
  readonly source: FileSource;
  /** The entries in central-directory order, each frozen. */
  readonly entries: readonly ZipEntry[];
  private readonly directory: CentralDirectory;

  private constructor(source: FileSource, directory: CentralDirectory) {
    this.source = source;
    this.directory = directory;
    this.entries = Object.freeze(directory.entries);
  }

  /** Opens `path`, reading only its end records and central directory. */
  static open(path: string): ZipArchive {
    return ZipArchive.fromSource(FileSource.open(path));
  }

  static fromSource(source: FileSource): ZipArchive {
    return new ZipArchive(source, readCentralDirectory(source));
  }

  get path(): string {
    return this.source.path;
  }

  entry(name: string): ZipEntry | undefined {
    const index = this.directory.byName.get(name);
    return index === undefined ? undefined : this.entries[index];
  }

  has(name: string): boolean {
    return this.directory.byName.has(name);
  }

  /**
   * Where the entry's data starts in the file. The first call (or the first read) reads the entry's
   * local header and checks it against the central directory.
   */
  dataOffset(nameOrEntry: string | ZipEntry): number {
    return this.directory.dataOffset(this.indexOf(nameOrEntry));
  }

  /** Entry names in central-directory order. */
  names(): string[] {
    return this.entries.map((entry) => entry.name);
  }

  /**
   * The entry's whole uncompressed content, checked against its declared size and CRC-32. A stored
   * entry is one positional read; a deflated one is inflated with its declared size as a hard cap, so a
   * lying size stops the inflater instead of filling memory.
   */
  read(nameOrEntry: string | ZipEntry): Uint8Array {
    const index = this.indexOf(nameOrEntry);
    const entry = this.entries[index]!;
    const dataOffset = this.directory.dataOffset(index);
    const place = `entry ${JSON.stringify(entry.name)}`;
    const stored = this.source.read(dataOffset, entry.compressedSize, place);
    const content = entry.method === "stored" ? stored : inflate(stored, entry.size, { file: this.path, place });
    return this.checked(entry, content, crc32(content));
  }

  /**
   * Like `read`, for tensor data: a big stored entry is read on two cores into shared memory, its CRC-32
   * computed while reading. The bytes may be backed by a SharedArrayBuffer, which text decoders refuse,
   * so records holding text or pickles go through `read`.
   */
  readBulk(nameOrEntry: string | ZipEntry): Uint8Array {
    const index = this.indexOf(nameOrEntry);
    const entry = this.entries[index]!;
    if (entry.method !== "stored") return this.read(entry);
    const dataOffset = this.directory.dataOffset(index);
    const { bytes, crc32: crc } = this.source.readBulk(dataOffset, entry.size, `entry ${JSON.stringify(entry.name)}`, true);
    return this.checked(entry, bytes, crc);
  }

  /** The content, once its size and CRC-32 agree with the central directory. */
  private checked(entry: ZipEntry, content: Uint8Array, actualCrc: number): Uint8Array {
    const where = { file: this.path, place: `entry ${JSON.stringify(entry.name)}` };
    if (content.length !== entry.size) {
      throw new ArchiveError(`holds ${content.length} bytes, the central directory declares ${entry.size}`, where);
    }
    if (actualCrc !== entry.crc32) {
      throw new ArchiveError(
        `CRC-32 mismatch: the data gives ${hex(actualCrc)}, the central directory declares ${hex(entry.crc32)}; the file is corrupt`,
        where,
      );
    }
    return content;
  }

  /**
   * `length` bytes of the entry's content starting at `offset`, for big stored entries (torch storages)
   * read piece by piece. A part cannot be checked against the whole entry's CRC-32, so a stored range
   * is returned unchecked; a deflated entry is read (and checked) whole, then cut.
   */
  readRange(nameOrEntry: string | ZipEntry, offset: number, length: number): Uint8Array {
    const index = this.indexOf(nameOrEntry);
    const entry = this.entries[index]!;
    const place = `entry ${JSON.stringify(entry.name)}`;
    const valid = Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0;
    if (!valid || length > entry.size - offset) {
      throw new ArchiveError(`cannot read ${length} bytes at offset ${offset} of a ${entry.size}-byte entry`, {
        file: this.path,
        place,
      });
    }
    if (entry.method === "stored") return this.source.read(this.directory.dataOffset(index) + offset, length, place);
    return this.read(entry).slice(offset, offset + length);
  }

  /**
   * The entry's index in this archive. An entry object is looked up by its name, so what is read is
   * always this archive's own validated entry, whatever object the caller passed.
   */
  private indexOf(nameOrEntry: string | ZipEntry): number {
    const name = typeof nameOrEntry === "string" ? nameOrEntry : nameOrEntry.name;
    const index = this.directory.byName.get(name);
    if (index === undefined) {
      throw new ArchiveError("no such entry in the archive", { file: this.path, place: `entry ${JSON.stringify(name)}` });
    }
    return index;
  }
}

function inflate(compressed: Uint8Array, declaredSize: number, where: { file: string; place: string }): Uint8Array {
  try {
    // maxOutputLength must be at least 1; an empty entry that inflates to anything is caught by the size check.
    const output = inflateRawSync(compressed, { maxOutputLength: Math.max(1, declaredSize) });
    return new Uint8Array(output.buffer, output.byteOffset, output.length);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ArchiveError(`inflates to more than the ${declaredSize} bytes the central directory declares`, where);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ArchiveError(`deflate data is corrupt (${reason})`, where);
  }
}
