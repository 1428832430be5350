// The one table of torch names a checkpoint's pickle may use, and what each becomes (the unpickler's findClass).
//
// Every name here maps to data or to a local function that builds data (a tensor view over a lazy storage,
// a torch.Size, a module object); nothing from the file is ever called. Names not in the table go back to
// the unpickler, which keeps them as inert `PyGlobalRef`s and `PyInstance`s.
import { PICKLE_CALL, PICKLE_NEW, PICKLE_SETSTATE } from "../pickle/index.js";
import { PyGlobalRef, PyInstance, PyTuple } from "../python/values.js";
import { DTYPES, dtypeOfTorchName, dtypeOfTorchStorage, Storage, Tensor, TorchSize, type DType } from "../tensor/index.js";
import { TorchFileError } from "../errors.js";
import { TorchModule } from "./modules/module.js";
import { Device, Layout, StorageType, TorchDtype } from "./values.js";

/** Where the pickle is, for error messages. */
export interface PickleWhere {
  readonly file: string;
  readonly place: string;
}

type Build = (where: PickleWhere) => unknown;

/** A stand-in a pickle can REDUCE: calling it runs a local function on the pickled arguments. */
function callable(name: string, run: (args: PyTuple<unknown>, where: PickleWhere) => unknown): Build {
  return (where) => ({ [PICKLE_CALL]: (args: PyTuple<unknown>) => run(args, where), toString: () => name });
}

/** A class stand-in that `isinstance`-style checks recognise (`_rebuild_from_type_v2`'s `new_type`). */
const PARAMETER_CLASS = Symbol("torch.nn.parameter.Parameter");
const TENSOR_CLASS = Symbol("torch.Tensor");

function fail(where: PickleWhere, detail: string): never {
  throw new TorchFileError(detail, where);
}

function tupleOfInts(value: unknown, what: string, where: PickleWhere): number[] {
  if (!Array.isArray(value)) fail(where, `${what} is not a tuple of ints`);
  for (let i = 0; i < value.length; i++) if (!Number.isSafeInteger(value[i])) fail(where, `${what} is not a tuple of ints`);
  return value as number[];
}

/** A strided view over a storage, the heart of every tensor in a checkpoint. */
function rebuildTensor(args: PyTuple<unknown>, where: PickleWhere, dtype?: DType): Tensor {
  // Indexed reads, not destructuring, which walks the tuple's iterator once per tensor.
  const storageArg = args[0];
  const offset = args[1];
  const size = args[2];
  const stride = args[3];
  const requiresGrad = args[4];
  if (!(storageArg instanceof Storage)) fail(where, `a tensor's storage argument is ${describe(storageArg)}, not a storage`);
  if (typeof offset !== "number" || !Number.isSafeInteger(offset)) fail(where, "a tensor's storage offset is not an int");
  const storage = dtype === undefined || dtype === storageArg.dtype ? storageArg : reinterpret(storageArg, dtype, where);
  try {
    return Tensor.fromStorage(storage, offset, tupleOfInts(size, "a tensor's size", where), tupleOfInts(stride, "a tensor's stride", where), {
      requiresGrad: requiresGrad === true,
    });
  } catch (error) {
    if (error instanceof TorchFileError) throw error;
    const detail = error instanceof Error && "detail" in error ? String(error.detail) : String(error);
    return fail({ file: where.file, place: storagePlace(storage, where) }, detail);
  }
}

function storagePlace(storage: Storage, where: PickleWhere): string {
  return storage.key === undefined ? where.place : `${where.place}: storage ${storage.key}`;
}

/** An UntypedStorage (bytes) seen as elements of the tensor's dtype, the same bytes read lazily. */
const reinterpreted = new WeakMap<Storage, Map<DType, Storage>>();
function reinterpret(bytes: Storage, dtype: DType, where: PickleWhere): Storage {
  const itemsize = DTYPES[dtype].itemsize;
  if (bytes.nbytes % itemsize !== 0) fail({ file: where.file, place: storagePlace(bytes, where) }, `${bytes.nbytes} bytes are not a whole number of ${dtype} elements`);
  let views = reinterpreted.get(bytes);
  if (!views) reinterpreted.set(bytes, (views = new Map()));
  let typed = views.get(dtype);
  if (!typed) {
    typed = new Storage({
      dtype,
      numel: bytes.nbytes / itemsize,
      source: { read: () => bytes.bytes(), description: storagePlace(bytes, where) },
      byteOrder: bytes.byteOrder,
      key: bytes.key,
      location: bytes.location,
      file: bytes.file,
    });
    views.set(dtype, typed);
  }
  return typed;
}

function asParameter(data: unknown, requiresGrad: unknown, where: PickleWhere): Tensor {
  if (!(data instanceof Tensor)) fail(where, `a Parameter wraps ${describe(data)}, not a tensor`);
  return Tensor.fromStorage(data.storage, data.storageOffset, data.shape, data.strides, { requiresGrad: requiresGrad !== false, parameter: true });
}

/**
 * torch before 1.0 pickled a Parameter as `Parameter(tensor)` followed by BUILD with the old Variable
 * state `(requires_grad, volatile, backward_hooks)`; Tensor.__setstate__ takes requires_grad from it.
 */
function withLegacyVariableState(parameter: Tensor): Tensor {
  Object.defineProperty(parameter, PICKLE_SETSTATE, {
    value: (state: unknown) => {
      if (state instanceof PyTuple && typeof state[0] === "boolean" && state.length === 3) parameter.requires_grad = state[0];
    },
  });
  return parameter;
}

