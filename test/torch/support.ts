// Shared by the torch tests: the generated fixtures (made once with real torch) and the oracle's view of them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDir, generatedDir, oracleDumpScript, projectRoot, referencePython } from "../support/oracle.js";
import { collectTensors, openTorchFile } from "../../src/torch/index.js";

export const torchFixtures = join(generatedDir, "torch");

export interface TensorRecord {
  path: string;
  shape: number[];
  dtype: string;
  sha256: string;
}

export interface FixtureIndexRow {
  file: string;
  check: "oracle" | "same_as";
  same_as?: string;
}

function python(args: string[]): string {
  const run = spawnSync(referencePython, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`${referencePython} ${args[0]} failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}

/** Writes the fixtures with real torch the first time a test needs them; returns their index. */
export function ensureTorchFixtures(): FixtureIndexRow[] {
  const index = join(torchFixtures, "index.json");
  if (!existsSync(index)) python([join(projectRoot, "test/fixtures/make_torch_fixtures.py"), ensureDir(torchFixtures)]);
  return JSON.parse(readFileSync(index, "utf8")) as FixtureIndexRow[];
}

/** oracle_dump.py's records for the generated files, computed once and kept beside them. */
export function oracleRecords(files: string[]): Map<string, { ok: boolean; error: string | null; tensors: TensorRecord[] }> {
  const cache = join(torchFixtures, "oracle.jsonl");
  if (!existsSync(cache)) writeFileSync(cache, python([oracleDumpScript, ...files.map((file) => join(torchFixtures, file))]));
  const lines = readFileSync(cache, "utf8").trim().split("\n");
  return new Map(lines.map((line) => JSON.parse(line)).map((record) => [record.file, record]));
}

/** What weightscope reads from a file, in the oracle's shape. */
export function ourRecords(path: string): TensorRecord[] {
  return collectTensors(openTorchFile(path).value).map(({ path: name, tensor }) => ({
    path: name,
    shape: [...tensor.shape],
    dtype: tensor.dtype,
    sha256: createHash("sha256").update(tensor.toBytesLE()).digest("hex"),
  }));
}

/** Records sorted by path, so sets compare as arrays (order does not matter in the contract). */
export function sorted(records: TensorRecord[]): TensorRecord[] {
  return [...records].map(({ path, shape, dtype, sha256 }) => ({ path, shape, dtype, sha256 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
