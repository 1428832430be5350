// Files written by real torch to cover what the real fixtures lack read to exactly what torch reads from them.
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { ensureTorchFixtures, oracleRecords, ourRecords, sorted, torchFixtures } from "./support.js";

describeWithTorch("generated PyTorch files against real torch", () => {
  const index = ensureTorchFixtures();
  const oracle = oracleRecords(index.filter((row) => row.check !== "expected").map((row) => row.file));

  for (const row of index) {
    it(`reads ${row.file} as torch does`, () => {
      // torch 1.13 ignores the byteorder record, so a big-endian copy is checked against its little-endian
      // source; files in newer torch's layout carry the values the script put in them.
      const reference = row.check === "expected" ? { ok: true, tensors: row.tensors! } : oracle.get(row.check === "same_as" ? row.same_as! : row.file);
      expect(reference?.ok).toBe(true);
      expect(reference!.tensors.length).toBeGreaterThan(0);
      expect(sorted(ourRecords(join(torchFixtures, row.file)))).toEqual(sorted(reference!.tensors));
    });
  }
});
