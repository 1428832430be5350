// The HDF5 writer's public face: writeHdf5, the tree types it takes and its error class.
export { writeHdf5 } from "./write.js";
export { Hdf5WriteError } from "./errors.js";
export type { H5AttributeSpec, H5Charset, H5DatasetSpec, H5GroupSpec, H5StringPad, H5Type } from "./types.js";
