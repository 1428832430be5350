// Hostile input: a tensor view reaching past its storage.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: a tensor view reaching past its storage", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("view_beyond_storage.pt"), `entry "archive/data.pkl": storage 0`);
    expect(error.detail).toMatch(/shape \[10\].*storage of 4 elements/);
  });
});
