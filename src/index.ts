// The library's front door: everything a script can use, the same things the CLI uses.
export * from "./errors.js";
export * from "./python/values.js";
export * from "./tensor/index.js";
export * from "./archive/index.js";
export { PICKLE_APPEND, PICKLE_CALL, PICKLE_NEW, PICKLE_SETITEM, PICKLE_SETSTATE, PyDefaultDict, dis, genops, unpickle, unpickleAt, type UnpickleOptions } from "./pickle/index.js";
export * from "./torch/index.js";
export { openModelFile, openModelFileAsync, prepareToOpen, sniffFile, type FileKind, type ModelFile } from "./open.js";
// The Keras reader itself loads on demand (h5wasm takes ~0.2 s to compile): openModelFileAsync or
// prepareToOpen bring it in; only its types and its error class are exported here.
export { KerasFileError } from "./keras/errors.js";
export { loadKerasReader } from "./keras/on-demand.js";
export type { KerasFile, KerasFormat, KerasLayerWeights, KerasWeight, KerasModel, KerasLayer, KerasVariable, KerasWeights } from "./keras/index.js";
export { formatInspectTable, inspectFile, inspectJson, type InspectReport, type InspectRow } from "./cli/inspect.js";
export * from "./python/index.js";
export { createRepl, openBindings, variableNameFor, type Binding, type ReplHandle, type ReplOptions } from "../repl/index.js";
export { TransferError, TransferReport, VerifyError, VerifyReport, conversionRules, transfer, verify, type LayerRule, type TransferOptions, type TransferRow, type VerifyOptions, type VerifyRow } from "./transfer/index.js";
