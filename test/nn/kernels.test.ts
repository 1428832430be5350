// The kernels of src/nn that module tests do not reach, each against real torch's functional form.
import { beforeAll, expect, it } from "vitest";
import { join } from "node:path";
import * as nn from "../../src/nn/index.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";
import { readFileSync } from "node:fs";

interface Stored {
  shape: number[];
  data: number[];
}
type Inputs = Record<string, nn.Dense>;

const dense = (stored: Stored): nn.Dense => nn.dense(Float64Array.from(stored.data), stored.shape);

/** How each case runs on the kernels; the names are make-up of kernels.py. */
const runs: Record<string, (i: Inputs) => nn.Dense> = {
  conv2d_side_pads: (i) => nn.conv(i.x!, i.w!, i.b, { stride: 2, padding: [[1, 1], [0, 1]] }),
  conv_transpose3d: (i) => nn.convTranspose(i.x!, i.w!, undefined, { stride: [2, 1, 2], padding: [1, 1, 0], outputPadding: [1, 0, 1] }),
  conv3d_groups_dilation: (i) => nn.conv(i.x!, nn.dense(new Float64Array(4 * 8).fill(0.3), [4, 1, 2, 2, 2]), undefined, { dilation: [1, 2, 1], groups: 2 }),
  adaptive_max_pool2d: (i) => nn.adaptivePool(i.x!, 2, [4, 3], "max"),
  max_pool3d: (i) => nn.maxPool(i.x!, 3, 2, { stride: 1, padding: 1 }),
  avg_pool3d: (i) => nn.avgPool(i.x!, 3, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
  celu: (i) => nn.activate("celu", i.x!, { alpha: 0.5 }),
  selu: (i) => nn.activate("selu", i.x!),
  softplus: (i) => nn.activate("softplus", i.x!, { beta: 2, threshold: 10 }),
  hardtanh: (i) => nn.activate("hardtanh", i.x!, { min_val: -2, max_val: 3 }),
  hardsigmoid: (i) => nn.activate("hardsigmoid", i.x!),
  mish: (i) => nn.activate("mish", i.x!),
  softsign: (i) => nn.activate("softsign", i.x!),
  logsigmoid: (i) => nn.activate("logsigmoid", i.x!),
  tanhshrink: (i) => nn.activate("tanhshrink", i.x!),
  erf: (i) => ({ data: i.x!.data.map(nn.erf), shape: i.x!.shape }),
  matmul: (i) => nn.matmul(i.a!, i.b!),
  embedding: (i) => nn.embedding(i.indices!.data, i.indices!.shape, i.weight!),
  group_norm: (i) => nn.groupNorm(i.x!, 3, { weight: i.w }, 1e-4),
};
for (const mode of ["reflect", "replicate", "circular"] as const) {
  runs[`pad1d_${mode}`] = (i) => nn.padSpatial(i.x!, [[2, 3]], mode);
  runs[`pad2d_${mode}`] = (i) => nn.padSpatial(i.x!, [[3, 0], [1, 2]], mode);
  runs[`pad3d_${mode}`] = (i) => nn.padSpatial(i.x!, [[0, 2], [2, 1], [1, 0]], mode);
}

describeWithTorch("src/nn kernels against torch.nn.functional", () => {
  let cases: Record<string, { inputs: Record<string, Stored>; out: Stored }> = {};
  beforeAll(() => {
    cases = JSON.parse(runPython(readFileSync(join(projectRoot, "test/nn/kernels.py"), "utf8")));
  });

  it("covers every case torch computed", () => {
    expect(Object.keys(runs).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const name of Object.keys(runs)) {
    it(`${name} equals torch's within 1e-12 (float64 throughout)`, () => {
      const { inputs, out } = cases[name]!;
      const given = Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, dense(value)]));
      const result = runs[name]!(given);
      expect([...result.shape]).toEqual(out.shape);
      const worst = out.data.reduce((max, expected, i) => Math.max(max, Math.abs(result.data[i]! - expected) / Math.max(1, Math.abs(expected))), 0);
      expect(worst).toBeLessThan(1e-12);
    });
  }
});
