// The forward cases real torch writes (make_forward_cases.py), and comparing weightscope's tensors with torch's.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { PyDict } from "../../../src/python/values.js";
import { Tensor } from "../../../src/tensor/index.js";
import { load } from "../../../src/torch/index.js";
import { ensureDir, generatedDir, projectRoot, referencePython } from "../../support/oracle.js";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Runs a script of this folder once to make test/.generated/<name>, passing the scratch path it writes
 * last; the result is renamed into place, so parallel test files never see half of it.
 */
function generateOnce(name: string, script: string, args: string[] = [], folder = false): string {
  const target = join(generatedDir, name);
  if (existsSync(target)) return target;
  const scratch = `${target}.tmp-${process.pid}`;
  ensureDir(folder ? scratch : generatedDir);
  const run = spawnSync(referencePython, [join(here, script), ...args, scratch], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${script} failed:\n${run.stderr}`);
  try {
    renameSync(scratch, target);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

/** The cases of make_forward_cases.py: a folder of .pt files and their names. */
export function forwardCases(): { dir: string; names: string[] } {
  const dir = generateOnce("torch-forward", "make_forward_cases.py", [], true);
  return { dir, names: JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as string[] };
}

/** 64 random images and examples/lenet5.pt's output for them in real torch. */
export function lenet5Batch(): { images: Tensor; probabilities: Tensor } {
  const saved = load(generateOnce("torch-forward-lenet5.pt", "make_lenet5_batch.py", [join(projectRoot, "examples/lenet5.pt")])) as PyDict;
  return { images: saved.get("images") as Tensor, probabilities: saved.get("probabilities") as Tensor };
}

export interface ForwardCase {
  module: unknown;
  inputs: unknown[];
  outputs: Tensor[];
  after: PyDict;
}

export function readCase(dir: string, name: string): ForwardCase {
  const saved = load(join(dir, `${name}.pt`)) as PyDict;
  return { module: saved.get("module"), inputs: saved.get("inputs") as unknown[], outputs: saved.get("outputs") as Tensor[], after: saved.get("after") as PyDict };
}

/** torch.allclose(actual, expected, rtol=1e-5, atol=1e-5) with the same shape and dtype, failing with the worst element. */
export function expectClose(actual: unknown, expected: Tensor, what: string): void {
  expect(actual, what).toBeInstanceOf(Tensor);
  const tensor = actual as Tensor;
  expect([...tensor.shape], `${what} shape`).toEqual([...expected.shape]);
  expect(tensor.dtypeName, `${what} dtype`).toBe(expected.dtypeName);
  const a = tensor.data();
  const b = expected.data();
  let worst = 0;
  let at = -1;
  for (let i = 0; i < b.length; i++) {
    const excess = Math.abs(Number(a[i]) - Number(b[i])) - (1e-5 + 1e-5 * Math.abs(Number(b[i])));
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  expect(at, `${what}: element ${at} is ${a[at]} where torch has ${b[at]}`).toBe(-1);
}
