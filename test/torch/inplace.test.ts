// Tensor's in-place methods (fill_, zero_, uniform_, normal_, mul_, add_, sub_, div_) against real torch 1.13, byte for byte.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { PyFloat } from "../../src/python/values.js";
import { dir, helpText, tensorClass } from "../../src/python/index.js";
import { Tensor, type DType } from "../../src/tensor/index.js";
import { manual_seed, TorchGenerator } from "../../src/torch/random.js";
import { init } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

// ---- the tensors each case starts from, built the same way on both sides ----

const DTYPES_UNDER_TEST = ["float32", "float64", "int64", "bool"] as const;
const torchName: Record<string, string> = { float32: "torch.float32", float64: "torch.float64", int64: "torch.int64", bool: "torch.bool" };

/** 48 values of a dtype: fractions of both signs for floats, whole numbers for int64, a pattern for bool. */
function values(dtype: string): (number | boolean)[] {
  return Array.from({ length: 48 }, (_, i) => {
    const spread = ((i * 7919) % 101) - 50;
    if (dtype === "bool") return i % 3 === 0;
    return dtype === "int64" ? spread : spread / 7.3;
  });
}
const pyList = (items: (number | boolean)[]): string => `[${items.map((v) => (typeof v === "boolean" ? (v ? "True" : "False") : String(v))).join(", ")}]`;

/** A starting tensor and the part of it an operation writes to: the whole, a transposed view, or a strided slice. */
interface Layout {
  name: string;
  /** Python building `base` (what is compared afterwards) and `v` (what is written to). */
  python: (dtype: string) => string;
  ours: (dtype: DType) => { base: Tensor; v: Tensor };
}

const baseOf = (dtype: DType, shape: number[]): Tensor => Tensor.from(values(dtype), { dtype, shape: [48] }).reshape(shape);
const layouts: Layout[] = [
  { name: "a contiguous tensor", python: (d) => `base = torch.tensor(${pyList(values(d))}, dtype=${torchName[d]}).reshape(6, 8); v = base`, ours: (d) => { const base = baseOf(d, [6, 8]); return { base, v: base }; } },
  { name: "a transposed weight", python: (d) => `base = torch.tensor(${pyList(values(d))}, dtype=${torchName[d]}).reshape(6, 8); v = base.t()`, ours: (d) => { const base = baseOf(d, [6, 8]); return { base, v: base.transpose(0, 1) }; } },
  {
    name: "a strided slice of a bigger storage",
    python: (d) => `base = torch.tensor(${pyList(values(d))}, dtype=${torchName[d]}).reshape(6, 8); v = base[1:5, 1:7:2]`,
    ours: (d) => { const base = baseOf(d, [6, 8]); return { base, v: Tensor.fromStorage(base.storage, 9, [4, 3], [8, 2]) }; },
  },
];

/** An operation: its Python spelling after `v.`, ours, and the dtypes it applies to (others refuse: tested below). */
interface Operation {
  python: string;
  ours: (v: Tensor) => Tensor;
  dtypes: readonly string[];
}

