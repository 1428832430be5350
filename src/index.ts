// The library's front door: everything a script can use, the same things the CLI uses.
export * from "./errors.js";
export * from "./python/values.js";
export * from "./tensor/index.js";
export * from "./archive/index.js";
export { PICKLE_APPEND, PICKLE_CALL, PICKLE_NEW, PICKLE_SETITEM, PICKLE_SETSTATE, PyDefaultDict, dis, genops, unpickle, unpickleAt, type UnpickleOptions } from "./pickle/index.js";
export * from "./torch/index.js";
export { openModelFile, sniffFile, type FileKind, type ModelFile } from "./open.js";
export { formatInspectTable, inspectFile, inspectJson, type InspectReport, type InspectRow } from "./cli/inspect.js";
export * from "./python/index.js";
export { createRepl, openBindings, variableNameFor, type Binding, type ReplHandle, type ReplOptions } from "../repl/index.js";
