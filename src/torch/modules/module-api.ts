// The rest of torch.nn.Module's public API on TorchModule: state_dict with hooks, registration, lookup by path, casts.
import { TorchFileError } from "../../errors.js";
import { OrderedDict, PyDict, PyTuple } from "../../python/values.js";
import { isDType, Tensor, type DType } from "../../tensor/index.js";
import { Device, TorchDtype } from "../values.js";
import { loadStateDict, IncompatibleKeys, StateDictError } from "./loadStateDict.js";
import { isTensor, TorchModule } from "./module.js";
import { extraRepr } from "./repr.js";
import { ModuleTypeError, ModuleValueError } from "./errors.js";

type Hook = (...args: unknown[]) => unknown;

/** A Python call's keyword arguments, passed as a last plain object (`state_dict({prefix: "m."})`). */
function splitKwargs(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (typeof last === "object" && last !== null && Object.getPrototypeOf(last) === Object.prototype) return [args.slice(0, -1), last as Record<string, unknown>];
  return [args, {}];
}

/** The hooks of one of the module's hook dicts that can run: functions given in JavaScript. A file's hooks are data and never run. */
function hooksOf(module: TorchModule, store: string): Hook[] {
  const hooks = module.__dict__.get(store);
  return hooks instanceof PyDict ? hooks.values().filter((hook): hook is Hook => typeof hook === "function") : [];
}

let nextHookId = 0;
function addHook(module: TorchModule, store: string, hook: unknown): { id: number; remove: () => void } {
  if (typeof hook !== "function") throw new TypeError(`${store}: a hook must be a function`);
  let hooks = module.__dict__.get(store);
  if (!(hooks instanceof PyDict)) module.__dict__.set(store, (hooks = new OrderedDict()));
  const id = nextHookId++;
  (hooks as PyDict).set(id, hook);
  return { id, remove: () => void (hooks as PyDict).delete(id) };
}

/** Walks a dotted path (`features.0.conv`) down the submodules; the error names the part that is not there. */
function submoduleAt(root: TorchModule, target: string): TorchModule {
  let module = root;
  if (target === "") return module;
  for (const part of target.split(".")) {
    const child = module._modules.get(part);
    if (!(child instanceof TorchModule)) throw new TorchFileError(`${module.__name__} has no attribute \`${part}\``, { place: target });
    module = child;
  }
  return module;
}

function memberAt(root: TorchModule, target: string, store: "_parameters" | "_buffers", what: string): Tensor {
  const dot = target.lastIndexOf(".");
  const owner = submoduleAt(root, dot < 0 ? "" : target.slice(0, dot));
  const value = owner[store].get(target.slice(dot + 1));
  if (!isTensor(value)) throw new TorchFileError(`${owner.__name__} has no ${what} \`${target.slice(dot + 1)}\``, { place: target });
  return value;
}

/** Casts floating parameters and buffers of every module below `root` in place (parameters keep their flag). */
function castFloats(root: TorchModule, dtype: DType, onlyFloats = true): TorchModule {
  for (const module of root.modules()) {
    for (const store of [module._parameters, module._buffers]) {
      for (const [name, value] of store.entries()) {
        if (!(value instanceof Tensor) || (onlyFloats && !value.dtype.is_floating_point)) continue;
        const cast = value.to(dtype);
        store.set(name, cast === value ? value : Tensor.fromStorage(cast.storage, cast.storageOffset, [...cast.shape], [...cast.strides], { requiresGrad: value.requires_grad, parameter: value.isParameter }));
      }
    }
  }
  return root;
}

function dtypeOf(value: unknown): DType | undefined {
  if (value instanceof TorchDtype) return value.name;
  if (typeof value === "string") {
    const name = value.replace(/^torch\./, "");
    return isDType(name) ? name : undefined;
  }
  return undefined;
}

