// Every PyTorch file in ../shared/fixtures/real reads to exactly the tensors real torch 1.13 found in it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeWithSharedFixtures, sharedFixtures } from "../support/oracle.js";
import { ourRecords, sorted, type TensorRecord } from "./support.js";

describeWithSharedFixtures("real PyTorch files against expected.jsonl", () => {
  const expected = readFileSync(join(sharedFixtures, "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { file: string; ok: boolean; tensors: TensorRecord[] })
    .filter((record) => record.file.startsWith("torch"));

  it("covers every PyTorch file in the folder", () => {
    expect(expected.length).toBeGreaterThanOrEqual(10);
  });

  for (const record of expected) {
    it(`reads ${record.file} as torch does`, () => {
      expect(record.ok).toBe(true);
      expect(sorted(ourRecords(join(sharedFixtures, record.file)))).toEqual(sorted(record.tensors));
    });
  }
});
