// Byte sizes in summaries against Python's own formatting of Keras's readable_memory_size.
import { expect, it } from "vitest";
import { fixed2, grouped, readableSize } from "../../src/keras/summary/sizes.js";
import { runPython } from "../support/oracle.js";

// Keras's function, written out again (keras/src/utils/summary_utils.py): Python's `{:.2f}` is the oracle.
const PYTHON = `
import json, sys
def readable(size, first):
    for unit in [first, "KB", "MB", "GB", "TB", "PB"]:
        if size / 1024 < 1:
            return "{:.2f} {}".format(size, unit)
        size /= 1024
    return "{:.2f} {}".format(size, "PB")
sizes = json.loads(sys.argv[1])
print(json.dumps([[readable(s, "B"), readable(s, "Byte"), "{:.2f}".format(s / 1000), "{:,}".format(s)] for s in sizes]))
`;

it("prints sizes and counts as Python does, ties to the even digit included", () => {
  // Multiples of 4 bytes land on exact ties often (6784 / 1024 = 6.625); the rest is spread over all units.
  const sizes = [0, 4, 12, 484, 1023, 1024, 1152, 6784, 9215, 900136, 1800284, 2700420, 10 ** 12, 2 ** 50, 2 ** 62];
  for (let i = 0; i < 200; i++) sizes.push(4 * Math.floor(Math.abs(Math.sin(i + 1)) * 10 ** (1 + (i % 15))));
  const expected = JSON.parse(runPython(PYTHON, [JSON.stringify(sizes)])) as string[][];
  const mine = sizes.map((s) => [readableSize(s, "B"), readableSize(s, "Byte"), fixed2(s / 1000), grouped(s)]);
  expect(mine).toEqual(expected);
});
