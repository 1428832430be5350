// Hostile input: a storage entry whose length is not numel times the element size.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: a storage entry whose length is not numel times the element size", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("short_storage.pt"), `entry "archive/data/0"`);
    expect(error.detail).toMatch(/^holds 12 bytes, but storage 0 declares 4 float32 elements \(16 bytes\)$/);
  });
});
