// torch.nn.<Kind>(...) for every kind, typical and edge arguments: the same module as torch 1.13 builds, number for number.
import { describe as group, expect, it } from "vitest";
import { PyDict } from "../../src/python/values.js";
import { Tensor } from "../../src/tensor/index.js";
import { moduleClasses, moduleKindRows, torch, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";
import { bookkeeping, describe, describePy, DtypeArg, jsCall, pyCall, TensorArg, tensorBytes, tensorBytesPy, type Call } from "./build-support.js";

const calls: Call[] = [
  ["Sequential", []],
  ["ModuleList", []],
  ["ModuleDict", []],
  ["Conv1d", [2, 4, 3]],
  ["Conv1d", [2, 4, 3], { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false, padding_mode: "reflect" }],
  ["Conv2d", [1, 6, 5], { padding: 2 }],
  ["Conv2d", [4, 8, [3, 5]], { padding: "same", dilation: [2, 1], groups: 4 }],
  ["Conv2d", [3, 6, 4], { padding: "same" }],
  ["Conv2d", [3, 6, 3], { padding: "valid", padding_mode: "circular" }],
  ["Conv3d", [2, 2, [1, 2, 3]], { stride: 2, bias: false }],
  ["ConvTranspose1d", [4, 2, 3], { stride: 2, output_padding: 1 }],
  ["ConvTranspose2d", [4, 6, [2, 3]], { groups: 2, dilation: 2, padding: [1, 0] }],
  ["ConvTranspose3d", [4, 6, 3], { stride: 2 }],
  ["ConvTranspose3d", [4, 6, [1, 2, 3]], { stride: [2, 1, 2], padding: [0, 1, 1], output_padding: [1, 0, 1], groups: 2, dilation: [1, 2, 1] }],
  ["ConvTranspose3d", [6, 3, 2, 1, 1, 0, 3, false, 2]],
  ["ConvTranspose3d", [2, 2, [3, 1, 1]], { dtype: new DtypeArg("float64") }],
  ["ConvTranspose3d", [0, 4, 2]],
  ["Linear", [120, 84]],
  ["Linear", [5, 3], { bias: false }],
  ["Linear", [0, 3]],
  ["Bilinear", [3, 4, 5]],
  ["Bilinear", [2, 2, 1, false]],
  ["Identity", [1, 2], { x: 3 }],
  ["BatchNorm1d", [5]],
  ["BatchNorm2d", [3], { eps: 0.001, momentum: null, affine: false }],
  ["BatchNorm2d", [3], { track_running_stats: false }],
  ["BatchNorm3d", [8]],
  ["BatchNorm3d", [3], { eps: 0.001, momentum: null, affine: false }],
  ["BatchNorm3d", [4], { track_running_stats: false }],
  ["BatchNorm3d", [2, 1e-3, 0.2, false, false]],
  ["BatchNorm3d", [5], { dtype: new DtypeArg("float64") }],
  ["LayerNorm", [6]],
  ["LayerNorm", [[4, 6]], { eps: 0.0001, elementwise_affine: false }],
  ["GroupNorm", [2, 6]],
  ["GroupNorm", [3, 6], { eps: 0.01, affine: false }],
  ["Embedding", [10, 4]],
  ["Embedding", [10, 4], { padding_idx: -2, max_norm: 1.5, norm_type: 1, scale_grad_by_freq: true, sparse: true }],
  ["Embedding", [6, 3, 2]],
  ["RNN", [3, 5]],
  ["RNN", [3, 5, 2], { nonlinearity: "relu", bias: false, batch_first: true, dropout: 0.25, bidirectional: true }],
  ["LSTM", [4, 6], { num_layers: 2, proj_size: 3, bidirectional: true }],
  ["LSTM", [4, 6, 1, false]],
  ["GRU", [4, 6], { num_layers: 3, dropout: 0.5 }],
  ["Dropout", []],
  ["Dropout", [0.2, true]],
  ["Flatten", []],
  ["Flatten", [0, 2]],
  ["Unflatten", [1, [2, 3]]],
  ["MaxPool1d", [3]],
  ["MaxPool2d", [[2, 3]], { stride: 1, padding: 1, dilation: 2, return_indices: true, ceil_mode: true }],
  ["AvgPool1d", [3]],
  ["AvgPool1d", [3, 2, 1, true, false]],
  ["AvgPool2d", [2]],
  ["AvgPool2d", [[2, 2]], { stride: [1, 2], padding: 1, divisor_override: 3 }],
  ["AdaptiveAvgPool1d", [4]],
  ["AdaptiveAvgPool2d", [[3, null]]],
  ["ReLU", []],
  ["ReLU", [true]],
  ["ReLU6", [], { inplace: true }],
  ["LeakyReLU", [0.2]],
  ["PReLU", []],
  ["PReLU", [3, 0.1]],
  ["ELU", [], { alpha: 0.5 }],
  ["GELU", [], { approximate: "tanh" }],
  ["SiLU", []],
  ["Tanh", []],
  ["Sigmoid", []],
  ["Softmax", [], { dim: 1 }],
  ["LogSoftmax", [-1]],
  ["Hardswish", []],
  ["CrossEntropyLoss", []],
  ["CrossEntropyLoss", [], { weight: new TensorArg([0.5, 1, 2]), ignore_index: 1, label_smoothing: 0.1, reduction: "sum" }],
  ["MSELoss", [], { size_average: false }],
  ["NLLLoss", [], { reduce: false }],
  ["BatchNorm1d", [2], { dtype: new DtypeArg("float64"), device: "cpu" }],
  ["Linear", [3, 4], { dtype: new DtypeArg("float64") }],
  ["Conv2d", [2, 2, 3], { dtype: new DtypeArg("float64"), device: "cpu" }],
  ["LSTM", [2, 3], { dtype: new DtypeArg("float64") }],
];

/**
 * float64 modules whose init draws normals: torch's double normals use glibc's sin and cos, JavaScript its
 * own (see docs/random.md), so the values agree to two units in the last place of the largest, not always
 * bit for bit.
 */
const float64Draws: Call[] = [["Embedding", [5, 3], { dtype: new DtypeArg("float64") }]];

interface Built {
  repr: string;
  attributes: Array<[string, string]>;
  parameters: Array<[string, boolean]>;
  buffers: Array<[string, boolean]>;
  nonPersistent: string[];
  state: Array<[string, number[], string, string]>;
}

const SEED = 1000;

/** What the comparison reads from a module built in weightscope. */
function view(module: TorchModule): Built {
  const flags = (store: PyDict): Array<[string, boolean]> => [...store.entries()].map(([name, value]) => [String(name), value !== null]);
  return {
    repr: String(module),
    attributes: [...module.__dict__.entries()].filter(([name]) => !bookkeeping.includes(String(name))).map(([name, value]) => [String(name), describe(value)]),
    parameters: flags(module._parameters),
    buffers: flags(module._buffers),
    nonPersistent: [...module._non_persistent_buffers_set].sort(),
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
        "nonPersistent": sorted(m._non_persistent_buffers_set),
        "state": [[k, list(v.shape), str(v.dtype), tensor_bytes(v)] for k, v in m.state_dict().items()],
    })
print(json.dumps(out))
`;

group("torch.nn classes", () => {
  it("cover every row of the kinds table, each callable with and without new", () => {
    expect(Object.keys(moduleClasses).sort()).toEqual(moduleKindRows.map((row) => row.name).sort());
    const nn = torch.nn as unknown as Record<string, new (...args: unknown[]) => TorchModule>;
    const plain = moduleClasses.Linear!(120, 84);
    const constructed = new nn.Linear!(120, 84);
    expect(String(plain)).toBe("Linear(in_features=120, out_features=84, bias=True)");
    expect(String(constructed)).toBe(String(plain));
    expect(constructed).toBeInstanceOf(TorchModule);
    expect(plain instanceof nn.Linear!).toBe(true);
    expect(plain instanceof nn.Conv2d!).toBe(false);
    expect(moduleClasses.Linear!.name).toBe("Linear");
  });

  it("make parameters float32 Parameters that require grad, and buffers plain tensors", () => {
    const bn = moduleClasses.BatchNorm2d!(3);
    const weight = bn.weight as Tensor;
    expect([weight.isParameter, weight.requires_grad, weight.dtypeName]).toEqual([true, true, "float32"]);
    const tracked = bn.num_batches_tracked as Tensor;
    expect([tracked.isParameter, tracked.dtypeName, tracked.shape.length]).toEqual([false, "int64", 0]);
    expect(moduleClasses.Linear!(2, 3, { dtype: "float64" }).weight).toHaveProperty("dtypeName", "float64");
  });
});

describeWithTorch("torch.nn.<Kind>(...) against torch 1.13", () => {
  const theirs = JSON.parse(runPython(oracle, [JSON.stringify(calls.map(pyCall))])) as Built[];

  const theirs64 = JSON.parse(runPython(oracle, [JSON.stringify(float64Draws.map(pyCall))])) as Built[];
  const doubles = (base64: string): number[] => [...new Float64Array(new Uint8Array(Buffer.from(base64, "base64")).buffer)];

  float64Draws.forEach((call, i) => {
    it(`${pyCall(call)}: the same module, its float64 values within two ulps of torch's largest`, () => {
      torch.manual_seed(SEED + i);
      const ours = view(jsCall(call));
      const expected = theirs64[i]!;
      expect({ ...ours, state: ours.state.map(([key, shape, dtype]) => [key, shape, dtype]) }).toEqual({ ...expected, state: expected.state.map(([key, shape, dtype]) => [key, shape, dtype]) });
      ours.state.forEach(([, , , bytes], j) => {
        const [got, want] = [doubles(bytes), doubles(expected.state[j]![3])];
        const ulp = Math.max(...want.map(Math.abs)) * 2 ** -51;
        got.forEach((value, k) => expect(Math.abs(value - want[k]!)).toBeLessThanOrEqual(ulp));
      });
    });
  });

  calls.forEach((call, i) => {
    it(`${pyCall(call)}: repr, attributes, registrations and, under the same manual_seed, every tensor bit for bit`, () => {
      torch.manual_seed(SEED + i);
      expect(view(jsCall(call))).toEqual(theirs[i]);
    });
  });
});
