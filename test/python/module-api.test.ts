// The Module methods dir() lists beyond reading: hooks, registration, lookup by path, casts, containers; checked against torch.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dir, pyRepr } from "../../src/python/index.js";
import type { OrderedDict, PyDict } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { load, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";

const lenet5 = join(projectRoot, "examples/lenet5.pt");
type Callable = (...args: unknown[]) => unknown;
const call = (m: TorchModule, name: string, ...args: unknown[]): unknown => (m[name] as Callable)(...args);

describe("Module API on LeNet-5", () => {
  it("runs state_dict hooks and keeps destination, prefix and keep_vars", () => {
    const m = load(lenet5) as TorchModule;
    const seen: string[] = [];
    call(m[0] as TorchModule, "_register_state_dict_hook", (_module: unknown, _sd: unknown, prefix: string) => void seen.push(prefix));
    const sd = m.state_dict({ prefix: "net." }) as OrderedDict;
    expect(seen).toEqual(["net.0."]);
    expect(sd.keys()[0]).toBe("net.0.weight");
    expect((m.state_dict({ keep_vars: true }).get("0.weight") as Tensor).isParameter).toBe(true);
    expect((m.state_dict().get("0.weight") as Tensor).isParameter).toBe(false);
  });

  it("finds submodules, parameters and buffers by dotted path, naming the wrong part", () => {
    const m = load(lenet5) as TorchModule;
    expect(call(m, "get_submodule", "9")).toBe(m[9]);
    expect(call(m, "get_parameter", "9.bias")).toBe((m[9] as TorchModule).bias);
    expect(() => call(m, "get_submodule", "9.x")).toThrow("Linear has no attribute `x`");
    expect(() => call(m, "get_buffer", "9.bias")).toThrow("Linear has no buffer `bias`");
  });

  it("casts floating parameters in place and keeps them parameters", () => {
    const m = load(lenet5) as TorchModule;
    expect(call(m, "half")).toBe(m);
    expect((m.state_dict({ keep_vars: true }).get("0.weight") as Tensor).dtypeName).toBe("float16");
    call(m, "to", "float64");
    const weight = (m[0] as TorchModule).weight as Tensor;
    expect([weight.dtypeName, weight.isParameter]).toEqual(["float64", true]);
    expect(() => call(m, "to", "cuda")).toThrow("CPU only");
  });

  it("registers buffers (non-persistent ones stay out of state_dict) and edits containers", () => {
    const m = load(lenet5) as TorchModule;
    call(m[0] as TorchModule, "register_buffer", "scale", Tensor.from([1.5]), { persistent: false });
    call(m[0] as TorchModule, "register_buffer", "shift", Tensor.from([0.5]));
    expect(m.state_dict().keys().filter((k) => String(k).startsWith("0."))).toEqual(["0.weight", "0.bias", "0.shift"]);
    expect(dir(m[0])).toContain("scale");
    const last = call(m, "pop", -1) as TorchModule;
    expect([last.__name__, (m._modules as PyDict).size]).toEqual(["Softmax", 12]);
    call(m, "insert", 0, last);
    expect([(m[0] as TorchModule).__name__, (m[1] as TorchModule).__name__, m._modules.keys().at(-1)]).toEqual(["Softmax", "Conv2d", "12"]);
  });
});

describeWithTorch("Module API against torch", () => {
  it("state_dict metadata and get_extra_state refusal match torch", () => {
    const expected = runPython(`import torch\nm = torch.load(${JSON.stringify(lenet5)})\nprint(repr(m.state_dict()._metadata))`).trim();
    const m = load(lenet5) as TorchModule;
    expect(pyRepr(m.state_dict().__dict__.get("_metadata"))).toBe(expected);
    expect(() => call(m, "get_extra_state")).toThrow("Reached a code path in Module.get_extra_state()");
  });
});
