// Helpers for the module-building tests: one call written once, run in weightscope and spelled as Python for real torch.
import { pyRepr } from "../../src/python/index.js";
import { PyFloat, PyTuple } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { moduleClasses, moduleKindsByName, torch, TorchModule } from "../../src/torch/index.js";

/** A tensor argument (a loss's class weights): `torch.tensor([...])` on both sides. */
export class TensorArg {
  constructor(readonly values: number[]) {}
}

/** A dtype argument: `torch.float64` on both sides. */
export class DtypeArg {
  constructor(readonly name: string) {}
}

/** A module argument (a Sequential's layer): the call that builds it, on both sides. */
export class Sub {
  constructor(readonly call: Call) {}
}

/** `[kind, positional, keywords]`: one constructor call. */
export type Call = readonly [kind: string, positional: readonly unknown[], keywords?: Record<string, unknown>];

/** The declared type of argument `name` (or at `index`) of a kind, to spell a whole JavaScript number as a Python float where torch's signature says float. */
function declaredType(kind: string, name: string | number): string {
  const args = moduleKindsByName.get(kind)?.args ?? [];
  const spec = typeof name === "number" ? args[name] : args.find((arg) => arg.name === name);
  return spec?.type ?? "";
}

/** A JavaScript argument as the Python literal a torch user would write. */
export function pyLiteral(value: unknown, type = ""): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) && type.startsWith("float") ? `${value}.0` : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Sub) return pyCall(value.call);
  if (value instanceof DtypeArg) return `torch.${value.name}`;
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) return `{${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(", ")}}`;
  if (value instanceof TensorArg) return `torch.tensor([${value.values.map((v) => pyLiteral(v, "float")).join(", ")}])`;
  if (Array.isArray(value)) return value.length === 1 ? `(${pyLiteral(value[0])},)` : `(${value.map((v) => pyLiteral(v)).join(", ")})`;
  throw new Error(`no Python literal for ${String(value)}`);
}

/** `nn.Conv2d(1, 6, 5, padding=2)`. */
export function pyCall([kind, positional, keywords = {}]: Call): string {
  const args = [...positional.map((v, i) => pyLiteral(v, declaredType(kind, i))), ...Object.entries(keywords).map(([k, v]) => `${k}=${pyLiteral(v, declaredType(kind, k))}`)];
  return `nn.${kind}(${args.join(", ")})`;
}

function jsArg(value: unknown): unknown {
  if (value instanceof TensorArg) return torch.tensor(value.values.map((v) => new PyFloat(v)));
  if (value instanceof Sub) return jsCall(value.call);
  if (value instanceof DtypeArg) return value.name;
  if (Array.isArray(value)) return value.map(jsArg);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsArg(v)]));
  return value;
}

/** The same call in weightscope: `torch.nn.Conv2d(1, 6, 5, { padding: 2 })`. */
export function jsCall([kind, positional, keywords]: Call): TorchModule {
  const args = positional.map(jsArg);
  if (keywords) args.push(jsArg(keywords));
  return moduleClasses[kind]!(...args);
}

/** Python's `type(v).__name__ + ":" + repr(v)`, tensors as `tensor`, containers item by item (the Python twin is `describePy`). */
export function describe(value: unknown): string {
  if (value instanceof Tensor) return "tensor";
  if (value instanceof PyTuple) return `(${value.map(describe).join(", ")}${value.length === 1 ? "," : ""})`;
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`;
  const type = value === null ? "NoneType" : typeof value === "boolean" ? "bool" : typeof value === "number" || typeof value === "bigint" ? "int" : value instanceof PyFloat ? "float" : typeof value === "string" ? "str" : "object";
  return `${type}:${pyRepr(value)}`;
}

export const describePy = `
def describe(v):
    if isinstance(v, torch.Tensor): return "tensor"
    if isinstance(v, tuple): return "(" + ", ".join(describe(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list): return "[" + ", ".join(describe(x) for x in v) + "]"
    return type(v).__name__ + ":" + repr(v)
`;

/** The bytes of a tensor's elements in order, base64, as the Python side's `t.contiguous().numpy().tobytes()`. */
export function tensorBytes(t: Tensor): string {
  const data = t.contiguous().data() as ArrayBufferView;
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

export const tensorBytesPy = `
import base64
def tensor_bytes(t):
    return base64.b64encode(t.detach().contiguous().numpy().tobytes()).decode()
`;

/** Bookkeeping of Module.__init__ that the attribute comparison leaves out. */
export const bookkeeping = ["training", "_parameters", "_buffers", "_non_persistent_buffers_set", "_backward_hooks", "_is_full_backward_hook", "_forward_hooks", "_forward_pre_hooks", "_state_dict_hooks", "_load_state_dict_pre_hooks", "_load_state_dict_post_hooks", "_modules"];
