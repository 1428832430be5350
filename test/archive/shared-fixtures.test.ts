// Every real .pt/.pth/.keras file in the shared fixtures: the same entries and contents as Python's zipfile,
// and a clear "not a zip" for the legacy (pre-1.6) torch files that zipfile refuses too.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ZipArchive } from "../../src/archive/index.js";
import { describeWithSharedFixtures, runPython, sharedFixtures } from "../support/oracle.js";
import { expectArchiveError, ourListing, pythonListing } from "./zip-fixtures.js";

describeWithSharedFixtures("real model files from the shared fixtures", () => {
  const files = readdirSync(sharedFixtures).filter((name) => /\.(pt|pth|keras)$/.test(name));

  it("has the zip files this test is about", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const path = join(sharedFixtures, file);
    it(`reads ${file} as Python's zipfile does`, () => {
      const isZip = runPython("import sys, zipfile; print(zipfile.is_zipfile(sys.argv[1]))", [path]).trim();
      if (isZip === "True") {
        expect(ourListing(ZipArchive.open(path))).toEqual(pythonListing(path));
      } else {
        expectArchiveError(() => ZipArchive.open(path), path, /^bytes \d+-\d+$/, /not a zip archive/);
      }
    });
  }

  it("finds torch's data entries 64-byte aligned in every torch zip", () => {
    for (const file of files.filter((name) => name.startsWith("torch_zip") || name.startsWith("torchscript"))) {
      const archive = ZipArchive.open(join(sharedFixtures, file));
      for (const entry of archive.entries) expect(archive.dataOffset(entry) % 64, entry.name).toBe(0);
    }
  });
});
