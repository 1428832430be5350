// What torch pickles for a whole module: its class and its `__dict__`, rebuilt from a TorchModule.
//
// torch writes a module with Python's default `__reduce_ex__(2)`: `cls.__new__(cls)` by NEWOBJ, then BUILD
// with the instance `__dict__`. A module read from a file already holds that dict, split between its own
// fields (`training`, `_parameters`, `_buffers`, `_modules`, `_non_persistent_buffers_set`) and
// `__dict__`; this puts it back together in torch's order. Bookkeeping fields a module lacks (one built
// here, or read from a file of an older torch) are filled with the empty values torch 1.13's
// `Module.__init__` gives them, so the file loads in torch versions that do not repair old state.
import { OrderedDict, PyDict, PyGlobalRef, PySet } from "../python/values.js";
import type { TorchModule } from "./modules/module.js";

/** Hook and flag fields of `Module.__init__` across torch versions, in torch's order; the value is torch 1.13's default or undefined for fields newer versions add. */
const bookkeeping: ReadonlyArray<readonly [name: string, fresh: (() => unknown) | undefined]> = [
  ["_backward_pre_hooks", undefined],
  ["_backward_hooks", () => new OrderedDict()],
  ["_is_full_backward_hook", () => null],
  ["_forward_hooks", () => new OrderedDict()],
  ["_forward_hooks_with_kwargs", undefined],
  ["_forward_hooks_always_called", undefined],
  ["_forward_pre_hooks", () => new OrderedDict()],
  ["_forward_pre_hooks_with_kwargs", undefined],
  ["_state_dict_hooks", () => new OrderedDict()],
  ["_state_dict_pre_hooks", undefined],
  ["_load_state_dict_pre_hooks", () => new OrderedDict()],
  ["_load_state_dict_post_hooks", () => new OrderedDict()],
];
const bookkeepingNames = new Set(bookkeeping.map(([name]) => name));

/** The class global of a module: `torch.nn.modules.conv.Conv2d` gives `torch.nn.modules.conv` and `Conv2d`. */
export function moduleClass(module: TorchModule): PyGlobalRef {
  const dot = module.className.lastIndexOf(".");
  return dot < 0 ? new PyGlobalRef("__main__", module.className) : new PyGlobalRef(module.className.slice(0, dot), module.className.slice(dot + 1));
}

/**
 * The module's `__dict__` as torch pickles it: `training`, `_parameters`, `_buffers`,
 * `_non_persistent_buffers_set`, the hook dicts, `_modules`, then the constructor's and the author's
 * attributes in the order they were set.
 */
export function moduleState(module: TorchModule): PyDict {
  const state = new PyDict();
  state.set("training", module.training);
  state.set("_parameters", module._parameters);
  state.set("_buffers", module._buffers);
  state.set("_non_persistent_buffers_set", module._non_persistent_buffers_set instanceof PySet ? module._non_persistent_buffers_set : new PySet(module._non_persistent_buffers_set));
  for (const [name, fresh] of bookkeeping) {
    if (module.__dict__.has(name)) state.set(name, module.__dict__.get(name));
    else if (fresh) state.set(name, fresh());
  }
  state.set("_modules", module._modules);
  for (const [name, value] of module.__dict__.entries()) {
    if (!bookkeepingNames.has(String(name))) state.set(name, value);
  }
  return state;
}
