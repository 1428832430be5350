// Keras's recurrent layers (SimpleRNN, LSTM with gates i,f,c,o, GRU with z,r,h either way round the reset) and Bidirectional.
import { matmul, type Dense, type Dense64 } from "../../nn/index.js";
import { elementFunction } from "./activations.js";
import { layerError, type Config } from "./arrays.js";
import { only, type ForwardKind, type LayerCall, type LayerSpec } from "./kind.js";

type Cell = "SimpleRNN" | "LSTM" | "GRU";
const gateCount: Record<Cell, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

const withBias = (config: Config): string[] => (config.use_bias === false ? ["kernel", "recurrent_kernel"] : ["kernel", "recurrent_kernel", "bias"]);

/** Keras 1 called the recurrent activation inner_activation; standalone Keras defaulted to hard_sigmoid, later ones to sigmoid. */
function recurrentActivation(config: Config): unknown {
  return config.recurrent_activation ?? config.inner_activation ?? "sigmoid";
}

/**
 * Runs one layer over (N, T, F). The input projections x·kernel (+ input bias) are computed for every step at
 * once; each step then adds h·recurrent_kernel. Returns the output (every step's h, or the last one) and the states.
 * A masked step leaves the states as they were and outputs the previous output, or zeros with
 * zero_output_for_mask (which Bidirectional sets when it returns sequences), as Keras's rnn loop does.
 */
function runCell(cell: Cell, x: Dense, call: LayerCall): Dense64[] {
  const { config, weights, place } = call;
  if (x.shape.length !== 3) throw layerError(place, `a recurrent layer takes (batch, steps, features) input, got ${x.shape.length} dims`);
  const [batch, steps, features] = x.shape as [number, number, number];
  const mask = call.mask?.data;
  if (call.mask && call.mask.shape.join() !== [batch, steps].join()) throw layerError(place, `a mask of shape (${call.mask.shape.join(", ")}) does not fit the (${batch}, ${steps}) steps of the input`);
  const zeroOutput = config.zero_output_for_mask === true;
  // Per sample, whether the last step run was masked (its output is then zeros under zero_output_for_mask).
  const lastMasked = new Uint8Array(batch);
  const kernel = weights.kernel!;
  const units = kernel.shape[1]! / gateCount[cell];
  const width = gateCount[cell] * units;
  const act = elementFunction(config.activation ?? "tanh", call.keras3, place);
  const gate = elementFunction(recurrentActivation(config), call.keras3, place);
  const bias = weights.bias;
  // GRU's reset_after keeps a second bias for the recurrent side: bias (2, 3·units).
  const resetAfter = cell === "GRU" && (config.reset_after === true || (config.reset_after === undefined && bias?.shape.length === 2));
  const projected = matmul({ data: x.data, shape: [batch * steps, features] }, kernel).data;
  if (bias) for (let i = 0; i < projected.length; i++) projected[i]! += bias.data[i % width]!;
  const recurrentBias = resetAfter && bias ? bias.data.subarray(width, 2 * width) : undefined;
  const recurrent = weights.recurrent_kernel!.data;

  const h = new Float64Array(batch * units);
  const c = new Float64Array(batch * units);
  const sequences = config.return_sequences === true;
  const output = new Float64Array(batch * (sequences ? steps : 1) * units);
  const hr = new Float64Array(width);
  const reset = new Float64Array(units);
  for (let step = 0; step < steps; step++) {
    const t = config.go_backwards === true ? steps - 1 - step : step;
    for (let n = 0; n < batch; n++) {
      lastMasked[n] = mask && mask[n * steps + t] === 0 ? 1 : 0;
      if (lastMasked[n]) {
        if (sequences && !zeroOutput) output.set(h.subarray(n * units, (n + 1) * units), (n * steps + step) * units);
        continue;
      }
      const xp = projected.subarray((n * steps + t) * width, (n * steps + t + 1) * width);
      const hn = h.subarray(n * units, (n + 1) * units);
      // h · recurrent_kernel; GRU without reset_after multiplies its candidate block later, by r·h.
      const columns = cell === "GRU" && !resetAfter ? 2 * units : width;
      for (let g = 0; g < columns; g++) {
        let sum = recurrentBias ? recurrentBias[g]! : 0;
        for (let i = 0; i < units; i++) sum += hn[i]! * recurrent[i * width + g]!;
        hr[g] = sum;
      }
      for (let j = 0; j < units; j++) {
        if (cell === "SimpleRNN") hn[j] = act(xp[j]! + hr[j]!);
        else if (cell === "LSTM") {
          const i = gate(xp[j]! + hr[j]!);
          const f = gate(xp[units + j]! + hr[units + j]!);
          const cj = f * c[n * units + j]! + i * act(xp[2 * units + j]! + hr[2 * units + j]!);
          c[n * units + j] = cj;
          hn[j] = gate(xp[3 * units + j]! + hr[3 * units + j]!) * act(cj);
        } else reset[j] = gate(xp[units + j]! + hr[units + j]!);
      }
      if (cell === "GRU") {
        const previous = Float64Array.from(hn);
        for (let j = 0; j < units; j++) {
          let candidate: number;
          if (resetAfter) candidate = xp[2 * units + j]! + reset[j]! * hr[2 * units + j]!;
          else {
            candidate = xp[2 * units + j]!;
            for (let i = 0; i < units; i++) candidate += reset[i]! * previous[i]! * recurrent[i * width + 2 * units + j]!;
          }
          const z = gate(xp[j]! + hr[j]!);
          hn[j] = z * previous[j]! + (1 - z) * act(candidate);
        }
      }
      if (sequences) output.set(hn, (n * steps + step) * units);
    }
  }
  if (!sequences) output.set(h);
  if (!sequences && zeroOutput) lastMasked.forEach((masked, n) => masked && output.fill(0, n * units, (n + 1) * units));
  const result: Dense64[] = [{ data: output, shape: sequences ? [batch, steps, units] : [batch, units] }];
  if (config.return_state === true) {
    result.push({ data: h, shape: [batch, units] });
    if (cell === "LSTM") result.push({ data: c, shape: [batch, units] });
  }
  return result;
}

