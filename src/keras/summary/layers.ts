// The layer table: for each Keras class, its output shape and parameter count from its config and input shapes.

/** A shape with the batch axis first; `null` is a dimension Keras leaves open (`None`). */
export type Shape = ReadonlyArray<number | null>;
export type Config = Readonly<Record<string, unknown>>;

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** A weight a layer creates: its Keras 2 name (`kernel`), its shape, and whether training changes it. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

export interface LayerKind {
  /** Output shapes (one per output tensor) from the input shapes; throws ShapeUnknown when it cannot tell. */
  readonly output: (inputs: readonly Shape[], config: Config) => Shape[];
  /** The weights the layer creates, in Keras order; their sizes are its parameter count. */
  readonly weights?: (inputs: readonly Shape[], config: Config) => WeightSpec[];
  /** Counts for kinds whose weights are not listed one by one (wrappers, nested models). */
  readonly params?: (inputs: readonly Shape[], config: Config) => ParamCount;
}

/** A layer's parameter counts: from its listed weights, its own count, or none. */
export function countParams(kind: LayerKind, inputs: readonly Shape[], config: Config): ParamCount {
  if (kind.params) return kind.params(inputs, config);
  const counts = { trainable: 0, nonTrainable: 0 };
  for (const weight of kind.weights?.(inputs, config) ?? []) counts[weight.trainable ? "trainable" : "nonTrainable"] += product(weight.shape);
  return counts;
}

/** Thrown inside the table when a config or an input leaves a shape undetermined; callers print `?`. */
export class ShapeUnknown extends Error {}

// Keras 1 spelled several settings differently; each row reads the Keras 2 names only.
const ALIASES: ReadonlyArray<readonly [keras2: string, keras1: string]> = [
  ["units", "output_dim"],
  ["filters", "nb_filter"],
  ["padding", "border_mode"],
  ["strides", "subsample"],
  ["strides", "subsample_length"],
  ["strides", "stride"],
  ["pool_size", "pool_length"],
  ["kernel_size", "filter_length"],
  ["use_bias", "bias"],
  ["size", "length"],
  ["dilation_rate", "atrous_rate"],
];

/** The config with Keras 1 names (`output_dim`, `border_mode`, `dim_ordering`...) given their Keras 2 names. */
export function normalizeConfig(config: Config): Config {
  const out: Record<string, unknown> = { ...config };
  for (const [modern, old] of ALIASES) if (out[modern] === undefined && out[old] !== undefined) out[modern] = out[old];
  if (out.kernel_size === undefined && out.nb_row !== undefined) out.kernel_size = [out.nb_row, out.nb_col, out.nb_dim].filter((v) => v !== undefined);
  if (out.data_format === undefined && out.dim_ordering !== undefined) out.data_format = out.dim_ordering === "th" ? "channels_first" : "channels_last";
  return out;
}

const num = (config: Config, key: string, fallback?: number): number => {
  const value = config[key];
  if (typeof value === "number") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "number") return value[0];
  if (fallback !== undefined && (value === undefined || value === null)) return fallback;
  throw new ShapeUnknown(`${key} is ${JSON.stringify(value)}`);
};
const flag = (config: Config, key: string, fallback: boolean): boolean => (typeof config[key] === "boolean" ? (config[key] as boolean) : fallback);
const known = (dim: number | null | undefined): number => {
  if (typeof dim !== "number") throw new ShapeUnknown("an input dimension is not known");
  return dim;
};
const product = (dims: Shape): number => dims.reduce<number>((a, d) => a * known(d), 1);
const mapDim = (dim: number | null, f: (d: number) => number): number | null => (dim === null ? null : f(dim));
const first = (inputs: readonly Shape[]): Shape => {
  const shape = inputs[0];
  if (!shape) throw new ShapeUnknown("no input shape");
  return shape;
};
const last = (shape: Shape): number => known(shape[shape.length - 1]);
const weight = (name: string, shape: readonly number[], trainable = true): WeightSpec => ({ name, shape, trainable });
/** A bias when use_bias (the default) says so. */
const bias = (config: Config, size: number): WeightSpec[] => (flag(config, "use_bias", true) ? [weight("bias", [size])] : []);

