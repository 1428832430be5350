// The torch folder's public face: torch.load and torch.save, the module classes, the tensor walk and file descriptions.
import { SizeConstructor, TensorConstructor, from_numpy, ones, rand, randn, tensor, zeros } from "./create.js";
import { init } from "./init.js";
import { initial_seed, manual_seed } from "./random.js";
import { load } from "./load.js";
import { save } from "./save.js";
import { moduleClasses, Parameter, type ModuleClass } from "./modules/build.js";
import { TorchModule } from "./modules/module.js";
import { Device } from "./values.js";

export { describeTorchFile, describeValue } from "./describe.js";
export { save } from "./save.js";
export { SizeConstructor, TensorConstructor, from_numpy, legacyTensor, torchSize, ones, rand, randn, tensor, zeros, type CreateOptions, type TensorClass, type TensorData } from "./create.js";
export { load, openTorchFile, type LoadOptions, type TorchFile } from "./load.js";
export { collectTensors, type TensorAtPath } from "./walk.js";
export { TorchModule } from "./modules/module.js";
export { buildModule, kindOfModuleClass, moduleClasses, Parameter, type ModuleClass } from "./modules/build.js";
export { ModuleAssertionError, ModuleKeyError, ModuleNotImplementedError, ModuleTypeError, ModuleValueError } from "./modules/errors.js";
export { init, manual_seed, initial_seed };
export { IncompatibleKeys, StateDictError } from "./modules/loadStateDict.js";
export { moduleKindRows, moduleKinds, moduleKindsByName, REQUIRED, type ArgSpec, type ModuleKind, type PyTypeName } from "./modules/kinds.js";
export { parseScriptClasses, type ScriptClass } from "./torchscript.js";
export { Device, Layout, StorageType, TorchDtype } from "./values.js";

/**
 * `torch.nn`: the module classes by name, each callable with or without `new` (`torch.nn.Linear(120, 84)`),
 * `Module` to subclass, `Parameter`, and `init`.
 */
type TorchNN = Readonly<Record<string, ModuleClass>> & { readonly Module: typeof TorchModule; readonly Parameter: typeof Parameter; readonly init: typeof init };
// The classes are typed by an index (their names are the kinds table's data), the three helpers by name.
const nn = Object.freeze({ ...moduleClasses, Module: TorchModule, Parameter, init }) as TorchNN;

/**
 * The `torch` namespace as far as reading, making and saving files needs it, with Python's names only:
 * `torch.load("x.pt")`, `torch.save(sd, "y.pt")`, `torch.tensor(x)`, `torch.from_numpy(a)`,
 * `torch.zeros/ones/rand/randn(...)`, `torch.manual_seed(s)`, `torch.initial_seed()`, `torch.nn`,
 * `torch.Tensor` (the class, callable as the legacy constructor), `torch.Size`, `torch.device`.
 * weightscope's own helpers (openTorchFile...) are exported beside it, not inside it.
 */
export const torch = Object.freeze({ load, save, tensor, from_numpy, zeros, ones, rand, randn, manual_seed, initial_seed, nn, Tensor: TensorConstructor, Size: SizeConstructor, device: Device });
