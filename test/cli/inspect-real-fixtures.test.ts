// `weightscope inspect --json` on every real PyTorch file must equal what real torch reported (expected.jsonl).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { describeWithSharedFixtures, projectRoot, sharedFixtures } from "../support/oracle.js";

interface Record {
  file: string;
  ok: boolean;
  tensors: { path: string; shape: number[]; dtype: string; sha256: string }[];
}

const bin = join(projectRoot, "bin/weightscope");
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

describeWithSharedFixtures("inspect --json on the real PyTorch fixtures", () => {
  const expected = readFileSync(join(sharedFixtures, "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record)
    .filter((record) => /\.(pt|pth)$/.test(record.file));

  it("covers every PyTorch file in the fixtures", () => {
    expect(expected.length).toBeGreaterThanOrEqual(9);
  });

  for (const record of expected) {
    it(`matches real torch on ${record.file}`, () => {
      const run = spawnSync(process.execPath, [bin, "inspect", "--json", join(sharedFixtures, record.file)], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const actual = JSON.parse(run.stdout) as Record;
      expect(actual.file).toBe(record.file);
      expect(actual.ok).toBe(true);
      expect([...actual.tensors].sort(byPath)).toEqual([...record.tensors].sort(byPath));
    });
  }
});
