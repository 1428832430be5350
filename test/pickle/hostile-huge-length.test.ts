// Declared lengths are checked against the bytes left (and maxLength) before anything is allocated.
import { describe, expect, it } from "vitest";
import { genops, unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

const u64 = (n: bigint) => new Uint8Array(new BigUint64Array([n]).buffer);
const i32 = (n: number) => new Uint8Array(new Int32Array([n]).buffer);

describe("huge declared lengths", () => {
  it("refuses 2**62 bytes in BINBYTES8, BINUNICODE8, BYTEARRAY8 and FRAME without allocating", () => {
    for (const [op, name] of [["\x8e", "BINBYTES8"], ["\x8d", "BINUNICODE8"], ["\x96", "BYTEARRAY8"]] as const) {
      expectPickleError(() => unpickle(pk("\x80\x05", op, u64(2n ** 62n), "abc.")), new RegExp(`^byte 2 \\(${name}\\): ${name} declares 4611686018427387904 bytes, more than the limit`));
    }
    expectPickleError(() => unpickle(pk("\x80\x04\x95", u64(2n ** 62n), "N.")), /^byte 2 \(FRAME\): the frame declares 4611686018427387904 bytes but only 2 remain/);
  });

  it("refuses 4 GB in BINUNICODE, BINBYTES and LONG4 when the data is short", () => {
    expectPickleError(() => unpickle(pk("X\xff\xff\xff\xffabc.")), /^byte 0 \(BINUNICODE\): BINUNICODE declares 4294967295 bytes but only 4 remain/);
    expectPickleError(() => unpickle(pk("\x80\x03B\xfe\xff\xff\xffabc.")), /^byte 2 \(BINBYTES\): BINBYTES declares 4294967294 bytes but only 4 remain/);
    expectPickleError(() => unpickle(pk("\x80\x02\x8b", i32(2 ** 31 - 1), "\x00.")), /^byte 2 \(LONG4\): the integer declares 2147483647 bytes but only 2 remain/);
  });

  it("refuses negative lengths in BINSTRING and LONG4", () => {
    expectPickleError(() => unpickle(pk("T", i32(-5), "abc.")), /^byte 0 \(BINSTRING\): BINSTRING has a negative length \(-5\)/);
    expectPickleError(() => unpickle(pk("\x80\x02\x8b", i32(-1), ".")), /^byte 2 \(LONG4\): the integer has a negative length \(-1\)/);
  });

  it("applies maxLength to lengths that do fit in the data", () => {
    const data = pk("\x80\x03C\x0aabcdefghij.");
    expect(unpickle(data)).toHaveLength(10);
    expectPickleError(() => unpickle(data, { limits: { maxLength: 8 } }), /^byte 2 \(SHORT_BINBYTES\): SHORT_BINBYTES declares 10 bytes, more than the limit of 8/);
  });

  it("fails the same way in genops", () => {
    expectPickleError(() => [...genops(pk("\x80\x05\x8e", u64(2n ** 62n), "."))], /BINBYTES8 declares 4611686018427387904 bytes/);
  });
});