const floats = ["float32", "float64"];
const all = DTYPES_UNDER_TEST;
const operations: Operation[] = [
  { python: "fill_(2.7)", ours: (v) => v.fill_(2.7), dtypes: all },
  { python: "fill_(-2.7)", ours: (v) => v.fill_(-2.7), dtypes: all },
  { python: "fill_(0.0)", ours: (v) => v.fill_(new PyFloat(0)), dtypes: all },
  { python: "fill_(-3)", ours: (v) => v.fill_(-3), dtypes: ["float32", "float64", "int64"] },
  { python: "fill_(True)", ours: (v) => v.fill_(true), dtypes: all },
  { python: "fill_(torch.tensor(3.7))", ours: (v) => v.fill_(Tensor.from([3.7], { shape: [] })), dtypes: all },
  { python: "zero_()", ours: (v) => v.zero_(), dtypes: all },
  { python: "mul_(0.37)", ours: (v) => v.mul_(0.37), dtypes: floats },
  { python: "mul_(3)", ours: (v) => v.mul_(3), dtypes: ["float32", "float64", "int64"] },
  { python: "mul_(2**62)", ours: (v) => v.mul_(2n ** 62n), dtypes: ["int64"] },
  { python: "mul_(True)", ours: (v) => v.mul_(true), dtypes: all },
  { python: "mul_(False)", ours: (v) => v.mul_(false), dtypes: all },
  { python: "add_(1.25)", ours: (v) => v.add_(1.25), dtypes: floats },
  { python: "add_(0.3, alpha=2.5)", ours: (v) => v.add_(0.3, { alpha: 2.5 }), dtypes: floats },
  { python: "add_(0.1, alpha=-1.1)", ours: (v) => v.add_(0.1, -1.1), dtypes: floats },
  { python: "add_(-7, alpha=4)", ours: (v) => v.add_(-7, { alpha: 4 }), dtypes: ["float32", "float64", "int64"] },
  { python: "add_(True)", ours: (v) => v.add_(true), dtypes: all },
  { python: "add_(False, alpha=True)", ours: (v) => v.add_(false, { alpha: true }), dtypes: ["bool"] },
  { python: "sub_(5)", ours: (v) => v.sub_(5), dtypes: ["float32", "float64", "int64"] },
  { python: "sub_(0.7, alpha=3)", ours: (v) => v.sub_(0.7, { alpha: 3 }), dtypes: floats },
  { python: "div_(3.3)", ours: (v) => v.div_(3.3), dtypes: floats },
  { python: "div_(7)", ours: (v) => v.div_(7), dtypes: floats },
  { python: "div_(torch.tensor(0.3, dtype=torch.float64))", ours: (v) => v.div_(Tensor.from([0.3], { dtype: "float64", shape: [] })), dtypes: floats },
  { python: "div_(-3, rounding_mode='floor')", ours: (v) => v.div_(-3, { rounding_mode: "floor" }), dtypes: ["float32", "float64", "int64"] },
  { python: "div_(4, rounding_mode='trunc')", ours: (v) => v.div_(4, { rounding_mode: "trunc" }), dtypes: ["float32", "float64", "int64"] },
  { python: "div_(0.7, rounding_mode='floor')", ours: (v) => v.div_(0.7, { rounding_mode: "floor" }), dtypes: floats },
  { python: "div_(-0.3, rounding_mode='trunc')", ours: (v) => v.div_(-0.3, { rounding_mode: "trunc" }), dtypes: floats },
  { python: "mul_(torch.tensor(3))", ours: (v) => v.mul_(Tensor.from([3], { shape: [] })), dtypes: ["float32", "float64", "int64"] },
];

interface ValueCase {
  name: string;
  python: string;
  ours: () => Tensor;
  /** float64 normals go through the C library's log, sin and cos in torch: equal within two ulps. */
  ulps?: number;
}

const valueCases: ValueCase[] = [];
const ramp = Array.from({ length: 1000 }, (_, i) => -3 + (8 * i) / 999);
const divisors = ramp.map((_, i) => [0, 0.7, -0.7, 1.3, -2.9, 0.01][i % 6]!);
const intDivisors = Array.from({ length: 96 }, (_, i) => [3, -3, 7, -1, 2][i % 5]!);
for (const layout of layouts) {
  for (const operation of operations) {
    for (const dtype of operation.dtypes) {
      valueCases.push({
        name: `${dtype} ${layout.name}: ${operation.python}`,
        python: `${layout.python(dtype)}\nr = v.${operation.python}\nassert r is v\nt = base`,
        ours: () => {
          const { base, v } = layout.ours(dtype as DType);
          expect(operation.ours(v)).toBe(v);
          return base;
        },
      });
    }
  }
}

