// model.save("x.keras") of models read from legacy .h5 files: checked by a Python walk that reads the archive as Keras 3's loader does.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { prepareToOpen } from "../../src/open.js";
import { NDArray } from "../../src/tensor/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, runPython, sharedFixtures } from "../support/oracle.js";

type Keras = typeof import("../../src/keras/index.js");

// The walk follows keras/src/saving/saving_lib.py and the models' from_config: the archive holds
// metadata.json, config.json and model.weights.h5 in that order; config.json is the model in Keras 3's
// envelope with the legacy file's own config inside (Sequential.from_config and functional_from_config
// read entries without `module` through the legacy .h5 path); each layer Keras 3 tracks (a Sequential's
// InputLayer is not one) has `layers/<snake_case class, numbered per class>/vars` whose `name` attribute
// is a scalar variable-length UTF-8 string, as in the real Keras 3.15 archive, holding the layer's
// weights as `0`, `1`... in the legacy file's weight_names order, byte for byte; nothing else is there.
const WALK = `
import hashlib, io, json, re, sys, zipfile
import h5py, numpy as np
archive, legacy = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(archive)
assert z.testzip() is None
assert z.namelist() == ["metadata.json", "config.json", "model.weights.h5"], z.namelist()
meta = json.loads(z.read("metadata.json"))
config = json.loads(z.read("config.json"))
source = h5py.File(legacy, "r")
legacy_config = json.loads(source.attrs["model_config"])
assert sorted(config) == ["class_name", "config", "module", "registered_name"], sorted(config)
sequential = legacy_config["class_name"] == "Sequential"
expected_envelope = ("keras", "Sequential", None) if sequential else ("keras.src.models.functional", "Functional", "Functional")
assert (config["module"], config["class_name"], config["registered_name"]) == expected_envelope
assert config["config"] == legacy_config["config"]
def snake(name):
    name = re.sub(r"\\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\\1_\\2", name)
    return re.sub("([a-z])([A-Z])", r"\\1_\\2", name).lower()
def names(raw):
    return [n.decode() if isinstance(n, bytes) else n for n in raw]
weights = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
seen = set()
weights.visit(seen.add)
wanted = {"layers", "vars"}
layers = legacy_config["config"]["layers"] if isinstance(legacy_config["config"], dict) else legacy_config["config"]
used = {}
for layer in layers:
    if sequential and layer["class_name"] == "InputLayer":
        continue
    name = layer["config"]["name"]
    base = snake(layer["class_name"])
    used[base] = used[base] + 1 if base in used else 0
    group = "layers/%s/vars" % (base if used[base] == 0 else "%s_%d" % (base, used[base]))
    wanted |= {group.rsplit("/", 1)[0], group}
    vars = weights[group]
    kind = h5py.h5a.open(vars.id, b"name").get_type()
    assert kind.is_variable_str() and kind.get_cset() == 1 and kind.get_strpad() == 0 and vars.attrs["name"] == name, group
    stored = source["model_weights"][name]
    for i, weight in enumerate(names(stored.attrs["weight_names"])):
        wanted.add("%s/%d" % (group, i))
        assert vars[str(i)].dtype == stored[weight].dtype and vars[str(i)].shape == stored[weight].shape
        assert hashlib.sha256(vars[str(i)][()].tobytes()).hexdigest() == hashlib.sha256(stored[weight][()].tobytes()).hexdigest(), weight
assert seen == wanted, sorted(seen ^ wanted)
assert weights["vars"].attrs["name"] == (legacy_config["config"].get("name") if isinstance(legacy_config["config"], dict) else "sequential")
print(meta["keras_version"])
`;

const SOURCES = [
  "keras2.0.8_seq_lenet5_named_layers.h5",
  "keras2.3.1_func_dense_batchnorm.h5",
  "tfkeras2.2.4-tf_func_depthwise_conv2d.h5",
  "tfkeras2.7.0_seq_lenet5_avgpool.h5",
  "keras3.8.0_legacy_h5_seq_lenet5.h5",
];

describeWithSharedFixtures("saving legacy .h5 models as .keras archives", () => {
  let keras: Keras;
  const out = ensureDir(join(generatedDir, "keras-write-keras3"));
  beforeAll(async () => {
    await prepareToOpen(SOURCES.map((name) => join(sharedFixtures, name)));
    keras = await import("../../src/keras/index.js");
  });

  describeWithTorch("(h5py reads the archives)", () => {
    for (const name of SOURCES) {
      it(`lays out ${name} as Keras 3 loads an archive, and reads back with the same weights`, () => {
        const source = join(sharedFixtures, name);
        const target = join(out, `${name}.keras`);
        const model = keras.loadModel(source);
        model.save(target);
        const version = runPython(WALK, [target, source]).trim();
        expect(version).toBe(name.startsWith("keras3.8.0") ? "3.8.0" : "3.0.0");
        const again = keras.loadModel(target);
        expect(again.layers.map((layer) => layer.name)).toEqual(model.layers.map((layer) => layer.name));
        expect(again.get_weights().map((a) => [...a.toBytesLE()])).toEqual(model.get_weights().map((a) => [...a.toBytesLE()]));
      });
    }

    it("writes the weights set_weights gave, not the file's", () => {
      const model = keras.loadModel(join(sharedFixtures, "tfkeras2.7.0_seq_lenet5_avgpool.h5"));
      const weights = model.get_weights();
      const shape = [...weights[0]!.shape];
      weights[0] = NDArray.from(new Float32Array(weights[0]!.size).fill(0.5), { shape });
      model.set_weights(weights);
      const target = join(out, "changed.keras");
      model.save(target);
      const first = runPython("import io, sys, zipfile, h5py; print(h5py.File(io.BytesIO(zipfile.ZipFile(sys.argv[1]).read('model.weights.h5')), 'r')['layers/conv2d/vars/0'][()].ravel()[:3].tolist())", [target]);
      expect(first.trim()).toBe("[0.5, 0.5, 0.5]");
    });
  });

  it("refuses what Keras 3 could not read, in one line naming the file, before writing anything", async () => {
    const source = join(sharedFixtures, "keras1.2.2_seq_embedding_lstm_tf.h5");
    await prepareToOpen([source]);
    const target = join(out, "keras1.keras");
    expect(() => keras.loadModel(source).save(target)).toThrow(/keras1\.keras: save: a \.keras archive cannot hold this model: its config is Keras 1\.2\.2's, which Keras 3 does not read; save it as \.h5$/);
    const { existsSync } = await import("node:fs");
    expect(existsSync(target)).toBe(false);
  });
});