/** An int or a list of ints as one number per spatial axis. */
function tuple(value: unknown, rank: number, name: string): number[] {
  if (typeof value === "number") return Array<number>(rank).fill(value);
  if (Array.isArray(value) && value.length === rank && value.every((v) => typeof v === "number")) return value as number[];
  throw new ShapeUnknown(`${name} is ${JSON.stringify(value)}`);
}

/** Padding or cropping as [before, after] per spatial axis, from an int, a pair per axis, or one int per axis. */
function margins(value: unknown, rank: number, name: string): Array<[number, number]> {
  if (typeof value === "number") return Array.from({ length: rank }, () => [value, value]);
  if (Array.isArray(value) && rank === 1 && value.length === 2 && value.every((v) => typeof v === "number")) return [[value[0], value[1]]];
  if (Array.isArray(value) && value.length === rank) {
    return value.map((v) => (typeof v === "number" ? [v, v] : (tuple(v, 2, name) as [number, number])));
  }
  throw new ShapeUnknown(`${name} is ${JSON.stringify(value)}`);
}

/** The spatial axes and the channel axis of an input, by data_format. */
function layout(input: Shape, rank: number, config: Config) {
  const channelsFirst = config.data_format === "channels_first";
  const spatial = channelsFirst ? input.slice(2, 2 + rank) : input.slice(1, 1 + rank);
  const channels = channelsFirst ? input[1] ?? null : input[input.length - 1] ?? null;
  if (spatial.length !== rank || input.length !== rank + 2) throw new ShapeUnknown(`expects rank ${rank + 2} input, got ${input.length}`);
  const build = (newSpatial: Shape, newChannels: number | null): Shape[] => [
    channelsFirst ? [input[0]!, newChannels, ...newSpatial] : [input[0]!, ...newSpatial, newChannels],
  ];
  return { spatial, channels, build };
}

/** Keras's length of a convolved or pooled axis (conv_utils.conv_output_length). */
function convLength(length: number | null, kernel: number, padding: unknown, stride: number, dilation: number): number | null {
  if (length === null) return null;
  const span = kernel + (kernel - 1) * (dilation - 1);
  const size = { same: length, causal: length, valid: length - span + 1, full: length + span - 1 }[String(padding ?? "valid")];
  if (size === undefined) throw new ShapeUnknown(`padding ${JSON.stringify(padding)}`);
  return Math.floor((size + stride - 1) / stride);
}

/** Keras's length of a transposed-convolution axis (conv_utils.deconv_output_length, no output_padding). */
function deconvLength(length: number | null, kernel: number, padding: unknown, stride: number, dilation: number, outPad: number | null): number | null {
  if (length === null) return null;
  const span = kernel + (kernel - 1) * (dilation - 1);
  if (outPad !== null) {
    const pad = { valid: 0, same: Math.floor(span / 2), full: span - 1 }[String(padding ?? "valid")] ?? 0;
    return (length - 1) * stride + span - 2 * pad + outPad;
  }
  if (padding === "same") return length * stride;
  if (padding === "full") return length * stride - (stride + span - 2);
  return length * stride + Math.max(span - stride, 0);
}

