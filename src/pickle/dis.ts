// Reading a pickle as a list of opcodes without running it (genops, dis), and the opcode table as Markdown.
import { PickleError } from "../errors.js";
import { PyByteArray, PyBytes } from "../python/values.js";
import { type OpcodeRow, opcodeRows, readArgument, readOpcode } from "./opcodes.js";
import { argReaders, cursorAt, defaultLimits, locate, placeAt } from "./readers.js";

export interface PickleOp {
  op: OpcodeRow;
  /** The decoded argument, or undefined for an opcode without one. */
  arg: unknown;
  /** Byte offset of the opcode. */
  pos: number;
}

/** Every opcode of the pickle at `start`, up to and including STOP, as pickletools.genops yields them. */
export function* genops(bytes: Uint8Array, start = 0, where: { file?: string; place?: string } = {}): Generator<PickleOp> {
  const cursor = cursorAt(bytes, start, defaultLimits);
  while (cursor.pos < bytes.length) {
    const pos = cursor.pos;
    let op: OpcodeRow | undefined;
    let arg: unknown;
    try {
      op = readOpcode(cursor);
      arg = readArgument(cursor, op);
    } catch (error) {
      throw locate(error, where, pos, op?.name);
    }
    yield { op, arg, pos };
    if (op.name === "STOP") return;
  }
  throw new PickleError(`the pickle ends at byte ${bytes.length} before its STOP opcode: the data is truncated`, {
    file: where.file,
    place: placeAt(where.place, bytes.length),
  });
}

/** An argument as Python would print it, cut short so a listing stays readable. */
function showArg(arg: unknown): string {
  if (typeof arg === "string") return quote(arg);
  if (typeof arg === "boolean") return arg ? "True" : "False";
  if (Array.isArray(arg)) return quote(arg.join(" "));
  if (arg instanceof PyBytes || arg instanceof PyByteArray) {
    const shown = Array.from(arg.subarray(0, 64), (b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : "\\x" + b.toString(16).padStart(2, "0"))).join("");
    return `${arg instanceof PyByteArray ? "bytearray(" : ""}b'${shown}${arg.length > 64 ? "..." : ""}'${arg instanceof PyByteArray ? ")" : ""}`;
  }
  return String(arg);
}

function quote(text: string): string {
  const body = text.length > 200 ? text.slice(0, 200) + "..." : text;
  return "'" + body.replace(/[\\']/g, (ch) => "\\" + ch).replace(/[\x00-\x1f\x7f]/g, (ch) => "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0")) + "'";
}

function showCode(code: number): string {
  return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "\\x" + code.toString(16).padStart(2, "0");
}

/**
 * A pickletools.dis-style listing: offset, opcode byte, name indented by the open MARKs, argument.
 * It stops at the first error and reports it as the listing's last line, since a listing is most
 * useful for exactly the pickles that fail.
 */
export function dis(bytes: Uint8Array, start = 0): string {
  const lines: string[] = [];
  let marks = 0;
  let protocol = 0;
  try {
    for (const { op, arg, pos } of genops(bytes, start)) {
      if (op.before.split(" ").includes("mark")) marks = Math.max(0, marks - 1);
      const name = "    ".repeat(marks) + op.name;
      const text = arg === undefined ? name : `${name.padEnd(10 + 4 * marks)} ${showArg(arg)}`;
      lines.push(`${String(pos).padStart(5)}: ${showCode(op.code).padEnd(4)} ${text}`);
      if (op.name === "MARK") marks++;
      protocol = Math.max(protocol, op.protocol);
    }
    lines.push(`highest protocol among opcodes = ${protocol}`);
  } catch (error) {
    lines.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return lines.join("\n");
}

/** The opcode table as a Markdown table, generated from the rows (docs/pickle.md embeds it). */
export function opcodeTableMarkdown(): string {
  const lines = ["| Byte | Name | Argument | Stack before | Stack after | Protocol | What it does |", "|---|---|---|---|---|---|---|"];
  for (const row of opcodeRows) {
    const byte = `\`0x${row.code.toString(16).padStart(2, "0")}\`` + (row.code >= 0x21 && row.code < 0x7f && row.code !== 0x60 ? ` \`${String.fromCharCode(row.code)}\`` : "");
    const arg = row.arg === null ? "" : `${row.arg} (${argReaders[row.arg].size})`;
    const cells = [byte, row.name, arg, row.before, row.after, String(row.protocol), row.doc].map((cell) => cell.replace(/\|/g, "\\|"));
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
