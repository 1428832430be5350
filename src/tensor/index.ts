// The tensor module's public face: dtypes, storages, and the Tensor and NDArray views.
export { DTYPES, dtypeOfNumpy, dtypeOfTorchName, dtypeOfTorchStorage, isDType, type DType, type DTypeInfo, type StorageArray } from "./dtypes.js";
export { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from "./half.js";
export { Storage, type ByteSource, type StorageInit } from "./storage.js";
export type { Scalar } from "./convert.js";
export type { AnyTypedArray, DataLeaf, NestedData } from "./build.js";
export { StridedView, type ElementArray, type NestedList } from "./strided.js";
export { Tensor, TorchSize, type TensorFlags } from "./tensor.js";
export { NDArray } from "./ndarray.js";
export {
  getNumpyPrintOptions,
  getTorchPrintOptions,
  NUMPY_DEFAULTS,
  resetPrintOptions,
  setNumpyPrintOptions,
  setTorchPrintOptions,
  TORCH_DEFAULTS,
  type NumpyFloatMode,
  type NumpyPrintOptions,
  type TorchPrintOptions,
} from "./print/options.js";
export { numpyStr } from "./print/str.js";
export { NumpyDtype, TorchDtype, toDType, type DTypeLike } from "./dtype-objects.js";
