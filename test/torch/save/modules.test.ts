// torch.save of whole modules: real torch loads them back as real torch.nn classes, same repr, same output.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { TorchFileError } from "../../../src/errors.js";
import { OrderedDict } from "../../../src/python/values.js";
import { Tensor } from "../../../src/tensor/index.js";
import { TorchModule, load, save } from "../../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, projectRoot, runPython, sharedFixtures } from "../../support/oracle.js";
import { inspectTensors, zipView } from "./support.js";

const out = ensureDir(join(generatedDir, "save-modules"));

/**
 * Modules made with real torch, each with the input it runs on and how it is run. BatchNorm runs once in
 * training mode first so that its running statistics are not the initial ones.
 */
const casesScript = `import torch, torch.nn as nn
def cases():
    torch.manual_seed(3)
    seq = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 4 * 4, 10), nn.Dropout(0.3))
    seq.train()(torch.randn(4, 3, 8, 8))
    nested = nn.Sequential(nn.Sequential(nn.Linear(6, 5), nn.Tanh()), nn.ModuleList([nn.Linear(5, 5), nn.Identity()]), nn.ModuleDict({"a": nn.Linear(5, 3), "b": nn.LayerNorm(5)}))
    return {
        "sequential": (seq, lambda m: m(torch.randn(2, 3, 8, 8))),
        "lstm": (nn.LSTM(5, 7, num_layers=2, batch_first=True, dropout=0.1), lambda m: m(torch.randn(2, 4, 5))),
        "gru": (nn.GRU(5, 6, bidirectional=True), lambda m: m(torch.randn(4, 2, 5))),
        "embedding": (nn.Embedding(20, 4, padding_idx=0, max_norm=None), lambda m: m(torch.tensor([[0, 3, 19], [7, 7, 1]]))),
        "layernorm": (nn.LayerNorm([4, 6], eps=1e-4), lambda m: m(torch.randn(2, 4, 6))),
        "nested": (nested, lambda m: [m[2]["b"](m[1][0](m[0](x))) + m[2]["a"](m[1][1](m[0](x))).sum() for x in [torch.randn(3, 6)]]),
    }
`;

/** Python that compares two module files: repr, every module's attributes, state_dict bits, forward output bits. */
const compareScript = `${casesScript}
import hashlib, json, sys
sys.path.insert(0, "/work/shared/tools")
from oracle_dump import load_with_stubs
def flat(value):
    if isinstance(value, torch.Tensor):
        return [hashlib.sha256(value.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()).hexdigest() + str(value.dtype) + str(list(value.shape))]
    if isinstance(value, (list, tuple)):
        return [h for v in value for h in flat(v)]
    return [repr(value)]
def attributes(module):
    return {name + "/" + type(m).__module__ + "." + type(m).__qualname__: sorted((k, type(v).__name__, repr(v)) for k, v in vars(m).items() if k != "_modules") for name, m in module.named_modules()}
def view(module, run):
    module.eval()
    torch.manual_seed(11)
    return {"repr": repr(module), "attributes": attributes(module), "state": {k: flat(v) for k, v in module.state_dict().items()}, "output": flat(run(module)) if run else None}
name, original, saved = sys.argv[1:4]
runners = {"legacy": lambda m: m(torch.randn(3, 16)), "lenet5": lambda m: m(torch.randn(5, 1, 28, 28)), **{k: v[1] for k, v in cases().items()}}
run = runners.get(name)
stubs = name == "stubs"
a = load_with_stubs(original) if stubs else torch.load(original, map_location="cpu")
b = load_with_stubs(saved) if stubs else torch.load(saved)
print(json.dumps({"original": view(a, run), "saved": view(b, run), "type": type(b).__module__ + "." + type(b).__qualname__}))
`;

function compare(name: string, original: string, saved: string): { original: Record<string, unknown>; saved: Record<string, unknown>; type: string } {
  return JSON.parse(runPython(compareScript, [name, original, saved]));
}

function checkZip(path: string): void {
  const zip = zipView(path);
  expect(zip.bad).toBeNull();
  for (const offset of zip.offsets) expect(offset % 64).toBe(0);
}

