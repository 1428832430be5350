// What transfer() returns: one row per array (source weight, transform, target weight, shapes) and the warnings, printed as a table.
import { SummaryText } from "../keras/model/model.js";
import { shapeText } from "./arrays.js";
import type { Framework } from "./units.js";

export interface TransferRow {
  /** The layer pair the row belongs to, 1-based. */
  readonly pair: number;
  /** Source weight names joined by ` + ` (a summed bias), or `—` for an array made on the target side. */
  readonly source: string;
  readonly transform: string;
  /** Target weight name, or `—` for a source array the target has no place for. */
  readonly target: string;
  readonly sourceShape: readonly number[] | undefined;
  readonly targetShape: readonly number[] | undefined;
}

const frameworkName: Record<Framework, string> = { torch: "torch", keras: "Keras" };

function table(rows: readonly TransferRow[]): string[] {
  const cells = [
    ["#", "source weight", "transform", "target weight", "shapes"],
    ...rows.map((row) => [
      String(row.pair),
      row.source,
      row.transform,
      row.target,
      `${row.sourceShape ? shapeText(row.sourceShape) : "—"} → ${row.targetShape ? shapeText(row.targetShape) : "—"}`,
    ]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((line) => line[c]!.length)));
  return cells.map((line) => line.map((cell, c) => (c === line.length - 1 ? cell : cell.padEnd(widths[c]!))).join("  "));
}

/**
 * The report prints as its table at the prompt, as `model.summary()` does: it is a SummaryText whose text
 * is the table, and it keeps the rows and warnings for scripts.
 */
export class TransferReport extends SummaryText {
  constructor(
    readonly from: Framework,
    readonly to: Framework,
    readonly rows: readonly TransferRow[],
    readonly warnings: readonly string[],
    readonly dryRun: boolean,
  ) {
    const pairs = new Set(rows.map((row) => row.pair)).size;
    const written = rows.filter((row) => row.target !== "—").length;
    const head = `transfer ${frameworkName[from]} → ${frameworkName[to]}: ${pairs} layer pairs, ${written} arrays ${dryRun ? "would be written (dry run: nothing written)" : "written"}`;
    super([head, ...table(rows), ...warnings.map((warning) => `warning: ${warning}`)].join("\n"));
  }
}
