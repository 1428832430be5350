// HDF5 through h5wasm with h5py's names (File, Group, Dataset, attrs); the only file that imports h5wasm.
import h5wasm, { type Dataset as H5Dataset, type Group as H5Group } from "h5wasm/node";
import type { H5AttributeSpec, H5Type } from "../hdf5/index.js";
import { DTYPES, type DType } from "../tensor/index.js";
import { KerasFileError } from "./errors.js";

// Compiling the WebAssembly HDF5 library takes ~150 ms: paid once, when src/keras is first imported.
const h5 = await h5wasm.ready;
// Without this, HDF5 prints its error stack to stderr and h5wasm returns quietly; with it, calls throw.
h5.activate_throwing_error_handler();

/** The largest slice read at once: the WASM heap is capped at 2 GiB and never shrinks. */
export const BLOCK_BYTES = 64 * 1024 * 1024;

/** Where an HDF5 file is and how errors name it: `.keras` archives read a temporary copy of an entry. */
export interface Hdf5Location {
  /** The file HDF5 opens. */
  readonly hostPath: string;
  /** The file the user named. */
  readonly file: string;
  /** Put before HDF5 paths in error places (`model.weights.h5/` inside a `.keras` archive). */
  readonly placePrefix: string;
}

/** HDF5 data classes (H5T_class_t) weightscope tells apart. */
const H5T = { integer: 0, float: 1, string: 3, enum: 8 } as const;

/** The HDF5 type each dtype is written as, the way h5py writes numpy arrays (bfloat16 has none). */
export const H5_TYPES: Readonly<Partial<Record<DType, H5Type>>> = {
  float16: { class: "float", size: 2 },
  float32: { class: "float", size: 4 },
  float64: { class: "float", size: 8 },
  int8: { class: "int", size: 1, signed: true },
  int16: { class: "int", size: 2, signed: true },
  int32: { class: "int", size: 4, signed: true },
  int64: { class: "int", size: 8, signed: true },
  uint8: { class: "int", size: 1, signed: false },
  bool: { class: "bool" },
};

/** HDF5's string padding and character set codes (H5T_str_t, H5T_cset_t), by number. */
const STRING_PADS = ["nullterm", "nullpad", "spacepad"] as const;
const CHARSETS = ["ascii", "utf8"] as const;

/** An attribute's value as Keras wrote it: strings, lists of strings, numbers or numeric arrays. */
export type AttrValue = string | number | bigint | boolean | readonly unknown[] | ArrayLike<number> | null;

/** Runs `fn` with the file open, and always closes it. */
export function withHdf5File<T>(location: Hdf5Location, fn: (file: File) => T): T {
  const handle = call(location, "/", "cannot open the file as HDF5", () => new h5wasm.File(location.hostPath, "r"));
  try {
    return fn(new File(location, handle));
  } finally {
    handle.close();
  }
}

abstract class HasAttrs {
  constructor(
    readonly location: Hdf5Location,
    /** The HDF5 path, with its leading slash. */
    readonly name: string,
    protected readonly node: H5Group | H5Dataset,
  ) {}

  /** The attribute names, as h5py's `attrs.keys()`. */
  attrNames(): string[] {
    return this.call("cannot list the attributes", () => Object.keys(this.node.attrs));
  }

  /** One attribute's value, or undefined when absent (h5py's `attrs.get`). */
  attr(name: string): AttrValue | undefined {
    if (!this.attrNames().includes(name)) return undefined;
    return this.call(`cannot read attribute ${name}`, () => this.node.get_attribute(name, false) as AttrValue);
  }

  /**
   * An attribute as the HDF5 writer takes it: its exact string type (fixed or variable length, padding,
   * character set) or numeric type, its shape and its value, so that a saved copy reproduces it.
   */
  attrSpec(name: string): H5AttributeSpec {
    return this.call(`cannot read attribute ${name}`, () => {
      const attribute = this.node.attrs[name];
      if (!attribute) throw this.error(`attribute ${name} is missing`);
      const meta = attribute.metadata;
      const shape = meta.shape && meta.shape.length > 0 ? [...meta.shape] : null;
      if (meta.type === H5T.string) {
        const pad = STRING_PADS[meta.strpad ?? 0] ?? "nullterm";
        const cset = CHARSETS[meta.cset ?? 0] ?? "ascii";
        const type: H5Type = meta.vlen ? { class: "vlen-string", pad, cset } : { class: "string", length: meta.size, pad, cset };
        const value = attribute.value as string | string[];
        return { name, type, shape, value: Array.isArray(value) ? value.map(String) : [String(value)] };
      }
      const dtype = dtypeOf(meta.type, meta.size, meta.signed, meta.enum_type?.members);
      const type = dtype && H5_TYPES[dtype];
      if (!dtype || !type) throw this.error(`attribute ${name} has HDF5 type class ${meta.type} of ${meta.size} bytes, which weightscope cannot copy`);
      return { name, type, shape, value: bytesOf(attribute.value, dtype) };
    });
  }

