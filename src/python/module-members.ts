// The members of torch.nn.Module (and of its containers) that weightscope implements, with signature and doc each.
import type { MemberSpec } from "./classes.js";

const method = (signature: string, doc: string): MemberSpec => ({ kind: "method", signature, doc });
const attribute = (doc: string): MemberSpec => ({ kind: "attribute", doc });
const castDoc = (dtype: string): string => `Converts every floating-point parameter and buffer, here and in submodules, to ${dtype} in place; returns the module.`;

/** Signatures are what Python's inspect.signature prints for the bound method in torch 1.13. */
export const moduleMembers: Readonly<Record<string, MemberSpec>> = {
  __getstate__: { kind: "builtin", signature: "__getstate__()", doc: "The module's state as pickle saves it: a dict of its attributes, with _parameters, _buffers and _modules among them." },
  __setstate__: method("__setstate__(state)", "Restores the module from a state dict as pickle does: bookkeeping fields into place, everything else as attributes."),
  _buffers: attribute("The module's own buffers (tensors that are state but not learnable), by name."),
  _get_name: method("_get_name()", "The bare class name, as the module's repr starts with it."),
  _load_from_state_dict: method(
    "_load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)",
    "Loads this module's own parameters and buffers (not its children's) from the keys under prefix, appending problems to the three lists it is given instead of raising.",
  ),
  _load_state_dict_post_hooks: attribute("Functions load_state_dict calls after loading, by handle id."),
  _load_state_dict_pre_hooks: attribute("Functions load_state_dict calls for this module before loading it, by handle id."),
  _modules: attribute("The module's direct submodules, by name."),
  _non_persistent_buffers_set: attribute("Names of buffers that state_dict() leaves out."),
  _parameters: attribute("The module's own parameters, by name."),
  _register_load_state_dict_pre_hook: method("_register_load_state_dict_pre_hook(hook, with_module=False)", "Registers hook(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs) to run before this module loads; with_module passes the module first."),
  _register_state_dict_hook: method("_register_state_dict_hook(hook)", "Registers hook(module, state_dict, prefix, local_metadata) to run after state_dict() collects this module; a value it returns replaces the dict."),
  _save_to_state_dict: method("_save_to_state_dict(destination, prefix, keep_vars)", "Writes this module's own parameters and persistent buffers (not its children's) into destination under prefix, detached unless keep_vars."),
  _state_dict_hooks: attribute("Functions state_dict() calls after collecting this module, by handle id."),
  add_module: method("add_module(name: str, module: Optional[ForwardRef('Module')]) -> None", "Adds a submodule under name (None reserves the name)."),
  apply: method("apply(fn: Callable[[ForwardRef('Module')], NoneType]) -> ~T", "Calls fn on every submodule, children first, then on this module; returns the module."),
  bfloat16: method("bfloat16() -> ~T", castDoc("bfloat16")),
  buffers: method("buffers(recurse: bool = True) -> Iterator[torch.Tensor]", "The buffers of this module and, with recurse, of every submodule, each once."),
  children: method("children() -> Iterator[ForwardRef('Module')]", "The direct submodules, each once."),
  cpu: method("cpu() -> ~T", "Returns the module: everything weightscope reads already lives on the CPU."),
  double: method("double() -> ~T", castDoc("float64")),
  eval: method("eval() -> ~T", "Sets training to False here and in every submodule; returns the module."),
  extra_repr: method("extra_repr() -> str", "The arguments part of the module's repr, such as 'in_features=120, out_features=84, bias=True'."),
  float: method("float() -> ~T", castDoc("float32")),
  get_buffer: method("get_buffer(target: str) -> 'Tensor'", "The buffer at a dotted path such as 'bn.running_mean'; an error names the part of the path that is wrong."),
  get_extra_state: method("get_extra_state() -> Any", "Extra state a module class can add to its state_dict. Modules that do not define it raise, as in torch."),
  get_parameter: method("get_parameter(target: str) -> 'Parameter'", "The parameter at a dotted path such as '0.weight'; an error names the part of the path that is wrong."),
  get_submodule: method("get_submodule(target: str) -> 'Module'", "The submodule at a dotted path such as 'features.0' ('' is the module itself)."),
  half: method("half() -> ~T", castDoc("float16")),
  load_state_dict: method(
    "load_state_dict(state_dict: Mapping[str, Any], strict: bool = True)",
    "Copies the tensors of a state_dict into this module's parameters and buffers, checking names and shapes first. With strict (the default) a missing or unexpected key is an error with torch's message; otherwise they are returned. Nothing is copied when anything is wrong. Keyword arguments go in a last object: load_state_dict(sd, {strict: false}).",
  ),
  modules: method("modules() -> Iterator[ForwardRef('Module')]", "This module and every submodule, each once, depth first."),
  named_buffers: method("named_buffers(prefix: str = '', recurse: bool = True) -> Iterator[Tuple[str, torch.Tensor]]", "(dotted name, buffer) pairs, each buffer once."),
  named_children: method("named_children() -> Iterator[Tuple[str, ForwardRef('Module')]]", "(name, module) pairs for the direct submodules."),
  named_modules: method("named_modules(memo: Optional[Set[ForwardRef('Module')]] = None, prefix: str = '', remove_duplicate: bool = True)", "(dotted name, module) pairs for this module ('') and every submodule, each once."),
  named_parameters: method("named_parameters(prefix: str = '', recurse: bool = True) -> Iterator[Tuple[str, torch.nn.parameter.Parameter]]", "(dotted name, parameter) pairs, each parameter once."),
  parameters: method("parameters(recurse: bool = True) -> Iterator[torch.nn.parameter.Parameter]", "The parameters of this module and, with recurse, of every submodule, each once."),
  register_buffer: method("register_buffer(name: str, tensor: Optional[torch.Tensor], persistent: bool = True) -> None", "Adds a buffer; a non-persistent one stays out of state_dict()."),
  register_load_state_dict_post_hook: method("register_load_state_dict_post_hook(hook)", "Registers hook(module, incompatible_keys) to run after load_state_dict; it may empty the two key lists to forgive them."),
  register_module: method("register_module(name: str, module: Optional[ForwardRef('Module')]) -> None", "The same as add_module."),
  register_parameter: method("register_parameter(name: str, param: Optional[torch.nn.parameter.Parameter]) -> None", "Adds a parameter (None reserves the name)."),
  requires_grad_: method("requires_grad_(requires_grad: bool = True) -> ~T", "Sets requires_grad on every parameter here and below; returns the module."),
  set_extra_state: method("set_extra_state(state: Any)", "The counterpart of get_extra_state for loading. Modules that do not define it raise, as in torch."),
  share_memory: method("share_memory() -> ~T", "Returns the module: there are no other processes to share with here."),
  state_dict: method(
    "state_dict(*args, destination=None, prefix='', keep_vars=False)",
    "An OrderedDict of every parameter and persistent buffer under dotted names ('0.weight'), detached unless keep_vars, with per-module versions in its _metadata attribute. The tensors share storage with the module. Keyword arguments go in a last object: state_dict({prefix: 'model.'}).",
  ),
  to: method("to(*args, **kwargs)", "Converts floating-point parameters and buffers to a dtype (torch.float16 or 'float16'); a device other than the CPU is refused. Returns the module."),
  train: method("train(mode: bool = True) -> ~T", "Sets training mode here and in every submodule; returns the module."),
  training: attribute("True in training mode, False after eval()."),
  T_destination: attribute("The type variable torch's signatures use for a state_dict's destination; a class attribute of every module."),
  dump_patches: attribute("A class attribute torch keeps for old serialization code; always False."),
  type: method("type(dst_type: Union[torch.dtype, str]) -> ~T", "Converts every parameter and buffer to dst_type; returns the module."),
  zero_grad: method("zero_grad(set_to_none: bool = False) -> None", "Clears gradients. Tensors read from a file have none, so nothing changes."),
};

