// Every tensor reachable from a loaded value, under the dotted path `inspect` prints for it.
//
// The rules are those of the reference dump (shared/tools/oracle_dump.py `torch_tensors`): a module
// contributes its state_dict; dict keys are str()-ed, list and tuple items numbered, other objects walked
// through their attributes (Python's vars()); a container reached twice is walked once.
import { floatRepr, intRepr, strRepr } from "../python/scalars.js";
import { PyDict, PyFloat, PyInstance, PyTuple } from "../python/values.js";
import { Tensor } from "../tensor/index.js";
import { TorchModule } from "./modules/module.js";

export interface TensorAtPath {
  readonly path: string;
  readonly tensor: Tensor;
}

/** Tensors in the order a depth-first walk meets them, as the reference dump lists them. */
export function collectTensors(value: unknown): TensorAtPath[] {
  const out: TensorAtPath[] = [];
  const seen = new Set<object>();
  // An explicit stack (children pushed in reverse) keeps deep nesting from overflowing the JS stack.
  const pending: Array<[unknown, string]> = [[value, ""]];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (item instanceof Tensor) {
      out.push({ path, tensor: item });
      continue;
    }
    if ((typeof item !== "object" && !(item instanceof TorchModule)) || item === null || seen.has(item)) continue;
    seen.add(item);
    const children: Array<[unknown, string]> = [];
    const join = (key: string): string => (path ? `${path}.${key}` : key);
    if (item instanceof TorchModule) {
      for (const [key, tensor] of item.state_dict().entries()) children.push([tensor, join(String(key))]);
    } else if (item instanceof PyDict) {
      for (const [key, child] of item.entries()) children.push([child, join(pyStr(key))]);
    } else if (Array.isArray(item)) {
      item.forEach((child, index) => children.push([child, join(String(index))]));
    } else if (item instanceof PyInstance) {
      if (item.dictItems) for (const [key, child] of item.dictItems.entries()) children.push([child, join(pyStr(key))]);
      else if (item.listItems) item.listItems.forEach((child, index) => children.push([child, join(String(index))]));
      else for (const [key, child] of item.__dict__.entries()) children.push([child, join(String(key))]);
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
  return out;
}

/** Python's str() of a dict key: ints, strings, bools, None, floats and tuples of those. */
export function pyStr(key: unknown): string {
  if (typeof key === "string") return key;
  return keyRepr(key);
}

function keyRepr(value: unknown): string {
  if (typeof value === "string") return strRepr(value);
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return intRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.valueOf());
  if (value instanceof PyTuple) return value.length === 1 ? `(${keyRepr(value[0])},)` : `(${value.map(keyRepr).join(", ")})`;
  return String(value);
}
