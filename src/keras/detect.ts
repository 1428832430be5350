// Which zips are Keras archives: kept apart from the reader so callers can ask without loading h5wasm.
import type { ZipArchive } from "../archive/index.js";

/** The weights entry every `.keras` archive weightscope reads holds. */
export const WEIGHTS_ENTRY = "model.weights.h5";

/** True for a zip holding what Keras 3's loader needs: config.json and a weights file (`.h5` or `.npz`). */
export function isKerasArchive(zip: ZipArchive): boolean {
  return zip.has("config.json") && zip.names().some((name) => name.startsWith("model.weights."));
}
