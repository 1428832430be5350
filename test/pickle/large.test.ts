// Sizes that break recursive or spreading decoders: 300,000-item lists, a million levels of nesting, 200 KB ints.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { PyFrozenSet, PyInstance, PyTuple, type PyDict } from "../../src/python/values.js";
import { fromB64, pk, runOracle } from "./support.js";

const oracle = runOracle<{ lists: Record<string, string>; ints: { pickle: string; hex: string }[] }>("large");
const N = 300_000;

/** A pickle made of `head`, `body` repeated `count` times, then `tail`. */
function repeated(head: string, body: string, count: number, tail: string): Uint8Array {
  return pk(head, Buffer.from(body, "latin1").toString("latin1").repeat(count), tail);
}

/** How many single-item wrappers (lists or tuples) enclose the innermost empty one, walked without recursion. */
function nestingDepth(value: unknown, isWrapper: (v: unknown) => v is unknown[]): number {
  let depth = 0;
  let v = value;
  while (isWrapper(v) && v.length === 1) {
    v = v[0];
    depth++;
  }
  if (!isWrapper(v) || v.length !== 0) throw new Error(`level ${depth} is not a one-item wrapper nor the empty innermost one`);
  return depth;
}
const isList = (v: unknown): v is unknown[] => Array.isArray(v) && !(v instanceof PyTuple);
const isTuple = (v: unknown): v is unknown[] => v instanceof PyTuple;

describe("long sequences", () => {
  for (const [protocol, data] of Object.entries(oracle.lists)) {
    it(`decodes Python's list(range(300000)), protocol ${protocol}`, () => {
      const list = unpickle(fromB64(data)) as number[];
      expect(list.length).toBe(N);
      expect(list.every((x, i) => x === i)).toBe(true);
    });
  }

  it("decodes one APPENDS of 300,000 items", () => {
    const list = unpickle(repeated("\x80\x02](", "K\x07", N, "e.")) as number[];
    expect(list.length).toBe(N);
    expect(list.every((x) => x === 7)).toBe(true);
  });

  it("decodes one SETITEMS, TUPLE, FROZENSET and REDUCE of 300,000 items", () => {
    const dict = unpickle(pk("\x80\x02}(", Array.from({ length: N }, (_, i) => `J${Buffer.from(Int32Array.of(i).buffer).toString("latin1")}K\x01`).join(""), "u.")) as PyDict;
    expect(dict.size).toBe(N);
    expect(dict.get(N - 1)).toBe(1);
    expect((unpickle(repeated("(", "N", N, "t.")) as PyTuple).length).toBe(N);
    expect((unpickle(repeated("\x80\x04(", "K\x01", N, "\x91.")) as PyFrozenSet).size).toBe(1);
    const made = unpickle(repeated("\x80\x02c__main__\nf\n(", "K\x02", N, "tR.")) as PyInstance;
    expect(made.args.length).toBe(N);
  });
});

describe("a million levels of nesting, without recursion", () => {
  const D = 1_000_000;
  it("EMPTY_LIST then APPEND", () => {
    expect(nestingDepth(unpickle(repeated("\x80\x02", "]", D, "a".repeat(D - 1) + ".")), isList)).toBe(D - 1);
  });
  it("MARK then LIST", () => {
    expect(nestingDepth(unpickle(repeated("", "(", D, "l".repeat(D) + ".")), isList)).toBe(D - 1);
  });
  it("EMPTY_TUPLE then TUPLE1", () => {
    expect(nestingDepth(unpickle(repeated("\x80\x02)", "\x85", D, ".")), isTuple)).toBe(D);
  });
  it("a list that holds itself a million times over through the memo", () => {
    const list = unpickle(repeated("\x80\x02]q\x00", "h\x00a", D, ".")) as unknown[];
    expect(list.length).toBe(D);
    expect(list[0]).toBe(list);
    expect(list[D - 1]).toBe(list);
  });
});

describe("200 KB integers decode exactly, in linear time", () => {
  oracle.ints.forEach(({ pickle, hex }, i) => {
    it(`LONG4 integer ${i + 1} (${hex.startsWith("-") ? "negative" : "positive"})`, () => {
      const value = unpickle(fromB64(pickle));
      expect(typeof value).toBe("bigint");
      const ours = (value as bigint).toString(16);
      expect(ours.length).toBe(hex.length);
      expect(ours === hex).toBe(true);
    });
  });
});
