// The tutorial's case: examples/lenet5.pt and examples/lenet5.h5 exchange weights both ways and then compute the same outputs.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import type { KerasModel } from "../../src/keras/index.js";
import { load, save } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { transfer } from "../../src/transfer/index.js";
import { pyRepr } from "../../src/python/index.js";
import { describeWithTorch, ensureDir, projectRoot } from "../support/oracle.js";
import { casesDir, maxDifference, moveAxis, randomArray, tfjsPredict, torchForward } from "./support.js";

const torchPath = join(projectRoot, "examples/lenet5.pt");
const kerasPath = join(projectRoot, "examples/lenet5.h5");
const outDir = join(casesDir, "lenet5");

async function models(): Promise<{ torch: TorchModule; keras: KerasModel }> {
  const reader = await loadKerasReader();
  return { torch: load(torchPath) as TorchModule, keras: reader.loadModel(kerasPath) };
}

describeWithTorch("transfer on the tutorial's LeNet-5 (examples/lenet5.pt and examples/lenet5.h5)", () => {
  // A batch of four random 28x28 images, NCHW for torch and NHWC for Keras.
  const input = randomArray([4, 1, 28, 28], 11);
  beforeAll(() => void ensureDir(outDir));

  it("torch → Keras: TensorFlow.js on the Keras model gives real torch's outputs", async () => {
    const { torch, keras } = await models();
    const before = await tfjsPredict(keras.file.modelConfig, keras.get_weights(), moveAxis(input, 1, -1));
    const report = transfer(torch, keras);
    const after = await tfjsPredict(keras.file.modelConfig, keras.get_weights(), moveAxis(input, 1, -1));
    const reference = torchForward(torchPath, input);
    expect(maxDifference(before, reference)).toBeGreaterThan(1e-2);
    expect(maxDifference(after, reference)).toBeLessThan(1e-4);
    expect(report.rows.map((row) => [row.source, row.target])).toEqual([
      ["0.weight", "conv2d/kernel:0"],
      ["0.bias", "conv2d/bias:0"],
      ["3.weight", "conv2d_1/kernel:0"],
      ["3.bias", "conv2d_1/bias:0"],
      ["6.weight", "conv2d_2/kernel:0"],
      ["6.bias", "conv2d_2/bias:0"],
      ["9.weight", "dense/kernel:0"],
      ["9.bias", "dense/bias:0"],
      ["11.weight", "dense_1/kernel:0"],
      ["11.bias", "dense_1/bias:0"],
    ]);
  });

  it("Keras → torch: the module, saved by weightscope and run by real torch, gives TensorFlow.js's outputs on the Keras file", async () => {
    const { torch, keras } = await models();
    const reference = await tfjsPredict(keras.file.modelConfig, keras.get_weights(), moveAxis(input, 1, -1));
    transfer(keras, torch);
    const saved = join(outDir, "lenet5-keras.pt");
    save(torch, saved);
    expect(maxDifference(torchForward(saved, input), reference)).toBeLessThan(1e-4);
  });

  it("prints as a table at the prompt: source weight, transform, target weight, shapes", async () => {
    const { torch, keras } = await models();
    const text = pyRepr(transfer(keras, torch, { dryRun: true }));
    const lines = text.split("\n");
    expect(lines[0]).toBe("transfer Keras → torch: 5 layer pairs, 10 arrays would be written (dry run: nothing written)");
    expect(lines[1]!.split(/\s{2,}/)).toEqual(["#", "source weight", "transform", "target weight", "shapes"]);
    expect(lines[2]!.split(/\s{2,}/)).toEqual(["1", "conv2d/kernel:0", "permute(3, 2, 0, 1)", "0.weight", "(5, 5, 1, 6) → (6, 1, 5, 5)"]);
    expect(lines[8]!.split(/\s{2,}/)).toEqual(["4", "dense/kernel:0", "transpose (K.T)", "9.weight", "(120, 84) → (84, 120)"]);
    expect(lines).toHaveLength(12);
  });
});
