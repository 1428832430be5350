// Python's TypeError, for the Python face's own misuse errors (len() of a layer, a bad isinstance class...).
import { WeightscopeError } from "../errors.js";

/** A TypeError in Python's sense; the prompt prints it as `TypeError: ...`. */
export class PythonTypeError extends WeightscopeError {
  static readonly pythonName = "TypeError";
}
