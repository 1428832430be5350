// Opening an archive reads its end records and directory only; an entry's first read adds its local header.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { FileSource, ZipArchive } from "../../src/archive/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";
import { generatedZips } from "./zip-fixtures.js";

describeWithTorch("reading by offset", () => {
  let path = "";
  beforeAll(() => {
    path = join(generatedZips(), "big-stored.zip");
  });

  it("opens a zip with a 50 MB stored entry with one read of its last bytes", () => {
    const source = FileSource.open(path);
    expect(source.size).toBeGreaterThan(50_000_000);
    const archive = ZipArchive.fromSource(source);
    expect(archive.names()).toEqual(["small-before.txt", "big.bin", "small-after.txt"]);
    // The end-record search reads the last 22 + 65535 bytes, which here hold the central directory too;
    // no local header is read at open.
    expect(source.readCount).toBe(1);
    expect(source.bytesRead).toBe(22 + 65535);
  });

  it("reads a small entry without touching the big one", () => {
    const source = FileSource.open(path);
    const archive = ZipArchive.fromSource(source);
    const before = source.bytesRead;
    expect(Buffer.from(archive.read("small-after.txt")).toString()).toBe("after");
    // The first read also reads the entry's local header: 30 bytes and the name, once.
    expect(source.bytesRead - before).toBe(30 + "small-after.txt".length + 5);
    const again = source.bytesRead;
    expect(Buffer.from(archive.read("small-after.txt")).toString()).toBe("after");
    expect(source.bytesRead - again).toBe(5);
  });

  it("reads a range of the big entry with one read of that length", () => {
    const source = FileSource.open(path);
    const archive = ZipArchive.fromSource(source);
    const big = archive.entry("big.bin")!;
    // Where the data starts comes from the local header, read and checked once, here.
    archive.dataOffset(big);
    const before = { bytes: source.bytesRead, reads: source.readCount };
    const part = archive.readRange(big, 40_000_123, 10_000);
    expect(source.bytesRead - before.bytes).toBe(10_000);
    expect(source.readCount - before.reads).toBe(1);
    const expected = runPython(
      "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('big.bin')[40_000_123:40_010_123].hex())",
      [path],
    ).trim();
    expect(Buffer.from(part).toString("hex")).toBe(expected);
  });
});
