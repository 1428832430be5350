// What a file tells a summary besides its config: the writing version, bytes per weight, and the optimizer state Keras 3 counts.
import type { KerasFile } from "../read.js";
import type { SummaryOptions } from "./versions.js";

/**
 * The optimizer variables Keras 3 has after loading this file: load_model compiles a `.keras` model that
 * has a compile_config and builds its optimizer, and a legacy `.h5` one that has a training_config and
 * optimizer_weights; the summary then counts them. Counted from the file's own optimizer datasets.
 */
function loadedOptimizer(file: KerasFile): SummaryOptions["optimizer"] {
  const config = file.modelConfig as { compile_config?: unknown } | undefined;
  const compiled = file.format === "keras-archive" ? Boolean(config?.compile_config) : file.trainingConfig !== undefined;
  const state = file.tensors.filter(({ path }) => /^(model\.weights\.h5\/)?optimizer(_weights)?\//.test(path));
  if (!compiled || state.length === 0) return undefined;
  return { params: state.reduce((n, { tensor }) => n + tensor.size, 0), bytes: state.reduce((n, { tensor }) => n + tensor.size * tensor.itemsize, 0) };
}

export function summaryOptionsOf(file: KerasFile, terminalColumns?: number): SummaryOptions {
  const first = file.layers.flatMap((layer) => layer.weights)[0];
  return {
    kerasVersion: file.kerasVersion,
    ...(first ? { bytesPerParam: first.tensor.itemsize } : {}),
    optimizer: loadedOptimizer(file),
    ...(terminalColumns === undefined ? {} : { terminalColumns }),
  };
}
