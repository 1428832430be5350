// Every row of the module kinds table against real torch: signature, recovered arguments, parameters, buffers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { PyFloat } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { load, moduleKindRows, REQUIRED, TorchModule, type PyTypeName } from "../../src/torch/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { generateOnce } from "./support.js";

interface KindReport {
  module: string;
  signature: Array<[string, unknown]>;
  args: Record<string, unknown>;
  parameters: Record<string, number[]>;
  buffers: Record<string, number[]>;
  state_dict: Record<string, number[]>;
}

/** A recovered value in the JSON form the Python side writes. */
function asJson(value: unknown): unknown {
  if (value instanceof PyFloat) return { float: value.valueOf() };
  if (value instanceof Tensor) return { tensor: [...value.shape] };
  if (Array.isArray(value)) return value.map(asJson);
  return value;
}

/** A row's default next to Python's: a float default the row writes as a JS number is still that float. */
function defaultAsJson(value: unknown, type: PyTypeName): unknown {
  if (value === REQUIRED) return "<required>";
  if (typeof value === "number" && type === "float") return { float: value };
  return value;
}

function conformsTo(value: unknown, type: PyTypeName): boolean {
  const isInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v);
  const isInts = (v: unknown): boolean => Array.isArray(v) && v.every(isInt);
  const checks: Record<string, (v: unknown) => boolean> = {
    int: isInt,
    float: (v) => v instanceof PyFloat,
    bool: (v) => typeof v === "boolean",
    str: (v) => typeof v === "string",
    "tuple[int, ...]": isInts,
    None: (v) => v === null,
    Tensor: (v) => v instanceof Tensor,
  };
  return type.split(" | ").some((part) => checks[part]?.(value) ?? false);
}

describeWithTorch("module kinds table against real torch", () => {
  const dir = generateOnce("torch-kinds", "make_kind_fixtures.py");
  const reports = JSON.parse(readFileSync(join(dir, "kinds.json"), "utf8")) as Record<string, KindReport>;

  it("has a torch case for every row and a row for every case", () => {
    expect(Object.keys(reports).sort()).toEqual(moduleKindRows.map((row) => row.name).sort());
  });

  for (const row of moduleKindRows) {
    it(`${row.name}: signature, arguments, parameters and buffers match torch`, () => {
      const report = reports[row.name]!;
      expect(row.module).toBe(report.module);
      expect(row.args.map((arg) => [arg.name, defaultAsJson(arg.default, arg.type)])).toEqual(report.signature);

      const module = load(join(dir, `${row.name}.pt`));
      expect(module).toBeInstanceOf(TorchModule);
      const loaded = module as TorchModule;
      expect(loaded.kind).toBe(row);
      const args = loaded.constructorArgs()!;
      for (const spec of row.args) {
        const expected = report.args[spec.name];
        if ("notStored" in spec.source) {
          expect(expected).toEqual({ notStored: true });
          expect(args.has(spec.name)).toBe(false);
          continue;
        }
        const value = args.get(spec.name);
        expect(asJson(value), spec.name).toEqual(expected);
        expect(conformsTo(value, spec.type), `${spec.name} is ${spec.type}`).toBe(true);
      }
      expect(row.parameters(args)).toEqual(Object.keys(report.parameters));
      expect(row.buffers(args)).toEqual(Object.keys(report.buffers));
      const shapes = (pairs: unknown[][]): Record<string, number[]> => Object.fromEntries(pairs.map(([name, t]) => [name, [...(t as Tensor).shape]]));
      expect(shapes(loaded.named_parameters(undefined, false))).toEqual(report.parameters);
      expect(shapes(loaded.named_buffers(undefined, false))).toEqual(report.buffers);
      expect(shapes(loaded.state_dict().items())).toEqual(report.state_dict);
    });
  }
});
