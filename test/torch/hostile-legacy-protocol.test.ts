// Hostile input: a legacy file with the wrong protocol version.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: a legacy file with the wrong protocol version", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("legacy_bad_protocol.pt"), "byte 15");
    expect(error.detail).toMatch(/protocol version is 1000; only 1001 exists/);
  });
});
