// The README's script runs as written and prints what the README says it prints.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { projectRoot } from "../support/oracle.js";

it("runs the README's library example and prints the output shown under it", () => {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const script = /```js\n([\s\S]*?)```\n\nprints\n\n```text\n([\s\S]*?)```/.exec(readme);
  expect(script, "README has a ```js block followed by 'prints' and a ```text block").not.toBeNull();
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script![1]!], { cwd: projectRoot, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe(script![2]);
});
