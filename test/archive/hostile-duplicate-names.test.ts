// Hostile input: two entries with one name, where readers disagree on which one wins.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { editedCopy, expectArchiveError, generatedZips, layoutOf, openWays } from "./zip-fixtures.js";

describeWithTorch("hostile: duplicate names", () => {
  let dir = "";
  beforeAll(() => {
    dir = generatedZips();
  });

  for (const [way, open] of Object.entries(openWays)) {
    it(`refuses a zip where "empty" was renamed "a.txt" in both its headers (${way})`, () => {
      const good = join(dir, "stored.zip");
      const { central, local } = layoutOf(readFileSync(good));
      const path = editedCopy(good, "duplicate.zip", (bytes) => {
        bytes.write("a.txt", central["empty"]! + 46, "latin1");
        bytes.write("a.txt", local["empty"]! + 30, "latin1");
      });
      expectArchiveError(
        () => open(path),
        path,
        new RegExp(`^entry "a.txt" \\(local header at byte ${local["empty"]}\\)$`),
        /the name appears twice in the central directory/,
      );
    });
  }
});
