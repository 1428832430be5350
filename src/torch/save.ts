// torch.save for state_dicts, checkpoint dicts, tensors and whole modules: a zip torch itself could have written.
//
// Each tensor keeps its own storage, offset and strides rather than being made contiguous: torch saves
// them that way, so tensors that shared a storage still share one after loading, views stay views of it,
// and no bytes are copied to save.
import { basename, extname } from "node:path";
import { writeZip, type ZipWriteEntry } from "../archive/zip-write.js";
import { TorchFileError } from "../errors.js";
import { PickleWriter, pickle } from "../pickle/pickler.js";
import { OrderedDict, PyGlobalRef, PyTuple } from "../python/values.js";
import { DTYPES, Storage, Tensor, TorchDtype } from "../tensor/index.js";
import { TorchModule } from "./modules/module.js";
import { moduleClass, moduleState } from "./module-state.js";
import { Device } from "./values.js";

/** The `version` record torch.save writes for zip files. */
const FORMAT_VERSION = "3\n";

/**
 * `torch.save(obj, path)`: writes an OrderedDict state_dict, a checkpoint (dicts, lists and tuples of
 * None, bools, numbers, strings, dtypes, devices and tensors) or a single tensor so that real torch loads it, with
 * `weights_only=True` too. A whole module (a TorchModule) is written as torch writes one, class and
 * `__dict__`, which only a full `torch.load` rebuilds. The file replaces `path` only once it is complete.
 */
export function save(obj: unknown, path: string): void {
  const archive = archiveName(path);
  const storages = new Map<Storage, string>();
  const encode = (value: object, writer: PickleWriter): boolean => {
    if (value instanceof TorchModule) writer.object(value, moduleClass(value), new PyTuple(), "newobj", moduleState(value));
    else if (value instanceof Tensor) writeTensor(value, writer, storages);
    else if (value instanceof TorchDtype) writer.global("torch", value.name);
    else if (value instanceof Device) writeDevice(value, writer);
    else return false;
    return true;
  };
  let data: Uint8Array;
  try {
    data = pickle(obj, { encode });
  } catch (error) {
    if (error instanceof TorchFileError) throw error;
    if (error instanceof Error) throw new TorchFileError(`cannot save: ${error.message}`, { file: path, place: "data.pkl" });
    throw error;
  }
  const entries: ZipWriteEntry[] = [
    { name: `${archive}/data.pkl`, data },
    { name: `${archive}/byteorder`, data: new TextEncoder().encode("little") },
    ...[...storages].map(([storage, key]) => ({ name: `${archive}/data/${key}`, data: () => storage.bytes() })),
    { name: `${archive}/version`, data: new TextEncoder().encode(FORMAT_VERSION) },
  ];
  writeZip(path, entries);
}

/** The archive's top folder: the file name without its extension, kept to characters every reader takes. */
function archiveName(path: string): string {
  const stem = basename(path, extname(path)).replace(/[^A-Za-z0-9_.-]/g, "_");
  return stem === "" ? "archive" : stem;
}

/**
 * A tensor as `Tensor.__reduce_ex__` writes it: `_rebuild_tensor_v2(storage, offset, size, stride,
 * requires_grad, OrderedDict())`, wrapped in `_rebuild_parameter` for a Parameter.
 */
function writeTensor(tensor: Tensor, writer: PickleWriter, storages: Map<Storage, string>): void {
  if (tensor.isParameter) writer.global("torch._utils", "_rebuild_parameter");
  writer.global("torch._utils", "_rebuild_tensor_v2");
  const storage = tensor.storage;
  let key = storages.get(storage);
  if (key === undefined) {
    key = String(storages.size);
    storages.set(storage, key);
  }
  writer.op("MARK");
  writer.persistentId(PyTuple.of_<unknown>(["storage", storageClass(storage), key, "cpu", storage.numel]));
  writer.save(tensor.storageOffset);
  writer.save(PyTuple.of_(tensor.shape));
  writer.save(PyTuple.of_(tensor.strides));
  writer.save(tensor.isParameter ? false : tensor.requires_grad);
  writer.save(new OrderedDict());
  writer.op("TUPLE");
  writer.op("REDUCE");
  if (tensor.isParameter) {
    writer.save(tensor.requires_grad);
    writer.save(new OrderedDict());
    writer.op("TUPLE3");
    writer.op("REDUCE");
  }
}

/** `torch.device('cuda', 0)` as torch reduces it: the class called with the type and, if any, the index. */
function writeDevice(device: Device, writer: PickleWriter): void {
  writer.global("torch", "device");
  writer.save(PyTuple.of_<unknown>(device.index === null ? [device.type] : [device.type, device.index]));
  writer.op("REDUCE");
}

/** The legacy storage class torch names in a storage's persistent id (`torch.FloatStorage`). */
function storageClass(storage: Storage): PyGlobalRef {
  return new PyGlobalRef("torch", DTYPES[storage.dtype].torchStorage);
}
