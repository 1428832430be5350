// Access to the reference implementations (real PyTorch, h5py, Python's pickle) and the shared real fixtures.
//
// Tests that need real torch call `describeWithTorch`. Where torch is missing they skip with a visible
// message, unless WEIGHTSCOPE_REQUIRE_ORACLE=1 (set by .ci/run), where a missing oracle is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Debian's python3 with python3-torch and python3-h5py: the reference. */
export const referencePython = "/usr/bin/python3";
export const sharedFixtures = resolve(projectRoot, "../shared/fixtures/real");
export const oracleDumpScript = resolve(projectRoot, "../shared/tools/oracle_dump.py");
/** Files the tests generate with real torch; not committed. */
export const generatedDir = join(projectRoot, "test/.generated");

const requireOracle = process.env.WEIGHTSCOPE_REQUIRE_ORACLE === "1";

let torchChecked: boolean | undefined;
export function torchAvailable(): boolean {
  if (torchChecked === undefined) {
    const probe = spawnSync(referencePython, ["-c", "import torch, h5py, numpy"], { encoding: "utf8" });
    torchChecked = probe.status === 0;
  }
  return torchChecked;
}

function gated(name: string, available: boolean, missing: string, body: () => void): void {
  if (available) {
    describe(name, body);
  } else if (requireOracle) {
    describe(name, () => {
      it("has its oracle", () => {
        throw new Error(`${missing} (WEIGHTSCOPE_REQUIRE_ORACLE=1 makes this a failure)`);
      });
    });
  } else {
    console.warn(`SKIPPED "${name}": ${missing}`);
    describe.skip(name, body);
  }
}

/** A describe block that needs real PyTorch (python3-torch) and h5py. */
export function describeWithTorch(name: string, body: () => void): void {
  gated(name, torchAvailable(), "real PyTorch is not installed: apt-get install -y python3-torch python3-h5py", body);
}

/** A describe block that reads ../shared/fixtures/real. */
export function describeWithSharedFixtures(name: string, body: () => void): void {
  gated(name, existsSync(sharedFixtures), `the shared real fixtures are not at ${sharedFixtures}`, body);
}

/** Runs Python code with the reference interpreter; returns stdout, throws with stderr on failure. */
export function runPython(code: string, args: string[] = [], python = referencePython): string {
  const run = spawnSync(python, ["-c", code, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python failed (${run.status}):\n${run.stderr}`);
  return run.stdout;
}

/** Same as runPython but returns stdout as bytes (for pickles). */
export function runPythonBytes(code: string, args: string[] = [], python = "python3"): Buffer {
  const run = spawnSync(python, ["-c", code, ...args], { maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`python failed (${run.status}):\n${run.stderr.toString()}`);
  return run.stdout;
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
