// The files make_3d_cases.py writes with real torch, made once per checkout and shared by the 3-D tests.
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedDir, referencePython } from "../../support/oracle.js";

const here = dirname(fileURLToPath(import.meta.url));

/** test/.generated/torch-3d, written whole into a scratch folder and renamed, so parallel files never see half of it. */
export function threeDCases(): string {
  const target = join(generatedDir, "torch-3d");
  if (existsSync(target)) return target;
  const scratch = `${target}.tmp-${process.pid}`;
  const run = spawnSync(referencePython, [join(here, "make_3d_cases.py"), scratch], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make_3d_cases.py failed:\n${run.stderr}`);
  try {
    renameSync(scratch, target);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