function conv(rank: number, kind: "conv" | "transpose" | "depthwise" | "separable"): LayerKind {
  return {
    output(inputs, config) {
      const { spatial, channels, build } = layout(first(inputs), rank, config);
      const kernel = tuple(config.kernel_size, rank, "kernel_size");
      const strides = tuple(config.strides ?? 1, rank, "strides");
      const dilation = tuple(config.dilation_rate ?? 1, rank, "dilation_rate");
      const outPad = config.output_padding == null ? null : tuple(config.output_padding, rank, "output_padding");
      const lengths = spatial.map((length, i) =>
        kind === "transpose"
          ? deconvLength(length, kernel[i]!, config.padding, strides[i]!, dilation[i]!, outPad ? outPad[i]! : null)
          : convLength(length, kernel[i]!, config.padding, strides[i]!, dilation[i]!),
      );
      const outChannels = kind === "depthwise" ? mapDim(channels, (c) => c * num(config, "depth_multiplier", 1)) : num(config, "filters");
      return build(lengths, outChannels);
    },
    weights(inputs, config) {
      const channels = known(layout(first(inputs), rank, config).channels);
      const window = tuple(config.kernel_size, rank, "kernel_size");
      const multiplier = num(config, "depth_multiplier", 1);
      const depthwise = weight("depthwise_kernel", [...window, channels, multiplier]);
      if (kind === "depthwise") return [depthwise, ...bias(config, channels * multiplier)];
      const filters = num(config, "filters");
      if (kind === "separable") {
        return [depthwise, weight("pointwise_kernel", [...Array<number>(rank).fill(1), channels * multiplier, filters]), ...bias(config, filters)];
      }
      const groups = num(config, "groups", 1);
      if (channels % groups !== 0) throw new ShapeUnknown(`${channels} input channels do not split into ${groups} groups`);
      // Keras 1 stored Theano-ordered kernels filters-first and 1D kernels as 2D ones (length, 1, ...); Keras 2 on, channels-last.
      const kernel =
        kind === "transpose" ? [...window, filters, channels]
        : config.dim_ordering === "th" ? [filters, channels, ...window]
        : config.filter_length !== undefined ? [...window, 1, channels, filters]
        : [...window, channels / groups, filters];
      return [weight("kernel", kernel), ...bias(config, filters)];
    },
  };
}

function pooling(rank: number): LayerKind {
  return {
    output(inputs, config) {
      const { spatial, channels, build } = layout(first(inputs), rank, config);
      const size = tuple(config.pool_size ?? 2, rank, "pool_size");
      const strides = config.strides == null ? size : tuple(config.strides, rank, "strides");
      return build(spatial.map((length, i) => convLength(length, size[i]!, config.padding, strides[i]!, 1)), channels);
    },
  };
}

function globalPooling(rank: number): LayerKind {
  return {
    output(inputs, config) {
      const { channels, build } = layout(first(inputs), rank, config);
      if (flag(config, "keepdims", false)) return build(Array<number>(rank).fill(1), channels);
      return [[first(inputs)[0]!, channels]];
    },
  };
}

function resize(rank: number, how: "pad" | "crop" | "upsample"): LayerKind {
  return {
    output(inputs, config) {
      const { spatial, channels, build } = layout(first(inputs), rank, config);
      if (how === "upsample") {
        const size = tuple(config.size ?? 2, rank, "size");
        return build(spatial.map((l, i) => mapDim(l, (d) => d * size[i]!)), channels);
      }
      const sides = margins(how === "pad" ? config.padding ?? 1 : config.cropping ?? 0, rank, how === "pad" ? "padding" : "cropping");
      const sign = how === "pad" ? 1 : -1;
      return build(spatial.map((l, i) => mapDim(l, (d) => d + sign * (sides[i]![0] + sides[i]![1]))), channels);
    },
  };
}

const identity: LayerKind = { output: (inputs) => [first(inputs)] };

/** Features normalised over `axis` (an int or a list, negative from the end). */
function axisFeatures(input: Shape, axis: unknown): number {
  const axes = Array.isArray(axis) ? axis : [axis ?? -1];
  return axes.reduce<number>((n, a) => n * known(input[typeof a === "number" && a < 0 ? input.length + a : Number(a)]), 1);
}

/** Normalisation's gamma and beta of the given shape, as scale and center ask. */
function scaleAndCenter(config: Config, shape: readonly number[]): WeightSpec[] {
  return [...(flag(config, "scale", true) ? [weight("gamma", shape)] : []), ...(flag(config, "center", true) ? [weight("beta", shape)] : [])];
}

/** LayerNormalization's gamma and beta have one dim per listed axis, in the config's order (Keras and TensorFlow.js alike). */
function axisDims(input: Shape, axis: unknown): number[] {
  return (Array.isArray(axis) ? axis : [axis ?? -1]).map((a) => known(input[typeof a === "number" && a < 0 ? input.length + a : Number(a)]));
}

