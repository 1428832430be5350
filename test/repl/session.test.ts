// The prompt as a session: errors in one line, multi-line input, .help, history, and the files bound at start.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledExamples, variableNameFor } from "../../repl/bindings.js";
import { isBindingStatement } from "../../repl/evaluate.js";
import { pythonGlobals } from "../../src/python/index.js";
import { describeWithSharedFixtures, describeWithTorch, projectRoot, runPython, sharedFixtures } from "../support/oracle.js";
import { startSession } from "./session.js";

const lenet5 = join(projectRoot, "examples/lenet5.pt");
const scratch = mkdtempSync(join(tmpdir(), "weightscope-repl-"));

describeWithTorch("errors at the prompt", () => {
  it("names an unknown variable as Python does, in one line, and goes on", async () => {
    const python = runPython(`import traceback
try:
    foo
except NameError as e:
    print(traceback.format_exception_only(type(e), e)[-1], end="")`);
    const session = await startSession({ files: [lenet5] });
    expect(await session.send("foo")).toBe(python);
    expect(await session.send("1 + 1")).toBe("2\n");
    await session.end();
  });

  it("names TypeError and torch's RuntimeError as Python does, with torch's whole load_state_dict text", async () => {
    const python = runPython(`import traceback, torch
m = torch.load("${lenet5}")
def last(f):
    try:
        f()
    except Exception as e:
        print(traceback.format_exception_only(type(e), e)[-1], end="")
last(lambda: len(m[0]))
sd = m.state_dict()
del sd["0.bias"]
last(lambda: m.load_state_dict(sd))`);
    const session = await startSession({ files: [lenet5] });
    const lenError = await session.send("len(lenet5[0])");
    const loadError = await session.send('sd = lenet5.state_dict(); sd.delete("0.bias"); lenet5.load_state_dict(sd)');
    expect(lenError + loadError).toBe(python);
    await session.end();
  });
});

describeWithTorch("values typed at the prompt", () => {
  it("are the library's own kind of object: keyword arguments and plain objects answer as Python's do", async () => {
    const python = runPython(`print(1, 2, sep=", ")\nprint(repr({"a": 1, "b": [1, 2]}))\nprint(repr([(1, 3), (2, 4)]))`);
    const session = await startSession({ files: [lenet5] });
    const ours = [await session.send('print(1, 2, {sep: ", "})'), await session.send("({a: 1, b: [1, 2]})"), await session.send("zip([1, 2], [3, 4])")];
    await session.end();
    expect(ours.join("")).toBe(python);
  });
});

