// Each buildable class's signature (whose __init__, names, order, defaults) against inspect.signature in torch 1.13.
import { expect, it } from "vitest";
import { moduleKindRows, REQUIRED } from "../../src/torch/index.js";
import { signatureOf } from "../../src/torch/modules/build.js";
import { constructorRows } from "../../src/torch/modules/constructors.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

const layers = moduleKindRows.filter((kind) => !kind.container);

it("every kind that is not a container has a constructor row, and no row is left over", () => {
  expect(layers.map((kind) => kind.name).sort()).toEqual(Object.keys(constructorRows).sort());
});

describeWithTorch("constructor signatures against torch 1.13", () => {
  // RNN, LSTM and GRU take *args, **kwargs and hand them to RNNBase.__init__ after their mode.
  const theirs = JSON.parse(
    runPython(
      `import inspect, json, sys, torch.nn as nn
out = {}
for name in json.loads(sys.argv[1]):
    init = getattr(nn, name).__init__
    supplied = 0
    if init.__qualname__ in ("RNN.__init__", "LSTM.__init__", "GRU.__init__"):
        init, supplied = nn.RNNBase.__init__, 1
    params = list(inspect.signature(init).parameters.values())[1 + supplied:]
    anything = any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)
    out[name] = {"owner": init.__qualname__, "supplied": supplied, "anything": anything,
                 "parameters": [] if anything else [[p.name, "REQUIRED" if p.default is p.empty else p.default] for p in params]}
print(json.dumps(out))`,
      [JSON.stringify(layers.map((kind) => kind.name))],
    ),
  ) as Record<string, { owner: string; supplied: number; anything: boolean; parameters: unknown[] }>;

  for (const kind of layers) {
    it(`${kind.name}`, () => {
      const row = constructorRows[kind.name]!;
      const signature = signatureOf(kind, row, row.takeKeywords?.(new Map()));
      const parameters = signature.anything ? [] : signature.parameters.map(([name, fallback]) => [name, fallback === REQUIRED ? "REQUIRED" : fallback]);
      expect({ owner: `${signature.owner}.__init__`, supplied: signature.supplied, anything: signature.anything, parameters }).toEqual(theirs[kind.name]);
    });
  }
});
