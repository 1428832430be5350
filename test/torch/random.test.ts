// torch's generator and torch.nn.init against real torch 1.13: the same seed must give the same bits.
import { beforeAll, describe, expect, it } from "vitest";
import { manual_seed, initial_seed, normalFill, uniformFill, fmaf, cephesLog, cephesSinCos } from "../../src/torch/random.js";
import { init } from "../../src/torch/init.js";
import { rand, randn, zeros } from "../../src/torch/create.js";
import type { Tensor } from "../../src/tensor/index.js";
import { describeWithTorch, runPython } from "../support/oracle.js";

/** float32 bit patterns of a tensor's elements in logical order. */
function bits32(t: Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.contiguous().storage.typed() as Float32Array).buffer));
}

/** Each case: Python code run after torch.manual_seed(seed), leaving a tensor in `t`; and the weightscope twin. */
interface Case {
  name: string;
  seed: number;
  python: string;
  ours: () => Tensor;
  float64?: boolean;
}

const cases: Case[] = [
  { name: "rand(100)", seed: 0, python: "t = torch.rand(100)", ours: () => rand(100) },
  { name: "rand(3, 5) then rand(7)", seed: 11, python: "torch.rand(3, 5); t = torch.rand(7)", ours: () => (rand(3, 5), rand(7)) },
  { name: "uniform_(-0.3, 0.3) on 1000", seed: 0, python: "t = torch.empty(1000).uniform_(-0.3, 0.3)", ours: () => uniformFill(zeros(1000), -0.3, 0.3) },
  { name: "uniform_ with an odd range", seed: 5, python: "t = torch.empty(333).uniform_(-1e-3, 7.25)", ours: () => uniformFill(zeros(333), -1e-3, 7.25) },
  { name: "randn(1000): blocks of 16", seed: 1, python: "t = torch.randn(1000)", ours: () => randn(1000) },
  { name: "randn(40): the last block redrawn", seed: 2, python: "t = torch.randn(40)", ours: () => randn(40) },
  { name: "randn(16)", seed: 3, python: "t = torch.randn(16)", ours: () => randn(16) },
  { name: "randn(5) then randn(3): the cached second sample", seed: 3, python: "a = torch.randn(5); t = torch.cat([a, torch.randn(3)])", ours: () => concat(randn(5), randn(3)) },
  { name: "randn(15) after randn(1)", seed: 9, python: "a = torch.randn(1); t = torch.cat([a, torch.randn(15)])", ours: () => concat(randn(1), randn(15)) },
  { name: "randn(2, 3, 5, 7)", seed: 123456789, python: "t = torch.randn(2, 3, 5, 7)", ours: () => randn(2, 3, 5, 7) },
  { name: "randn(100000)", seed: 7, python: "t = torch.randn(100000)", ours: () => randn(100000) },
  { name: "normal_(0.5, 2.0) on 5000", seed: 8, python: "t = torch.empty(5000).normal_(0.5, 2.0)", ours: () => normalFill(zeros(5000), 0.5, 2.0) },
  { name: "normal_ on a transposed (non-contiguous) view", seed: 4, python: "t = torch.empty(6, 4).t().normal_(); t = t.contiguous()", ours: () => normalFill(zeros(6, 4).transpose(0, 1)).contiguous() },
  { name: "a seed beyond 32 bits", seed: 2 ** 40 + 17, python: "t = torch.randn(20)", ours: () => randn(20) },
  { name: "kaiming_uniform_(a=sqrt(5)) on (120, 400)", seed: 0, python: "t = torch.nn.init.kaiming_uniform_(torch.empty(120, 400), a=math.sqrt(5))", ours: () => init.kaiming_uniform_(zeros(120, 400), { a: Math.sqrt(5) }) },
  { name: "kaiming_uniform_ fan_out relu on a conv kernel", seed: 1, python: "t = torch.nn.init.kaiming_uniform_(torch.empty(6, 3, 5, 5), mode='fan_out', nonlinearity='relu')", ours: () => init.kaiming_uniform_(zeros(6, 3, 5, 5), { mode: "fan_out", nonlinearity: "relu" }) },
  { name: "kaiming_normal_ on (64, 32, 3, 3)", seed: 2, python: "t = torch.nn.init.kaiming_normal_(torch.empty(64, 32, 3, 3))", ours: () => init.kaiming_normal_(zeros(64, 32, 3, 3)) },
  { name: "xavier_uniform_(gain=tanh)", seed: 3, python: "t = torch.nn.init.xavier_uniform_(torch.empty(84, 120), gain=torch.nn.init.calculate_gain('tanh'))", ours: () => init.xavier_uniform_(zeros(84, 120), init.calculate_gain("tanh")) },
  { name: "xavier_normal_ on (10, 7)", seed: 4, python: "t = torch.nn.init.xavier_normal_(torch.empty(10, 7))", ours: () => init.xavier_normal_(zeros(10, 7)) },
  { name: "init.normal_(std=0.02) on (5,)", seed: 5, python: "t = torch.nn.init.normal_(torch.empty(5), std=0.02)", ours: () => init.normal_(zeros(5), { std: 0.02 }) },
  { name: "constant_ / eye_", seed: 0, python: "t = torch.cat([torch.nn.init.constant_(torch.empty(3), 0.1), torch.nn.init.eye_(torch.empty(3, 4)).flatten()])", ours: () => concat(init.constant_(zeros(3), 0.1), init.eye_(zeros(3, 4)).flatten()) },
  { name: "uniform_ float64 (torch fuses the double multiply-add too)", seed: 3, python: "t = torch.empty(20000, dtype=torch.float64).uniform_(-0.37, 0.81)", ours: () => uniformFill(zeros(20000, { dtype: "float64" }), -0.37, 0.81), float64: true },
  { name: "rand float64", seed: 4, python: "t = torch.rand(50, dtype=torch.float64)", ours: () => rand(50, { dtype: "float64" }), float64: true },
];

