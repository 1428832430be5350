// The Keras forward pass: running a model read from a file on numpy arrays, layer kinds by class name.
export { predict, type PredictOptions } from "./predict.js";
export { forwardKinds } from "./table.js";
export type { ForwardKind, LayerCall, LayerSpec } from "./kind.js";
