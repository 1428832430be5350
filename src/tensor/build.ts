// Turning JavaScript data (nested arrays, typed arrays, other views) into a new storage, as torch.tensor and np.array do.
import { TensorError } from "../errors.js";
import { PyFloat } from "../python/values.js";
import { castElements, encoder, type HalfRounding } from "./convert.js";
import { DTYPES, type DType, type StorageArray } from "./dtypes.js";
import { contiguousStrides, numelOf } from "./layout.js";
import { Storage } from "./storage.js";

/** A leaf JavaScript can hand over: PyFloat marks a float whose value happens to be whole. */
export type DataLeaf = number | bigint | boolean | PyFloat;
export type NestedData = DataLeaf | readonly NestedData[];
export type AnyTypedArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

export interface BuildRules {
  /** The dtype of float data when none is asked for: float32 for torch, float64 for numpy. */
  defaultFloat: DType;
  halfRounding: HalfRounding;
}

/** A storage's worth of elements and the shape they were given in. */
export interface Built {
  storage: Storage;
  shape: number[];
  strides: number[];
}

/** Typed arrays whose elements are exactly one dtype's storage elements. */
const typedArrayDtypes: ReadonlyArray<readonly [Function, DType]> = [
  [Float32Array, "float32"], [Float64Array, "float64"], [Int8Array, "int8"], [Int16Array, "int16"],
  [Int32Array, "int32"], [BigInt64Array, "int64"], [Uint8Array, "uint8"],
];

export function buildStorage(data: NestedData | AnyTypedArray, sourceShape: number[] | undefined, dtype: DType | undefined, rules: BuildRules): Built {
  const typedDtype = typedArrayDtypes.find(([kind]) => data instanceof kind)?.[1];
  if (typedDtype && data instanceof DTYPES[typedDtype].storageArray) {
    const array = data as StorageArray;
    const shape = checkShape(sourceShape ?? [array.length], array.length);
    return finish(castCopy(typedDtype, array, dtype ?? typedDtype, rules), shape);
  }
  const nested: NestedData = ArrayBuffer.isView(data) ? Array.from(data as ArrayLike<number | bigint>) : (data as NestedData);
  const leaves: DataLeaf[] = [];
  const dataShape = nestedShape(nested, leaves);
  const shape = checkShape(sourceShape ?? dataShape, leaves.length);
  const target = dtype ?? inferDtype(leaves, rules.defaultFloat);
  const array = new DTYPES[target].storageArray(leaves.length) as { [i: number]: number | bigint };
  const write = encoder(target, rules.halfRounding);
  leaves.forEach((leaf, i) => (array[i] = write(checkedValue(leaf, target))));
  return finish(Storage.fromTypedArray(target, array as StorageArray), shape);
}

/** A copy of another view's elements (a Tensor or an NDArray), cast to `dtype` when given. */
export function buildFromView(source: { readonly dtypeName: DType; toBytesLE(): Uint8Array }, shape: number[], dtype: DType | undefined, rules: BuildRules): Built {
  const bytes = source.toBytesLE();
  const count = bytes.length / DTYPES[source.dtypeName].itemsize;
  checkShape(shape, count);
  if (dtype === undefined || dtype === source.dtypeName) {
    return finish(Storage.fromTypedArray(source.dtypeName, new DTYPES[source.dtypeName].storageArray(bytes.slice().buffer, 0, count)), shape);
  }
  // toBytesLE gives whole elements of an aligned array, so a typed view over it is safe.
  const elements = new DTYPES[source.dtypeName].storageArray(bytes.buffer, bytes.byteOffset, count);
  return finish(castCopy(source.dtypeName, elements, dtype, rules), shape);
}

/** A new storage of dtype `to` holding `array`'s elements, converted. */
function castCopy(from: DType, array: StorageArray, to: DType, rules: BuildRules): Storage {
  const all = Float64Array.from({ length: array.length }, (_, i) => i);
  return Storage.fromTypedArray(to, castElements(from, array, all, to, undefined, rules.halfRounding));
}

function finish(storage: Storage, shape: number[]): Built {
  return { storage, shape, strides: contiguousStrides(shape) };
}

function checkShape(shape: number[], count: number): number[] {
  if (numelOf(shape) !== count || shape.some((size) => !Number.isSafeInteger(size) || size < 0)) {
    throw new TensorError(`shape [${shape.join(", ")}] does not fit ${count} elements`);
  }
  return shape;
}

/** The shape of rectangular nested arrays, collecting the leaves in row-major order. */
function nestedShape(data: NestedData, leaves: DataLeaf[]): number[] {
  const shape: number[] = [];
  for (let level: NestedData = data; Array.isArray(level); level = (level as readonly NestedData[])[0]!) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const walk = (item: NestedData, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(item)) throw new TensorError(`data is ragged: ${path} is a list where a number was expected`);
      leaves.push(item as DataLeaf);
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[depth]) {
      throw new TensorError(`data is ragged: ${path} should be a list of ${shape[depth]} items`);
    }
    item.forEach((child, i) => walk(child, depth + 1, `${path}[${i}]`));
  };
  walk(data, 0, "data");
  return shape;
}

/** torch.tensor's and np.array's choice: any float makes floats, else any int makes int64, else bool. */
function inferDtype(leaves: readonly DataLeaf[], defaultFloat: DType): DType {
  let kind: "bool" | "int" | "float" | undefined;
  for (const leaf of leaves) {
    if (leaf instanceof PyFloat || (typeof leaf === "number" && !Number.isInteger(leaf))) return defaultFloat;
    if (typeof leaf === "boolean") kind ??= "bool";
    else if (typeof leaf === "number" || typeof leaf === "bigint") kind = "int";
    else throw new TensorError(`data holds ${describe(leaf)}, which is not a number, bigint or boolean`);
  }
  return kind === undefined ? defaultFloat : kind === "int" ? "int64" : "bool";
}

const intRange: Partial<Record<DType, readonly [bigint, bigint]>> = Object.fromEntries(
  (["int8", "int16", "int32", "int64", "uint8"] as const).map((name) => {
    const bits = BigInt(DTYPES[name].itemsize * 8);
    return [name, DTYPES[name].kind === "uint" ? [0n, 2n ** bits - 1n] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n]];
  }),
);

/** A leaf as the number or bigint the encoder takes, refusing whole numbers an int dtype cannot hold. */
function checkedValue(leaf: DataLeaf, target: DType): number | bigint {
  if (typeof leaf === "boolean") return leaf ? 1 : 0;
  if (leaf instanceof PyFloat) return leaf.valueOf();
  if (typeof leaf !== "number" && typeof leaf !== "bigint") throw new TensorError(`data holds ${describe(leaf)}, which is not a number, bigint or boolean`);
  const range = intRange[target];
  const whole = typeof leaf === "bigint" ? leaf : Number.isInteger(leaf) ? BigInt(leaf) : undefined;
  if (range && whole !== undefined && (whole < range[0] || whole > range[1])) {
    throw new TensorError(`value ${leaf} does not fit in ${target}`);
  }
  return leaf;
}

function describe(value: unknown): string {
  return value === null ? "null" : typeof value === "object" ? `a ${value.constructor?.name ?? "object"}` : `a ${typeof value}`;
}
