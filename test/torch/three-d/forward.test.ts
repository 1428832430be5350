// A 3-D decoder real torch saved, read whole and as a state_dict, and the 3-D kinds' refusals (their forward cases are in ../forward).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import type { PyDict } from "../../../src/python/values.js";
import { Tensor } from "../../../src/tensor/index.js";
import { load, moduleClasses, torch, TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch } from "../../support/oracle.js";
import { expectClose } from "../forward/cases.js";
import { generateOnce } from "../support.js";

const nn = moduleClasses;

describeWithTorch("a 3-D decoder from real torch, and the 3-D kinds' refusals", () => {
  // test/.generated/torch-3d: the decoder make_3d_cases.py saves with real torch, made once per checkout.
  const dir = generateOnce("torch-3d", join(dirname(fileURLToPath(import.meta.url)), "make_3d_cases.py"));

  it("refuses a 4-D input to BatchNorm3d, as torch's _check_input_dim does, naming the module and the shape", () => {
    const bn = nn.BatchNorm3d!(3);
    bn.eval();
    const x = torch.zeros([2, 3, 4, 4]);
    expect(() => bn.forward(x)).toThrow(/BatchNorm3d.*expected 5-dim input, got input of size \[2, 3, 4, 4\]/);
    expect(() => bn.forward(torch.zeros([3, 4, 4, 4]))).toThrow(/expected 5-dim input/);
  });

  it("refuses a 3-D input to ConvTranspose3d (torch takes 4-D unbatched or 5-D batched)", () => {
    const conv = nn.ConvTranspose3d!(3, 2, 2);
    expect(() => conv.forward(torch.zeros([3, 4, 4]))).toThrow(/ConvTranspose3d.*expected 4-dim or 5-dim input, got input of size \[3, 4, 4\]/);
  });

  it("refuses an output_padding as large as both stride and dilation when it runs, as torch's kernel does", () => {
    const conv = nn.ConvTranspose3d!(2, 2, 3, { stride: 2, output_padding: [1, 2, 1] });
    expect(() => conv.forward(torch.zeros([1, 2, 3, 3, 3]))).toThrow(/output_padding must be smaller than either stride or dilation/);
  });

  it("reads a 3-D decoder saved whole: each child is its kind, and the module prints torch's repr", () => {
    const saved = JSON.parse(readFileSync(join(dir, "decoder.json"), "utf8")) as { repr: string; children: string[]; keys: string[] };
    const decoder = load(join(dir, "decoder.pt")) as TorchModule;
    expect(String(decoder)).toBe(saved.repr);
    const children = [...decoder.children()] as TorchModule[];
    expect(children.map((child) => child.kind?.name)).toEqual(["ConvTranspose3d", "BatchNorm3d", "ReLU", "ConvTranspose3d", "BatchNorm3d"]);
    expect(children.map(String)).toEqual(saved.children);
    expect([...decoder.state_dict().keys()].map(String)).toEqual(saved.keys);
    const io = load(join(dir, "decoder.io.pt")) as PyDict;
    expectClose(decoder.forward(io.get("input")), io.get("output") as Tensor, "decoder output");
  });

  it("reads the decoder's state_dict into the same architecture built here, which then computes torch's output", () => {
    const state = load(join(dir, "decoder.state.pt")) as PyDict;
    const whole = load(join(dir, "decoder.pt")) as TorchModule;
    const built = nn.Sequential!(
      nn.ConvTranspose3d!(8, 4, [2, 3, 3], { stride: [2, 1, 2], padding: [0, 1, 1], output_padding: [1, 0, 1], groups: 2, bias: false, dilation: [1, 1, 2] }),
      nn.BatchNorm3d!(4, { eps: 1e-3, momentum: 0.01 }),
      nn.ReLU!(),
      nn.ConvTranspose3d!(4, 2, 3, { stride: 2 }),
      nn.BatchNorm3d!(2, { affine: false }),
    );
    expect(String(built)).toBe(String(whole));
    built.load_state_dict(state);
    built.eval();
    for (const [key, value] of whole.state_dict().entries()) {
      expect((built.state_dict().get(key) as Tensor).tolist(), String(key)).toEqual((value as Tensor).tolist());
    }
    const io = load(join(dir, "decoder.io.pt")) as PyDict;
    expectClose(built.forward(io.get("input")), io.get("output") as Tensor, "decoder output");
  });
});
