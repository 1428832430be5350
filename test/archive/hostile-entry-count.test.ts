// Hostile input: end records that claim more (or fewer) entries than the central directory holds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

const setCount = (bytes: Buffer, end: number, count: number): void => {
  bytes.writeUInt16LE(count, end + 8);
  bytes.writeUInt16LE(count, end + 10);
};

describeWithTorch("hostile: wrong entry counts", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const [way, open] of Object.entries(openWays)) {
    it(`refuses an end record claiming more entries than the directory has room for (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { end, directory } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "count-65535.zip", (bytes) => setCount(bytes, end, 65535));
      expectArchiveError(() => open(path), path, new RegExp(`^byte ${directory}$`), /claims 65535 entries, but a \d+-byte central directory holds at most 4/);
    });

    it(`refuses zip64 end records claiming one entry more than there are (${way})`, () => {
      // torch's long names leave room for more 46-byte headers than there are entries.
      const good = join(dir, "torch-state-dict.pt");
      const { end, zip64End, central } = layoutOf(readFileSync(good));
      const count = Object.keys(central).length;
      const path = editedCopy(good, "count-plus-one.zip", (bytes) => {
        setCount(bytes, end, count + 1);
        bytes.writeBigUInt64LE(BigInt(count + 1), zip64End! + 24);
        bytes.writeBigUInt64LE(BigInt(count + 1), zip64End! + 32);
      });
      expectArchiveError(
        () => open(path),
        path,
        /^byte \d+$/,
        new RegExp(`central directory ends after ${count} entries, but the end record claims ${count + 1}`),
      );
    });

    it(`refuses an end record claiming fewer entries than the directory holds (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { end, central } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "count-3.zip", (bytes) => setCount(bytes, end, 3));
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^byte ${central["dir/"]}$`),
        /\d+ bytes of the central directory follow its last entry: the end record claims 3 entries/,
      );
    });
  }
});
