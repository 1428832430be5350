// A pickle cut short fails with the offset where it ends (or where the cut argument starts), never a hang or undefined.
import { describe, expect, it } from "vitest";
import { genops, unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk, runOracle, fromB64 } from "./support.js";

describe("truncated pickles", () => {
  it("fails at the end of the data when STOP never comes", () => {
    const error = expectPickleError(() => unpickle(pk("\x80\x02]q\x00K\x01a"), { file: "cut.pt" }));
    expect(error.message).toBe("cut.pt: byte 8: the pickle ends at byte 8 before its STOP opcode: the data is truncated");
  });

  it("fails on empty input", () => {
    expectPickleError(() => unpickle(new Uint8Array(0)), /ends at byte 0 before its STOP/);
  });

  it("fails inside a fixed-size or sized argument, at the opcode", () => {
    expectPickleError(() => unpickle(pk("\x80\x02J\x01\x02")), /^byte 2 \(BININT\): the argument needs 4 bytes but only 2 remain/);
    expectPickleError(() => unpickle(pk("\x80\x03X\x05\x00\x00\x00abc")), /^byte 2 \(BINUNICODE\): BINUNICODE declares 5 bytes but only 3 remain/);
    expectPickleError(() => unpickle(pk("\x80\x02\x8a\x09\x01")), /^byte 2 \(LONG1\): the integer declares 9 bytes but only 1 remain/);
  });

  it("fails inside a text argument that has no newline", () => {
    expectPickleError(() => unpickle(pk("I123")), /^byte 0 \(INT\): the text argument has no end of line/);
    expectPickleError(() => unpickle(pk("cos\nsys")), /^byte 0 \(GLOBAL\): the text argument has no end of line/);
  });

  it("fails at every cut of real pickles, and genops agrees", () => {
    const cases = runOracle<{ name: string; protocol: number; optimized: boolean; pickle: string }[]>("values").filter((c) => c.name === "nested" && !c.optimized);
    for (const c of cases) {
      const whole = fromB64(c.pickle);
      for (let cut = 0; cut < whole.length; cut++) {
        const part = whole.subarray(0, cut);
        expectPickleError(() => unpickle(part));
        expectPickleError(() => [...genops(part)]);
      }
    }
  });
});
