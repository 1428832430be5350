// model.save and save_weights: the source file re-emitted with the current weights, or a fresh file in the writing version's style.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZipArchive } from "../../archive/index.js";
import { writeZip, type ZipWriteEntry } from "../../archive/zip-write.js";
import { writeHdf5, type H5GroupSpec } from "../../hdf5/index.js";
import type { NDArray } from "../../tensor/index.js";
import { WEIGHTS_ENTRY } from "../detect.js";
import { KerasFileError } from "../errors.js";
import { withHdf5File, type File } from "../hdf5.js";
import type { KerasFile } from "../read.js";
import { pythonJsonDumps } from "../model/config.js";
import type { KerasVariable } from "../model/variable.js";
import { changedWeights, copyGroup, type Replacements } from "./copy.js";
import { freshTree, type FreshLayer } from "./fresh.js";
import { keras3ConfigJson, keras3WeightsTree } from "./keras3-archive.js";
import { styleOf } from "./styles.js";

/** What saving needs of a model or a weights file: where it came from, and its layers' variables. */
export interface Saveable {
  readonly file: KerasFile;
  readonly layers: ReadonlyArray<{ readonly name: string; readonly weights: readonly KerasVariable[] }>;
}

const legacyFormats = new Set(["hdf5-model", "hdf5-weights"]);

/**
 * `model.save(path)`: a `.keras` archive when the path says so, else a legacy HDF5 full model. A model
 * read from a file of that same format is written as a copy of it (optimizer state, training config
 * and attribute types included) with the current weights; otherwise the file is written fresh, in the
 * style of the Keras version the model was read from.
 */
export function saveModel(model: Saveable, path: string): void {
  if (/\.keras$/i.test(path)) return saveArchive(model, path);
  const { file } = model;
  if (file.format === "hdf5-model" && file.hdf5) return withSource(model, (root, changed) => writeHdf5(path, copyGroup(root, changed)));
  if (file.modelConfig === undefined) {
    throw new KerasFileError("a weights-only file holds no model config, so it can only be saved with save_weights", { file: path, place: "save" });
  }
  writeHdf5(path, freshTree({ ...versionsOf(file), modelConfig: pythonJsonDumps(file.modelConfig), layers: freshLayers(model) }, styleOf(file.kerasVersion), path));
}

/**
 * `save_weights(path)`: Keras 3 models write `.weights.h5` (and, like Keras 3, refuse other names);
 * earlier ones the legacy layout, where the root holds what a full model keeps in `model_weights`.
 */
export function saveWeights(model: Saveable, path: string): void {
  const { file } = model;
  if (!legacyFormats.has(file.format)) {
    if (!path.endsWith(".weights.h5")) throw new KerasFileError("Keras 3 weights files must end in `.weights.h5`", { file: path, place: "save_weights" });
    return withSource(model, (root, changed) => writeHdf5(path, copyGroup(root, changed)));
  }
  if (file.hdf5) {
    return withSource(model, (root, changed) => writeHdf5(path, copyGroup(file.format === "hdf5-model" ? root.group("model_weights", "the file is a full model") : root, changed)));
  }
  writeHdf5(path, freshTree({ ...versionsOf(file), modelConfig: undefined, layers: freshLayers(model) }, styleOf(file.kerasVersion), path));
}

/** Writes the model fresh whatever it was read from (tests compare this against the real file it came from). */
export function freshModelTree(model: Saveable, path: string, options: { trainingConfig?: string } = {}): H5GroupSpec {
  const { file } = model;
  const modelConfig = file.modelConfig === undefined ? undefined : pythonJsonDumps(file.modelConfig);
  return freshTree({ ...versionsOf(file), modelConfig, ...options, layers: freshLayers(model) }, styleOf(file.kerasVersion), path);
}

/**
 * A Keras 3 archive: metadata.json, config.json, then the weights. From a `.keras` source: its config.json
 * byte for byte and its weights file rebuilt with the current weights, other entries (assets/) carried
 * over. From anything else: the config in Keras 3's envelope and the weights in Keras 3's layout
 * (keras3-archive.ts), claiming the source's version when it is a Keras 3 one and 3.0.0 otherwise.
 */
function saveArchive(model: Saveable, path: string): void {
  const { file } = model;
  const fromArchive = file.format === "keras-archive" && file.hdf5 !== undefined;
  const config = fromArchive ? undefined : new TextEncoder().encode(keras3ConfigJson(file, path));
  const source = fromArchive ? ZipArchive.open(file.path) : undefined;
  const temporary = join(tmpdir(), `weightscope-${process.pid}-${Date.now()}.weights.h5`);
  try {
    if (fromArchive) withSource(model, (root, changed) => writeHdf5(temporary, copyGroup(root, changed)));
    else writeHdf5(temporary, keras3WeightsTree(file, model.layers, path));
    const version = fromArchive || /^3\./.test(file.kerasVersion ?? "") ? (file.kerasVersion ?? "3.0.0") : "3.0.0";
    const metadata = JSON.stringify({ keras_version: version, date_saved: kerasDate(new Date()) }).replace(/","/g, '", "').replace(/":"/g, '": "');
    const entries: ZipWriteEntry[] = [
      { name: "metadata.json", data: new TextEncoder().encode(metadata) },
      { name: "config.json", data: config ?? source!.read("config.json") },
      { name: WEIGHTS_ENTRY, data: readFileSync(temporary) },
      ...(source?.names() ?? []).filter((name) => !["metadata.json", "config.json", WEIGHTS_ENTRY].includes(name)).map((name) => ({ name, data: () => source!.read(name) })),
    ];
    writeZip(path, entries, { alignment: 1 });
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Opens the source file for as long as the writer copies from it, with the weights changed since loading. */
function withSource(model: Saveable, write: (root: File, changed: Replacements) => void): void {
  const original = new Map<string, NDArray>(model.file.layers.flatMap((layer) => layer.weights.map((weight) => [weight.path, weight.tensor] as const)));
  const changed = changedWeights(model.layers.flatMap((layer) => layer.weights), original);
  withHdf5File(model.file.hdf5!, (root) => write(root, changed));
}

/** Layers and weights for a fresh file: the stored names of a legacy file, Keras 3's variable paths otherwise. */
function freshLayers(model: Saveable): FreshLayer[] {
  const variables = model.layers.flatMap((layer) => layer.weights);
  if (legacyFormats.has(model.file.format)) {
    const current = new Map(variables.map((variable) => [variable.storedAt, variable.value]));
    return model.file.layers.map((layer) => ({ name: layer.name, weights: layer.weights.map((w) => ({ name: w.name, value: current.get(w.path) ?? w.tensor })) }));
  }
  return model.layers.map((layer) => ({ name: layer.name, weights: layer.weights.map((variable) => ({ name: variable.path, value: variable.value })) }));
}

function versionsOf(file: KerasFile): { kerasVersion: string | undefined; backend: string | undefined } {
  return { kerasVersion: file.kerasVersion, backend: file.backend };
}

/** Keras's `date_saved`: `2026-08-17@21:11:34`. */
function kerasDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", "@");
}
