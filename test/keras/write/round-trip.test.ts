// Every real Keras file loaded and saved again in its own format: h5py finds every group, dataset and attribute (string types included) as in the original.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { writeHdf5 } from "../../../src/hdf5/index.js";
import { loadModel, loadWeightsFile, readKerasFile, type KerasModel } from "../../../src/keras/index.js";
import { freshModelTree, saveModel, saveWeights } from "../../../src/keras/write/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, runPython, sharedFixtures } from "../../support/oracle.js";

type Dump = Record<string, { kind: string; attrs: Record<string, { value: unknown }>; sha256?: string; dtype?: string; shape?: number[] }>;

const dumpScript = readFileSync(new URL("./h5dump.py", import.meta.url), "utf8");
const out = ensureDir(join(generatedDir, "keras-write"));

function dump(file: string, group?: string): Dump {
  return JSON.parse(runPython(dumpScript, group ? [file, group] : [file])) as Dump;
}

/** The fixture files of one format, found by the reader (by signature), not by extension. */
function fixtures(format: string): string[] {
  return readdirSync(sharedFixtures)
    .filter((name) => /\.(h5|keras)$/.test(name))
    .filter((name) => readKerasFile(join(sharedFixtures, name)).format === format);
}

function unzipEntry(archive: string, entry: string, target: string): string {
  runPython("import sys, zipfile; open(sys.argv[3], 'wb').write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))", [archive, entry, target]);
  return target;
}

describeWithSharedFixtures("Keras round trips on the real fixtures", () => {
  describeWithTorch("(h5py compares)", () => {
    it("has every kind of Keras file to round-trip", () => {
      expect(fixtures("hdf5-model").length).toBeGreaterThanOrEqual(6);
      expect(fixtures("hdf5-weights").length).toBeGreaterThanOrEqual(2);
      expect(fixtures("keras3-weights").length).toBeGreaterThanOrEqual(1);
      expect(fixtures("keras-archive").length).toBeGreaterThanOrEqual(1);
    });

    for (const name of fixtures("hdf5-model")) {
      it(`model.save keeps ${name} whole`, () => {
        const target = join(out, `saved-${name}`);
        saveModel(loadModel(join(sharedFixtures, name)), target);
        expect(dump(target)).toEqual(dump(join(sharedFixtures, name)));
      });

      it(`save_weights of ${name} is its model_weights group`, () => {
        const target = join(out, `weights-${name}`);
        saveWeights(loadModel(join(sharedFixtures, name)), target);
        expect(dump(target)).toEqual(dump(join(sharedFixtures, name), "model_weights"));
      });

      it(`a fresh file in the ${name} version's style has its attributes and weights`, () => {
        const source = join(sharedFixtures, name);
        const model = loadModel(source);
        const target = join(out, `fresh-${name}`);
        writeHdf5(target, freshModelTree(model, target));
        const original = dump(source);
        const fresh = dump(target);
        // The fresh file has no optimizer state or training config; model_config is compared as JSON below.
        const comparable = (d: Dump) =>
          Object.fromEntries(
            Object.entries(d)
              .filter(([path]) => !path.startsWith("optimizer_weights"))
              .map(([path, entry]) => [path, { ...entry, attrs: Object.fromEntries(Object.entries(entry.attrs).filter(([key]) => key !== "training_config" && key !== "model_config")) }]),
          );
        expect(comparable(fresh)).toEqual(comparable(original));
        const config = (d: Dump) => JSON.parse((d["/"]!.attrs.model_config!.value as string[])[0]!) as unknown;
        expect(config(fresh)).toEqual(config(original));
        expect({ ...fresh["/"]!.attrs.model_config, value: null }).toEqual({ ...original["/"]!.attrs.model_config, value: null });
      });
    }

    for (const name of fixtures("hdf5-weights")) {
      it(`save_weights keeps ${name} whole`, () => {
        const target = join(out, `saved-${name}`);
        saveWeights(loadWeightsFile(join(sharedFixtures, name)), target);
        expect(dump(target)).toEqual(dump(join(sharedFixtures, name)));
      });
    }

    for (const name of fixtures("keras3-weights")) {
      it(`save_weights keeps ${name} whole, and wants .weights.h5`, () => {
        const target = join(out, `saved-${name.replace(/\.weights\.h5$/, "")}.weights.h5`);
        const weights = loadWeightsFile(join(sharedFixtures, name));
        saveWeights(weights, target);
        expect(dump(target)).toEqual(dump(join(sharedFixtures, name)));
        expect(() => saveWeights(weights, join(out, "x.h5"))).toThrow(/must end in `\.weights\.h5`/);
      });
    }

    for (const name of fixtures("keras-archive")) {
      it(`model.save keeps ${name} whole`, () => {
        const source = join(sharedFixtures, name);
        const target = join(out, `saved-${name}`);
        saveModel(loadModel(source), target);
        const test = runPython("import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), z.namelist())", [target]);
        expect(test.trim()).toBe("None ['metadata.json', 'config.json', 'model.weights.h5']");
        const weights = (archive: string, tag: string) => dump(unzipEntry(archive, "model.weights.h5", join(out, `${tag}.weights.h5`)));
        expect(weights(target, "saved-archive")).toEqual(weights(source, "source-archive"));
        const entry = (archive: string, file: string) => runPython("import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())", [archive, file]);
        expect(entry(target, "config.json")).toBe(entry(source, "config.json"));
        expect(JSON.parse(entry(target, "metadata.json")).keras_version).toBe(JSON.parse(entry(source, "metadata.json")).keras_version);
        expect(readKerasFile(target).layers.map((l) => l.name)).toEqual(readKerasFile(source).layers.map((l) => l.name));
      });
    }
  });
});

