// Draws a ModelSummary as tf.keras 2.8-2.15 prints `model.summary()`: cells wrap onto more lines instead of being cut.
import { formatShape } from "./format.js";
import { grouped, readableSize } from "./sizes.js";
import type { ModelSummary } from "./shapes.js";
import type { SummaryOptions } from "./versions.js";

/** Line width and column ends (fractions of the width); Python's str() of each cell is what gets wrapped. */
const TABLES = {
  sequential: { width: 65, ends: [0.45, 0.85, 1], headers: ["Layer (type)", "Output Shape", "Param #"] },
  graph: { width: 98, ends: [0.3, 0.6, 0.7, 1], headers: ["Layer (type)", "Output Shape", "Param #", "Connected to"] },
} as const;

/**
 * One table row as Keras's print_row writes it: each column takes what fits (two spaces kept before the
 * next column, one more from 2.13 on), breaking early after `),` `},` `],` or `',`; the rest goes on the next line.
 */
function rowLines(fields: readonly string[], ends: readonly number[], offset: boolean): string[] {
  const left = [...fields];
  const lines: string[] = [];
  while (left.some((field) => field !== "")) {
    let line = "";
    left.forEach((field, col) => {
      const last = col === ends.length - 1;
      const space = last ? 0 : 2;
      let cutoff = ends[col]! - (ends[col - 1] ?? 0) - space - (offset && !last ? 1 : 0);
      const fits = field.slice(0, cutoff);
      const breaks = ["),", "},", "],", "',"].filter((mark) => fits.includes(mark)).map((mark) => fits.indexOf(mark) + mark.length);
      if (breaks.length > 0) cutoff = Math.min(...breaks);
      line += (col === 0 ? " " : "") + field.slice(0, cutoff) + " ".repeat(space);
      left[col] = field.slice(cutoff);
      line += " ".repeat(Math.max(0, ends[col]! - line.length));
    });
    lines.push(line);
  }
  return lines;
}

/** The text tf.keras 2.8+ prints; `sized` is 2.13-2.15's, whose totals carry byte sizes and no thousands separators. */
export function formatWrappedSummary(summary: ModelSummary, sized: boolean, options: SummaryOptions): string {
  const table = summary.sequentialLike ? TABLES.sequential : TABLES.graph;
  const [ends, blank] = [table.ends.map((f) => Math.floor(table.width * f)), " ".repeat(table.width)];
  const lines = [`Model: "${summary.name}"`, "_".repeat(table.width), ...rowLines(table.headers, ends, sized), "=".repeat(table.width)];
  for (const layer of summary.layers) {
    const cells = [`${layer.name} (${layer.className})`, formatShape(layer.outputShape), String(layer.params)];
    // Keras passes the list of inputs itself, so its Python repr is what shows: `['dense[0][0]', 'input_2[0][0]']`.
    const connected = `[${layer.connectedTo.map((input) => `'${input}'`).join(", ")}]`;
    lines.push(...rowLines(summary.sequentialLike ? cells : [...cells, connected], ends, sized), blank);
  }
  const [perParam, trainable] = [options.bytesPerParam ?? 4, summary.trainableParams];
  const count = (label: string, n: number) => (sized ? `${label}: ${n} (${readableSize(n * perParam, "Byte")})` : `${label}: ${grouped(n)}`);
  lines.push("=".repeat(table.width), count("Total params", summary.totalParams), count("Trainable params", trainable));
  lines.push(count("Non-trainable params", summary.totalParams - trainable), "_".repeat(table.width));
  return lines.map((line) => `${line}\n`).join("");
}
