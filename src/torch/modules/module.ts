// TorchModule: a torch.nn.Module read from a file, with the attribute access and traversal methods of Python's Module.
import { PICKLE_SETSTATE } from "../../pickle/index.js";
import { OrderedDict, PyDict, PySet, PyTuple, PyTypeVar } from "../../python/values.js";
import type { Tensor } from "../../tensor/index.js";
import { moduleKinds, type ModuleArgs, type ModuleKind } from "./kinds.js";
import type { IncompatibleKeys } from "./loadStateDict.js";
import { loadStateDictWithHooks, moduleApi, stateDict } from "./module-api.js";
import { bindMethod } from "../../python/bound.js";
import { moduleRepr } from "./repr.js";
import { runForward } from "./forward.js";
import { ModuleNotImplementedError, ModuleTypeError } from "./errors.js";

/** Fields of a Module's pickled `__dict__` that the TorchModule holds in fields of its own. */
const ownFields = new Set(["_parameters", "_buffers", "_modules", "training", "_non_persistent_buffers_set"]);

/**
 * A module as Python sees it. `kind` is the row of the known torch.nn class, or undefined for a class only
 * the author's script had (`__main__.Model`), which is still a module: its parameters, buffers and
 * submodules are all in the file. Attributes resolve as Python's `Module.__getattr__` does: the object's
 * own members first, then `_parameters`, `_buffers`, `_modules` and the other pickled attributes, so
 * `m.fc1.weight` and `m[0]` work.
 */

const T_DESTINATION = new PyTypeVar("T_destination");
export class TorchModule {
  /** Qualified Python class name, `torch.nn.modules.conv.Conv2d` or `__main__.Model`. */
  readonly className: string;
  readonly kind: ModuleKind | undefined;
  readonly _parameters: OrderedDict = new OrderedDict();
  readonly _buffers: OrderedDict = new OrderedDict();
  readonly _modules: OrderedDict = new OrderedDict();
  readonly _non_persistent_buffers_set: Set<string> = new PySet() as Set<string>;
  /** Every other attribute (constructor arguments, hooks, user attributes), as Python's `vars()` has them. */
  readonly __dict__: PyDict = new PyDict();
  training = true;
  /** Class attributes torch.nn.Module declares for every module (kept so dir() and getmembers() match torch's). */
  get dump_patches(): boolean {
    return false;
  }
  get T_destination(): PyTypeVar {
    return T_DESTINATION;
  }
  /** Parameters, buffers, submodules and attributes, reached through the proxy as Python reaches them (`m.fc1`). */
  [key: string]: unknown;
  // Registration methods live in module-api.ts and are served by the proxy; declared here for subclasses written in TypeScript.
  declare readonly register_buffer: OmitThisParameter<(typeof moduleApi)["register_buffer"]>;
  declare readonly register_parameter: OmitThisParameter<(typeof moduleApi)["register_parameter"]>;
  declare readonly add_module: OmitThisParameter<(typeof moduleApi)["add_module"]>;
  declare readonly register_module: OmitThisParameter<(typeof moduleApi)["register_module"]>;

  /**
   * `className` names the class a file gave; without it the module is of the class being constructed: a bare
   * `torch.nn.Module`, or a JavaScript subclass (`class LeNet5 extends torch.nn.Module`), which Python sees as
   * `__main__.LeNet5`, a class only its author's script has, as a pickled `__main__.Model` is.
   */
  constructor(className?: string) {
    this.className = className ?? (new.target === TorchModule ? "torch.nn.modules.module.Module" : `__main__.${new.target.name}`);
    this.kind = moduleKinds.get(this.className);
    // `module(x)` needs a callable proxy target; the target only stands in for this object, to which every trap forwards.
    const callable = (() => undefined) as unknown as TorchModule;
    const proxy = new Proxy(callable, moduleAttributes);
    standIns.set(callable, { module: this, proxy });
    // util.inspect looks through a proxy at its target, so the stand-in carries the repr hook itself.
    Object.defineProperty(callable, Symbol.for("nodejs.util.inspect.custom"), { value: () => moduleRepr(proxy) });
    return proxy;
  }

