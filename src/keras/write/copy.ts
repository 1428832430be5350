// A Keras file's HDF5 tree as the writer takes it: every group, attribute and dataset of the source, with the model's current weights.
import type { H5DatasetSpec, H5GroupSpec } from "../../hdf5/index.js";
import { DTYPES, type NDArray } from "../../tensor/index.js";
import { Group, H5_TYPES, type Dataset } from "../hdf5.js";

/** The weights that changed since loading, by dataset path without the leading slash. */
export type Replacements = ReadonlyMap<string, NDArray>;

/**
 * `group` and everything below it, named `name` in the new file. Attributes keep their exact HDF5 types;
 * datasets in `replacements` take the new values, the others are copied from the source block by block
 * while the file is written (the source must stay open until then).
 */
export function copyGroup(group: Group, replacements: Replacements, name = ""): H5GroupSpec {
  return {
    kind: "group",
    name,
    attributes: group.attrNames().map((attr) => group.attrSpec(attr)),
    children: group.keys().map((key) => {
      const member = group.get(key);
      if (member instanceof Group) return copyGroup(member, replacements, key);
      if (member) return copyDataset(member, key, replacements.get(member.name.slice(1)));
      throw group.error(`member ${key} is neither a group nor a dataset (a link to another file?), so it cannot be copied`);
    }),
  };
}

function copyDataset(dataset: Dataset, name: string, replacement: NDArray | undefined): H5DatasetSpec {
  const kind = dataset.kind;
  const type = kind.kind === "numeric" ? H5_TYPES[kind.dtype] : undefined;
  if (kind.kind !== "numeric" || !type) {
    throw dataset.error(`holds ${kind.kind === "numeric" ? kind.dtype : kind.kind === "string" ? "strings" : kind.what}; only numeric datasets are copied`);
  }
  const shape = dataset.shape;
  const byteLength = shape.reduce((a, b) => a * b, 1) * DTYPES[kind.dtype].itemsize;
  const attributes = dataset.attrNames().map((attr) => dataset.attrSpec(attr));
  const common = { kind: "dataset", name, type, shape: shape.length === 0 ? null : shape, attributes } as const;
  if (!replacement) return { ...common, data: { byteLength, chunks: () => dataset.readBlocks(kind.dtype) } };
  const same = replacement.shape.length === shape.length && replacement.shape.every((size, d) => size === shape[d]);
  if (!same) throw dataset.error(`the new value has shape (${replacement.shape.join(", ")}), the file's dataset (${shape.join(", ")})`);
  const value = replacement.dtypeName === kind.dtype ? replacement : replacement.astype(kind.dtype);
  return { ...common, data: { byteLength, chunks: () => [value.toBytesLE()] } };
}

/** The variables whose values were replaced since loading (set_weights), by the dataset they came from. */
export function changedWeights(variables: Iterable<{ readonly storedAt: string | undefined; readonly value: NDArray }>, original: ReadonlyMap<string, NDArray>): Map<string, NDArray> {
  const changed = new Map<string, NDArray>();
  for (const variable of variables) {
    if (variable.storedAt !== undefined && original.get(variable.storedAt) !== variable.value) changed.set(variable.storedAt, variable.value);
  }
  return changed;
}
