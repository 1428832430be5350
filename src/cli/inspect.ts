// `weightscope inspect`: what a model file holds, as a table for people or as the JSON contract for tools.
import { createHash } from "node:crypto";
import { basename } from "node:path";
import type { KerasFile } from "../keras/index.js";
import { formatShape, inferShapes } from "../keras/summary/index.js";
import { openModelFile, type ModelFile } from "../open.js";
import { DTYPES } from "../tensor/index.js";

export interface InspectRow {
  readonly path: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly elements: number;
  readonly bytes: number;
}

/** A row of a Keras model's layer table, as `model.summary()` shows it. */
export interface InspectLayer {
  readonly name: string;
  readonly className: string;
  readonly outputShape: string;
  readonly params: number;
}

export interface InspectReport {
  readonly file: string;
  readonly description: string;
  readonly rows: readonly InspectRow[];
  /** For a Keras file with a model config: its layers, from shape inference over the config. */
  readonly layers?: readonly InspectLayer[];
}

/** Lists a file's tensors from its metadata alone: no tensor bytes are read. */
export function inspectFile(path: string): InspectReport {
  const model = openModelFile(path);
  const rows = model.tensors.map(({ path: p, tensor }) => rowOf(p, tensor));
  const layers = model.framework === "keras" ? kerasLayers(model.value as KerasFile) : undefined;
  return { file: path, description: model.description, rows, ...(layers ? { layers } : {}) };
}

/** The summary's rows; counts the config leaves open come from the stored weights, as in summary(). */
function kerasLayers(file: KerasFile): InspectLayer[] | undefined {
  if (file.modelConfig === undefined) return undefined;
  const weights = new Map(file.layers.map((layer) => [layer.name, layer.weights.map((w) => w.tensor.shape)]));
  return inferShapes(file.modelConfig, weights).layers.map((layer) => ({
    name: layer.name,
    className: layer.className,
    outputShape: formatShape(layer.outputShape),
    params: layer.params,
  }));
}

function rowOf(path: string, tensor: { shape: readonly number[]; dtypeName: keyof typeof DTYPES }): InspectRow {
  const elements = tensor.shape.reduce((a, b) => a * b, 1);
  return { path, shape: [...tensor.shape], dtype: tensor.dtypeName, elements, bytes: elements * DTYPES[tensor.dtypeName].itemsize };
}

/** The inspect contract of ../shared/fixtures/real/README.md: reads every tensor to hash its values. */
export function inspectJson(path: string): object {
  let model: ModelFile;
  try {
    model = openModelFile(path);
    const tensors = model.tensors.map(({ path: p, tensor }) => ({
      path: p,
      shape: [...tensor.shape],
      dtype: tensor.dtypeName,
      sha256: createHash("sha256").update(tensor.toBytesLE()).digest("hex"),
    }));
    return { file: basename(path), ok: true, error: null, tensors };
  } catch (error) {
    return { file: basename(path), ok: false, error: error instanceof Error ? error.message : String(error), tensors: [] };
  }
}

export function formatInspectTable(report: InspectReport): string {
  const cells = report.rows.map((r) => [r.path, `[${r.shape.join(", ")}]`, r.dtype, group(r.elements), group(r.bytes)]);
  const totalElements = report.rows.reduce((a, r) => a + r.elements, 0);
  const totalBytes = report.rows.reduce((a, r) => a + r.bytes, 0);
  const count = report.rows.length;
  const lines = [
    `${report.file}: ${report.description}`,
    ...(count > 0 ? table(["path", "shape", "dtype", "elements", "bytes"], cells, 3) : []),
    `${plural(count, "tensor")}, ${plural(totalElements, "element")}, ${plural(totalBytes, "byte")}`,
  ];
  if (report.layers && report.layers.length > 0) {
    const layerCells = report.layers.map((l) => [l.name, l.className, l.outputShape, group(l.params)]);
    lines.push("", ...table(["layer", "class", "output shape", "params"], layerCells, 3), `${plural(report.layers.length, "layer")}`);
  }
  return lines.join("\n");
}

/** Columns as wide as their widest cell, two spaces apart; columns from `rightFrom` on are numbers, right-aligned. */
function table(header: readonly string[], cells: ReadonlyArray<readonly string[]>, rightFrom: number): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (i >= rightFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [header, ...cells].map(line);
}

function plural(n: number, noun: string): string {
  return `${group(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function group(n: number): string {
  return n.toLocaleString("en-US");
}
