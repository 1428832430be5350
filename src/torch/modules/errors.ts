// The Python exceptions building and calling modules raise, each printed at the prompt under Python's name.
//
// Messages are Python's own text without a file or a place: a constructor call has no file, and the text
// already names the function (`Linear.__init__() missing 1 required positional argument: 'out_features'`).
import { TorchFileError } from "../../errors.js";

/** A refused constructor call; the prompt prints it as Python's `TypeError: ...`. */
export class ModuleTypeError extends TorchFileError {
  static readonly pythonName = "TypeError";
}

/** A value torch's `__init__` checks and refuses; the prompt prints it as Python's `ValueError: ...`. */
export class ModuleValueError extends TorchFileError {
  static readonly pythonName = "ValueError";
}

/** A name torch's `add_module` refuses (taken, dotted, empty); printed as `KeyError: ...`. */
export class ModuleKeyError extends TorchFileError {
  static readonly pythonName = "KeyError";
}

/** A failed `assert` in torch's `__init__` (Embedding's padding_idx range); printed as `AssertionError: ...`. */
export class ModuleAssertionError extends TorchFileError {
  static readonly pythonName = "AssertionError";
}

/** A module whose class has no forward (a bare Module, a subclass that defines none); printed as `NotImplementedError: ...`. */
export class ModuleNotImplementedError extends TorchFileError {
  static readonly pythonName = "NotImplementedError";
}
