// Hostile (or just foreign) input: compression methods other than stored/deflate, encryption, several disks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: unsupported features", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const [way, open] of Object.entries(openWays)) {
    for (const [file, method] of [["bzip2.zip", "12 \\(bzip2\\)"], ["lzma.zip", "14 \\(lzma\\)"]] as const) {
      it(`refuses ${file}, written by Python's zipfile, naming the method (${way})`, () => {
        const path = join(dir, file);
        const { central } = layoutOf(readFileSync(path));
        expectArchiveError(
          () => open(path),
          path,
          new RegExp(`^entry "a.txt" \\(central directory header at byte ${central["a.txt"]}\\)$`),
          new RegExp(`compression method ${method} is not supported; only stored and deflate are`),
        );
      });
    }

    it(`names a non-ASCII entry as written when refusing its method (${way})`, () => {
      // Names are first cut from a latin1 reading of the directory; a refusal must still spell UTF-8 names right.
      const good = join(dir, "utf8-names.zip");
      const { central } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "bzip2-utf8-name.zip", (bytes) => bytes.writeUInt16LE(12, central["日本語.txt"]! + 10));
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "日本語.txt" \\(central directory header at byte ${central["日本語.txt"]}\\)$`),
        /compression method 12 \(bzip2\) is not supported/,
      );
    });

    it(`refuses an encrypted entry (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "encrypted.zip", (bytes) => {
        bytes.writeUInt16LE(bytes.readUInt16LE(central["a.txt"]! + 8) | 1, central["a.txt"]! + 8);
        bytes.writeUInt16LE(bytes.readUInt16LE(local["a.txt"]! + 6) | 1, local["a.txt"]! + 6);
      });
      expectArchiveError(() => open(path), path, /^entry "a.txt" /, /the entry is encrypted, which is not supported/);
    });

    it(`refuses a classic end record on disk 1 (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { end } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "disk-1.zip", (bytes) => bytes.writeUInt16LE(1, end + 4));
      expectArchiveError(() => open(path), path, new RegExp(`^byte ${end}$`), /spans several disks/);
    });

    it(`refuses a zip64 locator counting 3 disks (${way})`, () => {
      const good = join(dir, "torch-dict.pt");
      const { locator } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "disks-3.zip", (bytes) => bytes.writeUInt32LE(3, locator! + 16));
      expectArchiveError(() => open(path), path, new RegExp(`^byte ${locator}$`), /spans several disks/);
    });
  }
});