describeWithSharedFixtures("saving after set_weights", () => {
  describeWithTorch("(h5py reads the new values)", () => {
    const name = "tfkeras2.7.0_seq_lenet5_avgpool.h5";
    let model: KerasModel;
    let target: string;

    beforeAll(() => {
      model = loadModel(join(sharedFixtures, name));
      target = join(out, "changed-lenet5.h5");
      rmSync(target, { force: true });
      const weights = model.get_weights().map((array, i) => (i === 0 ? NDArray.from(Float32Array.from({ length: array.size }, (_, k) => k / 7), { shape: [...array.shape] }) : array));
      model.set_weights(weights);
      saveModel(model, target);
    });

    it("writes the new kernel and keeps every other dataset and attribute", () => {
      const original = dump(join(sharedFixtures, name));
      const saved = dump(target);
      const kernel = model.layers[0]!.weights[0]!.storedAt!;
      expect(Object.keys(saved).sort()).toEqual(Object.keys(original).sort());
      for (const path of Object.keys(original)) {
        if (path === kernel) expect(saved[path]!.sha256).not.toBe(original[path]!.sha256);
        else expect(saved[path]).toEqual(original[path]);
      }
      const values = JSON.parse(runPython("import sys, h5py, json; print(json.dumps(h5py.File(sys.argv[1])[sys.argv[2]][()].ravel()[:5].tolist()))", [target, kernel])) as number[];
      expect(values).toEqual([0, 1, 2, 3, 4].map((k) => Math.fround(k / 7)));
    });

    it("reloads in weightscope with the new weights", () => {
      const again = loadModel(target);
      expect(again.get_weights()[0]!.tolist()).toEqual(model.get_weights()[0]!.tolist());
      expect(again.get_weights()[1]!.tolist()).toEqual(loadModel(join(sharedFixtures, name)).get_weights()[1]!.tolist());
    });
  });
});

describeWithSharedFixtures("a failed save", () => {
  it("leaves the existing file as it was", () => {
    const target = join(out, "keep-me.h5");
    writeFileSync(target, "precious");
    const weights = loadWeightsFile(join(sharedFixtures, "keras2.2.4_weights_lenet5.h5"));
    expect(() => saveModel(weights, target)).toThrow(/weights-only file .* save_weights/);
    expect(readFileSync(target, "utf8")).toBe("precious");
    expect(existsSync(target)).toBe(true);
  });
});
