// tensor.dtype and array.dtype are torch's and numpy's dtype objects: one per dtype, printed as the libraries print them.
import { describe, expect, it } from "vitest";
import { NDArray, NumpyDtype, Tensor, TorchDtype, toDType } from "../../src/tensor/index.js";
import { pyRepr, pyStr } from "../../src/python/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

describe("dtype objects", () => {
  it("are one object per dtype, so they compare with ===", () => {
    const t = Tensor.from([1.5, 2]);
    expect(t.dtype).toBe(TorchDtype.of("float32"));
    expect(t.to("float64").dtype).toBe(TorchDtype.of("float64"));
    expect(t.numpy().dtype).toBe(NumpyDtype.of("float32"));
  });

  it("are accepted wherever a dtype is: name, alias, either object, numpy type string", () => {
    const t = Tensor.from([1, 2]);
    expect(t.to(TorchDtype.of("float16")).dtypeName).toBe("float16");
    expect(t.to("double").dtypeName).toBe("float64");
    expect(t.numpy().astype(NumpyDtype.of("int8")).dtypeName).toBe("int8");
    expect(toDType("<f4")).toBe("float32");
    expect(() => toDType("complex64")).toThrow(/complex64 is not a dtype weightscope knows/);
  });
});

describeWithTorch("dtype objects against torch and numpy", () => {
  it("print as repr(t.dtype), repr(a.dtype) and str(a.dtype) do for every dtype", () => {
    const expected = JSON.parse(
      runPython(`
import json, torch
names = ["float32", "float64", "float16", "bfloat16", "int8", "int16", "int32", "int64", "uint8", "bool"]
out = {}
for n in names:
    t = torch.zeros(2, dtype=getattr(torch, n))
    a = t.numpy() if n != "bfloat16" else None
    out[n] = [repr(t.dtype), repr(a.dtype) if a is not None else None, str(a.dtype) if a is not None else None, t.dtype.is_floating_point, t.dtype.is_signed]
print(json.dumps(out))`),
    ) as Record<string, [string, string | null, string | null, boolean, boolean]>;
    for (const [name, [torchRepr, numpyRepr, numpyStr, floating, signed]] of Object.entries(expected)) {
      const t = Tensor.from([0, 0], { dtype: name });
      expect(pyRepr(t.dtype)).toBe(torchRepr);
      expect([t.dtype.is_floating_point, t.dtype.is_signed]).toEqual([floating, signed]);
      if (numpyRepr === null) continue;
      const a = NDArray.from([0, 0], { dtype: name });
      expect(pyRepr(a.dtype)).toBe(numpyRepr);
      expect(pyStr(a.dtype)).toBe(numpyStr);
    }
  });
});
