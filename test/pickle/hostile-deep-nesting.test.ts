// Nesting is bounded by maxDepth (values and MARKs pending at once): within the limit it decodes, beyond it fails clearly.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

const lists = (n: number) => pk("]".repeat(n), "a".repeat(n - 1), ".");
const marks = (n: number) => pk("(".repeat(n), "l".repeat(n), ".");

describe("deep nesting", () => {
  it("decodes nesting exactly at the limit", () => {
    let v = unpickle(lists(1000), { limits: { maxDepth: 1000 } });
    let depth = 0;
    while (Array.isArray(v) && v.length === 1) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(999);
    expect(unpickle(marks(999), { limits: { maxDepth: 1000 } })).toBeInstanceOf(Array);
  });

  it("fails one level beyond it, at the opcode that went too deep", () => {
    expectPickleError(() => unpickle(lists(1001), { limits: { maxDepth: 1000 } }), /^byte 1000 \(EMPTY_LIST\): the pickle nests deeper than the limit of 1000 pending values and MARKs/);
    expectPickleError(() => unpickle(marks(1001), { limits: { maxDepth: 1000 } }), /^byte 1000 \(MARK\): the pickle nests deeper than the limit of 1000/);
  });

  it("counts values and MARKs together", () => {
    const mixed = pk("(]".repeat(600), ".");
    expectPickleError(() => unpickle(mixed, { limits: { maxDepth: 1000 } }), /^byte 1000 \(MARK\): the pickle nests deeper than the limit of 1000/);
  });

  it("keeps the default limit above a million levels", () => {
    expect(() => unpickle(marks(1_000_000))).not.toThrow();
  });
});

describe("deep nesting inside a dict key", () => {
  it("fails as a PickleError at the opcode rather than crashing", () => {
    // Hashing a 200,000-deep tuple key (values.ts pythonKey) recurses; the unpickler reports it at its opcode.
    expectPickleError(() => unpickle(pk("\x80\x02})", "\x85".repeat(200_000), "K\x01s.")), /^byte 200006 \(SETITEM\): SETITEM failed: /);
  });
});
