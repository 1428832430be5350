// The copy routine between torch modules and Keras models: transfer(), its report, its error and its rule table.
export { TransferError } from "./errors.js";
export { transfer, type TransferOptions } from "./transfer.js";
export { TransferReport, type TransferRow } from "./report.js";
export { conversionRules, type Converted, type LayerRule } from "./rules.js";
