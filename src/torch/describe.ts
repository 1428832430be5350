// One line saying what a PyTorch file holds: a state_dict, a whole module, a checkpoint, a TorchScript module.
import { OrderedDict, PyDict, PyTuple } from "../python/values.js";
import { Tensor } from "../tensor/index.js";
import type { TorchFile } from "./load.js";
import { TorchModule } from "./modules/module.js";
import { pyStr } from "./walk.js";

/** How many keys a checkpoint description lists before it stops. */
const shownKeys = 8;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** What a loaded value is, in the words a Python user would use. */
export function describeValue(value: unknown): string {
  if (value instanceof TorchModule) return `whole module of class ${value.className}`;
  if (value instanceof Tensor) return `a single tensor of shape [${value.shape.join(", ")}] (${value.dtype})`;
  if (value instanceof PyDict) {
    const type = value instanceof OrderedDict ? "OrderedDict" : "dict";
    const values = value.values();
    if (values.length > 0 && values.every((item) => item instanceof Tensor)) return `state_dict (${type} of ${plural(values.length, "tensor")})`;
    const keys = value.keys().map(pyStr);
    const listed = keys.slice(0, shownKeys).join(", ") + (keys.length > shownKeys ? `, ... (${keys.length} keys)` : "");
    return keys.length === 0 ? `an empty ${type}` : `checkpoint: ${type} with keys ${listed}`;
  }
  if (Array.isArray(value)) return `a ${value instanceof PyTuple ? "tuple" : "list"} of ${plural(value.length, "item")}`;
  if (value === null) return "None";
  return `a ${typeof value === "object" ? value.constructor.name : typeof value}`;
}

/** The description `inspect` prints above the table. */
export function describeTorchFile(file: TorchFile): string {
  if (file.format === "torchscript") {
    const name = file.value instanceof TorchModule ? String(file.value.__dict__.get("original_name") ?? file.value.__name__) : describeValue(file.value);
    return `TorchScript module ${name}`;
  }
  const what = describeValue(file.value);
  return file.format === "legacy" ? `legacy (pre-1.6) file: ${what}` : what;
}
