// A Keras model made in memory from a model_config and weight arrays, as if read from a file of that Keras version.
import type { NDArray } from "../../tensor/index.js";
import type { KerasFile } from "../read.js";
import { buildKerasModel, type KerasModel } from "../model/model.js";

export interface NewKerasModel {
  /** The model_config object (`{class_name: "Sequential", config: {...}}`) in the dialect of `kerasVersion`. */
  readonly modelConfig: unknown;
  /** The version whose class paths, names and file style the model takes (`2.7.0`). */
  readonly kerasVersion: string;
  readonly backend?: string;
  /** Weight-bearing layers (and any other layer Keras lists in layer_names), with weights named as that version names them (`conv2d/kernel:0`). */
  readonly layers: ReadonlyArray<{ readonly name: string; readonly weights: ReadonlyArray<{ readonly name: string; readonly value: NDArray }> }>;
}

/** The model; `save()` writes it as a fresh .h5 in the style of `kerasVersion`. */
export function newKerasModel(init: NewKerasModel): KerasModel {
  const layers = init.layers.map((layer) => ({
    name: layer.name,
    weights: layer.weights.map((weight) => ({ name: weight.name, path: `model_weights/${layer.name}/${weight.name}`, tensor: weight.value })),
  }));
  const file: KerasFile = {
    path: "<memory>",
    format: "hdf5-model",
    kerasVersion: init.kerasVersion,
    backend: init.backend ?? "tensorflow",
    modelConfig: init.modelConfig,
    layers,
    tensors: layers.flatMap((layer) => layer.weights.map((weight) => ({ path: weight.path, tensor: weight.tensor }))),
  };
  return buildKerasModel(file);
}