/** `state_dict(destination=None, prefix='', keep_vars=False)` as torch 1.13 runs it, hooks included. */
export function stateDict(module: TorchModule, args: unknown[]): OrderedDict {
  const [positional, kwargs] = splitKwargs(args);
  let destination = (kwargs.destination ?? positional[0] ?? null) as PyDict | null;
  const prefix = String(kwargs.prefix ?? positional[1] ?? "");
  const keepVars = Boolean(kwargs.keep_vars ?? positional[2] ?? false);
  if (destination === null) {
    destination = new OrderedDict();
    destination.__dict__.set("_metadata", new OrderedDict());
  }
  const localMetadata = new PyDict([["version", module.kind?.version ?? 1]]);
  const metadata = destination.__dict__.get("_metadata");
  if (metadata instanceof PyDict) metadata.set(prefix.slice(0, -1), localMetadata);
  moduleApi._save_to_state_dict.call(module, destination, prefix, keepVars);
  for (const [name, child] of module._modules.entries()) {
    if (child instanceof TorchModule) stateDict(child, [{ destination, prefix: `${prefix}${String(name)}.`, keep_vars: keepVars }]);
  }
  for (const hook of hooksOf(module, "_state_dict_hooks")) {
    const result = hook(module, destination, prefix, localMetadata);
    if (result !== undefined && result !== null) destination = result as PyDict;
  }
  return destination as OrderedDict;
}

/** `load_state_dict(state_dict, strict=True)` with torch's pre- and post-hooks around weightscope's checked copy. */
export function loadStateDictWithHooks(root: TorchModule, given: PyDict, strict: boolean): IncompatibleKeys {
  const named = root.named_modules() as Array<PyTuple<unknown>>;
  const hasPostHooks = named.some(([, m]) => hooksOf(m as TorchModule, "_load_state_dict_post_hooks").length > 0);
  const preErrors: string[] = [];
  for (const [name, m] of named) {
    const prefix = name === "" ? "" : `${String(name)}.`;
    for (const hook of hooksOf(m as TorchModule, "_load_state_dict_pre_hooks")) hook(given, prefix, new PyDict(), strict, [], [], preErrors);
  }
  if (preErrors.length > 0) throw new StateDictError(`Error(s) in loading state_dict for ${root.__name__}:\n\t${preErrors.join("\n\t")}`);
  if (!hasPostHooks) return loadStateDict(root, given, strict);
  // Post-hooks may forgive keys, so the strict check waits for them (as in torch, the copy is then done).
  const result = loadStateDict(root, given, false);
  for (const [, m] of named) for (const hook of hooksOf(m as TorchModule, "_load_state_dict_post_hooks")) hook(m, result);
  if (strict && (result.missing_keys.length > 0 || result.unexpected_keys.length > 0)) {
    const quoted = (keys: string[]): string => keys.map((key) => `"${key}"`).join(", ");
    const errors = [
      ...(result.missing_keys.length > 0 ? [`Missing key(s) in state_dict: ${quoted(result.missing_keys)}. `] : []),
      ...(result.unexpected_keys.length > 0 ? [`Unexpected key(s) in state_dict: ${quoted(result.unexpected_keys)}. `] : []),
    ];
    throw new StateDictError(`Error(s) in loading state_dict for ${root.__name__}:\n\t${errors.join("\n\t")}`);
  }
  return result;
}

/** Renumbers a Sequential's or ModuleList's children 0..n-1 after an insert or a pop. */
function renumber(module: TorchModule, children: unknown[]): void {
  module._modules.clear();
  children.forEach((child, i) => module._modules.set(String(i), child));
}

/**
 * Module methods beyond the class's own, looked up by the module's Proxy after the class. Each runs with
 * the module users hold as `this`; Python keyword arguments come as a last object.
 */
