// Hostile input: files that are not zips at all (empty, text, noise, a bare pickle, gzip).
import { gzipSync } from "node:zlib";
import { it } from "vitest";
import { describeWithTorch, referencePython, runPythonBytes } from "../support/oracle.js";
import { expectArchiveError, openWays, writeTemp } from "./zip-fixtures.js";

describeWithTorch("hostile: not a zip", () => {
  const noise = Buffer.alloc(100_000);
  for (let i = 0, state = 7; i < noise.length; i++) noise[i] = (state = (state * 1103515245 + 12345) >>> 8) & 0xff;
  const contents: Record<string, () => Buffer> = {
    "an empty file": () => Buffer.alloc(0),
    "a text file": () => Buffer.from("state_dict = {'weight': 1}\n".repeat(100)),
    "100 kB of noise": () => noise,
    "a bare pickle": () => runPythonBytes("import pickle, sys; sys.stdout.buffer.write(pickle.dumps({'a': [1, 2.5]}))", [], referencePython),
    "gzip data": () => gzipSync(Buffer.from("not a zip".repeat(1000))),
  };
  for (const [what, make] of Object.entries(contents)) {
    for (const [way, open] of Object.entries(openWays)) {
      it(`refuses ${what} (${way})`, () => {
        const path = writeTemp(`${what}.bin`, make());
        expectArchiveError(() => open(path), path, /^bytes \d+-\d+$/, /not a zip archive/);
      });
    }
  }
});
