// numpy's str() of an array and of a scalar: what print(array) shows, and what Keras 3.8+ puts in a variable's repr.
import type { NDArray } from "../ndarray.js";
import { scalarReader } from "../convert.js";
import { dragon4Positional, dragon4Scientific, FLOAT_FORMATS } from "./digits.js";
import { numpyFormatter } from "./format.js";
import { shownValues } from "./layout.js";
import { getNumpyPrintOptions } from "./options.js";

/**
 * numpy's str() of an array (print(a), and Keras 3.8+ variable reprs): repr's elements without
 * `array(`, joined by one space; a row wraps before an element that would reach the line width (75),
 * one cell being kept for a closing bracket.
 */
export function numpyStr(array: NDArray): string {
  const [options, flat] = [getNumpyPrintOptions(), array.copy()];
  const [shape, value] = [[...flat.shape], (i: number) => scalarReader(flat.dtypeName)(flat.storage.typed(), i)];
  if (shape.length === 0) return scalarStr(value(0), flat.dtypeName);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const [summarize, edge] = [flat.size > options.threshold, options.edgeitems];
  const shown = shownValues({ dtype: flat.dtypeName, shape, strides, offset: 0, storage: flat.storage }, summarize, edge, (size) => [edge, edge === 0 ? size : edge]);
  const { format } = numpyFormatter(flat.dtypeName, shown, false, options);
  const indexes = (size: number) => (summarize && size > 2 * edge ? [...Array(edge).keys(), null, ...Array.from({ length: edge }, (_, k) => size - edge + k)] : [...Array(size).keys()]);
  const draw = (dim: number, offset: number, hanging: string, width: number): string => {
    const inner = (i: number) => (dim === shape.length - 1 ? format(value(offset + i * strides[dim]!)) : draw(dim + 1, offset + i * strides[dim]!, `${hanging} `, width - 1));
    const parts = indexes(shape[dim]!).map((i) => (i === null ? "..." : inner(i)));
    if (dim < shape.length - 1) return `[${parts.map((part, k) => (k === 0 ? part : hanging + part)).join("\n".repeat(shape.length - dim - 1))}]`;
    let [text, line] = ["", hanging];
    parts.forEach((word, k) => {
      if (line.length > hanging.length && line.length + word.length > width - 1) [text, line] = [`${text}${line.trimEnd()}\n`, hanging];
      line += word + (k === parts.length - 1 ? "" : " ");
    });
    return `[${(text + line).slice(hanging.length)}]`;
  };
  return shape.includes(0) ? "[]" : draw(0, 0, " ", options.linewidth);
}

/** numpy's str of a scalar: floats positional from 1e-4 up to 1e16 (one zero kept after the point), scientific outside. */
function scalarStr(x: unknown, dtype: string): string {
  if (typeof x !== "number" || !(dtype in FLOAT_FORMATS)) return x === true ? "True" : x === false ? "False" : String(x);
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const [format, options, a] = [FLOAT_FORMATS[dtype as keyof typeof FLOAT_FORMATS], { unique: true, trim: "." as const, plus: false }, Math.abs(x)];
  return a === 0 || (a >= 1e-4 && a < 1e16) ? dragon4Positional(x, format, options).replace(/\.$/, ".0") : dragon4Scientific(x, format, options).replace(".e", "e");
}
