// Python's ValueError for Keras calls given the wrong thing (set_weights with a wrong count or shape, get_layer of an unknown name).
import { WeightscopeError } from "../../errors.js";

/** Keras raises ValueError here; the prompt prints it under that name, with Keras's own wording. */
export class KerasValueError extends WeightscopeError {
  static readonly pythonName = "ValueError";
}

/** Keras raises AttributeError for a shape it cannot give (a layer called on inputs of different shapes). */
export class KerasAttributeError extends WeightscopeError {
  static readonly pythonName = "AttributeError";
}