// Tensors as the other operand: same dtype, a lower kind, and shapes that broadcast.
const f32 = (shape: number[]): string => `torch.tensor(${pyList(values("float32").slice(0, shape.reduce((a, b) => a * b, 1)))}, dtype=torch.float32).reshape(${shape.join(", ")})`;
const ourF32 = (shape: number[], dtype: DType = "float32"): Tensor => Tensor.from(values(dtype).slice(0, shape.reduce((a, b) => a * b, 1)), { dtype, shape });
valueCases.push(
  { name: "float32 add_ of a transposed same-shape tensor", python: `t = ${f32([6, 8])}; t.add_(${f32([8, 6])}.t())`, ours: () => ourF32([6, 8]).add_(ourF32([8, 6]).transpose(0, 1)) },
  { name: "float32 mul_ by a row that broadcasts over a transposed view", python: `b = ${f32([6, 8])}; b.t().mul_(${f32([6])}); t = b`, ours: () => { const b = ourF32([6, 8]); b.transpose(0, 1).mul_(ourF32([6])); return b; } },
  { name: "float32 sub_ of a column with alpha", python: `t = ${f32([6, 8])}; t.sub_(${f32([6, 1])}, alpha=0.5)`, ours: () => ourF32([6, 8]).sub_(ourF32([6, 1]), { alpha: 0.5 }) },
  { name: "float64 add_ of an int64 tensor", python: `t = torch.tensor(${pyList(values("float64"))}, dtype=torch.float64); t.add_(torch.tensor(${pyList(values("int64"))}))`, ours: () => Tensor.from(values("float64"), { dtype: "float64" }).add_(Tensor.from(values("int64"), { dtype: "int64" })) },
  { name: "int64 add_ of a bool tensor", python: `t = torch.tensor(${pyList(values("int64"))}); t.add_(torch.tensor(${pyList(values("bool"))}), alpha=-3)`, ours: () => Tensor.from(values("int64"), { dtype: "int64" }).add_(Tensor.from(values("bool"), { dtype: "bool" }), { alpha: -3 }) },
  { name: "float32 add_ of itself", python: `t = ${f32([6, 8])}; t.add_(t.t().t(), alpha=2)`, ours: () => { const t = ourF32([6, 8]); return t.add_(t, { alpha: 2 }); } },
  { name: "float16 mul_, add_ and div_ by scalars", python: `t = torch.tensor(${pyList(values("float32"))}, dtype=torch.float16); t.mul_(0.1).add_(3.3).div_(1/3)`, ours: () => Tensor.from(values("float32"), { dtype: "float16" }).mul_(0.1).add_(3.3).div_(1 / 3) },
  { name: "float32 add_ of a float64 tensor computes in float64", python: `t = ${f32([6, 8])}; t.add_(torch.tensor(${pyList(values("float64"))}, dtype=torch.float64).reshape(6, 8).mul(1/3), alpha=0.1)`, ours: () => ourF32([6, 8]).add_(ourF32([6, 8], "float64").mul_(1 / 3), { alpha: 0.1 }) },
  { name: "float32 mul_ and div_ by float64 rows", python: `t = ${f32([6, 8])}; r = torch.tensor(${pyList(values("float64").slice(0, 8))}, dtype=torch.float64) / 3; t.mul_(r).div_(r + 1)`, ours: () => { const r = (): Tensor => ourF32([8], "float64").div_(3); return ourF32([6, 8]).mul_(r()).div_(r().add_(1)); } },
  { name: "float16 add_ of float64 and bfloat16 tensors", python: `t = torch.tensor(${pyList(values("float32"))}, dtype=torch.float16); t.add_(torch.tensor(${pyList(values("float64"))}, dtype=torch.float64) / 7).sub_(torch.tensor(${pyList(values("float32"))}, dtype=torch.bfloat16) / 9)`, ours: () => Tensor.from(values("float32"), { dtype: "float16" }).add_(Tensor.from(values("float64"), { dtype: "float64" }).div_(7)).sub_(Tensor.from(values("float32"), { dtype: "bfloat16" }).div_(9)) },
  { name: "int32 mul_ and add_ of int64 tensors, wrapping", python: `t = torch.tensor(${pyList(values("int64"))}, dtype=torch.int32) * 40000000; t.mul_(torch.tensor(${pyList(values("int64"))})).add_(torch.tensor([2**40] * 48), alpha=3)`, ours: () => Tensor.from(values("int64"), { dtype: "int32" }).mul_(40000000).mul_(Tensor.from(values("int64"), { dtype: "int64" })).add_(Tensor.from(Array(48).fill(2 ** 40), { dtype: "int64" }), { alpha: 3 }) },
  { name: "float16 add_ and sub_ with alpha, fill_ and uniform_", python: `torch.manual_seed(2); t = torch.tensor(${pyList(values("float32"))}, dtype=torch.float16); t.add_(0.3, alpha=1.7).sub_(t.clone().uniform_(-2, 2), alpha=0.9); t[:5].fill_(1/3)`, ours: () => { manual_seed(2); const t = Tensor.from(values("float32"), { dtype: "float16" }); t.add_(0.3, { alpha: 1.7 }).sub_(t.clone().uniform_(-2, 2), { alpha: 0.9 }); Tensor.fromStorage(t.storage, 0, [5], [1]).fill_(1 / 3); return t; } },
  // 64 elements: torch's bfloat16 loop works in blocks of 32, and its leftover elements round alpha * other first.
  { name: "bfloat16 mul_, add_ with alpha, div_ and uniform_", python: `torch.manual_seed(3); t = torch.tensor(${pyList(ramp.slice(0, 64))}, dtype=torch.bfloat16); t.mul_(0.3).add_(t.clone().uniform_(), alpha=0.7).add_(0.1, alpha=3).div_(3)`, ours: () => { manual_seed(3); const t = Tensor.from(ramp.slice(0, 64), { dtype: "bfloat16" }); return t.mul_(0.3).add_(t.clone().uniform_(), { alpha: 0.7 }).add_(0.1, { alpha: 3 }).div_(3); } },
  { name: "float32 and float16 floor division by a tensor with zeros and both signs", python: `d = torch.tensor(${pyList(divisors)}); t = torch.cat([torch.tensor(${pyList(ramp)}).div_(d, rounding_mode='floor'), torch.tensor(${pyList(ramp)}, dtype=torch.float16).div_(d.half(), rounding_mode='floor').float()])`, ours: () => { const d = Tensor.from(divisors, { dtype: "float32" }); const a = Tensor.from(ramp, { dtype: "float32" }).div_(d, { rounding_mode: "floor" }); const b = Tensor.from(ramp, { dtype: "float16" }).div_(d.to("float16"), { rounding_mode: "floor" }).float(); return Tensor.from([...(a.tolist() as number[]), ...(b.tolist() as number[])], { dtype: "float32" }); } },
  { name: "int64 floor and trunc division by a tensor of both signs", python: `d = torch.tensor(${pyList(intDivisors)}); t = torch.tensor(${pyList(values("int64"))}).repeat(2).div_(d, rounding_mode='floor').div_(torch.tensor([-2]), rounding_mode='trunc')`, ours: () => Tensor.from([...values("int64"), ...values("int64")], { dtype: "int64" }).div_(Tensor.from(intDivisors, { dtype: "int64" }), { rounding_mode: "floor" }).div_(Tensor.from([-2], { dtype: "int64" }), { rounding_mode: "trunc" }) },
  { name: "float32 add_ with alpha on 1000 elements (vector body and tail)", python: `t = torch.tensor(${pyList(ramp)}); t.add_(0.7, alpha=1.3)`, ours: () => Tensor.from(ramp, { dtype: "float32" }).add_(0.7, { alpha: 1.3 }) },
);

