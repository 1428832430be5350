// The Module API of a loaded module against the same file opened by real torch.
import { join } from "node:path";
import { expect, it } from "vitest";
import { Tensor } from "../../src/tensor/index.js";
import { load, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";
import { ensureTorchFixtures, torchFixtures } from "./support.js";

const torchView = `
import json, sys, torch
path = sys.argv[1]
m = torch.jit.load(path) if sys.argv[2] == "script" else torch.load(path)
name = lambda mod: getattr(mod, "original_name", None) or type(mod).__name__
print(json.dumps({
  "named_modules": [[n, name(mod)] for n, mod in m.named_modules()],
  "named_parameters": [[n, list(p.shape), p.requires_grad] for n, p in m.named_parameters()],
  "named_buffers": [[n, list(b.shape)] for n, b in m.named_buffers()],
  "named_children": [n for n, _ in m.named_children()],
  "state_dict": list(m.state_dict().keys()),
  "training": m.training,
}))
`;

function ourView(module: TorchModule): unknown {
  const shape = (t: unknown): number[] => [...(t as Tensor).shape];
  const name = (m: TorchModule): string => String(m.__dict__.get("original_name") ?? m.__name__);
  return {
    named_modules: module.named_modules().map(([n, m]) => [n, name(m as TorchModule)]),
    named_parameters: module.named_parameters().map(([n, p]) => [n, shape(p), (p as Tensor).requires_grad]),
    named_buffers: module.named_buffers().map(([n, b]) => [n, shape(b)]),
    named_children: module.named_children().map(([n]) => n),
    state_dict: module.state_dict().keys(),
    training: module.training,
  };
}

describeWithTorch("Module API against real torch", () => {
  ensureTorchFixtures();
  const files: Array<[string, "pickle" | "script"]> = [
    ["zip_module.pt", "pickle"],
    ["legacy_module.pt", "pickle"],
    ["legacy_proto1_module.pt", "pickle"],
    ["sequential_kinds.pt", "pickle"],
    ["scripted.pt", "script"],
  ];
  for (const [file, how] of files) {
    it(`${file}: named_modules, named_parameters, named_buffers, children and state_dict keys as torch lists them`, () => {
      const path = join(torchFixtures, file);
      const expected = JSON.parse(runPython(torchView, [path, how]));
      expect(ourView(load(path) as TorchModule)).toEqual(expected);
    });
  }

  it("reaches children and tensors the way Python does: m[0], m.at(-1), m.sub.lin.weight", () => {
    const seq = load(join(torchFixtures, "zip_module.pt")) as TorchModule;
    expect((seq[0] as TorchModule).__name__).toBe("Conv2d");
    expect(seq.at(-1)).toBe(seq[4]);
    expect(seq.length).toBe(5);
    expect(((seq[1] as TorchModule).running_var as Tensor).shape).toEqual([4]);
    const scripted = load(join(torchFixtures, "scripted.pt")) as TorchModule;
    const sub = scripted.sub as TorchModule;
    expect([...((sub.lin as TorchModule).weight as Tensor).shape]).toEqual([4, 3]);
    expect(scripted.no_such_attribute).toBeUndefined();
  });

  it("keeps a __main__ class a module, with its non-persistent buffer out of state_dict", () => {
    const model = load(join(torchFixtures, "main_model.pt")) as TorchModule;
    expect(model.className).toBe("__main__.Model");
    expect(model.kind).toBeUndefined();
    expect(model.note).toBe("kept as an attribute");
    expect(model.cache).toBeInstanceOf(Tensor);
    expect(model.state_dict().keys()).not.toContain("cache");
    expect(model.named_buffers().map(([n]) => n)).toEqual(["steps", "cache"]);
    expect((((model.head as TorchModule).a as TorchModule).kind?.name)).toBe("Linear");
  });

  it("switches training mode for the whole tree with eval() and train()", () => {
    const seq = load(join(torchFixtures, "zip_module.pt")) as TorchModule;
    expect(seq.eval()).toBe(seq);
    expect(seq.modules().every((m) => m.training === false)).toBe(true);
    seq.train();
    expect(seq.modules().every((m) => m.training === true)).toBe(true);
    expect(seq.children().length).toBe(5);
  });

  it("returns detached tensors from state_dict with torch's _metadata versions", () => {
    const seq = load(join(torchFixtures, "zip_module.pt")) as TorchModule;
    const sd = seq.state_dict();
    expect((sd["0.weight"] as Tensor).requires_grad).toBe(false);
    expect(((seq[0] as TorchModule).weight as Tensor).requires_grad).toBe(true);
    const metadata = sd.__dict__.get("_metadata") as { get(k: string): { get(k: string): unknown } };
    expect(metadata.get("1").get("version")).toBe(2);
    expect(metadata.get("").get("version")).toBe(1);
  });
});
