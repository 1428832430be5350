// Python's argument binding for module constructors and torch.nn.init: positional, then keyword (a trailing plain object), CPython's TypeError texts.
//
// JavaScript has no keyword arguments, so a call's last argument, when it is a plain object (`{ padding: 2 }`),
// stands for them, as it does for the other namespace functions. Binding follows CPython 3.11's order of
// checks (keywords first, then the count of positional arguments, then what is missing) so that a refused call
// reads exactly as Python would refuse it, naming the `__init__` that does the binding (`Linear.__init__()`).
import { ModuleTypeError } from "./errors.js";
import { REQUIRED } from "./kinds.js";

export interface Signature {
  /** The qualified name of the function doing the binding: `Linear`, `_BatchNorm`, `RNNBase`. */
  readonly owner: string;
  /** Positional-or-keyword parameters after `self` and after any the class passes itself, with defaults (REQUIRED for none). */
  readonly parameters: ReadonlyArray<readonly [name: string, fallback: unknown]>;
  /** Positional arguments the class passes before the caller's (RNN's `mode`); Python counts them, with `self`. */
  readonly supplied?: number;
  /** `*args, **kwargs`: anything is accepted (Identity). */
  readonly anything?: boolean;
  /** A plain function (`torch.nn.init.uniform_`), not an `__init__`: errors name `owner()` and count no `self`. */
  readonly function?: boolean;
}

/** A plain object standing for Python keyword arguments. */
export function isKeywords(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A call's positional arguments and keywords; the keywords are the last argument when it is a plain object. */
export function splitCall(args: readonly unknown[]): { positional: unknown[]; keywords: Map<string, unknown> } {
  const last = args[args.length - 1];
  if (args.length > 0 && isKeywords(last)) return { positional: args.slice(0, -1), keywords: new Map(Object.entries(last)) };
  return { positional: [...args], keywords: new Map() };
}

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`: CPython's list of missing names. */
function nameList(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]!}`;
}

/**
 * The arguments by name, defaults filled in, as Python binds `__init__(self, ...)`; throws Python's
 * TypeError for an unknown keyword, a keyword repeating a positional, too many positionals, or a missing one.
 */
export function bindArguments(signature: Signature, positional: readonly unknown[], keywords: ReadonlyMap<string, unknown>): Map<string, unknown> {
  const where = signature.function ? `${signature.owner}()` : `${signature.owner}.__init__()`;
  const bound = new Map<string, unknown>();
  if (signature.anything) return bound;
  const names = signature.parameters.map(([name]) => name);
  positional.slice(0, names.length).forEach((value, i) => bound.set(names[i]!, value));
  for (const [name, value] of keywords) {
    if (!names.includes(name)) throw new ModuleTypeError(`${where} got an unexpected keyword argument '${name}'`);
    if (bound.has(name)) throw new ModuleTypeError(`${where} got multiple values for argument '${name}'`);
    bound.set(name, value);
  }
  const before = (signature.function ? 0 : 1) + (signature.supplied ?? 0);
  if (positional.length > names.length) {
    const required = signature.parameters.filter(([, fallback]) => fallback === REQUIRED).length;
    const [low, high] = [before + required, before + names.length];
    const takes = low === high ? `${high} positional argument${high === 1 ? "" : "s"}` : `from ${low} to ${high} positional arguments`;
    const given = before + positional.length;
    throw new ModuleTypeError(`${where} takes ${takes} but ${given} ${given === 1 ? "was" : "were"} given`);
  }
  const missing = signature.parameters.filter(([name, fallback]) => fallback === REQUIRED && !bound.has(name)).map(([name]) => name);
  if (missing.length > 0) {
    throw new ModuleTypeError(`${where} missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${nameList(missing)}`);
  }
  for (const [name, fallback] of signature.parameters) if (!bound.has(name)) bound.set(name, fallback);
  return bound;
}

/**
 * A plain function's call (JS arguments, keywords as a trailing plain object) bound as Python binds
 * `fn(names...)`: every name in `names`, required unless `defaults` has it; refusals are Python's TypeError texts.
 */
export function bindCall(fn: string, names: readonly string[], defaults: Readonly<Record<string, unknown>>, given: readonly unknown[]): Record<string, unknown> {
  const { positional, keywords } = splitCall(given);
  const parameters = names.map((name) => [name, name in defaults ? defaults[name] : REQUIRED] as const);
  return Object.fromEntries(bindArguments({ owner: fn, parameters, function: true }, positional, keywords));
}
