// Hostile input: entries whose data ranges overlap each other or the central directory (zip-bomb layouts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: overlapping entries", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const [way, open] of Object.entries(openWays)) {
    it(`refuses an entry whose data runs over the next entry's local header (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "overlap-next.zip", (bytes) => {
        // Grow a.txt (stored, so both sizes) by 50 bytes, into the header of bin/noise.bin.
        const grown = bytes.readUInt32LE(central["a.txt"]! + 24) + 50;
        bytes.writeUInt32LE(grown, central["a.txt"]! + 20);
        bytes.writeUInt32LE(grown, central["a.txt"]! + 24);
      });
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "a.txt" \\(local header at byte ${local["a.txt"]}\\)$`),
        new RegExp(`overlaps entry "bin/noise.bin" at byte ${local["bin/noise.bin"]}`),
      );
    });

    it(`refuses two central records that share one local header under different names (${way})`, () => {
      // data/1's central record is pointed at data/0's local header; the shared header names data/0.
      const good = join(dir, "torch-dict.pt");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "shared-header.zip", (bytes) => {
        bytes.writeUInt32LE(local["torch-dict/data/0"]!, central["torch-dict/data/1"]! + 42);
      });
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "torch-dict/data/1" \\(local header at byte ${local["torch-dict/data/0"]}\\)$`),
        /local header names "torch-dict\/data\/0", the central directory "torch-dict\/data\/1"/,
      );
    });

    it(`refuses, on its first read, an entry whose local extra field pushes its data into the next local header (${way})`, () => {
      // Only the local header gives the extra field's length, so the archive opens and the entry's first read fails.
      const good = join(dir, "stored.zip");
      const { local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "long-local-extra.zip", (bytes) => bytes.writeUInt16LE(100, local["a.txt"]! + 28));
      const archive = open(path);
      const dataStart = local["a.txt"]! + 30 + 5 + 100;
      const dataEnd = dataStart + archive.entry("a.txt")!.size;
      expectArchiveError(
        () => archive.read("a.txt"),
        path,
        new RegExp(`^entry "a.txt" \\(local header at byte ${local["a.txt"]}\\)$`),
        new RegExp(`its data \\(byte ${dataStart} to byte ${dataEnd}\\) overlaps entry "bin/noise.bin" at byte ${local["bin/noise.bin"]}`),
      );
      expect(archive.read("bin/noise.bin").length).toBe(10_000);
    });

    it(`refuses, on its first read, the last entry when its local extra field pushes its data into the central directory (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { local, central, directory } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "last-local-extra.zip", (bytes) => bytes.writeUInt16LE(10, local["dir/"]! + 28));
      const archive = open(path);
      expectArchiveError(
        () => archive.read("dir/"),
        path,
        new RegExp(`^entry "dir/" \\(central directory header at byte ${central["dir/"]}\\)$`),
        new RegExp(`0 bytes of data at byte ${directory + 10} run past the start of the central directory at byte ${directory}`),
      );
    });

    it(`refuses an entry whose local header sits inside another entry's data (${way})`, () => {
      // A local header copied into the middle of noise.bin's data, and "empty" pointed at the copy.
      const good = join(dir, "stored.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "header-in-data.zip", (bytes) => {
        const header = Buffer.from(bytes.subarray(local["empty"]!, local["empty"]! + 35));
        const inside = local["bin/noise.bin"]! + 30 + 13 + 1000;
        header.copy(bytes, inside);
        bytes.writeUInt32LE(inside, central["empty"]! + 42);
      });
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "bin/noise.bin" \\(local header at byte ${local["bin/noise.bin"]}\\)$`),
        /overlaps entry "empty" at byte \d+/,
      );
    });
  }
});