export const moduleApi = {
  __getstate__(this: TorchModule): PyDict {
    const state = new PyDict(this.__dict__.entries());
    state.update([["training", this.training], ["_parameters", this._parameters], ["_buffers", this._buffers], ["_non_persistent_buffers_set", this._non_persistent_buffers_set], ["_modules", this._modules]]);
    return state;
  },
  __setstate__(this: TorchModule, state: PyDict): void {
    this.setState(state);
  },
  _get_name(this: TorchModule): string {
    return this.kind?.name ?? this.__name__;
  },
  extra_repr(this: TorchModule): string {
    return extraRepr(this);
  },
  _save_to_state_dict(this: TorchModule, destination: PyDict, prefix: string, keepVars: boolean): void {
    for (const [name, value] of this._parameters.entries()) if (isTensor(value)) destination.set(prefix + String(name), keepVars ? value : value.detach());
    for (const [name, value] of this._buffers.entries()) {
      if (isTensor(value) && !this._non_persistent_buffers_set.has(String(name))) destination.set(prefix + String(name), keepVars ? value : value.detach());
    }
  },
  /** This module's own tensors only: the dict is cut down to them, loaded without strictness, and the findings reported as torch does. */
  _load_from_state_dict(this: TorchModule, given: PyDict, prefix: string, localMetadata: PyDict, strict: boolean, missing: string[], unexpected: string[], errors: string[]): void {
    const own = [...this._parameters.keys(), ...this._buffers.keys().filter((name) => !this._non_persistent_buffers_set.has(String(name)))].map(String);
    const local = new OrderedDict(own.filter((name) => given.has(prefix + name)).map((name) => [name, given.get(prefix + name)]));
    local.__dict__.set("_metadata", new PyDict([["", localMetadata]]));
    const shallow = new TorchModule(this.className);
    shallow.setState(moduleApi.__getstate__.call(this));
    shallow._modules.clear();
    try {
      const result = loadStateDict(shallow, local, false);
      missing.push(...result.missing_keys.map((key) => prefix + key));
    } catch (error) {
      if (!(error instanceof StateDictError)) throw error;
      errors.push(...error.detail.split("\n\t").slice(1));
    }
    if (!strict) return;
    for (const key of given.keys()) {
      if (typeof key !== "string" || !key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split(".", 1)[0]!;
      if (!this._modules.has(first) && !own.includes(first)) unexpected.push(key);
    }
  },
  _register_state_dict_hook(this: TorchModule, hook: unknown) {
    return addHook(this, "_state_dict_hooks", hook);
  },
  _register_load_state_dict_pre_hook(this: TorchModule, hook: unknown, withModule = false) {
    const module = this;
    const run = withModule ? (...args: unknown[]) => (hook as Hook)(module, ...args) : hook;
    return addHook(this, "_load_state_dict_pre_hooks", run);
  },
  register_load_state_dict_post_hook(this: TorchModule, hook: unknown) {
    return addHook(this, "_load_state_dict_post_hooks", hook);
  },
  get_extra_state(this: TorchModule): never {
    throw new TorchFileError("Reached a code path in Module.get_extra_state() that should never be called: this module class defines no extra state");
  },
  set_extra_state(this: TorchModule): never {
    throw new TorchFileError("Reached a code path in Module.set_extra_state() that should never be called: this module class defines no extra state");
  },
  add_module(this: TorchModule, name: string, module: TorchModule | null): void {
    if (typeof name !== "string" || name === "" || name.includes(".")) throw new TypeError(`module name can't be empty or contain ".", got: ${String(name)}`);
    this._modules.set(name, module);
  },
  register_module(this: TorchModule, name: string, module: TorchModule | null): void {
    moduleApi.add_module.call(this, name, module);
  },
  register_buffer(this: TorchModule, name: string, tensor: Tensor | null, ...rest: unknown[]): void {
    const [positional, kwargs] = splitKwargs(rest);
    const persistent = (kwargs.persistent ?? positional[0] ?? true) !== false;
    this._buffers.set(name, tensor);
    if (persistent) this._non_persistent_buffers_set.delete(name);
    else this._non_persistent_buffers_set.add(name);
  },
  register_parameter(this: TorchModule, name: string, param: Tensor | null): void {
    this._parameters.set(name, param);
  },
  get_submodule(this: TorchModule, target: string): TorchModule {
    return submoduleAt(this, target);
  },
  get_parameter(this: TorchModule, target: string): Tensor {
    return memberAt(this, target, "_parameters", "parameter");
  },
  get_buffer(this: TorchModule, target: string): Tensor {
    return memberAt(this, target, "_buffers", "buffer");
  },
  apply(this: TorchModule, fn: (module: TorchModule) => void): TorchModule {
    for (const child of this.children()) moduleApi.apply.call(child, fn);
    fn(this);
    return this;
  },
  requires_grad_(this: TorchModule, requiresGrad: boolean | { requires_grad?: boolean } = true): TorchModule {
    const flag = typeof requiresGrad === "object" ? requiresGrad.requires_grad ?? true : requiresGrad;
    for (const parameter of this.parameters()) parameter.requires_grad = flag;
    return this;
  },
  zero_grad(this: TorchModule): void {},
  share_memory(this: TorchModule): TorchModule {
    return this;
  },
  cpu(this: TorchModule): TorchModule {
    return this;
  },
  float(this: TorchModule): TorchModule {
    return castFloats(this, "float32");
  },
  double(this: TorchModule): TorchModule {
    return castFloats(this, "float64");
  },
  half(this: TorchModule): TorchModule {
    return castFloats(this, "float16");
  },
  bfloat16(this: TorchModule): TorchModule {
    return castFloats(this, "bfloat16");
  },
  type(this: TorchModule, dstType: unknown): TorchModule {
    const dtype = dtypeOf(dstType);
    if (!dtype) throw new TypeError(`type(): unknown dtype ${String(dstType)}`);
    return castFloats(this, dtype, false);
  },
  /** `to(dtype)`, `to("cpu")`, `to(device, dtype)`, `to({dtype})`: only the CPU exists here. */
  to(this: TorchModule, ...args: unknown[]): TorchModule {
    const [positional, kwargs] = splitKwargs(args);
    let dtype: DType | undefined = dtypeOf(kwargs.dtype);
    for (const arg of [...positional, kwargs.device]) {
      if (arg === undefined || arg === null) continue;
      const asDtype = dtypeOf(arg);
      if (asDtype) dtype = asDtype;
      else if (!(arg instanceof Device ? arg.type === "cpu" : typeof arg === "string" && /^cpu(:0)?$/.test(arg))) throw new TorchFileError(`to(${String(arg)}): weightscope holds tensors on the CPU only`);
    }
    return dtype ? castFloats(this, dtype) : this;
  },
  __len__(this: TorchModule): number {
    return this._modules.size;
  },
  append(this: TorchModule, module: TorchModule): TorchModule {
    this._modules.set(String(this._modules.size), module);
    return this;
  },
  extend(this: TorchModule, modules: Iterable<TorchModule>): TorchModule {
    for (const module of modules) moduleApi.append.call(this, module);
    return this;
  },
  insert(this: TorchModule, index: number, module: TorchModule): TorchModule {
    const children = this._modules.values();
    const at = index < 0 ? Math.max(0, children.length + index) : Math.min(index, children.length);
    children.splice(at, 0, module);
    renumber(this, children);
    return this;
  },
  pop(this: TorchModule, key: number | string): unknown {
    if (this.kind?.container === "dict") return this._modules.pop(key);
    const children = this._modules.values();
    const index = Number(key) < 0 ? children.length + Number(key) : Number(key);
    if (!(index >= 0 && index < children.length)) throw new RangeError(`index ${String(key)} is out of range`);
    const [removed] = children.splice(index, 1);
    renumber(this, children);
    return removed;
  },
  /** ModuleDict's `update(modules)`: a mapping (dict, OrderedDict, ModuleDict, plain object) or (key, module) pairs, in order. */
  update(this: TorchModule, modules: unknown): void {
    for (const [key, module] of updatePairs(modules)) moduleApi.add_module.call(this, String(key), module as TorchModule);
  },
  clear(this: TorchModule): void {
    for (const key of this._modules.keys()) this._modules.delete(key);
  },
  keys(this: TorchModule) {
    return this._modules.keys();
  },
  values(this: TorchModule) {
    return this._modules.values();
  },
  items(this: TorchModule) {
    return this._modules.items();
  },
};

function updatePairs(modules: unknown): Array<readonly [unknown, unknown]> {
  if (modules instanceof TorchModule) return [...modules._modules.entries()];
  if (modules instanceof PyDict) return [...modules.entries()];
  if (typeof modules === "object" && modules !== null && Object.getPrototypeOf(modules) === Object.prototype) return Object.entries(modules);
  if (typeof modules !== "object" || modules === null || !(Symbol.iterator in modules)) {
    throw new ModuleTypeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${modules === null ? "None" : typeof modules}`);
  }
  return [...(modules as Iterable<unknown>)].map((pair, index) => {
    if (typeof pair !== "object" || pair === null || !(Symbol.iterator in pair)) throw new ModuleTypeError(`ModuleDict update sequence element #${index} should be Iterable; is ${typeof pair}`);
    const items = [...(pair as Iterable<unknown>)];
    if (items.length !== 2) throw new ModuleValueError(`ModuleDict update sequence element #${index} has length ${items.length}; 2 is required`);
    return [items[0], items[1]] as const;
  });
}
