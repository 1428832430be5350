// Framework-neutral float kernels for forward passes: dense arrays with explicit shapes in, Float64Array results out.
export { dense, flattenShape, numel, unflattenShape, zeros, type Dense, type Dense64, type FloatArray } from "./array.js";
export { activate, elementActivations, legacySoftmaxDim, logSoftmax, prelu, softmax, type ActivationOptions } from "./activations.js";
export { bilinear, embedding, linear, matmul } from "./linear.js";
export { conv, convTranspose, type ConvOptions, type ConvTransposeOptions } from "./conv.js";
export { padSpatial, sidePads, windowCount, type Padding, type PaddingMode, type SidePads } from "./pad.js";
export { adaptivePool, avgPool, maxPool, type AvgPoolOptions, type MaxPoolOptions, type PoolOptions } from "./pool.js";
export { batchNorm, channelStatistics, groupNorm, layerNorm, type Affine } from "./norm.js";
export { recurrent, type RecurrentCellWeights, type RecurrentMode, type RecurrentOptions, type RecurrentResult } from "./recurrent.js";
export { erf } from "./special.js";
