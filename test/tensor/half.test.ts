// float16 and bfloat16 conversions agree with numpy and torch on every bit pattern and on random values.
import { beforeAll, expect, it } from "vitest";
import { describeWithTorch } from "../support/oracle.js";
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from "../../src/tensor/index.js";
import { encoded, oracle } from "./reference.js";

interface Halves {
  half: unknown[];
  bfloat16: unknown[];
  doubles: string;
  half_of_double_numpy: number[];
  half_of_double_torch: number[];
  floats: string;
  bfloat16_of_float_torch: number[];
}

function float64s(hexBytes: string): Float64Array {
  const bytes = new Uint8Array(Buffer.from(hexBytes, "hex"));
  return new Float64Array(bytes.buffer);
}

describeWithTorch("half-precision conversions against numpy and torch", () => {
  let ref: Halves;
  beforeAll(() => {
    ref = oracle<Halves>("halves");
  });
  const bits = Array.from({ length: 65536 }, (_, i) => i);

  it("decodes all 65536 float16 patterns as numpy does", () => {
    expect(bits.map((b) => encoded(halfToFloat(b)))).toEqual(ref.half);
  });

  it("decodes all 65536 bfloat16 patterns as torch does", () => {
    expect(bits.map((b) => encoded(bfloat16ToFloat(b)))).toEqual(ref.bfloat16);
  });

  it("rounds doubles to float16 once, as numpy does, and through float32 when asked, as torch does", () => {
    const doubles = float64s(ref.doubles);
    expect(Array.from(doubles, (v) => floatToHalf(v))).toEqual(ref.half_of_double_numpy);
    expect(Array.from(doubles, (v) => floatToHalf(Math.fround(v)))).toEqual(ref.half_of_double_torch);
  });

  it("rounds float32 values to bfloat16 as torch does", () => {
    const bytes = new Uint8Array(Buffer.from(ref.floats, "hex"));
    const floats = new Float32Array(bytes.buffer);
    expect(Array.from(floats, (v) => floatToBfloat16(v))).toEqual(ref.bfloat16_of_float_torch);
  });

  it("round-trips every non-NaN float16 pattern", () => {
    const kept = bits.filter((b) => !Number.isNaN(halfToFloat(b)));
    expect(kept.map((b) => floatToHalf(halfToFloat(b)))).toEqual(kept);
  });
});
