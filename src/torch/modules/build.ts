// torch.nn's classes as JavaScript callables: `torch.nn.Linear(120, 84)`, with or without `new`, builds the module torch's __init__ builds.
//
// A class is one row of the kinds table (its signature) and one constructor row (its __init__ body); this
// file binds a call's arguments to that signature, runs the body on a fresh TorchModule and fills the
// containers. The callables stand for the classes: `m instanceof torch.nn.Linear` holds for any Linear, read
// from a file or built here, and `torch.nn.Parameter(t)` marks a tensor as a parameter.
import { OrderedDict, PyDict } from "../../python/values.js";
import { DTYPES, Tensor, toDType, type DType, type DTypeLike } from "../../tensor/index.js";
import { Device } from "../values.js";
import { bindArguments, isKeywords, splitCall, type Signature } from "./call-args.js";
import { ModuleKeyError, ModuleTypeError, ModuleValueError } from "./errors.js";
import { asParameter, constructorRows, Setup, type ConstructorRow } from "./constructors.js";
import { pythonTypeName as pyTypeName } from "../type-name.js";
import { moduleKindRows, type ArgSpec, type ModuleKind } from "./kinds.js";
import { TorchModule } from "./module.js";

/** The signature Python binds a class's call against: the kinds row's arguments, then device and dtype where torch takes them. */
export function signatureOf(kind: ModuleKind, row: ConstructorRow, taken: ReadonlyMap<string, unknown> = new Map()): Signature {
  const parameters = kind.args.filter((arg) => !taken.has(arg.name)).map((arg) => [arg.name, arg.default] as const);
  const factory = row.factory ? ([["device", null], ["dtype", null]] as const) : [];
  return { owner: row.owner, parameters: [...parameters, ...factory], supplied: row.supplied ?? 0, anything: row.anything ?? false };
}

/** The float dtype a module's parameters take from the `device` and `dtype` keywords; only the CPU exists here. */
function factoryDtype(owner: string, device: unknown, dtype: unknown): DType {
  const onCpu = device === null || device === undefined || (device instanceof Device ? device.type === "cpu" : typeof device === "string" && /^cpu(:0)?$/.test(device));
  if (!onCpu) throw new ModuleTypeError(`${owner}: device=${String(device)}: weightscope builds modules on the CPU only`);
  if (dtype === null || dtype === undefined) return "float32";
  const name = toDType(dtype as DTypeLike);
  if (DTYPES[name].kind !== "float") throw new ModuleTypeError(`${owner}: dtype=${name}: modules are built with floating-point parameters`);
  return name;
}

/** `torch.nn.<Kind>(*args, **kwargs)` for a class with parameters or settings (not a container). */
function buildLayer(kind: ModuleKind, args: readonly unknown[]): TorchModule {
  const row = constructorRows[kind.name];
  if (!row) throw new ModuleTypeError(`weightscope cannot build ${kind.name} yet`);
  const { positional, keywords } = splitCall(args);
  const taken = row.takeKeywords?.(keywords) ?? new Map<string, unknown>();
  const bound = bindArguments(signatureOf(kind, row, taken), positional, keywords);
  for (const [name, value] of taken) bound.set(name, value);
  const dtype = factoryDtype(kind.name, bound.get("device"), bound.get("dtype"));
  const module = new TorchModule(`${kind.module}.${kind.name}`);
  const specs = new Map<string, ArgSpec>(kind.args.map((arg) => [arg.name, arg]));
  row.init(new Setup(module, bound, specs, dtype));
  return module;
}

/** `add_module(name, module)` with torch's checks, for the containers' own filling. */
function addModule(parent: TorchModule, name: unknown, child: unknown): void {
  if (!(child instanceof TorchModule) && child !== null) throw new ModuleTypeError(`${pyTypeName(child)} is not a Module subclass`);
  if (typeof name !== "string") throw new ModuleTypeError(`module name should be a string. Got ${pyTypeName(name)}`);
  if (name in parent && !parent._modules.has(name)) throw new ModuleKeyError(`attribute '${name}' already exists`);
  if (name.includes(".")) throw new ModuleKeyError(`module name can't contain ".", got: ${name}`);
  if (name === "") throw new ModuleKeyError(`module name can't be empty string ""`);
  parent._modules.set(name, child);
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.iterator in value;
}

/** A JavaScript object of modules given to ModuleDict is its mapping, not keyword arguments. */
function isModuleMapping(value: unknown): value is Record<string, unknown> {
  return isKeywords(value) && Object.keys(value).length > 0 && Object.values(value).every((item) => item instanceof TorchModule);
}

