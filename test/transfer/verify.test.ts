// verify(): both models on the same random inputs; the tutorial's LeNet-5 before and after transfer, and stride-2 'same' padding that agrees on one parity only.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadModel, newKerasModel, type KerasModel } from "../../src/keras/index.js";
import { NDArray } from "../../src/tensor/index.js";
import { load } from "../../src/torch/index.js";
import { transfer } from "../../src/transfer/index.js";
import { verify } from "../../src/transfer/verify.js";
import { describeWithTorch, ensureDir, generatedDir, projectRoot, runPython } from "../support/oracle.js";

const out = ensureDir(join(generatedDir, "verify"));

describeWithTorch("verify", () => {
  it("tells the two example LeNet-5s apart, and passes once the Keras weights are copied into the torch model", async () => {
    const torchModel = load(join(projectRoot, "examples/lenet5.pt")) as unknown as Parameters<typeof transfer>[1];
    const kerasModel = loadModel(join(projectRoot, "examples/lenet5.h5"));
    const before = verify(torchModel, kerasModel);
    expect(before.passed).toBe(false);
    expect(before.rows[0]!.shape).toEqual([2, 28, 28, 1]);
    expect(before.rows[0]!.maxAbs!).toBeGreaterThan(1e-2);
    transfer(kerasModel, torchModel);
    const after = verify(torchModel, kerasModel);
    expect(after.rows[0]!.ok).toBe(true);
    expect(after.rows[0]!.maxAbs!).toBeLessThan(1e-5);
    // A 27x27 input cannot reach the 120-feature Dense: that size is listed as not run, not as a failure.
    expect(after.rows[1]!.shape).toEqual([2, 27, 27, 1]);
    expect(after.rows[1]!.skipped).toMatch(/\S/);
    expect(after.passed).toBe(true);
    expect(String(after)).toMatch(/^verify torch torch\.nn\.modules\.container\.Sequential against keras sequential \(Sequential\)\n/);
    expect(String(after)).toMatch(/\npassed \(tolerance 0\.0001\)$/);
  });

  describeWithTorch("stride-2 'same' padding", () => {
    let torchModel: Parameters<typeof transfer>[0];
    let kerasModel: KerasModel;
    beforeAll(() => {
      // torch pads 1 on each side; Keras's 'same' pads (0, 1) on even sizes and (1, 1) on odd ones.
      const path = join(out, "stride2.pt");
      runPython(
        `import sys, torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
torch.save(m, sys.argv[1])`,
        [path],
      );
      torchModel = load(path) as unknown as Parameters<typeof transfer>[0];
      const layers = [
        { class_name: "InputLayer", config: { batch_input_shape: [null, null, null, 3], dtype: "float32", sparse: false, ragged: false, name: "input_1" } },
        {
          class_name: "Conv2D",
          config: { name: "conv2d", trainable: true, dtype: "float32", filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "linear", use_bias: true },
        },
        { class_name: "GlobalAveragePooling2D", config: { name: "global_average_pooling2d", trainable: true, dtype: "float32", data_format: "channels_last", keepdims: false } },
      ];
      kerasModel = newKerasModel({
        modelConfig: { class_name: "Sequential", config: { name: "sequential", layers } },
        kerasVersion: "2.7.0",
        layers: [
          { name: "conv2d", weights: [{ name: "conv2d/kernel:0", value: NDArray.from(new Float32Array(108), { shape: [3, 3, 3, 4] }) }, { name: "conv2d/bias:0", value: NDArray.from(new Float32Array(4), { shape: [4] }) }] },
          { name: "global_average_pooling2d", weights: [] },
        ],
      });
      transfer(torchModel, kerasModel);
    });

    it("agrees on an odd size and not on an even one, and says so", () => {
      const report = verify(kerasModel, torchModel);
      expect(report.rows.map((row) => row.shape)).toEqual([
        [2, 16, 16, 3],
        [2, 15, 15, 3],
      ]);
      expect(report.rows[0]!.ok).toBe(false);
      expect(report.rows[1]!.ok).toBe(true);
      expect(report.passed).toBe(false);
      expect(String(report)).toMatch(/\(2, 16, 16, 3\)\s+\S+\s+\S+\s+DIFFERENT\n/);
      expect(String(report)).toMatch(/\nFAILED \(tolerance 0\.0001\)$/);
    });
  });

  it("refuses what is not a model", () => {
    expect(() => verify({}, {})).toThrow(/the first argument is neither a torch module nor a Keras model/);
  });
});
