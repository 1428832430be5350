// Writing Keras files: model.save, save_weights, and fresh files in a Keras generation's style.
export { freshModelTree, saveModel, saveWeights, type Saveable } from "./save.js";
export { styleOf, type KerasWriteStyle } from "./styles.js";
export { newKerasModel, type NewKerasModel } from "./new-model.js";
