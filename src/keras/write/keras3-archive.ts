// A model read from a legacy .h5 laid out for a Keras 3 archive: its config in Keras 3's envelope, its weights in Keras 3's groups.
import type { H5AttributeSpec, H5DatasetSpec, H5GroupSpec } from "../../hdf5/index.js";
import type { NDArray } from "../../tensor/index.js";
import { PyDict } from "../../python/values.js";
import { KerasFileError } from "../errors.js";
import { H5_TYPES } from "../hdf5.js";
import { keras3GroupNamer, layerConfigs, pythonJsonDumps, pythonModelConfig } from "../model/config.js";
import type { KerasVariable } from "../model/variable.js";
import type { KerasFile } from "../read.js";

/**
 * Layer classes whose Keras 3 variables sit in the layer's own `vars` group, in the order the legacy
 * file lists them (kernel, bias; gamma, beta, moving_mean, moving_variance...). Keras 3 keeps a
 * recurrent layer's variables in its cell and a wrapper's in the wrapped layer, which are not laid out here.
 */
const OWN_VARIABLES = new Set([
  ...["Dense", "Embedding", "BatchNormalization", "LayerNormalization", "PReLU", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D"],
  ...[1, 2, 3].flatMap((rank) => [`Conv${rank}D`, `Conv${rank}DTranspose`]),
]);

/** What Keras 3 could not read back, checked before anything is written. */
function refuse(file: KerasFile, path: string): void {
  const why = (reason: string) => new KerasFileError(`a .keras archive cannot hold this model: ${reason}; save it as .h5`, { file: path, place: "save" });
  if (file.modelConfig === undefined) throw why(`it was read from a weights-only file, which has no config`);
  if (/^1\./.test(file.kerasVersion ?? "")) throw why(`its config is Keras ${file.kerasVersion}'s, which Keras 3 does not read`);
  const className = (file.modelConfig as { class_name?: unknown }).class_name;
  if (!["Sequential", "Model", "Functional"].includes(String(className))) throw why(`its class ${String(className)} is not a Sequential or functional model`);
}

/**
 * config.json: the file's own config in the envelope Keras 3 writes round a model (`module`,
 * `class_name`, `config`, `registered_name`). The layer entries stay as the legacy file has them:
 * Keras 3's Sequential.from_config and functional_from_config read an entry without `module` through
 * the same legacy path that loads an .h5 file's layers.
 */
export function keras3ConfigJson(file: KerasFile, path: string): string {
  refuse(file, path);
  const python = pythonModelConfig(file) as PyDict;
  const sequential = python.get("class_name") === "Sequential";
  const envelope: Array<[string, unknown]> = sequential
    ? [["module", "keras"], ["class_name", "Sequential"], ["config", python.get("config")], ["registered_name", null]]
    : [["module", "keras.src.models.functional"], ["class_name", "Functional"], ["config", python.get("config")], ["registered_name", "Functional"]];
  return pythonJsonDumps(new PyDict(envelope));
}

const nameAttr = (name: string): H5AttributeSpec => ({ name: "name", type: { class: "vlen-string", pad: "nullterm", cset: "utf8" }, shape: null, value: [name] });
const group = (name: string, attributes: H5AttributeSpec[], children: Array<H5GroupSpec | H5DatasetSpec>): H5GroupSpec => ({ kind: "group", name, attributes, children });

function dataset(name: string, value: NDArray, place: string, path: string): H5DatasetSpec {
  const type = H5_TYPES[value.dtypeName];
  if (!type) throw new KerasFileError(`a ${value.dtypeName} weight has no HDF5 type; cast it to float32 first`, { file: path, place });
  return { kind: "dataset", name, type, shape: value.shape.length === 0 ? null : [...value.shape], attributes: [], data: { byteLength: value.nbytes, chunks: () => [value.toBytesLE()] } };
}

/**
 * model.weights.h5 as Keras 3's saving_lib lays it out: `layers/<class in snake_case, numbered per
 * class>/vars/<i>` for each layer (a Sequential model's InputLayer is not among its layers), each
 * `vars` group carrying the layer's name, and the model's own empty `vars`. No optimizer state.
 */
export function keras3WeightsTree(file: KerasFile, layers: ReadonlyArray<{ readonly name: string; readonly weights: readonly KerasVariable[] }>, path: string): H5GroupSpec {
  refuse(file, path);
  const top = file.modelConfig as { class_name?: string; config?: { name?: string } };
  const sequential = top.class_name === "Sequential";
  const variables = new Map(layers.map((layer) => [layer.name, layer.weights]));
  const groupName = keras3GroupNamer();
  const children = layerConfigs(file.modelConfig)
    .filter((layer) => !(sequential && layer.class_name === "InputLayer"))
    .map(({ class_name: className, config }) => {
      const name = String(config.name);
      const weights = variables.get(name) ?? [];
      if (weights.length > 0 && !OWN_VARIABLES.has(className)) {
        throw new KerasFileError(`layer ${name} (${className}) keeps its Keras 3 variables in sublayers, which weightscope does not lay out; save it as .h5`, { file: path, place: "save" });
      }
      const vars = weights.map((variable, i) => dataset(String(i), variable.value, `${name}/${variable.name}`, path));
      return group(groupName(className), [], [group("vars", [nameAttr(name)], vars)]);
    });
  const modelName = (Array.isArray(top.config) ? undefined : top.config?.name) ?? (sequential ? "sequential" : "functional");
  return group("", [], [group("layers", [], children), group("vars", [nameAttr(modelName)], [])]);
}
