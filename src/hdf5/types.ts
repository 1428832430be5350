// The tree writeHdf5 takes: groups, datasets and attributes with their HDF5 types, as plain data.

/** How a string shorter than its storage is ended (H5T_str_t). */
export type H5StringPad = "nullterm" | "nullpad" | "spacepad";
/** The character set a string type declares (H5T_cset_t). */
export type H5Charset = "ascii" | "utf8";

export type H5Type =
  | { readonly class: "float"; readonly size: 2 | 4 | 8 }
  | { readonly class: "int"; readonly size: 1 | 2 | 4 | 8; readonly signed: boolean }
  /** As h5py writes numpy bool: an enum over int8 with FALSE=0, TRUE=1. */
  | { readonly class: "bool" }
  /** A fixed-length string of `length` bytes. */
  | { readonly class: "string"; readonly length: number; readonly pad: H5StringPad; readonly cset: H5Charset }
  /** A variable-length string, its bytes kept in a global heap collection. */
  | { readonly class: "vlen-string"; readonly pad: H5StringPad; readonly cset: H5Charset };

export interface H5AttributeSpec {
  readonly name: string;
  readonly type: H5Type;
  /** null: a scalar dataspace; [0]: an empty 1-d array (h5py writes empty `weight_names` as float64 shape (0,)). */
  readonly shape: readonly number[] | null;
  /**
   * Strings (either string class): one string per element, UTF-8 encoded (a Uint8Array element is taken as
   * the raw bytes); a fixed-length string is padded to its length, and a longer one is refused.
   * Numbers and bool: the raw little-endian bytes of all elements in C order.
   */
  readonly value: readonly (string | Uint8Array)[] | Uint8Array;
}

export interface H5DatasetSpec {
  readonly kind: "dataset";
  readonly name: string;
  /** Numeric or bool; string datasets are refused. */
  readonly type: H5Type;
  /** null: a scalar dataspace (Keras optimizer `iterations`). */
  readonly shape: readonly number[] | null;
  readonly attributes: readonly H5AttributeSpec[];
  /** Exactly byteLength little-endian bytes in C order, produced piece by piece so a 1 GiB tensor is never in memory at once. */
  readonly data: { readonly byteLength: number; chunks(): Iterable<Uint8Array> };
}

export interface H5GroupSpec {
  readonly kind: "group";
  /** "" for the root. */
  readonly name: string;
  readonly attributes: readonly H5AttributeSpec[];
  readonly children: readonly (H5GroupSpec | H5DatasetSpec)[];
}
