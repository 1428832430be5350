// torch.nn classes are callable builders and still Python classes: type(), isinstance() and repr as in torch.
import { join } from "node:path";
import { expect, it } from "vitest";
import { torch } from "../../src/torch/index.js";
import { isinstance, pyRepr, type } from "../../src/python/index.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";

describeWithTorch("torch.nn classes in the Python face", () => {
  it("isinstance, type and repr of classes and of built and loaded modules print as torch's", () => {
    const conv = torch.nn.Conv2d(1, 6, 5);
    const loaded = torch.load(join(projectRoot, "examples/lenet5.pt")) as Record<string, unknown>;
    const ours = [
      isinstance(conv, torch.nn.Conv2d),
      isinstance(conv, torch.nn.Linear),
      isinstance(conv, [torch.nn.Linear, torch.nn.Conv2d]),
      isinstance(conv, torch.nn.Module),
      isinstance(loaded, torch.nn.Sequential),
      isinstance(loaded["0" as never] ?? loaded, torch.nn.Module),
      pyRepr(type(conv)),
      pyRepr(torch.nn.Conv2d),
      pyRepr(type(torch.nn.Conv2d)),
      pyRepr(type(loaded)),
    ].map(String);
    const python = runPython(
      [
        "import torch",
        "conv = torch.nn.Conv2d(1, 6, 5)",
        "loaded = torch.load('examples/lenet5.pt')",
        "first = loaded[0] if isinstance(loaded, torch.nn.Sequential) else loaded",
        "values = [isinstance(conv, torch.nn.Conv2d), isinstance(conv, torch.nn.Linear), isinstance(conv, (torch.nn.Linear, torch.nn.Conv2d)),",
        "  isinstance(conv, torch.nn.Module), isinstance(loaded, torch.nn.Sequential), isinstance(first, torch.nn.Module),",
        "  type(conv), torch.nn.Conv2d, type(torch.nn.Conv2d), type(loaded)]",
        "print('\\n'.join('true' if v is True else 'false' if v is False else str(v) for v in values))",
      ].join("\n"),
    );
    expect(ours.join("\n")).toBe(python.trimEnd());
  });

  it("torch.manual_seed returns the generator, which prints as torch's does (apart from its address)", () => {
    const generator = torch.manual_seed(1);
    const python = runPython("import torch\ng = torch.manual_seed(1)\nprint(type(g))\nprint(repr(g).split(' at ')[0])\nprint(torch.initial_seed())").trim().split("\n");
    expect([pyRepr(type(generator)), pyRepr(generator).split(" at ")[0], pyRepr(torch.initial_seed())]).toEqual(python);
  });
});
