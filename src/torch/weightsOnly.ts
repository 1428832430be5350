// The weights_only policy: the globals torch's weights-only unpickler allows, and the refusal for all others.
import { TorchFileError } from "../errors.js";
import { DTYPES } from "../tensor/index.js";
import type { PickleWhere } from "./globals.js";

const rebuildFunctions = [
  "_rebuild_tensor",
  "_rebuild_tensor_v2",
  "_rebuild_tensor_v3",
  "_rebuild_parameter",
  "_rebuild_parameter_with_state",
  "_rebuild_qtensor",
  "_rebuild_sparse_tensor",
  "_rebuild_meta_tensor_no_storage",
  "_rebuild_wrapper_subclass",
  "_rebuild_device_tensor_from_cpu_tensor",
  "_rebuild_device_tensor_from_numpy",
];

const tensorClasses = ["Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool"].map((prefix) => `torch.${prefix}Tensor`);

/** `module.name` of every global torch's weights-only unpickler accepts (torch/_weights_only_unpickler.py). */
const allowed: ReadonlySet<string> = new Set([
  "collections.OrderedDict",
  "collections.Counter",
  "torch.nn.parameter.Parameter",
  "torch.Size",
  "torch.Tensor",
  "torch.device",
  "torch.serialization._get_layout",
  "_codecs.encode",
  "builtins.bytearray",
  "builtins.set",
  "builtins.complex",
  "torch.per_tensor_affine",
  "torch.per_tensor_symmetric",
  "torch.per_channel_affine",
  "torch.per_channel_symmetric",
  "torch.per_channel_affine_float_qparams",
  "torch._tensor._rebuild_from_type_v2",
  "torch.UntypedStorage",
  "torch.storage.UntypedStorage",
  ...tensorClasses,
  ...rebuildFunctions.map((name) => `torch._utils.${name}`),
  ...Object.values(DTYPES).flatMap((info) => [info.torchName, ...info.torchAliases, info.torchStorage].map((name) => `torch.${name}`)),
  ...Object.values(DTYPES).map((info) => `torch.cuda.${info.torchStorage}`),
]);

/** Throws unless torch's weights-only loader would accept the global. */
export function checkWeightsOnly(module: string, name: string, where: PickleWhere): void {
  const qualified = `${module}.${name}`;
  if (allowed.has(qualified)) return;
  throw new TorchFileError(
    `weights_only refuses the global ${qualified} (torch's weights-only loader allows only tensors, storages, dtypes and plain containers); open it with weights_only: false to read ${qualified} as inert data, nothing is ever run`,
    where,
  );
}
