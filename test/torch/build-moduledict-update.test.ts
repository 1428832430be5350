// ModuleDict.update and clear against torch 1.13: order, replacement and refusals.
import { expect, it } from "vitest";
import { torch } from "../../src/torch/index.js";
import { OrderedDict } from "../../src/python/values.js";
import { ModuleTypeError, ModuleValueError } from "../../src/torch/modules/errors.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

const nn = torch.nn as unknown as Record<string, (...args: unknown[]) => Record<string, (...args: unknown[]) => unknown>>;

describeWithTorch("ModuleDict.update and clear", () => {
  it("update takes pairs, dicts, OrderedDicts and ModuleDicts in order, replacing existing names in place", () => {
    const md = nn.ModuleDict!({ a: nn.Linear!(1, 1) });
    md.update!([["b", nn.ReLU!()], ["a", nn.Tanh!()]]);
    md.update!(new OrderedDict([["d", nn.Sigmoid!()], ["c", nn.Identity!()]]));
    md.update!(nn.ModuleDict!({ e: nn.GELU!() }));
    md.update!({ f: nn.SiLU!() });
    const afterUpdate = String(md);
    md.clear!();
    const python = runPython(
      [
        "import torch, collections",
        "nn = torch.nn",
        "md = nn.ModuleDict({'a': nn.Linear(1, 1)})",
        "md.update([('b', nn.ReLU()), ('a', nn.Tanh())])",
        "md.update(collections.OrderedDict([('d', nn.Sigmoid()), ('c', nn.Identity())]))",
        "md.update(nn.ModuleDict({'e': nn.GELU()}))",
        "md.update({'f': nn.SiLU()})",
        "print(md)",
        "md.clear()",
        "print(md)",
      ].join("\n"),
    );
    expect(`${afterUpdate}\n${String(md)}\n`).toBe(python);
  });

  it("refuses elements that are not pairs, as torch does", () => {
    const md = nn.ModuleDict!();
    expect(() => md.update!([["a", nn.ReLU!(), 3]])).toThrow(ModuleValueError);
    expect(() => md.update!([["a", nn.ReLU!(), 3]])).toThrow("ModuleDict update sequence element #0 has length 3; 2 is required");
    expect(() => md.update!([5])).toThrow(ModuleTypeError);
    expect(() => md.update!([5])).toThrow("ModuleDict update sequence element #0 should be Iterable; is number");
    const python = runPython("import torch\ntry:\n  torch.nn.ModuleDict().update([('a', torch.nn.ReLU(), 3)])\nexcept ValueError as e:\n  print(e)");
    expect(python.trim()).toBe("ModuleDict update sequence element #0 has length 3; 2 is required");
  });
});
