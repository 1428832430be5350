// HDF5 datasets as lazy numpy-style arrays: the bytes are read, in blocks, the first time they are asked for.
import { NDArray, Storage, type ByteSource, type DType } from "../tensor/index.js";
import { contiguousStrides } from "../tensor/layout.js";
import { withHdf5File, type Dataset, type Hdf5Location } from "./hdf5.js";

let datasetsRead = 0;

/** How many datasets have had their values read so far in this process (tests check laziness with it). */
export function datasetReadCount(): number {
  return datasetsRead;
}

/**
 * An array over `dataset` whose storage reopens the file on first use: nothing stays open between reads,
 * and opening or listing a file reads no values.
 */
export function lazyArray(location: Hdf5Location, dataset: Dataset, dtype: DType): NDArray {
  const shape = dataset.shape;
  const path = dataset.name;
  const source: ByteSource = {
    description: dataset.place,
    read() {
      datasetsRead++;
      return withHdf5File(location, (file) => {
        const again = file.get(path.slice(1));
        if (!again || !("readBytes" in again)) throw file.error(`dataset ${path} is gone from the file since it was opened`);
        return again.readBytes(dtype);
      });
    },
  };
  const numel = shape.reduce((a, b) => a * b, 1);
  const storage = new Storage({ dtype, numel, source, file: location.file, key: path });
  return NDArray.view(storage, 0, shape, contiguousStrides(shape));
}
