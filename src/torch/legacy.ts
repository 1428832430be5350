// Legacy (pre-1.6) torch.save files: pickles in a row, then the raw storages, each after an int64 element count.
//
// Layout: magic number, protocol version 1001, sys_info, the object (storages as persistent ids
// `('storage', type, root_key, location, numel, view_metadata)`), the list of root storage keys, then
// one `count, bytes` record per key in list order. Only the pickled head is read at open; where each
// storage's bytes start is worked out from the 8-byte counts when the first storage is read.
import type { FileSource } from "../archive/index.js";
import { PickleError, TorchFileError } from "../errors.js";
import { unpickleAt } from "../pickle/index.js";
import { PyDict, PyTuple } from "../python/values.js";
import { DTYPES, Storage, type DType } from "../tensor/index.js";
import { torchFindClass, type LoadOptions, type TorchFile } from "./load.js";
import { promoteModules } from "./promote.js";
import { StorageType, unsupportedStorage } from "./values.js";

const MAGIC = 0x1950a86a20f9469cfc6cn;
const PROTOCOL_VERSION = 1001;
/** The head is read in growing prefixes: most heads fit the first one. */
const firstPrefix = 1 << 16;

interface RootStorage {
  readonly dtype: DType;
  readonly numel: number;
  readonly storage: Storage;
}

interface Head {
  value: unknown;
  byteorder: "little" | "big";
  keys: unknown;
  roots: Map<string, RootStorage>;
  storages: Storage[];
}

/** Reads the pickled head of a legacy file; tensors stay unread. */
export function readLegacyFile(path: string, source: FileSource, options: LoadOptions): TorchFile {
  const head = readHeadGrowing(path, source, options);
  const keys = head.keys;
  if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) {
    throw new TorchFileError("the storage key list is not a list of strings", { file: path, place: "storage key list" });
  }
  for (const key of head.roots.keys()) {
    if (!keys.includes(key)) throw new TorchFileError(`storage ${key} is used by the pickle but missing from the storage key list`, { file: path, place: "storage key list" });
  }
  return { path, format: "legacy", byteorder: head.byteorder, version: PROTOCOL_VERSION, value: promoteModules(head.value), storages: head.storages };
}

function isTruncation(error: unknown): boolean {
  return error instanceof PickleError && /truncated|ends? before|end of the data/i.test(error.message);
}

function readHeadGrowing(path: string, source: FileSource, options: LoadOptions): Head {
  let length = Math.min(firstPrefix, source.size);
  for (;;) {
    const prefix = source.read(0, length, "legacy header");
    try {
      return readHead(path, source, prefix, options);
    } catch (error) {
      if (!isTruncation(error) || length === source.size) throw error;
      length = Math.min(length * 4, source.size);
    }
  }
}

