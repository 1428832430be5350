// The Keras domain's error class: a Keras or HDF5 file that cannot be read, named by file and HDF5 path.
import { WeightscopeError } from "../errors.js";

/** Keras file problems: HDF5 the library cannot read, groups or attributes a layout needs but lacks. */
export class KerasFileError extends WeightscopeError {}
