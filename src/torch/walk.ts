// Every tensor reachable from a loaded value, under the dotted path `inspect` prints for it.
//
// The rules are those of the reference dump (shared/tools/oracle_dump.py `torch_tensors`): a module
// contributes its state_dict; dict keys are str()-ed, list and tuple items numbered, other objects walked
// through their attributes (Python's vars()); a container reached twice is walked once.
import { floatRepr, intRepr, strRepr } from "../python/scalars.js";
import { dictEntries, PyDict, PyFloat, PyInstance, PyTuple } from "../python/values.js";
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
  // Items and their paths are two parallel stacks: no pair to build and take apart per value.
  const items: unknown[] = [value];
  const paths: string[] = [""];
  const children: unknown[] = [];
  const keys: string[] = [];
  while (items.length > 0) {
    const item = items.pop();
    const path = paths.pop()!;
    if (item instanceof Tensor) {
      out.push({ path, tensor: item });
      continue;
    }
    if ((typeof item !== "object" && !(item instanceof TorchModule)) || item === null || seen.has(item)) continue;
    seen.add(item);
    children.length = 0;
    keys.length = 0;
    const addEntries = (entries: ReadonlyArray<readonly [unknown, unknown]>, keyText: (key: unknown) => string): void => {
      for (let i = 0; i < entries.length; i++) {
        children.push(entries[i]![1]);
        keys.push(keyText(entries[i]![0]));
      }
    };
    const addItems = (list: readonly unknown[]): void => {
      for (let i = 0; i < list.length; i++) {
        children.push(list[i]);
        keys.push(String(i));
      }
    };
    if (item instanceof TorchModule) addEntries(dictEntries(item.state_dict()), String);
    else if (item instanceof PyDict) addEntries(dictEntries(item), pyStr);
    else if (Array.isArray(item)) addItems(item);
    else if (item instanceof PyInstance) {
      if (item.dictItems) addEntries(dictEntries(item.dictItems), pyStr);
      else if (item.listItems) addItems(item.listItems);
      else addEntries(dictEntries(item.__dict__), String);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      items.push(children[i]);
      paths.push(path ? `${path}.${keys[i]}` : keys[i]!);
    }
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
