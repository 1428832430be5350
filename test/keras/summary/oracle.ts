// Test helpers: TensorFlow.js layers as the shape oracle, and a Keras 3 config turned into the Keras 2 dialect tfjs reads.
import * as tf from "@tensorflow/tfjs";
import type { Shape } from "../../../src/keras/summary/index.js";

type Json = Record<string, unknown>;

/** Every layer's output shape and parameter count as TensorFlow.js computes them for the same model_config. */
export async function tfjsLayers(modelConfig: unknown): Promise<Map<string, { outputShape: Shape | Shape[]; params: number }>> {
  const model = await tf.models.modelFromJSON({ modelTopology: modelConfig as tf.io.ModelJSON["modelTopology"] });
  const layers = new Map(model.layers.map((layer) => [layer.name, { outputShape: layer.outputShape as Shape | Shape[], params: layer.countParams() }]));
  model.dispose();
  return layers;
}

/**
 * The Keras 2 spelling of a Keras 3 config, for tfjs: `batch_shape` becomes `batch_input_shape`, dtype
 * policies become plain dtype names, and `__keras_tensor__` inbound nodes become `[name, node, tensor, {}]`
 * lists. Layer classes tfjs lacks but whose output equals their input (SpatialDropout2D) become Dropout.
 */
export function asKeras2(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asKeras2);
  if (value === null || typeof value !== "object") return value;
  const object = value as Json;
  if (object.class_name === "DTypePolicy") return (object.config as Json).name;
  const out: Json = {};
  for (const [key, item] of Object.entries(object)) {
    if (key === "inbound_nodes" && Array.isArray(item)) out[key] = item.map(keras2Node);
    else if (key === "batch_shape") out.batch_input_shape = item;
    else if (key === "class_name" && typeof item === "string" && /^SpatialDropout\dD$/.test(item)) out[key] = "Dropout";
    else if (key !== "module" && key !== "registered_name" && key !== "build_config" && key !== "shared_object_id") out[key] = asKeras2(item);
  }
  return out;
}

function keras2Node(node: unknown): unknown {
  if (Array.isArray(node)) return node;
  const tensors: unknown[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    const item = value as Json | null;
    if (item?.class_name === "__keras_tensor__") tensors.push([...((item.config as Json).keras_history as unknown[]), {}]);
  };
  visit((node as Json).args);
  return tensors;
}

/** The Keras 3 spelling of a Keras 2 functional config's inbound nodes (`args` holding `__keras_tensor__` objects). */
export function asKeras3Nodes(modelConfig: Json): Json {
  const config = modelConfig.config as Json;
  const tensor = ([name, node, index]: unknown[]) => ({ class_name: "__keras_tensor__", config: { shape: null, dtype: "float32", keras_history: [name, node, index] } });
  const layers = (config.layers as Json[]).map((layer) => ({
    ...layer,
    inbound_nodes: (layer.inbound_nodes as unknown[][][]).map((node) => ({ args: node.length === 1 ? [tensor(node[0]!)] : [node.map(tensor)], kwargs: {} })),
  }));
  return { ...modelConfig, class_name: "Functional", config: { ...config, layers } };
}
