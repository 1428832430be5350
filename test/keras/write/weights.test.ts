// load_weights and save_weights between models, and name lists split the way Keras splits them past the object-header limit.
import { join } from "node:path";
import { expect, it } from "vitest";
import { KerasValueError, loadModel, loadWeightsFile, saveWeights } from "../../../src/keras/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, projectRoot, runPython, sharedFixtures } from "../../support/oracle.js";

const out = ensureDir(join(generatedDir, "keras-write"));
const lenet5 = join(projectRoot, "examples/lenet5.h5");

describeWithSharedFixtures("load_weights", () => {
  it("puts back what save_weights wrote, layer by layer", () => {
    const model = loadModel(lenet5);
    const before = model.get_weights().map((a) => a.tolist());
    const target = join(out, "lenet5-weights.h5");
    model.save_weights(target);
    model.set_weights(model.get_weights().map((a) => NDArray.from(new Float32Array(a.size), { shape: [...a.shape] })));
    expect(model.get_weights()[0]!.tolist()).not.toEqual(before[0]);
    model.load_weights(target);
    expect(model.get_weights().map((a) => a.tolist())).toEqual(before);
  });

  it("refuses weights of another shape with Keras's message, and changes nothing", () => {
    const model = loadModel(join(sharedFixtures, "tfkeras2.7.0_seq_lenet5_avgpool.h5"));
    const before = model.get_weights().map((a) => a.tolist());
    expect(() => model.load_weights(lenet5)).toThrow(KerasValueError);
    expect(() => model.load_weights(lenet5)).toThrow(/^Shape mismatch in layer #2 \(named conv2d_6\) for weight conv2d_6\/kernel:0\. Weight expects shape \(5, 5, 16, 120\)|^Shape mismatch in layer #\d/);
    expect(model.get_weights().map((a) => a.tolist())).toEqual(before);
  });

  it("refuses a file with another number of layers", () => {
    const model = loadModel(lenet5);
    expect(() => model.load_weights(join(sharedFixtures, "keras2.3.1_func_dense_batchnorm.h5"))).toThrow(/^You are trying to load a weight file containing \d+ layers into a model with 5 layers\.$/);
  });
});

describeWithTorch("name lists past the object-header limit", () => {
  // Keras's rule, run in numpy: split the array with np.array_split into more chunks until each fits in 64512 bytes.
  const kerasChunks = (names: string[], asBytes: boolean) =>
    JSON.parse(
      runPython(
        `import json, sys, numpy as np
names = json.loads(sys.argv[1])
data = np.asarray([n.encode() for n in names] if sys.argv[2] == "1" else names)
chunks = 1
parts = np.array_split(data, chunks)
while any(p.nbytes > 64512 for p in parts):
    chunks += 1
    parts = np.array_split(data, chunks)
print(json.dumps([len(p) for p in parts]))`,
        [JSON.stringify(names), asBytes ? "1" : "0"],
      ),
    ) as number[];
  const stored = (file: string) =>
    JSON.parse(runPython(`import h5py, json, sys\nf = h5py.File(sys.argv[1], "r")\nprint(json.dumps({k: len(v) for k, v in f.attrs.items() if k.startswith("layer_names")}))`, [file])) as Record<string, number>;

  for (const [version, asBytes] of [["2.4.0", true], ["2.7.0", false]] as const) {
    it(`a Keras ${version} weights file of 3000 layers splits layer_names as Keras would`, () => {
      const names = Array.from({ length: 3000 }, (_, i) => `a_rather_long_layer_name_${i}`);
      // A weights file of that version made in memory: layers without weights, written fresh.
      const model = {
        file: { path: "<memory>", format: "hdf5-weights", kerasVersion: version, backend: "tensorflow", modelConfig: undefined, layers: names.map((name) => ({ name, weights: [] })), tensors: [] },
        layers: [],
      } as const;
      const target = join(out, `many-layers-${version}.h5`);
      saveWeights(model, target);
      const expected = kerasChunks(names, asBytes);
      const got = stored(target);
      expect(Object.keys(got).length).toBe(expected.length);
      expect(expected.map((_, i) => got[`layer_names${i}`])).toEqual(expected);
      expect(loadWeightsFile(target).layers.map((layer) => layer.name)).toEqual(names);
    });
  }
});