/** Recurrent layers: `gates` weight blocks, each units x (input + units) plus bias (doubled by reset_after and CuDNN). */
function recurrent(gates: number, doubleBias: (config: Config) => boolean): LayerKind {
  return {
    output(inputs, config) {
      const input = first(inputs);
      const units = num(config, "units");
      const main = flag(config, "return_sequences", false) ? [input[0]!, input[1] ?? null, units] : [input[0]!, units];
      if (!flag(config, "return_state", false)) return [main];
      return [main, ...Array<Shape>(gates === 4 ? 2 : 1).fill([input[0]!, units])];
    },
    weights(inputs, config) {
      const units = num(config, "units");
      const features = last(first(inputs));
      // GRU's reset_after keeps input and recurrent biases as two rows; CuDNN layers as one long vector.
      const biasShape = !doubleBias(config) ? [gates * units] : config.reset_after === true ? [2, gates * units] : [2 * gates * units];
      const biases = flag(config, "use_bias", true) ? [weight("bias", biasShape)] : [];
      return [weight("kernel", [features, gates * units]), weight("recurrent_kernel", [units, gates * units]), ...biases];
    },
  };
}

/** The wrapped layer's row (Bidirectional, TimeDistributed): its class and normalised config. */
function inner(config: Config): { kind: LayerKind; config: Config } {
  const layer = config.layer as { class_name?: unknown; config?: Config } | undefined;
  const kind = typeof layer?.class_name === "string" ? LAYER_KINDS[layer.class_name] : undefined;
  if (!kind || !layer?.config) throw new ShapeUnknown(`wrapped layer ${JSON.stringify(layer?.class_name)} is not in the table`);
  return { kind, config: normalizeConfig(layer.config) };
}
const innerParams = (wrapped: { kind: LayerKind; config: Config }, inputs: readonly Shape[]): ParamCount => countParams(wrapped.kind, inputs, wrapped.config);

const bidirectional: LayerKind = {
  output(inputs, config) {
    const wrapped = inner(config);
    const [out, ...states] = wrapped.kind.output(inputs, wrapped.config);
    const mode = config.merge_mode === undefined ? "concat" : config.merge_mode;
    if (mode === null) return [out!, out!];
    const merged = mode === "concat" ? [...out!.slice(0, -1), mapDim(out![out!.length - 1] ?? null, (d) => d * 2)] : out!;
    return states.length === 0 ? [merged] : [merged, ...states, ...states];
  },
  params(inputs, config) {
    const one = innerParams(inner(config), inputs);
    return { trainable: 2 * one.trainable, nonTrainable: 2 * one.nonTrainable };
  },
};

const timeDistributed: LayerKind = {
  output(inputs, config) {
    const input = first(inputs);
    const wrapped = inner(config);
    return wrapped.kind.output([[input[0]!, ...input.slice(2)]], wrapped.config).map((s) => [s[0]!, input[1] ?? null, ...s.slice(1)]);
  },
  params: (inputs, config) => innerParams(inner(config), [[first(inputs)[0]!, ...first(inputs).slice(2)]]),
};

/** Elementwise merges broadcast their inputs: per axis, the size that is not 1. */
const elementwise: LayerKind = {
  output(inputs) {
    const rank = Math.max(...inputs.map((s) => s.length));
    const padded = inputs.map((s) => [...Array<number>(rank - s.length).fill(1), ...s]);
    return [padded[0]!.map((_, axis) => padded.map((s) => s[axis] ?? null).reduce((a, b) => (a === 1 ? b : b === 1 ? a : a ?? b)))];
  },
};

const concatenate: LayerKind = {
  output(inputs, config) {
    const base = first(inputs);
    const raw = num(config, "axis", -1);
    const axis = raw < 0 ? base.length + raw : raw;
    const total = inputs.reduce<number | null>((sum, s) => (sum === null || s[axis] == null ? null : sum + (s[axis] as number)), 0);
    return [base.map((d, i) => (i === axis ? total : d))];
  },
};

function inputShape(config: Config): Shape {
  const batch = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(batch)) return batch as Shape;
  if (Array.isArray(config.input_shape)) return [null, ...(config.input_shape as Shape)];
  throw new ShapeUnknown("the input layer records no shape");
}

/** The 1D, 2D and 3D classes of one family (`Conv#D`), each a row of its rank. */
const inRanks = (pattern: string, kind: (rank: number) => LayerKind): Record<string, LayerKind> =>
  Object.fromEntries([1, 2, 3].map((rank) => [pattern.replace("#", String(rank)), kind(rank)]));

