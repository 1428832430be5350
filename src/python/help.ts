// help(x) as pydoc lays it out: a title, the signature line, the doc indented; classes list their members.
import { boundMethodInfo } from "./bound.js";
import { memberOfFunction, PyClass, type Member } from "./classes.js";
import { typeOf } from "./table.js";
import { asPythonClass } from "./torch-types.js";
import { builtins } from "./builtins.js";

/** Our docs are one paragraph each; pydoc shows docstrings as written, so they are wrapped here once. */
function wrap(text: string, width = 72): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function indented(lines: string[], prefix = "    "): string {
  return lines.map((line) => prefix + line).join("\n");
}

/** The block pydoc prints for a method: its signature line, then the doc indented four spaces. */
function methodBlock(member: Member, ownerText: string): string {
  if (member.kind === "builtin") {
    return `${member.name}(...)${ownerText}\n${indented([member.signature ?? `${member.name}(...)`, "", ...wrap(member.doc)])}\n`;
  }
  return `${member.signature ?? `${member.name}(...)`}${ownerText}\n${indented(wrap(member.doc))}\n`;
}

function methodTitle(member: Member): string {
  return member.kind === "builtin" ? `Help on built-in function ${member.name}:` : `Help on method ${member.name} in module ${member.owner.__module__}:`;
}

/** pydoc's page for a class: header, constructor signature, doc, then each member grouped by the class that declares it. */
function classPage(cls: PyClass, title: string): string {
  const bases = cls.__bases__.map((base) => base.qualifiedName).join(", ");
  const lines = [`class ${cls.__name__}${bases ? `(${bases})` : ""}`];
  const body: string[] = [];
  if (cls.signature) body.push(cls.signature, "");
  body.push(...wrap(cls.__doc__), "");
  for (const owner of cls.mro()) {
    if (owner.ownMembers.size === 0) continue;
    body.push(owner === cls ? "Members defined here:" : `Members inherited from ${owner.qualifiedName}:`, "");
    for (const member of owner.ownMembers.values()) {
      const head = member.kind === "property" || member.kind === "attribute" ? member.name : member.kind === "builtin" ? `${member.name}(...)` : member.signature ?? member.name;
      body.push(head, ...wrap(member.doc).map((line) => `    ${line}`), "");
    }
  }
  lines.push(...body.map((line) => (line ? ` |  ${line}` : " |  ")));
  return `${title}\n\n${lines.join("\n")}\n`;
}

/**
 * What `help(value)` prints: the page pydoc renders, then the blank line `help()` adds. Methods (bound or
 * read off a class's prototype) show their signature and doc; classes and other values show the class page.
 */
export function helpText(value: unknown): string {
  const bound = boundMethodInfo(value);
  if (bound) {
    const owner = typeOf(bound.self);
    const member = owner.lookup(bound.name);
    if (member) return `${methodTitle(member)}\n\n${methodBlock(member, ` method of ${owner.qualifiedName} instance`)}\n`;
  }
  const member = memberOfFunction(value);
  if (member) return `${methodTitle(member)}\n\n${methodBlock(member, ` method of ${member.owner.qualifiedName} instance`)}\n`;
  // A callable model or module is a JavaScript function too; its type row says what it is in Python.
  if (typeof value === "function" && asPythonClass(value) === undefined && typeOf(value) === builtins.function) {
    const name = value.name || "<lambda>";
    return `Help on function ${name}:\n\n${name}(...)\n\n`;
  }
  const cls = asPythonClass(value);
  if (cls) return classPage(cls, `Help on class ${cls.__name__} in module ${cls.__module__}:`) + "\n";
  const type = typeOf(value);
  const where = type.__module__ === "builtins" || type === builtins.OrderedDict ? "" : ` in module ${type.__module__}`;
  return classPage(type, `Help on ${type.__name__}${where} object:`) + "\n";
}

