// `class LeNet5 extends torch.nn.Module` in JavaScript: registered as Python registers, run by m(x), saved so torch loads it into its Python twin.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PyDict } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { save, torch, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

const nn = torch.nn;
type Layer = TorchModule & ((x: Tensor) => Tensor);

/** The classic LeNet-5, written as a PyTorch user writes it: layers assigned in the constructor, a forward method. */
class LeNet5 extends nn.Module {
  declare conv1: Layer;
  declare conv2: Layer;
  declare pool: Layer;
  declare act: Layer;
  declare fc1: Layer;
  declare fc2: Layer;
  declare fc3: Layer;
  constructor() {
    super();
    this.conv1 = nn.Conv2d(1, 6, 5, { padding: 2 }) as Layer;
    this.pool = nn.AvgPool2d(2) as Layer;
    this.conv2 = nn.Conv2d(6, 16, 5) as Layer;
    this.fc1 = nn.Linear(400, 120) as Layer;
    this.fc2 = nn.Linear(120, 84) as Layer;
    this.fc3 = nn.Linear(84, 10) as Layer;
    this.act = nn.Tanh() as Layer;
    this.scale = 2;
    this.register_buffer("steps", torch.zeros(1), { persistent: false });
  }
  override forward(x: Tensor): Tensor {
    const features = this.pool(this.act(this.conv2(this.pool(this.act(this.conv1(x))))));
    return this.fc3(this.act(this.fc2(this.act(this.fc1(features.flatten(1))))));
  }
}

const twin = `import torch, torch.nn as nn
class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool = nn.AvgPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)
        self.act = nn.Tanh()
        self.scale = 2
        self.register_buffer("steps", torch.zeros(1), persistent=False)
    def forward(self, x):
        features = self.pool(self.act(self.conv2(self.pool(self.act(self.conv1(x))))))
        return self.fc3(self.act(self.fc2(self.act(self.fc1(features.flatten(1))))))
`;

describe("a JavaScript subclass of torch.nn.Module", () => {
  it("is a __main__ class whose assigned layers, attributes and buffers register as in Python, and m(x) runs its forward", () => {
    const m = new LeNet5();
    expect(m).toBeInstanceOf(TorchModule);
    expect(m).toBeInstanceOf(LeNet5);
    expect(m.className).toBe("__main__.LeNet5");
    expect(m._modules.keys()).toEqual(["conv1", "pool", "conv2", "fc1", "fc2", "fc3", "act"]);
    expect(m.__dict__.get("scale")).toBe(2);
    expect([...m._non_persistent_buffers_set]).toEqual(["steps"]);
    const y = (m as unknown as Layer)(torch.zeros(2, 1, 28, 28));
    expect([...y.shape]).toEqual([2, 10]);
    expect(m.forward(torch.zeros(2, 1, 28, 28)).tolist()).toEqual(y.tolist());
  });

  it("registers class fields too", () => {
    class Small extends nn.Module {
      fc = nn.Linear(3, 2);
      weight = nn.Parameter(torch.ones(2));
      note = "kept";
    }
    const m = new Small();
    expect(m._modules.keys()).toEqual(["fc"]);
    expect(m._parameters.keys()).toEqual(["weight"]);
    expect(m.__dict__.get("note")).toBe("kept");
    expect(m.state_dict().keys()).toEqual(["weight", "fc.weight", "fc.bias"]);
  });

  it("without a forward of its own refuses to run, as Python's Module does", () => {
    class NoForward extends nn.Module {}
    expect(() => (new NoForward() as unknown as Layer)(torch.zeros(1))).toThrow('Module [NoForward] is missing the required "forward" function');
    expect(() => new nn.Module().forward(torch.zeros(1))).toThrow('Module [Module] is missing the required "forward" function');
  });

  it("refuses what Module.__setattr__ refuses, and moves a name between stores as Python does", () => {
    const m = new nn.Module();
    expect(m.className).toBe("torch.nn.modules.module.Module");
    m.layer = nn.Linear(2, 2);
    expect(() => (m.layer = 3)).toThrow("cannot assign 'int' as child module 'layer' (torch.nn.Module or None expected)");
    m.layer = nn.Parameter(torch.zeros(2));
    expect([m._modules.has("layer"), m._parameters.has("layer")]).toEqual([false, true]);
    expect(() => (m.layer = torch.zeros(2))).toThrow("cannot assign 'torch.Tensor' as parameter 'layer' (torch.nn.Parameter or None expected)");
    m.register_buffer("running", torch.zeros(3));
    expect(() => (m.running = "x")).toThrow("cannot assign 'str' as buffer 'running' (torch.Tensor or None expected)");
    m.running = null;
    expect(m._buffers.get("running")).toBeNull();
  });
});

const out = ensureDir(join(generatedDir, "build-subclass"));

describeWithTorch("a JavaScript subclass saved for torch 1.13", () => {
  torch.manual_seed(42);
  const m = new LeNet5();
  save(m.state_dict(), join(out, "lenet5.state.pt"));
  save(m, join(out, "lenet5.pt"));
  torch.manual_seed(9);
  const x = torch.randn(3, 1, 28, 28);
  save(x, join(out, "input.pt"));
  const ours = (m as unknown as Layer)(x);

  const theirs = JSON.parse(
    runPython(
      `${twin}
import json, sys
torch.manual_seed(42)
seeded = LeNet5()
x = torch.load(sys.argv[1] + "/input.pt", weights_only=True)
loaded = LeNet5()
result = loaded.load_state_dict(torch.load(sys.argv[1] + "/lenet5.state.pt", weights_only=True))
whole = torch.load(sys.argv[1] + "/lenet5.pt")
same = lambda a, b: list(a.state_dict()) == list(b.state_dict()) and all(torch.equal(a.state_dict()[k], b.state_dict()[k]) for k in a.state_dict())
print(json.dumps({
    "repr": repr(seeded), "keys": [list(result.missing_keys), list(result.unexpected_keys)],
    "sameAsSeeded": same(loaded, seeded), "wholeType": type(whole).__module__ + "." + type(whole).__name__,
    "wholeSame": same(whole, seeded) and repr(whole) == repr(seeded) and whole.scale == 2 and whole._non_persistent_buffers_set == {"steps"},
    "wholeOutput": torch.equal(whole(x), loaded(x)), "output": loaded(x).tolist(),
}))`,
      [out],
    ),
  ) as { repr: string; keys: string[][]; sameAsSeeded: boolean; wholeType: string; wholeSame: boolean; wholeOutput: boolean; output: number[][] };

  it("prints as the Python twin and holds its weights bit for bit under the same manual_seed", () => {
    expect(String(m)).toBe(theirs.repr);
    expect(theirs.sameAsSeeded).toBe(true);
  });

  it("saves a state_dict that loads strictly into the Python twin (weights_only) and a whole module torch loads where the class exists", () => {
    expect(theirs.keys).toEqual([[], []]);
    expect(theirs.wholeType).toBe("__main__.LeNet5");
    expect(theirs.wholeSame).toBe(true);
    expect(theirs.wholeOutput).toBe(true);
  });

  it("runs forward as torch runs the twin on the same input", () => {
    const got = ours.tolist() as number[][];
    theirs.output.forEach((row, i) => row.forEach((value, j) => expect(got[i]![j]).toBeCloseTo(value, 5)));
  });

  it("keeps non-persistent buffers out of the state_dict", () => {
    expect((m.state_dict() as PyDict).has("steps")).toBe(false);
  });
});
