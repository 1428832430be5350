// weights_only follows torch's own verdict on the real fixtures: what torch 1.13 accepts loads, modules are refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { TorchFileError } from "../../src/errors.js";
import { load } from "../../src/torch/index.js";
import { describeWithSharedFixtures, sharedFixtures } from "../support/oracle.js";

describeWithSharedFixtures("weights_only on the real fixtures", () => {
  // MANIFEST.tsv records, per file, what torch 1.13's weights-only loader said about it.
  const verdicts = readFileSync(join(sharedFixtures, "MANIFEST.tsv"), "utf8")
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((cells) => cells[0]?.startsWith("torch"))
    .map((cells) => ({ file: cells[0]!, verdict: /weights_only=True: (ok|FAIL: Unsupported class ([\w.]+))/.exec(cells.join("\t")) }))
    .filter((row) => row.verdict !== null);

  it("has files torch accepts and files torch refuses for their classes", () => {
    expect(verdicts.some((row) => row.verdict![1] === "ok")).toBe(true);
    expect(verdicts.some((row) => row.verdict![2] !== undefined)).toBe(true);
  });

  for (const { file, verdict } of verdicts) {
    const refused = verdict![2];
    it(`${file}: ${refused ? `refuses ${refused}` : "loads"}, as torch does`, () => {
      const path = join(sharedFixtures, file);
      if (!refused) {
        expect(() => load(path, { weights_only: true })).not.toThrow();
        return;
      }
      expect(() => load(path, { weights_only: true })).toThrow(TorchFileError);
      expect(() => load(path, { weights_only: true })).toThrow(new RegExp(`refuses the global ${refused.replace(/\./g, "\\.")} `));
      expect(() => load(path)).not.toThrow();
    });
  }
});