describe("the prompt as a session", () => {
  it("puts its names on globalThis while it runs and takes them off when it ends", async () => {
    const scope = globalThis as Record<string, unknown>;
    scope.help = "kept";
    const session = await startSession({ files: [lenet5] });
    expect(typeof scope.help).toBe("function");
    expect(scope.lenet5).toBeDefined();
    await session.end();
    expect(scope.help).toBe("kept");
    expect("lenet5" in scope).toBe(false);
    expect("dir" in scope).toBe(false);
    delete scope.help;
  });

  it("reports a file that cannot be read in one line naming its class and the file; the stack only with WEIGHTSCOPE_DEBUG=1", async () => {
    const missing = join(scratch, "missing.pt");
    const quiet = await startSession({ files: [lenet5] });
    const line = await quiet.send(`torch.load(${JSON.stringify(missing)})`);
    expect(line).toMatch(/^\w*Error: .*missing\.pt/);
    expect(line.trimEnd().split("\n")).toHaveLength(1);
    expect(await quiet.send("2 * 21")).toBe("42\n");
    await quiet.end();

    const debug = await startSession({ files: [lenet5], env: { WEIGHTSCOPE_DEBUG: "1" } });
    const detailed = (await debug.send(`torch.load(${JSON.stringify(missing)})`)).trimEnd().split("\n");
    expect(detailed[0]).toBe(line.trimEnd());
    expect(detailed.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
    await debug.end();
  });

  it("reports a syntax error in one line and goes on", async () => {
    const session = await startSession({ files: [lenet5] });
    expect(await session.send("1 +* 2")).toBe("SyntaxError: Unexpected token '*'\n");
    expect(await session.send("3")).toBe("3\n");
    await session.end();
  });

  it("reads a function defined over three lines, answering only when it is complete", async () => {
    const session = await startSession({ files: [lenet5] });
    expect(await session.send("function double(x) {")).toBe("");
    expect(await session.send("  return x * 2")).toBe("");
    expect(await session.send("}")).toBe("");
    expect(await session.send("double(21)")).toBe("42\n");
    await session.end();
  });

  it("echoes nothing for a binding statement, as Python echoes nothing for `x = 1`, and echoes the value after", async () => {
    const session = await startSession({ files: [lenet5] });
    for (const line of ["x = 1", "x += 2", "const y = 5", 'lenet5.__dict__["note"] = 3', "print(1)"]) expect(await session.send(line), line).toBe(line === "print(1)" ? "1\n" : "");
    expect(await session.send("x + y")).toBe("8\n");
    expect(await session.send("x == 3")).toBe("True\n");
    await session.end();
  });

  it("tells binding statements from expressions", () => {
    for (const code of ["x = 1", "a.b = 2", 'sd["0.weight"] = t', "n **= 2", "let z = 1", "function f() {}", "class A {}"]) expect(isBindingStatement(code), code).toBe(true);
    for (const code of ["x == 1", "x => x", "a <= b", "a >= b", "a != b", "f(x = 1)", "[a] == b", "sd.keys()"]) expect(isBindingStatement(code), code).toBe(false);
    // Statements in a row are judged by the last one, as Python echoes `x = 1; x` but not `x; y = 1`.
    for (const code of ["x; y = 5", "y = 2;", 'z = "a;b"', "let q = [1]; q = q.map((v) => { return v; })"]) expect(isBindingStatement(code), code).toBe(true);
    for (const code of ["x = 1; x", "const f = (a) => { return a; }; f(3)", 'g("a;b = 1")']) expect(isBindingStatement(code), code).toBe(false);
  });

  it("lists every command and every global in .help, one line each", async () => {
    const session = await startSession({ files: [lenet5] });
    const help = await session.send(".help");
    const lines = help.split("\n");
    for (const command of Object.keys(session.handle.server.commands)) expect(lines.filter((l) => l.startsWith(`  .${command} `))).toHaveLength(1);
    for (const global of Object.keys(pythonGlobals(() => {}))) expect(lines.filter((l) => new RegExp(`^  ${global} +\\S`).test(l)), global).toHaveLength(1);
    expect(help).toMatch(/\.open /);
    await session.end();
  });

  it("keeps history in the file WEIGHTSCOPE_HISTORY names when on a terminal, newest first", async () => {
    const historyFile = join(scratch, "history");
    const session = await startSession({ files: [lenet5], terminal: true, env: { WEIGHTSCOPE_HISTORY: historyFile } });
    await session.send("a = 1");
    await session.send("lenet5.training");
    await session.end();
    await waitFor(() => existsSync(historyFile) && readFileSync(historyFile, "utf8").includes("lenet5.training"));
    expect(readFileSync(historyFile, "utf8").split(/\r?\n/)).toEqual(["lenet5.training", "a = 1"]);

  });

  it("keeps history in ~/.weightscope_history when WEIGHTSCOPE_HISTORY is unset, and nowhere when it is empty", async () => {
    const home = process.env.HOME;
    try {
      for (const [folder, env] of [["unset", {}], ["empty", { WEIGHTSCOPE_HISTORY: "" }]] as const) {
        process.env.HOME = join(scratch, folder);
        mkdirSync(process.env.HOME);
        const session = await startSession({ files: [lenet5], terminal: true, env });
        await session.send("b = 2");
        await session.end();
      }
      const kept = join(scratch, "unset", ".weightscope_history");
      await waitFor(() => existsSync(kept) && readFileSync(kept, "utf8") !== "");
      expect(readFileSync(kept, "utf8")).toBe("b = 2");
      expect(readdirSync(join(scratch, "empty"))).toEqual([]);
    } finally {
      process.env.HOME = home;
    }
  });
});

describeWithTorch("files bound at start", () => {
  it("binds weightscope examples/lenet5.pt to lenet5, the module torch.load gives, and says so in one line", async () => {
    const keys = JSON.parse(runPython(`import json, sys, torch; print(json.dumps(list(torch.load(sys.argv[1]).state_dict().keys())))`, [lenet5]));
    const session = await startSession({ files: [lenet5], cwd: projectRoot });
    expect(session.banner).toBe('lenet5 = torch.load("examples/lenet5.pt")  # whole module of class torch.nn.modules.container.Sequential\n');
    const model = session.handle.server.context.lenet5 as { state_dict(): { keys(): unknown[] } };
    expect([...model.state_dict().keys()]).toEqual(keys);
    await session.end();
  });

  it("binds one more file with .open, under a name of its own, and reports a missing one in one line", async () => {
    const session = await startSession({ files: [lenet5], cwd: projectRoot });
    expect(await session.send(`.open ${lenet5}`)).toBe('lenet5_2 = torch.load("examples/lenet5.pt")  # whole module of class torch.nn.modules.container.Sequential\n');
    expect(await session.send("lenet5_2.state_dict().keys().length")).toBe("10\n");
    expect(await session.send(`.open ${join(scratch, "absent.pt")}`)).toMatch(/^\w*Error: .*absent\.pt.*\n$/);
    await session.end();
  });

  it("binds the bundled examples when no file is named", async () => {
    const session = await startSession({ cwd: projectRoot });
    expect(bundledExamples().map((p) => p.slice(projectRoot.length + 1))).toEqual(["examples/lenet5.pt", "examples/lenet5_state_dict.pt"]);
    expect(session.handle.bindings.map((b) => b.name)).toEqual(["lenet5", "lenet5_state_dict"]);
    expect(session.banner.split("\n")[1]).toBe('lenet5_state_dict = torch.load("examples/lenet5_state_dict.pt")  # state_dict (OrderedDict of 10 tensors)');
    expect(await session.send("lenet5_state_dict.keys().length")).toBe("10\n");
    await session.end();
  });

  it("gives two files with one stem, or a stem that is a global of ours or of JavaScript, names of their own", async () => {
    const torchFile = join(scratch, "torch.pt");
    const arrayFile = join(scratch, "Array.pt");
    copyFileSync(lenet5, torchFile);
    copyFileSync(lenet5, arrayFile);
    const session = await startSession({ files: [lenet5, join(projectRoot, "examples/./lenet5.pt"), torchFile, arrayFile], cwd: projectRoot });
    expect(session.handle.bindings.map((b) => b.name)).toEqual(["lenet5", "lenet5_2", "torch_2", "Array_2"]);
    expect(await session.send("Array.isArray([])")).toBe("True\n");
    expect(session.banner.split("\n")[2]).toBe(`torch_2 = torch.load(${JSON.stringify(torchFile)})  # whole module of class torch.nn.modules.container.Sequential`);
    await session.end();
  });
});

describe("variable names made from file names", () => {
  it.each([
    ["lenet5.pt", "lenet5"],
    ["dir/my-model.v2.pth", "my_model_v2"],
    ["2024 run.pt", "_2024_run"],
    ["class.pt", "class_"],
    ["...", "model"],
  ])("%s -> %s", (path, name) => {
    expect(variableNameFor(path)).toBe(name);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describeWithSharedFixtures(".open of a Keras file", () => {
  it("opens a Keras file with .open, and the lines typed after it wait until it is bound", async () => {
    const keras = join(sharedFixtures, "keras2.0.8_seq_lenet5_named_layers.h5");
    const session = await startSession({ files: [lenet5], cwd: projectRoot });
    const first = await session.send(`.open ${keras}\nkeras2_0_8_seq_lenet5_named_layers.layers.length\nlen(lenet5)`);
    const all = first + (await session.end());
    expect(all).toMatch(/^keras2_0_8_seq_lenet5_named_layers {2}# read from ".*keras2\.0\.8_seq_lenet5_named_layers\.h5": Keras 2\.0\.8 HDF5 full model: Sequential, 8 layers\n8\n13\n$/);
  });
});
