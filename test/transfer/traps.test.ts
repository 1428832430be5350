// Padding and pooling traps: which input sizes torch and Keras agree on, by verify() and by real torch against TensorFlow.js.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { KerasModel } from "../../src/keras/index.js";
import { NDArray, Tensor } from "../../src/tensor/index.js";
import { load } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { transfer } from "../../src/transfer/index.js";
import { verify } from "../../src/transfer/verify.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";
import { maxDifference, moveAxis, randomArray, tfjsPredict, toArray, zeroKerasModel, type Dumped } from "./support.js";

const dir = join(generatedDir, "transfer-traps");
type Json = Record<string, unknown>;

// tf.keras 2.7 layer configs; the input's spatial size is left free so that one model takes both parities.
const base = (name: string): Json => ({ name, trainable: true, dtype: "float32" });
const input: Json = { class_name: "InputLayer", config: { batch_input_shape: [null, null, null, 3], dtype: "float32", sparse: false, ragged: false, name: "input_1" } };
const conv = (strides: number, padding: string): Json => ({
  class_name: "Conv2D",
  config: { ...base("conv2d"), filters: 4, kernel_size: [3, 3], strides: [strides, strides], padding, data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "linear", use_bias: true },
});
const pool = (class_name: string, padding: string): Json => ({
  class_name,
  config: { ...base(class_name === "MaxPooling2D" ? "max_pooling2d" : "average_pooling2d"), pool_size: [3, 3], strides: [2, 2], padding, data_format: "channels_last" },
});
const zeroPad: Json = { class_name: "ZeroPadding2D", config: { ...base("zero_padding2d"), padding: [[1, 1], [1, 1]], data_format: "channels_last" } };
const sequential = (layers: Json[]): Json => ({ class_name: "Sequential", config: { name: "sequential", layers: [input, ...layers] } });

/** Two sizes: the even one first, as verify tries the given size and then the size one smaller. */
const EVEN = 16;
const ODD = 15;

/** What one size gives: equal outputs (within 1e-4), different values, or different spatial sizes (Keras's, torch's). */
type Outcome = "equal" | "values differ" | { keras: number; torch: number };

/**
 * One torch/Keras pair. The pooling cases start with a 3x3 stride-1 convolution padded by one on each side
 * (the frameworks agree on it at any size), so the pools see negative values and transfer has weights to copy.
 */
interface Trap {
  /** The torch module, a Python expression over `nn`. */
  readonly torch: string;
  readonly keras: Json;
  readonly even: Outcome;
  readonly odd: Outcome;
}

const sameConv = conv(1, "same");
const torchConv = "nn.Conv2d(3, 4, 3, padding=1)";

// Expectations from ../shared/docs/conversion-rules.md section 2.2. Keras 'same' with k=3, s=2 pads (0, 1)
// on an even size and (1, 1) on an odd one; torch pads what it is told on both sides.
const traps: Record<string, Trap> = {
  // ceil_mode lets torch's last window run past the end, as Keras's extra pad at the end does: equal on
  // even sizes; on odd ones Keras also pads the start and has one more output (8 against 7).
  "MaxPool2d(3, 2, ceil_mode=True) against MaxPooling2D(3, 2, 'same')": {
    torch: `nn.Sequential(${torchConv}, nn.MaxPool2d(3, 2, ceil_mode=True))`,
    keras: sequential([sameConv, pool("MaxPooling2D", "same")]),
    even: "equal",
    odd: { keras: 8, torch: 7 },
  },
  // count_include_pad=True divides by 9 including the zeros: the same as padding with zeros first.
  "AvgPool2d(3, 2, padding=1) against ZeroPadding2D(1) + AveragePooling2D(3, 2, 'valid')": {
    torch: `nn.Sequential(${torchConv}, nn.AvgPool2d(3, 2, padding=1, count_include_pad=True))`,
    keras: sequential([sameConv, zeroPad, pool("AveragePooling2D", "valid")]),
    even: "equal",
    odd: "equal",
  },
  // Keras 'same' averages over the real pixels only: border outputs differ on every size (and on even
  // sizes the windows sit one pixel apart as well).
  "AvgPool2d(3, 2, padding=1) against AveragePooling2D(3, 2, 'same')": {
    torch: `nn.Sequential(${torchConv}, nn.AvgPool2d(3, 2, padding=1, count_include_pad=True))`,
    keras: sequential([sameConv, pool("AveragePooling2D", "same")]),
    even: "values differ",
    odd: "values differ",
  },
  // With count_include_pad=False the divisors agree, so only the placement is left: equal on odd sizes.
  "AvgPool2d(3, 2, padding=1, count_include_pad=False) against AveragePooling2D(3, 2, 'same')": {
    torch: `nn.Sequential(${torchConv}, nn.AvgPool2d(3, 2, padding=1, count_include_pad=False))`,
    keras: sequential([sameConv, pool("AveragePooling2D", "same")]),
    even: "values differ",
    odd: "equal",
  },
  // The stride-2 convolution itself: torch padding=1 is Keras 'same' on odd sizes only.
  "Conv2d(3, 4, 3, stride=2, padding=1) against Conv2D(4, 3, strides=2, 'same')": {
    torch: "nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1))",
    keras: sequential([conv(2, "same")]),
    even: "values differ",
    odd: "equal",
  },
  // The rule's fix: explicit zero padding and a 'valid' convolution agree on both.
  "Conv2d(3, 4, 3, stride=2, padding=1) against ZeroPadding2D(1) + Conv2D(4, 3, strides=2, 'valid')": {
    torch: "nn.Sequential(nn.Conv2d(3, 4, 3, stride=2, padding=1))",
    keras: sequential([zeroPad, conv(2, "valid")]),
    even: "equal",
    odd: "equal",
  },
};

