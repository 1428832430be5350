// keras.models.load_model and its weights-only counterpart: a Keras file read into the object model.
import { KerasFileError } from "../errors.js";
import { readKerasFile } from "../read.js";
import { buildKerasModel, KerasWeights, type KerasModel } from "./model.js";

/** `keras.models.load_model(path)`: a legacy .h5 full model or a .keras archive, found by signature. */
export function loadModel(path: string): KerasModel {
  const file = readKerasFile(path);
  if (file.format === "hdf5-weights" || file.format === "keras3-weights") {
    throw new KerasFileError("No model found in config file: this is a weights-only file (save_weights); keras.load_weights_file(path) reads its layers and weights", {
      file: path,
      place: "root",
    });
  }
  return buildKerasModel(file);
}

/** `keras.load_weights_file(path)`: the layers and weights of any Keras file, without classes or config. */
export function loadWeightsFile(path: string): KerasWeights {
  return new KerasWeights(readKerasFile(path));
}
