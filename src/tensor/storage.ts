// A storage: a flat run of elements of one dtype whose bytes are read from their source on first use.
import { TensorError } from "../errors.js";
import { DTYPES, type DType, type StorageArray } from "./dtypes.js";

/** Where a storage's bytes come from (a zip entry, a range of a file). Read at most once per storage. */
export interface ByteSource {
  read(): Uint8Array;
  /** Names the source in errors, e.g. `data/3`. */
  readonly description: string;
}

export interface StorageInit {
  dtype: DType;
  numel: number;
  source: ByteSource | Uint8Array;
  /** The byte order of the source; big-endian bytes are swapped once, when loaded. */
  byteOrder?: "little" | "big";
  /** The checkpoint's storage key (`"3"` for `data/3`); tensors sharing a key share a storage. */
  key?: string;
  /** The device the checkpoint names (`cpu`, `cuda:0`); the bytes are always read to the CPU. */
  location?: string;
  /** The file the storage lives in, for error messages. */
  file?: string;
}

export class Storage {
  readonly dtype: DType;
  readonly numel: number;
  readonly nbytes: number;
  readonly key: string | undefined;
  readonly location: string | undefined;
  readonly file: string | undefined;
  readonly byteOrder: "little" | "big";
  private readonly source: ByteSource;
  private cache: Uint8Array | undefined;
  private typedCache: StorageArray | undefined;

  constructor(init: StorageInit) {
    const info = DTYPES[init.dtype];
    this.dtype = init.dtype;
    this.key = init.key;
    this.location = init.location;
    this.file = init.file;
    this.byteOrder = init.byteOrder ?? "little";
    this.source = init.source instanceof Uint8Array ? inMemory(init.source) : init.source;
    if (!Number.isSafeInteger(init.numel) || init.numel < 0) {
      throw new TensorError(`storage size ${init.numel} is not a non-negative integer`, this.where());
    }
    this.numel = init.numel;
    this.nbytes = init.numel * info.itemsize;
    if (!Number.isSafeInteger(this.nbytes)) throw new TensorError(`storage of ${init.numel} ${init.dtype} elements is too large`, this.where());
  }

  /** A storage over the elements of a typed array of the dtype's storage kind (shared, not copied). */
  static fromTypedArray(dtype: DType, array: StorageArray, extra: Omit<StorageInit, "dtype" | "numel" | "source" | "byteOrder"> = {}): Storage {
    if (!(array instanceof DTYPES[dtype].storageArray)) {
      throw new TensorError(`a ${dtype} storage holds a ${DTYPES[dtype].storageArray.name}, not a ${array.constructor.name}`);
    }
    return new Storage({ ...extra, dtype, numel: array.length, source: new Uint8Array(array.buffer, array.byteOffset, array.byteLength) });
  }

  /** An empty-valued storage of `numel` elements, for results computed here. */
  static allocate(dtype: DType, numel: number): Storage {
    return Storage.fromTypedArray(dtype, new DTYPES[dtype].storageArray(numel));
  }

  /** True once the bytes have been read. */
  get loaded(): boolean {
    return this.cache !== undefined;
  }

  /** Where the storage lives, for error messages. */
  where(): { file?: string; place?: string } {
    return { file: this.file, place: this.source.description || (this.key === undefined ? undefined : `storage ${this.key}`) };
  }

  /** The storage's bytes, little-endian, read from the source on the first call and kept. */
  bytes(): Uint8Array {
    if (this.cache) return this.cache;
    const raw = this.source.read();
    if (raw.length !== this.nbytes) {
      throw new TensorError(`storage holds ${raw.length} bytes but ${this.numel} ${this.dtype} elements need ${this.nbytes}`, this.where());
    }
    const itemsize = DTYPES[this.dtype].itemsize;
    // Typed-array views need aligned offsets, and byteswapping must not touch the caller's buffer.
    const needsCopy = this.byteOrder === "big" ? itemsize > 1 : raw.byteOffset % itemsize !== 0;
    const bytes = needsCopy ? raw.slice() : raw;
    if (this.byteOrder === "big") byteswap(bytes, itemsize);
    this.cache = bytes;
    return bytes;
  }

  /** The elements as the dtype's typed array (raw 16-bit patterns for float16 and bfloat16). */
  typed(): StorageArray {
    if (!this.typedCache) {
      const bytes = this.bytes();
      const info = DTYPES[this.dtype];
      this.typedCache = new info.storageArray(bytes.buffer, bytes.byteOffset, this.numel);
    }
    return this.typedCache;
  }
}

function inMemory(bytes: Uint8Array): ByteSource {
  return { read: () => bytes, description: "" };
}

function byteswap(bytes: Uint8Array, itemsize: number): void {
  for (let start = 0; start < bytes.length; start += itemsize) {
    for (let low = start, high = start + itemsize - 1; low < high; low++, high--) {
      const swap = bytes[low];
      bytes[low] = bytes[high];
      bytes[high] = swap;
    }
  }
}
