// Containers, __main__ classes, TorchScript archives and the real fixtures print as torch prints them.
import { inspect } from "node:util";
import { join } from "node:path";
import { expect, it } from "vitest";
import { load, TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch, projectRoot, runPython, sharedFixtures } from "../../support/oracle.js";
import { reprCases } from "./support.js";

/** repr() of what torch loads from a file; a __main__ class is stood in for by an empty Module subclass. */
function torchRepr(path: string): string {
  const code = [
    "import sys, warnings",
    "warnings.filterwarnings('ignore')",
    `sys.path.insert(0, ${JSON.stringify(join(projectRoot, "../shared/tools"))})`,
    "import torch",
    "from oracle_dump import load_with_stubs",
    "path = sys.argv[1]",
    "import zipfile",
    "scripted = zipfile.is_zipfile(path) and any('/code/' in name for name in zipfile.ZipFile(path).namelist())",
    "print(repr(torch.jit.load(path) if scripted else load_with_stubs(path)), end='')",
  ].join("\n");
  return runPython(code, [path]);
}

describeWithTorch("nested module reprs against real torch", () => {
  const { dir, cases } = reprCases();

  for (const [name, item] of Object.entries(cases).filter(([, c]) => c.kind === "nested" || c.kind === "scripted")) {
    it(`${name} prints as torch printed it`, () => {
      expect(String(load(join(dir, `${name}.pt`)))).toBe(item.repr);
    });
  }

  it("the bundled examples/lenet5.pt", () => {
    const path = join(projectRoot, "examples/lenet5.pt");
    expect(String(load(path))).toBe(torchRepr(path));
  });

  // The Model of this file also holds an Adam optimizer, which is not a module and so is not printed.
  // Python can only load it with a stand-in class, whose repr is the generic one, as ours must be.
  for (const file of ["torch_legacy_whole_module_sequential.pt", "torch_zip_whole_module_main_Model.pth", "torchscript_foo_buffer.pt"]) {
    it(`the real fixture ${file}`, () => {
      const path = join(sharedFixtures, file);
      expect(String(load(path))).toBe(torchRepr(path));
    });
  }

  it("console.log and util.inspect show the same text as String()", () => {
    const module = load(join(dir, "nested-main-model.pt")) as TorchModule;
    expect(inspect(module)).toBe(cases["nested-main-model"]!.repr);
    expect(`${module}`).toBe(cases["nested-main-model"]!.repr);
  });

  it("a child reached through attribute access prints as itself", () => {
    const module = load(join(dir, "nested-main-model.pt")) as TorchModule;
    const heads = module.heads as TorchModule;
    expect(String(heads._modules.get("box"))).toBe(
      "Sequential(\n  (0): Linear(in_features=4, out_features=4, bias=True)\n  (1): Sigmoid()\n)",
    );
  });
});
