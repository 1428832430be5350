// torch, np and inspect at the prompt are module objects: type() and repr() as Python's, and every name
// dir() lists exists in the real module too.
import { describe, expect, it } from "vitest";
import { dir, np, promptTorch, pyRepr, type, inspect } from "../../src/python/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

describe("module objects", () => {
  it("print as modules", () => {
    expect(pyRepr(type(promptTorch))).toBe("<class 'module'>");
    expect(pyRepr(promptTorch)).toBe("<module 'torch'>");
    expect(pyRepr(promptTorch.nn)).toBe("<module 'torch.nn'>");
    expect(pyRepr(np)).toBe("<module 'numpy'>");
    expect(pyRepr(inspect)).toBe("<module 'inspect'>");
  });

  it("list their attributes, each of which resolves", () => {
    for (const module of [promptTorch, promptTorch.nn, np, inspect]) {
      const names = dir(module);
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) expect((module as unknown as Record<string, unknown>)[name], name).not.toBeUndefined();
    }
  });
});

describeWithTorch("module objects against the real modules", () => {
  it("list only names the real torch, torch.nn, numpy and inspect have", () => {
    const real = JSON.parse(runPython("import json, torch, numpy, inspect; print(json.dumps({'torch': dir(torch), 'torch.nn': dir(torch.nn), 'numpy': dir(numpy), 'inspect': dir(inspect)}))")) as Record<string, string[]>;
    for (const [name, module] of [["torch", promptTorch], ["torch.nn", promptTorch.nn], ["numpy", np], ["inspect", inspect]] as const) {
      const missing = dir(module).filter((n) => !real[name]!.includes(n));
      expect(missing, `${name} lists names the real module lacks`).toEqual([]);
    }
  });
});
