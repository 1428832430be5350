// A Keras layer read from a file: its class path, config and variables, with Keras's get_weights/set_weights.
import { bindMethod } from "../../python/bound.js";
import { NDArray } from "../../tensor/index.js";
import { pythonConfig } from "./config.js";
import type { LayerSummary } from "../summary/index.js";
import { KerasAttributeError, KerasValueError } from "./errors.js";
import { pythonShape } from "./shapes.js";
import { shapeText, type KerasVariable } from "./variable.js";

/** The variables a group of them holds, and Keras's checks before `set_weights` assigns anything. */
export abstract class WeightHolder {
  abstract readonly name: string;

  constructor() {
    // Users hold a proxy whose methods stay bound (`m.get_weights === m.get_weights`), so repr() and help() can name their object.
    // Its target is a function standing in for this object, so that `model(x)` can run the model as Keras's __call__ does.
    const standIn = (() => undefined) as unknown as WeightHolder;
    const proxy = new Proxy(standIn, boundMethods);
    standIns.set(standIn, { holder: this, proxy });
    // util.inspect looks through a proxy at its target: the stand-in shows the object it stands for.
    const show = (_depth: number, options: object, inspect: (value: unknown, options: object) => string) => inspect(this, options);
    Object.defineProperty(standIn, Symbol.for("nodejs.util.inspect.custom"), { value: show });
    return proxy;
  }

  /** Keras's `weights`: what get_weights() reads and set_weights() expects, in that order. */
  protected abstract orderedVariables(): KerasVariable[];

  get_weights(): NDArray[] {
    return this.orderedVariables().map((variable) => variable.numpy());
  }

  /** Checks the count, then every shape, and only then assigns: a refused call changes nothing. */
  set_weights(weights: readonly unknown[]): void {
    const variables = this.orderedVariables();
    const given = [...weights];
    if (given.length !== variables.length) {
      const shown = `[${given.map(String).join(", ")}]`.slice(0, 50);
      throw new KerasValueError(
        `You called \`set_weights(weights)\` on layer "${this.name}" with a weight list of length ${given.length}, but the layer was expecting ${variables.length} weights. Provided weights: ${shown}...`,
      );
    }
    const arrays = given.map((value) => (value instanceof NDArray ? value : NDArray.from(value as never)));
    variables.forEach((variable, i) => {
      const want = variable.value.shape;
      const got = arrays[i]!.shape;
      if (want.length !== got.length || want.some((size, d) => size !== got[d])) {
        throw new KerasValueError(`Layer weight shape ${shapeText(want)} not compatible with provided weight shape ${shapeText(got)}`);
      }
    });
    variables.forEach((variable, i) => variable.assign(arrays[i]!.dtypeName === variable.dtype ? arrays[i]! : arrays[i]!.astype(variable.dtype)));
  }

  /** The number of scalars in every weight. */
  count_params(): number {
    return this.orderedVariables().reduce((sum, variable) => sum + variable.value.size, 0);
  }
}

export class KerasLayer extends WeightHolder {
  /** `keras.layers.convolutional.Conv2D`, per the writing version; a weights-only file knows no class. */
  readonly classPath: string;
  readonly className: string | undefined;
  /** The era's Layer base class (`keras.engine.base_layer.Layer`), for type() and help(). */
  readonly baseClassPath: string;
  readonly name: string;
  readonly trainable: boolean;
  private readonly config: Record<string, unknown> | undefined;
  private readonly variables: readonly KerasVariable[];
  /** The layer's row of the shape inference; undefined where Keras has no `input_shape`/`output_shape` (Keras 3, weights files). */
  readonly shapes: LayerSummary | undefined;
  private readonly pythonConfig: (() => unknown) | undefined;

  constructor(init: {
    classPath: string;
    className: string | undefined;
    baseClassPath: string;
    name: string;
    config: Record<string, unknown> | undefined;
    variables: readonly KerasVariable[];
    shapes?: LayerSummary | undefined;
    /** The config as Python's json reads the file's text (floats kept); the parsed config is the fallback. */
    pythonConfig?: () => unknown;
  }) {
    super();
    this.classPath = init.classPath;
    this.className = init.className;
    this.baseClassPath = init.baseClassPath;
    this.name = init.name;
    this.config = init.config;
    this.trainable = init.config?.trainable !== false;
    this.variables = init.variables;
    this.shapes = init.shapes;
    this.pythonConfig = init.pythonConfig;
  }

