// The rule table checked as data: one row per Keras class, kinds both frameworks know, and every row exercised by a case.
import { describe, expect, it } from "vitest";
import { LAYER_KINDS } from "../../src/keras/summary/index.js";
import { moduleKindsByName } from "../../src/torch/index.js";
import { conversionRules } from "../../src/transfer/index.js";
import { kerasCases } from "./keras-cases.js";

/** Every class_name in a config, nested ones (a Bidirectional's layer) included. */
function classNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(classNames);
  if (value === null || typeof value !== "object") return [];
  const own = typeof (value as { class_name?: unknown }).class_name === "string" ? [(value as { class_name: string }).class_name] : [];
  return [...own, ...Object.values(value).flatMap(classNames)];
}

describe("the conversion rules table", () => {
  it("gives each Keras class one row", () => {
    const classes = conversionRules.flatMap((rule) => rule.keras);
    expect(new Set(classes).size).toBe(classes.length);
  });

  it("names only torch.nn classes weightscope reads and Keras classes its shape inference knows", () => {
    for (const rule of conversionRules) {
      for (const kind of rule.torch) expect(moduleKindsByName.has(kind), `${rule.name}: torch ${kind}`).toBe(true);
      for (const kind of rule.keras) expect(LAYER_KINDS[kind], `${rule.name}: Keras ${kind}`).toBeDefined();
    }
  });

  it("has every row exercised both ways by a case of layers.test.ts", () => {
    const used = new Set(Object.values(kerasCases).flatMap((c) => classNames(c.config)));
    const unexercised = conversionRules.filter((rule) => !rule.keras.some((kind) => used.has(kind))).map((rule) => rule.name);
    expect(unexercised).toEqual([]);
  });
});
