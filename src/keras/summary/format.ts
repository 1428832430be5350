// Draws a ModelSummary as the Keras that wrote the file prints `model.summary()`; here the cut cells of Keras 1 to 2.7.
import { formatKeras3Summary } from "./keras3-format.js";
import { formatWrappedSummary } from "./keras2-wrap.js";
import { grouped } from "./sizes.js";
import type { ModelSummary, OutputShape, Shape } from "./shapes.js";
import { summaryLayout, type SummaryOptions } from "./versions.js";

/** Line width and column ends (fractions of the width) Keras uses for each kind of table. */
const TABLES = {
  sequential: { width: 65, ends: [0.45, 0.85, 1], headers: ["Layer (type)", "Output Shape", "Param #"] },
  graph: { width: 98, ends: [0.33, 0.55, 0.67, 1], headers: ["Layer (type)", "Output Shape", "Param #", "Connected to"] },
} as const;

/** A shape as Python prints the tuple: `(None, 28, 28, 6)`, `(None,)`; lists as `[(None, 16)]`. */
export function formatShape(shape: OutputShape): string {
  if (shape === "multiple" || shape === "?") return shape;
  if (shape.length > 0 && Array.isArray(shape[0])) return `[${(shape as Shape[]).map((s) => formatShape(s)).join(", ")}]`;
  const dims = (shape as Shape).map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** One table row: each field is cut to its column, and the last cell before the next column is forced blank. */
function row(fields: readonly string[], ends: readonly number[]): string {
  let line = "";
  fields.forEach((field, i) => {
    if (i > 0) line = `${line.slice(0, -1)} `;
    line = (line + field).slice(0, ends[i]);
    line += " ".repeat(ends[i]! - line.length);
  });
  return line;
}

/** The text `model.summary()` prints in the layout of the version in `options` (Keras 2.0-2.7's without one), a newline after every line. */
export function formatSummary(summary: ModelSummary, options: SummaryOptions = {}): string {
  const layout = summaryLayout(options.kerasVersion);
  if (layout === "keras3.0" || layout === "keras3.1") return formatKeras3Summary(summary, layout === "keras3.0" ? "3.0" : "3.1", options);
  if (layout !== "keras2-cut") return formatWrappedSummary(summary, layout === "keras2-wrap-sized", options);
  const table = summary.sequentialLike ? TABLES.sequential : TABLES.graph;
  const ends = table.ends.map((f) => Math.floor(table.width * f));
  const thin = "_".repeat(table.width);
  const thick = "=".repeat(table.width);
  const lines = [`Model: "${summary.name}"`, thin, row(table.headers, ends), thick];
  summary.layers.forEach((layer, index) => {
    const cells = [`${layer.name} (${layer.className})`, formatShape(layer.outputShape), String(layer.params)];
    if (summary.sequentialLike) lines.push(row(cells, ends));
    else {
      const [firstInput = "", ...more] = layer.connectedTo;
      lines.push(row([...cells, firstInput], ends), ...more.map((input) => row(["", "", "", input], ends)));
    }
    lines.push(index === summary.layers.length - 1 ? thick : thin);
  });
  lines.push(
    `Total params: ${grouped(summary.totalParams)}`,
    `Trainable params: ${grouped(summary.trainableParams)}`,
    `Non-trainable params: ${grouped(summary.totalParams - summary.trainableParams)}`,
    thin,
  );
  return lines.map((line) => `${line}\n`).join("");
}
