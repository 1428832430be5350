// Module.load_state_dict as torch 1.13 does it: the same key checks, the same order, the same error text.
import { WeightscopeError } from "../../errors.js";
import { OrderedDict, PyDict, PyFloat, PyTuple } from "../../python/values.js";
import { Tensor } from "../../tensor/index.js";
import { TorchModule } from "./module.js";

/** A state_dict that does not fit its module; the message is torch's own, line for line. */
export class StateDictError extends WeightscopeError {
  /** torch raises this as a RuntimeError; the prompt names it so. */
  static readonly pythonName = "RuntimeError";
}

/** What load_state_dict returns: the keys that did not match (torch's `_IncompatibleKeys`). */
export class IncompatibleKeys {
  constructor(
    readonly missing_keys: string[],
    readonly unexpected_keys: string[],
  ) {}
  toString(): string {
    if (this.missing_keys.length === 0 && this.unexpected_keys.length === 0) return "<All keys matched successfully>";
    const list = (keys: string[]): string => `[${keys.map((key) => `'${key}'`).join(", ")}]`;
    return `_IncompatibleKeys(missing_keys=${list(this.missing_keys)}, unexpected_keys=${list(this.unexpected_keys)})`;
  }
}

const EXTRA_STATE = "_extra_state";

function sizeText(shape: readonly number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/** Python's `type(value)` as it prints. */
function pythonType(value: unknown): string {
  let name: string;
  if (value === null || value === undefined) name = "NoneType";
  else if (typeof value === "boolean") name = "bool";
  else if (typeof value === "number" || typeof value === "bigint") name = "int";
  else if (value instanceof PyFloat) name = "float";
  else if (typeof value === "string") name = "str";
  else if (value instanceof PyTuple) name = "tuple";
  else if (Array.isArray(value)) name = "list";
  else if (value instanceof OrderedDict) name = "collections.OrderedDict";
  else if (value instanceof PyDict) name = "dict";
  else name = "object";
  return `<class '${name}'>`;
}

/** BatchNorm files from before num_batches_tracked existed load with the counter at 0, as torch does. */
function fillBatchCounter(module: TorchModule, local: OrderedDict, prefix: string, metadata: PyDict | undefined): void {
  if (!/^torch\.nn\.modules\.(batchnorm|instancenorm)\./.test(module.className)) return;
  const version = metadata?.get("version");
  const key = `${prefix}num_batches_tracked`;
  if ((typeof version !== "number" || version < 2) && module.__dict__.get("track_running_stats") === true && !local.has(key)) {
    local.set(key, Tensor.from(0, { dtype: "int64" }));
  }
}

/**
 * Checks every key first and copies only when nothing is wrong: unlike torch, which copies tensor by
 * tensor and may leave a module half-loaded when it raises, a failed call here changes nothing.
 */
export function loadStateDict(root: TorchModule, stateDict: PyDict, strict: boolean): IncompatibleKeys {
  const copies: Array<{ target: Tensor; source: Tensor }> = [];
  const missing: string[] = [];
  const unexpected: string[] = [];
  const errors: string[] = [];
  const metadata = stateDict.__dict__.get("_metadata");

  const load = (module: TorchModule, local: OrderedDict, prefix: string): void => {
    const ownMetadata = metadata instanceof PyDict ? metadata.get(prefix.slice(0, -1)) : undefined;
    fillBatchCounter(module, local, prefix, ownMetadata instanceof PyDict ? ownMetadata : undefined);
    const localState = new Map<string, Tensor>();
    for (const [name, value] of module._parameters.entries()) if (value instanceof Tensor) localState.set(String(name), value);
    for (const [name, value] of module._buffers.entries()) {
      if (value instanceof Tensor && !module._non_persistent_buffers_set.has(String(name))) localState.set(String(name), value);
    }
    for (const [name, tensor] of localState) {
      const key = prefix + name;
      if (!local.has(key)) {
        missing.push(key);
        continue;
      }
      const given = local.get(key);
      if (!(given instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${pythonType(given)}`);
        continue;
      }
      let input: Tensor = given;
      if (tensor.ndim === 0 && input.ndim === 1) input = input.select(0, 0);
      if (input.shape.join() !== tensor.shape.join() || input.ndim !== tensor.ndim) {
        errors.push(`size mismatch for ${key}: copying a param with shape ${sizeText(input.shape)} from checkpoint, the shape in current model is ${sizeText(tensor.shape)}.`);
        continue;
      }
      copies.push({ target: tensor, source: input });
    }
    const extraKey = prefix + EXTRA_STATE;
    if (local.has(extraKey)) unexpected.push(extraKey);
    for (const key of local.keys()) {
      if (typeof key !== "string" || !key.startsWith(prefix) || key === extraKey) continue;
      const inputName = key.slice(prefix.length).split(".", 1)[0]!;
      if (!module._modules.has(inputName) && !localState.has(inputName)) unexpected.push(key);
    }
    for (const [name, child] of module._modules.entries()) {
      if (!(child instanceof TorchModule)) continue;
      const childPrefix = `${prefix}${String(name)}.`;
      load(child, new OrderedDict([...local.entries()].filter(([key]) => typeof key === "string" && key.startsWith(childPrefix))), childPrefix);
    }
  };
  load(root, new OrderedDict(stateDict.entries()), "");

  if (strict) {
    const quoted = (keys: string[]): string => keys.map((key) => `"${key}"`).join(", ");
    if (unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${quoted(unexpected)}. `);
    if (missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${quoted(missing)}. `);
  }
  if (errors.length > 0) throw new StateDictError(`Error(s) in loading state_dict for ${root.__name__}:\n\t${errors.join("\n\t")}`);
  for (const { target, source } of copies) target.copy_(source);
  return new IncompatibleKeys(missing, unexpected);
}