function describe(value: unknown): string {
  if (value === null) return "None";
  if (value instanceof PyGlobalRef) return value.qualifiedName;
  if (value instanceof PyInstance) return `an object of ${value.cls.qualifiedName}`;
  return typeof value === "object" ? `a ${value.constructor.name}` : `a ${typeof value}`;
}

/** `obj[PICKLE_CALL](args)` on one of our stand-ins (the `func` of `_rebuild_from_type_v2`). */
function callStandIn(func: unknown, args: unknown, where: PickleWhere): unknown {
  const call = typeof func === "object" && func !== null ? (func as { [PICKLE_CALL]?: unknown })[PICKLE_CALL] : undefined;
  if (typeof call !== "function" || !(args instanceof PyTuple)) fail(where, `_rebuild_from_type_v2 names ${describe(func)}, which weightscope does not rebuild`);
  return call(args);
}

/** A class of torch.nn: NEWOBJ (or REDUCE, in old protocols) gives an empty module that BUILD fills. */
function moduleClass(qualifiedName: string): Build {
  const create = (): TorchModule => new TorchModule(qualifiedName);
  return () => ({ [PICKLE_NEW]: create, [PICKLE_CALL]: create, moduleClass: qualifiedName, toString: () => `<class '${qualifiedName}'>` });
}

const rebuilders: ReadonlyArray<readonly [string, Build]> = [
  ["torch._utils._rebuild_tensor", callable("_rebuild_tensor", (args, where) => rebuildTensor(args, where))],
  ["torch._utils._rebuild_tensor_v2", callable("_rebuild_tensor_v2", (args, where) => rebuildTensor(args, where))],
  [
    "torch._utils._rebuild_tensor_v3",
    callable("_rebuild_tensor_v3", (args, where) => {
      const dtype = args[6];
      if (!(dtype instanceof TorchDtype)) fail(where, "_rebuild_tensor_v3 needs a torch dtype as its seventh argument");
      return rebuildTensor(args, where, dtype.name);
    }),
  ],
  ["torch._utils._rebuild_parameter", callable("_rebuild_parameter", (args, where) => asParameter(args[0], args[1], where))],
  ["torch._utils._rebuild_parameter_with_state", callable("_rebuild_parameter_with_state", (args, where) => asParameter(args[0], args[1], where))],
  [
    "torch._tensor._rebuild_from_type_v2",
    callable("_rebuild_from_type_v2", (args, where) => {
      const [func, newType, funcArgs] = args;
      const made = callStandIn(func, funcArgs, where);
      const wantsParameter = typeof newType === "object" && newType !== null && PARAMETER_CLASS in newType;
      return wantsParameter && made instanceof Tensor ? asParameter(made, made.requires_grad, where) : made;
    }),
  ],
  [
    "torch.nn.parameter.Parameter",
    (where) => ({ [PARAMETER_CLASS]: true, [PICKLE_CALL]: (args: PyTuple<unknown>) => withLegacyVariableState(asParameter(args[0], args[1] ?? true, where)), toString: () => "<class 'torch.nn.parameter.Parameter'>" }),
  ],
  ["torch.Tensor", () => ({ [TENSOR_CLASS]: true, toString: () => "<class 'torch.Tensor'>" })],
  ["torch._tensor.Tensor", () => ({ [TENSOR_CLASS]: true, toString: () => "<class 'torch.Tensor'>" })],
  ["torch.Size", callable("torch.Size", (args, where) => TorchSize.of_(tupleOfInts(args[0] ?? [], "torch.Size's argument", where)))],
  [
    "torch.device",
    callable("torch.device", (args, where) => {
      const [type, index] = args;
      if (typeof type !== "string") fail(where, "torch.device needs a device name");
      return Device.parse(type, typeof index === "number" ? index : null);
    }),
  ],
  ["torch.serialization._get_layout", callable("_get_layout", (args) => new Layout(String(args[0])))],
];

const table: ReadonlyMap<string, Build> = new Map(rebuilders);

/**
 * Storage classes: `torch.FloatStorage`, `torch.cuda.FloatStorage` (legacy GPU files), and the byte
 * storage newer torch pickles under its defining module, `torch.storage.UntypedStorage`.
 */
function storageClass(module: string, name: string): StorageType | undefined {
  if (name === "UntypedStorage" && (module === "torch" || module === "torch.storage")) return new StorageType(`${module}.${name}`, "uint8", true);
  if (module !== "torch" && module !== "torch.cuda") return undefined;
  const dtype = dtypeOfTorchStorage(name);
  return dtype === undefined ? undefined : new StorageType(`${module}.${name}`, dtype, false);
}

/**
 * What a checkpoint's GLOBAL `module.name` becomes, or undefined to let the unpickler keep it inert.
 * `torch.nn.modules.*` classes become module factories; `__torch__.*` (TorchScript) classes stay inert.
 */
export function findTorchGlobal(module: string, name: string, where: PickleWhere): unknown {
  const build = table.get(`${module}.${name}`);
  if (build) return build(where);
  const storage = storageClass(module, name);
  if (storage) return storage;
  if (module === "torch") {
    const dtype = dtypeOfTorchName(name);
    if (dtype !== undefined) return TorchDtype.of(dtype);
  }
  if (module.startsWith("torch.nn.modules.")) return moduleClass(`${module}.${name}`)(where);
  return undefined;
}
