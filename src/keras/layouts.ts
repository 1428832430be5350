// The Keras layouts inside an HDF5 file: which one a file is, and its layers with their weight datasets in Keras order.
import type { NDArray } from "../tensor/index.js";
import { type Dataset, Group, type AttrValue, type File, type Hdf5Location } from "./hdf5.js";
import { lazyArray } from "./tensors.js";

/** The layout a file follows (formats.md section 4). */
export type KerasLayout = "hdf5-model" | "hdf5-weights" | "keras3-weights";

export interface KerasWeight {
  /** The weight's name as Keras lists it (`conv2d/kernel:0`, `vars/0`). */
  readonly name: string;
  /** The dataset's HDF5 path, without the leading slash. */
  readonly path: string;
  readonly tensor: NDArray;
}

export interface KerasLayerWeights {
  readonly name: string;
  readonly weights: readonly KerasWeight[];
}

/** Which layout the root says this is: attributes first, then Keras 3's `layers` group. */
export function layoutOf(root: File): KerasLayout {
  const attrs = root.attrNames();
  if (attrs.includes("model_config")) return "hdf5-model";
  if (attrs.includes("layer_names") || attrs.includes("layer_names0")) return "hdf5-weights";
  if (root.get("layers") instanceof Group || root.get("_layer_checkpoint_dependencies") instanceof Group) return "keras3-weights";
  throw root.error("an HDF5 file, but not a Keras one: the root has no model_config or layer_names attribute and no layers group");
}

/** The group whose `layer_names` lists the layers: `model_weights` in a full model, the root in a weights file. */
export function weightsGroup(root: File, layout: KerasLayout): Group {
  return layout === "hdf5-model" ? root.group("model_weights", "the root's model_config says this is a full model") : root;
}

/** Legacy `.h5` layers in `layer_names` order, each with the datasets its `weight_names` lists. */
export function legacyLayers(location: Hdf5Location, group: Group): KerasLayerWeights[] {
  const layerNames = nameList(group, "layer_names");
  if (layerNames === undefined) throw group.error("the layer_names attribute is missing");
  return layerNames.map((layerName) => {
    const layer = group.group(layerName, `layer_names of ${group.place} lists ${layerName}`);
    const weights = (nameList(layer, "weight_names") ?? []).map((weightName) => {
      const dataset = layer.dataset(weightName, `weight_names of ${layer.place} lists ${weightName}`);
      return { name: weightName, path: dataset.name.slice(1), tensor: arrayOf(location, dataset) };
    });
    return { name: layerName, weights };
  });
}

/** Keras 3 `.weights.h5`: one layer per member of `layers/`, its variables depth first, `vars/<i>` in index order. */
export function keras3Layers(location: Hdf5Location, root: File): KerasLayerWeights[] {
  const layers = root.get("layers") instanceof Group ? root.group("layers", "") : root.group("_layer_checkpoint_dependencies", "");
  return layers.keys().map((name) => {
    const member = layers.get(name);
    const weights = member instanceof Group ? [...variablesIn(member)] : [];
    return {
      name,
      weights: weights.map((dataset) => ({ name: dataset.name.slice(member!.name.length + 1), path: dataset.name.slice(1), tensor: arrayOf(location, dataset) })),
    };
  });
}

function* variablesIn(group: Group): Generator<Dataset> {
  // `vars` members are named 0, 1, ... 10: stored order would put 10 before 2.
  const keys = group.keys().sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : 0));
  for (const key of keys) {
    const member = group.get(key);
    if (member instanceof Group) yield* variablesIn(member);
    else if (member && member.kind.kind === "numeric") yield member;
  }
}

/** A numeric dataset as a lazy array; anything else is an error naming the dataset. */
export function arrayOf(location: Hdf5Location, dataset: Dataset): NDArray {
  const kind = dataset.kind;
  if (kind.kind !== "numeric") throw dataset.error(`holds ${kind.kind === "string" ? "strings" : kind.what}, not numbers`);
  return lazyArray(location, dataset, kind.dtype);
}

/**
 * A list-of-names attribute (`layer_names`, `weight_names`), joined from `name0, name1, ...` when Keras
 * split it for the object-header size limit. Undefined when absent; an empty float64 array means none.
 */
export function nameList(node: Group, name: string): string[] | undefined {
  const whole = node.attr(name);
  const parts: AttrValue[] = whole === undefined ? [] : [whole];
  for (let i = 0; whole === undefined; i++) {
    const part = node.attr(`${name}${i}`);
    if (part === undefined) break;
    parts.push(part);
  }
  if (parts.length === 0) return undefined;
  return parts.flatMap((part) => {
    if (typeof part === "string") return [part];
    if (Array.isArray(part) && part.every((item) => typeof item === "string")) return part as string[];
    if (part !== null && typeof part === "object" && "length" in part && part.length === 0) return [];
    throw node.error(`attribute ${name} is not a list of names`);
  });
}

/** A string attribute (`keras_version`, `model_config`), or undefined when absent. */
export function stringAttr(node: Group, name: string): string | undefined {
  const value = node.attr(name);
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw node.error(`attribute ${name} is not a string`);
  return value;
}
