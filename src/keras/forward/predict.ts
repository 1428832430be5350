// model.predict(x) and model(x): arrays in, the graph run in inference mode, float32 arrays out.
import { NDArray, StridedView } from "../../tensor/index.js";
import type { Config } from "./arrays.js";
import { fromNDArray, layerError, toNDArray } from "./arrays.js";
import { runGraph } from "./graph.js";
import { parseKerasVersion } from "../model/class-paths.js";
import { KerasValueError } from "../model/errors.js";
import type { KerasModel } from "../model/model.js";
import type { ForwardEra } from "./kind.js";

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
 * Standalone Keras 2.0-2.3 and tf.keras up to 2.2.4-tf resized with TensorFlow 1's tf.image.resize_bilinear
 * (corner-aligned grid); tf.keras from 2.3.0-tf (TensorFlow 2.2) on and Keras 3 use tf.image.resize, with
 * half-pixel centres. TensorFlow 2.0 and 2.1 also wrote 2.2.4-tf, so their files get the older grid.
 */
function forwardEra(model: KerasModel): ForwardEra {
  const version = parseKerasVersion(model.file.kerasVersion, "2.0");
  const tensorflow1 = version.major < 2 || (version.major === 2 && (version.tfSuffix ? version.minor <= 2 : version.minor <= 3));
  return { keras3: model.era.keras3, halfPixelResize: model.era.keras3 || !tensorflow1 };
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
    const outputs = runGraph(model.file.modelConfig as Config, (name) => byName.get(name) ?? [], inputs, forwardEra(model)).map(toNDArray);
    return outputs.length === 1 ? outputs[0]! : outputs;
  } catch (error) {
    // The layers name the place; the model knows the file.
    if (error instanceof KerasValueError && error.file === undefined) throw new KerasValueError(error.detail, { file: model.file.path, place: error.place });
    throw error;
  }
}
