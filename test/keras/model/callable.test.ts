// keras_model(x): a model is callable as in Keras (its __call__ in inference mode) and stays the same object to Python's face.
import { inspect as nodeInspect } from "node:util";
import { join } from "node:path";
import { expect, it } from "vitest";
import { KerasModel, KerasValueError, loadModel } from "../../../src/keras/index.js";
import { helpText, inspect, isinstance, pyRepr, type } from "../../../src/python/index.js";
import { NDArray } from "../../../src/tensor/index.js";
import { describeWithSharedFixtures, projectRoot } from "../../support/oracle.js";

describeWithSharedFixtures("a callable Keras model", () => {
  it("runs as predict does, and is still a model to type, isinstance, help and inspect", () => {
    const model = loadModel(join(projectRoot, "examples/lenet5.h5"));
    const x = NDArray.from(Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => (i % 17) / 17), { shape: [2, 28, 28, 1] });
    const called = (model as unknown as (input: NDArray) => NDArray)(x);
    expect(called.tolist()).toEqual((model.predict(x) as NDArray).tolist());
    expect(pyRepr(type(model))).toBe("<class 'keras.engine.sequential.Sequential'>");
    expect(model instanceof KerasModel).toBe(true);
    expect(isinstance(model, type(model))).toBe(true);
    expect(inspect.isfunction(model)).toBe(false);
    expect(helpText(model)).toMatch(/^Help on Sequential in module keras\.engine\.sequential object:/);
    expect(nodeInspect(model)).toMatch(/^KerasModel \{/);
    expect(model.layers[0]!.name).toBe("conv2d");
    expect(() => (model.layers[0] as unknown as (input: NDArray) => unknown)(x)).toThrow(KerasValueError);
  });
});