// Seeded draws: the same numbers as torch after the same manual_seed, whatever the layout and precision.
for (const layout of layouts) {
  for (const dtype of floats) {
    valueCases.push(
      { name: `${dtype} ${layout.name}: uniform_(-0.2, 0.3) after manual_seed(3)`, python: `${layout.python(dtype)}\ntorch.manual_seed(3)\nv.uniform_(-0.2, 0.3)\nt = base`, ours: () => { const { base, v } = layout.ours(dtype as DType); manual_seed(3); v.uniform_(-0.2, 0.3); return base; } },
      {
        name: `${dtype} ${layout.name}: normal_(0, 0.02) after manual_seed(4)`,
        python: `${layout.python(dtype)}\ntorch.manual_seed(4)\nv.normal_(0, 0.02)\nt = base`,
        ours: () => { const { base, v } = layout.ours(dtype as DType); manual_seed(4); v.normal_(0, 0.02); return base; },
        ulps: dtype === "float64" ? 2 : undefined,
      },
    );
  }
}
// float16 and bfloat16: torch's plain C++ block fill in their own types, and the one-at-a-time path on a view.
for (const dtype of ["float16", "bfloat16"]) {
  valueCases.push(
    { name: `${dtype} normal_(0.5, 2) on 1000 elements`, python: `torch.manual_seed(9); t = torch.zeros(1000, dtype=torch.${dtype}).normal_(0.5, 2)`, ours: () => (manual_seed(9), Tensor.from(new Array(1000).fill(0), { dtype: dtype as DType }).normal_(0.5, 2)) },
    { name: `${dtype} normal_ on a transposed view`, python: `torch.manual_seed(10); t = torch.zeros(6, 8, dtype=torch.${dtype}); t.t().normal_(-1, 0.3)`, ours: () => { manual_seed(10); const t = Tensor.from(new Array(48).fill(0), { dtype: dtype as DType, shape: [6, 8] }); t.transpose(0, 1).normal_(-1, 0.3); return t; } },
    { name: `${dtype} uniform_(-1, 3) on 100 elements`, python: `torch.manual_seed(11); t = torch.zeros(100, dtype=torch.${dtype}).uniform_(-1, 3)`, ours: () => (manual_seed(11), Tensor.from(new Array(100).fill(0), { dtype: dtype as DType }).uniform_(-1, 3)) },
  );
}
valueCases.push(
  { name: "normal_ with a generator of its own, by keyword", python: "g = torch.Generator(); g.manual_seed(5); t = torch.zeros(7).normal_(1.5, 2, generator=g)", ours: () => Tensor.from(new Float32Array(7)).normal_(1.5, 2, { generator: new TorchGenerator().manual_seed(5) }) },
  { name: "uniform_ by keyword", python: "torch.manual_seed(6); t = torch.zeros(20).uniform_(to=3)", ours: () => (manual_seed(6), Tensor.from(new Float32Array(20)).uniform_({ to: 3 })) },
  { name: "nn.init.constant_ through fill_", python: "t = torch.nn.init.constant_(torch.zeros(3, dtype=torch.int64), -2.5)", ours: () => init.constant_(Tensor.from([0, 0, 0]), -2.5) },
);