  /** The `place` of an error about this object: its path, as the user sees the file. */
  get place(): string {
    return placeOf(this.location, this.name);
  }

  protected call<T>(what: string, fn: () => T): T {
    return call(this.location, this.name, what, fn);
  }

  error(detail: string): KerasFileError {
    return new KerasFileError(detail, { file: this.location.file, place: this.place });
  }
}

export class Group extends HasAttrs {
  /** Member names, alphabetical as HDF5 stores them (Keras order lives in `layer_names`). */
  keys(): string[] {
    return this.call("cannot list the group", () => (this.node as H5Group).keys());
  }

  /** A member by relative path, or undefined; soft links are followed, external links never. */
  get(relative: string): Group | Dataset | undefined {
    const path = this.name === "/" ? `/${relative}` : `${this.name}/${relative}`;
    const entity = this.call("cannot open", () => (this.node as H5Group).get(relative));
    if (entity instanceof h5wasm.Group) return new Group(this.location, path, entity);
    if (entity instanceof h5wasm.Dataset) return new Dataset(this.location, path, entity);
    return undefined;
  }

  /** A member group that must exist. */
  group(relative: string, why: string): Group {
    const found = this.get(relative);
    if (found instanceof Group) return found;
    throw this.memberError(relative, `${found ? "is a dataset, not a group" : "group is missing"}, but ${why}`);
  }

  /** A member dataset that must exist. */
  dataset(relative: string, why: string): Dataset {
    const found = this.get(relative);
    if (found instanceof Dataset) return found;
    throw this.memberError(relative, `${found ? "is a group, not a dataset" : "dataset is missing"}, but ${why}`);
  }

  private memberError(relative: string, detail: string): KerasFileError {
    const path = this.name === "/" ? `/${relative}` : `${this.name}/${relative}`;
    return new KerasFileError(detail, { file: this.location.file, place: placeOf(this.location, path) });
  }

  /** Every dataset below this group, depth first in stored (alphabetical) order, as h5py's `visititems`. */
  *datasets(): Generator<Dataset> {
    for (const key of this.keys()) {
      const member = this.get(key);
      if (member instanceof Group) yield* member.datasets();
      else if (member) yield member;
    }
  }
}

export class File extends Group {
  constructor(location: Hdf5Location, handle: InstanceType<typeof h5wasm.File>) {
    super(location, "/", handle);
  }
}

/** What a dataset's elements are: a dtype of the table, a string, or something else HDF5 can hold. */
export type DatasetKind = { kind: "numeric"; dtype: DType } | { kind: "string" } | { kind: "other"; what: string };

export class Dataset extends HasAttrs {
  get shape(): number[] {
    return this.call("cannot read the shape", () => [...((this.node as H5Dataset).shape ?? [])]);
  }

  get kind(): DatasetKind {
    const meta = this.call("cannot read the datatype", () => (this.node as H5Dataset).metadata);
    if (meta.type === H5T.string) return { kind: "string" };
    const dtype = dtypeOf(meta.type, meta.size, meta.signed, meta.enum_type?.members);
    return dtype ? { kind: "numeric", dtype } : { kind: "other", what: `HDF5 type class ${meta.type} of ${meta.size} bytes` };
  }

  /**
   * The elements as little-endian bytes in C order, read in slices of at most BLOCK_BYTES into one
   * preallocated buffer (HDF5 converts to little-endian while reading).
   */
  readBytes(dtype: DType): Uint8Array {
    const shape = this.shape;
    const out = new Uint8Array(shape.reduce((a, b) => a * b, 1) * DTYPES[dtype].itemsize);
    if (out.length === 0) return out;
    let written = 0;
    for (const block of this.readBlocks(dtype)) {
      out.set(block, written);
      written += block.length;
    }
    return out;
  }