/** What Sequential, ModuleList and ModuleDict add to Module. */
export function containerMembers(container: "sequential" | "list" | "dict"): Record<string, MemberSpec> {
  const self = container === "sequential" ? "'Sequential'" : container === "list" ? "'ModuleList'" : "";
  const len = method("__len__() -> int", "The number of submodules.");
  if (container === "dict") {
    return {
      __len__: len,
      clear: method("clear() -> None", "Removes every submodule."),
      items: method("items() -> Iterable[Tuple[str, torch.nn.modules.module.Module]]", "(name, module) pairs."),
      keys: method("keys() -> Iterable[str]", "The submodule names."),
      pop: method("pop(key: str) -> torch.nn.modules.module.Module", "Removes the submodule under key and returns it."),
      update: method("update(modules: Mapping[str, torch.nn.modules.module.Module]) -> None", "Adds or replaces submodules from a mapping or from (name, module) pairs, in their order."),
      values: method("values() -> Iterable[torch.nn.modules.module.Module]", "The submodules."),
    };
  }
  return {
    __len__: len,
    append: method(`append(module: torch.nn.modules.module.Module) -> ${self}`, "Adds a module at the end."),
    extend: method(container === "sequential" ? "extend(sequential) -> 'Sequential'" : "extend(modules: Iterable[torch.nn.modules.module.Module]) -> 'ModuleList'", "Adds every module of a sequence at the end."),
    insert: method(`insert(index: int, module: torch.nn.modules.module.Module) -> ${container === "sequential" ? "'Sequential'" : "None"}`, "Inserts a module before position index."),
    pop: method(`pop(key: Union[int, slice]) -> torch.nn.modules.module.Module`, "Removes the module at a position and returns it; the rest are renumbered."),
  };
}
