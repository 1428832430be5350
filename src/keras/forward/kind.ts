// What a forward layer kind is: the weights it reads and the function from its inputs to its outputs.
import type { Dense } from "../../nn/index.js";
import type { KerasVariable } from "../model/variable.js";
import type { Config } from "./arrays.js";

/** A layer as written in a config: its class and settings. */
export interface LayerSpec {
  readonly class_name: string;
  readonly config: Config;
}

/** Everything one call of a layer sees. */
export interface LayerCall {
  /** `layer "conv2d" (Conv2D)`, the place errors name. */
  readonly place: string;
  readonly config: Config;
  /** The arrays named by the kind's `weights`, picked from the layer's variables. */
  readonly weights: Readonly<Record<string, Dense>>;
  /** Keras 3 changed some formulas (hard_sigmoid); older files keep their own. */
  readonly keras3: boolean;
  /** Bilinear resizing with half-pixel centres (TensorFlow 2's tf.image.resize, Keras 3) rather than TensorFlow 1's corner-aligned grid. */
  readonly halfPixelResize: boolean;
  /** The input's mask (batch, steps) of ones and zeros, when a Masking layer or an Embedding with mask_zero made one upstream. */
  readonly mask?: Dense;
  /** The layer's variables as stored, for wrappers that hand them to the layer they wrap. */
  readonly variables: readonly KerasVariable[];
  /** Runs a wrapped layer (TimeDistributed's, Bidirectional's) with the given variables. */
  readonly runInner: (spec: LayerSpec, variables: readonly KerasVariable[], inputs: Dense[], mask?: Dense) => Dense[];
}

/** What differs between the Keras versions that wrote files, as the forward pass needs it. */
export interface ForwardEra {
  readonly keras3: boolean;
  readonly halfPixelResize: boolean;
}

export interface ForwardKind {
  /** The weights the layer reads, by their Keras 2 names, in the order Keras creates them. */
  readonly weights?: (config: Config) => string[];
  /** How many variables the layer holds, for kinds that hand theirs on (wrappers); defaults to weights().length. */
  readonly variableCount?: (config: Config, countOf: (spec: LayerSpec) => number) => number;
  readonly run: (inputs: Dense[], call: LayerCall) => Dense | Dense[];
}

/** The first input, for the many layers that take one. */
export function only(inputs: Dense[]): Dense {
  return inputs[0]!;
}
