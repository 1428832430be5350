// Every row of the module kinds table prints as torch 1.13 prints it, with default and other arguments.
import { join } from "node:path";
import { expect, it } from "vitest";
import { load, moduleKindRows, TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch } from "../../support/oracle.js";
import { reprCases } from "./support.js";

describeWithTorch("module reprs of every kind against real torch", () => {
  const { dir, cases } = reprCases();
  const single = Object.entries(cases).filter(([, item]) => item.kind !== "nested" && item.kind !== "scripted");

  it("has torch cases for every row of the kinds table, two or more where the row has arguments", () => {
    for (const row of moduleKindRows) {
      const count = single.filter(([, item]) => item.kind === row.name).length;
      expect(count, row.name).toBeGreaterThanOrEqual(row.args.length > 0 ? 2 : 1);
    }
    expect(new Set(single.map(([, item]) => item.kind))).toEqual(new Set(moduleKindRows.map((row) => row.name)));
  });

  for (const [name, item] of single) {
    it(`${name}: ${item.repr.split("\n")[0]}`, () => {
      const module = load(join(dir, `${name}.pt`));
      expect(module).toBeInstanceOf(TorchModule);
      expect(String(module)).toBe(item.repr);
    });
  }
});
