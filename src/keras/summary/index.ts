// Shape inference and `model.summary()` text for Keras model configs.
export { formatShape, formatSummary } from "./format.js";
export { LAYER_KINDS, type LayerKind, type Shape, type WeightSpec } from "./layers.js";
export { inferShapes, type LayerSummary, type ModelSummary, type OutputShape, type WeightShapes } from "./shapes.js";
export { summaryLayout, summaryOptionsOf, type SummaryLayout, type SummaryOptions } from "./versions.js";
