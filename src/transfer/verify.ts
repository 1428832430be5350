// verify(a, b): both models run on the same random inputs, layouts converted between NCHW and NHWC, and their outputs compared.
import { WeightscopeError } from "../errors.js";
import { NDArray, Tensor } from "../tensor/index.js";
import { TorchModule } from "../torch/modules/module.js";

/** The failure of a model that cannot run on an input of some size: the size is skipped, not failed. */
export class VerifyError extends WeightscopeError {}

export interface VerifyOptions {
  /** The largest absolute difference allowed between corresponding outputs (default 1e-4). */
  readonly tolerance?: number;
  /** Input shape in the first model's layout without the batch (`[28, 28, 1]` for Keras, `[1, 28, 28]` for torch); taken from a Keras model's config when absent. */
  readonly inputShape?: readonly number[];
  readonly batch?: number;
  readonly seed?: number;
}

/** A model as verify sees it: a torch module (forward) or a Keras model (predict). */
interface TorchLike {
  readonly className: string;
  forward(x: Tensor): unknown;
  modules(): Iterable<{ training: boolean; train(mode: boolean): unknown }>;
}
interface KerasLike {
  readonly name: string;
  readonly classPath: string;
  readonly layers: ReadonlyArray<{ readonly className: string | undefined; get_config(): unknown }>;
  readonly input_shape: Iterable<number | null>;
  predict(x: NDArray, options?: { verbose?: number }): unknown;
}

type Side = { kind: "torch"; model: TorchLike } | { kind: "keras"; model: KerasLike };

export interface VerifyRow {
  /** The input shape in Keras's layout (channels last), batch included. */
  readonly shape: readonly number[];
  readonly maxAbs?: number;
  readonly maxRel?: number;
  readonly ok?: boolean;
  /** Why this size did not run. */
  readonly skipped?: string;
  /** Why outputs that both ran could not be compared value by value (their shapes differ): a failure. */
  readonly mismatch?: string;
}

/** The size tried for an axis the config leaves free (None). */
const FREE_SIZE = 16;

