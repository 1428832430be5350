// The types of transfer() and verify() results as Python names them, each printing as its table.
import { PyClass, type MemberSpec } from "./classes.js";
import { row, type TypeRow } from "./types.js";
import { TransferReport, VerifyReport } from "../transfer/index.js";

const property = (doc: string): MemberSpec => ({ kind: "property", doc });

const transferReportClass = new PyClass({
  module: "weightscope.transfer",
  qualname: "TransferReport",
  doc: "What transfer() copied: one row per array (source weight, transform, target weight, shapes), then any warnings.",
  members: {
    rows: property("The rows of the table: layer pair, source and target weights with their shapes, and the transform applied."),
    warnings: property("Differences the copy cannot carry, such as batch norm epsilons that differ between the two models."),
  },
});

const verifyReportClass = new PyClass({
  module: "weightscope.transfer",
  qualname: "VerifyReport",
  doc: "What verify() measured: for each input size, the largest absolute and relative difference between the two models' outputs.",
  members: {
    passed: property("True when at least one input size ran and every size that ran is within the tolerance."),
    rows: property("One row per input size tried: its shape, the differences, or why it could not run."),
    tolerance: property("The largest absolute difference allowed."),
  },
});

/** Before the Keras rows: a TransferReport is also a SummaryText (a text the prompt echoes as is). */
export const transferRows: readonly TypeRow<unknown>[] = [
  row<TransferReport>({ test: (v) => v instanceof TransferReport, cls: transferReportClass, repr: (v) => String(v), str: (v) => String(v) }),
  row<VerifyReport>({ test: (v) => v instanceof VerifyReport, cls: verifyReportClass, repr: (v) => String(v), str: (v) => String(v) }),
];
