// Recurrent layers as torch runs them: RNN (tanh or relu), LSTM (gates i,f,g,o, optional projection) and GRU (gates r,z,n).
import { check, numel, shapeText, type Dense, type Dense64 } from "./array.js";

export type RecurrentMode = "rnn_tanh" | "rnn_relu" | "lstm" | "gru";

/** One direction of one layer: weight_ih (G·H, in), weight_hh (G·H, out), the biases (G·H), weight_hr (P, H) with proj_size. */
export interface RecurrentCellWeights {
  weightIh: Dense;
  weightHh: Dense;
  biasIh?: Dense | undefined;
  biasHh?: Dense | undefined;
  weightHr?: Dense | undefined;
}

export interface RecurrentOptions {
  mode: RecurrentMode;
  hiddenSize: number;
  /** LSTM only: the size h is projected to (0 for none). */
  projSize?: number;
  batchFirst?: boolean;
}

export interface RecurrentResult {
  output: Dense64;
  hidden: Dense64;
  /** LSTM only: the last cell state. */
  cell?: Dense64;
}

const gatesPerMode: Record<RecurrentMode, number> = { rnn_tanh: 1, rnn_relu: 1, lstm: 4, gru: 3 };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Runs a stack of layers: `layers[k]` holds one cell's weights per direction (two when bidirectional,
 * the second reading the sequence backwards). Input (L, N, in), (N, L, in) with batchFirst, or unbatched
 * (L, in); initial states (layers·directions, N, size) or unbatched, zeros when absent.
 */
export function recurrent(input: Dense, layers: readonly (readonly RecurrentCellWeights[])[], options: RecurrentOptions, h0?: Dense, c0?: Dense): RecurrentResult {
  const name = options.mode === "lstm" ? "lstm" : options.mode === "gru" ? "gru" : "rnn";
  const unbatched = input.shape.length === 2;
  check(input.shape.length === 3 || unbatched, name, () => `expected 2-dim (unbatched) or 3-dim input, got ${shapeText(input.shape)}`);
  const batchFirst = (options.batchFirst ?? false) && !unbatched;
  const [steps, batch, features] = unbatched ? [input.shape[0]!, 1, input.shape[1]!] : batchFirst ? [input.shape[1]!, input.shape[0]!, input.shape[2]!] : (input.shape as [number, number, number]);
  const directions = layers[0]?.length ?? 1;
  const hidden = options.hiddenSize;
  const outSize = options.projSize ? options.projSize : hidden;
  const stateCount = layers.length * directions;
  const checkState = (state: Dense | undefined, size: number, what: string): void => {
    if (!state) return;
    const expected = unbatched ? [stateCount, size] : [stateCount, batch, size];
    check(state.shape.length === expected.length && state.shape.every((s, d) => s === expected[d]), name, () => `expected ${what} of size ${shapeText(expected)}, got ${shapeText(state.shape)}`);
  };
  checkState(h0, outSize, "hidden state");
  checkState(c0, hidden, "cell state");

  // Time-major (L, N, in) internally.
  let sequence = new Float64Array(steps * batch * features);
  for (let t = 0; t < steps; t++) for (let n = 0; n < batch; n++) for (let f = 0; f < features; f++) sequence[(t * batch + n) * features + f] = input.data[batchFirst ? (n * steps + t) * features + f : (t * batch + n) * features + f]!;
  let width = features;
  const lastH = new Float64Array(stateCount * batch * outSize);
  const lastC = new Float64Array(stateCount * batch * hidden);
  layers.forEach((cells, layer) => {
    const next = new Float64Array(steps * batch * directions * outSize);
    cells.forEach((cell, direction) => {
      const index = layer * directions + direction;
      const h = h0 ? Float64Array.from(h0.data.subarray(index * batch * outSize, (index + 1) * batch * outSize)) : new Float64Array(batch * outSize);
      const c = c0 ? Float64Array.from(c0.data.subarray(index * batch * hidden, (index + 1) * batch * hidden)) : new Float64Array(batch * hidden);
      runDirection(sequence, steps, batch, width, cell, options.mode, hidden, outSize, direction === 1, h, c, (t, n, j, v) => (next[(t * batch + n) * directions * outSize + direction * outSize + j] = v), name);
      lastH.set(h, index * batch * outSize);
      lastC.set(c, index * batch * hidden);
    });
    sequence = next;
    width = directions * outSize;
  });

  const outWidth = directions * outSize;
  const output = new Float64Array(steps * batch * outWidth);
  for (let t = 0; t < steps; t++) for (let n = 0; n < batch; n++) for (let j = 0; j < outWidth; j++) output[batchFirst ? (n * steps + t) * outWidth + j : (t * batch + n) * outWidth + j] = sequence[(t * batch + n) * outWidth + j]!;
  const result: RecurrentResult = {
    output: { data: output, shape: unbatched ? [steps, outWidth] : batchFirst ? [batch, steps, outWidth] : [steps, batch, outWidth] },
    hidden: { data: lastH, shape: unbatched ? [stateCount, outSize] : [stateCount, batch, outSize] },
  };
  if (options.mode === "lstm") result.cell = { data: lastC, shape: unbatched ? [stateCount, hidden] : [stateCount, batch, hidden] };
  return result;
}

