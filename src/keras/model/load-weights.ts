// model.load_weights(path): another file's weights into this model's layers, paired in order among the layers that have weights.
import { NDArray } from "../../tensor/index.js";
import { readKerasFile } from "../read.js";
import { KerasValueError } from "./errors.js";
import type { KerasLayer } from "./layer.js";
import { shapeText } from "./variable.js";

/**
 * As Keras does for legacy and Keras 3 weights files alike when not matching by name: the layers with
 * weights, in order, take the file's layers with weights, in order. Counts and every shape are checked
 * before anything is assigned, so a refused file leaves the model as it was.
 */
export function loadWeightsInto(layers: readonly KerasLayer[], path: string): void {
  const stored = readKerasFile(path).layers.filter((layer) => layer.weights.length > 0);
  const targets = layers.filter((layer) => layer.weights.length > 0);
  if (stored.length !== targets.length) {
    throw new KerasValueError(`You are trying to load a weight file containing ${stored.length} layers into a model with ${targets.length} layers.`);
  }
  const pairs = targets.map((layer, i) => ({ layer, source: stored[i]! }));
  for (const [i, { layer, source }] of pairs.entries()) {
    if (source.weights.length !== layer.weights.length) {
      throw new KerasValueError(
        `Layer #${i} (named "${layer.name}" in the current model) was found to correspond to layer ${source.name} in the save file. However the new layer ${layer.name} expects ${layer.weights.length} weights, but the saved weights have ${source.weights.length} elements.`,
      );
    }
    layer.weights.forEach((variable, k) => {
      const saved = source.weights[k]!.tensor.shape;
      const want = variable.value.shape;
      if (saved.length !== want.length || saved.some((size, d) => size !== want[d])) {
        throw new KerasValueError(
          `Shape mismatch in layer #${i} (named ${layer.name}) for weight ${variable.name}. Weight expects shape ${shapeText(want)}. Received saved weight with shape ${shapeText(saved)}`,
        );
      }
    });
  }
  for (const { layer, source } of pairs) layer.set_weights(source.weights.map((weight) => NDArray.from(weight.tensor)));
}
