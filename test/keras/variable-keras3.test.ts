// Keras 3 variables print as the writing release did: `<KerasVariable ...>` through 3.7, `<Variable ..., value=...>` from 3.8.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { KerasVariable } from "../../src/keras/model/variable.js";
import { NDArray } from "../../src/tensor/index.js";
import { prepareToOpen } from "../../src/open.js";
import type { KerasFile } from "../../src/keras/index.js";
import { describeWithSharedFixtures, runPython, sharedFixtures } from "../support/oracle.js";

const variable = (path: string, value: NDArray, kerasVersion: string | undefined) =>
  new KerasVariable({ classPath: "keras.src.backend.tensorflow.core.Variable", name: path.split("/").pop()!, path, trainable: true, keras3: true, value, kerasVersion });

it("prints published Keras 3 variables character for character, in both styles", () => {
  // `<Variable ...>`: printed by Keras 3 (3.8 or later) and published in a tutorial's source comments.
  const kernel = NDArray.from([0.8516406, -0.52920127, -0.9112464], { dtype: "float32", shape: [1, 3] });
  const bias = NDArray.from([0, 0, 0], { dtype: "float32" });
  const kernel1 = NDArray.from([0.6380346, -1.0862008, -0.38601977, -0.21482044, 0.20393836, -0.87937653], { dtype: "float32", shape: [3, 2] });
  expect(String(variable("sequential/dense/kernel", kernel, "3.8.0"))).toBe("<Variable path=sequential/dense/kernel, shape=(1, 3), dtype=float32, value=[[ 0.8516406  -0.52920127 -0.9112464 ]]>");
  expect(String(variable("sequential/dense/bias", bias, "3.15.1"))).toBe("<Variable path=sequential/dense/bias, shape=(3,), dtype=float32, value=[0. 0. 0.]>");
  expect(String(variable("sequential/dense_1/kernel", kernel1, "3.10.0"))).toBe(
    "<Variable path=sequential/dense_1/kernel, shape=(3, 2), dtype=float32, value=[[ 0.6380346  -1.0862008 ]\n [-0.38601977 -0.21482044]\n [ 0.20393836 -0.87937653]]>",
  );
  // `<KerasVariable ...>`: Keras 3's own documentation and a Korean tutorial (early Keras 3 releases).
  const conv = NDArray.from(new Float32Array(3 * 3 * 32), { shape: [3, 3, 1, 32] });
  expect(String(variable("sequential/conv/kernel", conv, "3.3.3"))).toBe("<KerasVariable shape=(3, 3, 1, 32), dtype=float32, path=sequential/conv/kernel>");
  expect(String(variable("dense/bias", NDArray.from(new Float32Array(32)), "3.7.0"))).toBe("<KerasVariable shape=(32,), dtype=float32, path=dense/bias>");
  // A Keras 3 weights file records no version: it prints as early Keras 3 did.
  expect(String(variable("dense/bias", bias, undefined))).toBe("<KerasVariable shape=(3,), dtype=float32, path=dense/bias>");
});

describeWithSharedFixtures("Keras 3.15 variables of the real .keras fixture", () => {
  let file: KerasFile;
  beforeAll(async () => {
    const path = join(sharedFixtures, "keras3.15.1_seq_cnn_mnist.keras");
    await prepareToOpen([path]);
    const { readKerasFile } = await import("../../src/keras/index.js");
    file = readKerasFile(path);
  });

  it("prints each weight with its value as Keras 3.15 does", () => {
    // Keras's __repr__ written out in Python over the archive's own datasets, numpy printing the values.
    const code = `
import io, sys, zipfile, h5py, numpy as np
names = {"conv2d": "kernel bias", "conv2d_1": "kernel bias", "dense": "kernel bias", "dense_1": "kernel bias"}
h = h5py.File(io.BytesIO(zipfile.ZipFile(sys.argv[1]).read("model.weights.h5")), "r")
for layer, kinds in names.items():
    for i, kind in enumerate(kinds.split()):
        value = h["layers/%s/vars/%d" % (layer, i)][()]
        print("<Variable path=sequential/%s/%s, shape=%s, dtype=%s, value=%s>" % (layer, kind, value.shape, value.dtype, value))
        print("\\0")`;
    const expected = runPython(code, [join(sharedFixtures, "keras3.15.1_seq_cnn_mnist.keras")]).split("\n\0\n").filter((t) => t.trim() !== "");
    const kinds = ["kernel", "bias"];
    const printed = file.layers
      .filter((layer) => layer.weights.length > 0)
      .flatMap((layer) => layer.weights.map((weight, i) => String(variable(`sequential/${layer.name}/${kinds[i]}`, weight.tensor, file.kerasVersion))));
    expect(printed).toEqual(expected);
  });
});
