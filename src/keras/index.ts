// The Keras module's public face: reading every Keras file format into layers and lazy arrays, and writing them back.
import { registerFileActions } from "./model/file-actions.js";
import { loadWeightsInto } from "./model/load-weights.js";
import { saveModel as saveModelAction, saveWeights as saveWeightsAction } from "./write/save.js";

export { KerasFileError } from "./errors.js";
export { collectKerasTensors, describeKerasFile, readKerasFile, type KerasFile, type KerasFormat } from "./read.js";
export type { KerasLayerWeights, KerasWeight } from "./layouts.js";
export { isKerasArchive } from "./detect.js";
export { datasetReadCount } from "./tensors.js";
export { KerasLayer, KerasModel, KerasValueError, KerasVariable, KerasWeights, kerasEras, layerClassPath, loadModel, loadWeightsFile, type KerasEra } from "./model/index.js";
export { freshModelTree, newKerasModel, saveModel, saveWeights, styleOf, type KerasWriteStyle, type NewKerasModel, type Saveable } from "./write/index.js";

// The object model's save/save_weights/load_weights need HDF5: they are handed over now that it is loaded.
registerFileActions({ saveModel: saveModelAction, saveWeights: saveWeightsAction, loadWeightsInto });
