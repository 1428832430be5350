// The Python face's public names: what the prompt and scripts use to see values as Python shows them.
export { bindMethod, boundMethodInfo } from "./bound.js";
export { PyClass, pythonSorted, type Member, type MemberKind, type MemberSpec } from "./classes.js";
export { builtins, Signature } from "./builtins.js";
export { dir, getattr, getmembers, inspect, isinstance, len, PythonTypeError, type, zip } from "./face.js";
export { helpText } from "./help.js";
export { makeHelp, makePrint, np, promptTorch, pythonGlobals } from "./globals.js";
export { pyRepr, pyStr } from "./repr.js";
export { bytesRepr, floatRepr, strRepr } from "./scalars.js";
export { ndarrayClass, typeOf } from "./table.js";
export { classOfModule, moduleClass, parameterClass, tensorClass } from "./torch-types.js";