  /** Keras 2's `layer.output_shape`: a tuple with None for open sizes, a list of them for several outputs. */
  get output_shape(): unknown {
    return this.shape("output");
  }

  get input_shape(): unknown {
    return this.shape("input");
  }

  private shape(which: "input" | "output"): unknown {
    const row = this.shapes;
    if (!row) throw new KerasAttributeError(`'${this.className ?? "LayerWeights"}' object has no attribute '${which}_shape'`);
    const shape = which === "input" ? row.inputShape : row.outputShape;
    if (shape === "multiple") {
      throw new KerasAttributeError(
        `The layer "${this.name}" has multiple inbound nodes, with different ${which} shapes. Hence the notion of "${which} shape" is ill-defined for the layer. Use \`get_${which}_shape_at(node_index)\` instead.`,
      );
    }
    return pythonShape(shape, () => `weightscope cannot work out the ${which} shape of layer "${this.name}": ${row.problem ?? "an earlier layer's shape is not known"}`);
  }

  get weights(): KerasVariable[] {
    return [...this.trainable_weights, ...this.non_trainable_weights];
  }

  get trainable_weights(): KerasVariable[] {
    return this.variables.filter((variable) => variable.trainable);
  }

  get non_trainable_weights(): KerasVariable[] {
    return this.variables.filter((variable) => !variable.trainable);
  }

  protected orderedVariables(): KerasVariable[] {
    return this.weights;
  }

  /** The layer's config as the file stores it, as a dict; a weights-only file has none. */
  get_config(): unknown {
    if (!this.config) throw new KerasValueError(`layer "${this.name}" comes from a weights-only file, which stores no layer config`);
    return this.pythonConfig?.() ?? pythonConfig(this.config);
  }
}

/** Layers without shape inference (Keras 3, weights files) have no input_shape/output_shape, as in Keras 3. */
const shapeNames = new Set<string | symbol>(["input_shape", "output_shape"]);

/** The object each callable stand-in represents, and the proxy users hold. */
const standIns = new WeakMap<object, { holder: WeightHolder; proxy: WeightHolder }>();

function holderOf(standIn: object): WeightHolder {
  return standIns.get(standIn)!.holder;
}

const boundMethods: ProxyHandler<WeightHolder> = {
  has(standIn, prop) {
    const target = holderOf(standIn);
    if (target instanceof KerasLayer && shapeNames.has(prop) && !target.shapes) return false;
    return Reflect.has(target, prop);
  },
  get(standIn, prop, receiver) {
    const target = holderOf(standIn);
    const value = Reflect.get(target, prop, receiver);
    return typeof value === "function" && typeof prop === "string" && prop !== "constructor" ? bindMethod(receiver, prop, value, target) : value;
  },
  /** `model(x)`: Keras's __call__ in inference mode; a layer or a weights file on its own is not run. */
  apply(standIn, _this, args) {
    const { holder, proxy } = standIns.get(standIn)!;
    const call = (holder as { call?: unknown }).call;
    if (typeof call !== "function") throw new KerasValueError(`${holder.name} is not run on its own: weightscope runs whole models (model(x) or model.predict(x))`);
    return call.apply(proxy, args);
  },
  // The rest make the stand-in indistinguishable from the object: its class, its own keys, its fields.
  set: (standIn, prop, value) => Reflect.set(holderOf(standIn), prop, value),
  getPrototypeOf: (standIn) => Reflect.getPrototypeOf(holderOf(standIn)),
  ownKeys: (standIn) => Reflect.ownKeys(holderOf(standIn)),
  getOwnPropertyDescriptor: (standIn, prop) => Reflect.getOwnPropertyDescriptor(holderOf(standIn), prop),
  defineProperty: (standIn, prop, descriptor) => Reflect.defineProperty(holderOf(standIn), prop, descriptor),
  deleteProperty: (standIn, prop) => Reflect.deleteProperty(holderOf(standIn), prop),
};
