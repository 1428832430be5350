// A Keras config as Python sees it: parsed JSON turned into Python values, and written back the way json.dumps writes it.
import { floatRepr } from "../../python/scalars.js";
import { PyDict, PyFloat, PyTuple } from "../../python/values.js";
import type { KerasFile } from "../read.js";
import { parsePythonJson } from "./json.js";

/**
 * The model config as Python's json.loads gives it, parsed from the file's own text (the `model_config`
 * attribute, or the archive's config.json) so that `1.0` stays a float; a new object on every call, as
 * Keras gives. A model built in memory has no text; its parsed config is converted instead.
 */
export function pythonModelConfig(file: KerasFile): unknown {
  const place = file.format === "keras-archive" ? "entry config.json" : "attribute model_config";
  return file.modelConfigText === undefined ? pythonConfig(file.modelConfig) : parsePythonJson(file.modelConfigText, { file: file.path, place });
}

/** One layer's config out of a Python model config, by the layer's name. */
export function pythonLayerConfig(modelConfig: unknown, name: string): unknown {
  const config = modelConfig instanceof PyDict ? modelConfig.get("config") : undefined;
  const layers = Array.isArray(config) ? config : config instanceof PyDict ? config.get("layers") : undefined;
  const named = (layer: unknown) => layer instanceof PyDict && layer.get("config") instanceof PyDict && (layer.get("config") as PyDict).get("name") === name;
  return (Array.isArray(layers) ? (layers.find(named) as PyDict | undefined) : undefined)?.get("config");
}

/**
 * JSON objects become dicts and numbers with a fraction floats. JSON.parse has already dropped the
 * difference between `1.0` and `1`, so a whole float in the file comes back as an int.
 */
export function pythonConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pythonConfig);
  if (typeof value === "number") return Number.isInteger(value) ? value : new PyFloat(value);
  if (typeof value === "object" && value !== null) return new PyDict(Object.entries(value).map(([key, item]) => [key, pythonConfig(item)]));
  return value;
}

/** Python's `json.dumps(value)`: `", "` and `": "` separators, non-ASCII escaped, floats as Python spells them. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (value instanceof PyFloat) return jsonFloat(value.valueOf());
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : jsonFloat(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value) || value instanceof PyTuple) return `[${[...value].map(pythonJsonDumps).join(", ")}]`;
  if (value instanceof PyDict) return `{${[...value.entries()].map(([k, v]) => `${pythonJsonDumps(String(k))}: ${pythonJsonDumps(v)}`).join(", ")}}`;
  if (typeof value === "object") return pythonJsonDumps(pythonConfig(value));
  return JSON.stringify(String(value));
}

function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  return floatRepr(x);
}

/**
 * Keras 3's saving_lib names each layer's group in a weights file by its class in snake_case, numbered per
 * class in layer order: conv2d, conv2d_1, dense, ... One namer per model: call it once per layer, in order.
 */
export function keras3GroupNamer(): (className: string) => string {
  const used = new Map<string, number>();
  return (className) => {
    const base = className.replace(/\W+/g, "").replace(/(.)([A-Z][a-z]+)/g, "$1_$2").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  };
}

/** The layer configs of a model config: Keras before 2.2 stored Sequential's as a bare list. */
export function layerConfigs(modelConfig: unknown): Array<{ class_name: string; config: Record<string, unknown> }> {
  const config = (modelConfig as { config?: unknown } | undefined)?.config;
  const layers = Array.isArray(config) ? config : (config as { layers?: unknown } | undefined)?.layers;
  return Array.isArray(layers) ? (layers as Array<{ class_name: string; config: Record<string, unknown> }>) : [];
}
