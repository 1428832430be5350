// Runs one input at the prompt: compiles it, asks for more lines when it is unfinished, and says what to echo.
import { Script } from "node:vm";
import { WeightscopeError } from "../src/errors.js";

/** What one input came to: a value to echo, nothing to echo, an unfinished input, or an error. */
export type Outcome =
  | { readonly kind: "echo"; readonly value: unknown }
  | { readonly kind: "silent" }
  | { readonly kind: "incomplete"; readonly error: Error }
  | { readonly kind: "error"; readonly error: unknown };

/**
 * `x = 1`, `sd["a"] = t`, `n += 1`: a statement that binds, which Python does not echo. A target is a
 * name followed by `.name` or `[...]` steps; `==`, `=>`, `<=`, `>=` and `!=` are not assignments.
 */
const assignment = /^\s*[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[(?:[^[\]]|\[[^[\]]*\])*\])*\s*(?:\*\*|<<|>>>?|&&|\|\||\?\?|[-+*/%&|^])?=(?![=>])/;
const declaration = /^\s*(?:let|const|var|function|async\s+function|class)\b/;

export function isBindingStatement(code: string): boolean {
  const last = lastStatement(code);
  return assignment.test(last) || declaration.test(last);
}

/**
 * The input's last top-level statement: `x = 1; x` ends with the expression `x`, which Python echoes.
 * Semicolons inside strings, template literals, comments and brackets do not split.
 */
function lastStatement(code: string): string {
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  const text = code.replace(/;\s*$/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === ";" && depth === 0) start = i + 1;
  }
  return text.slice(start);
}

/** V8's message when the input stops inside a bracket, a string template or a statement: read another line. */
function isUnfinished(error: unknown): error is Error {
  return error instanceof Error && error.name === "SyntaxError" && /^Unexpected end of input|^Unterminated template/.test(error.message);
}

/**
 * Runs in this realm, on globalThis as node's own prompt does: values typed at the prompt are then the
 * same kind of object the library makes, so checks such as "is this a plain object of keyword
 * arguments" or `instanceof Error` hold for `f(x, {strict: false})` as they do in a script.
 */
export function evaluate(code: string, filename: string): Outcome {
  let script: Script;
  try {
    script = new Script(code, { filename });
  } catch (error) {
    return isUnfinished(error) ? { kind: "incomplete", error } : { kind: "error", error };
  }
  let value: unknown;
  try {
    value = script.runInThisContext({ displayErrors: false });
  } catch (error) {
    return { kind: "error", error };
  }
  // Python echoes neither None nor a statement that binds a name.
  if (value === undefined || value === null || isBindingStatement(code)) return { kind: "silent" };
  return { kind: "echo", value };
}

/**
 * An error as one line, the way Python's last traceback line reads: `NameError: name 'foo' is not
 * defined` for an unknown name, `TorchFileError: missing.pt: ...` for ours, `TypeError: ...` for the rest.
 * Read by shape, so a thrown value that is no Error still gives a line. Our own errors are one line,
 * except where torch's own text has several (load_state_dict's list of key problems): those print whole.
 */
export function errorLine(error: unknown): string {
  if (typeof error !== "object" || error === null || typeof (error as Error).message !== "string") return `Error: ${String(error)}`;
  const { name, message } = error as Error;
  const unknownName = name === "ReferenceError" ? /^(\S+) is not defined$/.exec(message) : null;
  if (unknownName) return `NameError: name '${unknownName[1]}' is not defined`;
  const text = error instanceof WeightscopeError ? message : message.split("\n")[0];
  // Errors that stand for a Python exception (TypeError, torch's RuntimeError) print under its name.
  const pythonName = (error.constructor as { pythonName?: unknown }).pythonName;
  return `${typeof pythonName === "string" ? pythonName : name || "Error"}: ${text}`;
}

/** The stack below the one line, for WEIGHTSCOPE_DEBUG=1. */
export function errorStack(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && typeof (error as Error).stack === "string" ? (error as Error).stack : undefined;
}
