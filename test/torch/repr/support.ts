// Shared by the module-repr tests: the modules real torch saved, and the repr() it printed for each.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateOnce } from "../support.js";

export interface ReprCase {
  /** The torch.nn class name for single-module cases; "nested" or "scripted" for the others. */
  kind: string;
  repr: string;
}

/** Runs test/fixtures/make_repr_fixtures.py once; returns the folder and its cases by name. */
export function reprCases(): { dir: string; cases: Record<string, ReprCase> } {
  const dir = generateOnce("repr", "make_repr_fixtures.py");
  return { dir, cases: JSON.parse(readFileSync(join(dir, "reprs.json"), "utf8")) as Record<string, ReprCase> };
}
