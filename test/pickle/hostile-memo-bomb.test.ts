// The memo cannot grow past maxMemo entries, and sparse or huge memo indexes cost nothing.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);

describe("memo bombs", () => {
  it("stops at maxMemo distinct entries", () => {
    const puts = Array.from({ length: 2000 }, (_, i) => pk("r", u32(i)));
    const data = pk("\x80\x02N", ...puts, ".");
    expect(unpickle(data)).toBe(null);
    expectPickleError(() => unpickle(data, { limits: { maxMemo: 1000 } }), /^byte 5003 \(LONG_BINPUT\): the memo would grow past its limit of 1000 entries/);
  });

  it("counts MEMOIZE entries too", () => {
    const data = pk("\x80\x04N", "\x94".repeat(50), ".");
    expectPickleError(() => unpickle(data, { limits: { maxMemo: 10 } }), /^byte 13 \(MEMOIZE\): the memo would grow past its limit of 10/);
  });

  it("lets a pickle overwrite one entry any number of times", () => {
    const data = pk("\x80\x02N", "q\x00".repeat(5000), ".");
    expect(unpickle(data, { limits: { maxMemo: 1 } })).toBe(null);
  });

  it("stores the largest index without allocating for the indexes below it", () => {
    expect(unpickle(pk("\x80\x02K\x05r\xff\xff\xff\xff0j\xff\xff\xff\xff."))).toBe(5);
  });

  it("refuses a negative text index", () => {
    expectPickleError(() => unpickle(pk("Np-1\n.")), /^byte 1 \(PUT\): a memo index must be a non-negative integer, got -1/);
  });
});
