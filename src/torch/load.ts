// torch.load for every PyTorch file layout: picks the reader from the first bytes and returns what the file holds.
import { FileSource, ZipArchive } from "../archive/index.js";
import { TorchFileError } from "../errors.js";
import type { Storage } from "../tensor/index.js";
import { findTorchGlobal, type PickleWhere } from "./globals.js";
import { readLegacyFile } from "./legacy.js";
import { checkWeightsOnly } from "./weightsOnly.js";
import { readZipFile } from "./zip.js";

export interface LoadOptions {
  /**
   * Refuse every global torch's weights-only unpickler refuses (modules, user classes): such a file then
   * fails with the name of the global instead of being read. Default false: unknown classes are kept as
   * inert data either way, and nothing from a file is ever run.
   */
  weights_only?: boolean;
}

/** An opened PyTorch file: what it holds and how it was stored. */
export interface TorchFile {
  readonly path: string;
  readonly format: "zip" | "legacy" | "torchscript";
  /** The folder every zip entry sits in (zip and TorchScript files). */
  readonly archiveName?: string;
  /** The byte order of the storages in the file; they are always handed out little-endian. */
  readonly byteorder: "little" | "big";
  /** The `version` record of a zip file, or the protocol version (1001) of a legacy file. */
  readonly version?: number;
  /** The object `torch.load` (or, for TorchScript, `torch.jit.load`) returns. */
  readonly value: unknown;
  /** TorchScript only: the archive's constants table (`constants.pkl`). */
  readonly constants?: unknown;
  /** Every storage the file declares, each read from the file on first use. */
  readonly storages: Storage[];
}

/** The unpickler's findClass for torch files: the torch table, behind the weights-only policy if asked. */
export function torchFindClass(options: LoadOptions, where: PickleWhere): (module: string, name: string) => unknown {
  return (module, name) => {
    if (options.weights_only) checkWeightsOnly(module, name, where);
    return findTorchGlobal(module, name, where);
  };
}

/**
 * Opens a PyTorch file (zip checkpoint, TorchScript archive or pre-1.6 legacy file). Reads no tensor bytes.
 * A caller that has already opened the file (to tell its format) passes what it opened in `opened`.
 */
export function openTorchFile(path: string, options: LoadOptions = {}, opened: { source?: FileSource; zip?: ZipArchive } = {}): TorchFile {
  if (opened.zip) return readZipFile(path, opened.zip, options);
  const source = opened.source ?? FileSource.open(path);
  const head = source.read(0, Math.min(4, source.size), "file start");
  if (head[0] === 0x50 && head[1] === 0x4b) return readZipFile(path, ZipArchive.fromSource(source), options);
  if (head[0] === 0x80 || head[0] === 0x4c) return readLegacyFile(path, source, options);
  throw new TorchFileError("not a PyTorch file: it starts with neither a zip signature nor a pickle", { file: path, place: "byte 0" });
}

/** `torch.load(path)`: the object the file holds. */
export function load(path: string, options: LoadOptions = {}): unknown {
  return openTorchFile(path, options).value;
}
