// What module.forward(x) says when it cannot run as torch would, and the containers torch itself refuses to call.
import { join } from "node:path";
import { inspect as utilInspect } from "node:util";
import { describe, expect, it } from "vitest";
import { helpText, inspect as pyInspect } from "../../../src/python/index.js";
import { TorchFileError } from "../../../src/errors.js";
import { Tensor } from "../../../src/tensor/index.js";
import { load, TorchModule } from "../../../src/torch/index.js";
import { describeWithSharedFixtures, describeWithTorch, projectRoot, sharedFixtures } from "../../support/oracle.js";
import { forwardCases, readCase } from "./cases.js";


function oneLineError(run: () => unknown): TorchFileError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TorchFileError);
  expect((caught as Error).message).not.toContain("\n");
  return caught as TorchFileError;
}

describeWithSharedFixtures("modules whose forward is code", () => {
  it("a __main__.Model says its forward is Python code the file does not hold", () => {
    const model = load(join(sharedFixtures, "torch_zip_whole_module_main_Model.pth")) as TorchModule;
    const error = oneLineError(() => model.forward(Tensor.from([[1, 2]], { dtype: "float32" })));
    expect(error.message).toBe("Model: __main__.Model's forward() is Python code from the script that defined the class, which the file does not hold; its parameters, buffers and submodules are all here");
    expect(oneLineError(() => model.forward()).message).toBe(error.message);
  });

  it("a TorchScript module says its forward is TorchScript code it does not run", () => {
    const scripted = load(join(sharedFixtures, "torchscript_foo_buffer.pt")) as TorchModule;
    expect(oneLineError(() => scripted.forward(Tensor.from([1], { dtype: "float32" }))).message).toMatch(/: this is a TorchScript module: its forward is TorchScript code in the archive, which weightscope reads but does not run$/);
  });
});

describeWithTorch("modules torch itself would not run as asked", () => {
  const { dir } = forwardCases();

  it("ModuleList and ModuleDict are not callable, as in torch", () => {
    const nested = readCase(dir, "Sequential_nested").module as TorchModule;
    const list = new TorchModule("torch.nn.modules.container.ModuleList") as TorchModule;
    list._modules.set("0", nested);
    expect(oneLineError(() => list.forward(Tensor.from([1], { dtype: "float32" }))).message).toBe('ModuleList: Module [ModuleList] is missing the required "forward" function: torch\'s ModuleList holds modules and is not called itself');
  });

  it("Dropout in training mode refuses rather than drawing random numbers, and runs after eval()", () => {
    const { module, inputs } = readCase(dir, "Dropout_eval");
    const dropout = (module as TorchModule).train();
    expect(oneLineError(() => dropout.forward(inputs[0])).message).toBe("Dropout: is in training mode, where torch zeroes random elements; call .eval() first (weightscope runs modules for inference)");
    expect(dropout.eval().forward(inputs[0])).toBe(inputs[0]);
  });

  it("a float64 input to float32 weights is refused, as torch refuses mixed dtypes", () => {
    const { module, inputs } = readCase(dir, "Linear");
    const error = oneLineError(() => (module as TorchModule).forward((inputs[0] as Tensor).double()));
    expect(error.message).toBe("Linear: the input is float64 but the weights are float32; torch refuses mixed dtypes: convert the input (x.float()) or the module");
  });

  it("a wrong rank names the sizes it expected", () => {
    const { module, inputs } = readCase(dir, "Conv2d");
    expect(oneLineError(() => (module as TorchModule).forward((inputs[0] as Tensor).flatten(0, 2))).message).toBe("Conv2d: expected 3-dim or 4-dim input, got input of size [72, 10]");
  });
});

describe("module(x)", () => {
  it("is module.forward(x), and the callable module is still a module to instanceof, inspect.isfunction, help and util.inspect", () => {
    const lenet = load(join(projectRoot, "examples/lenet5.pt")) as TorchModule & ((x: Tensor) => Tensor);
    expect(lenet).toBeInstanceOf(TorchModule);
    expect(Object.getPrototypeOf(lenet)).toBe(TorchModule.prototype);
    const x = Tensor.from(new Float32Array(28 * 28).fill(0.5), { shape: [1, 1, 28, 28] });
    expect(lenet(x).tolist()).toEqual((lenet.forward(x) as Tensor).tolist());
    expect(pyInspect.isfunction(lenet)).toBe(false);
    expect(helpText(lenet).split("\n")[0]).toBe("Help on Sequential in module torch.nn.modules.container object:");
    expect(utilInspect(lenet)).toBe(String(lenet));
  });
});
