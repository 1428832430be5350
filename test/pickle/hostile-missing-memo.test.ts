// A memo index the pickle never stored is an error naming the index, never undefined.
import { describe, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

describe("missing memo entries", () => {
  it("fails for BINGET, LONG_BINGET and GET", () => {
    expectPickleError(() => unpickle(pk("\x80\x02]q\x00h\x05.")), /^byte 5 \(BINGET\): the memo has no entry 5: the pickle refers to a value it never stored$/);
    expectPickleError(() => unpickle(pk("\x80\x02j\x00\x00\x00\x01.")), /^byte 2 \(LONG_BINGET\): the memo has no entry 16777216/);
    expectPickleError(() => unpickle(pk("(lp0\ng3\n.")), /^byte 5 \(GET\): the memo has no entry 3/);
  });

  it("fails for a GET before its PUT", () => {
    expectPickleError(() => unpickle(pk("\x80\x02h\x00]q\x00.")), /^byte 2 \(BINGET\): the memo has no entry 0/);
  });

  it("fails for a PUT with nothing to store", () => {
    expectPickleError(() => unpickle(pk("\x80\x02q\x00N.")), /^byte 2 \(BINPUT\): the opcode needs a value but the stack is empty/);
  });

  it("refuses a GET index that is not a number", () => {
    expectPickleError(() => unpickle(pk("gabc\n.")), /^byte 0 \(GET\): the integer argument is not a decimal integer/);
  });
});
