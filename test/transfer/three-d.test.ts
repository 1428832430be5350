// transfer() with 3-D layers: the report's rows for ConvTranspose3d and BatchNorm3d, verify() across both forwards, and the grouped refusal.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { KerasModel } from "../../src/keras/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import { load, moduleClasses, torch, type TorchModule } from "../../src/torch/index.js";
import { transfer, TransferError, verify } from "../../src/transfer/index.js";
import { describeWithTorch, generatedDir } from "../support/oracle.js";
import { kerasCases, sequential } from "./keras-cases.js";
import { makeTorchCases, zeroKerasModel } from "./support.js";

const dir = join(generatedDir, "transfer-3d");

describeWithTorch("transfer with BatchNorm3d and ConvTranspose3d", () => {
  let decoder: TorchModule;
  let keras: KerasModel;
  beforeAll(async () => {
    makeTorchCases(dir);
    decoder = load(join(dir, "decoder3d.pt")) as TorchModule;
    keras = await zeroKerasModel(kerasCases.decoder3d!.config);
  }, 120_000);

  it("torch → Keras reports each 3-D array's step: the transposed kernel as permute(2, 3, 4, 1, 0), BatchNorm3d's arrays copied and its counter dropped", () => {
    const report = transfer(decoder, keras);
    const rows = report.rows.map((row) => [row.pair, row.source, row.transform, row.target, row.sourceShape, row.targetShape]);
    expect(rows.filter(([pair]) => pair === 3)).toEqual([
      [3, "3.weight", "permute(2, 3, 4, 1, 0)", "conv3d_transpose/kernel:0", [4, 3, 2, 2, 2], [2, 2, 2, 3, 4]],
      [3, "3.bias", "copy", "conv3d_transpose/bias:0", [3], [3]],
    ]);
    expect(rows.filter(([pair]) => pair === 4).map(([, source, transform, target]) => [source, transform, target])).toEqual([
      ["4.weight", "copy", "batch_normalization_1/gamma:0"],
      ["4.bias", "copy", "batch_normalization_1/beta:0"],
      ["4.running_mean", "copy", "batch_normalization_1/moving_mean:0"],
      ["4.running_var", "copy", "batch_normalization_1/moving_variance:0"],
      ["4.num_batches_tracked", "dropped (Keras keeps no batch counter)", "—"],
    ]);
    expect(report.warnings).toEqual([]);
  });

  it("verify() runs weightscope's torch forward and its Keras predict on 5-D inputs: different before the copy, equal after", async () => {
    expect(verify(decoder, await zeroKerasModel(kerasCases.decoder3d!.config)).passed).toBe(false);
    transfer(decoder, keras);
    const report = verify(decoder, keras);
    const ran = report.rows.filter((row) => row.skipped === undefined);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran[0]!.shape).toHaveLength(5);
    expect(report.passed, String(report)).toBe(true);
  });

  it("Keras → torch into a module built here fills ConvTranspose3d's weight as torch's (in, out, kD, kH, kW) and sets num_batches_tracked to 0", () => {
    transfer(decoder, keras);
    torch.manual_seed(5);
    const built = moduleClasses.Sequential!(
      moduleClasses.Conv3d!(2, 4, 2),
      moduleClasses.BatchNorm3d!(4),
      moduleClasses.ReLU!(),
      moduleClasses.ConvTranspose3d!(4, 3, 2, { stride: 2 }),
      moduleClasses.BatchNorm3d!(3),
    );
    transfer(keras, built);
    for (const [key, value] of decoder.state_dict().entries()) {
      const got = built.state_dict().get(key) as Tensor;
      if (String(key).endsWith("num_batches_tracked")) expect(got.tolist(), String(key)).toEqual(0);
      else expect(got.tolist(), String(key)).toEqual((value as Tensor).tolist());
    }
  });
});

it("refuses a grouped ConvTranspose3d against a Conv3DTranspose with one line naming the pair, and writes nothing", async () => {
  const config = sequential([
    { class_name: "InputLayer", config: { batch_input_shape: [null, 3, 3, 3, 4], dtype: "float32", sparse: false, ragged: false, name: "input_1" } },
    {
      class_name: "Conv3DTranspose",
      config: { name: "conv3d_transpose", trainable: true, dtype: "float32", filters: 4, kernel_size: [2, 2, 2], strides: [1, 1, 1], padding: "valid", output_padding: null, data_format: "channels_last", dilation_rate: [1, 1, 1], activation: "linear", use_bias: true },
    },
  ]);
  const keras = await zeroKerasModel(config);
  torch.manual_seed(1);
  const grouped = moduleClasses.Sequential!(moduleClasses.ConvTranspose3d!(4, 4, 2, { groups: 2 }));
  const before = (grouped.state_dict().get("0.weight") as Tensor).tolist();
  expect(() => transfer(keras, grouped)).toThrow(TransferError);
  expect(() => transfer(keras, grouped)).toThrow(
    'layer pair 1, Keras "conv3d_transpose" (Conv3DTranspose) → torch "0" (ConvTranspose3d): torch ConvTranspose3d "0" has groups=2; Keras\'s transposed convolutions have no groups',
  );
  expect((grouped.state_dict().get("0.weight") as Tensor).tolist()).toEqual(before);
});
