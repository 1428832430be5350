// Containers and registration on built modules: Sequential(OrderedDict), ModuleList and ModuleDict edits, assignment, register_*, against torch 1.13.
import { join } from "node:path";
import { expect, it } from "vitest";
import { OrderedDict } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { save, torch, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";
import { tensorBytes, tensorBytesPy } from "./build-support.js";

const nn = torch.nn;

/** The same edits in weightscope, line for line with the Python below. */
function buildJs(): TorchModule {
  torch.manual_seed(3);
  const seq = nn.Sequential!(new OrderedDict([["conv", nn.Conv2d!(1, 2, 3)], ["act", nn.ReLU!()]]));
  seq.fc = nn.Linear!(2, 3);
  seq.add_module("drop", nn.Dropout!(0.1));
  seq.register_buffer("mask", torch.ones(3));
  seq.register_buffer("tmp", torch.zeros(2), { persistent: false });
  seq.register_parameter("scale", nn.Parameter(torch.ones(1)));
  seq.note = "kept";
  const list = nn.ModuleList!([nn.Linear!(2, 2)]);
  (list.append as (m: TorchModule) => void)(nn.Tanh!());
  (list.extend as (m: TorchModule[]) => void)([nn.Identity!(), nn.Linear!(2, 1)]);
  (list.insert as (i: number, m: TorchModule) => void)(1, nn.Sigmoid!());
  const dict = nn.ModuleDict!({ a: nn.Linear!(1, 1) });
  dict.b = nn.ReLU!();
  dict["c"] = nn.Tanh!();
  const root = nn.Sequential!(seq, list, dict);
  (root.append as (m: TorchModule) => void)(nn.Flatten!());
  return root;
}

const buildPy = `import collections, torch, torch.nn as nn
torch.manual_seed(3)
seq = nn.Sequential(collections.OrderedDict([("conv", nn.Conv2d(1, 2, 3)), ("act", nn.ReLU())]))
seq.fc = nn.Linear(2, 3)
seq.add_module("drop", nn.Dropout(0.1))
seq.register_buffer("mask", torch.ones(3))
seq.register_buffer("tmp", torch.zeros(2), persistent=False)
seq.register_parameter("scale", nn.Parameter(torch.ones(1)))
seq.note = "kept"
lst = nn.ModuleList([nn.Linear(2, 2)])
lst.append(nn.Tanh())
lst.extend([nn.Identity(), nn.Linear(2, 1)])
lst.insert(1, nn.Sigmoid())
dct = nn.ModuleDict({"a": nn.Linear(1, 1)})
dct.b = nn.ReLU()
dct["c"] = nn.Tanh()
root = nn.Sequential(seq, lst, dct)
root.append(nn.Flatten())
`;

interface View {
  repr: string;
  modules: string[];
  state: Array<[string, string]>;
  nonPersistent: string[];
  note: string;
}

const out = ensureDir(join(generatedDir, "build-containers"));

describeWithTorch("containers and registration against torch 1.13", () => {
  const root = buildJs();
  save(root, join(out, "root.pt"));
  const theirs = JSON.parse(
    runPython(
      `${buildPy}
import json, sys
${tensorBytesPy}
def view(m):
    return {"repr": repr(m), "modules": [name for name, _ in m.named_modules()], "state": [[k, tensor_bytes(v)] for k, v in m.state_dict().items()],
            "nonPersistent": sorted(m[0]._non_persistent_buffers_set), "note": m[0].note}
print(json.dumps({"built": view(root), "saved": view(torch.load(sys.argv[1] + "/root.pt"))}))`,
      [out],
    ),
  ) as { built: View; saved: View };

  it("builds the same tree with the same names, buffers and parameters, values bit for bit", () => {
    const ours: View = {
      repr: String(root),
      modules: root.named_modules().map((entry) => String(entry[0])),
      state: [...root.state_dict().entries()].map(([key, t]) => [String(key), tensorBytes(t as Tensor)]),
      nonPersistent: [...(root.at(0)!._non_persistent_buffers_set)].sort(),
      note: String(root.at(0)!.__dict__.get("note")),
    };
    expect(ours).toEqual(theirs.built);
  });

  it("saves it so that torch loads the same tree whole", () => {
    expect(theirs.saved).toEqual(theirs.built);
  });
});

it("Sequential and ModuleList take a module only, ModuleDict a JavaScript object of modules as its dict", () => {
  expect(() => nn.Sequential!(nn.ReLU!(), "relu")).toThrow("str is not a Module subclass");
  const dict = nn.ModuleDict!({ first: nn.ReLU!(), second: nn.Tanh!() });
  expect(dict._modules.keys()).toEqual(["first", "second"]);
  expect(nn.ModuleDict!({ modules: { x: nn.ReLU!() } })._modules.keys()).toEqual(["x"]);
});
