// Hostile input: the data/<key> entry a storage needs is missing.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: the data/<key> entry a storage needs is missing", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("missing_storage.pt"), `entry "archive/data/1"`);
    expect(error.detail).toMatch(/^storage 1 is missing/);
  });
});
