// The `np` namespace: numpy's functions as weightscope offers them, to scripts and at the prompt.
//
// Keyword arguments come as a last options object, as the prompt writes them: `np.zeros([2, 3], {dtype: "float32"})`,
// `np.max(a, {axis: 1})`, `np.set_printoptions({precision: 4})`.
import { TensorError } from "../errors.js";
import { PyFloat, pyModule } from "../python/values.js";
import type { NestedData } from "../tensor/build.js";
import { toDType, type DTypeLike } from "../tensor/dtype-objects.js";
import { DTYPES, type DType } from "../tensor/dtypes.js";
import { contiguousStrides, numelOf } from "../tensor/layout.js";
import { Storage } from "../tensor/storage.js";
import { NDArray } from "../tensor/ndarray.js";
import { getNumpyPrintOptions, setNumpyPrintOptions, type NumpyPrintOptions } from "../tensor/print/options.js";
import { abs, allclose, asArray, binary, binaryOps, extreme, sum, type ArrayLike, type ArrayResult, type AxisArgument } from "./ops.js";
import { RandomState } from "./random.js";

/** A shape given as a number, a list or a tuple. */
type ShapeArgument = number | readonly number[];

function shapeOf(shape: ShapeArgument, where: string): number[] {
  const dims = typeof shape === "number" ? [shape] : [...shape];
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new TensorError(`${where}: a shape is non-negative whole numbers, got ${String(shape)}`, { place: `np.${where}` });
  return dims;
}

/** An array of `shape` with every element `value` (float64 unless a dtype is given). */
function filled(value: number, shape: ShapeArgument, options: { dtype?: DTypeLike }, where: string): NDArray {
  const dims = shapeOf(shape, where);
  return NDArray.from(new Float64Array(numelOf(dims)).fill(value), { shape: dims, dtype: options.dtype ?? "float64" });
}

/** The generator numpy's module-level functions share; seeded from the system until np.random.seed is called. */
const globalState = new RandomState();

/** Draws with `next`: one Python float when no size is given, else a float64 array of that shape. */
function draw(size: ShapeArgument | null | undefined, next: () => number, where: string): NDArray | PyFloat {
  if (size === undefined || size === null) return new PyFloat(next());
  const dims = shapeOf(size, where);
  const values = new Float64Array(numelOf(dims));
  for (let i = 0; i < values.length; i++) values[i] = next();
  return NDArray.view(Storage.fromTypedArray("float64", values), 0, dims, contiguousStrides(dims));
}

/** `np.random`: numpy's legacy generator, the same numbers as numpy for the same seed. */
export const random = pyModule("numpy.random", {
  seed: (seed?: number | bigint | readonly number[] | null) => globalState.seed(seed),
  random: (size?: ShapeArgument | null) => draw(size, () => globalState.random(), "random.random"),
  random_sample: (size?: ShapeArgument | null) => draw(size, () => globalState.random(), "random.random_sample"),
  rand: (...dims: number[]) => draw(dims.length > 0 ? dims : undefined, () => globalState.random(), "random.rand"),
  randn: (...dims: number[]) => draw(dims.length > 0 ? dims : undefined, () => globalState.gauss(), "random.randn"),
  standard_normal: (size?: ShapeArgument | null) => draw(size, () => globalState.gauss(), "random.standard_normal"),
  RandomState,
});

const numpyDtypes = Object.values(DTYPES).filter((info) => info.inNumpy).map((info) => info.name);

/** The numpy namespace. A dtype is its name (`np.float32` is "float32"), which every dtype argument takes. */
export const numpy = pyModule("numpy", {
  array: (data: NestedData | NDArray, options: { dtype?: DTypeLike } = {}) => NDArray.from(data, { dtype: options.dtype === undefined ? undefined : toDType(options.dtype) }),
  asarray: (data: ArrayLike, options: { dtype?: DTypeLike } = {}) => (options.dtype === undefined ? asArray(data) : asArray(data).astype(options.dtype)),
  zeros: (shape: ShapeArgument, options: { dtype?: DTypeLike } = {}) => filled(0, shape, options, "zeros"),
  ones: (shape: ShapeArgument, options: { dtype?: DTypeLike } = {}) => filled(1, shape, options, "ones"),
  add: (a: ArrayLike, b: ArrayLike): ArrayResult => binary(binaryOps.add, a, b),
  subtract: (a: ArrayLike, b: ArrayLike): ArrayResult => binary(binaryOps.sub, a, b),
  multiply: (a: ArrayLike, b: ArrayLike): ArrayResult => binary(binaryOps.mul, a, b),
  divide: (a: ArrayLike, b: ArrayLike): ArrayResult => binary(binaryOps.div, a, b),
  abs,
  absolute: abs,
  sum: (a: ArrayLike, axis?: AxisArgument) => sum(a, axis),
  mean: (a: ArrayLike, axis?: AxisArgument) => sum(a, axis, true),
  max: (a: ArrayLike, axis?: AxisArgument) => extreme("max", a, axis),
  min: (a: ArrayLike, axis?: AxisArgument) => extreme("min", a, axis),
  argmax: (a: ArrayLike, axis?: AxisArgument) => extreme("max", a, axis, true),
  argmin: (a: ArrayLike, axis?: AxisArgument) => extreme("min", a, axis, true),
  allclose,
  /** np.set_printoptions(precision) or np.set_printoptions({precision, threshold, ...}). */
  set_printoptions: (options: number | Partial<NumpyPrintOptions> = {}) => setNumpyPrintOptions(typeof options === "number" ? { precision: options } : options),
  get_printoptions: getNumpyPrintOptions,
  random,
  // numpy spells its bool type bool_ (np.bool is gone since numpy 1.24).
  ...(Object.fromEntries(numpyDtypes.map((name) => [name === "bool" ? "bool_" : name, name])) as Record<Exclude<DType, "bfloat16" | "bool"> | "bool_", DType>),
});
