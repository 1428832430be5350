// Real Keras files (../shared/fixtures/real) and torch twins built by real torch: weights copied both ways, outputs compared.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import type { KerasModel } from "../../src/keras/index.js";
import { load, save } from "../../src/torch/index.js";
import type { TorchModule } from "../../src/torch/index.js";
import type { NDArray, Tensor } from "../../src/tensor/index.js";
import { TransferError, transfer } from "../../src/transfer/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, projectRoot, runPython, sharedFixtures } from "../support/oracle.js";
import { asKeras2 } from "../keras/summary/oracle.js";
import { maxDifference, moveAxis, randomArray, sameValues, tfjsPredict, toArray, torchForward, type Dumped } from "./support.js";

const dir = join(generatedDir, "transfer-fixtures");

/**
 * Each fixture with its torch input (the Keras one moves channels last when the input is an image).
 * Every Keras model file in the fixtures whose layers all have torch equivalents; the torch twins are in
 * fixture_models.py.
 */
const fixtures: Record<string, { input: NDArray; image: boolean }> = {
  "keras3.15.1_seq_cnn_mnist.keras": { input: randomArray([3, 1, 28, 28], 21), image: true },
  "keras2.3.1_func_dense_batchnorm.h5": { input: randomArray([5, 16], 22), image: false },
  "keras2.0.8_seq_lenet5_named_layers.h5": { input: randomArray([3, 1, 28, 28], 23), image: true },
  "keras3.8.0_legacy_h5_seq_lenet5.h5": { input: randomArray([3, 3, 32, 32], 24), image: true },
  "tfkeras2.7.0_seq_lenet5_avgpool.h5": { input: randomArray([3, 1, 28, 28], 25), image: true },
  "tfkeras2.2.4-tf_func_depthwise_conv2d.h5": { input: randomArray([3, 3, 10, 10], 26), image: true },
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

/** Real torch's output of the twin on its input, written by fixture_models.py in the same run that built it. */
function twinOutput(name: string): NDArray {
  return toArray(JSON.parse(readFileSync(join(dir, `${name}.out.json`), "utf8")) as Dumped);
}

describeWithTorch("transfer with real torch", () => describeWithSharedFixtures("transfer between real Keras files and torch twins made by real torch", () => {
  beforeAll(() => {
    ensureDir(dir);
    const inputs = Object.fromEntries(Object.entries(fixtures).map(([name, { input }]) => [name, { shape: [...input.shape], data: Array.from(input.data() as Float32Array) }]));
    writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
    runPython(`import runpy, sys; sys.argv = ["fixture_models.py", ${JSON.stringify(dir)}]; runpy.run_path(${JSON.stringify(join(projectRoot, "test/transfer/fixture_models.py"))}, run_name="__main__")`);
  }, 120_000);

  it.each(Object.keys(fixtures))("%s → torch: real torch runs the filled module as TensorFlow.js runs the file", async (name) => {
    const keras = await kerasModel(name);
    const reference = await tfjsOn(keras, name);
    const torch = load(join(dir, `${name}.pt`)) as TorchModule;
    transfer(keras, torch);
    const saved = join(dir, `${name}-copied.pt`);
    save(torch, saved);
    const copied = torchForward(saved, fixtures[name]!.input);
    // The twin's own weights give other outputs: the comparison sees the copy.
    expect(maxDifference(twinOutput(name), reference)).toBeGreaterThan(1e-3);
    expect(maxDifference(copied, reference)).toBeLessThan(1e-4);
  });

  it.each(Object.keys(fixtures))("torch → %s: the Keras model, saved and read back, runs in TensorFlow.js as real torch runs the twin", async (name) => {
    const keras = await kerasModel(name);
    transfer(load(join(dir, `${name}.pt`)) as TorchModule, keras);
    // Saved as .h5 whatever the original (a Keras 3 model as Keras 3 writes its legacy .h5).
    const saved = join(dir, `from-torch-${name.replace(/\.(keras|h5)$/, "")}.h5`);
    keras.save(saved);
    const reread = (await loadKerasReader()).loadModel(saved);
    expect(maxDifference(await tfjsOn(reread, name), twinOutput(name))).toBeLessThan(1e-4);
  });

  // Keras 1 keeps one array per gate (lstm_1_W_i...) and its LSTM gates use hard_sigmoid: refused whole, both ways.
  it("keras1.2.2_seq_embedding_lstm_tf.h5 is refused both ways in one line, and neither target changes", async () => {
    const name = "keras1.2.2_seq_embedding_lstm_tf.h5";
    const keras = await kerasModel(name);
    const torch = load(join(dir, `${name}.pt`)) as TorchModule;
    const kerasBefore = keras.get_weights();
    const torchBefore = [...torch.state_dict().values()].map((t) => (t as Tensor).detach().numpy().copy());
    const refusal = (role: string) =>
      `${role}: the ${role} is a Keras 1.2.2 model: Keras 1 names its weights W, U and b and keeps one array per gate in recurrent layers (lstm_1_W_i:0), which transfer does not read; load and re-save it with Keras 2 or later first`;
    for (const [run, role] of [[() => transfer(keras, torch), "source"], [() => transfer(torch, keras), "target"]] as const) {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TransferError);
      expect((error as Error).message).toBe(refusal(role));
    }
    expect(keras.get_weights().every((w, i) => sameValues(w, kerasBefore[i]!))).toBe(true);
    expect([...torch.state_dict().values()].every((t, i) => sameValues((t as Tensor).detach().numpy(), torchBefore[i]!))).toBe(true);
  });
}));
