// A seeded torch.nn.ConvTranspose3d holds torch's (in, out/groups, kD, kH, kW) weight. The 3-d kinds'
// reprs, registrations and seeded tensors are compared with torch 1.13 in ../build-kinds.test.ts, their
// refusals in ../build-errors.test.ts.
import { expect, it } from "vitest";
import type { Tensor } from "../../../src/tensor/index.js";
import { torch } from "../../../src/torch/index.js";
import { describeWithTorch, runPython } from "../../support/oracle.js";
import { jsCall } from "../build-support.js";

describeWithTorch("torch.nn.ConvTranspose3d's weight", () => {
  it("a seeded ConvTranspose3d(4, 6, 3, stride=2) holds a weight of shape (in, out/groups, kD, kH, kW) equal to torch's", () => {
    torch.manual_seed(0);
    const weight = jsCall(["ConvTranspose3d", [4, 6, 3], { stride: 2 }]).weight as Tensor;
    expect([...weight.shape]).toEqual([4, 6, 3, 3, 3]);
    const values = (weight.tolist() as unknown[]).flat(4) as number[];
    expect(new Set(values).size).toBeGreaterThan(100);
    const theirs = JSON.parse(runPython("import json, torch\ntorch.manual_seed(0)\nprint(json.dumps(torch.nn.ConvTranspose3d(4, 6, 3, stride=2).weight.detach().flatten().tolist()))", [])) as number[];
    expect(values).toEqual(theirs);
  });
});
