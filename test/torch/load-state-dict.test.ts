// load_state_dict against real torch: the same error text character for character, the same values after.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PyDict } from "../../src/python/values.js";
import type { Tensor } from "../../src/tensor/index.js";
import { load, StateDictError, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { generateOnce } from "./support.js";

interface Case {
  case: string;
  strict: boolean;
  error: string | null;
  result: string | null;
  after: Record<string, string> | null;
}

describeWithTorch("load_state_dict against real torch", () => {
  const dir = generateOnce("torch-state-dict", "make_state_dict_cases.py");
  const cases = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")) as Case[];

  for (const c of cases) {
    it(`${c.case} (strict=${c.strict}) ends as torch's does`, () => {
      const model = load(join(dir, "model.pt")) as TorchModule;
      const stateDict = load(join(dir, `${c.case}.pt`)) as PyDict;
      if (c.error !== null) {
        expect(() => model.load_state_dict(stateDict, { strict: c.strict })).toThrow(StateDictError);
        let message = "";
        try {
          model.load_state_dict(stateDict, { strict: c.strict });
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toBe(c.error);
        return;
      }
      expect(String(model.load_state_dict(stateDict, { strict: c.strict }))).toBe(c.result);
      const after = Object.fromEntries(
        model.state_dict().items().map(([key, tensor]) => [key, createHash("sha256").update((tensor as Tensor).contiguous().toBytesLE()).digest("hex")]),
      );
      expect(after).toEqual(c.after);
    });
  }

  it("keeps a loaded parameter a parameter that requires grad", () => {
    const model = load(join(dir, "model.pt")) as TorchModule;
    model.load_state_dict(load(join(dir, "exact.pt")) as PyDict);
    const weight = (model.at(0) as TorchModule).weight as Tensor;
    expect(weight.isParameter).toBe(true);
    expect(weight.requires_grad).toBe(true);
  });
});
