// `weightscope inspect`: what a model file holds, as a table for people or as the JSON contract for tools.
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { openModelFile, type ModelFile } from "../open.js";
import { DTYPES } from "../tensor/index.js";

export interface InspectRow {
  readonly path: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly elements: number;
  readonly bytes: number;
}

export interface InspectReport {
  readonly file: string;
  readonly description: string;
  readonly rows: readonly InspectRow[];
}

/** Lists a file's tensors from its metadata alone: no tensor bytes are read. */
export function inspectFile(path: string): InspectReport {
  const model = openModelFile(path);
  return { file: path, description: model.description, rows: model.tensors.map(({ path: p, tensor }) => rowOf(p, tensor)) };
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
  const header = ["path", "shape", "dtype", "elements", "bytes"];
  const cells = report.rows.map((r) => [r.path, `[${r.shape.join(", ")}]`, r.dtype, group(r.elements), group(r.bytes)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const rightAligned = new Set([3, 4]);
  const line = (row: readonly string[]): string =>
    row.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  const totalElements = report.rows.reduce((a, r) => a + r.elements, 0);
  const totalBytes = report.rows.reduce((a, r) => a + r.bytes, 0);
  const count = report.rows.length;
  return [
    `${report.file}: ${report.description}`,
    ...(count > 0 ? [line(header), ...cells.map(line)] : []),
    `${plural(count, "tensor")}, ${plural(totalElements, "element")}, ${plural(totalBytes, "byte")}`,
  ].join("\n");
}

function plural(n: number, noun: string): string {
  return `${group(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function group(n: number): string {
  return n.toLocaleString("en-US");
}
