// torch's Python types as declarations: Tensor, Parameter, Size, dtype, device, nn.Module and each module class.
import { WeightscopeError } from "../errors.js";
import { PythonTypeError } from "./errors.js";
import { Tensor, TorchSize } from "../tensor/index.js";
import { IncompatibleKeys, StateDictError } from "../torch/modules/loadStateDict.js";
import { moduleKinds, REQUIRED, type ModuleKind } from "../torch/modules/kinds.js";
import { SizeConstructor, TensorConstructor } from "../torch/create.js";
import { TorchModule } from "../torch/modules/module.js";
import { kindOfModuleClass } from "../torch/modules/build.js";
import { Device, Layout, TorchDtype } from "../torch/values.js";
import { TorchGenerator } from "../torch/random.js";
import { builtins } from "./builtins.js";
import { declareMethods, PyClass } from "./classes.js";
import { tensorMembers } from "./tensor-members.js";
import { moduleMembers, containerMembers } from "./module-members.js";
import { floatRepr, strRepr } from "./scalars.js";
import { row, type TypeRow } from "./types.js";

export const tensorClass = declareMethods(
  new PyClass({ module: "torch", qualname: "Tensor", doc: "An n-dimensional array of one dtype, viewing a storage through sizes, strides and an offset. Tensors read from a file load their bytes on first use.", members: tensorMembers }),
  Tensor,
);

export const parameterClass = new PyClass({
  module: "torch.nn.parameter",
  qualname: "Parameter",
  doc: "A tensor registered as a module's learnable weight; it prints with 'Parameter containing:' above the tensor.",
  bases: [tensorClass],
});

export const sizeClass = new PyClass({ module: "torch", qualname: "Size", doc: "A tensor's shape: a tuple of ints.", bases: [builtins.tuple] });
export const dtypeClass = new PyClass({ module: "torch", qualname: "dtype", doc: "The element type of a tensor, such as torch.float32." });
export const deviceClass = new PyClass({ module: "torch", qualname: "device", doc: "Where a tensor lives; weightscope keeps everything on the CPU." });
export const layoutClass = new PyClass({ module: "torch", qualname: "layout", doc: "How a tensor's elements are laid out in memory (torch.strided)." });
const generatorClass = new PyClass({ module: "torch._C", qualname: "Generator", doc: "torch's CPU random number generator: manual_seed(seed), initial_seed(), seed()." });

export const moduleClass = new PyClass({
  module: "torch.nn.modules.module",
  qualname: "Module",
  doc: "The base of every torch layer and model: named parameters, buffers and submodules, organised as a tree. weightscope reads modules from files, inspects, casts and reloads them, and runs them (module(x), module.forward(x)) for inference and for torch's training-mode batch norm.",
  members: moduleMembers,
});

const incompatibleBase = new PyClass({ module: "torch.nn.modules.module", qualname: "IncompatibleKeys", doc: "A named tuple of two lists: missing_keys and unexpected_keys.", bases: [builtins.tuple] });
export const incompatibleKeysClass = new PyClass({
  module: "torch.nn.modules.module",
  qualname: "_IncompatibleKeys",
  doc: "What load_state_dict returns: the keys the module wanted but did not get, and the keys it got but has no place for.",
  bases: [incompatibleBase],
  members: {
    missing_keys: { kind: "attribute", doc: "Keys of the module's state_dict that the given dict lacked." },
    unexpected_keys: { kind: "attribute", doc: "Keys of the given dict that the module has no parameter or buffer for." },
  },
});

const exceptionClass = new PyClass({ module: "builtins", qualname: "Exception", doc: "The base of ordinary errors.", bases: [builtins.object] });
const runtimeErrorClass = new PyClass({ module: "builtins", qualname: "RuntimeError", doc: "An error found while running.", bases: [exceptionClass] });
const weightscopeErrorClass = new PyClass({ module: "weightscope", qualname: "WeightscopeError", doc: "An error weightscope raises on purpose; its message names the file and the place.", bases: [exceptionClass] });
const stateDictErrorClass = new PyClass({
  module: "weightscope",
  qualname: "StateDictError",
  doc: "A state_dict that does not fit its module; the message is torch's RuntimeError text.",
  bases: [weightscopeErrorClass, runtimeErrorClass],
});

/** Python's `Module.__dir__` drops names that cannot be attributes (a Sequential's "0", "1"...). */
function moduleAttributes(module: TorchModule): string[] {
  const names: string[] = [];
  for (const store of [module.__dict__, module._parameters, module._modules, module._buffers]) {
    for (const key of store.keys()) if (typeof key === "string" && !/^\d/.test(key)) names.push(key);
  }
  return names;
}

const moduleClasses = new Map<string, PyClass>();

/** `Conv2d(in_channels, out_channels, kernel_size, stride=1, ...)`, from the kinds table's argument rows. */
function signatureOf(kind: ModuleKind): string {
  const args = kind.args.map((arg) => (arg.default === REQUIRED ? arg.name : `${arg.name}=${defaultText(arg.default, arg.type)}`));
  return `${kind.name}(${args.join(", ")})`;
}