function recurrentLayer(cell: Cell): ForwardKind {
  return {
    weights: withBias,
    run: (inputs, call) => runCell(cell, only(inputs), call),
  };
}

/** Reverses the time axis of (N, T, ...). */
function reverseTime(x: Dense): Dense64 {
  const [batch, steps] = x.shape as [number, number];
  const size = x.data.length / (batch * steps);
  const out = new Float64Array(x.data.length);
  for (let n = 0; n < batch; n++) for (let t = 0; t < steps; t++) out.set(x.data.subarray((n * steps + t) * size, (n * steps + t + 1) * size), (n * steps + steps - 1 - t) * size);
  return { data: out, shape: [...x.shape] };
}

const merges: Readonly<Record<string, (a: number, b: number) => number>> = {
  sum: (a, b) => a + b,
  mul: (a, b) => a * b,
  ave: (a, b) => (a + b) / 2,
};

/** The same recurrent layer forwards and backwards (the backward weights after the forward ones), outputs merged. */
const bidirectional: ForwardKind = {
  variableCount: (config, countOf) => 2 * countOf(config.layer as LayerSpec),
  run: (inputs, call) => {
    const given = call.config.layer as LayerSpec;
    const inner = given.config;
    // Keras's Bidirectional makes both directions output zeros at masked steps when it returns sequences.
    const zeroed = (spec: LayerSpec): LayerSpec => ({ class_name: spec.class_name, config: { ...spec.config, zero_output_for_mask: spec.config.return_sequences === true } });
    const forwardSpec = zeroed(given);
    const backwardSpec = zeroed((call.config.backward_layer as LayerSpec | undefined) ?? { class_name: given.class_name, config: { ...inner, go_backwards: inner.go_backwards !== true } });
    const half = call.variables.length / 2;
    const forward = call.runInner(forwardSpec, call.variables.slice(0, half), inputs, call.mask);
    const backward = call.runInner(backwardSpec, call.variables.slice(half), inputs, call.mask);
    const back = inner.return_sequences === true ? reverseTime(backward[0]!) : backward[0]!;
    const fwd = forward[0]!;
    const mode = call.config.merge_mode === undefined ? "concat" : call.config.merge_mode;
    const states = [...forward.slice(1), ...backward.slice(1)];
    if (mode === null) return [fwd, back, ...states];
    let merged: Dense;
    if (mode === "concat") {
      const width = fwd.shape[fwd.shape.length - 1]!;
      const rows = fwd.data.length / width;
      const data = new Float64Array(2 * fwd.data.length);
      for (let r = 0; r < rows; r++) {
        data.set(fwd.data.subarray(r * width, (r + 1) * width), 2 * r * width);
        data.set(back.data.subarray(r * width, (r + 1) * width), (2 * r + 1) * width);
      }
      merged = { data, shape: [...fwd.shape.slice(0, -1), 2 * width] };
    } else {
      const combine = merges[String(mode)];
      if (!combine) throw layerError(call.place, `weightscope does not know the merge_mode '${String(mode)}'`);
      merged = { data: Float64Array.from(fwd.data, (v, i) => combine(v, back.data[i]!)), shape: [...fwd.shape] };
    }
    return [merged, ...states];
  },
};

export const recurrentKinds: Readonly<Record<string, ForwardKind>> = {
  SimpleRNN: recurrentLayer("SimpleRNN"),
  LSTM: recurrentLayer("LSTM"),
  GRU: recurrentLayer("GRU"),
  Bidirectional: bidirectional,
};
