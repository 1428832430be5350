// The Python exceptions torch's tensor methods raise, as TensorErrors the prompt prints under Python's names.
import { TensorError } from "../errors.js";

/** What torch raises as `RuntimeError` (a cast it refuses, a bound out of range); printed as `RuntimeError: ...`. */
export class TensorRuntimeError extends TensorError {
  static readonly pythonName = "RuntimeError";
}

/** An argument of the wrong type, refused by torch's argument parser; printed as `TypeError: ...`. */
export class TensorTypeError extends TensorError {
  static readonly pythonName = "TypeError";
}
