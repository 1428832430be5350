// A Keras weight as Python sees it: a tf.Variable (Keras 1-2, tf.keras) or a Keras 3 Variable over a lazy NDArray.
import { NDArray, numpyStr } from "../../tensor/index.js";
import { PyTuple } from "../../python/values.js";

/** Python's spelling of a shape tuple: `(6,)`, `(5, 5, 1, 6)`, `()`. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
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
