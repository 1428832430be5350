// Hostile input: a legacy file with the wrong magic number.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: a legacy file with the wrong magic number", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("legacy_bad_magic.pt"), "byte 0");
    expect(error.detail).toMatch(/not the magic number 0x1950a86a20f9469cfc6c$/);
  });
});
