// A legacy Keras .h5 file written from scratch in one generation's style: config attributes, layer_names, one group per layer.
import type { H5AttributeSpec, H5DatasetSpec, H5GroupSpec, H5Type } from "../../hdf5/index.js";
import type { NDArray } from "../../tensor/index.js";
import { KerasFileError } from "../errors.js";
import { H5_TYPES } from "../hdf5.js";
import type { KerasWriteStyle } from "./styles.js";

export interface FreshLayer {
  readonly name: string;
  /** Weight names as Keras lists them (`conv2d/kernel:0`): a `/` in a name is a subgroup in the file. */
  readonly weights: ReadonlyArray<{ readonly name: string; readonly value: NDArray }>;
}

export interface FreshModel {
  readonly kerasVersion: string | undefined;
  readonly backend: string | undefined;
  /** The model_config JSON; undefined writes a weights-only file (save_weights). */
  readonly modelConfig: string | undefined;
  readonly trainingConfig?: string | undefined;
  readonly layers: readonly FreshLayer[];
}

/**
 * Keras splits an attribute whose numpy array is bigger than this into `name0`, `name1`... because an
 * HDF5 object header holds at most 64 KiB.
 */
const HEADER_LIMIT = 64512;

/** The whole file: a full model when `modelConfig` is given, else what save_weights writes. */
export function freshTree(model: FreshModel, style: KerasWriteStyle, file: string): H5GroupSpec {
  const versions = (type: H5Type | undefined): H5AttributeSpec[] =>
    type === undefined
      ? []
      : [
          ...(style.writesBackend ? [stringAttr("backend", model.backend ?? "tensorflow", type)] : []),
          stringAttr("keras_version", model.kerasVersion ?? "2.7.0", type),
        ];
  const weights = weightsContent(model.layers, style, file);
  if (model.modelConfig === undefined) {
    return { kind: "group", name: "", attributes: [...weights.attributes, ...versions(style.weightsGroupVersion)], children: weights.children };
  }
  const configs = [stringAttr("model_config", model.modelConfig, style.config)];
  if (model.trainingConfig !== undefined) configs.push(stringAttr("training_config", model.trainingConfig, style.config));
  return {
    kind: "group",
    name: "",
    attributes: [...versions(style.rootVersion), ...configs],
    children: [{ kind: "group", name: "model_weights", attributes: [...weights.attributes, ...versions(style.weightsGroupVersion)], children: weights.children }],
  };
}

function weightsContent(layers: readonly FreshLayer[], style: KerasWriteStyle, file: string): { attributes: H5AttributeSpec[]; children: H5GroupSpec[] } {
  const children = layers.map((layer) => {
    const group: MutableGroup = { kind: "group", name: layer.name, attributes: nameList("weight_names", layer.weights.map((w) => w.name), style), children: [] };
    for (const weight of layer.weights) place(group, weight.name.split("/"), weight.value, `${layer.name}/${weight.name}`, file);
    return group;
  });
  if (style.topLevelWeights) children.push({ kind: "group", name: "top_level_model_weights", attributes: nameList("weight_names", [], style), children: [] });
  return { attributes: nameList("layer_names", layers.map((layer) => layer.name), style), children };
}

type MutableGroup = H5GroupSpec & { children: (H5GroupSpec | H5DatasetSpec)[] };

function place(group: MutableGroup, parts: readonly string[], value: NDArray, path: string, file: string): void {
  const [head, ...rest] = parts;
  if (rest.length === 0) {
    const type = H5_TYPES[value.dtypeName];
    if (!type) throw new KerasFileError(`a ${value.dtypeName} weight has no HDF5 type; cast it to float32 first`, { file, place: path });
    // The bytes are made when the writer reaches this dataset, so only one weight is in memory at a time.
    const data = { byteLength: value.nbytes, chunks: () => [value.toBytesLE()] };
    group.children.push({ kind: "dataset", name: head!, type, shape: value.shape.length === 0 ? null : [...value.shape], attributes: [], data });
    return;
  }
  let child = group.children.find((member): member is MutableGroup => member.kind === "group" && member.name === head);
  if (!child) group.children.push((child = { kind: "group", name: head!, attributes: [], children: [] }));
  place(child, rest, value, path, file);
}

function stringAttr(name: string, value: string, type: H5Type): H5AttributeSpec {
  return { name, type, shape: null, value: [value] };
}

/**
 * `layer_names` or `weight_names` as Keras stores them: an empty list as an empty float64 array, names as
 * fixed-length byte strings as long as the longest (Keras 2) or variable-length ones, split in chunks
 * the way Keras splits them when the numpy array would pass the header limit.
 */
function nameList(name: string, names: readonly string[], style: KerasWriteStyle): H5AttributeSpec[] {
  if (names.length === 0) return [{ name, type: { class: "float", size: 8 }, shape: [0], value: new Uint8Array(0) }];
  const longest = Math.max(1, ...names.map((n) => Buffer.byteLength(n)));
  const type: H5Type = style.names === "fixed" ? { class: "string", length: longest, pad: "nullpad", cset: "ascii" } : { class: "vlen-string", pad: "nullterm", cset: "ascii" };
  // numpy holds bytes in 1 byte per character and str in 4 (UCS-4): that is what Keras measures.
  const itemBytes = style.names === "fixed" ? longest : 4 * Math.max(...names.map((n) => n.length));
  let chunks = 1;
  while (Math.ceil(names.length / chunks) * itemBytes > HEADER_LIMIT) chunks++;
  if (chunks === 1) return [{ name, type, shape: [names.length], value: names }];
  // numpy.array_split: the first (length % chunks) parts get one extra item.
  const base = Math.floor(names.length / chunks);
  const extra = names.length % chunks;
  const parts: H5AttributeSpec[] = [];
  for (let i = 0, start = 0; i < chunks; i++) {
    const size = base + (i < extra ? 1 : 0);
    parts.push({ name: `${name}${i}`, type, shape: [size], value: names.slice(start, start + size) });
    start += size;
  }
  return parts;
}