/** How many doubles lie between a and b (same sign assumed), counted by their bit patterns. */
function ulpsApart(a: number, b: number): number {
  const view = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = view[0]! - view[1]!;
  return Number(d < 0n ? -d : d);
}

function concat(a: Tensor, b: Tensor): Tensor {
  const out = zeros(a.numel() + b.numel(), { dtype: a.dtypeName });
  const array = out.storage.typed() as Float32Array;
  array.set(a.contiguous().storage.typed() as Float32Array, 0);
  array.set(b.contiguous().storage.typed() as Float32Array, a.numel());
  return out;
}

describeWithTorch("torch's generator, bit for bit against real torch", () => {
  let expected: Record<string, number[]> = {};
  beforeAll(() => {
    const program = [
      "import torch, math, json, struct",
      "out = {}",
      ...cases.flatMap((c) => [
        `torch.manual_seed(${c.seed})`,
        c.python,
        c.float64 ? `out[${JSON.stringify(c.name)}] = t.flatten().tolist()` : `out[${JSON.stringify(c.name)}] = list(struct.unpack('<%dI' % t.numel(), t.flatten().numpy().tobytes()))`,
      ]),
      "print(json.dumps(out))",
    ].join("\n");
    expected = JSON.parse(runPython(program)) as Record<string, number[]>;
  }, 60_000);

  for (const c of cases) {
    it(c.name, () => {
      manual_seed(c.seed);
      const got = c.ours();
      const want = expected[c.name]!;
      if (c.float64) expect(Array.from(got.storage.typed() as Float64Array)).toEqual(want);
      else {
        const ours = bits32(got);
        expect(ours.length).toBe(want.length);
        const differing = ours.flatMap((v, i) => (v === want[i] ? [] : [i]));
        expect(differing).toEqual([]);
      }
    });
  }

  it("float64 normals agree to the last bit or within two ulps (torch uses the C library's sin and cos)", () => {
    const want = JSON.parse(runPython("import torch, json\ntorch.manual_seed(5)\nprint(json.dumps(torch.randn(2000, dtype=torch.float64).tolist()))")) as number[];
    manual_seed(5);
    const got = Array.from(randn(2000, { dtype: "float64" }).storage.typed() as Float64Array);
    const far = got.filter((v, i) => ulpsApart(v, want[i]!) > 2);
    expect(far).toEqual([]);
    expect(got.filter((v, i) => v === want[i]).length).toBeGreaterThan(1900);
  });

  it("initial_seed gives back the seed, negative seeds as their 64-bit two's complement", () => {
    manual_seed(-1);
    expect(initial_seed()).toBe(2n ** 64n - 1n);
    const torchSide = runPython("import torch\ntorch.manual_seed(-1)\nprint(torch.initial_seed())\nprint(torch.rand(1).item())").trim().split("\n");
    expect(String(initial_seed())).toBe(torchSide[0]);
    expect(rand(1).item()).toBe(Number(torchSide[1]));
  });
});

describe("the float32 building blocks", () => {
  it("fmaf rounds once: a double sum that lands on a float midpoint goes the way its remainder says", () => {
    // a*b = 2**-24 - 2**-70 exactly; plus 1 + 2**-23 the double sum rounds onto the midpoint 1 + 3*2**-24,
    // which rounding again would send up to the even 1 + 2**-22. The exact value lies just below it.
    const a = 2 ** -12 * (1 + 2 ** -23);
    const b = 2 ** -12 * (1 - 2 ** -23);
    const c = 1 + 2 ** -23;
    expect(Math.fround(a * b + c)).toBe(1 + 2 ** -22);
    expect(fmaf(a, b, c)).toBe(1 + 2 ** -23);
    expect(fmaf(-a, b, -c)).toBe(-(1 + 2 ** -23));
    expect(fmaf(3, 5, 7)).toBe(22);
  });

  it("the Cephes log and sincos stay within a few float ulps of the exact values", () => {
    for (const x of [1e-7, 0.001, 0.3, 0.5, 0.70710677, 0.9, 1]) {
      expect(Math.abs(cephesLog(Math.fround(x)) - Math.log(Math.fround(x)))).toBeLessThan(4e-7 * Math.max(1, Math.abs(Math.log(x))));
    }
    for (const t of [0, 0.1, 1, 2, 3, 4, 5, 6.2]) {
      const [s, c] = cephesSinCos(Math.fround(t));
      expect(Math.abs(s - Math.sin(Math.fround(t)))).toBeLessThan(3e-7);
      expect(Math.abs(c - Math.cos(Math.fround(t)))).toBeLessThan(3e-7);
    }
  });

  it("refuses what torch refuses, in torch's words", () => {
    expect(() => randn(3, { dtype: "int64" })).toThrow(`"normal_kernel_cpu" not implemented for 'Long'`);
    expect(() => rand(3, { dtype: "bool" })).toThrow(`"check_uniform_bounds" not implemented for 'Bool'`);
    expect(() => init.kaiming_uniform_(zeros(5))).toThrow("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    expect(() => init.calculate_gain("swish")).toThrow("Unsupported nonlinearity swish");
    expect(() => init.kaiming_uniform_(zeros(2, 2), { mode: "fan_avg" })).toThrow("Mode fan_avg not supported, please use one of fan_in, fan_out");
    expect(() => init.uniform_(zeros(2), { low: 1 })).toThrow("uniform_() got an unexpected keyword argument 'low'");
  });
});
