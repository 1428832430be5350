// Refused transfers leave the target bit-identical and say, in one line, which pair does not fit and why; dry runs write nothing.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import { load } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import { transfer } from "../../src/transfer/index.js";
import { describeWithTorch, generatedDir, projectRoot } from "../support/oracle.js";
import { kerasCases, sequential } from "./keras-cases.js";
import { makeTorchCases, randomKeras, refusal, refusedAndUntouched, snapshot, unchanged, zeroKerasModel } from "./support.js";

const dir = join(generatedDir, "transfer-errors");
type Json = Record<string, unknown>;

async function lenetConfig(): Promise<Json> {
  const reader = await loadKerasReader();
  return structuredClone(reader.loadModel(join(projectRoot, "examples/lenet5.h5")).file.modelConfig) as Json;
}

function layersOf(config: Json): Json[] {
  return (config.config as { layers: Json[] }).layers;
}

function torchModel(name: string): TorchModule {
  return load(join(dir, `${name}.pt`)) as TorchModule;
}

function lenetTorch(): TorchModule {
  return load(join(projectRoot, "examples/lenet5.pt")) as TorchModule;
}

describeWithTorch("refused transfers", () => {
  beforeAll(() => makeTorchCases(dir), 120_000);

  it("a kind that does not pair names the first pair and the kinds it takes", async () => {
    const keras = await randomKeras(await lenetConfig());
    const error = refusedAndUntouched(keras, () => transfer(torchModel("lstm"), keras));
    expect(error.message).toBe('layer pair 1, torch "LSTM" (LSTM) → Keras "conv2d" (Conv2D): a Keras Conv2D pairs with torch Conv2d, not LSTM');
  });

  it("a shape that does not fit in the last pair leaves the earlier layers unwritten too (torch → Keras)", async () => {
    const config = await lenetConfig();
    (layersOf(config).at(-1)!.config as Json).units = 12;
    const keras = await randomKeras(config);
    const error = refusedAndUntouched(keras, () => transfer(lenetTorch(), keras));
    expect(error.message).toBe('layer pair 5, torch "11" (Linear) → Keras "dense_1" (Dense): 11.weight becomes (84, 10) but dense_1/kernel:0 is (84, 12)');
  });

  it("the same misfit Keras → torch leaves every torch array as it was", async () => {
    const config = await lenetConfig();
    (layersOf(config).at(-1)!.config as Json).units = 12;
    const torch = lenetTorch();
    const keras = await randomKeras(config);
    const refused = refusedAndUntouched(torch, () => transfer(keras, torch));
    expect(refused.message).toBe('layer pair 5, Keras "dense_1" (Dense) → torch "11" (Linear): dense_1/kernel:0 becomes (12, 84) but 11.weight is (10, 84)');
  });

  it("a missing layer is a count mismatch naming the layer without a partner, both ways", async () => {
    const config = await lenetConfig();
    layersOf(config).pop();
    const keras = await randomKeras(config);
    const torch = lenetTorch();
    expect(refusedAndUntouched(keras, () => transfer(torch, keras)).message).toBe(
      'layer pair 5: the source has 5 weight-bearing layers and the target 4: torch "11" (Linear) on the source side has no partner; the models are not the same architecture',
    );
    expect(refusedAndUntouched(torch, () => transfer(keras, torch)).message).toBe(
      'layer pair 5: the source has 4 weight-bearing layers and the target 5: torch "11" (Linear) on the target side has no partner; the models are not the same architecture',
    );
  });

  it("a Keras GRU with reset_after=False is refused both ways with the reason and the remedy", async () => {
    const config = sequential([...layersOf(kerasCases.gru!.config as Json)]);
    (layersOf(config)[1]!.config as Json) = { ...(layersOf(config)[1]!.config as Json), reset_after: false };
    const keras = await randomKeras(config);
    const torch = torchModel("gru");
    const expected = 'layer pair 1, torch "GRU" (GRU) → Keras "gru" (GRU): the Keras GRU has reset_after=False: it applies the reset gate before the recurrent matmul with a single bias, which torch\'s GRU cannot reproduce exactly; rebuild the Keras layer with reset_after=True (the tf.keras 2 default)';
    expect(refusedAndUntouched(keras, () => transfer(torch, keras)).message).toBe(expected);
    expect(refusedAndUntouched(torch, () => transfer(keras, torch)).message).toContain("reset_after=False");
  });

  it("a Keras PReLU whose alpha varies over positions cannot become torch's per-channel slopes", async () => {
    const config = structuredClone(kerasCases.prelu!.config) as Json;
    delete (layersOf(config)[2]!.config as Json).shared_axes;
    const keras = await randomKeras(config);
    const torch = torchModel("prelu");
    expect(refusedAndUntouched(torch, () => transfer(keras, torch)).message).toBe(
      'layer pair 2, Keras "p_re_lu" (PReLU) → torch "1" (PReLU): Keras\'s alpha (4, 4, 3) varies along the shared axes; torch\'s PReLU holds one slope per channel',
    );
  });

  it("within one framework, layers of different kinds do not exchange weights", () => {
    const target = torchModel("gru");
    expect(refusedAndUntouched(target, () => transfer(torchModel("lstm"), target)).message).toBe(
      'layer pair 1, torch "LSTM" (LSTM) → torch "GRU" (GRU): the source is a LSTM and the target a GRU; within one framework only layers of the same kind exchange weights',
    );
  });

  it("anything but a torch module or a Keras model is refused by role", async () => {
    const keras = await randomKeras(await lenetConfig());
    expect(refusedAndUntouched(keras, () => transfer({}, keras)).place).toBe("source");
    expect(refusal(() => transfer(lenetTorch(), [1, 2])).place).toBe("target");
  });
});

