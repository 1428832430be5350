// The HDF5 writer's error class: a tree that cannot be written, named by output file and HDF5 path.
import { WeightscopeError } from "../errors.js";

/** A tree writeHdf5 refuses (bad names, sizes, values) or a write that failed; nothing is left behind. */
export class Hdf5WriteError extends WeightscopeError {}