/** One row per Keras class name. Classes missing here get `?` for their shape and weight-derived counts. */
export const LAYER_KINDS: Readonly<Record<string, LayerKind>> = {
  InputLayer: { output: (_inputs, config) => [inputShape(config)] },
  Dense: {
    output: (inputs, config) => [[...first(inputs).slice(0, -1), num(config, "units")]],
    weights: (inputs, config) => [weight("kernel", [last(first(inputs)), num(config, "units")]), ...bias(config, num(config, "units"))],
  },
  ...inRanks("Conv#D", (rank) => conv(rank, "conv")),
  ...inRanks("Convolution#D", (rank) => conv(rank, "conv")),
  ...inRanks("Conv#DTranspose", (rank) => conv(rank, "transpose")),
  AtrousConvolution1D: conv(1, "conv"),
  AtrousConvolution2D: conv(2, "conv"),
  DepthwiseConv2D: conv(2, "depthwise"),
  SeparableConv1D: conv(1, "separable"),
  SeparableConv2D: conv(2, "separable"),
  ...inRanks("MaxPooling#D", pooling),
  ...inRanks("AveragePooling#D", pooling),
  ...inRanks("GlobalAveragePooling#D", globalPooling),
  ...inRanks("GlobalMaxPooling#D", globalPooling),
  ...inRanks("ZeroPadding#D", (rank) => resize(rank, "pad")),
  ...inRanks("Cropping#D", (rank) => resize(rank, "crop")),
  ...inRanks("UpSampling#D", (rank) => resize(rank, "upsample")),
  Flatten: {
    output(inputs) {
      const [batch, ...rest] = first(inputs);
      return [[batch!, rest.every((d) => d !== null) ? product(rest) : null]];
    },
  },
  Reshape: {
    output(inputs, config) {
      const target = config.target_shape;
      if (!Array.isArray(target)) throw new ShapeUnknown("target_shape is missing");
      const [batch, ...rest] = first(inputs);
      const fixed = (target as number[]).filter((d) => d !== -1);
      const open = rest.every((d) => d !== null) ? product(rest) / product(fixed) : null;
      return [[batch!, ...(target as number[]).map((d) => (d === -1 ? open : d))]];
    },
  },
  Permute: {
    output(inputs, config) {
      const input = first(inputs);
      return [[input[0]!, ...(config.dims as number[]).map((d) => input[d] ?? null)]];
    },
  },
  RepeatVector: { output: (inputs, config) => [[first(inputs)[0]!, num(config, "n"), first(inputs)[1] ?? null]] },
  Embedding: {
    output: (inputs, config) => [[...first(inputs), num(config, "output_dim")]],
    weights: (_inputs, config) => [weight("embeddings", [num(config, "input_dim"), num(config, "output_dim")])],
  },
  BatchNormalization: {
    output: (inputs) => [first(inputs)],
    weights: (inputs, config) => [
      ...scaleAndCenter(config, [axisFeatures(first(inputs), config.axis)]),
      weight("moving_mean", [axisFeatures(first(inputs), config.axis)], false),
      weight("moving_variance", [axisFeatures(first(inputs), config.axis)], false),
    ],
  },
  LayerNormalization: {
    output: (inputs) => [first(inputs)],
    weights: (inputs, config) => scaleAndCenter(config, axisDims(first(inputs), config.axis)),
  },
  PReLU: {
    output: (inputs) => [first(inputs)],
    weights(inputs, config) {
      const shared = new Set(Array.isArray(config.shared_axes) ? (config.shared_axes as number[]) : []);
      return [weight("alpha", first(inputs).slice(1).map((d, i) => (shared.has(i + 1) ? 1 : known(d))))];
    },
  },
  SimpleRNN: recurrent(1, () => false),
  LSTM: recurrent(4, () => false),
  GRU: recurrent(3, (config) => flag(config, "reset_after", false)),
  CuDNNLSTM: recurrent(4, () => true),
  CuDNNGRU: recurrent(3, () => true),
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
  ...Object.fromEntries(["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"].map((name) => [name, elementwise])),
  Concatenate: concatenate,
  ...Object.fromEntries(
    [
      "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "GaussianNoise", "AlphaDropout",
      "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU", "Masking", "ActivityRegularization", "Rescaling",
      "Identity", "UnitNormalization", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast",
    ].map((name) => [name, identity]),
  ),
};
