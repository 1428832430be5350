// The bundled example prints as torch and numpy print it: a state_dict tensor, its array, a parameter and torch.Size.
import { join } from "node:path";
import { inspect } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch, projectRoot, runPython } from "../../support/oracle.js";
import { load } from "../../../src/torch/index.js";
import type { Tensor } from "../../../src/tensor/index.js";

const lenet5 = join(projectRoot, "examples/lenet5.pt");

/** What Python prints for the same expressions, one JSON string each. */
const script = `
import json, sys, torch
m = torch.load(sys.argv[1])
w = m.state_dict()["0.weight"]
print(json.dumps({
  "weight": repr(w), "weight_numpy": repr(w.numpy()), "parameter": repr(m[0].weight), "bias": repr(m[0].bias),
  "size": repr(w.shape), "scalar_size": repr(w[0, 0, 0, 0].shape), "fc": repr(m.state_dict()["9.weight"]),
  "conv3": repr(m.state_dict()["6.weight"]), "conv3_numpy": repr(m.state_dict()["6.weight"].numpy()),
}))
`;

describeWithTorch("lenet5.pt prints as in Python", () => {
  let expected: Record<string, string> = {};
  // The module API is a proxy: children by index, parameters by name, state_dict() as an OrderedDict.
  let model: { state_dict(): { get(key: string): Tensor }; [index: number]: { weight: Tensor; bias: Tensor } };
  beforeAll(() => {
    expected = JSON.parse(runPython(script, [lenet5])) as Record<string, string>;
    model = load(lenet5) as typeof model;
  });

  it("state_dict()['0.weight'] and its numpy() array", () => {
    const weight = model.state_dict().get("0.weight");
    expect(weight.toString()).toBe(expected.weight);
    expect(weight.numpy().toString()).toBe(expected.weight_numpy);
  });

  it("summarized weights: a 2-d linear and a 4-d convolution", () => {
    expect(model.state_dict().get("9.weight").toString()).toBe(expected.fc);
    expect(model.state_dict().get("6.weight").toString()).toBe(expected.conv3);
    expect(model.state_dict().get("6.weight").numpy().toString()).toBe(expected.conv3_numpy);
  });

  it("parameters print as 'Parameter containing:' with requires_grad=True", () => {
    expect(model[0]!.weight.toString()).toBe(expected.parameter);
    expect(model[0]!.bias.toString()).toBe(expected.bias);
  });

  it("torch.Size, also for a scalar", () => {
    const weight = model.state_dict().get("0.weight");
    expect(weight.shape.toString()).toBe(expected.size);
    expect(weight.select(0, 0).select(0, 0).select(0, 0).select(0, 0).shape.toString()).toBe(expected.scalar_size);
  });

  it("console.log shows the repr", () => {
    const weight = model.state_dict().get("0.weight");
    expect(inspect(weight)).toBe(expected.weight);
    expect(inspect(weight.numpy())).toBe(expected.weight_numpy);
    expect(inspect(weight.shape)).toBe(expected.size);
  });
});
