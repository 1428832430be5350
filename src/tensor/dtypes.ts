// The dtype table: every element type weightscope knows, with its torch, numpy and JavaScript names.

/** The element types a tensor or array can hold. */
export type DType = "float32" | "float64" | "float16" | "bfloat16" | "int8" | "int16" | "int32" | "int64" | "uint8" | "bool";

/** The typed array that holds a storage's elements (half types keep their raw 16-bit patterns). */
export type StorageArray = Float32Array | Float64Array | Uint16Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;

type StorageArrayConstructor = {
  new (length: number): StorageArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): StorageArray;
  readonly BYTES_PER_ELEMENT: number;
};

export interface DTypeInfo {
  readonly name: DType;
  /** Bytes per element. */
  readonly itemsize: number;
  readonly kind: "float" | "int" | "uint" | "bool";
  /** The attribute of the torch module: `torch.float32`. */
  readonly torchName: string;
  /** Other attributes of the torch module naming the same dtype: `torch.float`. */
  readonly torchAliases: readonly string[];
  /** The legacy typed storage class a checkpoint names (`torch.FloatStorage`). */
  readonly torchStorage: string;
  /** numpy's name for the dtype; bfloat16 is not a numpy type, ml_dtypes' name is used. */
  readonly numpyName: string;
  /** numpy's array-interface type string, little-endian: `<f4`, `|b1`. */
  readonly numpyTypestr: string;
  /** False where numpy itself cannot hold the dtype (torch then refuses `.numpy()`). */
  readonly inNumpy: boolean;
  readonly storageArray: StorageArrayConstructor;
}

function row(name: DType, itemsize: number, kind: DTypeInfo["kind"], torchStorage: string, torchAliases: string[], numpyTypestr: string, storageArray: StorageArrayConstructor, inNumpy = true): DTypeInfo {
  return Object.freeze({ name, itemsize, kind, torchName: name, torchAliases: Object.freeze(torchAliases), torchStorage, numpyName: name, numpyTypestr, inNumpy, storageArray });
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = Object.freeze({
  float32: row("float32", 4, "float", "FloatStorage", ["float"], "<f4", Float32Array),
  float64: row("float64", 8, "float", "DoubleStorage", ["double"], "<f8", Float64Array),
  float16: row("float16", 2, "float", "HalfStorage", ["half"], "<f2", Uint16Array),
  bfloat16: row("bfloat16", 2, "float", "BFloat16Storage", [], "<V2", Uint16Array, false),
  int8: row("int8", 1, "int", "CharStorage", [], "|i1", Int8Array),
  int16: row("int16", 2, "int", "ShortStorage", ["short"], "<i2", Int16Array),
  int32: row("int32", 4, "int", "IntStorage", ["int"], "<i4", Int32Array),
  int64: row("int64", 8, "int", "LongStorage", ["long"], "<i8", BigInt64Array),
  uint8: row("uint8", 1, "uint", "ByteStorage", [], "|u1", Uint8Array),
  bool: row("bool", 1, "bool", "BoolStorage", [], "|b1", Uint8Array),
});

const allDtypes = Object.values(DTYPES);
const byStorage = new Map(allDtypes.map((info) => [info.torchStorage, info.name]));
const byTorchName = new Map(allDtypes.flatMap((info) => [info.torchName, ...info.torchAliases].map((name) => [name, info.name] as const)));

/** The dtype of a legacy storage class, with or without its module: `FloatStorage`, `torch.FloatStorage`. */
export function dtypeOfTorchStorage(className: string): DType | undefined {
  return byStorage.get(className.startsWith("torch.") ? className.slice(6) : className);
}

/** The dtype a torch attribute names, with or without `torch.`: `float32`, `torch.half`, `long`. */
export function dtypeOfTorchName(name: string): DType | undefined {
  return byTorchName.get(name.startsWith("torch.") ? name.slice(6) : name);
}

/** The dtype of a numpy name or little-endian type string: `float32`, `<f4`, `=f4`, `|b1`, `<u1`. */
export function dtypeOfNumpy(name: string): DType | undefined {
  const byName = allDtypes.find((info) => info.inNumpy && info.numpyName === name);
  if (byName) return byName.name;
  // `=` is the host's order, little-endian wherever Node runs; one-byte types have no order (`|`).
  const [order, code] = [name[0], name.slice(1)];
  const byCode = allDtypes.find((info) => info.inNumpy && info.numpyTypestr.slice(1) === code);
  if (!byCode || !(order === "<" || order === "=" || (order === "|" && byCode.itemsize === 1))) return undefined;
  return byCode.name;
}

export function isDType(name: unknown): name is DType {
  return typeof name === "string" && Object.hasOwn(DTYPES, name);
}
