// Refused module constructor calls: the same exception and the same one-line text as Python 3.11 with torch 1.13.
import { expect, it } from "vitest";
import { moduleClasses } from "../../src/torch/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";
import { pyLiteral, type Call } from "./build-support.js";

const linear = { linear: true } as const;

/** Calls torch refuses; `linear` stands for an `nn.Linear(1, 1)` in the arguments. */
const refused: Array<readonly [kind: string, positional: readonly unknown[], keywords?: Record<string, unknown>]> = [
  ["Linear", [1]],
  ["Linear", []],
  ["Conv2d", [1]],
  ["Conv2d", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
  ["Linear", [1, 2, 3, 4, 5, 6]],
  ["Linear", [1, 2], { foo: 3 }],
  ["Linear", [1, 2], { in_features: 3 }],
  ["Linear", [1, 2, 3, 4, 5, 6], { bias: 1 }],
  ["Tanh", [1]],
  ["Tanh", [], { a: 1 }],
  ["ReLU", [1, 2]],
  ["MaxPool2d", []],
  ["Bilinear", []],
  ["RNN", [2]],
  ["RNN", [2, 3, 1, true, false, 0.5, false, 0, null, null, 1]],
  ["RNN", [2, 3], { nonlinearity: "sigmoid" }],
  ["GRU", [2, 3], { proj_size: 1 }],
  ["RNN", [2, 3], { proj_size: 1, foo: 2 }],
  ["LSTM", [2, 3], { proj_size: 3 }],
  ["LSTM", [2, 3], { proj_size: -1 }],
  ["LSTM", [2, 3], { dropout: 2 }],
  ["LSTM", [2, 3], { batch_size: 2 }],
  ["Conv2d", [3, 4, 3], { groups: 0 }],
  ["Conv2d", [3, 4, 3], { groups: 2 }],
  ["Conv2d", [4, 3, 3], { groups: 2 }],
  ["Conv2d", [1, 1, 3], { padding: "full" }],
  ["Conv2d", [1, 1, 3], { padding: "same", stride: 2 }],
  ["Conv1d", [1, 1, 3], { padding_mode: "mirror" }],
  ["ConvTranspose2d", [1, 1, 3], { padding_mode: "reflect" }],
  ["ConvTranspose3d", [2, 2, 3], { padding_mode: "reflect" }],
  ["ConvTranspose3d", [3, 4, 3], { groups: 2 }],
  ["ConvTranspose3d", [4, 3, 3], { groups: 2 }],
  ["ConvTranspose3d", [4, 4, 3], { groups: 0 }],
  ["Dropout", [1.5]],
  ["Dropout", [-1]],
  ["GroupNorm", [4, 6]],
  ["Embedding", [5, 2], { padding_idx: 5 }],
  ["Embedding", [5, 2], { padding_idx: -6 }],
  ["Unflatten", [1, [2, 1.5]]],
  ["Unflatten", [1, 5]],
  ["Unflatten", [1.5, [2]]],
  ["CrossEntropyLoss", [], { weight: 3 }],
  ["Sequential", [linear, 5]],
  ["Sequential", [], { a: 1 }],
  ["ModuleList", [5]],
  ["ModuleList", [[linear, "x"]]],
  ["ModuleDict", [{ "a.b": linear }]],
  ["ModuleDict", [{ train: linear }]],
  ["ModuleDict", [{ "": linear }]],
  ["ModuleDict", [[["a", linear, 1]]]],
];

function jsValue(value: unknown): unknown {
  if (value === linear) return moduleClasses.Linear!(1, 1);
  if (Array.isArray(value)) return value.map(jsValue);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsValue(v)]));
  return value;
}

/** Python spelling: a JavaScript array is a tuple, except a container's list of modules; an object given to ModuleDict is its dict. */
function pyValue(value: unknown, list = false): string {
  if (value === linear) return "nn.Linear(1, 1)";
  if (Array.isArray(value) && list) return `[${value.map((v) => pyValue(v, true)).join(", ")}]`;
  if (Array.isArray(value)) return `(${value.map((v) => pyValue(v)).join(", ")}${value.length === 1 ? "," : ""})`;
  if (typeof value === "object" && value !== null) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pyValue(v)}`).join(", ")}}`;
  return pyLiteral(value);
}

function pyCall([kind, positional, keywords = {}]: Call): string {
  const list = kind === "ModuleList" || kind === "ModuleDict";
  return `nn.${kind}(${[...positional.map((v) => pyValue(v, list)), ...Object.entries(keywords).map(([k, v]) => `${k}=${pyValue(v)}`)].join(", ")})`;
}

function refusal(call: Call): string {
  const [kind, positional, keywords] = call;
  try {
    moduleClasses[kind]!(...(jsValue(positional) as unknown[]), ...(keywords ? [jsValue(keywords)] : []));
  } catch (error) {
    const name = (error as { constructor: { pythonName?: string } }).constructor.pythonName ?? (error as Error).name;
    return `${name}: ${(error as Error).message}`;
  }
  return "accepted";
}

/** Python prints sets in hash order; the comparison sorts the items of `{'a', 'b'}`. */
const sortSets = (text: string): string => text.replace(/\{('[^{}]*')\}/g, (_, items: string) => `{${items.split(", ").sort().join(", ")}}`);

const oracle = `import json, sys, torch, torch.nn as nn
out = []
for call in json.loads(sys.argv[1]):
    try:
        eval(call)
        out.append("accepted")
    except Exception as e:
        out.append(type(e).__name__ + ": " + (str(e.args[0]) if e.args else str(e)))
print(json.dumps(out))
`;

describeWithTorch("refused module constructor calls against torch 1.13", () => {
  const theirs = (JSON.parse(runPython(oracle, [JSON.stringify(refused.map(pyCall))])) as string[]).map(sortSets);

  refused.forEach((call, i) => {
    it(`${pyCall(call)} is refused as Python refuses it`, () => {
      expect(theirs[i]).not.toBe("accepted");
      expect(sortSets(refusal(call))).toBe(theirs[i]);
    });
  });
});
