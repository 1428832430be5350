// Core layers: Dense, Embedding, the reshapers, the layers that are identities at inference, merges, and TimeDistributed.
import { embedding, matmul, numel, type Dense, type Dense64 } from "../../nn/index.js";
import { applyActivation } from "./activations.js";
import { layerError, permute, toChannelsLast } from "./arrays.js";
import { only, type ForwardKind, type LayerCall } from "./kind.js";

const shapeText = (shape: readonly number[]): string => `(${shape.join(", ")})`;

/** x · kernel + bias over the last axis, then the activation. */
const dense: ForwardKind = {
  weights: (config) => (config.use_bias === false ? ["kernel"] : ["kernel", "bias"]),
  run: (inputs, call) => {
    const x = only(inputs);
    const kernel = call.weights.kernel!;
    const [features, units] = kernel.shape as [number, number];
    if (x.shape[x.shape.length - 1] !== features) throw layerError(call.place, `input of shape ${shapeText(x.shape)} does not end in the ${features} features the kernel takes`);
    const product = matmul({ data: x.data, shape: [x.data.length / features, features] }, kernel);
    const bias = call.weights.bias;
    if (bias) for (let i = 0; i < product.data.length; i++) product.data[i]! += bias.data[i % units]!;
    return applyActivation({ data: product.data, shape: [...x.shape.slice(0, -1), units] }, call.config.activation, call.keras3, call.place);
  },
};

const embeddingKind: ForwardKind = {
  weights: () => ["embeddings"],
  run: (inputs, call) => {
    const x = only(inputs);
    const table = call.weights.embeddings!;
    for (const index of x.data) if (!Number.isInteger(index) || index < 0 || index >= table.shape[0]!) throw layerError(call.place, `index ${index} is not one of the ${table.shape[0]} rows of the embeddings`);
    return embedding(x.data, x.shape, table);
  },
};

const reshaped = (x: Dense, shape: readonly number[]): Dense => ({ data: x.data, shape: [...shape] });

/** Flatten keeps Keras's channels-last element order; a channels_first input is moved to channels last first. */
const flatten: ForwardKind = {
  run: (inputs, call) => {
    const x = call.config.data_format === "channels_first" && only(inputs).shape.length > 2 ? toChannelsLast(only(inputs)) : only(inputs);
    return reshaped(x, [x.shape[0]!, numel(x.shape.slice(1))]);
  },
};

const reshape: ForwardKind = {
  run: (inputs, call) => {
    const x = only(inputs);
    const target = (Array.isArray(call.config.target_shape) ? call.config.target_shape : []) as number[];
    const known = numel(target.filter((d) => d !== -1));
    const perSample = numel(x.shape.slice(1));
    const shape = target.map((d) => (d === -1 ? perSample / known : d));
    if (numel(shape) !== perSample || !shape.every(Number.isInteger)) throw layerError(call.place, `cannot reshape input of shape ${shapeText(x.shape)} to ${shapeText(target)}`);
    return reshaped(x, [x.shape[0]!, ...shape]);
  },
};

/** dims counts from 1 (the batch axis stays first). */
const permuteKind: ForwardKind = {
  run: (inputs, call) => permute(only(inputs), [0, ...((call.config.dims as number[] | undefined) ?? [])]),
};

const repeatVector: ForwardKind = {
  run: (inputs, call) => {
    const x = only(inputs);
    const n = Number(call.config.n);
    const [batch, features] = x.shape as [number, number];
    const out = new Float64Array(batch * n * features);
    for (let b = 0; b < batch; b++) for (let t = 0; t < n; t++) out.set(x.data.subarray(b * features, (b + 1) * features), (b * n + t) * features);
    return { data: out, shape: [batch, n, features] };
  },
};

const identity: ForwardKind = { run: (inputs) => only(inputs) };

/** Elementwise merges of inputs of one shape. */
function merge(name: string, combine: (values: readonly number[]) => number): ForwardKind {
  return {
    run: (inputs, call) => {
      const first = inputs[0]!;
      if (inputs.length < 2 || inputs.some((x) => x.shape.join() !== first.shape.join())) {
        throw layerError(call.place, `${name} takes inputs of one shape, got ${inputs.map((x) => shapeText(x.shape)).join(" and ")}`);
      }
      const out = new Float64Array(first.data.length);
      const values = new Array<number>(inputs.length);
      for (let i = 0; i < out.length; i++) {
        for (let k = 0; k < inputs.length; k++) values[k] = inputs[k]!.data[i]!;
        out[i] = combine(values);
      }
      return { data: out, shape: [...first.shape] };
    },
  };
}

/** Joins the inputs along one axis (the last by default). */
const concatenate: ForwardKind = {
  run: (inputs, call) => {
    const rank = inputs[0]!.shape.length;
    const axis = typeof call.config.axis === "number" ? (call.config.axis < 0 ? call.config.axis + rank : call.config.axis) : rank - 1;
    const outer = numel(inputs[0]!.shape.slice(0, axis));
    const widths = inputs.map((x) => numel(x.shape.slice(axis)));
    const total = widths.reduce((a, b) => a + b, 0);
    if (inputs.some((x) => numel(x.shape.slice(0, axis)) !== outer || x.shape.length !== rank)) throw layerError(call.place, `cannot join inputs of shapes ${inputs.map((x) => shapeText(x.shape)).join(", ")} along axis ${axis}`);
    const out = new Float64Array(outer * total);
    for (let o = 0; o < outer; o++) {
      let offset = o * total;
      inputs.forEach((x, k) => {
        out.set(x.data.subarray(o * widths[k]!, (o + 1) * widths[k]!), offset);
        offset += widths[k]!;
      });
    }
    const shape = [...inputs[0]!.shape];
    shape[axis] = inputs.reduce((sum, x) => sum + x.shape[axis]!, 0);
    return { data: out, shape };
  },
};

/** The wrapped layer applied to every time step: (N, T, ...) runs as (N·T, ...). */
const timeDistributed: ForwardKind = {
  variableCount: (config, countOf) => countOf(config.layer as never),
  run: (inputs, call: LayerCall) => {
    const x = only(inputs);
    const [batch, steps] = x.shape as [number, number];
    const [out] = call.runInner(call.config.layer as never, call.variables, [reshaped(x, [batch * steps, ...x.shape.slice(2)])]);
    return reshaped(out!, [batch, steps, ...out!.shape.slice(1)]) as Dense64;
  },
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export const coreKinds: Readonly<Record<string, ForwardKind>> = {
  InputLayer: identity,
  Dense: dense,
  Embedding: embeddingKind,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permuteKind,
  RepeatVector: repeatVector,
  // Noise and dropout act only in training.
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  SpatialDropout3D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  ActivityRegularization: identity,
  Add: merge("Add", sum),
  Subtract: merge("Subtract", (v) => v[0]! - v[1]!),
  Multiply: merge("Multiply", (v) => v.reduce((a, b) => a * b, 1)),
  Average: merge("Average", (v) => sum(v) / v.length),
  Maximum: merge("Maximum", (v) => Math.max(...v)),
  Minimum: merge("Minimum", (v) => Math.min(...v)),
  Concatenate: concatenate,
  TimeDistributed: timeDistributed,
};
