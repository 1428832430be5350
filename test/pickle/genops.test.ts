// genops and dis walk the same opcodes at the same offsets as CPython's pickletools.genops and pickletools.dis.
import { describe, expect, it } from "vitest";
import { dis, genops } from "../../src/pickle/index.js";
import { b64, fromB64, pk, runOracle } from "./support.js";

interface Case {
  name: string;
  protocol: number;
  optimized: boolean;
  pickle: string;
}

const samples = runOracle<Case[]>("values")
  .filter((c) => ["nested", "instances", "tuple_cycle", "strings", "ints", "defaultdict", "sets"].includes(c.name))
  .map((c) => ({ label: `${c.name}, protocol ${c.protocol}${c.optimized ? ", optimized" : ""}`, bytes: fromB64(c.pickle) }));
samples.push({ label: "Python 2 strings and text ints", bytes: pk("(S'a\\\\n'\nU\x02\xe9\xffT\x01\x00\x00\x00zL12L\nI01\ntp0\n.") });
const python = runOracle<{ genops: [number, string][]; dis: [number, string][] }[]>(
  "genops",
  samples.map((s) => b64(s.bytes)),
);

describe("genops and dis agree with pickletools", () => {
  samples.forEach((sample, i) => {
    it(sample.label, () => {
      const ours = [...genops(sample.bytes)].map(({ op, pos }) => [pos, op.name]);
      expect(ours).toEqual(python[i]!.genops);
      const listed = [...dis(sample.bytes).matchAll(/^\s*(\d+): \S+\s+([A-Z_0-9]+)/gm)].map((m) => [Number(m[1]), m[2]]);
      expect(listed).toEqual(python[i]!.dis);
    });
  });

  it("dis shows arguments and ends a listing of a damaged pickle with the error", () => {
    const listing = dis(pk("\x80\x02X\x03\x00\x00\x00abc\x8a\x01\xffX\x09\x00\x00\x00ab"));
    expect(listing).toContain("    0: \\x80 PROTO      2");
    expect(listing).toContain("BINUNICODE 'abc'");
    expect(listing).toContain("LONG1      -1");
    expect(listing.split("\n").at(-1)).toMatch(/^error: byte 13 \(BINUNICODE\): BINUNICODE declares 9 bytes but only 2 remain/);
  });
});