/** First layers whose input is not an image: no NCHW <-> NHWC move for them. */
const sequenceFirst = new Set(["Dense", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Embedding", "TimeDistributed", "LayerNormalization", "MultiHeadAttention"]);

export class VerifyReport {
  constructor(
    readonly title: string,
    readonly tolerance: number,
    readonly rows: readonly VerifyRow[],
  ) {}

  /** True when at least one input size ran and every one that ran is within the tolerance. */
  get passed(): boolean {
    const ran = this.rows.filter((row) => row.skipped === undefined);
    return ran.length > 0 && ran.every((row) => row.ok);
  }

  toString(): string {
    // Python's `%.3e`: two exponent digits at least (7.451e-09).
    const cell = (x: number | undefined) => (x === undefined ? "-" : x.toExponential(3).replace(/e([+-])(\d)$/, "e$10$2"));
    const lines = [this.title, `  ${"input".padEnd(22)}${"max abs diff".padEnd(15)}${"max rel diff".padEnd(15)}result`];
    for (const row of this.rows) {
      const shape = `(${row.shape.join(", ")})`.padEnd(22);
      lines.push(`  ${shape}${cell(row.maxAbs).padEnd(15)}${cell(row.maxRel).padEnd(15)}${row.skipped !== undefined ? `not run: ${row.skipped}` : row.ok ? "ok" : row.mismatch !== undefined ? `DIFFERENT: ${row.mismatch}` : "DIFFERENT"}`);
    }
    lines.push(`${this.passed ? "passed" : "FAILED"} (tolerance ${this.tolerance})`);
    return lines.join("\n");
  }
}

/**
 * Runs `a` and `b` on the same random inputs and compares their outputs. Torch modules run in eval mode
 * (restored afterwards). Image inputs are tried at the declared size and at the size of the other parity
 * (27 and 28), because Keras's 'same' padding with stride 2 equals torch's symmetric padding on only one
 * of them; a size a model cannot take is listed as not run.
 */
export function verify(a: unknown, b: unknown, options: VerifyOptions = {}): VerifyReport {
  const sides = [side(a, "first"), side(b, "second")] as const;
  const keras = sides.find((s): s is Extract<Side, { kind: "keras" }> => s.kind === "keras");
  const torch = sides.find((s): s is Extract<Side, { kind: "torch" }> => s.kind === "torch");
  const tolerance = options.tolerance ?? 1e-4;
  const batch = options.batch ?? 2;
  // Shapes are kept in Keras's layout (channels last); a torch-only pair gives its own, channels first.
  const channelsMove = keras !== undefined && torch !== undefined && !sequenceFirst.has(firstLayerClass(keras.model));
  const declared = options.inputShape ?? (keras ? [...keras.model.input_shape].slice(1).map((size) => size ?? FREE_SIZE) : undefined);
  if (!declared) throw new VerifyError("verify needs {inputShape} (without the batch) when neither model is a Keras model with a declared input", { place: "verify" });
  const integerInput = keras !== undefined && firstLayerClass(keras.model) === "Embedding" ? embeddingSize(keras.model) : undefined;
  const random = generator(options.seed ?? 0);
  const rows: VerifyRow[] = [];
  for (const [i, spatial] of candidateShapes(declared, keras !== undefined).entries()) {
    const shape = [batch, ...spatial];
    const data = Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => (integerInput ? Math.floor(random() * integerInput) : random()));
    const input = NDArray.from(data, { shape });
    try {
      const outputs = sides.map((s) => run(s, input, channelsMove, integerInput !== undefined));
      rows.push({ shape, ...compare(outputs[0]!, outputs[1]!, tolerance) });
    } catch (error) {
      // The declared size must run; another size may be one the model cannot take.
      if (i === 0 || !(error instanceof Error)) throw error;
      rows.push({ shape, skipped: (error as Error).message.split("\n")[0]! });
    }
  }
  return new VerifyReport(`verify ${describeSide(sides[0])} against ${describeSide(sides[1])}`, tolerance, rows);
}

function side(model: unknown, which: string): Side {
  if (model instanceof TorchModule) return { kind: "torch", model: model as unknown as TorchLike };
  // Keras models load with the Keras reader, on demand: they are recognised by what they offer.
  const members = model as { predict?: unknown; layers?: unknown } | null;
  if (members !== null && (typeof members === "object" || typeof members === "function") && typeof members.predict === "function" && Array.isArray(members.layers)) {
    return { kind: "keras", model: model as KerasLike };
  }
  throw new VerifyError(`the ${which} argument is neither a torch module nor a Keras model`, { place: "verify" });
}

function describeSide(s: Side): string {
  return s.kind === "torch" ? `torch ${s.model.className}` : `keras ${s.model.name} (${s.model.classPath.slice(s.model.classPath.lastIndexOf(".") + 1)})`;
}

function firstLayerClass(model: KerasLike): string {
  return model.layers.find((layer) => layer.className !== "InputLayer")?.className ?? "";
}

function embeddingSize(model: KerasLike): number {
  const layer = model.layers.find((l) => l.className === "Embedding")!;
  const config = layer.get_config() as { get?(key: string): unknown };
  return Number(config.get?.("input_dim") ?? 2);
}

/** The declared input, then the same with each spatial size of the other parity, when the input has spatial axes. */
function candidateShapes(declared: readonly number[], channelsLast: boolean): number[][] {
  const first = [...declared];
  if (declared.length < 2) return [first];
  const spatial = channelsLast ? declared.slice(0, -1) : declared.slice(1);
  const other = spatial.map((size) => (size > 1 ? size - 1 : size + 1));
  const second = channelsLast ? [...other, declared.at(-1)!] : [declared[0]!, ...other];
  return [first, second];
}

/** One model's output for `input` (channels last), as float64 values in channels-last order with its shape. */
function run(s: Side, input: NDArray, channelsMove: boolean, integer: boolean): { shape: number[]; values: Float64Array } {
  if (s.kind === "keras") return values(s.model.predict(input, { verbose: 0 }), false);
  const model = s.model;
  const moved = channelsMove && input.ndim >= 3 ? input.transpose([0, input.ndim - 1, ...range(1, input.ndim - 1)]) : input;
  const tensor = Tensor.from(moved, integer ? { dtype: "int64" } : {});
  const modules = [...model.modules()];
  const modes = modules.map((m) => m.training);
  for (const m of modules) m.train(false);
  try {
    return values(model.forward(tensor), channelsMove);
  } finally {
    modules.forEach((m, i) => m.train(modes[i]!));
  }
}

function values(output: unknown, channelsFirst: boolean): { shape: number[]; values: Float64Array } {
  // A module returning a tuple (an LSTM's output and state) is compared on its first element.
  const first = Array.isArray(output) || (output && typeof output === "object" && Symbol.iterator in output && !(output instanceof NDArray) && !(output instanceof Tensor)) ? [...(output as Iterable<unknown>)][0] : output;
  let array = first instanceof Tensor ? first.detach().numpy() : first instanceof NDArray ? first : undefined;
  if (!array) throw new VerifyError("a model returned something that is not a tensor or an array", { place: "verify" });
  if (channelsFirst && array.ndim >= 3) array = array.transpose([0, ...range(2, array.ndim), 1]);
  const bytes = array.astype("float64").toBytesLE();
  return { shape: [...array.shape], values: new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8) };
}

function compare(x: { shape: number[]; values: Float64Array }, y: { shape: number[]; values: Float64Array }, tolerance: number): Omit<VerifyRow, "shape"> {
  // Both models took this size and answered differently (a 'same' pool against ceil_mode on an odd size).
  if (x.shape.join() !== y.shape.join()) return { ok: false, mismatch: `outputs have different shapes, (${x.shape.join(", ")}) and (${y.shape.join(", ")})` };
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < x.values.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(x.values[i]! - y.values[i]!));
    scale = Math.max(scale, Math.abs(y.values[i]!));
  }
  return { maxAbs, maxRel: scale === 0 ? maxAbs : maxAbs / scale, ok: maxAbs <= tolerance };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** mulberry32: uniform floats in [0, 1) from a seed, the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
