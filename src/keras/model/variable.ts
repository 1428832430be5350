// A Keras weight as Python sees it: a tf.Variable (Keras 1-2, tf.keras) or a Keras 3 Variable over a lazy NDArray.
import { getNumpyPrintOptions, NDArray } from "../../tensor/index.js";
import { scalarReader } from "../../tensor/convert.js";
import { dragon4Positional, dragon4Scientific, FLOAT_FORMATS } from "../../tensor/print/digits.js";
import { numpyFormatter } from "../../tensor/print/format.js";
import { shownValues } from "../../tensor/print/layout.js";
import { PyTuple } from "../../python/values.js";

/** Python's spelling of a shape tuple: `(6,)`, `(5, 5, 1, 6)`, `()`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * numpy's str() of an array, which Keras 3.8+ puts in a variable's repr: repr's elements without
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

/** First Keras 3 release whose variables print as `<Variable path=..., value=...>` (keras-team/keras pull 20544, late 2024). */
const VALUE_REPR_FROM: readonly [number, number] = [3, 8];

export class KerasVariable {
  /** The class path `type()` shows: ResourceVariable or Keras 3's backend Variable. */
  readonly classPath: string;
  /** `conv2d/kernel:0` in TF 2 style; the bare `kernel` for Keras 3, whose `path` is `sequential/conv2d/kernel`. */
  readonly name: string;
  readonly path: string;
  readonly trainable: boolean;
  readonly keras3: boolean;
  /** The `keras_version` of the file, which decides how a Keras 3 variable prints. */
  readonly kerasVersion: string | undefined;
  /** The HDF5 path of the dataset the value was read from (without the leading slash), for saving. */
  readonly storedAt: string | undefined;
  private array: NDArray;

  constructor(init: { classPath: string; name: string; path: string; trainable: boolean; keras3: boolean; value: NDArray; storedAt?: string; kerasVersion?: string | undefined }) {
    this.classPath = init.classPath;
    this.name = init.name;
    this.path = init.path;
    this.trainable = init.trainable;
    this.keras3 = init.keras3;
    this.kerasVersion = init.kerasVersion;
    this.storedAt = init.storedAt;
    this.array = init.value;
  }

  get shape(): PyTuple<number> {
    return PyTuple.of_([...this.array.shape]) as PyTuple<number>;
  }

  /** The dtype's name (`float32`), as Keras 3 gives it; tf.Variable's `dtype.name` is the same text. */
  get dtype(): string {
    return this.array.dtypeName;
  }

  /** The value as a numpy array; the variable's own, so later set_weights calls do not change it. */
  numpy(): NDArray {
    return this.array.copy();
  }

  /** Replaces the value (shape already checked by the caller, as Keras checks before assigning). */
  assign(value: NDArray): void {
    this.array = value.copy();
  }

  /** The value without a copy, for counting and checking shapes. */
  get value(): NDArray {
    return this.array;
  }

  toString(): string {
    const [major, minor] = (/^(\d+)\.(\d+)/.exec(this.kerasVersion ?? "") ?? [0, 0, 0]).slice(1).map(Number) as [number, number];
    if (this.keras3 && (major > VALUE_REPR_FROM[0] || (major === VALUE_REPR_FROM[0] && minor >= VALUE_REPR_FROM[1]))) {
      return `<Variable path=${this.path}, shape=${shapeText(this.array.shape)}, dtype=${this.dtype}, value=${numpyStr(this.array)}>`;
    }
    if (this.keras3) return `<KerasVariable shape=${shapeText(this.array.shape)}, dtype=${this.dtype}, path=${this.path}>`;
    const numpy = String(this.array);
    return `<tf.Variable '${this.name}' shape=${shapeText(this.array.shape)} dtype=${this.dtype}, numpy=${numpy.includes("\n") ? "\n" : ""}${numpy}>`;
  }
}
