// The dtype objects users see: `torch.float32` on a tensor, `dtype('float32')` on an array, one object per dtype.
//
// Inside weightscope a dtype is its DType name (the row key of the dtype table); these objects are what
// `tensor.dtype` and `array.dtype` return, so they print and compare as torch's and numpy's do
// (`t.dtype === torch.float32`). Any API that takes a dtype accepts the name, either object, or an alias.
import { TensorError } from "../errors.js";
import { DTYPES, dtypeOfNumpy, dtypeOfTorchName, isDType, type DType } from "./dtypes.js";

/** A function giving one object per dtype, made on first request. */
function interned<T>(make: (name: DType) => T): (name: DType) => T {
  const made = new Map<DType, T>();
  return (name) => {
    let value = made.get(name);
    if (value === undefined) made.set(name, (value = make(name)));
    return value;
  };
}

/** torch.dtype: `torch.float32`. */
export class TorchDtype {
  static readonly pythonType = "torch.dtype";
  /** The one object for a dtype. */
  static readonly of = interned((name) => new TorchDtype(name));

  private constructor(readonly name: DType) {}

  get is_floating_point(): boolean {
    return DTYPES[this.name].kind === "float";
  }
  get is_signed(): boolean {
    return DTYPES[this.name].kind === "float" || DTYPES[this.name].kind === "int";
  }
  get is_complex(): boolean {
    return false;
  }
  toString(): string {
    return `torch.${this.name}`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** numpy.dtype: prints as `dtype('float32')`, its str() is `float32`. */
export class NumpyDtype {
  static readonly pythonType = "numpy.dtype";
  /** The one object for a dtype. */
  static readonly of = interned((name) => new NumpyDtype(name));

  private constructor(readonly dtypeName: DType) {}

  get name(): string {
    return DTYPES[this.dtypeName].numpyName;
  }
  get itemsize(): number {
    return DTYPES[this.dtypeName].itemsize;
  }
  /** numpy's one-letter kind: f, i, u or b. */
  get kind(): string {
    return { float: "f", int: "i", uint: "u", bool: "b" }[DTYPES[this.dtypeName].kind];
  }
  /** The array-interface type string, `<f4`. */
  get str(): string {
    return DTYPES[this.dtypeName].numpyTypestr;
  }
  toString(): string {
    return this.name;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `dtype('${this.name}')`;
  }
}

/** What an API taking a dtype may be given. */
export type DTypeLike = DType | TorchDtype | NumpyDtype | string;

/** The dtype name of anything naming a dtype: `"float32"`, `torch.float32`, `np.float32`, `"float"`, `"<f4"`. */
export function toDType(value: DTypeLike): DType {
  if (value instanceof TorchDtype) return value.name;
  if (value instanceof NumpyDtype) return value.dtypeName;
  if (isDType(value)) return value;
  const named = typeof value === "string" ? (dtypeOfTorchName(value) ?? dtypeOfNumpy(value)) : undefined;
  if (named === undefined) throw new TensorError(`${String(value)} is not a dtype weightscope knows (${Object.keys(DTYPES).join(", ")})`);
  return named;
}
