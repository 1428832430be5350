// Draws a ModelSummary as Keras 3 prints `model.summary()`: a rich table, then the counts with their sizes in bytes.
import { grouped, readableSize } from "./sizes.js";
import type { SummaryOptions } from "./versions.js";
import { renderRichTable, type RichColumn } from "./rich-table.js";
import type { ModelSummary, OutputShape, Shape } from "./shapes.js";

/** Default line length and column ends (fractions of the line) of each kind of table, per Keras 3 release. */
type Layout = { readonly length: number; readonly ends: readonly number[] };
const LAYOUTS: Record<"3.0" | "3.1", { sequential: Layout; graph: Layout }> = {
  "3.0": { sequential: { length: 84, ends: [0.45, 0.84, 1] }, graph: { length: 108, ends: [0.3, 0.56, 0.7, 1] } },
  // Keras 3.1 widened Param # so that counts up to 10 billion are not cut (the graph table takes it from Connected to).
  "3.1": { sequential: { length: 88, ends: [0.45, 0.8, 1] }, graph: { length: 108, ends: [0.3, 0.56, 0.74, 1] } },
};

/** Keras 3 writes a shape as its dims in parentheses (no trailing comma) and a layer's several outputs as a list. */
function shapeText(shape: OutputShape): string {
  if (shape === "?" || shape === "multiple") return shape;
  const one = (dims: Shape) => `(${dims.map((d) => (d === null ? "None" : String(d))).join(", ")})`;
  if (shape.length === 0 || !Array.isArray(shape[0])) return one(shape as Shape);
  const list = shape as Shape[];
  return list.length === 1 ? one(list[0]!) : `[${list.map(one).join(", ")}]`;
}

/** The text Keras 3 prints, with a newline after every line. */
export function formatKeras3Summary(summary: ModelSummary, release: "3.0" | "3.1", options: SummaryOptions): string {
  const layout = LAYOUTS[release][summary.sequentialLike ? "sequential" : "graph"];
  // Keras measures the terminal and keeps 4 columns spare; Python reports 80 columns where there is none.
  const length = Math.min(layout.length, (options.terminalColumns ?? 80) - 4);
  const header = (i: number) => ["Layer (type)", "Output Shape", "Param #", "Connected to"][i]!;
  const width = (end: number, i: number) => Math.floor(end * length) - Math.floor((layout.ends[i - 1] ?? 0) * length);
  const columns: RichColumn[] = layout.ends.map((end, i) => ({ header: header(i), width: width(end, i), justify: i === 2 ? "right" : "left" }));
  const rows = summary.layers.map((layer) => {
    const cells = [`${layer.name} (${layer.className})`, shapeText(layer.outputShape), grouped(layer.params)];
    return summary.sequentialLike ? cells : [...cells, layer.connectedTo.join(", ") || "-"];
  });
  const [perParam, trainable, optimizer] = [options.bytesPerParam ?? 4, summary.trainableParams, options.optimizer];
  const frozen = summary.totalParams - trainable;
  const count = (label: string, n: number, bytes: number) => ` ${label}: ${grouped(n)} (${readableSize(bytes, "B")})`;
  const lines = [`Model: "${summary.name}"`, ...renderRichTable(columns, rows, length)];
  lines.push(count("Total params", summary.totalParams + (optimizer?.params ?? 0), summary.totalParams * perParam + (optimizer?.bytes ?? 0)));
  lines.push(count("Trainable params", trainable, trainable * perParam), count("Non-trainable params", frozen, frozen * perParam));
  if (optimizer) lines.push(count("Optimizer params", optimizer.params, optimizer.bytes));
  return lines.map((line) => `${line}\n`).join("");
}
