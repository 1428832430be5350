// get_config() and to_json() keep the file's floats: for every real full model, our JSON text equals Python's json.dumps of the file's config.
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadModel } from "../../../src/keras/index.js";
import { pythonJsonDumps } from "../../../src/keras/model/config.js";
import { parsePythonJson } from "../../../src/keras/model/json.js";
import { pyRepr } from "../../../src/python/index.js";
import { describeWithTorch, runPython, sharedFixtures } from "../../support/oracle.js";

/**
 * What Keras's to_json() returns for the file (json.dumps of the config, with keras_version and backend
 * added before Keras 3, the version alone in Keras 1), and json.dumps of each layer's config.
 */
const oracle = `
import h5py, json, sys, zipfile
path = sys.argv[1]
if path.endswith(".keras"):
    config = json.loads(zipfile.ZipFile(path).read("config.json"))
    version = None
else:
    f = h5py.File(path, "r")
    text = f.attrs["model_config"]
    config = json.loads(text.decode() if isinstance(text, bytes) else text)
    version = f.attrs.get("keras_version")
    version = version.decode() if isinstance(version, bytes) else version
    backend = f.attrs.get("backend")
    backend = backend.decode() if isinstance(backend, bytes) else backend
whole = config
if version is not None and not version.startswith("3."):
    whole = {"class_name": config["class_name"], "config": config["config"], "keras_version": version}
    if not version.startswith("1."):
        whole["backend"] = backend
layers = config["config"] if isinstance(config["config"], list) else config["config"]["layers"]
print(json.dumps({"to_json": json.dumps(whole), "layers": {l["config"]["name"]: json.dumps(l["config"]) for l in layers}}))
`;

const models = [
  "keras1.2.2_seq_embedding_lstm_tf.h5",
  "keras2.0.8_seq_lenet5_named_layers.h5",
  "keras2.3.1_func_dense_batchnorm.h5",
  "keras3.15.1_seq_cnn_mnist.keras",
  "keras3.8.0_legacy_h5_seq_lenet5.h5",
  "tfkeras2.2.4-tf_func_depthwise_conv2d.h5",
  "tfkeras2.7.0_seq_lenet5_avgpool.h5",
];

describeWithTorch("configs as Python's json reads them", () => {
  for (const file of models) {
    it(`${file}: to_json() and every layer's get_config() are Python's text, floats included`, () => {
      const expected = JSON.parse(runPython(oracle, [join(sharedFixtures, file)])) as { to_json: string; layers: Record<string, string> };
      const model = loadModel(join(sharedFixtures, file));
      expect(model.to_json()).toBe(expected.to_json);
      for (const layer of model.layers) expect(pythonJsonDumps(layer.get_config())).toBe(expected.layers[layer.name]);
    });
  }

  it("keeps 1.0 a float and 1 an int, and gives a new dict on every call", () => {
    const model = loadModel(join(sharedFixtures, "keras2.0.8_seq_lenet5_named_layers.h5"));
    const initializer = pyRepr(model.layers[0]!.get_config());
    expect(initializer).toContain("'scale': 1.0");
    expect(model.get_config()).not.toBe(model.get_config());
    expect(pyRepr(parsePythonJson('{"a": [1, 1.0, 1e3, -0.5, NaN, -Infinity, true, null, "x\\\\u00e9"], "b": {}}', { place: "test" }))).toBe(
      "{'a': [1, 1.0, 1000.0, -0.5, nan, -inf, True, None, 'x\\\\u00e9'], 'b': {}}",
    );
  });
});
