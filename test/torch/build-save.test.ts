// Modules built in weightscope, saved with torch.save: real torch loads them whole and as weights-only state_dicts, equal to torch's own twins.
import { join } from "node:path";
import { expect, it } from "vitest";
import { save, torch } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";
import { bookkeeping, describePy, jsCall, pyCall, Sub, TensorArg, type Call } from "./build-support.js";

const out = ensureDir(join(generatedDir, "build-save"));
const sub = (...call: Call): Sub => new Sub(call);

/** Each module with the Python expression of the input its forward takes (None: not callable, as a ModuleList). */
const cases: Array<[name: string, call: Call, input: string]> = [
  [
    "lenet5",
    ["Sequential", [sub("Conv2d", [1, 6, 5], { padding: 2 }), sub("Tanh", []), sub("AvgPool2d", [2]), sub("Conv2d", [6, 16, 5]), sub("Tanh", []), sub("AvgPool2d", [2]), sub("Flatten", []), sub("Linear", [400, 120]), sub("Tanh", []), sub("Linear", [120, 84]), sub("Tanh", []), sub("Linear", [84, 10])]],
    "torch.randn(2, 1, 28, 28)",
  ],
  [
    "convnet",
    ["Sequential", [sub("Conv2d", [3, 8, 3], { padding: "same", padding_mode: "reflect" }), sub("BatchNorm2d", [8]), sub("ReLU", []), sub("MaxPool2d", [2]), sub("Conv2d", [8, 4, 4], { padding: "same" }), sub("GroupNorm", [2, 4]), sub("LeakyReLU", [0.2]), sub("AdaptiveAvgPool2d", [1]), sub("Flatten", []), sub("Linear", [4, 3]), sub("LogSoftmax", [], { dim: 1 })]],
    "torch.randn(2, 3, 8, 8)",
  ],
  ["conv1d", ["Sequential", [sub("Conv1d", [2, 4, 3], { dilation: 2 }), sub("AvgPool1d", [2]), sub("BatchNorm1d", [4]), sub("ELU", []), sub("Dropout", [0.3]), sub("MaxPool1d", [2])]], "torch.randn(2, 2, 12)"],
  ["transposed", ["Sequential", [sub("ConvTranspose2d", [2, 3, 3], { stride: 2, output_padding: 1 }), sub("PReLU", [3])]], "torch.randn(1, 2, 4, 4)"],
  ["conv3d", ["Conv3d", [2, 2, [1, 2, 3]], { stride: 2 }], "torch.randn(1, 2, 3, 4, 5)"],
  ["lstm", ["LSTM", [5, 7], { num_layers: 2, batch_first: true, proj_size: 3 }], "torch.randn(2, 4, 5)"],
  ["gru", ["GRU", [5, 6], { bidirectional: true }], "torch.randn(4, 2, 5)"],
  ["rnn", ["RNN", [4, 3], { nonlinearity: "relu", bias: false }], "torch.randn(3, 2, 4)"],
  ["embedding", ["Embedding", [20, 4], { padding_idx: 0 }], "torch.tensor([[0, 3, 19], [7, 7, 1]])"],
  ["bilinear", ["Bilinear", [3, 4, 5]], "(torch.randn(2, 3), torch.randn(2, 4))"],
  ["layernorm", ["LayerNorm", [[4, 6]]], "torch.randn(2, 4, 6)"],
  ["activations", ["Sequential", [sub("Linear", [6, 5]), sub("GELU", [], { approximate: "tanh" }), sub("SiLU", []), sub("Hardswish", []), sub("ReLU6", []), sub("Sigmoid", []), sub("Softmax", [], { dim: -1 })]], "torch.randn(3, 6)"],
  ["loss", ["CrossEntropyLoss", [], { weight: new TensorArg([0.5, 1, 2]), label_smoothing: 0.1 }], "(torch.randn(4, 3), torch.tensor([0, 1, 2, 1]))"],
  ["containers", ["Sequential", [sub("ModuleList", [[sub("Linear", [2, 2]), sub("Identity", [])]]), sub("ModuleDict", [{ a: sub("Unflatten", [1, [2, 3]]), b: sub("NLLLoss", []) }])]], "None"],
];

const SEED = 2024;

const oracle = `import base64, json, sys, torch, torch.nn as nn
${describePy}
bookkeeping = set(${JSON.stringify(bookkeeping)})
def flat(value):
    if isinstance(value, torch.Tensor):
        return [str(value.dtype), list(value.shape), base64.b64encode(value.detach().contiguous().numpy().tobytes()).decode()]
    if isinstance(value, (list, tuple)):
        return [flat(v) for v in value]
    return repr(value)
def attributes(module):
    return [[name, [[k, describe(v)] for k, v in vars(m).items() if k not in bookkeeping]] for name, m in module.named_modules()]
def view(module, make_input):
    module.eval()
    torch.manual_seed(7)
    x = make_input()
    output = None if x is None else (module(*x) if isinstance(x, tuple) else module(x))
    return {"repr": repr(module), "attributes": attributes(module), "state": {k: flat(v) for k, v in module.state_dict().items()}, "output": flat(output)}
out = {}
for i, (name, call, make_input) in enumerate(json.loads(sys.argv[2])):
    torch.manual_seed(${SEED} + i)
    twin = eval(call)
    whole = torch.load(sys.argv[1] + "/" + name + ".pt")
    weights = torch.load(sys.argv[1] + "/" + name + ".state.pt", weights_only=True)
    make = eval("lambda: " + make_input)
    out[name] = {"twin": view(twin, make), "whole": view(whole, make), "type": type(whole).__module__ + "." + type(whole).__qualname__,
                 "weights": {k: flat(v) for k, v in weights.items()}, "weightsType": type(weights).__name__}
print(json.dumps(out))
`;

describeWithTorch("built modules saved with torch.save, loaded by torch 1.13", () => {
  const built = cases.map(([name, call], i) => {
    torch.manual_seed(SEED + i);
    const module = jsCall(call);
    save(module, join(out, `${name}.pt`));
    save(module.state_dict(), join(out, `${name}.state.pt`));
    return module;
  });
  const theirs = JSON.parse(runPython(oracle, [out, JSON.stringify(cases.map(([name, call, input]) => [name, pyCall(call), input]))])) as Record<string, Record<string, Record<string, unknown>>>;

  cases.forEach(([name, call], i) => {
    it(`${name}: torch loads ${pyCall(call).slice(0, 60)}... whole and as weights, equal to torch's own build under the same seed`, () => {
      const result = theirs[name]!;
      expect(String(built[i])).toBe(result.twin!.repr);
      expect(result.type).toBe(`torch.nn.modules.${built[i]!.kind!.module.split(".").pop()}.${built[i]!.kind!.name}`);
      expect(result.whole).toEqual(result.twin);
      expect(result.weightsType).toBe("OrderedDict");
      expect(result.weights).toEqual(result.twin!.state);
    });
  });
});
