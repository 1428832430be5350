// Shared pieces of the tensor tests: run reference.py, and put TS values in the JSON form it prints.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runPython } from "../support/oracle.js";
import { DTYPES, Storage, type DType } from "../../src/tensor/index.js";

const script = readFileSync(join(import.meta.dirname, "reference.py"), "utf8");

/** The JSON reference.py prints for `mode` (views, casts, dtypes, halves), computed by real torch and numpy. */
export function oracle<T>(mode: string, ...args: string[]): T {
  return JSON.parse(runPython(script, [mode, ...args])) as T;
}

/** A tolist() result in reference.py's encoding: non-finite floats as strings, big ints as {big}. */
export function encoded(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encoded);
  if (typeof value === "bigint") return { big: value.toString() };
  if (typeof value === "number" && Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  return value;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** A storage over bytes given in hex, held in a fresh buffer. */
export function storageFromHex(dtype: DType, bytesHex: string, extra: { byteOrder?: "little" | "big" } = {}): Storage {
  const bytes = new Uint8Array(Buffer.from(bytesHex, "hex"));
  return new Storage({ dtype, numel: bytes.length / DTYPES[dtype].itemsize, source: bytes, ...extra });
}