  /**
   * The elements in C order, one slice of at most BLOCK_BYTES at a time; each block is a view into the
   * WebAssembly heap, valid until the next one is asked for.
   */
  *readBlocks(dtype: DType): Generator<Uint8Array> {
    const shape = this.shape;
    const itemsize = DTYPES[dtype].itemsize;
    if (shape.some((size) => size === 0)) return;
    for (const { offset, count } of blocks(shape, itemsize)) {
      const nbytes = count.reduce((a, b) => a * b, 1) * itemsize;
      const pointer = this.call("cannot allocate a read buffer in the WebAssembly heap", () => h5._malloc(nbytes));
      if (!pointer) throw this.error(`cannot allocate ${nbytes} bytes in the WebAssembly heap`);
      try {
        this.call("cannot read the data", () =>
          // A scalar dataspace takes no hyperslab: it is read whole.
          shape.length === 0
            ? h5.get_dataset_data(this.node.file_id, this.name, null, null, null, BigInt(pointer))
            : h5.get_dataset_data(this.node.file_id, this.name, count.map(BigInt), offset.map(BigInt), count.map(() => 1n), BigInt(pointer)),
        );
        yield h5.HEAPU8.subarray(pointer, pointer + nbytes);
      } finally {
        h5._free(pointer);
      }
    }
  }
}

/** Little-endian bytes of an attribute's numbers, as h5wasm hands them over (a typed array or one scalar). */
function bytesOf(value: unknown, dtype: DType): Uint8Array {
  const info = DTYPES[dtype];
  const array = ArrayBuffer.isView(value)
    ? value
    : new info.storageArray(1).fill((info.kind === "bool" ? Number(value) : value) as never);
  return new Uint8Array(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
}

function dtypeOf(type: number, size: number, signed: boolean, enumMembers: Record<string, number> | undefined): DType | undefined {
  if (type === H5T.float) return ({ 2: "float16", 4: "float32", 8: "float64" } as const)[size as 2 | 4 | 8];
  if (type === H5T.integer && signed) return ({ 1: "int8", 2: "int16", 4: "int32", 8: "int64" } as const)[size as 1 | 2 | 4 | 8];
  if (type === H5T.integer && size === 1) return "uint8";
  // h5py stores numpy bools as a one-byte enum {FALSE: 0, TRUE: 1}.
  if (type === H5T.enum && size === 1 && enumMembers?.FALSE === 0 && enumMembers?.TRUE === 1) return "bool";
  return undefined;
}

/**
 * Hyperslabs covering `shape` in C order, each at most BLOCK_BYTES: whole rows of the outermost axis
 * whose rows fit, one index at a time along the axes before it.
 */
function* blocks(shape: readonly number[], itemsize: number): Generator<{ offset: number[]; count: number[] }> {
  if (shape.length === 0) return yield { offset: [], count: [] };
  let axis = 0;
  let rowBytes = shape.slice(1).reduce((a, b) => a * b, 1) * itemsize;
  while (rowBytes > BLOCK_BYTES && axis < shape.length - 1) {
    axis++;
    rowBytes /= shape[axis]!;
  }
  const rowsPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / rowBytes));
  const outer = shape.slice(0, axis);
  const index = outer.map(() => 0);
  for (;;) {
    for (let start = 0; start < shape[axis]!; start += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, shape[axis]! - start);
      yield { offset: [...index, start, ...shape.slice(axis + 1).map(() => 0)], count: [...index.map(() => 1), rows, ...shape.slice(axis + 1)] };
    }
    let d = outer.length - 1;
    while (d >= 0 && ++index[d]! === outer[d]!) index[d--] = 0;
    if (d < 0) return;
  }
}

function placeOf(location: Hdf5Location, path: string): string {
  return location.placePrefix + (path === "/" ? "" : path.slice(1)) || "/";
}

function call<T>(location: Hdf5Location, path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof KerasFileError) throw error;
    throw new KerasFileError(`${what}: ${hdf5Reason(error)}`, { file: location.file, place: placeOf(location, path) });
  }
}

/** HDF5's error stack, innermost line first: that line says what actually went wrong. */
function hdf5Reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const frames = [...text.matchAll(/#\d+: .* in [\w]+\(\): (.*)/g)].map((m) => m[1]!.trim());
  return frames.at(-1) ?? text.split("\n")[0]!;
}
