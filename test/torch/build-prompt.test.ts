// Building at the prompt: torch.nn's classes, Module, Parameter and init as the prompt's torch module holds them.
import { describe, expect, it } from "vitest";
import { dir, isinstance, promptTorch, pyRepr, type } from "../../src/python/index.js";
import { Tensor } from "../../src/tensor/index.js";
import { torch, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

const nn = promptTorch.nn;

describe("torch.nn at the prompt", () => {
  it("builds modules that the Python face sees as modules of their class", () => {
    const m = nn.Linear(2, 3);
    expect(pyRepr(m)).toBe("Linear(in_features=2, out_features=3, bias=True)");
    expect(pyRepr(type(m))).toBe("<class 'torch.nn.modules.linear.Linear'>");
    expect(isinstance(m, nn.Module)).toBe(true);
    class Net extends nn.Module {}
    expect(pyRepr(type(new Net()))).toBe("<class '__main__.Net'>");
    expect(isinstance(new Net(), nn.Module)).toBe(true);
  });

  it("holds Parameter and init; torch holds manual_seed, initial_seed, rand and randn", () => {
    expect(nn.Parameter(torch.zeros(2)) instanceof nn.Parameter).toBe(true);
    expect(pyRepr(nn.init)).toBe("<module 'torch.nn.init'>");
    promptTorch.manual_seed(5);
    const a = promptTorch.rand(3);
    promptTorch.manual_seed(5);
    expect(promptTorch.rand(3).tolist()).toEqual(a.tolist());
    expect(promptTorch.initial_seed()).toBe(5n);
    const t = nn.init.ones_(torch.zeros(2)) as Tensor;
    expect(t.tolist()).toEqual([1, 1]);
  });

  it("refuses a JavaScript class extending a built-in module class, which would lose the subclass's methods", () => {
    const Linear = torch.nn.Linear as unknown as new (...args: unknown[]) => TorchModule;
    class Wider extends Linear {
      constructor() {
        super(2, 3);
      }
    }
    expect(() => new Wider()).toThrow("a JavaScript class cannot extend torch.nn.Linear; extend torch.nn.Module and give it a Linear attribute");
  });
});

describeWithTorch("torch.nn.init at the prompt against torch 1.13", () => {
  it("lists only names the real torch.nn.init has", () => {
    const real = JSON.parse(runPython("import json, torch.nn.init as init; print(json.dumps(dir(init)))")) as string[];
    expect(dir(nn.init).filter((name) => !real.includes(name))).toEqual([]);
  });
});
