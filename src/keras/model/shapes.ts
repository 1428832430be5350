// Shapes from the shape inference as Keras returns them: tuples with None for open sizes, lists of tuples for several tensors.
import { PyTuple } from "../../python/values.js";
import type { OutputShape } from "../summary/index.js";
import { KerasAttributeError } from "./errors.js";

/** `(None, 28, 28, 6)` as a tuple, several shapes as a list of tuples; an unknown shape throws with `reason()`. */
export function pythonShape(shape: OutputShape, reason: () => string): unknown {
  if (typeof shape === "string") throw new KerasAttributeError(reason());
  if (shape.length > 0 && Array.isArray(shape[0])) return (shape as ReadonlyArray<readonly unknown[]>).map((one) => PyTuple.of_([...one]));
  return PyTuple.of_([...shape]);
}
