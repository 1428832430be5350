// Turns pickled objects of unknown classes that are modules (`__main__.Model`) into TorchModules, in place.
//
// Whether an object of an unknown class is a module shows only in its state (BUILD comes after the object
// is made and shared through the memo), so this runs once after unpickling and swaps every reference,
// keeping shared objects shared and cycles intact.
import { PyDict, PyInstance } from "../python/values.js";
import { TorchModule } from "./modules/module.js";

const moduleFields = ["_modules", "_parameters", "_buffers"];

function looksLikeModule(value: unknown): value is PyInstance {
  return value instanceof PyInstance && moduleFields.some((field) => value.__dict__.get(field) instanceof PyDict);
}

/** The value with every module-shaped PyInstance replaced by a TorchModule of its class (kind "opaque"). */
export function promoteModules(root: unknown): unknown {
  const promoted = new Map<PyInstance, TorchModule>();
  const swap = (value: unknown): unknown => {
    if (!looksLikeModule(value)) return value;
    let module = promoted.get(value);
    if (!module) {
      module = new TorchModule(value.cls.qualifiedName);
      promoted.set(value, module);
      module.setState(value.__dict__);
    }
    return module;
  };
  const top = swap(root);
  const seen = new Set<object>();
  const pending: unknown[] = [top];
  while (pending.length > 0) {
    const value = pending.pop();
    if ((typeof value !== "object" && !(value instanceof TorchModule)) || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push((value[i] = swap(value[i])));
    } else if (value instanceof PyDict) {
      for (const [key, item] of value.entries()) {
        const swapped = swap(item);
        if (swapped !== item) value.set(key, swapped);
        pending.push(swapped);
      }
      for (const [key, item] of value.__dict__) {
        const swapped = swap(item);
        value.__dict__.set(key, swapped);
        pending.push(swapped);
      }
    } else if (value instanceof PyInstance) {
      pending.push(value.__dict__, value.args, value.kwargs, value.dictItems, value.listItems);
      value.state = swap(value.state);
      pending.push(value.state);
    } else if (value instanceof TorchModule) {
      pending.push(value._parameters, value._buffers, value._modules, value.__dict__);
    }
  }
  return top;
}
