// A byte that is no opcode stops the read at that byte, whatever came before it.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

describe("unknown opcodes", () => {
  it("names the byte, its offset, the file and the place", () => {
    const error = expectPickleError(() => unpickle(pk("\x80\x02]K\x01\xff."), { file: "bad.pt", place: "data.pkl" }));
    expect(error.message).toBe("bad.pt: data.pkl at byte 5: 0xff is not a pickle opcode: the data is not a pickle, or it is damaged");
  });

  it("shows a printable byte as a character", () => {
    expectPickleError(() => unpickle(pk("K\x01z")), /^byte 2: 0x7a \('z'\) is not a pickle opcode/);
  });

  it("rejects text that is not a pickle at its first byte", () => {
    expectPickleError(() => unpickle(pk("{\"json\": true}")), /^byte 0: 0x7b/);
  });

  it("rejects every byte the opcode table lacks", () => {
    const unknown = [0x00, 0x03, 0x2a, 0x3f, 0x41, 0x7a, 0x99, 0xc0, 0xfe];
    for (const byte of unknown) expectPickleError(() => unpickle(pk([byte])), /^byte 0: 0x[0-9a-f]{2}.* is not a pickle opcode/);
  });
});
