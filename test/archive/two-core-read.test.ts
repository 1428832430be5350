// Big stored entries are read on two cores: the bytes and the CRC check must be exactly those of a plain read.
import { copyFileSync, mkdtempSync, openSync, readSync, closeSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ArchiveError } from "../../src/errors.js";
import { FileSource, ZipArchive } from "../../src/archive/index.js";
import { splitReadCounts, TWO_CORE_THRESHOLD, worthSplitting } from "../../src/archive/two-core-read.js";
import { runPython } from "../support/oracle.js";

const scratch = mkdtempSync(join(tmpdir(), "weightscope-two-core-"));
const zipPath = join(scratch, "big.zip");
const size = TWO_CORE_THRESHOLD + 12_345; // odd length: the last chunk is a short one
// Python's zipfile writes one STORED entry of pseudo-random bytes; any python3 will do.
runPython(
  `
import random, sys, zipfile
random.seed(7)
data = random.randbytes(${size})
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    z.writestr("big/data/0", data)
`,
  [zipPath],
  "python3",
);
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("readBulk on a big stored entry", () => {
  it("is split over two cores on this machine", () => {
    expect(worthSplitting(size)).toBe(true);
  });

  it("returns the same bytes as a plain read, CRC checked", () => {
    const zip = ZipArchive.open(zipPath);
    const bulk = zip.readBulk("big/data/0");
    expect(bulk.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bulk.length).toBe(size);
    expect(sha(bulk)).toBe(sha(zip.read("big/data/0")));
  });

  it("shares the chunks with the worker thread once it runs", () => {
    const zip = ZipArchive.open(zipPath);
    const before = { ...splitReadCounts };
    const expected = sha(zip.read("big/data/0"));
    // The worker starts on the first split read and joins in when it is up; a few reads give it time.
    for (let i = 0; i < 6; i++) expect(sha(zip.readBulk("big/data/0"))).toBe(expected);
    expect(splitReadCounts.chunks - before.chunks).toBe(6 * Math.ceil(size / (4 * 1024 * 1024)));
    expect(splitReadCounts.byWorker - before.byWorker).toBeGreaterThan(0);
  });

  it("reads the chunks the worker fails itself, with the same bytes", () => {
    // The file is unlinked while this thread holds a descriptor (the one its source keeps from the
    // open for the rest of this synchronous run): the worker, which opens the file by
    // its path, fails every chunk it claims, and this thread must read those chunks again. Whether the
    // worker claims any chunk in one read depends on scheduling, so a few attempts are allowed.
    const expected = sha(ZipArchive.open(zipPath).read("big/data/0"));
    ZipArchive.open(zipPath).readBulk("big/data/0"); // the worker is started before the files go
    const before = { ...splitReadCounts };
    for (let attempt = 0; attempt < 5 && splitReadCounts.reread === before.reread; attempt++) {
      const doomed = join(scratch, `unlinked-${attempt}.zip`);
      copyFileSync(zipPath, doomed);
      const zip = ZipArchive.open(doomed);
      unlinkSync(doomed);
      const bytes = zip.readBulk("big/data/0");
      expect(sha(bytes)).toBe(expected);
    }
    expect(splitReadCounts.reread - before.reread).toBeGreaterThan(0);
    expect(splitReadCounts.byWorker - before.byWorker).toBe(0);
  });

  it("finds a corrupt byte in the first or the last chunk", () => {
    for (const where of [100, size - 100]) {
      const corrupt = join(scratch, `corrupt-${where}.zip`);
      copyFileSync(zipPath, corrupt);
      const archive = ZipArchive.open(corrupt);
      const entry = archive.entry("big/data/0")!;
      const dataOffset = archive.dataOffset(entry);
      const fd = openSync(corrupt, "r+");
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, dataOffset + where);
      byte[0] = byte[0]! ^ 0xff;
      writeSync(fd, byte, 0, 1, dataOffset + where);
      closeSync(fd);
      expect(() => ZipArchive.open(corrupt).readBulk(entry.name)).toThrow(ArchiveError);
      expect(() => ZipArchive.open(corrupt).readBulk(entry.name)).toThrow(/CRC-32 mismatch/);
    }
  });

  it("reads plain file ranges the same way, without a checksum", () => {
    const raw = join(scratch, "raw.bin");
    const bytes = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
    writeFileSync(raw, bytes);
    const source = FileSource.open(raw);
    const { bytes: read, crc32 } = source.readBulk(5, size - 5, "test range", false);
    expect(crc32).toBe(0);
    expect(sha(read)).toBe(sha(bytes.subarray(5)));
  });
});
