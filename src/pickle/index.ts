// The pickle folder's public face: the unpickler, its hook protocol, the opcode table and the disassembler.
export { PICKLE_APPEND, PICKLE_CALL, PICKLE_NEW, PICKLE_SETITEM, PICKLE_SETSTATE } from "./hooks.js";
export { PyDefaultDict, defaultFindClass } from "./globals.js";
export { type OpcodeName, type OpcodeRow, highestProtocol, opcodeByCode, opcodeRows } from "./opcodes.js";
export { PickleFault, type UnpickleLimits, defaultLimits } from "./readers.js";
export { type UnpickleOptions, unpickle, unpickleAt } from "./unpickler.js";
export { type PickleOp, dis, genops, opcodeTableMarkdown } from "./dis.js";
export { type PickleEncoder, type PickleOptions, PickleWriter, pickle } from "./pickler.js";
