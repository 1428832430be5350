// The print option setters behave as torch.set_printoptions and np.set_printoptions do, defaults included.
import { afterEach, expect, it } from "vitest";
import { describeWithTorch, runPython } from "../../support/oracle.js";
import { TensorError } from "../../../src/errors.js";
import {
  getNumpyPrintOptions,
  getTorchPrintOptions,
  NUMPY_DEFAULTS,
  resetPrintOptions,
  setNumpyPrintOptions,
  setTorchPrintOptions,
  Tensor,
  TORCH_DEFAULTS,
} from "../../../src/tensor/index.js";

/** Runs torch.set_printoptions calls in Python and returns torch's option object afterwards. */
function torchOptionsAfter(calls: string[]): Record<string, unknown> {
  const code = `
import json, torch
from torch._tensor_str import PRINT_OPTS as o
${calls.map((c) => `torch.set_printoptions(${c})`).join("\n")}
print(json.dumps({"precision": o.precision, "threshold": None if o.threshold == float("inf") else o.threshold, "edgeitems": o.edgeitems, "linewidth": o.linewidth, "sci_mode": o.sci_mode}))
`;
  const options = JSON.parse(runPython(code)) as Record<string, unknown>;
  return { ...options, threshold: options.threshold ?? Infinity };
}

afterEach(() => resetPrintOptions());

describeWithTorch("print options against torch and numpy", () => {
  it("the defaults are torch's and numpy's", () => {
    expect(TORCH_DEFAULTS).toEqual(torchOptionsAfter([]));
    const numpy = JSON.parse(runPython("import json, numpy as np; o = np.get_printoptions(); o.pop('formatter'); o.pop('legacy'); print(json.dumps(o))"));
    expect(NUMPY_DEFAULTS).toEqual(numpy);
  });

  it("torch keeps earlier settings but resets sci_mode on every call, as torch does", () => {
    const calls: [string, Parameters<typeof setTorchPrintOptions>[0]][] = [
      ["precision=2, sci_mode=True", { precision: 2, sci_mode: true }],
      ["linewidth=100", { linewidth: 100 }],
    ];
    for (const [, options] of calls) setTorchPrintOptions(options);
    expect(getTorchPrintOptions()).toEqual(torchOptionsAfter(calls.map(([python]) => python)));
  });

  it("torch profiles set their presets, then the explicit options win", () => {
    setTorchPrintOptions({ profile: "short", precision: 3 });
    expect(getTorchPrintOptions()).toEqual(torchOptionsAfter(["profile='short', precision=3"]));
    setTorchPrintOptions({ profile: "full" });
    expect(getTorchPrintOptions()).toEqual(torchOptionsAfter(["profile='short', precision=3", "profile='full'"]));
  });
});

it("numpy keeps the options it was not given", () => {
  setNumpyPrintOptions({ precision: 3 });
  setNumpyPrintOptions({ suppress: true });
  expect(getNumpyPrintOptions()).toEqual({ ...NUMPY_DEFAULTS, precision: 3, suppress: true });
});

it("the options change what toString prints, and reset restores it", () => {
  const t = Tensor.from([1.123456, 2]);
  setTorchPrintOptions({ precision: 2 });
  setNumpyPrintOptions({ precision: 2 });
  expect(t.toString()).toBe("tensor([1.12, 2.00])");
  expect(t.numpy().toString()).toBe("array([1.12, 2.  ], dtype=float32)");
  resetPrintOptions();
  expect(t.toString()).toBe("tensor([1.1235, 2.0000])");
});

it("bad options are refused with one-line messages", () => {
  expect(() => setTorchPrintOptions({ precision: -1 })).toThrow(new TensorError("set_printoptions: precision must be a non-negative integer, got -1"));
  expect(() => setTorchPrintOptions({ profile: "long" as "short" })).toThrow(TensorError);
  expect(() => setNumpyPrintOptions({ floatmode: "exact" as "fixed" })).toThrow(/floatmode must be one of "fixed", "unique", "maxprec", "maxprec_equal"/);
  expect(() => setNumpyPrintOptions({ sign: "x" as "+" })).toThrow(TensorError);
  expect(getTorchPrintOptions()).toEqual(TORCH_DEFAULTS);
});
