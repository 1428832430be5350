// The copy routine between torch modules and Keras models (transfer(), its report, its error and its rule table) and verify().
export { TransferError } from "./errors.js";
export { transfer, type TransferOptions } from "./transfer.js";
export { TransferReport, type TransferRow } from "./report.js";
export { conversionRules, type Converted, type LayerRule } from "./rules.js";
export { verify, VerifyError, VerifyReport, type VerifyOptions, type VerifyRow } from "./verify.js";
