// writeHdf5: validates a tree, lays it out, and writes it through a temporary file renamed at the end.
import { writeAll, writeFileAtomically } from "../file-write.js";
import { shapeText, typeName } from "./datatype.js";
import { Hdf5WriteError } from "./errors.js";
import { planFile, type PlannedDataset } from "./plan.js";
import { validateTree } from "./validate.js";
import type { H5GroupSpec } from "./types.js";

/**
 * Writes the tree to `path` in the layout h5py uses by default (superblock 0, symbol-table groups,
 * contiguous datasets): metadata first, then each dataset's bytes streamed from its `chunks()`.
 * The tree is checked whole before anything is written; the bytes go to `<path>.tmp-<pid>-<random>`
 * and replace `path` only once complete, so on any failure the temporary file is removed and an
 * existing `path` is untouched.
 */
export function writeHdf5(path: string, root: H5GroupSpec): void {
  validateTree(path, root);
  const plan = planFile(root);
  writeFileAtomically(
    path,
    (fd) => {
      writeAll(fd, plan.metadata, 0);
      for (const dataset of plan.datasets) streamData(fd, path, dataset);
    },
    (error) =>
      error instanceof Hdf5WriteError ? error : new Hdf5WriteError(`cannot write the file: ${error instanceof Error ? error.message : String(error)}`, { file: path }),
  );
}

/** Writes a dataset's chunks at its address, refusing a byte more or less than its shape needs. */
function streamData(fd: number, file: string, dataset: PlannedDataset): void {
  const { spec, path } = dataset;
  const needs = spec.data.byteLength;
  const wrong = (given: string) =>
    new Hdf5WriteError(`data gave ${given} bytes, shape ${shapeText(spec.shape)} ${typeName(spec.type)} needs ${needs}`, { file, place: path });
  let written = 0;
  try {
    for (const chunk of spec.data.chunks()) {
      if (!(chunk instanceof Uint8Array)) throw new Hdf5WriteError("data gave a chunk that is not a Uint8Array", { file, place: path });
      if (written + chunk.byteLength > needs) throw wrong(`more than ${needs}`);
      writeAll(fd, chunk, dataset.address + written);
      written += chunk.byteLength;
    }
  } catch (error) {
    if (error instanceof Hdf5WriteError) throw error;
    // The caller's chunk source failed, or the disk did: name the dataset whose bytes were being written.
    throw new Hdf5WriteError(`cannot write the data: ${error instanceof Error ? error.message : String(error)}`, { file, place: path });
  }
  if (written !== needs) throw wrong(String(written));
}