/** ModuleDict.update: a mapping's items in order, or an iterable of (key, module) pairs. */
function updateModuleDict(module: TorchModule, modules: unknown): void {
  if (modules instanceof PyDict) {
    for (const [key, child] of modules.entries()) addModule(module, key, child);
  } else if (isKeywords(modules)) {
    for (const [key, child] of Object.entries(modules)) addModule(module, key, child);
  } else if (isIterable(modules)) {
    let j = 0;
    for (const pair of modules) {
      if (!Array.isArray(pair)) throw new ModuleTypeError(`ModuleDict update sequence element #${j} should be Iterable; is${pyTypeName(pair)}`);
      if (pair.length !== 2) throw new ModuleValueError(`ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`);
      addModule(module, pair[0], pair[1]);
      j++;
    }
  } else {
    throw new ModuleTypeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${pyTypeName(modules)}`);
  }
}

/** Sequential(*modules) or Sequential(OrderedDict), ModuleList(modules=None), ModuleDict(modules=None). */
function buildContainer(kind: ModuleKind, args: readonly unknown[]): TorchModule {
  const module = new TorchModule(`${kind.module}.${kind.name}`);
  const dictGiven = kind.container === "dict" && args.length === 1 && isModuleMapping(args[0]);
  const { positional, keywords } = dictGiven ? { positional: [...args], keywords: new Map<string, unknown>() } : splitCall(args);
  if (kind.container === "sequential") {
    bindArguments({ owner: kind.name, parameters: [] }, [], keywords);
    if (positional.length === 1 && positional[0] instanceof OrderedDict) {
      for (const [key, child] of positional[0].entries()) addModule(module, key, child);
    } else {
      positional.forEach((child, i) => addModule(module, String(i), child));
    }
    return module;
  }
  const modules = bindArguments({ owner: kind.name, parameters: [["modules", null]] }, positional, keywords).get("modules");
  if (modules === null || modules === undefined) return module;
  if (kind.container === "dict") {
    updateModuleDict(module, modules);
  } else {
    if (!isIterable(modules)) throw new ModuleTypeError(`ModuleList.extend should be called with an iterable, but got ${pyTypeName(modules)}`);
    let i = 0;
    for (const child of modules) addModule(module, String(i++), child);
  }
  return module;
}

/** Builds a module of a known class from a call's arguments, as `torch.nn.<Kind>(...)` does. */
export function buildModule(kind: ModuleKind, args: readonly unknown[]): TorchModule {
  return kind.container ? buildContainer(kind, args) : buildLayer(kind, args);
}

/** A class of torch.nn as JavaScript holds it: callable with or without `new`. */
export type ModuleClass = ((...args: unknown[]) => TorchModule) & (new (...args: unknown[]) => TorchModule);

const kindOfClass = new Map<unknown, ModuleKind>();

function classOf(kind: ModuleKind): ModuleClass {
  // A plain function, so `new` works too: a constructor that returns an object gives that object.
  const build = function (...args: unknown[]): TorchModule {
    // `super()` from a JavaScript subclass would hand back a plain module and lose the subclass's methods.
    if (new.target !== undefined && new.target !== build) {
      throw new ModuleTypeError(`a JavaScript class cannot extend torch.nn.${kind.name}; extend torch.nn.Module and give it a ${kind.name} attribute`);
    }
    return buildModule(kind, args);
  };
  Object.defineProperty(build, "name", { value: kind.name });
  Object.defineProperty(build, Symbol.hasInstance, { value: (value: unknown) => value instanceof TorchModule && value.kind === kind });
  kindOfClass.set(build, kind);
  return build as unknown as ModuleClass;
}

/** torch.nn's classes by name (`Conv2d`), one per row of the kinds table. */
export const moduleClasses: Readonly<Record<string, ModuleClass>> = Object.freeze(Object.fromEntries(moduleKindRows.map((kind) => [kind.name, classOf(kind)])));

/** The kinds row a `torch.nn.<Kind>` callable stands for, so the Python face can treat it as the class. */
export function kindOfModuleClass(value: unknown): ModuleKind | undefined {
  return kindOfClass.get(value);
}

/**
 * `torch.nn.Parameter(data=None, requires_grad=True)`: the tensor's storage as a parameter (no copy, as in
 * torch); with no data, an empty float32 parameter.
 */
export function Parameter(...args: unknown[]): Tensor {
  const { positional, keywords } = splitCall(args);
  const bound = bindArguments({ owner: "Parameter", parameters: [["data", null], ["requires_grad", true]] }, positional, keywords);
  const data = bound.get("data") ?? Tensor.from([], { dtype: "float32" });
  if (!(data instanceof Tensor)) throw new ModuleTypeError(`Parameter(): data must be a Tensor, not ${pyTypeName(data)}`);
  return asParameter(data, bound.get("requires_grad") !== false);
}
Object.defineProperty(Parameter, Symbol.hasInstance, { value: (value: unknown) => value instanceof Tensor && value.isParameter });
