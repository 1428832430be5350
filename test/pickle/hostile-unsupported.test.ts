// Features a file cannot use meaningfully (out-of-band buffers, extension codes, future protocols) fail with a reason.
import { describe, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

describe("unsupported features", () => {
  it("NEXT_BUFFER and READONLY_BUFFER", () => {
    expectPickleError(() => unpickle(pk("\x80\x05\x97\x98.")), /^byte 2 \(NEXT_BUFFER\): out-of-band buffers are not supported/);
    expectPickleError(() => unpickle(pk("\x80\x05N\x98.")), /^byte 3 \(READONLY_BUFFER\): out-of-band buffers are not supported/);
  });

  it("EXT1, EXT2 and EXT4", () => {
    expectPickleError(() => unpickle(pk("\x80\x02\x82\x01.")), /^byte 2 \(EXT1\): extension codes \(copyreg\.add_extension\) are not supported/);
    expectPickleError(() => unpickle(pk("\x80\x02\x83\x01\x00.")), /^byte 2 \(EXT2\)/);
    expectPickleError(() => unpickle(pk("\x80\x02\x84\x01\x00\x00\x00.")), /^byte 2 \(EXT4\)/);
  });

  it("a protocol newer than 5", () => {
    expectPickleError(() => unpickle(pk("\x80\x06N.")), /^byte 0 \(PROTO\): pickle protocol 6 is newer than the 5 weightscope reads$/);
  });

  it("text arguments that are not what they claim", () => {
    expectPickleError(() => unpickle(pk("Fabc\n.")), /^byte 0 \(FLOAT\): the FLOAT argument is not a number/);
    expectPickleError(() => unpickle(pk("Sabc\n.")), /^byte 0 \(STRING\): the STRING argument is not quoted/);
    expectPickleError(() => unpickle(pk("L12x\n.")), /^byte 0 \(LONG\): the LONG argument is not a decimal integer/);
    expectPickleError(() => unpickle(pk("X\x02\x00\x00\x00\xff\xfe.")), /^byte 0 \(BINUNICODE\): the text is not valid UTF-8/);
    expectPickleError(() => unpickle(pk("V\\U00110000\n.")), /^byte 0 \(UNICODE\): the UNICODE argument escapes a character beyond U\+10FFFF/);
  });
});
