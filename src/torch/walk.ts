// Every tensor reachable from a loaded value, under the dotted path `inspect` prints for it.
//
// The rules are those of the reference dump (shared/tools/oracle_dump.py `torch_tensors`): a module
// contributes its state_dict; dict keys are str()-ed, list and tuple items numbered, other objects walked
// through their attributes (Python's vars()); a container reached twice is walked once.
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
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
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
  return pyRepr(key);
}

function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value instanceof PyFloat) return floatRepr(value.valueOf());
  if (value instanceof PyTuple) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(", ")})`;
  return String(value);
}

/** Python's repr of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
function floatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 16) {
    const [mantissa, exp] = n.toExponential().split("e") as [string, string];
    const sign = exp.startsWith("-") ? "-" : "+";
    return `${mantissa}e${sign}${exp.replace(/^[-+]/, "").padStart(2, "0")}`;
  }
  const text = String(n);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
