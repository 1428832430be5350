// torch.nn.BatchNorm3d(...) and torch.nn.ConvTranspose3d(...) built here against torch 1.13: reprs, attributes, registrations, seeded weights bit for bit.
import { expect, it } from "vitest";
import type { PyDict } from "../../../src/python/values.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { ModuleValueError, torch, type TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch, runPython } from "../../support/oracle.js";
import { bookkeeping, describe, describePy, DtypeArg, jsCall, pyCall, tensorBytes, tensorBytesPy, type Call } from "../build-support.js";

const calls: Call[] = [
  ["BatchNorm3d", [8]],
  ["BatchNorm3d", [3], { eps: 0.001, momentum: null, affine: false }],
  ["BatchNorm3d", [4], { track_running_stats: false }],
  ["BatchNorm3d", [2, 1e-3, 0.2, false, false]],
  ["BatchNorm3d", [5], { dtype: new DtypeArg("float64") }],
  ["ConvTranspose3d", [4, 6, 3], { stride: 2 }],
  ["ConvTranspose3d", [4, 6, [1, 2, 3]], { stride: [2, 1, 2], padding: [0, 1, 1], output_padding: [1, 0, 1], groups: 2, dilation: [1, 2, 1] }],
  ["ConvTranspose3d", [6, 3, 2, 1, 1, 0, 3, false, 2]],
  ["ConvTranspose3d", [2, 2, [3, 1, 1]], { dtype: new DtypeArg("float64") }],
  ["ConvTranspose3d", [0, 4, 2]],
];

const SEED = 2024;

interface Built {
  repr: string;
  attributes: Array<[string, string]>;
  parameters: Array<[string, boolean]>;
  buffers: Array<[string, boolean]>;
  state: Array<[string, number[], string, string]>;
}

function view(module: TorchModule): Built {
  const flags = (store: PyDict): Array<[string, boolean]> => [...store.entries()].map(([name, value]) => [String(name), value !== null]);
  return {
    repr: String(module),
    attributes: [...module.__dict__.entries()].filter(([name]) => !bookkeeping.includes(String(name))).map(([name, value]) => [String(name), describe(value)]),
    parameters: flags(module._parameters),
    buffers: flags(module._buffers),
    state: [...module.state_dict().entries()].map(([key, t]) => [String(key), [...(t as Tensor).shape], `torch.${(t as Tensor).dtypeName}`, tensorBytes(t as Tensor)]),
  };
}

const oracle = `import json, sys, torch, torch.nn as nn
${describePy}
${tensorBytesPy}
bookkeeping = set(${JSON.stringify(bookkeeping)})
out = []
for i, call in enumerate(json.loads(sys.argv[1])):
    torch.manual_seed(${SEED} + i)
    m = eval(call)
    out.append({
        "repr": repr(m),
        "attributes": [[k, describe(v)] for k, v in vars(m).items() if k not in bookkeeping],
        "parameters": [[k, v is not None] for k, v in m._parameters.items()],
        "buffers": [[k, v is not None] for k, v in m._buffers.items()],
        "state": [[k, list(v.shape), str(v.dtype), tensor_bytes(v)] for k, v in m.state_dict().items()],
    })
print(json.dumps(out))
`;

/** What torch raises for each call, as "ExceptionName: message". */
const refusalsPy = `import json, sys, torch, torch.nn as nn
out = []
for call in json.loads(sys.argv[1]):
    try:
        eval(call)
        out.append(None)
    except Exception as e:
        out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))
`;

const refused: Call[] = [
  ["ConvTranspose3d", [2, 2, 3], { padding_mode: "reflect" }],
  ["ConvTranspose3d", [3, 4, 3], { groups: 2 }],
  ["ConvTranspose3d", [4, 3, 3], { groups: 2 }],
  ["ConvTranspose3d", [4, 4, 3], { groups: 0 }],
];

describeWithTorch("torch.nn.BatchNorm3d and ConvTranspose3d built here against torch 1.13", () => {
  const theirs = JSON.parse(runPython(oracle, [JSON.stringify(calls.map(pyCall))])) as Built[];

  calls.forEach((call, i) => {
    it(`${pyCall(call)}: repr, attributes, registrations and, under the same manual_seed, every tensor bit for bit`, () => {
      torch.manual_seed(SEED + i);
      expect(view(jsCall(call))).toEqual(theirs[i]);
    });
  });

  it("a seeded ConvTranspose3d(4, 6, 3, stride=2) holds a weight of shape (in, out/groups, kD, kH, kW) whose values are not all alike", () => {
    torch.manual_seed(0);
    const weight = jsCall(["ConvTranspose3d", [4, 6, 3], { stride: 2 }]).weight as Tensor;
    expect([...weight.shape]).toEqual([4, 6, 3, 3, 3]);
    expect(new Set((weight.tolist() as unknown[]).flat(4) as number[]).size).toBeGreaterThan(100);
  });

  const messages = JSON.parse(runPython(refusalsPy, [JSON.stringify(refused.map(pyCall))])) as string[];
  refused.forEach((call, i) => {
    it(`${pyCall(call)} is refused with torch's ValueError text`, () => {
      expect(messages[i]).toMatch(/^ValueError: /);
      expect(() => jsCall(call)).toThrow(ModuleValueError);
      expect(() => jsCall(call)).toThrow(messages[i]!.replace(/^ValueError: /, ""));
    });
  });
});
