// Hostile input: a zip entry outside the archive folder.
import { expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { hostileFile, torchFileErrorOf } from "./support.js";

describeWithTorch("hostile: a zip entry outside the archive folder", () => {
  it("ends in a one-line TorchFileError naming the file and the place", () => {
    const error = torchFileErrorOf(hostileFile("outside_folder.pt"), `entry "elsewhere/notes.txt"`);
    expect(error.detail).toMatch(/outside the archive folder "archive\/"/);
  });
});
