// save, save_weights and load_weights for models, registered when the Keras reader loads: they need HDF5, which the object model must not load by itself.
import type { Saveable } from "../write/save.js";
import { KerasValueError } from "./errors.js";
import type { KerasLayer } from "./layer.js";

export interface FileActions {
  saveModel(model: Saveable, path: string): void;
  saveWeights(model: Saveable, path: string): void;
  loadWeightsInto(layers: readonly KerasLayer[], path: string): void;
}

let actions: FileActions | undefined;

/**
 * Called by src/keras/index.ts. Importing weightscope must not compile h5wasm (about 0.2 s): the Python
 * face imports the model classes to recognise them, and only the on-demand reader brings HDF5 in.
 */
export function registerFileActions(registered: FileActions): void {
  actions = registered;
}

export function fileActions(): FileActions {
  if (!actions) throw new KerasValueError("saving and loading weights need the Keras reader: await loadKerasReader() first");
  return actions;
}
