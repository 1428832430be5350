// FileSource: positional reads checked against the file's size, with errors that name the path.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileSource } from "../../src/archive/index.js";
import { expectArchiveError, writeTemp } from "./zip-fixtures.js";

describe("FileSource", () => {
  const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff));
  const path = writeTemp("source.bin", bytes);

  it("reads any range as the file holds it, each into its own buffer", () => {
    const source = FileSource.open(path);
    expect(source.size).toBe(readFileSync(path).length);
    for (const [offset, length] of [[0, 10], [4321, 679], [4999, 1], [5000, 0], [17, 3000]] as const) {
      const part = source.read(offset, length);
      expect(Buffer.from(part)).toEqual(bytes.subarray(offset, offset + length));
      expect(part.byteOffset).toBe(0);
    }
    expect(source.bytesRead).toBe(10 + 679 + 1 + 0 + 3000);
  });

  it("refuses ranges outside the file or not made of whole numbers, naming the place", () => {
    const source = FileSource.open(path);
    expectArchiveError(() => source.read(4990, 11, "entry x"), path, /^entry x$/, /11 bytes at byte 4990 run past the end of the file \(5000 bytes\)/);
    expectArchiveError(() => source.read(-1, 1), path, /^byte -1$/, /not a valid range/);
    expectArchiveError(() => source.read(2 ** 53, 1), path, /^byte 9007199254740992$/, /not a valid range/);
    expectArchiveError(() => source.read(0.5, 1), path, /^byte 0.5$/, /not a valid range/);
    expect(source.bytesRead).toBe(0);
  });

  it("refuses a missing file and a directory, naming the path", () => {
    const missing = join(tmpdir(), "weightscope-no-such-file.pt");
    expectArchiveError(() => FileSource.open(missing), missing, undefined, /cannot open the file \(ENOENT/);
    expectArchiveError(() => FileSource.open(tmpdir()), tmpdir(), undefined, /not a regular file/);
  });
});
