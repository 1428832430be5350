// Hostile input: entry data that no longer matches its CRC-32, and local headers with a different CRC.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ZipArchive } from "../../src/archive/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: bad CRC-32", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  const flipped = [
    ["stored.zip", "bin/noise.bin"],
    ["torch-dict.pt", "torch-dict/data/0"],
    ["zip64-everywhere.zip", "stored.bin"],
  ] as const;
  for (const [file, name] of flipped) {
    for (const [way, open] of Object.entries(openWays)) {
      it(`opens ${file} with one flipped data byte in ${name}, then refuses to read that entry (${way})`, () => {
        const path = editedCopy(join(dir, file), `flip-${file}`, (bytes) => {
          const dataOffset = ZipArchive.open(join(dir, file)).dataOffset(name);
          bytes[dataOffset + 3]! ^= 0x40;
        });
        const archive = open(path);
        const others = archive.entries.filter((entry) => entry.name !== name);
        for (const entry of others) expect(archive.read(entry).length).toBe(entry.size);
        expectArchiveError(() => archive.read(name), path, new RegExp(`^entry "${name}"$`), /CRC-32 mismatch/);
      });
    }
  }

  for (const [way, open] of Object.entries(openWays)) {
    it(`refuses a local header whose CRC-32 differs from the central directory's, on the entry's first read (${way})`, () => {
      const good = join(dir, "stored.zip");
      const local = layoutOf(readFileSync(good)).local["a.txt"]!;
      const path = editedCopy(good, "local-crc.zip", (bytes) => {
        bytes[local + 14]! ^= 0xff;
      });
      // Moved from open to the entry's first read: opening reads no local header. Other entries still read.
      const archive = open(path);
      expect(archive.read("bin/noise.bin").length).toBe(10_000);
      const place = new RegExp(`^entry "a.txt" \\(local header at byte ${local}\\)$`);
      expectArchiveError(() => archive.read("a.txt"), path, place, /CRC-32 .* differs/);
      expectArchiveError(() => archive.dataOffset("a.txt"), path, place, /CRC-32 .* differs/);
    });
  }
});
