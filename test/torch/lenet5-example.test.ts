// The bundled example: LeNet-5 saved whole and as a state_dict by examples/make_lenet5.py with real torch.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OrderedDict } from "../../src/python/values.js";
import { describeTorchFile, load, openTorchFile, TorchModule } from "../../src/torch/index.js";
import { describeWithTorch, oracleDumpScript, projectRoot, runPython } from "../support/oracle.js";
import { ourRecords, sorted } from "./support.js";

const wholeModule = join(projectRoot, "examples/lenet5.pt");
const stateDict = join(projectRoot, "examples/lenet5_state_dict.pt");

describe("examples/lenet5.pt", () => {
  it("is the tutorial's LeNet-5 with its constructor arguments", () => {
    const lenet = load(wholeModule) as TorchModule;
    expect(lenet.className).toBe("torch.nn.modules.container.Sequential");
    expect(lenet.children().map((m) => m.__name__)).toEqual(
      ["Conv2d", "Tanh", "AvgPool2d", "Conv2d", "Tanh", "AvgPool2d", "Conv2d", "Tanh", "Flatten", "Linear", "Tanh", "Linear", "Softmax"],
    );
    const firstConv = (lenet[0] as TorchModule).constructorArgs()!;
    expect([...firstConv.entries()].map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])).toEqual([
      ["in_channels", 1], ["out_channels", 6], ["kernel_size", [5, 5]], ["stride", [1, 1]], ["padding", [2, 2]],
      ["dilation", [1, 1]], ["groups", 1], ["bias", true], ["padding_mode", "zeros"],
    ]);
    expect((lenet[12] as TorchModule).constructorArgs()!.get("dim")).toBe(1);
    expect((lenet[9] as TorchModule).constructorArgs()!.get("in_features")).toBe(120);
    expect(describeTorchFile(openTorchFile(wholeModule))).toBe("whole module of class torch.nn.modules.container.Sequential");
  });

  it("has the same tensors as its state_dict file, which loads back into it", () => {
    const lenet = load(wholeModule) as TorchModule;
    const saved = load(stateDict) as OrderedDict;
    expect(describeTorchFile(openTorchFile(stateDict))).toBe("state_dict (OrderedDict of 10 tensors)");
    expect(sorted(ourRecords(wholeModule))).toEqual(sorted(ourRecords(stateDict)));
    expect(String(lenet.load_state_dict(saved))).toBe("<All keys matched successfully>");
    expect(saved.keys()).toEqual(lenet.state_dict().keys());
    expect(saved["0.weight"]).toBeDefined();
  });
});

describeWithTorch("examples/lenet5.pt against real torch", () => {
  it("reads to the tensors torch reads", () => {
    const oracle = JSON.parse(runPython(`import runpy, sys; sys.argv = ["oracle", sys.argv[1]]; runpy.run_path(${JSON.stringify(oracleDumpScript)}, run_name="__main__")`, [wholeModule]));
    expect(sorted(ourRecords(wholeModule))).toEqual(sorted(oracle.tensors));
  });
});
