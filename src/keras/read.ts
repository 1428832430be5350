// Reads a Keras file of any generation into one neutral description: format, versions, config, layers and every tensor.
import { FileSource, ZipArchive } from "../archive/index.js";
import type { NDArray } from "../tensor/index.js";
import { archiveJson, archiveJsonEntry, extractWeights } from "./archive.js";
import { isKerasArchive, WEIGHTS_ENTRY } from "./detect.js";
import { KerasFileError } from "./errors.js";
import { withHdf5File, type File, type Hdf5Location } from "./hdf5.js";
import { arrayOf, keras3Layers, layoutOf, legacyLayers, stringAttr, weightsGroup, type KerasLayerWeights, type KerasLayout } from "./layouts.js";

export type KerasFormat = KerasLayout | "keras-archive";

export interface KerasFile {
  readonly path: string;
  readonly format: KerasFormat;
  /** As the file records it (`2.0.8`, `2.2.4-tf`, `3.8.0`); Keras 3 weights files record none. */
  readonly kerasVersion: string | undefined;
  readonly backend: string | undefined;
  /** The parsed `model_config` (or the archive's config.json); undefined for weights-only files. */
  readonly modelConfig: unknown;
  /** The config's JSON text as stored, for readers that must tell `1.0` from `1` (Python's json.loads does). */
  readonly modelConfigText?: string | undefined;
  readonly trainingConfig?: unknown;
  /** Layers in model order (`layer_names`), each with its weights in Keras order. */
  readonly layers: readonly KerasLayerWeights[];
  /** Every numeric dataset of the file, optimizer state included, named as the inspect contract names them. */
  readonly tensors: ReadonlyArray<{ readonly path: string; readonly tensor: NDArray }>;
  /** Where the HDF5 part is (a temporary copy for `.keras` archives); undefined for a model built in memory. */
  readonly hdf5?: Hdf5Location;
}

/** Opens an HDF5 Keras file or a `.keras` archive, found by signature; reads no tensor values. */
export function readKerasFile(path: string, opened?: { zip?: ZipArchive }): KerasFile {
  const zip = opened?.zip ?? (isZip(path) ? ZipArchive.open(path) : undefined);
  if (!zip) return readHdf5(path, { hostPath: path, file: path, placePrefix: "" });
  if (!isKerasArchive(zip)) {
    throw new KerasFileError(`a zip, but not a Keras archive: it needs config.json and ${WEIGHTS_ENTRY}`, { file: path, place: "zip directory" });
  }
  if (!zip.has(WEIGHTS_ENTRY)) {
    throw new KerasFileError(`this archive keeps its weights in ${zip.names().find((n) => n.startsWith("model.weights."))}; only ${WEIGHTS_ENTRY} is read`, {
      file: path,
      place: "zip directory",
    });
  }
  const metadata = archiveJson(zip, "metadata.json") as { keras_version?: unknown } | undefined;
  const weights = readHdf5(path, { hostPath: extractWeights(zip), file: path, placePrefix: `${WEIGHTS_ENTRY}/` });
  const config = archiveJsonEntry(zip, "config.json");
  return {
    ...weights,
    format: "keras-archive",
    kerasVersion: typeof metadata?.keras_version === "string" ? metadata.keras_version : undefined,
    modelConfig: config?.value,
    modelConfigText: config?.text,
    tensors: weights.tensors.map(({ path: p, tensor }) => ({ path: `${WEIGHTS_ENTRY}/${p}`, tensor })),
  };
}

/**
 * The inspect contract's tensor list. The contract was recorded through `np.ascontiguousarray`, which
 * turns a 0-d array into a 1-element one, so scalar datasets (optimizer `iterations`) are listed as [1].
 */
export function collectKerasTensors(file: KerasFile): ReadonlyArray<{ readonly path: string; readonly tensor: NDArray }> {
  // Layer weights first, in model order (layer_names, then weight_names); then the rest (optimizer state)
  // in the file's order. HDF5 itself lists groups alphabetically, which puts dense_3 before lstm_10.
  const rank = new Map<string, number>();
  for (const layer of file.layers) for (const weight of layer.weights) rank.set(weight.path, rank.size);
  const ordered = file.tensors
    .map((entry, index) => ({ entry, key: rank.get(entry.path) ?? rank.size + index }))
    .sort((a, b) => a.key - b.key)
    .map(({ entry }) => entry);
  return ordered.map(({ path, tensor }) => ({ path, tensor: tensor.ndim === 0 ? tensor.reshape(1) : tensor }));
}

/** One line for people: `Keras 2.0.8 HDF5 full model: Sequential, 8 layers`. */
export function describeKerasFile(file: KerasFile): string {
  const version = file.kerasVersion === undefined ? "Keras" : `Keras ${file.kerasVersion}`;
  const kind = {
    "hdf5-model": `${version} HDF5 full model`,
    "hdf5-weights": `${version} weights (save_weights)`,
    "keras3-weights": "Keras 3 weights (.weights.h5)",
    "keras-archive": `${version} .keras archive`,
  }[file.format];
  const className = (file.modelConfig as { class_name?: unknown } | undefined)?.class_name;
  const count = `${file.layers.length} layer${file.layers.length === 1 ? "" : "s"}`;
  return `${kind}: ${typeof className === "string" ? `${className}, ` : ""}${count}`;
}

function readHdf5(path: string, location: Hdf5Location): KerasFile {
  return withHdf5File(location, (root) => {
    const format = layoutOf(root);
    const tensors = [...root.datasets()]
      .filter((dataset) => dataset.kind.kind !== "string")
      .map((dataset) => ({ path: dataset.name.slice(1), tensor: arrayOf(location, dataset) }));
    if (format === "keras3-weights") {
      return { path, format, kerasVersion: undefined, backend: undefined, modelConfig: undefined, layers: keras3Layers(location, root), tensors, hdf5: location };
    }
    const group = weightsGroup(root, format);
    const text = (name: string): string | undefined => stringAttr(root, name) ?? stringAttr(group, name);
    const trainingConfig = jsonAttr(root, "training_config");
    const modelConfigText = stringAttr(root, "model_config");
    return {
      path,
      format,
      kerasVersion: text("keras_version"),
      backend: text("backend"),
      modelConfig: parseJsonAttr(root, "model_config", modelConfigText),
      modelConfigText,
      ...(trainingConfig === undefined ? {} : { trainingConfig }),
      layers: legacyLayers(location, group),
      tensors,
      hdf5: location,
    };
  });
}

function jsonAttr(root: File, name: string): unknown {
  return parseJsonAttr(root, name, stringAttr(root, name));
}

/** An attribute's JSON text, already read, parsed; undefined when the attribute is absent. */
function parseJsonAttr(root: File, name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw root.error(`attribute ${name} is not valid JSON (${(error as Error).message})`);
  }
}

function isZip(path: string): boolean {
  const head = FileSource.open(path).read(0, 2, "file start");
  return head[0] === 0x50 && head[1] === 0x4b;
}
