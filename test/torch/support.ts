// Shared by the torch tests: the generated fixtures (made once with real torch) and the oracle's view of them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureDir, generatedDir, oracleDumpScript, projectRoot, referencePython } from "../support/oracle.js";
import { TorchFileError } from "../../src/errors.js";
import { collectTensors, openTorchFile, type LoadOptions } from "../../src/torch/index.js";

export const torchFixtures = join(generatedDir, "torch");

export interface TensorRecord {
  path: string;
  shape: number[];
  dtype: string;
  sha256: string;
}

export interface FixtureIndexRow {
  file: string;
  check: "oracle" | "same_as" | "expected";
  same_as?: string;
  tensors?: TensorRecord[];
}

function python(args: string[]): string {
  const run = spawnSync(referencePython, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`${referencePython} ${args[0]} failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}

/**
 * Runs a fixture script (a path under test/fixtures, or an absolute one) into test/.generated/<name>
 * unless that folder exists. Test files run in parallel, so each writes into a folder of its own and
 * renames it into place: a reader never sees half-written files, and the slower of two writers just
 * drops its copy.
 */
export function generateOnce(name: string, script: string): string {
  const target = join(generatedDir, name);
  if (existsSync(target)) return target;
  const scratch = ensureDir(join(generatedDir, `${name}.tmp-${process.pid}`));
  python([resolve(projectRoot, "test/fixtures", script), scratch]);
  try {
    renameSync(scratch, target);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

/** Writes the fixtures with real torch the first time a test needs them; returns their index. */
export function ensureTorchFixtures(): FixtureIndexRow[] {
  generateOnce("torch", "make_torch_fixtures.py");
  return JSON.parse(readFileSync(join(torchFixtures, "index.json"), "utf8")) as FixtureIndexRow[];
}

/** oracle_dump.py's records for the generated files, computed once and kept beside them. */
export function oracleRecords(files: string[]): Map<string, { ok: boolean; error: string | null; tensors: TensorRecord[] }> {
  const cache = join(torchFixtures, "oracle.jsonl");
  if (!existsSync(cache)) {
    const scratch = `${cache}.tmp-${process.pid}`;
    writeFileSync(scratch, python([oracleDumpScript, ...files.map((file) => join(torchFixtures, file))]));
    renameSync(scratch, cache);
  }
  const lines = readFileSync(cache, "utf8").trim().split("\n");
  return new Map(lines.map((line) => JSON.parse(line)).map((record) => [record.file, record]));
}

/** What weightscope reads from a file, in the oracle's shape. */
export function ourRecords(path: string): TensorRecord[] {
  return collectTensors(openTorchFile(path).value).map(({ path: name, tensor }) => ({
    path: name,
    shape: [...tensor.shape],
    dtype: tensor.dtypeName,
    sha256: createHash("sha256").update(tensor.toBytesLE()).digest("hex"),
  }));
}

/** Records sorted by path, so sets compare as arrays (order does not matter in the contract). */
export function sorted(records: TensorRecord[]): TensorRecord[] {
  return [...records].map(({ path, shape, dtype, sha256 }) => ({ path, shape, dtype, sha256 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Opens a hostile file (and reads every tensor of it) and returns the TorchFileError it must end in, after
 * checking the error is one line that starts with the file and names the place.
 */
export function torchFileErrorOf(path: string, place: string, options: LoadOptions = {}): TorchFileError {
  let caught: unknown;
  try {
    for (const { tensor } of collectTensors(openTorchFile(path, options).value)) tensor.toBytesLE();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof TorchFileError)) throw new Error(`expected a TorchFileError from ${path}, got ${String(caught)}`);
  if (caught.message.includes("\n")) throw new Error(`the message is not one line: ${caught.message}`);
  if (!caught.message.startsWith(`${path}: ${place}: `)) throw new Error(`the message does not start with "${path}: ${place}: ": ${caught.message}`);
  return caught;
}

export function hostileFile(name: string): string {
  return join(generateOnce("torch-hostile", "make_hostile_torch.py"), name);
}
