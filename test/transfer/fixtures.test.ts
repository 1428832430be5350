// Real Keras files (../shared/fixtures/real) and torch twins built by real torch: weights copied both ways, outputs compared.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import type { KerasModel } from "../../src/keras/index.js";
import { load, save } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import type { NDArray } from "../../src/tensor/index.js";
import { transfer } from "../../src/transfer/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, projectRoot, runPython, sharedFixtures } from "../support/oracle.js";
import { asKeras2 } from "../keras/summary/oracle.js";
import { maxDifference, moveAxis, randomArray, tfjsPredict, torchForward } from "./support.js";

const dir = join(generatedDir, "transfer-fixtures");

/** Each fixture with its torch input (the Keras one moves channels last when the input is an image). */
const fixtures: Record<string, { input: NDArray; image: boolean }> = {
  "keras3.15.1_seq_cnn_mnist.keras": { input: randomArray([3, 1, 28, 28], 21), image: true },
  "keras2.3.1_func_dense_batchnorm.h5": { input: randomArray([5, 16], 22), image: false },
};

async function kerasModel(name: string): Promise<KerasModel> {
  return (await loadKerasReader()).loadModel(join(sharedFixtures, name));
}

function kerasInput(name: string): NDArray {
  const { input, image } = fixtures[name]!;
  return image ? moveAxis(input, 1, -1) : input;
}

/** TensorFlow.js on a Keras model's config (in the Keras 2 spelling tfjs reads) and current weights. */
function tfjsOn(model: KerasModel, name: string): Promise<NDArray> {
  return tfjsPredict(asKeras2(model.file.modelConfig), model.get_weights(), kerasInput(name));
}

describeWithTorch("transfer with real torch", () => describeWithSharedFixtures("transfer between real Keras files and torch twins made by real torch", () => {
  beforeAll(() => {
    ensureDir(dir);
    runPython(`import runpy, sys; sys.argv = ["fixture_models.py", ${JSON.stringify(dir)}]; runpy.run_path(${JSON.stringify(join(projectRoot, "test/transfer/fixture_models.py"))}, run_name="__main__")`);
  }, 120_000);

  it.each(Object.keys(fixtures))("%s → torch: real torch runs the filled module as TensorFlow.js runs the file", async (name) => {
    const keras = await kerasModel(name);
    const reference = await tfjsOn(keras, name);
    const torch = load(join(dir, `${name}.pt`)) as TorchModule;
    transfer(keras, torch);
    const saved = join(dir, `${name}-copied.pt`);
    save(torch, saved);
    expect(maxDifference(torchForward(saved, fixtures[name]!.input), reference)).toBeLessThan(1e-4);
  });

  it.each(Object.keys(fixtures))("torch → %s: the Keras model, saved and read back, runs in TensorFlow.js as real torch runs the twin", async (name) => {
    const keras = await kerasModel(name);
    const twin = join(dir, `${name}.pt`);
    transfer(load(twin) as TorchModule, keras);
    const saved = join(dir, name.endsWith(".keras") ? "from-torch.keras" : "from-torch.h5");
    keras.save(saved);
    const reread = (await loadKerasReader()).loadModel(saved);
    expect(maxDifference(await tfjsOn(reread, name), torchForward(twin, fixtures[name]!.input))).toBeLessThan(1e-4);
  });
}));
