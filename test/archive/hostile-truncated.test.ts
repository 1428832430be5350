// Hostile input: a zip cut short, inside entry data, inside the central directory, inside an end record or comment.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: truncated zips", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  const noEndRecord = [
    ["stored.zip", "inside entry data", () => 1000],
    ["stored.zip", "inside the central directory", (bytes: Buffer) => layoutOf(bytes).directory + 10],
    ["torch-dict.pt", "inside the zip64 end record", (bytes: Buffer) => layoutOf(bytes).zip64End! + 30],
    ["torch-dict.pt", "just before the classic end record", (bytes: Buffer) => layoutOf(bytes).end],
  ] as const;
  for (const [file, where, cut] of noEndRecord) {
    for (const [way, open] of Object.entries(openWays)) {
      it(`refuses ${file} cut ${where} (${way})`, () => {
        const path = editedCopy(join(dir, file), `cut-${file}-${where}.zip`, (bytes) => bytes.subarray(0, cut(bytes)));
        expectArchiveError(() => open(path), path, /^bytes \d+-\d+$/, /not a zip archive .*truncated/);
      });
    }
  }

  for (const file of ["stored.zip", "torch-dict.pt"]) {
    for (const [way, open] of Object.entries(openWays)) {
      it(`refuses ${file} cut inside its end record and names the record's offset (${way})`, () => {
        const end = layoutOf(readFileSync(join(dir, file))).end;
        const path = editedCopy(join(dir, file), `cut-end-${file}`, (bytes) => bytes.subarray(0, end + 12));
        expectArchiveError(() => open(path), path, new RegExp(`^byte ${end}$`), /cut short .*truncated/);
      });
    }
  }

  for (const [way, open] of Object.entries(openWays)) {
    it(`refuses a zip cut inside its comment (${way})`, () => {
      const end = layoutOf(readFileSync(join(dir, "comment.zip"))).end;
      const path = editedCopy(join(dir, "comment.zip"), "cut-comment.zip", (bytes) => bytes.subarray(0, bytes.length - 50));
      expectArchiveError(() => open(path), path, new RegExp(`^byte ${end}$`), /declares a 1000-byte comment, but 950 bytes follow/);
    });
  }
});
