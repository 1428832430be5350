// module.forward(x) for every module kind agrees with real torch 1.13 on the same module, weights and inputs.
import { expect, it } from "vitest";
import { PyTuple } from "../../../src/python/values.js";
import { Tensor } from "../../../src/tensor/index.js";
import { TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch } from "../../support/oracle.js";
import { join } from "node:path";
import { load } from "../../../src/torch/index.js";
import { projectRoot } from "../../support/oracle.js";
import { expectClose, forwardCases, lenet5Batch, readCase } from "./cases.js";

/** A module's results as a flat list: (output, h_n) and (output, (h_n, c_n)) as torch's script flattens them. */
function flatten(result: unknown): unknown[] {
  if (result instanceof PyTuple) return result.flatMap((item) => (item instanceof PyTuple ? [...item] : [item]));
  return [result];
}

describeWithTorch("forward passes against real torch", () => {
  const { dir, names } = forwardCases();

  it("has a case for every kind the forward table runs", () => {
    const covered = new Set(names.map((name) => name.split("_")[0]));
    for (const kind of ["Linear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm", "Embedding", "RNN", "LSTM", "GRU", "Dropout", "Flatten", "Unflatten", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "ReLU", "ReLU6", "LeakyReLU", "PReLU", "ELU", "GELU", "SiLU", "Tanh", "Sigmoid", "Hardswish", "Softmax", "LogSoftmax", "CrossEntropyLoss", "NLLLoss", "MSELoss", "Sequential", "Identity"]) {
      expect(covered.has(kind), kind).toBe(true);
    }
  });

  for (const name of names) {
    it(`${name}: module.forward(...inputs) equals torch's output, and the module's tensors end as torch's do`, () => {
      const { module, inputs, outputs, after } = readCase(dir, name);
      expect(module).toBeInstanceOf(TorchModule);
      const results = flatten((module as TorchModule).forward(...inputs));
      expect(results.length).toBe(outputs.length);
      results.forEach((result, i) => expectClose(result, outputs[i]!, `output ${i}`));
      const state = (module as TorchModule).state_dict();
      for (const [key, value] of after.entries()) {
        if ((value as Tensor).dtype.is_floating_point) expectClose(state.get(key), value as Tensor, `${String(key)} after the call`);
        else expect((state.get(key) as Tensor).tolist(), String(key)).toEqual((value as Tensor).tolist());
      }
    });
  }

  it("examples/lenet5.pt on a batch of 64 images gives torch's probabilities", () => {
    const { images, probabilities } = lenet5Batch();
    const lenet = load(join(projectRoot, "examples/lenet5.pt")) as TorchModule;
    expectClose(lenet.forward(images), probabilities, "probabilities");
  });
});
