// numpy's scalars as reductions hand them out: float32 and float16 keep their type so they print as numpy prints them.
import { PyFloat } from "../python/values.js";
import type { Scalar } from "../tensor/convert.js";
import type { DType } from "../tensor/dtypes.js";
import { dragon4Positional, dragon4Scientific, FLOAT_FORMATS } from "../tensor/print/digits.js";

/**
 * A numpy float32 or float16 scalar (`np.float32(0.1)`): a number in JavaScript, shown with the shortest
 * digits of its own type (`0.1`, not the double's `0.10000000149011612`).
 */
export class NumpyFloat extends PyFloat {
  constructor(value: number, readonly dtypeName: "float32" | "float16") {
    super(value);
  }

  /** numpy's repr: positional between 1e-4 and 1e16, else scientific; shortest digits that read back. */
  override toString(): string {
    const x = this.valueOf();
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
    const format = FLOAT_FORMATS[this.dtypeName];
    const magnitude = Math.abs(x);
    if (magnitude === 0 || (magnitude >= 1e-4 && magnitude < 1e16)) {
      const text = dragon4Positional(x, format, { unique: true, trim: ".", plus: false });
      return text.endsWith(".") ? text + "0" : text;
    }
    return dragon4Scientific(x, format, { unique: true, trim: ".", plus: false }).replace(".e", "e");
  }
}

/** The numpy scalar of one element: float64 as a Python float, float32/float16 as NumpyFloat, ints and bools as they are. */
export function numpyScalar(value: Scalar, dtype: DType): Scalar | PyFloat {
  if (dtype === "float64") return new PyFloat(value as number);
  if (dtype === "float32" || dtype === "float16") return new NumpyFloat(value as number, dtype);
  return value;
}
