// Lays out a table as the `rich` library draws Keras 3's summary: a heavy head, a rule between rows, fixed column widths.
//
// Only what Keras 3 asks of rich is modelled: every column has a fixed width, cells are padded by one space
// each side, text wraps at spaces and a word too long for its cell is cut with an ellipsis (rich's default
// "ellipsis" overflow), and a table wider than its width is narrowed column by column.

/** A column as Keras 3 declares it; `width` is without rich's padding. */
export type RichColumn = { readonly header: string; readonly width: number; readonly justify: "left" | "right" };

/** Python's round(): a half goes to the even neighbour. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  return x - floor > 0.5 || (x - floor === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
}

/** rich's ratio_reduce with equal ratios: takes `excess` cells away, shared over the columns from the left. */
function narrow(widths: readonly number[], excess: number): number[] {
  let remaining = excess;
  let shares = widths.length;
  return widths.map((width) => {
    const cut = Math.min(width, roundHalfEven(remaining / shares));
    remaining -= cut;
    shares -= 1;
    return width - cut;
  });
}

/** rich's ratio_distribute: a table given a width spreads `extra` cells over the columns in proportion to their widths. */
function widen(widths: readonly number[], extra: number): number[] {
  let remaining = extra;
  let ratio = widths.reduce((a, b) => a + b, 0);
  return widths.map((width) => {
    const share = Math.ceil((width * remaining) / ratio);
    ratio -= width;
    remaining -= share;
    return width + share;
  });
}

/** One cell's lines, each exactly `width` wide: rich's word wrap without folding, then justification. */
export function wrapCell(text: string, width: number, justify: "left" | "right"): string[] {
  const lines: string[] = [];
  let line = "";
  let position = 0;
  // A word carries its surrounding spaces (rich splits on /\s*\S+\s*/); a break goes before a word that does not fit.
  for (const match of text.matchAll(/\s*\S+\s*/g)) {
    const word = match[0];
    if (position + word.trimEnd().length > width && match.index! > 0) {
      lines.push(line);
      line = "";
      position = 0;
    }
    line += word;
    position += word.length;
  }
  lines.push(line);
  return lines.map((raw) => {
    // Trailing spaces past the edge are dropped; a line still too long loses its end to "…".
    const excess = Math.max(0, raw.length - width);
    const trailing = raw.length - raw.trimEnd().length;
    let cell = raw.slice(0, raw.length - Math.min(excess, trailing));
    if (justify === "right") cell = cell.trimEnd();
    if (cell.length > width) cell = `${cell.slice(0, width - 1)}…`;
    return justify === "right" ? cell.padStart(width) : cell.padEnd(width);
  });
}

/** The table's lines: rich's HEAVY_HEAD box with show_lines, its width `tableWidth` or less. */
export function renderRichTable(columns: readonly RichColumn[], rows: ReadonlyArray<readonly string[]>, tableWidth: number): string[] {
  const room = tableWidth - (columns.length + 1);
  const asked = columns.map((column) => Math.min(column.width + 2, room));
  const total = asked.reduce((a, b) => a + b, 0);
  const widths = total > room ? narrow(asked, total - room) : widen(asked, room - total);
  const rule = (left: string, fill: string, join: string, right: string) => left + widths.map((w) => fill.repeat(w)).join(join) + right;
  // Body cells sit at the top of their row, header cells at the bottom (rich's defaults).
  const body = (cells: readonly string[], edge: string, bottom = false): string[] => {
    const wrapped = columns.map((column, i) => wrapCell(cells[i] ?? "", widths[i]! - 2, column.justify));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    const line = (lines: string[], i: number, k: number) => lines[bottom ? k - height + lines.length : k] ?? " ".repeat(widths[i]! - 2);
    return Array.from({ length: height }, (_, k) => edge + wrapped.map((lines, i) => ` ${line(lines, i, k)} `).join(edge) + edge);
  };
  const head = body(columns.map((column) => column.header), "┃", true);
  const rest = rows.flatMap((cells, i) => [...(i > 0 ? [rule("├", "─", "┼", "┤")] : []), ...body(cells, "│")]);
  return [rule("┏", "━", "┳", "┓"), ...head, rule("┡", "━", "╇", "┩"), ...rest, rule("└", "─", "┴", "┘")];
}