// ---- refusals: torch's exception text, compared line for line ----

const L = (...a: number[]): Tensor => Tensor.from(a, { dtype: "int64" });
const B = (...a: number[]): Tensor => Tensor.from(a.map(Boolean), { dtype: "bool" });
const F = (...a: number[]): Tensor => Tensor.from(a, { dtype: "float32" });
const D = (...a: number[]): Tensor => Tensor.from(a, { dtype: "float64" });
const U8 = (...a: number[]): Tensor => Tensor.from(a, { dtype: "uint8" });
const I8 = (...a: number[]): Tensor => Tensor.from(a, { dtype: "int8" });
const H = (...a: number[]): Tensor => Tensor.from(a, { dtype: "float16" });

/** A method called with more arguments than its TypeScript signature allows, as a Python caller may. */
const callWith = (t: Tensor, name: string, ...args: unknown[]): unknown => (t as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.call(t, ...args);

const refusals: [python: string, ours: () => unknown][] = [
  ["L(1,2).mul_(0.5)", () => L(1, 2).mul_(0.5)],
  ["L(1,2).mul_(2.0)", () => L(1, 2).mul_(new PyFloat(2))],
  ["L(1,2).add_(1.5)", () => L(1, 2).add_(1.5)],
  ["L(1,2).div_(2)", () => L(1, 2).div_(2)],
  ["B(1,0).div_(True)", () => B(1, 0).div_(true)],
  ["U8(1,2).mul_(1.5)", () => U8(1, 2).mul_(1.5)],
  ["B(1,0).add_(1)", () => B(1, 0).add_(1)],
  ["B(1,0).mul_(2)", () => B(1, 0).mul_(2)],
  ["L(1,2).add_(torch.tensor(1.5))", () => L(1, 2).add_(Tensor.from([1.5], { shape: [] }))],
  ["L(1,2).mul_(D(1.5, 2))", () => L(1, 2).mul_(D(1.5, 2))],
  ["L(1,2).add_(torch.tensor(1.5, dtype=torch.float64))", () => L(1, 2).add_(Tensor.from([1.5], { dtype: "float64", shape: [] }))],
  ["B(1).add_(torch.tensor(3, dtype=torch.int16))", () => B(1).add_(Tensor.from([3], { dtype: "int16", shape: [] }))],
  ["L(1,2).div_(torch.tensor([2], dtype=torch.int16))", () => L(1, 2).div_(Tensor.from([2], { dtype: "int16" }))],
  ["L(1,2).div_(torch.tensor(2, dtype=torch.float64))", () => L(1, 2).div_(Tensor.from([2], { dtype: "float64", shape: [] }))],
  ["L(1,2).div_(H(2))", () => L(1, 2).div_(H(2))],
  ["L(1,2).div_(0, rounding_mode='trunc')", () => L(1, 2).div_(0, { rounding_mode: "trunc" })],
  ["L(1,2).div_(L(3, 0), rounding_mode='floor')", () => L(1, 2).div_(L(3, 0), { rounding_mode: "floor" })],
  ["L(1,2).div_(2.5, rounding_mode='floor')", () => L(1, 2).div_(2.5, { rounding_mode: "floor" })],
  ["F(1,2).div_(2, rounding_mode='xyz')", () => F(1, 2).div_(2, { rounding_mode: "xyz" as "floor" })],
  ["B(1,0).div_(True, rounding_mode='floor')", () => B(1, 0).div_(true, { rounding_mode: "floor" })],
  ["B(1,0).div_(True, rounding_mode='trunc')", () => B(1, 0).div_(true, { rounding_mode: "trunc" })],
  ["L(1,2).add_(2, alpha=1.5)", () => L(1, 2).add_(2, { alpha: 1.5 })],
  ["B(1,0).add_(True, alpha=1.5)", () => B(1, 0).add_(true, { alpha: 1.5 })],
  ["L(1,2).add_(1.5, alpha=1.5)", () => L(1, 2).add_(1.5, { alpha: 1.5 })],
  ["F(1,2).sub_(1, alpha=True)", () => F(1, 2).sub_(1, { alpha: true })],
  ["L(1,2).add_(1, alpha=True)", () => L(1, 2).add_(1, { alpha: true })],
  ["B(1,0).sub_(True)", () => B(1, 0).sub_(true)],
  ["B(1,0).sub_(1.5)", () => B(1, 0).sub_(1.5)],
  ["L(1,2).sub_(True)", () => L(1, 2).sub_(true)],
  ["F(1,2).sub_(B(1,0))", () => F(1, 2).sub_(B(1, 0))],
  ["L(1,2).uniform_()", () => L(1, 2).uniform_()],
  ["B(1,0).uniform_()", () => B(1, 0).uniform_()],
  ["L(1,2).normal_()", () => L(1, 2).normal_()],
  ["B(1,0).normal_()", () => B(1, 0).normal_()],
  ["F(1,2).uniform_(1, 0)", () => F(1, 2).uniform_(1, 0)],
  ["F(1,2).uniform_(1.5, 0.5)", () => F(1, 2).uniform_(1.5, 0.5)],
  ["F(1,2).uniform_(0, 1e39)", () => F(1, 2).uniform_(0, 1e39)],
  ["F(1,2).uniform_(float('nan'), 1)", () => F(1, 2).uniform_(NaN, 1)],
  ["D(1,2).uniform_(-1e308, 1e308)", () => D(1, 2).uniform_(-1e308, 1e308)],
  ["F(1,2).uniform_(-3e38, 3e38)", () => F(1, 2).uniform_(-3e38, 3e38)],
  ["H(1,2).uniform_(0, 1e5)", () => H(1, 2).uniform_(0, 1e5)],
  ["D(1,2).uniform_(float('nan'), 1)", () => D(1, 2).uniform_(NaN, 1)],
  ["H(1,2).uniform_(-4e4, 4e4)", () => H(1, 2).uniform_(-4e4, 4e4)],
  ["torch.zeros(2, dtype=torch.bfloat16).fill_(1e39)", () => Tensor.from([0, 0], { dtype: "bfloat16" }).fill_(1e39)],
  ["F(1,2).normal_(0, -1)", () => F(1, 2).normal_(0, -1)],
  ["F(1,2).normal_(0, -1.5)", () => F(1, 2).normal_(0, -1.5)],
  ["F(1,2).normal_(0, -1e-7)", () => F(1, 2).normal_(0, -1e-7)],
  ["F(1,2).fill_(1e40)", () => F(1, 2).fill_(1e40)],
  ["H(1,2).fill_(1e5)", () => H(1, 2).fill_(1e5)],
  ["L(1,2).fill_(1e40)", () => L(1, 2).fill_(1e40)],
  ["L(1,2).fill_(float('nan'))", () => L(1, 2).fill_(NaN)],
  ["L(1,2).fill_(2**63)", () => L(1, 2).fill_(2n ** 63n)],
  ["I8(1,2).fill_(300)", () => I8(1, 2).fill_(300)],
  ["I8(1,2).fill_(-128.5)", () => I8(1, 2).fill_(-128.5)],
  ["U8(1,2).fill_(-256)", () => U8(1, 2).fill_(-256)],
  ["U8(1,2).fill_(-0.5)", () => U8(1, 2).fill_(-0.5)],
  ["F(1,2).fill_(F(3))", () => F(1, 2).fill_(F(3))],
  ["F(1,2).add_(torch.ones(2, 2))", () => F(1, 2).add_(Tensor.from([1, 1, 1, 1], { dtype: "float32", shape: [2, 2] }))],
  ["F(1,2).add_(F(1,2,3))", () => F(1, 2).add_(F(1, 2, 3))],
  ["F(1,2).add_('a')", () => F(1, 2).add_("a")],
  ["F(1,2).mul_(None)", () => F(1, 2).mul_(null)],
  ["F(1,2).uniform_('a')", () => F(1, 2).uniform_("a")],
  ["F(1,2).normal_(0, None)", () => F(1, 2).normal_(0, null)],
  ["F(1,2).add_(1, alpha='a')", () => F(1, 2).add_(1, { alpha: "a" })],
  ["F(1,2).mul_(0.5, 1)", () => callWith(F(1, 2), "mul_", 0.5, 1)],
  ["F(1,2).zero_(1)", () => callWith(F(1, 2), "zero_", 1)],
];

const methods = ["fill_", "zero_", "uniform_", "normal_", "mul_", "add_", "sub_", "div_"];

interface Oracle {
  values: string[];
  errors: string[];
  docs: string[];
  dir: string[];
}
let oracle: Oracle;

const hex = (t: Tensor): string => Buffer.from(t.contiguous().toBytesLE()).toString("hex");

/** Equal bytes, or for float64 within `ulps` units in the last place element by element (never more, and at least one case exact). */
function sameValues(t: Tensor, expectedHex: string, ulps: number): boolean {
  if (hex(t) === expectedHex) return true;
  if (ulps === 0 || t.dtypeName !== "float64") return false;
  const ours = new BigInt64Array(Float64Array.from(t.data() as Float64Array).buffer);
  const theirs = new BigInt64Array(new Uint8Array(Buffer.from(expectedHex, "hex")).buffer);
  return ours.length === theirs.length && ours.every((bits, i) => (bits > theirs[i]! ? bits - theirs[i]! : theirs[i]! - bits) <= BigInt(ulps));
}

describeWithTorch("in-place tensor methods against torch 1.13", () => {
  beforeAll(() => {
    const helpers = `L = lambda *a: torch.tensor(list(a), dtype=torch.int64)\nB = lambda *a: torch.tensor([bool(x) for x in a])\nF = lambda *a: torch.tensor(list(a), dtype=torch.float32)\nD = lambda *a: torch.tensor(list(a), dtype=torch.float64)\nU8 = lambda *a: torch.tensor(list(a), dtype=torch.uint8)\nI8 = lambda *a: torch.tensor(list(a), dtype=torch.int8)\nH = lambda *a: torch.tensor(list(a), dtype=torch.float16)\n`;
    // The cases are too long for a command line: they go to Python in a file.
    const inputs = join(ensureDir(join(generatedDir, "torch-inplace")), "inplace-cases.json");
    writeFileSync(inputs, JSON.stringify({ cases: valueCases.map((c) => c.python), refusals: refusals.map(([python]) => python) }));
    const code = `import json, warnings, torch
warnings.simplefilter("ignore")
${helpers}
def run_case(source):
    scope = {"torch": torch}
    exec(source, scope)
    t = scope["t"].contiguous()
    return (t.view(torch.uint8) if t.element_size() > 1 or t.dtype == torch.bool else t).numpy().tobytes().hex()
def error_of(expr):
    try:
        eval(expr)
    except Exception as e:
        return str(e).split("\\n")[0]
    return "no error"
inputs = json.load(open(${JSON.stringify(inputs)}))
cases, refusals = inputs["cases"], inputs["refusals"]
names = ${JSON.stringify(methods)}
print(json.dumps({"values": [run_case(c) for c in cases], "errors": [error_of(r) for r in refusals], "docs": [getattr(torch.Tensor, n).__doc__.strip().split("\\n")[0] for n in names], "dir": dir(torch.zeros(1))}))
`;
    oracle = JSON.parse(runPython(code)) as Oracle;
  }, 120_000);

  it("every method writes torch's bytes into float32, float64, int64 and bool tensors, whole, transposed and sliced", () => {
    const mismatches = valueCases.filter((c, i) => !sameValues(c.ours(), oracle.values[i]!, c.ulps ?? 0)).map((c) => c.name);
    expect(mismatches).toEqual([]);
    expect(valueCases.length).toBeGreaterThan(200);
  });

  it("refuses what torch refuses, with torch's first line of text", () => {
    const ours = refusals.map(([, run]) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    });
    expect(ours).toEqual(oracle.errors);
    expect(oracle.errors.filter((e) => e === "no error")).toEqual([]);
  });

  it("writes a view through to every tensor that shares its storage, and returns the very tensor", () => {
    const weight = Tensor.from([1, 2, 3, 4, 5, 6], { dtype: "float32", shape: [2, 3] });
    const alias = weight.view(6);
    const t = weight.transpose(0, 1);
    expect(t.mul_(2)).toBe(t);
    expect(alias.tolist()).toEqual([2, 4, 6, 8, 10, 12]);
    expect(weight.select(0, 1).fill_(0).tolist()).toEqual([0, 0, 0]);
    expect(alias.tolist()).toEqual([2, 4, 6, 0, 0, 0]);
  });

  it("lists the methods in dir() with torch's signatures, as torch's dir() does", () => {
    const t = Tensor.from([1.5]);
    for (const name of methods) {
      expect(oracle.dir, name).toContain(name);
      expect(dir(t), name).toContain(name);
    }
    expect(methods.map((name) => tensorClass.lookup(name)?.signature)).toEqual(oracle.docs);
    expect(helpText(t.normal_)).toContain("normal_(mean=0, std=1, *, generator=None) -> Tensor");
  });
});
