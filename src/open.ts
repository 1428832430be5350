// Opens any model file weightscope knows, recognised by its first bytes (never by its extension).
import { basename } from "node:path";
import { FileSource, ZipArchive } from "./archive/index.js";
import { WeightscopeError } from "./errors.js";
import { isKerasArchive } from "./keras/detect.js";
import { kerasReaderIfLoaded, loadKerasReader } from "./keras/on-demand.js";
import type { NDArray, Tensor } from "./tensor/index.js";
import { collectTensors, describeTorchFile, openTorchFile } from "./torch/index.js";

/** What every opened model file offers the CLI and the REPL. */
export interface ModelFile {
  readonly path: string;
  /** Which framework wrote it. */
  readonly framework: "pytorch" | "keras";
  /** One line: what kind of file this is and what it holds. */
  readonly description: string;
  /** The object the file holds, as Python would have it (a module, an OrderedDict, a dict...). */
  readonly value: unknown;
  /** Every tensor reachable from the value, named as the inspect contract names them. */
  readonly tensors: ReadonlyArray<{ readonly path: string; readonly tensor: Tensor | NDArray }>;
}

export type FileKind = "zip" | "torch-legacy" | "hdf5" | "unknown";

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Looks at the first bytes only. */
export function sniffFile(path: string): FileKind {
  return sniffSource(FileSource.open(path));
}

function sniffSource(source: FileSource): FileKind {
  const head = source.read(0, Math.min(16, source.size), "file start");
  if (head[0] === 0x50 && head[1] === 0x4b) return "zip";
  if (HDF5_SIGNATURE.every((byte, i) => head[i] === byte)) return "hdf5";
  // A legacy torch file starts with a pickle: PROTO 2 (0x80 0x02) or, at protocol 1, the text form of the magic number.
  if ((head[0] === 0x80 && head[2] === 0x8a) || (head[0] === 0x4c && head[1] === 0x31)) return "torch-legacy";
  return "unknown";
}


/**
 * Loads what the Keras files among `paths` need before `openModelFile` can read them synchronously;
 * quick when none is a Keras file. Files that cannot be read are left for `openModelFile` to report.
 */
export async function prepareToOpen(paths: readonly string[]): Promise<void> {
  // The Keras reader compiles h5wasm's WebAssembly (~200 ms), which only Keras files need.
  if (kerasReaderIfLoaded() || !paths.some(mayBeKeras)) return;
  await loadKerasReader();
}

/** `openModelFile` for any file, Keras included, with the Keras reader loaded on demand. */
export async function openModelFileAsync(path: string): Promise<ModelFile> {
  await prepareToOpen([path]);
  return openModelFile(path);
}

function mayBeKeras(path: string): boolean {
  try {
    const kind = sniffFile(path);
    return kind === "hdf5" || (kind === "zip" && isKerasArchive(ZipArchive.open(path)));
  } catch {
    return false;
  }
}

/** Opens a model file; Keras files need `await prepareToOpen([path])` first (or `openModelFileAsync`). */
export function openModelFile(path: string): ModelFile {
  // Opening reads many small records (headers, the pickle, version records), all through the one
  // descriptor the source keeps while reads come in a burst.
  const source = FileSource.open(path);
  const kind = sniffSource(source);
  const zip = kind === "zip" ? ZipArchive.fromSource(source) : undefined;
  if (kind === "hdf5" || (zip && isKerasArchive(zip))) {
    const keras = kerasReaderIfLoaded();
    if (!keras) {
      throw new WeightscopeError("a Keras file: its reader loads asynchronously, so `await prepareToOpen([path])` (or use openModelFileAsync) first", {
        file: path,
        place: kind === "hdf5" ? "byte 0" : "zip directory",
      });
    }
    const file = keras.readKerasFile(path, zip ? { zip } : {});
    return { path, framework: "keras", description: keras.describeKerasFile(file), value: file, tensors: keras.collectKerasTensors(file) };
  }
  if (kind === "unknown") {
    const name = basename(path);
    throw new WeightscopeError(`not a model file weightscope knows (${name} starts with neither a zip, an HDF5 nor a pickle signature)`, {
      file: path,
      place: "byte 0",
    });
  }
  const file = openTorchFile(path, {}, { source, ...(zip ? { zip } : {}) });
  return { path, framework: "pytorch", description: describeTorchFile(file), value: file.value, tensors: collectTensors(file.value) };
}
