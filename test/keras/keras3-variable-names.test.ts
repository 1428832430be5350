// Keras 3 weights files number each layer's variables (`vars/0`, `vars/1`...); the names come back from
// the class's build order, which for these classes is the order (and naming) tf.keras 2 used in legacy
// .h5 files: a legacy file saved as .keras and read back must give every variable its legacy name.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { prepareToOpen } from "../../src/open.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

type Keras = typeof import("../../src/keras/index.js");

// A tf.keras 2.4 Sequential: layers whose variables depend on their config (normalization without
// scale or center) and classes with names of their own (separable kernels, PReLU's alpha).
const MAKE = `
import json, sys
import h5py, numpy as np
layers = [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 8, 8, 3], "dtype": "float32", "name": "input"}},
  {"class_name": "SeparableConv2D", "config": {"name": "sep", "filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "depth_multiplier": 1, "activation": "linear", "use_bias": True}},
  {"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": False}},
  {"class_name": "PReLU", "config": {"name": "prelu", "shared_axes": [1, 2]}},
  {"class_name": "LayerNormalization", "config": {"name": "ln", "axis": [3], "epsilon": 0.001, "center": False, "scale": True}},
  {"class_name": "BatchNormalization", "config": {"name": "bn_full", "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True}},
]
weights = {
  "sep": [("depthwise_kernel", (3, 3, 3, 1)), ("pointwise_kernel", (1, 1, 3, 4)), ("bias", (4,))],
  "bn": [("beta", (4,)), ("moving_mean", (4,)), ("moving_variance", (4,))],
  "prelu": [("alpha", (1, 1, 4))],
  "ln": [("gamma", (4,))],
  "bn_full": [("gamma", (4,)), ("beta", (4,)), ("moving_mean", (4,)), ("moving_variance", (4,))],
}
config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers}}
rng = np.random.default_rng(0)
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["keras_version"] = "2.4.0"
    f.attrs["backend"] = "tensorflow"
    f.attrs["model_config"] = json.dumps(config)
    group = f.create_group("model_weights")
    group.attrs["keras_version"] = "2.4.0"
    group.attrs["backend"] = "tensorflow"
    group.attrs["layer_names"] = [name.encode() for name in ["input"] + list(weights)]
    group.create_group("input").attrs["weight_names"] = np.array([], dtype="S1")
    for layer, variables in weights.items():
        lg = group.create_group(layer)
        lg.attrs["weight_names"] = [("%s/%s:0" % (layer, name)).encode() for name, _ in variables]
        for name, shape in variables:
            lg.create_dataset("%s/%s:0" % (layer, name), data=rng.standard_normal(shape).astype("float32") + (2 if name == "moving_variance" else 0))
`;

describeWithTorch("Keras 3 variable names from each class's build order (h5py writes the legacy file)", () => {
  let keras: Keras;
  const out = ensureDir(join(generatedDir, "keras3-variable-names"));
  const legacy = join(out, "names.h5");
  beforeAll(async () => {
    runPython(MAKE, [legacy]);
    await prepareToOpen([legacy]);
    keras = await import("../../src/keras/index.js");
  });

  it("gives every variable of a .keras archive the name the legacy file had", () => {
    const model = keras.loadModel(legacy);
    const target = join(out, "names.keras");
    model.save(target);
    const again = keras.loadModel(target);
    const names = (m: typeof model) => m.layers.map((layer) => [layer.name, layer.weights.map((w) => w.name.replace(/^.*\//, "").replace(/:0$/, ""))]);
    expect(names(again)).toEqual(names(model));
    expect(names(again)).toEqual([
      ["sep", ["depthwise_kernel", "pointwise_kernel", "bias"]],
      ["bn", ["beta", "moving_mean", "moving_variance"]],
      ["prelu", ["alpha"]],
      ["ln", ["gamma"]],
      ["bn_full", ["gamma", "beta", "moving_mean", "moving_variance"]],
    ]);
  });
});
