// Zips written by real torch: zip64 end records always present, data 64-byte aligned behind an "FB" extra field.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ZipArchive } from "../../src/archive/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { generatedZips, ourListing, pythonListing } from "./zip-fixtures.js";

describeWithTorch("zips written by real torch", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const file of ["torch-dict.pt", "torch-state-dict.pt", "torchscript.pt"]) {
    it(`reads ${file} entry for entry as zipfile does`, () => {
      const path = join(dir, file);
      expect(ourListing(ZipArchive.open(path))).toEqual(pythonListing(path));
    });

    it(`finds every data entry of ${file} at a 64-byte aligned offset`, () => {
      const archive = ZipArchive.open(join(dir, file));
      const data = archive.entries.filter((entry) => /\/data\/\d+$/.test(entry.name));
      expect(data.length).toBeGreaterThan(0);
      for (const entry of data) expect(archive.dataOffset(entry) % 64).toBe(0);
    });
  }

  it("reads TorchScript's deflated code entries", () => {
    const archive = ZipArchive.open(join(dir, "torchscript.pt"));
    const code = archive.entry("torchscript/code/__torch__.py");
    expect(code?.method).toBe("deflate");
    expect(Buffer.from(archive.read(code!)).toString("utf8")).toContain("def forward");
  });
});
