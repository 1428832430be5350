// How a module prints: torch's `Module.__repr__` layout around the extra_repr its kinds-table row describes.
//
// torch builds a module's repr from two things: `extra_repr()`, a class-specific line (or lines) of
// arguments, and the reprs of its children, each under `(name): `, indented two spaces past the first
// line. The layout is generic; the extra_repr of each class is a row of the kinds table, so this file
// holds no per-class knowledge except TorchScript's, whose modules all print as RecursiveScriptModule.
import { floatRepr, intRepr, strRepr } from "../../python/scalars.js";
import { PyFloat, PyTuple } from "../../python/values.js";
import { TorchSize } from "../../tensor/index.js";
import type { ReprCondition, ReprPart } from "./kinds.js";
import { TorchModule } from "./module.js";

/**
 * What `repr(module)` prints in torch 1.13. A module that contains itself, where Python would recurse
 * until RecursionError, shows `...` at the repeat, as Python's own recursive list reprs do.
 */
export function moduleRepr(module: TorchModule, ancestors: ReadonlySet<TorchModule> = new Set()): string {
  if (ancestors.has(module)) return "...";
  const inside = new Set(ancestors).add(module);
  const children: Array<[string, string]> = [];
  for (const [name, child] of module._modules.entries()) {
    children.push([String(name), child instanceof TorchModule ? moduleRepr(child, inside) : scalarRepr(child)]);
  }
  return moduleLayout(reprName(module), extraRepr(module), children);
}

/**
 * torch's `Module.__repr__` given the pieces: `Name(extra)` when the extra_repr is one line and there are no
 * children, else one line per extra_repr line and per child between `Name(` and `)`.
 */
export function moduleLayout(name: string, extra: string, children: ReadonlyArray<readonly [string, string]>): string {
  const extraLines = extra ? extra.split("\n") : [];
  const childLines = children.map(([key, text]) => `(${key}): ${addIndent(text, 2)}`);
  const lines = [...extraLines, ...childLines];
  if (lines.length === 0) return `${name}()`;
  if (extraLines.length === 1 && childLines.length === 0) return `${name}(${extraLines[0]!})`;
  return `${name}(\n  ${lines.join("\n  ")}\n)`;
}

/** torch's `_addindent`: every line but the first moves right by `spaces`. */
function addIndent(text: string, spaces: number): string {
  const [first, ...rest] = text.split("\n");
  if (rest.length === 0) return text;
  const pad = " ".repeat(spaces);
  return [first, ...rest.map((line) => pad + line)].join("\n");
}

/**
 * A module read from a TorchScript archive carries the name of the class it was scripted from; such
 * modules print as RecursiveScriptModule whatever that class was, as `torch.jit.load` results do.
 */
function scriptedName(module: TorchModule): string | undefined {
  const name = module.__dict__.get("original_name");
  return typeof name === "string" ? name : undefined;
}

/** `self._get_name()`: the class's bare name. */
function reprName(module: TorchModule): string {
  if (scriptedName(module) !== undefined) return "RecursiveScriptModule";
  return module.kind?.name ?? module.__name__;
}

/** The text of `extra_repr()`; empty for classes without a row (their own extra_repr is unknowable). */
export function extraRepr(module: TorchModule): string {
  const original = scriptedName(module);
  if (original !== undefined) return `original_name=${original}`;
  const parts = module.kind?.extraRepr ?? [];
  if (parts.length === 0) return "";
  const lookup = valuesOf(module);
  return parts.map((part) => renderPart(part, lookup)).join("");
}

type Lookup = (name: string) => unknown;

/** A recovered constructor argument (so Linear's `bias` is True/False), else the attribute of that name. */
function valuesOf(module: TorchModule): Lookup {
  const args = module.constructorArgs();
  return (name) => (args?.has(name) ? args.get(name) : module.__dict__.get(name));
}

function renderPart(part: ReprPart, lookup: Lookup): string {
  if (typeof part !== "string" && !holds(part[1], lookup)) return "";
  const text = typeof part === "string" ? part : part[0];
  return text.replace(/\{(\w+)(!r)?\}/g, (_, name: string, asRepr: string | undefined) => {
    const value = lookup(name);
    return asRepr ? scalarRepr(value) : scalarStr(value);
  });
}

function holds(condition: ReprCondition, lookup: Lookup): boolean {
  if ("differs" in condition) {
    const value = lookup(condition.differs);
    return value !== undefined && !pyEquals(value, condition.from);
  }
  const value = lookup(condition.notEvery);
  if (value === undefined) return false;
  return !(Array.isArray(value) && value.every((item) => pyEquals(item, condition.every)));
}

/** Python `==` for the scalars extra_repr conditions compare: numbers by value (2 == 2.0), others strictly. */
function pyEquals(a: unknown, b: unknown): boolean {
  const numeric = (v: unknown): v is number | PyFloat | bigint => typeof v === "number" || typeof v === "bigint" || v instanceof PyFloat;
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  return a === b;
}

/** Python's str() of a value an extra_repr formats: strings bare, everything else as repr. */
function scalarStr(value: unknown): string {
  return typeof value === "string" ? value : scalarRepr(value);
}

/**
 * Python's repr() of the values module attributes hold: None, bools, ints, floats, strings, tuples, lists,
 * torch.Size. The Python face's pyRepr sits above torch (it knows module classes), so the torch folder
 * composes these few from the shared scalar spellings instead of importing it.
 */
export function scalarRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return intRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.valueOf());
  if (typeof value === "string") return strRepr(value);
  if (value instanceof TorchSize) return `torch.Size([${[...value].map(scalarRepr).join(", ")}])`;
  if (value instanceof PyTuple) return value.length === 1 ? `(${scalarRepr(value[0])},)` : `(${[...value].map(scalarRepr).join(", ")})`;
  if (Array.isArray(value)) return `[${value.map(scalarRepr).join(", ")}]`;
  return String(value);
}