  /** Runs the module as torch's `Module.__call__` does, on tensors: `module.forward(x)` and `module(x)` are the same. */
  forward(...args: unknown[]): unknown {
    // A bare Module, or a JavaScript subclass that defines no forward, has none, as in Python.
    if (!this.kind && (this.className === "torch.nn.modules.module.Module" || Object.getPrototypeOf(this) !== TorchModule.prototype)) {
      throw new ModuleNotImplementedError(`Module [${this.__name__}] is missing the required "forward" function`);
    }
    return runForward(this, args);
  }

  /** The bare class name, as `self.__class__.__name__`. */
  get __name__(): string {
    return this.className.slice(this.className.lastIndexOf(".") + 1);
  }

  /** Takes a pickled `__dict__` (pickle BUILD): module bookkeeping into fields, the rest into `__dict__`. */
  setState(state: PyDict): void {
    for (const [key, value] of state.entries()) {
      if (key === "_parameters" || key === "_buffers" || key === "_modules") {
        if (value instanceof PyDict) this[key].update(value);
      } else if (key === "training") {
        this.training = value !== false;
      } else if (key === "_non_persistent_buffers_set") {
        if (value instanceof Set) for (const name of value) if (typeof name === "string") this._non_persistent_buffers_set.add(name);
      } else {
        this.__dict__.set(key, value);
      }
    }
  }

  /** What pickle BUILD calls: the state is the module's `__dict__` (or a `(dict, slots)` pair). */
  [PICKLE_SETSTATE](state: unknown): void {
    if (state instanceof PyDict) this.setState(state);
    else if (state instanceof PyTuple) for (const part of state) if (part instanceof PyDict) this.setState(part);
  }

  /** Python's getattr fallback: parameters, buffers, submodules, then plain attributes. */
  getattr(name: string): unknown {
    for (const store of [this._parameters, this._buffers, this._modules, this.__dict__]) {
      if (store.has(name)) return store.get(name);
    }
    return undefined;
  }

  /** The constructor arguments this module was built with, recovered from its attributes (known kinds only). */
  constructorArgs(): ModuleArgs | undefined {
    if (!this.kind) return undefined;
    const args = new Map<string, unknown>();
    for (const spec of this.kind.args) {
      const source = spec.source;
      if ("attribute" in source) args.set(spec.name, this.__dict__.get(source.attribute, spec.default));
      else if ("hasParameter" in source) args.set(spec.name, this._parameters.get(source.hasParameter, null) !== null);
      else if ("buffer" in source) args.set(spec.name, this._buffers.get(source.buffer, null));
    }
    return args;
  }

  /** Child `i` of a Sequential/ModuleList, negative indices counting from the end as in Python. */
  at(index: number): TorchModule | undefined {
    const children = this._modules.values();
    const child = children[index < 0 ? children.length + index : index];
    return child instanceof TorchModule ? child : undefined;
  }

  get length(): number {
    return this._modules.size;
  }

  /** `state_dict(destination=None, prefix='', keep_vars=False)`: parameters and persistent buffers under dotted names, detached, hooks run. */
  state_dict(...args: unknown[]): OrderedDict {
    return stateDict(this, args);
  }

  /**
   * Copies a state_dict's tensors into this module's parameters and buffers, shape-checked. With strict
   * (the default) any missing or unexpected key throws torch's own message; otherwise they are returned.
   */
  load_state_dict(stateDict: PyDict, options: { strict?: boolean } | boolean = {}): IncompatibleKeys {
    const strict = typeof options === "boolean" ? options : options.strict ?? true;
    return loadStateDictWithHooks(this, stateDict, strict);
  }

