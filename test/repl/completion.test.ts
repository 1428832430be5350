// Tab completion offers what dir() lists for the value before the dot, names Python also has, each one usable.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeLine } from "../../repl/complete.js";
import { dir } from "../../src/python/index.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";
import { startSession, type Session } from "./session.js";

type Completer = (line: string) => [string[], string];

describeWithTorch("completion at the prompt", () => {
  let session: Session;
  let complete: Completer;
  let context: Record<string, unknown>;
  let pythonDir: Record<"torch_model" | "sd" | "weight", string[]>;

  beforeAll(async () => {
    pythonDir = JSON.parse(
      runPython(
        `import json, sys, torch
m = torch.load(sys.argv[1]); sd = m.state_dict()
print(json.dumps({"torch_model": dir(m), "sd": dir(sd), "weight": dir(sd["0.weight"])}))`,
        [join(projectRoot, "examples/lenet5.pt")],
      ),
    );
    session = await startSession({ files: [join(projectRoot, "examples/lenet5.pt")] });
    await session.send("torch_model = lenet5");
    await session.send("sd = torch_model.state_dict()");
    // readline keeps our completer behind its callback form; ours answers at once.
    const readlineCompleter = session.handle.server.completer as (line: string, done: (error: unknown, result: [string[], string]) => void) => void;
    complete = (line) => {
      let result: [string[], string] | undefined;
      readlineCompleter(line, (error, answer) => {
        if (error) throw error;
        result = answer;
      });
      return result!;
    };
    context = session.handle.server.context;
  });
  afterAll(() => session.end());

  const cases = [
    { line: "torch_model.", path: (c: Record<string, unknown>) => c.torch_model, python: "torch_model" },
    { line: "torch_model.st", path: (c: Record<string, unknown>) => c.torch_model, python: "torch_model" },
    { line: "sd.", path: (c: Record<string, unknown>) => c.sd, python: "sd" },
    { line: 'sd["0.weight"].', path: (c: Record<string, unknown>) => (c.sd as Record<string, unknown>)["0.weight"], python: "weight" },
    { line: 'print(sd["0.weight"].nu', path: (c: Record<string, unknown>) => (c.sd as Record<string, unknown>)["0.weight"], python: "weight" },
  ] as const;

  it.each(cases)("$line offers exactly dir() of the value, filtered by what was typed", ({ line, path }) => {
    const prefix = /[\w$]*$/.exec(line)![0];
    const [offered, replaced] = complete(line);
    expect(replaced).toBe(prefix);
    expect(offered).toEqual(dir(path(context)).filter((name) => name.startsWith(prefix)));
    expect(offered.length).toBeGreaterThan(0);
  });

  it.each(cases)("$line offers only names Python's dir() has, none of JavaScript's own, each one resolving", ({ line, path, python }) => {
    const [offered] = complete(line);
    const value = path(context) as Record<string, unknown>;
    expect(offered.filter((name) => !pythonDir[python].includes(name))).toEqual([]);
    for (const internal of ["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty"]) expect(offered).not.toContain(internal);
    for (const name of offered) expect(value[name], name).not.toBeUndefined();
  });

  it("offers torch_model.state_dict for torch_model.st, as the issue's session needs", () => {
    expect(complete("torch_model.st")[0]).toContain("state_dict");
  });

  it("offers the globals and the bound variables at the top level, and nothing node adds", () => {
    const [all] = complete("");
    for (const name of ["torch", "np", "inspect", "dir", "type", "help", "print", "len", "zip", "repr", "str", "isinstance", "lenet5", "torch_model", "sd"]) {
      expect(all).toContain(name);
    }
    for (const hidden of ["require", "module", "fs", "console", "_", "global"]) expect(all).not.toContain(hidden);
    expect(complete("x = to")).toEqual([["torch", "torch_model"], "to"]);
  });
});

describe("completion never runs what was typed", () => {
  it("follows only a plain path, so a call before the dot offers nothing and calls nothing", () => {
    let called = 0;
    const scope = {
      lookup: (name: string) => (name === "f" ? { found: true, value: () => called++ } : { found: false }),
      topLevelNames: () => ["f"],
      dir: (value: unknown) => Object.keys(value as object),
    };
    expect(completeLine("f().", scope)).toEqual([[], ""]);
    expect(completeLine("nothing.x", scope)).toEqual([[], "x"]);
    expect(called).toBe(0);
  });

  it("reads a path's steps by property access: names, quoted keys and indices", () => {
    const value = { a: { "b c": [{ deep: 1, deeper: 2 }] } };
    const scope = { lookup: () => ({ found: true, value }), topLevelNames: () => [], dir: (v: unknown) => Object.keys(v as object) };
    expect(completeLine(`v.a["b c"][0].dee`, scope)).toEqual([["deep", "deeper"], "dee"]);
    expect(completeLine(`v.a['b c'][0].`, scope)).toEqual([["deep", "deeper"], ""]);
    expect(completeLine(`v.missing.x.`, scope)).toEqual([[], ""]);
  });
});
