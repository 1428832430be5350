// The bracket layout: nested rows with one space of indent per level, blank lines between blocks, wrapped rows and `...` summaries.
import { scalarReader } from "../convert.js";
import type { DType } from "../dtypes.js";
import type { Storage } from "../storage.js";
import type { PrintValue } from "./format.js";

/** What the printers read from a tensor or array: its dtype and its geometry over the storage's elements. */
export interface PrintSource {
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Strides in elements. */
  readonly strides: readonly number[];
  readonly offset: number;
  readonly storage: Storage;
}

/**
 * How many items a summarized dim keeps at its head and its tail. Both libraries take the tail with the
 * Python slice `[-edgeitems:]` in places, and `[-0:]` is the whole dim, so edgeitems=0 needs its own rule.
 */
export type EdgeCounts = (size: number, edgeitems: number, innermost: boolean) => readonly [head: number, tail: number];

/** Which indexes of a dim are shown: all, or the head and tail with a gap (null) between. */
function shownIndexes(size: number, summarize: boolean, edgeitems: number, edges: EdgeCounts, innermost: boolean): (number | null)[] {
  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  if (!summarize || size <= 2 * edgeitems) return range(0, size);
  const [head, tail] = edges(size, edgeitems, innermost);
  return [...range(0, head), null, ...range(size - tail, size)];
}

/** The element reader of a source: storage index to value. */
function readerOf(source: PrintSource): (index: number) => PrintValue {
  const read = scalarReader(source.dtype);
  const array = source.storage.typed();
  return (index) => read(array, index);
}

/** The values the formatter looks at, in order: the shown ones, as each library picks them. */
export function shownValues(source: PrintSource, summarize: boolean, edgeitems: number, edges: EdgeCounts): PrintValue[] {
  const read = readerOf(source);
  const values: PrintValue[] = [];
  const walk = (dim: number, offset: number): void => {
    if (dim === source.shape.length) {
      values.push(read(offset));
      return;
    }
    for (const i of shownIndexes(source.shape[dim]!, summarize, edgeitems, edges, dim === source.shape.length - 1)) {
      if (i !== null) walk(dim + 1, offset + i * source.strides[dim]!);
    }
  };
  walk(0, source.offset);
  return values;
}

/** Splits one row's words into lines, given the row's nesting depth. */
export type RowWrap = (words: readonly string[], depth: number) => string[][];

/** torch: a fixed number of elements per line, from the formatter's width and the indent. */
export function fixedCountWrap(linewidth: number, prefixLength: number, elementWidth: number): RowWrap {
  return (words, depth) => {
    const perLine = Math.max(1, Math.floor((linewidth - prefixLength - depth) / (elementWidth + 2)));
    const lines: string[][] = [];
    for (let i = 0; i < words.length; i += perLine) lines.push(words.slice(i, i + perLine));
    return lines;
  };
}

/**
 * numpy: words fill a line while it stays within the width, which shrinks by one per level for the
 * closing brackets and by one more for the separator or bracket after the word. A line holds at least one word.
 */
export function greedyWrap(linewidth: number, prefixLength: number): RowWrap {
  return (words, depth) => {
    const indent = prefixLength + 1 + depth;
    const limit = linewidth - depth - 1;
    const lines: string[][] = [];
    let line: string[] = [];
    let length = indent;
    for (const word of words) {
      if (line.length > 0 && length + word.length > limit) {
        lines.push(line);
        line = [];
        length = indent;
      }
      line.push(word);
      length += word.length + 2;
    }
    lines.push(line);
    return lines;
  };
}

export interface LayoutStyle {
  /** Characters before the outer bracket (`tensor(`, `array(`): continuation lines are indented past it. */
  prefixLength: number;
  summarize: boolean;
  edgeitems: number;
  edges: EdgeCounts;
  /** The word standing for the elements left out of a summarized row (torch " ...", numpy "..."). */
  rowGap: string;
  wrap: RowWrap;
}

/** The nested bracket text of `source`, each element printed by `format`. */
export function layout(source: PrintSource, format: (value: PrintValue) => string, style: LayoutStyle): string {
  const read = readerOf(source);
  const ndim = source.shape.length;
  const draw = (dim: number, offset: number): string => {
    if (dim === ndim) return format(read(offset));
    const indexes = shownIndexes(source.shape[dim]!, style.summarize, style.edgeitems, style.edges, dim === ndim - 1);
    const continuation = " ".repeat(style.prefixLength + dim + 1);
    if (dim === ndim - 1) {
      const words = indexes.map((i) => (i === null ? style.rowGap : draw(dim + 1, offset + i * source.strides[dim]!)));
      return "[" + style.wrap(words, dim).map((line) => line.join(", ")).join(",\n" + continuation) + "]";
    }
    const blocks = indexes.map((i) => (i === null ? "..." : draw(dim + 1, offset + i * source.strides[dim]!)));
    // One newline between rows of a matrix, two between matrices, three between blocks of those...
    return "[" + blocks.join("," + "\n".repeat(ndim - dim - 1) + continuation) + "]";
  };
  return draw(0, source.offset);
}
