// Tab completion: after `path.` the names dir() lists for the value at that path; elsewhere the prompt's names.
//
// Completion never runs what was typed. It only follows a plain path (`a.b`, `a["key"]`, `a[0]`) by
// property access from a variable, so completing cannot call a function or change anything.

/** What completion may look at: a variable's value, the names at the top level, and Python's dir(). */
export interface CompletionScope {
  lookup(name: string): { readonly found: boolean; readonly value?: unknown };
  topLevelNames(): readonly string[];
  dir(value: unknown): readonly string[];
}

const identifier = "[A-Za-z_$][\\w$]*";
const indexStep = `\\[\\s*(?:"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|-?\\d+)\\s*\\]`;
/** A path ending the line, then `.` and the start of a member name; not following `)`, `]` or a word. */
const memberAtEnd = new RegExp(`(?<![\\w$.)\\]'"])(${identifier}(?:\\s*\\.\\s*${identifier}|\\s*${indexStep})*)\\s*\\.\\s*([\\w$]*)$`);
/** A bare name being typed at the end of the line. */
const nameAtEnd = new RegExp(`(?<![\\w$.])(${identifier})?$`);
const step = new RegExp(`\\.\\s*(${identifier})|\\[\\s*("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|-?\\d+)\\s*\\]`, "g");

/** node:repl's completer result: the candidates and the part of the line they replace. */
export type Completion = [string[], string];

export function completeLine(line: string, scope: CompletionScope): Completion {
  const member = memberAtEnd.exec(line);
  if (member) {
    const prefix = member[2]!;
    const found = resolvePath(member[1]!, scope);
    if (!found.found) return [[], prefix];
    return [startingWith(scope.dir(found.value), prefix), prefix];
  }
  const name = nameAtEnd.exec(line);
  if (name) {
    const prefix = name[1] ?? "";
    return [startingWith(scope.topLevelNames(), prefix), prefix];
  }
  return [[], ""];
}

function startingWith(names: readonly string[], prefix: string): string[] {
  return names.filter((n) => n.startsWith(prefix));
}

/** Follows `a.b["c"][0]` from the variable `a` by plain property reads; not found if any step fails. */
function resolvePath(path: string, scope: CompletionScope): { found: boolean; value?: unknown } {
  const head = new RegExp(`^${identifier}`).exec(path)![0];
  const start = scope.lookup(head);
  if (!start.found) return start;
  let value = start.value;
  for (const match of path.slice(head.length).matchAll(step)) {
    if (value === null || value === undefined) return { found: false };
    const key = match[1] ?? keyOf(match[2]!);
    try {
      value = (value as Record<string | number, unknown>)[key];
    } catch {
      return { found: false };
    }
  }
  return { found: true, value };
}

/** `"0.weight"` or `'a'` -> the string, `3` -> the number. */
function keyOf(literal: string): string | number {
  if (/^-?\d+$/.test(literal)) return Number(literal);
  const body = literal.slice(1, -1);
  return literal.startsWith('"') ? (JSON.parse(literal) as string) : body.replace(/\\(.)/g, "$1");
}