describeWithTorch("torch.save of whole modules made with real torch", () => {
  const names = ["sequential", "lstm", "gru", "embedding", "layernorm", "nested"];
  runPython(`${casesScript}\nimport sys\nfor name, (m, run) in cases().items(): torch.save(m, sys.argv[1] + "/" + name + ".pt")`, [out]);

  for (const name of names) {
    it(`saves ${name} so that torch rebuilds it with the same repr, attributes, weights and output`, async () => {
      const source = join(out, `${name}.pt`);
      const target = join(out, `${name}.saved.pt`);
      const module = load(source);
      expect(module).toBeInstanceOf(TorchModule);
      save(module, target);
      const view = compare(name, source, target);
      expect(view.type.startsWith("torch.nn.modules.")).toBe(true);
      expect(view.saved.output).not.toBeNull();
      expect(view.saved).toEqual(view.original);
      checkZip(target);
      const listed = await inspectTensors(source);
      expect(listed.length).toBeGreaterThan(0);
      expect(await inspectTensors(target)).toEqual(listed);
    });
  }

  it("saves the example LeNet-5 whole, a file that only a full torch.load rebuilds, as torch's own", () => {
    const source = join(projectRoot, "examples/lenet5.pt");
    const target = join(out, "lenet5.saved.pt");
    save(load(source), target);
    const view = compare("lenet5", source, target);
    expect(view.saved.output).not.toBeNull();
    expect(view.saved).toEqual(view.original);
    checkZip(target);
    const refusals = runPython(
      `import pickle, sys, torch
for path in sys.argv[1:]:
    try:
        torch.load(path, weights_only=True)
        print("loaded")
    except pickle.UnpicklingError as e:
        print("refused" if "Sequential" in str(e) else str(e))`,
      [source, target],
    );
    expect(refusals.trim().split("\n")).toEqual(["refused", "refused"]);
  });

  it("leaves an existing file as it was when a module holds something it cannot write", () => {
    const target = join(out, "kept.pt");
    save(new OrderedDict([["kept", 1]]), target);
    const before = readFileSync(target);
    const module = load(join(out, "layernorm.pt")) as TorchModule;
    module.__dict__.set("callback", new Map());
    expect(() => save(module, target)).toThrow(TorchFileError);
    expect(() => save(module, target)).toThrow(/kept\.pt: data\.pkl: cannot save: cannot pickle a Map/);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(readdirSync(out).filter((name) => name.startsWith("kept.pt.tmp"))).toEqual([]);
  });
});

describeWithTorch("torch.save of the whole-module fixtures", () => {
  it("saves a legacy-format Sequential that torch 1.13 rebuilds with the same repr, weights and output", () => {
    const source = join(sharedFixtures, "torch_legacy_whole_module_sequential.pt");
    const target = join(out, "legacy_sequential.saved.pt");
    save(load(source), target);
    const view = compare("legacy", source, target);
    expect(view.saved.output).not.toBeNull();
    expect(view.saved).toEqual(view.original);
    checkZip(target);
  });

  it("saves a __main__ class so that torch loads it where the class exists, with the same state_dict", () => {
    const source = join(sharedFixtures, "torch_zip_whole_module_main_Model.pth");
    const target = join(out, "main_Model.saved.pth");
    save(load(source), target);
    const view = compare("stubs", source, target);
    expect(view.type).toBe("__main__.Model");
    expect(view.saved).toEqual(view.original);
    checkZip(target);
  });
});

describeWithTorch("torch.save of modules inside checkpoints and modules built here", () => {
  it("keeps a module and its state_dict in one checkpoint on the same storages", () => {
    const source = join(out, "sequential.pt");
    const target = join(out, "checkpoint-with-module.pt");
    const module = load(source) as TorchModule;
    save(new OrderedDict([["model", module], ["state", module.state_dict()], ["epoch", 4]]), target);
    const text = runPython(
      `import torch, sys
ck = torch.load(sys.argv[1])
m = ck["model"]
print(type(m).__name__, ck["epoch"], all(p.data_ptr() == ck["state"][k].data_ptr() for k, p in m.state_dict().items()), len(ck["state"]))`,
      [target],
    );
    expect(text.trim()).toBe("Sequential 4 True 9");
  });

  it("fills the bookkeeping a module built in weightscope lacks, so torch can run it", () => {
    const linear = new TorchModule("torch.nn.modules.linear.Linear");
    const weight = Tensor.from([[1, 2], [3, 4], [5, 6]], { dtype: "float32" });
    linear._parameters.set("weight", Tensor.fromStorage(weight.storage, 0, [3, 2], [2, 1], { parameter: true, requiresGrad: true }));
    linear._parameters.set("bias", null);
    linear.__dict__.set("in_features", 2);
    linear.__dict__.set("out_features", 3);
    const target = join(out, "built-linear.pt");
    save(linear, target);
    const text = runPython(
      `import torch, sys
m = torch.load(sys.argv[1])
print(repr(m), m(torch.tensor([[1.0, -1.0]])).tolist(), m.weight.requires_grad, sorted(k for k in vars(m) if k.endswith("hooks")))`,
      [target],
    );
    expect(text.trim()).toBe(
      "Linear(in_features=2, out_features=3, bias=False) [[-1.0, -1.0, -1.0]] True ['_backward_hooks', '_forward_hooks', '_forward_pre_hooks', '_load_state_dict_post_hooks', '_load_state_dict_pre_hooks', '_state_dict_hooks']",
    );
  });
});
