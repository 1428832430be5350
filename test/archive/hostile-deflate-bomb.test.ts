// Hostile input: deflate data that inflates far beyond its declared size, or a declared size deflate cannot reach.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: deflate bombs", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const [way, open] of Object.entries(openWays)) {
    it(`stops inflating 64 MiB of zeros declared as 1000 bytes without allocating them (${way})`, () => {
      const good = join(dir, "zeros.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "bomb.zip", (bytes) => {
        bytes.writeUInt32LE(1000, central["zeros.bin"]! + 24);
        bytes.writeUInt32LE(1000, local["zeros.bin"]! + 22);
      });
      const archive = open(path);
      expect(archive.entry("zeros.bin")?.size).toBe(1000);
      const peakBefore = process.resourceUsage().maxRSS;
      expectArchiveError(
        () => archive.read("zeros.bin"),
        path,
        /^entry "zeros.bin"$/,
        /inflates to more than the 1000 bytes the central directory declares/,
      );
      // maxRSS is in kilobytes; inflating the bomb would raise the peak by its 64 MiB.
      expect(process.resourceUsage().maxRSS - peakBefore).toBeLessThan(16 * 1024);
    });

    it(`refuses at open a declared size beyond deflate's 1032:1 expansion (${way})`, () => {
      const good = join(dir, "zeros.zip");
      const { central } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "bomb-declared.zip", (bytes) => {
        bytes.writeUInt32LE(0xfffffff0, central["zeros.bin"]! + 24);
      });
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "zeros.bin" \\(central directory header at byte ${central["zeros.bin"]}\\)$`),
        /declares 4294967280 bytes from \d+ compressed bytes, more than deflate can expand \(1032:1\)/,
      );
    });

    it(`refuses an entry that inflates to fewer bytes than declared (${way})`, () => {
      const good = join(dir, "deflate.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "short.zip", (bytes) => {
        const size = bytes.readUInt32LE(central["a.txt"]! + 24);
        bytes.writeUInt32LE(size + 10, central["a.txt"]! + 24);
        bytes.writeUInt32LE(size + 10, local["a.txt"]! + 22);
      });
      expectArchiveError(() => open(path).read("a.txt"), path, /^entry "a.txt"$/, /holds \d+ bytes, the central directory declares \d+/);
    });
  }
});
