// A layer's variables picked by the names its computation reads (kernel, bias...), across the naming of every Keras version.
import type { Dense } from "../../nn/index.js";
import type { KerasVariable } from "../model/variable.js";
import { fromNDArray, layerError } from "./arrays.js";

/** Other names a weight has had: Keras 1's W and b, Keras 3's kernel for DepthwiseConv2D's depthwise_kernel. */
const aliases: Readonly<Record<string, readonly string[]>> = {
  kernel: ["W"],
  bias: ["b"],
  embeddings: ["W"],
  recurrent_kernel: ["U"],
  depthwise_kernel: ["kernel"],
  moving_variance: ["running_std"],
  moving_mean: ["running_mean"],
};

/** Keras 1 recurrent layers kept one weight per gate (W_i, U_f, b_c...); later versions join them in this gate order. */
const keras1Gates: Readonly<Record<string, readonly string[]>> = {
  LSTM: ["i", "f", "c", "o"],
  GRU: ["z", "r", "h"],
};
const gatePrefix: Readonly<Record<string, string>> = { kernel: "W", recurrent_kernel: "U", bias: "b" };

/** `conv2d/kernel:0` -> `kernel`; Keras 1's `dense_1_W:0` -> `W` (its names start with the layer's). */
function baseName(variable: KerasVariable, layerName: string): string {
  const last = variable.name.slice(variable.name.lastIndexOf("/") + 1).replace(/:\d+$/, "");
  return last.startsWith(`${layerName}_`) ? last.slice(layerName.length + 1) : last;
}

/**
 * The arrays named by `names`, found by each variable's name (or an older name for it); where the names
 * say nothing (Keras 3 files of classes whose variable names weightscope does not list), by position,
 * which is Keras's creation order.
 */
export function pickWeights(variables: readonly KerasVariable[], names: readonly string[], className: string, layerName: string, place: string): Record<string, Dense> {
  const byName = new Map(variables.map((variable) => [baseName(variable, layerName), variable]));
  const picked: Record<string, Dense> = {};
  const missing: string[] = [];
  for (const name of names) {
    const variable = [name, ...(aliases[name] ?? [])].map((n) => byName.get(n)).find((v) => v !== undefined);
    const joined = variable ? undefined : joinGates(byName, className, name);
    if (variable) picked[name] = fromNDArray(variable.value);
    else if (joined) picked[name] = joined;
    else missing.push(name);
  }
  if (missing.length === 0) return picked;
  if (variables.length === names.length) return Object.fromEntries(names.map((name, i) => [name, fromNDArray(variables[i]!.value)]));
  const held = variables.map((v) => v.name).join(", ") || "none";
  throw layerError(place, `the layer needs the weights ${names.join(", ")} but holds ${held}`);
}

/** Keras 1's per-gate weights joined along the last dim into the single kernel (or bias) later versions keep. */
function joinGates(byName: ReadonlyMap<string, KerasVariable>, className: string, name: string): Dense | undefined {
  const gates = keras1Gates[className];
  const prefix = gatePrefix[name];
  if (!gates || !prefix) return undefined;
  const parts = gates.map((gate) => byName.get(`${prefix}_${gate}`));
  if (parts.some((part) => part === undefined)) return undefined;
  const arrays = parts.map((part) => fromNDArray(part!.value));
  const width = arrays[0]!.shape[arrays[0]!.shape.length - 1]!;
  const rows = arrays[0]!.data.length / width;
  const data = new Float64Array(rows * width * arrays.length);
  arrays.forEach((array, g) => {
    for (let r = 0; r < rows; r++) data.set(array.data.subarray(r * width, (r + 1) * width), (r * arrays.length + g) * width);
  });
  return { data, shape: [...arrays[0]!.shape.slice(0, -1), width * arrays.length] };
}
