// TEMPORARY stand-in for src/python/index.ts (helper R's Python face) until it lands; the prompt imports the
// Python face only through this file, so switching to the real one is one line: re-export from there.
import { inspect as nodeInspect } from "node:util";
import { torch } from "../src/torch/index.js";

export function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value !== null && typeof value === "object" && value.toString !== Object.prototype.toString) return String(value);
  return nodeInspect(value);
}

export function dir(value: unknown): string[] {
  const names = new Set<string>();
  for (let o = value as object | null; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) if (n !== "constructor") names.add(n);
  }
  return [...names].sort();
}

export function pythonGlobals(write: (text: string) => void) {
  const print = (...values: unknown[]): void => write(values.map((v) => (typeof v === "string" ? v : pyRepr(v))).join(" ") + "\n");
  const help = (value: unknown): void => write(`Help on ${pyRepr(value)}\n`);
  return {
    torch,
    np: {},
    inspect: { getmembers: (value: unknown) => dir(value).map((n) => [n, (value as Record<string, unknown>)[n]]) },
    dir,
    type: (value: unknown) => typeof value,
    help,
    print,
    len: (value: { length: number }) => value.length,
    zip: (...lists: unknown[][]) => lists[0]!.map((_, i) => lists.map((l) => l[i])),
    repr: pyRepr,
    str: (value: unknown) => String(value),
    isinstance: (value: unknown, cls: new () => unknown) => value instanceof cls,
  };
}
