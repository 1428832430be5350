// Loading a model checks every weight dataset against the shape its layer's config implies (the summary's weight table).
import { KerasFileError } from "../errors.js";
import type { KerasLayerWeights } from "../layouts.js";
import type { KerasFile } from "../read.js";
import type { ModelSummary, WeightSpec } from "../summary/index.js";
import { shapeText } from "./variable.js";

/** Keras 1 named weights by letter (`dense_1_W`, `lstm_1_U`); the Keras 2 name each letter became. */
const keras1Names: Readonly<Record<string, string>> = {
  b: "bias",
  U: "recurrent_kernel",
  running_mean: "moving_mean",
  running_std: "moving_variance",
};

/**
 * Throws a KerasFileError naming the dataset when a weight's shape disagrees with its layer's config.
 * Layers whose shapes the table cannot derive (unknown classes, wrappers, unknown inputs) are not checked,
 * and neither are weights it cannot name (Keras 1's per-gate `W_i`...).
 */
export function checkWeightShapes(file: KerasFile, summary: ModelSummary, stored: ReadonlyMap<string, KerasLayerWeights>): void {
  const prefix = file.format === "keras-archive" ? "model.weights.h5/" : "";
  for (const layer of summary.layers) {
    const expected = layer.expectedWeights;
    const weights = stored.get(layer.name)?.weights;
    if (!expected || !weights) continue;
    weights.forEach((weight, index) => {
      const want = expectedFor(weight.name, index, layer.name, expected);
      const got = weight.tensor.shape;
      if (!want || (want.shape.length === got.length && want.shape.every((size, d) => size === got[d]))) return;
      throw new KerasFileError(
        `layer ${layer.name} (${layer.className}) needs ${want.name} of shape ${shapeText(want.shape)} by its config and input, but the dataset has shape ${shapeText(got)}`,
        { file: file.path, place: `${prefix}${weight.path}` },
      );
    });
  }
}

/** The expected weight a dataset stands for: by index for Keras 3's `vars/<i>`, by name otherwise. */
function expectedFor(weightName: string, index: number, layerName: string, expected: readonly WeightSpec[]): WeightSpec | undefined {
  if (/(^|\/)vars\/\d+$/.test(weightName)) return expected[index];
  let name = weightName.slice(weightName.lastIndexOf("/") + 1).replace(/:\d+$/, "");
  if (name.startsWith(`${layerName}_`)) {
    // Keras 1: `<layer>_W` is the layer's main weight (a kernel, or an Embedding's embeddings).
    name = name.slice(layerName.length + 1);
    name = name === "W" ? expected[0]?.name ?? name : keras1Names[name] ?? name;
  }
  return expected.find((spec) => spec.name === name);
}

