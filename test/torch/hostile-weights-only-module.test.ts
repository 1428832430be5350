// Hostile input: weights_only refusing a whole pickled module.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: weights_only refusing a whole pickled module", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("whole_module.pt"), `entry "whole_module/data.pkl"`, { weights_only: true });
    expect(error.detail).toMatch(/^weights_only refuses the global torch\.nn\.modules\.linear\.Linear .*weights_only: false/);
  });
});
