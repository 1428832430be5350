// Zips written by Python's zipfile read exactly as Python's zipfile reads them: names, sizes, offsets, bytes.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ZipArchive } from "../../src/archive/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, ourListing, pythonListing } from "./zip-fixtures.js";

describeWithTorch("zips written by Python's zipfile", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  const cases = {
    "stored.zip": "STORED entries, an empty entry and a directory entry",
    "deflate.zip": "DEFLATE entries",
    "mixed.zip": "STORED and DEFLATE side by side, and a CP437 name without the UTF-8 flag",
    "zip64-forced.zip": "zip64 extra fields in every local header (force_zip64)",
    "zip64-everywhere.zip": "every size and offset in zip64 extras and the zip64 end records",
    "comment.zip": "an archive comment",
    "long-comment.zip": "the longest comment a zip can have (65535 bytes)",
    "utf8-names.zip": "UTF-8 names",
  };
  for (const [file, what] of Object.entries(cases)) {
    it(`reads ${file} (${what}) entry for entry as zipfile does`, () => {
      const path = join(dir, file);
      expect(ourListing(ZipArchive.open(path))).toEqual(pythonListing(path));
    });
  }

  it("reads a zip whose central directory lists the entries in reverse file order", () => {
    const good = join(dir, "stored.zip");
    const path = editedCopy(good, "reversed-directory.zip", (bytes) => {
      const { central, directory } = layoutOf(bytes);
      const starts = Object.values(central).sort((a, b) => a - b);
      const end = directory + bytes.readUInt32LE(layoutOf(bytes).end + 12);
      const headers = starts.map((start, i) => bytes.subarray(start, starts[i + 1] ?? end));
      Buffer.concat(headers.reverse()).copy(bytes, directory);
    });
    const reversed = pythonListing(path);
    expect(reversed.map((entry) => entry.name)).toEqual(["dir/", "empty", "bin/noise.bin", "a.txt"]);
    expect(ourListing(ZipArchive.open(path))).toEqual(reversed);
  });

  it("decodes a name without the UTF-8 flag as code page 437", () => {
    expect(ZipArchive.open(join(dir, "mixed.zip")).names()).toContain("cp437-éß.txt");
  });

  it("finds entries by name and reads them by name or by entry", () => {
    const archive = ZipArchive.open(join(dir, "stored.zip"));
    expect(archive.has("bin/noise.bin")).toBe(true);
    expect(archive.has("nope")).toBe(false);
    expect(archive.entry("nope")).toBeUndefined();
    const entry = archive.entry("a.txt");
    expect(entry).toBeDefined();
    expect(archive.read("a.txt")).toEqual(archive.read(entry!));
    expect(Buffer.from(archive.read("empty"))).toHaveLength(0);
  });

  it("reads ranges of stored and deflated entries as slices of the whole", () => {
    for (const file of ["stored.zip", "deflate.zip"]) {
      const archive = ZipArchive.open(join(dir, file));
      const whole = archive.read("bin/noise.bin");
      expect(archive.readRange("bin/noise.bin", 1234, 567)).toEqual(whole.slice(1234, 1234 + 567));
      expect(archive.readRange("bin/noise.bin", whole.length, 0)).toHaveLength(0);
    }
  });

  it("names the file and the entry when asked for a missing entry or a range outside one", () => {
    const path = join(dir, "stored.zip");
    const archive = ZipArchive.open(path);
    expectArchiveError(() => archive.read("nope"), path, /^entry "nope"$/, /no such entry/);
    expectArchiveError(
      () => archive.readRange("a.txt", archive.entry("a.txt")!.size - 5, 10),
      path,
      /^entry "a.txt"$/,
      /cannot read 10 bytes at offset \d+ of a \d+-byte entry/,
    );
    expectArchiveError(() => archive.readRange("a.txt", -1, 1), path, /^entry "a.txt"$/, /cannot read/);
  });

  it("is not fooled by a copy of the end record inside the comment", () => {
    // The comment holds a bogus end record (pointing nowhere) that a backwards search meets first.
    const path = editedCopy(join(dir, "stored.zip"), "end-record-in-comment.zip", (good) => {
      const fake = Buffer.from(good.subarray(good.length - 22));
      fake.writeUInt32LE(0xdead, 16);
      fake.writeUInt16LE(7, 20);
      const comment = Buffer.concat([fake, Buffer.from("end")]);
      const head = Buffer.from(good.subarray(0, good.length - 2));
      return Buffer.concat([head, Buffer.from([comment.length, 0]), comment]);
    });
    expect(ourListing(ZipArchive.open(path))).toEqual(pythonListing(join(dir, "stored.zip")));
  });
});