const names = Object.keys(traps);
const inputs: Record<number, NDArray> = { [EVEN]: randomArray([2, 3, EVEN, EVEN], 31), [ODD]: randomArray([2, 3, ODD, ODD], 32) };

/** Builds, saves and runs every torch module on both inputs in one torch process; returns its outputs. */
function buildTorch(): Record<string, Record<string, Dumped>> {
  const job = {
    modules: names.map((name, i) => ({ path: join(dir, `trap${i}.pt`), expr: traps[name]!.torch })),
    inputs: Object.entries(inputs).map(([size, x]) => ({ size, shape: [...x.shape], data: Array.from(x.data() as Float32Array) })),
  };
  const jobPath = join(dir, "job.json");
  writeFileSync(jobPath, JSON.stringify(job));
  const code = `
import json, sys, torch
from torch import nn
job = json.load(open(sys.argv[1]))
out = []
with torch.no_grad():
    for i, m in enumerate(job["modules"]):
        torch.manual_seed(i)
        module = eval(m["expr"]).eval()
        torch.save(module, m["path"])
        runs = {}
        for x in job["inputs"]:
            y = module(torch.tensor(x["data"], dtype=torch.float32).reshape(x["shape"]))
            runs[x["size"]] = {"shape": list(y.shape), "data": y.double().flatten().tolist()}
        out.append(runs)
print(json.dumps(out))
`;
  const outputs = JSON.parse(runPython(code, [jobPath])) as Array<Record<string, Dumped>>;
  return Object.fromEntries(names.map((name, i) => [name, outputs[i]!]));
}

/** The outcome of one size, from the two outputs in the same (channels-last) layout. */
function outcomeOf(keras: NDArray, torch: NDArray): Outcome {
  if (keras.shape.join() !== torch.shape.join()) return { keras: keras.shape[1]!, torch: torch.shape[1]! };
  return maxDifference(keras, torch) <= 1e-4 ? "equal" : "values differ";
}

describeWithTorch("padding and pooling traps, odd and even sizes", () => {
  let torchOutputs: Record<string, Record<string, Dumped>>;
  beforeAll(() => {
    ensureDir(dir);
    torchOutputs = buildTorch();
  }, 120_000);

  async function pair(name: string): Promise<{ torch: TorchModule; keras: KerasModel }> {
    const torch = load(join(dir, `trap${names.indexOf(name)}.pt`)) as TorchModule;
    const keras = await zeroKerasModel(traps[name]!.keras);
    transfer(torch, keras);
    return { torch, keras };
  }

  it.each(names)("%s: verify() agrees exactly where the rules say", async (name) => {
    const { torch, keras } = await pair(name);
    const report = verify(keras, torch, { inputShape: [EVEN, EVEN, 3] });
    expect(report.rows.map((row) => row.shape[1])).toEqual([EVEN, ODD]);
    const trap = traps[name]!;
    report.rows.forEach((row, i) => {
      const expected = i === 0 ? trap.even : trap.odd;
      if (expected === "equal") expect(row.ok, String(report)).toBe(true);
      else if (expected === "values differ") expect(row.ok, String(report)).toBe(false);
      else expect(row.ok === false && row.mismatch, String(report)).toMatch(new RegExp(`^outputs have different shapes, \\(2, ${expected.keras}, ${expected.keras}, 4\\) and \\(2, ${expected.torch}, ${expected.torch}, 4\\)$`));
      if (expected === "values differ") expect(row.maxAbs!).toBeGreaterThan(1e-2);
    });
    expect(report.passed).toBe(trap.even === "equal" && trap.odd === "equal");
    if (typeof trap.odd === "object") expect(String(report)).toMatch(/\(2, 15, 15, 3\)\s+-\s+-\s+DIFFERENT: outputs have different shapes, /);
  });

  it.each(names)("%s: real torch and TensorFlow.js show the same, and weightscope's forwards match them", async (name) => {
    const { torch, keras } = await pair(name);
    const trap = traps[name]!;
    for (const size of [EVEN, ODD]) {
      const x = inputs[size]!;
      const realTorch = toArray(torchOutputs[name]![String(size)]!);
      const ownTorch = (torch as unknown as { forward(x: Tensor): Tensor }).forward(Tensor.from(x.copy())).detach().numpy();
      expect(maxDifference(ownTorch, realTorch)).toBeLessThan(1e-5);
      const tfjs = await tfjsPredict(trap.keras, keras.get_weights(), moveAxis(x, 1, -1));
      const ownKeras = keras.predict(moveAxis(x, 1, -1), { verbose: 0 }) as NDArray;
      expect(maxDifference(ownKeras, tfjs)).toBeLessThan(1e-5);
      expect(outcomeOf(tfjs, moveAxis(realTorch, 1, -1)), `size ${size}`).toEqual(size === EVEN ? trap.even : trap.odd);
    }
  });
});