  /** (name, module) for this module and every descendant, each module once, as Python's named_modules(). */
  named_modules(prefix = ""): PyTuple<unknown>[] {
    const out: PyTuple<unknown>[] = [];
    const seen = new Set<TorchModule>();
    const visit = (module: TorchModule, name: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push(pair(name, module));
      for (const [childName, child] of module._modules.entries()) {
        if (child instanceof TorchModule) visit(child, name ? `${name}.${String(childName)}` : String(childName));
      }
    };
    visit(this, prefix);
    return out;
  }

  modules(): TorchModule[] {
    return this.named_modules().map((entry) => entry[1] as TorchModule);
  }

  named_children(): PyTuple<unknown>[] {
    const out: PyTuple<unknown>[] = [];
    const seen = new Set<TorchModule>();
    for (const [name, child] of this._modules.entries()) {
      if (child instanceof TorchModule && !seen.has(child)) {
        seen.add(child);
        out.push(pair(String(name), child));
      }
    }
    return out;
  }

  children(): TorchModule[] {
    return this.named_children().map((entry) => entry[1] as TorchModule);
  }

  named_parameters(prefix = "", recurse = true): PyTuple<unknown>[] {
    return this.namedMembers("_parameters", prefix, recurse);
  }

  parameters(recurse = true): Tensor[] {
    return this.named_parameters("", recurse).map((entry) => entry[1] as Tensor);
  }

  named_buffers(prefix = "", recurse = true): PyTuple<unknown>[] {
    return this.namedMembers("_buffers", prefix, recurse);
  }

  buffers(recurse = true): Tensor[] {
    return this.named_buffers("", recurse).map((entry) => entry[1] as Tensor);
  }

