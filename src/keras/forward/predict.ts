// model.predict(x) and model(x): arrays in, the graph run in inference mode, float32 arrays out.
import { NDArray, StridedView } from "../../tensor/index.js";
import type { Config } from "./arrays.js";
import { fromNDArray, layerError, toNDArray } from "./arrays.js";
import { runGraph } from "./graph.js";
import { KerasValueError } from "../model/errors.js";
import type { KerasModel } from "../model/model.js";

/** Keras's predict options; the batch size and verbosity change nothing in the result. */
export interface PredictOptions {
  readonly verbose?: unknown;
  readonly batch_size?: unknown;
}

function asArray(value: unknown, index: number): NDArray {
  if (value instanceof NDArray) return value;
  if (value instanceof StridedView) return NDArray.from(value);
  if (Array.isArray(value) || typeof value === "number") return NDArray.from(value as never);
  throw layerError(`input ${index}`, `expected a numpy array or a nested list of numbers, got ${value === null ? "None" : typeof value}`);
}

/**
 * The model's outputs for a batch (channels-last, as Keras): one array, or a list of arrays for a model
 * with several outputs. A model with several inputs takes a list of arrays.
 */
export function predict(model: KerasModel, x: unknown, _options: PredictOptions = {}): NDArray | NDArray[] {
  const several = Array.isArray(x) && x.length > 0 && x.every((item) => item instanceof StridedView);
  const inputs = (several ? (x as unknown[]) : [x]).map((item, i) => fromNDArray(asArray(item, i)));
  const byName = new Map(model.layers.map((layer) => [layer.name, layer.weights]));
  try {
    const outputs = runGraph(model.file.modelConfig as Config, (name) => byName.get(name) ?? [], inputs, model.era.keras3).map(toNDArray);
    return outputs.length === 1 ? outputs[0]! : outputs;
  } catch (error) {
    // The layers name the place; the model knows the file.
    if (error instanceof KerasValueError && error.file === undefined) throw new KerasValueError(error.detail, { file: model.file.path, place: error.place });
    throw error;
  }
}
