// Every real Keras file: `inspect --json` equals what h5py recorded, layers follow layer_names, and opening reads no values.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { datasetReadCount, readKerasFile, type KerasFile } from "../../src/keras/index.js";
import { openModelFileAsync } from "../../src/open.js";
import { describeWithSharedFixtures, describeWithTorch, projectRoot, runPython, sharedFixtures } from "../support/oracle.js";

interface Entry {
  path: string;
  shape: number[];
  dtype: string;
  sha256: string;
}

const bin = join(projectRoot, "bin/weightscope");
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const isKeras = (file: string) => /\.(h5|keras)$/.test(file);

function expectedRecords(): { file: string; tensors: Entry[] }[] {
  return readFileSync(join(sharedFixtures, "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { file: string; tensors: Entry[] })
    .filter((record) => isKeras(record.file));
}

describeWithSharedFixtures("inspect --json on the real Keras fixtures", () => {
  const expected = expectedRecords();

  it("covers every Keras file in the fixtures", () => {
    expect(expected.length).toBeGreaterThanOrEqual(10);
  });

  for (const record of expected) {
    it(`matches h5py on ${record.file}`, () => {
      const run = spawnSync(process.execPath, [bin, "inspect", "--json", join(sharedFixtures, record.file)], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const actual = JSON.parse(run.stdout) as { file: string; ok: boolean; tensors: Entry[] };
      expect(actual).toMatchObject({ file: record.file, ok: true });
      expect([...actual.tensors].sort(byPath)).toEqual([...record.tensors].sort(byPath));
    });
  }
});

describeWithSharedFixtures("opening a Keras file reads no tensor values", () => {
  it("lists every tensor's shape and dtype without a dataset read, then reads each once on demand", async () => {
    const path = join(sharedFixtures, "tfkeras2.7.0_seq_lenet5_avgpool.h5");
    const before = datasetReadCount();
    const model = await openModelFileAsync(path);
    const listed = model.tensors.map(({ path: p, tensor }) => `${p}${tensor.shape.join(",")}${tensor.dtypeName}`);
    expect(listed).toHaveLength(31);
    expect(datasetReadCount()).toBe(before);
    expect(model.tensors.every(({ tensor }) => !tensor.storage.loaded)).toBe(true);

    const [first] = model.tensors;
    const digest = createHash("sha256").update(first!.tensor.toBytesLE()).digest("hex");
    first!.tensor.toBytesLE();
    expect(datasetReadCount()).toBe(before + 1);
    const record = expectedRecords().find((r) => r.file === "tfkeras2.7.0_seq_lenet5_avgpool.h5")!;
    expect(digest).toBe(record.tensors.find((t) => t.path === first!.path)!.sha256);
  });
});

describeWithTorch("layers in Keras order, as h5py reads layer_names and weight_names", () => {
  const legacy = ["keras1.2.2_seq_embedding_lstm_tf.h5", "keras2.0.8_seq_lenet5_named_layers.h5", "keras2.2.4_weights_lenet5.h5",
    "keras2.3.1_func_dense_batchnorm.h5", "keras3.8.0_legacy_h5_seq_lenet5.h5", "tfkeras2.2.4-tf_func_depthwise_conv2d.h5",
    "tfkeras2.4.0_weights_lstm.h5", "tfkeras2.7.0_seq_lenet5_avgpool.h5"];
  let oracle: Record<string, { version: string | null; layers: [string, string[]][] }>;

  beforeAll(() => {
    oracle = JSON.parse(
      runPython(
        `import sys, json, h5py
def text(v): return v.decode() if isinstance(v, bytes) else str(v)
out = {}
for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        g = f["model_weights"] if "model_config" in f.attrs else f
        version = f.attrs.get("keras_version", g.attrs.get("keras_version"))
        layers = [(text(n), [text(w) for w in g[text(n)].attrs.get("weight_names", [])]) for n in g.attrs["layer_names"]]
        out[path.split("/")[-1]] = {"version": None if version is None else text(version), "layers": layers}
print(json.dumps(out))`,
        legacy.map((name) => join(sharedFixtures, name)),
      ),
    ) as typeof oracle;
  });

  for (const name of legacy) {
    it(`${name}: layer_names order, weight_names per layer, keras_version`, () => {
      const file: KerasFile = readKerasFile(join(sharedFixtures, name));
      expect(file.layers.map((layer) => [layer.name, layer.weights.map((w) => w.name)])).toEqual(oracle[name]!.layers);
      expect(file.kerasVersion ?? null).toBe(oracle[name]!.version);
    });
  }

  it("keeps dropout_10 after dropout_9 although the groups sort the other way", () => {
    const names = readKerasFile(join(sharedFixtures, "tfkeras2.4.0_weights_lstm.h5")).layers.map((layer) => layer.name);
    expect(names.indexOf("dropout_9")).toBeLessThan(names.indexOf("dropout_10"));
    expect(names[0]).toBe("lstm_9");
  });

  it("reads the .keras archive's config and metadata, and its Keras 3 variables in index order", () => {
    const file = readKerasFile(join(sharedFixtures, "keras3.15.1_seq_cnn_mnist.keras"));
    expect(file.format).toBe("keras-archive");
    expect(file.kerasVersion).toBe("3.15.1");
    expect((file.modelConfig as { class_name: string }).class_name).toBe("Sequential");
    expect(file.layers.find((layer) => layer.name === "conv2d")!.weights.map((w) => [w.name, [...w.tensor.shape]])).toEqual([
      ["vars/0", [3, 3, 1, 32]],
      ["vars/1", [32]],
    ]);
  });
});
