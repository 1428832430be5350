// The issue's transcript, typed at the prompt and at real Python with torch 1.13: every answer compared.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";
import { pyRepr } from "../../src/python/index.js";
import { startSession, withoutAddresses, type Session } from "./session.js";

/** Each line as typed at our prompt, and the Python line it stands for. */
const transcript: ReadonlyArray<readonly [ours: string, python: string]> = [
  ['torch_model = torch.load("examples/lenet5.pt")', 'torch_model = torch.load("examples/lenet5.pt")'],
  ["type(torch_model)", "type(torch_model)"],
  ['dir(torch_model).filter(n => n.includes("state"))', '[n for n in dir(torch_model) if "state" in n]'],
  ["inspect.getmembers(torch_model)", "inspect.getmembers(torch_model)"],
  ["torch_model.state_dict", "torch_model.state_dict"],
  ["sd = torch_model.state_dict()", "sd = torch_model.state_dict()"],
  ["sd.keys()", "sd.keys()"],
  ['sd["0.weight"]', 'sd["0.weight"]'],
  ['sd["0.weight"].numpy()', 'sd["0.weight"].numpy()'],
  ['sd["0.weight"].numpy().shape', 'sd["0.weight"].numpy().shape'],
  ["[...sd.items()].map(([k, v]) => [k, v.shape])", "[[k, v.shape] for k, v in sd.items()]"],
  ["help(torch_model.load_state_dict)", "help(torch_model.load_state_dict)"],
  ['help(sd["0.weight"].numpy)', 'help(sd["0.weight"].numpy)'],
];

/**
 * Where our answer cannot be Python's character for character, and why. Every other line must be equal.
 * - getmembers: Python also lists dunder and internal members (`__init__`, `_apply`, hook dicts...)
 *   that weightscope does not have; what we list must be Python's, and no data member may be missing.
 * - help: the docstring is written for this project, never torch's text; the lines above it are Python's.
 *   A builtin's docstring opens with its signature (`numpy(*, force=False) -> numpy.ndarray`), a fact
 *   both may state the same way; only the prose lines must differ.
 * - everywhere: Python shows memory addresses (`object at 0x7f...>`), weightscope has none to show.
 */
const deliberate = { getmembers: 3, helpLines: [11, 12] } as const;

interface PythonFace {
  echoes: string[];
  members: Array<[name: string, repr: string, isData: boolean]>;
}

const lineNumbers = transcript.map((_, i) => i);

describeWithTorch("the issue's transcript at the prompt", () => {
  let python: PythonFace;
  let ours: string[];
  let session: Session;

  beforeAll(async () => {
    python = JSON.parse(runPython(`import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")`, [
      join(projectRoot, "test/repl/python_face.py"),
      projectRoot,
      JSON.stringify(transcript.map(([, py]) => py)),
    ])) as PythonFace;
    process.chdir(projectRoot);
    session = await startSession({ files: [join(projectRoot, "examples/lenet5.pt")] });
    ours = [];
    for (const [line] of transcript) ours.push(await session.send(line));
    await session.end();
  });

  const exact = lineNumbers.filter((i) => i !== deliberate.getmembers && !(deliberate.helpLines as readonly number[]).includes(i));
  it.each(exact.map((i) => [transcript[i]![0], i] as const))("%s echoes what Python echoes", (_line, i) => {
    expect(withoutAddresses(ours[i]!)).toBe(withoutAddresses(python.echoes[i]!));
  });

  it("inspect.getmembers lists only Python's (name, value) pairs, and every public data member Python has", async () => {
    const printed = ours[deliberate.getmembers]!;
    const session = await startSession({ files: [join(projectRoot, "examples/lenet5.pt")] });
    // The pairs behind what was printed, so each can be compared with Python's on its own.
    const context = session.handle.server.context;
    const pairs = (context.inspect as { getmembers(x: unknown): unknown[][] }).getmembers(context.lenet5) as Array<[string, unknown]>;
    await session.end();
    expect(printed).toBe(`[${pairs.map(([name, value]) => `(${pyRepr(name)}, ${pyRepr(value)})`).join(", ")}]\n`);
    const pythonRepr = new Map(python.members.map(([name, repr]) => [name, withoutAddresses(repr)]));
    for (const [name, value] of pairs) expect([name, withoutAddresses(pyRepr(value))]).toEqual([name, pythonRepr.get(name)]);
    const ourNames = new Set(pairs.map(([name]) => name));
    const publicData = python.members.filter(([name, , isData]) => isData && !name.startsWith("_")).map(([name]) => name);
    expect(publicData.filter((name) => !ourNames.has(name))).toEqual([]);
  });

  it.each(deliberate.helpLines.map((i) => [transcript[i]![0], i] as const))("%s: Python's heading and signature line, then our own docstring", (_line, i) => {
    const [ourHead, ourDoc] = splitHelp(ours[i]!);
    const [pythonHead, pythonDoc] = splitHelp(python.echoes[i]!);
    expect(ourHead).toEqual(pythonHead);
    expect(ourDoc.length).toBeGreaterThan(0);
    // Written for this project: no sentence-sized line of torch's docstring prose appears in ours.
    const signature = /^[\w.]+\(.*\)( -> [\w.]+)?$/;
    const torchProse = new Set(pythonDoc.filter((line) => line.length > 24 && !signature.test(line)));
    expect(ourDoc.filter((line) => torchProse.has(line))).toEqual([]);
    expect(ourDoc.some((line) => !signature.test(line))).toBe(true);
  });

  it("prints the same answers when the lines are piped into the real command", () => {
    const input = transcript.map(([line]) => line).join("\n") + "\n";
    const run = spawnSync(process.execPath, [join(projectRoot, "bin/weightscope"), "examples/lenet5.pt"], { cwd: projectRoot, input, encoding: "utf8", env: { ...process.env, WEIGHTSCOPE_DEBUG: "" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`lenet5 = torch.load("examples/lenet5.pt")  # whole module of class torch.nn.modules.container.Sequential\n` + ours.join(""));
  });
});

/** help() output: the heading lines up to and including the signature line, then the docstring's lines, trimmed. */
function splitHelp(text: string): [string[], string[]] {
  const lines = text.replace(/\n+$/, "").split("\n");
  return [lines.slice(0, 3), lines.slice(3).map((line) => line.trim()).filter((line) => line !== "")];
}