  /** Sets training mode here and below; returns the module, as Python's train(). */
  train(mode = true): this {
    for (const module of this.modules()) module.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** `repr(module)` as torch prints it. */
  toString(): string {
    return moduleRepr(this);
  }

  /** console.log and the Node REPL show the torch repr too. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return moduleRepr(this);
  }

  /** Each tensor once (shared parameters are listed under their first name), as torch's `_named_members`. */
  private namedMembers(store: "_parameters" | "_buffers", prefix: string, recurse: boolean): PyTuple<unknown>[] {
    const out: PyTuple<unknown>[] = [];
    const seen = new Set<unknown>();
    const owners = recurse ? this.named_modules(prefix) : [pair(prefix, this)];
    for (const [ownerName, owner] of owners as Array<[string, TorchModule]>) {
      for (const [name, value] of owner[store].entries()) {
        if (!isTensor(value) || seen.has(value)) continue;
        seen.add(value);
        out.push(pair(ownerName ? `${ownerName}.${String(name)}` : String(name), value));
      }
    }
    return out;
  }
}

function pair(name: string, value: unknown): PyTuple<unknown> {
  const tuple = new PyTuple<unknown>();
  tuple.push(name, value);
  return tuple;
}

/** Duck check for a tensor, so this file does not depend on the tensor class at run time. */
export function isTensor(value: unknown): value is Tensor {
  return typeof value === "object" && value !== null && typeof (value as { detach?: unknown }).detach === "function" && "shape" in value && "dtype" in value;
}

function isIndex(name: string): boolean {
  return /^-?\d+$/.test(name);
}

function typeName(value: unknown): string {
  if (isTensor(value)) return `torch.${value.isParameter ? "nn.parameter.Parameter" : "Tensor"}`;
  if (value === null || value === undefined) return "None";
  if (value instanceof TorchModule) return value.className;
  return Array.isArray(value) ? "list" : typeof value === "object" ? "dict" : typeof value === "string" ? "str" : typeof value === "boolean" ? "bool" : typeof value === "number" ? (Number.isInteger(value) ? "int" : "float") : typeof value;
}

/** Python's `Module.__setattr__`: a Parameter or a module registers (leaving every other store), a registered name keeps its kind, the rest is a plain attribute. */
function assignAttribute(target: TorchModule, name: string, value: unknown): void {
  const refuse = (what: string, expected: string): never => {
    throw new ModuleTypeError(`cannot assign '${typeName(value)}' as ${what} '${name}' (${expected} or None expected)`);
  };
  const leave = (...stores: Array<PyDict | Set<string>>): void => {
    for (const store of stores) store.delete(name);
  };
  if (isTensor(value) && value.isParameter) {
    leave(target.__dict__, target._buffers, target._modules, target._non_persistent_buffers_set);
    target._parameters.set(name, value);
  } else if (target._parameters.has(name)) {
    if (value !== null) refuse("parameter", "torch.nn.Parameter");
    target._parameters.set(name, value);
  } else if (value instanceof TorchModule) {
    leave(target.__dict__, target._parameters, target._buffers, target._non_persistent_buffers_set);
    target._modules.set(name, value);
  } else if (target._modules.has(name)) {
    if (value !== null) refuse("child module", "torch.nn.Module");
    target._modules.set(name, value);
  } else if (target._buffers.has(name)) {
    if (value !== null && !isTensor(value)) refuse("buffer", "torch.Tensor");
    target._buffers.set(name, value);
  } else {
    target.__dict__.set(name, value);
  }
}

/** The object each callable stand-in represents, and the proxy users hold. */
const standIns = new WeakMap<object, { module: TorchModule; proxy: TorchModule }>();

function moduleOf(standIn: object): TorchModule {
  return standIns.get(standIn)!.module;
}

const moduleAttributes: ProxyHandler<TorchModule> = {
  get(standIn, prop, receiver) {
    const target = moduleOf(standIn);
    if (typeof prop === "string" && !(prop in target)) {
      if (Object.hasOwn(moduleApi, prop)) return bindMethod(receiver, prop, moduleApi[prop as keyof typeof moduleApi]);
      if (isIndex(prop) && target.kind?.container !== undefined && target.kind.container !== "dict") return target.at(Number(prop));
      return target.getattr(prop);
    }
    // Methods run with the proxy as `this`, so `m.eval()` returns the proxy users hold; one bound
    // callable per (module, name), so `m.state_dict === m.state_dict` and repr() can name the module.
    const value = Reflect.get(target, prop, receiver);
    return typeof value === "function" && typeof prop === "string" && prop !== "constructor" ? bindMethod(receiver, prop, value) : value;
  },
  set(standIn, prop, value) {
    const target = moduleOf(standIn);
    if (typeof prop !== "string" || prop in target || ownFields.has(prop)) return Reflect.set(target, prop, value, target);
    assignAttribute(target, prop, value);
    return true;
  },
  has(standIn, prop) {
    const target = moduleOf(standIn);
    return typeof prop === "string" ? prop in target || Object.hasOwn(moduleApi, prop) || target.getattr(prop) !== undefined : prop in target;
  },
  // `module(x)` runs `forward`: the kind's own, or the one a JavaScript subclass defines.
  apply(standIn, _this, args) {
    const { module, proxy } = standIns.get(standIn)!;
    return (Reflect.get(module, "forward", proxy) as (...inputs: unknown[]) => unknown).apply(proxy, args);
  },
  // The rest make the stand-in indistinguishable from the module: its class, its own keys, its fields.
  getPrototypeOf: (standIn) => Reflect.getPrototypeOf(moduleOf(standIn)),
  ownKeys: (standIn) => Reflect.ownKeys(moduleOf(standIn)),
  getOwnPropertyDescriptor: (standIn, prop) => Reflect.getOwnPropertyDescriptor(moduleOf(standIn), prop),
  // A subclass's class fields (`conv1 = torch.nn.Conv2d(1, 6, 5)`) are defined, not assigned; they register as assignments do.
  defineProperty(standIn, prop, descriptor) {
    const target = moduleOf(standIn);
    if (typeof prop !== "string" || prop in target || ownFields.has(prop) || !("value" in descriptor)) return Reflect.defineProperty(target, prop, descriptor);
    assignAttribute(target, prop, descriptor.value);
    return true;
  },
  deleteProperty: (standIn, prop) => Reflect.deleteProperty(moduleOf(standIn), prop),
};
