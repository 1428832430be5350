// The torch folder's public face: torch.load and torch.save, the module classes, the tensor walk and file descriptions.
import { TorchSize } from "../tensor/index.js";
import { TensorConstructor, from_numpy, ones, randn, tensor, zeros } from "./create.js";
import { load } from "./load.js";
import { save } from "./save.js";
import { moduleKindsByName } from "./modules/kinds.js";
import { Device } from "./values.js";

export { describeTorchFile, describeValue } from "./describe.js";
export { save } from "./save.js";
export { TensorConstructor, from_numpy, legacyTensor, ones, randn, tensor, zeros, type CreateOptions, type TensorClass, type TensorData } from "./create.js";
export { load, openTorchFile, type LoadOptions, type TorchFile } from "./load.js";
export { collectTensors, type TensorAtPath } from "./walk.js";
export { TorchModule } from "./modules/module.js";
export { IncompatibleKeys, StateDictError } from "./modules/loadStateDict.js";
export { moduleKindRows, moduleKinds, moduleKindsByName, REQUIRED, type ArgSpec, type ModuleKind, type PyTypeName } from "./modules/kinds.js";
export { parseScriptClasses, type ScriptClass } from "./torchscript.js";
export { Device, Layout, StorageType, TorchDtype } from "./values.js";

/** `torch.nn`: the module kinds weightscope knows, by class name (`torch.nn.Conv2d` is its table row). */
const nn = Object.freeze(Object.fromEntries(moduleKindsByName));

/**
 * The `torch` namespace as far as reading, making and saving files needs it, with Python's names only:
 * `torch.load("x.pt")`, `torch.save(sd, "y.pt")`, `torch.tensor(x)`, `torch.from_numpy(a)`,
 * `torch.zeros/ones/randn(...)`, `torch.nn`, `torch.Tensor` (the class, callable as the legacy
 * constructor), `torch.Size`, `torch.device`. weightscope's own helpers (openTorchFile...) are exported
 * beside it, not inside it.
 */
export const torch = Object.freeze({ load, save, tensor, from_numpy, zeros, ones, randn, nn, Tensor: TensorConstructor, Size: TorchSize, device: Device });