function readHead(path: string, source: FileSource, bytes: Uint8Array, options: LoadOptions): Head {
  const at = (pos: number): string => `byte ${pos}`;
  const pickle = (what: string, pos: number, extra = {}): { value: unknown; end: number } => unpickleAt(bytes, pos, { file: path, place: `${what} pickle`, ...extra });

  const magic = pickle("magic number", 0);
  if (magic.value !== MAGIC) {
    throw new TorchFileError(`not a legacy torch file: the first pickle holds ${describeValue(magic.value)}, not the magic number 0x1950a86a20f9469cfc6c`, { file: path, place: at(0) });
  }
  const protocol = pickle("protocol version", magic.end);
  if (protocol.value !== PROTOCOL_VERSION) {
    throw new TorchFileError(`the legacy protocol version is ${describeValue(protocol.value)}; only ${PROTOCOL_VERSION} exists`, { file: path, place: at(magic.end) });
  }
  const sysInfo = pickle("sys_info", protocol.end);
  const byteorder = sysInfo.value instanceof PyDict && sysInfo.value.get("little_endian") === false ? "big" : "little";

  const roots = new Map<string, RootStorage>();
  const storages: Storage[] = [];
  const where = { file: path, place: `object pickle at ${at(sysInfo.end)}` };
  let layout: Map<string, number> | undefined;
  const dataOffset = (key: string): number => {
    layout ??= walkStorageRecords(path, source, keysValue.end, keysValue.value as string[], roots);
    const offset = layout.get(key);
    if (offset === undefined) throw new TorchFileError(`storage ${key} has no record after the key list`, { file: path, place: `storage ${key}` });
    return offset;
  };

  const persistentLoad = (pid: unknown): unknown => {
    if (pid instanceof PyTuple && pid[0] === "module") return pid[1];
    if (!(pid instanceof PyTuple) || pid[0] !== "storage" || pid.length < 5) {
      throw new TorchFileError(`persistent id ${String(pid)} is not a ('storage', type, key, location, numel, view) tuple`, where);
    }
    const [, type, key, location, numel, view] = pid;
    if (!(type instanceof StorageType)) throw new TorchFileError(unsupportedStorage(type), where);
    if (typeof key !== "string" || typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0) {
      throw new TorchFileError("persistent id has a malformed storage key or size", where);
    }
    let root = roots.get(key);
    if (!root) {
      const nbytes = numel * DTYPES[type.dtype].itemsize;
      const storage = new Storage({
        dtype: type.dtype,
        numel,
        source: { read: () => source.readBulk(dataOffset(key), nbytes, `storage ${key}`, false).bytes, description: `storage ${key}` },
        byteOrder: byteorder,
        key,
        location: String(location),
        file: path,
      });
      root = { dtype: type.dtype, numel, storage };
      roots.set(key, root);
      storages.push(storage);
    }
    return view === null || view === undefined ? root.storage : viewOf(root, key, view);
  };

  /** A storage that is a slice of a root storage, as torch before 1.0 saved them. */
  const views = new Map<string, Storage>();
  const viewOf = (root: RootStorage, rootKey: string, view: unknown): Storage => {
    if (!(view instanceof PyTuple) || view.length !== 3 || typeof view[0] !== "string" || typeof view[1] !== "number" || typeof view[2] !== "number") {
      throw new TorchFileError(`storage ${rootKey} has view metadata that is not (key, offset, size)`, where);
    }
    const [viewKey, offset, size] = view as unknown as [string, number, number];
    const known = views.get(viewKey);
    if (known) return known;
    if (offset < 0 || size < 0 || offset + size > root.numel) {
      throw new TorchFileError(`view ${viewKey} covers elements ${offset}..${offset + size} of storage ${rootKey}, which has ${root.numel}`, where);
    }
    const itemsize = DTYPES[root.dtype].itemsize;
    const storage = new Storage({
      dtype: root.dtype,
      numel: size,
      source: { read: () => source.readBulk(dataOffset(rootKey) + offset * itemsize, size * itemsize, `storage ${viewKey}`, false).bytes, description: `storage ${viewKey} (a view of ${rootKey})` },
      byteOrder: byteorder,
      key: viewKey,
      location: root.storage.location,
      file: path,
    });
    views.set(viewKey, storage);
    return storage;
  };

  const main = pickle("object", sysInfo.end, { findClass: legacyFindClass(options, where), persistentLoad });
  const keysValue = pickle("storage key list", main.end);
  return { value: main.value, byteorder, keys: keysValue.value, roots, storages };
}

/** torch's legacy loader takes any name containing "Storage" as a storage class, whatever its module. */
function legacyFindClass(options: LoadOptions, where: { file: string; place: string }): (module: string, name: string) => unknown {
  const find = torchFindClass(options, where);
  return (module, name) => find(name.endsWith("Storage") && module.startsWith("torch") ? "torch" : module, name);
}

/** Where each root storage's bytes start: one 8-byte count read per storage, in key-list order. */
function walkStorageRecords(path: string, source: FileSource, start: number, keys: string[], roots: Map<string, RootStorage>): Map<string, number> {
  const offsets = new Map<string, number>();
  let pos = start;
  for (const key of keys) {
    const root = roots.get(key);
    if (!root) throw new TorchFileError(`the key list names storage ${key}, which the pickle never used`, { file: path, place: "storage key list" });
    const countBytes = source.read(pos, 8, `storage ${key} size at byte ${pos}`);
    const count = new DataView(countBytes.buffer, countBytes.byteOffset, 8).getBigInt64(0, true);
    if (count !== BigInt(root.numel)) {
      throw new TorchFileError(`storage ${key} records ${count} elements, the pickle declares ${root.numel}`, { file: path, place: `byte ${pos}` });
    }
    offsets.set(key, pos + 8);
    pos += 8 + root.numel * DTYPES[root.dtype].itemsize;
    if (pos > source.size) throw new TorchFileError(`storage ${key} runs past the end of the file (${source.size} bytes)`, { file: path, place: `byte ${pos - root.numel * DTYPES[root.dtype].itemsize}` });
  }
  return offsets;
}

function describeValue(value: unknown): string {
  if (typeof value === "bigint") return `0x${value.toString(16)}`;
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  return typeof value === "number" ? String(value) : typeof value;
}
