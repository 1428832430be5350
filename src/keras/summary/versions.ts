// Which `model.summary()` layout the Keras that wrote a file printed, and what else the file gives a summary.
import type { KerasFile } from "../read.js";

export type SummaryLayout = "keras2-cut" | "keras2-wrap" | "keras2-wrap-sized" | "keras3.0" | "keras3.1";

/** What a summary needs beyond the layer table: the writing version, byte sizes, the optimizer Keras 3 counts. */
export interface SummaryOptions {
  /** `keras_version` as the file records it (`2.2.4-tf`, `3.8.0`); without one, the Keras 2.0-2.7 layout. */
  readonly kerasVersion?: string | undefined;
  /** Bytes per weight value (4 for float32), for the sizes tf.keras 2.13+ and Keras 3 print. */
  readonly bytesPerParam?: number;
  /** The optimizer variables the file holds; Keras 3 reloads them and adds a line and their count to the total. */
  readonly optimizer?: { readonly params: number; readonly bytes: number } | undefined;
  /** The terminal width Keras 3 fits its table to; Python reports 80 where there is no terminal. */
  readonly terminalColumns?: number;
}

/** First release (major, minor) of each layout; `-tf` versions (tf.keras 2.1-2.3) and Keras 1 keep the first. */
const LAYOUT_STARTS: ReadonlyArray<readonly [number, number, SummaryLayout]> = [
  [3, 1, "keras3.1"],
  [3, 0, "keras3.0"],
  [2, 13, "keras2-wrap-sized"],
  [2, 8, "keras2-wrap"],
];

export function summaryLayout(kerasVersion: string | undefined): SummaryLayout {
  const match = /^(\d+)\.(\d+)/.exec(kerasVersion ?? "");
  if (!match || kerasVersion!.endsWith("-tf")) return "keras2-cut";
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return LAYOUT_STARTS.find(([m, n]) => major > m || (major === m && minor >= n))?.[2] ?? "keras2-cut";
}

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
