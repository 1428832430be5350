// The Keras object model: models, layers and variables over a read Keras file.
export { eraOf, kerasEras, layerClassPath, layerPlaces, parseKerasVersion, type KerasEra } from "./class-paths.js";
export { KerasValueError } from "./errors.js";
export { KerasLayer, WeightHolder } from "./layer.js";
export { loadModel, loadWeightsFile } from "./load.js";
export { buildKerasModel, KerasModel, KerasWeights } from "./model.js";
export { KerasVariable } from "./variable.js";
