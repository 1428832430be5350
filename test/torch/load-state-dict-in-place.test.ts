// load_state_dict writes into the module's own tensors (so views of them see the new values), and a
// call that fails changes nothing.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OrderedDict } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { load, StateDictError, TorchModule } from "../../src/torch/index.js";
import { projectRoot, runPython, describeWithTorch } from "../support/oracle.js";

const lenet = join(projectRoot, "examples/lenet5.pt");

function model(): TorchModule {
  const value = load(lenet);
  if (!(value instanceof TorchModule)) throw new Error("lenet5.pt should hold a module");
  return value;
}

/** The same state_dict with every value replaced by index * scale, in the given dtype. */
function rampStateDict(source: TorchModule, scale: number, dtype: "float32" | "float64" = "float32"): OrderedDict {
  const out = new OrderedDict();
  for (const [key, tensor] of source.state_dict().entries()) {
    const t = tensor as Tensor;
    const values = Array.from({ length: t.numel() }, (_, i) => i * scale);
    out.set(key, Tensor.from(values, { dtype }).reshape([...t.shape]));
  }
  return out;
}

describe("load_state_dict copies in place", () => {
  it("updates tensors that share the parameter's storage, as torch's copy_ does", () => {
    const m = model();
    const view = m.state_dict().get("0.weight") as Tensor; // state_dict tensors share storage with the parameters
    m.load_state_dict(rampStateDict(m, 0.5));
    expect(view.get(0, 0, 0, 3)).toBe(1.5);
    const conv = (m as unknown as Record<number, { weight: Tensor }>)[0]!;
    expect(conv.weight.isParameter).toBe(true);
    expect(conv.weight.get(0, 0, 0, 3)).toBe(1.5);
  });

  it("casts to the parameter's dtype, keeping the module's dtype", () => {
    const m = model();
    m.load_state_dict(rampStateDict(m, 0.1, "float64"));
    const weight = m.state_dict().get("9.weight") as Tensor;
    expect(weight.dtypeName).toBe("float32");
    expect(weight.get(0, 7)).toBe(Math.fround(0.7));
  });

  it("leaves every tensor untouched when one key does not fit", () => {
    const m = model();
    const before = (m.state_dict().get("0.bias") as Tensor).tolist();
    const bad = rampStateDict(m, 1);
    bad.set("11.weight", Tensor.from([1, 2, 3]));
    expect(() => m.load_state_dict(bad)).toThrow(StateDictError);
    expect((m.state_dict().get("0.bias") as Tensor).tolist()).toEqual(before);
  });
});

describeWithTorch("Tensor.copy_ against real torch", () => {
  it("writes through a transposed view with a dtype cast", () => {
    const expected = JSON.parse(
      runPython(`
import json, torch
base = torch.zeros(2, 3, dtype=torch.float32)
base.t().copy_(torch.tensor([[1.25, -2.5], [3.5, 4.75], [5.0, 1e10]], dtype=torch.float64))
print(json.dumps(base.tolist()))`),
    );
    const base = Tensor.from([[0, 0, 0], [0, 0, 0]], { dtype: "float32" });
    base.T.copy_(Tensor.from([[1.25, -2.5], [3.5, 4.75], [5.0, 1e10]], { dtype: "float64" }));
    expect(base.tolist()).toEqual(expected);
  });

  it("refuses values of another shape", () => {
    expect(() => Tensor.from([1, 2, 3]).copy_(Tensor.from([1, 2]))).toThrow(/shape \[2\] into shape \[3\]/);
  });
});