/** One direction over the whole sequence; h and c are updated in place and end as the last states. */
function runDirection(
  x: Float64Array, steps: number, batch: number, width: number, cell: RecurrentCellWeights, mode: RecurrentMode,
  hidden: number, outSize: number, reverse: boolean, h: Float64Array, c: Float64Array,
  emit: (t: number, n: number, j: number, v: number) => void, name: string,
): void {
  const gates = gatesPerMode[mode] * hidden;
  check(numel(cell.weightIh.shape) === gates * width && numel(cell.weightHh.shape) === gates * outSize, name, () => `weights ${shapeText(cell.weightIh.shape)} and ${shapeText(cell.weightHh.shape)} do not fit input size ${width} and hidden size ${hidden}`);
  const wih = cell.weightIh.data;
  const whh = cell.weightHh.data;
  const inputGates = new Float64Array(gates);
  const hiddenGates = new Float64Array(gates);
  const fresh = new Float64Array(hidden);
  for (let step = 0; step < steps; step++) {
    const t = reverse ? steps - 1 - step : step;
    for (let n = 0; n < batch; n++) {
      const xBase = (t * batch + n) * width;
      const hBase = n * outSize;
      for (let g = 0; g < gates; g++) {
        let a = cell.biasIh ? cell.biasIh.data[g]! : 0;
        for (let i = 0; i < width; i++) a += wih[g * width + i]! * x[xBase + i]!;
        inputGates[g] = a;
        let b = cell.biasHh ? cell.biasHh.data[g]! : 0;
        for (let i = 0; i < outSize; i++) b += whh[g * outSize + i]! * h[hBase + i]!;
        hiddenGates[g] = b;
      }
      for (let j = 0; j < hidden; j++) {
        if (mode === "lstm") {
          const i = sigmoid(inputGates[j]! + hiddenGates[j]!);
          const f = sigmoid(inputGates[hidden + j]! + hiddenGates[hidden + j]!);
          const g = Math.tanh(inputGates[2 * hidden + j]! + hiddenGates[2 * hidden + j]!);
          const o = sigmoid(inputGates[3 * hidden + j]! + hiddenGates[3 * hidden + j]!);
          const cell = f * c[n * hidden + j]! + i * g;
          c[n * hidden + j] = cell;
          fresh[j] = o * Math.tanh(cell);
        } else if (mode === "gru") {
          const r = sigmoid(inputGates[j]! + hiddenGates[j]!);
          const z = sigmoid(inputGates[hidden + j]! + hiddenGates[hidden + j]!);
          const candidate = Math.tanh(inputGates[2 * hidden + j]! + r * hiddenGates[2 * hidden + j]!);
          fresh[j] = (1 - z) * candidate + z * h[hBase + j]!;
        } else {
          const a = inputGates[j]! + hiddenGates[j]!;
          fresh[j] = mode === "rnn_tanh" ? Math.tanh(a) : a < 0 ? 0 : a;
        }
      }
      if (cell.weightHr) {
        for (let p = 0; p < outSize; p++) {
          let sum = 0;
          for (let j = 0; j < hidden; j++) sum += cell.weightHr.data[p * hidden + j]! * fresh[j]!;
          h[hBase + p] = sum;
        }
      } else {
        h.set(fresh, hBase);
      }
      for (let j = 0; j < outSize; j++) emit(t, n, j, h[hBase + j]!);
    }
  }
}
