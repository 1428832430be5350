// `.keras` archives: config.json and metadata.json from the zip, model.weights.h5 copied to a temporary file HDF5 can open.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ZipArchive } from "../archive/index.js";
import { KerasFileError } from "./errors.js";
import { WEIGHTS_ENTRY } from "./detect.js";
import { BLOCK_BYTES } from "./hdf5.js";


/** A JSON entry of the archive, parsed; undefined when the entry is absent. */
export function archiveJson(zip: ZipArchive, name: string): unknown {
  return archiveJsonEntry(zip, name)?.value;
}

/** A JSON entry's text and its parsed value, read once; undefined when the entry is absent. */
export function archiveJsonEntry(zip: ZipArchive, name: string): { text: string; value: unknown } | undefined {
  if (!zip.has(name)) return undefined;
  const text = new TextDecoder().decode(zip.read(name));
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new KerasFileError(`not valid JSON (${(error as Error).message})`, { file: zip.path, place: `entry ${JSON.stringify(name)}` });
  }
}

let tempFolder: string | undefined;
let copies = 0;

/**
 * Copies the weights entry to a file of its own and returns that file's path. HDF5 opens files by path
 * and h5wasm's Node build maps paths straight to the host file system, so an in-memory copy is not an
 * option; the copies live in one temporary folder, removed when the process exits.
 */
export function extractWeights(zip: ZipArchive): string {
  if (tempFolder === undefined) {
    tempFolder = mkdtempSync(join(tmpdir(), "weightscope-keras-"));
    const folder = tempFolder;
    process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  }
  const target = join(tempFolder, `${++copies}.weights.h5`);
  const entry = zip.entry(WEIGHTS_ENTRY)!;
  if (entry.method !== "stored") {
    writeFileSync(target, zip.read(entry));
    return target;
  }
  // Stored (as Keras writes it): copied in blocks, so a big archive never sits in memory whole.
  const fd = openSync(target, "w");
  try {
    for (let offset = 0; offset < entry.size; offset += BLOCK_BYTES) {
      writeSync(fd, zip.readRange(entry, offset, Math.min(BLOCK_BYTES, entry.size - offset)));
    }
  } finally {
    closeSync(fd);
  }
  return target;
}