function defaultText(value: unknown, type: string): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return strRepr(value);
  // The table keeps 2.0 as the JavaScript number 2; its declared type says it is a float.
  if (typeof value === "number" && type.startsWith("float")) return floatRepr(value);
  return String(value);
}

/** The class of a module read from a file, one per qualified class name: `torch.nn.modules.conv.Conv2d`. */
export function classOfModule(className: string): PyClass {
  let cls = moduleClasses.get(className);
  if (cls) return cls;
  const dot = className.lastIndexOf(".");
  const kind = moduleKinds.get(className);
  const container = kind?.container;
  cls = new PyClass({
    module: dot < 0 ? "__main__" : className.slice(0, dot),
    qualname: className.slice(dot + 1),
    doc: kind
      ? `torch.nn.${kind.name} as read from a file: its constructor arguments are attributes and its weights are parameters.`
      : "A module class from the author's own code. weightscope has its parameters, buffers, submodules and attributes, but not its code.",
    bases: [moduleClass],
    ...(kind ? { signature: signatureOf(kind) } : {}),
    members: container ? containerMembers(container) : {},
  });
  moduleClasses.set(className, cls);
  return cls;
}

/** The JavaScript classes a namespace hands out (`torch.Tensor`, `torch.nn.Module`) as the Python classes they stand for. */
export const classOfConstructor: ReadonlyMap<unknown, PyClass> = new Map<unknown, PyClass>([
  [Tensor, tensorClass],
  // `torch.Tensor` at the prompt is a callable stand-in for the class (torch.Tensor([1, 2]) builds one).
  [TensorConstructor, tensorClass],
  [TorchModule, moduleClass],
  [TorchSize, sizeClass],
  // `torch.Size` likewise: torch.Size([1, 2]) builds one.
  [SizeConstructor, sizeClass],
  [Device, deviceClass],
]);

function isModuleKind(value: unknown): value is ModuleKind {
  return typeof value === "object" && value !== null && moduleKinds.get(`${(value as ModuleKind).module}.${(value as ModuleKind).name}`) === value;
}

/** A Python class as a namespace holds it: a PyClass, a mapped JavaScript class or a row of the kinds table. */
export function asPythonClass(value: unknown): PyClass | undefined {
  if (value instanceof PyClass) return value;
  const kind = isModuleKind(value) ? value : kindOfModuleClass(value);
  if (kind) return classOfModule(`${kind.module}.${kind.name}`);
  return classOfConstructor.get(value);
}

/** Rows for torch values; before the builtin rows, since torch.Size is a tuple and errors are objects. */
export const torchRows: readonly TypeRow<unknown>[] = [
  row<Tensor>({
    test: (v) => v instanceof Tensor,
    cls: (v) => (v.isParameter ? parameterClass : tensorClass),
    repr: (v) => {
      const text = String(v);
      return v.isParameter && !text.startsWith("Parameter containing:") ? `Parameter containing:\n${text}` : text;
    },
    len: (v) => {
      if (v.ndim === 0) throw new PythonTypeError("len() of a 0-d tensor");
      return v.shape[0]!;
    },
  }),
  row<TorchSize>({ test: (v) => v instanceof TorchSize, cls: sizeClass, repr: (v) => `torch.Size([${v.join(", ")}])`, len: (v) => v.length }),
  row<TorchDtype>({ test: (v) => v instanceof TorchDtype, cls: dtypeClass, repr: (v) => String(v) }),
  row<Device>({ test: (v) => v instanceof Device, cls: deviceClass, repr: (v) => `device(type=${strRepr(v.type)}${v.index === null ? "" : `, index=${v.index}`})`, str: (v) => String(v) }),
  row<Layout>({ test: (v) => v instanceof Layout, cls: layoutClass, repr: (v) => String(v) }),
  // Python shows the object's address; the generator has one per process, so one made-up address serves.
  row<TorchGenerator>({ test: (v) => v instanceof TorchGenerator, cls: generatorClass, repr: () => "<torch._C.Generator object at 0x7f0000000000>" }),
  row<TorchModule>({
    test: (v) => v instanceof TorchModule,
    cls: (v) => classOfModule(v.className),
    repr: (v) => String(v),
    len: (v) => {
      if (!v.kind?.container) throw new PythonTypeError(`object of type '${v.__name__}' has no len()`);
      return v._modules.size;
    },
    attributes: moduleAttributes,
  }),
  row<IncompatibleKeys>({ test: (v) => v instanceof IncompatibleKeys, cls: incompatibleKeysClass, repr: (v) => String(v), len: () => 2 }),
  row<StateDictError>({ test: (v) => v instanceof StateDictError, cls: stateDictErrorClass, repr: (v) => `StateDictError(${strRepr(v.message)})`, str: (v) => v.message }),
  row<WeightscopeError>({ test: (v) => v instanceof WeightscopeError, cls: weightscopeErrorClass, repr: (v) => `${v.name}(${strRepr(v.message)})`, str: (v) => v.message }),
  row<unknown>({ test: (v) => asPythonClass(v) !== undefined, cls: builtins.type, repr: (v) => asPythonClass(v)!.toString() }),
];