describeWithTorch("dry runs, warnings and copies within one framework", () => {
  beforeAll(() => makeTorchCases(dir), 120_000);

  it("a dry run writes nothing and reports what the real run then does", async () => {
    for (const [source, target] of [
      [lenetTorch(), await randomKeras(await lenetConfig())],
      [await randomKeras(await lenetConfig(), 2), lenetTorch()],
    ] as const) {
      const before = snapshot(target);
      const dry = transfer(source, target, { dryRun: true });
      expect(unchanged(before, snapshot(target))).toBe(true);
      const real = transfer(source, target);
      expect(unchanged(before, snapshot(target))).toBe(false);
      expect(dry.rows).toEqual(real.rows);
      expect(dry.dryRun).toBe(true);
      expect(String(dry).split("\n").slice(1)).toEqual(String(real).split("\n").slice(1));
    }
  });

  it("BatchNorm eps that differ are a warning line, and the weights are still copied", async () => {
    const config = structuredClone(kerasCases.batchnorm!.config) as Json;
    for (const layer of layersOf(config)) if (layer.class_name === "BatchNormalization") (layer.config as Json).epsilon = 0.001;
    const keras = await zeroKerasModel(config);
    const report = transfer(torchModel("batchnorm"), keras);
    expect(report.warnings).toEqual([
      'eps differs between torch "1" (1e-05) and Keras "batch_normalization" (0.001): the weights are copied, but the outputs will differ slightly unless the configs agree',
      'eps differs between torch "5" (1e-05) and Keras "batch_normalization_1" (0.001): the weights are copied, but the outputs will differ slightly unless the configs agree',
    ]);
    expect(String(report).split("\n").filter((line) => line.startsWith("warning: eps differs"))).toHaveLength(2);
    expect(keras.get_weights().every((w) => (w.data() as Float32Array).some((v) => v !== 0))).toBe(true);
    expect(report.rows.filter((row) => row.source.endsWith("num_batches_tracked")).map((row) => row.target)).toEqual(["—", "—"]);
  });

  it("torch → torch and Keras → Keras copy every array as it is", async () => {
    const target = torchModel("flatten4x4_fresh");
    transfer(torchModel("flatten4x4"), target);
    expect(unchanged(snapshot(torchModel("flatten4x4")), snapshot(target))).toBe(true);
    const reader = await loadKerasReader();
    const source = reader.loadModel(join(projectRoot, "examples/lenet5.h5"));
    const keras = await zeroKerasModel(await lenetConfig());
    const report = transfer(source, keras);
    expect(unchanged(source.get_weights(), keras.get_weights())).toBe(true);
    expect(new Set(report.rows.map((row) => row.transform))).toEqual(new Set(["copy"]));
  });
});

describe("the input check", () => {
  it("names the role of what is not a model", () => {
    expect(refusal(() => transfer(null, undefined)).message).toBe(
      "source: the source is neither a torch module (torch.load of a saved nn.Module) nor a Keras model (keras.models.load_model); transfer copies between those",
    );
  });
});
