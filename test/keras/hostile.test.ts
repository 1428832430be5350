// Keras-style HDF5 files written by h5py: edge cases read right, and each broken file gives its one-line error.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { KerasFileError, readKerasFile } from "../../src/keras/index.js";
import { openModelFileAsync } from "../../src/open.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

const dir = join(generatedDir, "keras");
const at = (name: string) => join(dir, name);

describeWithTorch("Keras HDF5 files made by h5py", () => {
  beforeAll(() => {
    ensureDir(dir);
    runPython(`import runpy, sys; sys.argv = ["make-files.py", ${JSON.stringify(dir)}]; runpy.run_path(${JSON.stringify(join(__dirname, "make-files.py"))})`);
  });

  for (const name of ["chunked_layer_names.h5", "vlen_layer_names.h5"]) {
    it(`${name}: layers in layer_names order, a weightless layer's empty float64 weight_names read as no weights`, () => {
      const file = readKerasFile(at(name));
      expect(file.format).toBe("hdf5-weights");
      expect(file.layers.map((layer) => [layer.name, layer.weights.map((w) => w.name)])).toEqual([
        ["dense_9", ["dense_9/kernel:0", "dense_9/bias:0"]],
        ["dropout_9", []],
        ["dense_10", ["dense_10/kernel:0", "dense_10/bias:0"]],
      ]);
      expect(file.layers[0]!.weights[1]!.tensor.tolist()).toEqual([0, 1]);
    });
  }

  const hostile: [string, string][] = [
    ["truncated.h5", "/: cannot open the file as HDF5: truncated file: eof = "],
    ["not_hdf5.h5", "byte 0: not a model file weightscope knows (not_hdf5.h5 starts with neither a zip, an HDF5 nor a pickle signature)"],
    ["not_keras.h5", "/: an HDF5 file, but not a Keras one: the root has no model_config or layer_names attribute and no layers group"],
    ["missing_layer_group.h5", "dense_11: group is missing, but layer_names of / lists dense_11"],
    ["missing_weight_dataset.h5", "dense_9/dense_9/bias:0: dataset is missing, but weight_names of dense_9 lists dense_9/bias:0"],
  ];
  for (const [name, message] of hostile) {
    it(`${name}: one line naming the file and the place`, async () => {
      const error = await openModelFileAsync(at(name)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const text = (error as Error).message;
      expect(text.startsWith(`${at(name)}: ${message}`)).toBe(true);
      expect(text).not.toContain("\n");
      if (name !== "not_hdf5.h5") expect(error).toBeInstanceOf(KerasFileError);
    });
  }
});
