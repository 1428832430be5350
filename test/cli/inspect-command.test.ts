// The inspect command as a user meets it: the table, the exit codes, and one-line errors without stack traces.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { projectRoot } from "../support/oracle.js";

async function run(argv: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end(input ?? "");
  const status = await runCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin });
  return { status, stdout, stderr };
}

const scratch = mkdtempSync(join(tmpdir(), "weightscope-cli-"));

describe("weightscope inspect", () => {
  it("prints the kind of file and one row per tensor of the bundled LeNet-5, with totals", async () => {
    const { status, stdout, stderr } = await run(["inspect", join(projectRoot, "examples/lenet5.pt")]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/lenet5\.pt: whole module of class torch\.nn\.modules\.container\.Sequential/);
    expect(lines[1]).toMatch(/^path\s+shape\s+dtype\s+elements\s+bytes$/);
    expect(lines[2]).toMatch(/^0\.weight\s+\[6, 1, 5, 5\]\s+float32\s+150\s+600$/);
    expect(lines).toHaveLength(2 + 10 + 1);
    // LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850 parameters.
    expect(lines.at(-1)).toBe("10 tensors, 61,706 elements, 246,824 bytes");
  });

  it("says what a missing file is, in one line, with a non-zero exit", async () => {
    const { status, stdout, stderr } = await run(["inspect", join(scratch, "nope.pt")]);
    expect(status).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/nope\.pt/);
  });

  it("refuses a file that is no model file, naming it and the place", async () => {
    const path = join(scratch, "notes.txt");
    writeFileSync(path, "just some text, not a model\n");
    const { status, stderr } = await run(["inspect", path]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/^weightscope: .*notes\.txt: byte 0: not a model file/);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("reports a failed file in --json as ok: false and still prints the good ones", async () => {
    const path = join(scratch, "empty.pt");
    writeFileSync(path, "");
    const { status, stdout } = await run(["inspect", "--json", path, join(projectRoot, "examples/lenet5_state_dict.pt")]);
    expect(status).toBe(1);
    const [bad, good] = stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(bad).toMatchObject({ file: "empty.pt", ok: false });
    expect(good).toMatchObject({ file: "lenet5_state_dict.pt", ok: true });
    expect(good.tensors).toHaveLength(10);
  });

  it("shows help and the version", async () => {
    const help = (await run(["--help"])).stdout;
    expect(help).toMatch(/inspect\s+say what kind of model file/);
    expect(help).toMatch(/^usage: weightscope \[FILE\.\.\.\]$/m);
    expect(help).toMatch(/WEIGHTSCOPE_HISTORY/);
    expect((await run(["--version"])).stdout).toMatch(/^weightscope \d+\.\d+\.\d+\n$/);
  });
});

describe("weightscope with no command", () => {
  it("opens the bundled examples at the prompt when given no file, and ends with status 0 when the input ends", async () => {
    const { status, stdout, stderr } = await run([], "lenet5_state_dict.keys().length\n");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout.split("\n").slice(0, 2)).toEqual([
      expect.stringMatching(/^lenet5 = torch\.load\(".*lenet5\.pt"\)  # whole module of class torch\.nn\.modules\.container\.Sequential$/),
      expect.stringMatching(/^lenet5_state_dict = torch\.load\(".*lenet5_state_dict\.pt"\)  # state_dict \(OrderedDict of 10 tensors\)$/),
    ]);
    expect(stdout.split("\n")[2]).toBe("10");
  });

  it("binds each file named on the command line, and reports a missing one there in one line", async () => {
    const { status, stdout } = await run([join(projectRoot, "examples/lenet5.pt"), join(scratch, "gone.pt")], "lenet5.state_dict().keys().length\n");
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^lenet5 = torch\.load/);
    expect(lines[1]).toMatch(/^# .*gone\.pt not opened: \w+Error: .*gone\.pt/);
    expect(lines.slice(2)).toEqual(["10"]);
  });
});
