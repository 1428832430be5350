// Zip checkpoints (torch.save since 1.6): the archive folder, its records, and storages read lazily from data/<key>.
import type { ZipArchive, ZipEntry } from "../archive/index.js";
import { TorchFileError } from "../errors.js";
import { unpickle } from "../pickle/index.js";
import { PyInstance, PyTuple } from "../python/values.js";
import { type ByteSource, DTYPES, Storage } from "../tensor/index.js";
import { torchFindClass, type LoadOptions, type TorchFile } from "./load.js";
import { promoteModules } from "./promote.js";
import { readTorchScript } from "./torchscript.js";
import { StorageType, unsupportedStorage } from "./values.js";

/** A zip checkpoint's records, all under one folder (named after the file, or anything else). */
export class TorchArchive {
  readonly folder: string;

  constructor(
    readonly path: string,
    readonly zip: ZipArchive,
  ) {
    const entries = zip.entries;
    const first = entries[0]?.name;
    if (first === undefined) throw new TorchFileError("the zip archive is empty, there is no data.pkl", { file: path, place: "zip directory" });
    const slash = first.indexOf("/");
    if (slash <= 0) throw new TorchFileError("entry is not inside a folder; torch puts every record under one folder", { file: path, place: `entry ${JSON.stringify(first)}` });
    this.folder = first.slice(0, slash);
    const folderPrefix = `${this.folder}/`;
    for (let i = 0; i < entries.length; i++) {
      const name = entries[i]!.name;
      if (!name.startsWith(folderPrefix)) {
        throw new TorchFileError(`entry is outside the archive folder "${this.folder}/" that the first entry sets`, { file: path, place: `entry ${JSON.stringify(name)}` });
      }
    }
  }

  has(record: string): boolean {
    return this.zip.has(`${this.folder}/${record}`);
  }

  place(record: string): string {
    return `entry ${JSON.stringify(`${this.folder}/${record}`)}`;
  }

  read(record: string): Uint8Array {
    if (!this.has(record)) throw new TorchFileError(`the archive has no ${record} record`, { file: this.path, place: this.place(record) });
    return this.zip.read(`${this.folder}/${record}`);
  }

  text(record: string): string {
    return new TextDecoder().decode(this.read(record)).trim();
  }

  /** `little` unless the archive says `big` (torch assumes little when the record is absent). */
  byteorder(): "little" | "big" {
    if (!this.has("byteorder")) return "little";
    const order = this.text("byteorder");
    if (order !== "little" && order !== "big") throw new TorchFileError(`byteorder is "${order}", neither "little" nor "big"`, { file: this.path, place: this.place("byteorder") });
    return order;
  }

  version(): number | undefined {
    const record = this.has("version") ? "version" : this.has(".data/version") ? ".data/version" : undefined;
    if (record === undefined) return undefined;
    const version = Number(this.text(record));
    if (!Number.isSafeInteger(version)) throw new TorchFileError("the version record is not a number", { file: this.path, place: this.place(record) });
    return version;
  }

  /**
   * persistent_load for `('storage', storage_type, key, location, numel)`: one lazy Storage per key (so
   * tensors sharing a key share it), its bytes in `<dir>/<key>`, their count checked now, read later.
   */
  storageLoader(dir: string, byteOrder: "little" | "big", storages: Storage[]): (pid: unknown) => Storage {
    const byKey = new Map<string, Storage>();
    const pickle = this.place(`${dir}.pkl`);
    const prefix = `${this.folder}/${dir}/`;
    // The entries under <dir>/ by storage key, made on the first storage: looking each one up by its
    // whole name (a new concatenated string per storage) cost 2 µs a storage in a 20,000-tensor file.
    let entryByKey: Map<string, ZipEntry> | undefined;
    const entryOf = (key: string): ZipEntry | undefined => {
      if (!entryByKey) {
        entryByKey = new Map();
        const entries = this.zip.entries;
        for (let i = 0; i < entries.length; i++) {
          const name = entries[i]!.name;
          if (name.startsWith(prefix)) entryByKey.set(name.slice(prefix.length), entries[i]!);
        }
      }
      return entryByKey.get(key);
    };
    return (pid) => {
      if (!(pid instanceof PyTuple) || pid[0] !== "storage" || pid.length < 5) {
        throw new TorchFileError(`persistent id ${String(pid)} is not a ('storage', type, key, location, numel) tuple`, { file: this.path, place: pickle });
      }
      // Indexed reads, not destructuring, which walks the tuple's iterator once per storage.
      const type = pid[1];
      const key = pid[2];
      const location = pid[3];
      const numel = pid[4];
      if (!(type instanceof StorageType)) throw new TorchFileError(unsupportedStorage(type), { file: this.path, place: pickle });
      if (typeof key !== "string" || typeof numel !== "number" || !Number.isSafeInteger(numel) || numel < 0) {
        throw new TorchFileError("persistent id has a malformed storage key or size", { file: this.path, place: pickle });
      }
      const known = byKey.get(key);
      if (known) return known;
      const entry = entryOf(key);
      if (!entry) throw new TorchFileError(`storage ${key} is missing: the pickle refers to it but the archive has no such entry`, { file: this.path, place: this.place(`${dir}/${key}`) });
      const nbytes = numel * DTYPES[type.dtype].itemsize;
      if (entry.size !== nbytes) {
        throw new TorchFileError(`holds ${entry.size} bytes, but storage ${key} declares ${numel} ${type.dtype} elements (${nbytes} bytes)`, { file: this.path, place: this.place(`${dir}/${key}`) });
      }
      const storage = new Storage({
        dtype: type.dtype,
        numel,
        source: new EntrySource(this.zip, entry),
        byteOrder,
        key,
        location: typeof location === "string" ? location : String(location),
        file: this.path,
      });
      byKey.set(key, storage);
      storages.push(storage);
      return storage;
    };
  }

  /** Unpickles `<record>` with the torch globals table and storages from `<dir>/<key>`. */
  unpickleRecord(record: string, dir: string, byteOrder: "little" | "big", storages: Storage[], options: LoadOptions): unknown {
    const where = { file: this.path, place: this.place(record) };
    return unpickle(this.read(record), {
      file: this.path,
      place: where.place,
      findClass: torchFindClass(options, where),
      persistentLoad: this.storageLoader(dir, byteOrder, storages),
    });
  }
}

/** A storage's bytes: a zip entry, read whole and CRC-checked on first use (one small object per storage, no closure). */
class EntrySource implements ByteSource {
  constructor(
    private readonly zip: ZipArchive,
    private readonly entry: ZipEntry,
  ) {}

  read(): Uint8Array {
    return this.zip.readBulk(this.entry);
  }

  get description(): string {
    return `entry ${JSON.stringify(this.entry.name)}`;
  }
}

/** Reads a zip file torch wrote: a checkpoint, or a TorchScript archive when it has constants.pkl. */
export function readZipFile(path: string, zip: ZipArchive, options: LoadOptions): TorchFile {
  const archive = new TorchArchive(path, zip);
  if (archive.has("constants.pkl")) return readTorchScript(archive, options);
  const byteorder = archive.byteorder();
  const storages: Storage[] = [];
  const instancesBefore = PyInstance.created;
  const raw = archive.unpickleRecord("data.pkl", "data", byteorder, storages, options);
  // Only objects of unknown classes can be modules to promote; a state_dict has none, so its walk is skipped.
  const value = PyInstance.created === instancesBefore ? raw : promoteModules(raw);
  return { path, format: "zip", archiveName: archive.folder, byteorder, version: archive.version(), value, storages };
}
