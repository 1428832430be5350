// The opcode table agrees with CPython's pickletools row by row, and docs/pickle.md shows the current table.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { opcodeByCode, opcodeRows, opcodeTableMarkdown } from "../../src/pickle/index.js";
import { projectRoot } from "../support/oracle.js";
import { runOracle } from "./support.js";

interface Row {
  name: string;
  code: number;
  arg: string | null;
  protocol: number;
}

describe("the opcode table", () => {
  const python = runOracle<Row[]>("opcodes");

  it("has exactly pickletools' opcodes, with the same byte, argument layout and protocol", () => {
    const ours = opcodeRows.map(({ name, code, arg, protocol }) => ({ name, code, arg, protocol }));
    const byName = (a: Row, b: Row) => (a.name < b.name ? -1 : 1);
    expect([...ours].sort(byName)).toEqual([...python].sort(byName));
  });

  it("indexes every row by its byte and no other byte", () => {
    const indexed = opcodeByCode.filter((row) => row !== undefined);
    expect(indexed.length).toBe(opcodeRows.length);
    for (const row of opcodeRows) expect(opcodeByCode[row.code]).toBe(row);
  });

  it("documents every row with one line and a stack effect", () => {
    for (const row of opcodeRows) {
      expect(row.doc).toMatch(/^[A-Z].*\.$/);
      expect(row.doc).not.toMatch(/\n/);
      expect(typeof row.before).toBe("string");
      expect(typeof row.after).toBe("string");
    }
  });
});

describe("docs/pickle.md", () => {
  // WEIGHTSCOPE_UPDATE_DOCS=1 npx vitest run test/pickle/opcodes.test.ts rewrites the table from the rows.
  const path = join(projectRoot, "docs/pickle.md");
  const start = "<!-- opcode-table:start -->";
  const end = "<!-- opcode-table:end -->";

  it("embeds the opcode table generated from the rows", () => {
    const text = readFileSync(path, "utf8");
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    expect(from, "docs/pickle.md needs the opcode-table markers").toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    const current = `${start}\n${opcodeTableMarkdown()}\n${end}`;
    if (process.env.WEIGHTSCOPE_UPDATE_DOCS === "1") writeFileSync(path, text.slice(0, from) + current + text.slice(to + end.length));
    else expect(text.slice(from, to + end.length)).toBe(current);
  });
});
