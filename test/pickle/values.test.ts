// Every protocol 0-5, plain and pickletools.optimize'd: decoded values match what Python says it pickled.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { canonical, fromB64, runOracle } from "./support.js";

interface Case {
  name: string;
  protocol: number;
  optimized: boolean;
  pickle: string;
  canon: unknown;
}

const cases = runOracle<Case[]>("values");

describe("values pickled by Python decode to the same values", () => {
  it("covers every protocol and every value kind", () => {
    expect(new Set(cases.map((c) => c.protocol))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(cases.length).toBeGreaterThan(6 * 20);
  });
  for (const c of cases) {
    it(`${c.name}, protocol ${c.protocol}${c.optimized ? ", optimized" : ""}`, () => {
      expect(canonical(unpickle(fromB64(c.pickle)))).toEqual(c.canon);
    });
  }
});
