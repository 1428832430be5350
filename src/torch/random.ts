// torch's CPU random number generator: manual_seed, and the uniform and normal fills drawn from it, bit for bit.
//
// Users seed torch to make an experiment repeatable (`torch.manual_seed(0)` before building a model), and
// compare weights with a colleague's Python session. So every draw here follows torch 1.13's CPU code:
// the MT19937 engine (the same recurrence numpy uses; src/numpy/random.ts), 24-bit float and 53-bit
// double uniforms, Box-Muller normals with the generator's cached second sample, and, for float32 tensors
// of 16 or more contiguous elements, the vectorised path whose logarithm, sine and cosine are the Cephes
// polynomials of ATen's avx_mathfun.h, with the fused multiply-adds the compiler made of them.
import { TensorError } from "../errors.js";
import { MT19937 } from "../numpy/random.js";
import { exactLog, twoProduct } from "../numpy/exact-log.js";
import { DTYPES, type DType, type Tensor } from "../tensor/index.js";
import { encoder } from "../tensor/convert.js";
import { bfloat16ToFloat, floatToBfloat16, floatToHalf, halfToFloat } from "../tensor/half.js";
import { elementIndexes } from "../tensor/layout.js";
import { cppDouble, scalarTypes } from "./dtype-names.js";
import { TensorRuntimeError } from "./tensor-errors.js";

/** torch's default seed when nothing seeded the generator: at::default_rng_seed_val. */
const DEFAULT_SEED = 67280421310721n;

/** The generator behind torch's CPU sampling: one engine, its seed, and the cached second normal sample. */
export class TorchGenerator {
  private engine = new MT19937();
  private seedValue = DEFAULT_SEED;
  private cachedNormal: number | undefined;

  constructor() {
    this.manual_seed(DEFAULT_SEED);
  }

  /** Seeds the engine as torch does: only the low 32 bits reach MT19937; the cached normal is dropped. */
  manual_seed(seed: number | bigint): this {
    const value = toSeed(seed);
    this.seedValue = value;
    this.engine.seedInteger(Number(value & 0xffffffffn));
    this.cachedNormal = undefined;
    return this;
  }

  initial_seed(): bigint {
    return this.seedValue;
  }

  /** A fresh nondeterministic seed, as `torch.seed()` picks one. */
  seed(): bigint {
    const words = new Uint32Array(2);
    crypto.getRandomValues(words);
    const value = (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
    this.manual_seed(value & 0x7fffffffffffffffn);
    return this.seedValue;
  }

  /** One 32-bit draw (`generator->random()`). */
  random(): number {
    return this.engine.next32();
  }

  /** Uniform in [0, 1) with `digits` random bits, from one 32-bit draw (float, half, bfloat16). */
  unitFromRandom(digits: number): number {
    return (this.engine.next32() & ((1 << digits) - 1)) / 2 ** digits;
  }

  /** Uniform in [0, 1) with 53 random bits from a 64-bit draw: the first word is the high half. */
  unitDouble(): number {
    const high = this.engine.next32();
    const low = this.engine.next32();
    // (high << 32 | low) & (2**53 - 1): the top 21 bits of `high` stay.
    return ((high & 0x1fffff) * 4294967296 + low) / 9007199254740992;
  }

  /** One standard-normal double, torch's `normal_distribution<double>`: pairs by Box-Muller, the second cached. */
  normalDouble(): number {
    if (this.cachedNormal !== undefined) {
      const cached = this.cachedNormal;
      this.cachedNormal = undefined;
      return cached;
    }
    const u1 = this.unitDouble();
    const u2 = this.unitDouble();
    const radius = Math.sqrt(-2 * exactLog(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.cachedNormal = radius * Math.sin(theta);
    return radius * Math.cos(theta);
  }
}

function toSeed(seed: number | bigint): bigint {
  if (typeof seed === "number" && !Number.isSafeInteger(seed)) throw new TensorError(`manual_seed takes an integer, not ${seed}`);
  if (typeof seed !== "number" && typeof seed !== "bigint") throw new TensorError(`manual_seed takes an integer, not ${typeof seed}`);
  const value = BigInt(seed);
  // torch takes any value that fits in 64 bits, negative ones as their two's complement.
  if (value < -(2n ** 63n) || value >= 2n ** 64n) throw new TensorError(`manual_seed: the seed ${seed} does not fit in 64 bits`);
  return value < 0n ? value + 2n ** 64n : value;
}

/** The generator every sampling function uses unless given another, as torch.default_generator. */
export const default_generator = new TorchGenerator();

/** `torch.manual_seed(seed)`: seeds the default generator and returns it. */
export function manual_seed(seed: number | bigint): TorchGenerator {
  return default_generator.manual_seed(seed);
}

/** `torch.initial_seed()`: the seed the default generator was last seeded with. */
export function initial_seed(): bigint {
  return default_generator.initial_seed();
}

/** `torch.seed()`: reseeds the default generator nondeterministically and returns the seed. */
export function seed(): bigint {
  return default_generator.seed();
}

/** Random bits per uniform draw of each floating dtype (numeric_limits<T>::digits). */
const uniformDigits: Partial<Record<DType, number>> = { float32: 24, float16: 11, bfloat16: 8 };

/**
 * Storage positions of a non-contiguous tensor's elements in the order torch's serial kernels visit them:
 * TensorIterator walks memory, outermost stride first, so a transposed view is filled in its storage's
 * order. Undefined for a contiguous tensor, whose elements are simply offset + i.
 */
function positions(tensor: Tensor): ArrayLike<number> | undefined {
  if (tensor.is_contiguous()) return undefined;
  const dims = [...tensor.shape.keys()].sort((a, b) => tensor.strides[b]! - tensor.strides[a]!);
  return elementIndexes(tensor.storageOffset, dims.map((d) => tensor.shape[d]!), dims.map((d) => tensor.strides[d]!));
}

/** torch's refusal of a random fill on a dtype its kernel has no case for, naming the kernel as torch does. */
function floatingDtype(tensor: Tensor, kernel: string): DType {
  const dtype = tensor.dtypeName;
  if (DTYPES[dtype].kind !== "float") throw new TensorRuntimeError(`"${kernel}" not implemented for '${scalarTypes[dtype].title}'`);
  return dtype;
}

/** torch's check_uniform_bounds: both ends finite in the dtype, in order, and their distance representable. */
function checkUniformBounds(dtype: DType, from: number, to: number): void {
  const { demangled, title, max } = scalarTypes[dtype];
  if (!(Math.abs(from) <= max)) throw new TensorRuntimeError(`from is out of bounds for ${demangled}`);
  if (!(Math.abs(to) <= max)) throw new TensorRuntimeError(`to is out of bounds for ${demangled}`);
  if (!(from <= to)) throw new TensorRuntimeError(`uniform_ expects to return a [from, to) range, but found from=${cppDouble(from)} > to=${cppDouble(to)}`);
  if (!(to - from <= max)) {
    throw new TensorRuntimeError(`uniform_ expects to-from <= std::numeric_limits<${title}>::max(), but found to=${cppDouble(to)} and from=${cppDouble(from)} which result in to-from to exceed the limit`);
  }
}

/**
 * `tensor.uniform_(from, to)` in place: torch's `uniform_real_distribution`, in float arithmetic for
 * float32 and in double for float64, `x * (to - from) + from` with the multiply-add fused as torch's build fuses it.
 */
export function uniformFill(tensor: Tensor, from = 0, to = 1, generator: TorchGenerator = default_generator): Tensor {
  const dtype = floatingDtype(tensor, "check_uniform_bounds");
  checkUniformBounds(dtype, from, to);
  const array = tensor.storage.typed() as unknown as { [i: number]: number };
  const write = encoder(dtype, "via-float32");
  const [at, offset, numel] = [positions(tensor), tensor.storageOffset, tensor.numel()];
  if (dtype === "float64") {
    const span = to - from;
    for (let i = 0; i < numel; i++) array[at === undefined ? offset + i : at[i]!] = fma(generator.unitDouble(), span, from);
    return tensor;
  }
  const digits = uniformDigits[dtype]!;
  const low = Math.fround(from);
  const span = Math.fround(Math.fround(to) - low);
  for (let i = 0; i < numel; i++) array[at === undefined ? offset + i : at[i]!] = write(fmaf(generator.unitFromRandom(digits), span, low)) as number;
  return tensor;
}

/**
 * `tensor.normal_(mean, std)` in place. A contiguous tensor of 16 or more elements takes torch's block fill
 * (all uniforms first, then Box-Muller in blocks of 16, the last block redrawn when the size is not a
 * multiple of 16: vectorised for float32, plain C++ for the other dtypes); anything else draws doubles one
 * at a time with the generator's cache.
 */
export function normalFill(tensor: Tensor, mean = 0, std = 1, generator: TorchGenerator = default_generator): Tensor {
  const dtype = floatingDtype(tensor, "normal_kernel_cpu");
  if (!(std >= 0)) throw new TensorRuntimeError(`normal expects std >= 0.0, but found std ${cppDouble(std)}`);
  const [numel, offset] = [tensor.numel(), tensor.storageOffset];
  if (numel >= 16 && tensor.is_contiguous()) {
    // The blocks are transformed in place, in the tensor's own elements.
    const elements = tensor.storage.typed().subarray(offset, offset + numel);
    if (elements instanceof Float32Array) fillBlocks32(elements, Math.fround(mean), Math.fround(std), generator);
    else if (elements instanceof Float64Array) fillBlocks64(elements, mean, std, generator);
    else fillBlocksHalf(elements as Uint16Array, dtype as "float16" | "bfloat16", mean, std, generator);
    return tensor;
  }
  const array = tensor.storage.typed() as unknown as { [i: number]: number };
  const write = encoder(dtype, "via-float32");
  const at = positions(tensor);
  for (let i = 0; i < numel; i++) array[at === undefined ? offset + i : at[i]!] = write(generator.normalDouble() * std + mean) as number;
  return tensor;
}

/** torch's normal_fill_AVX2: float32 uniforms, then blocks of 16 through the Cephes functions. */
function fillBlocks32(data: Float32Array, mean: number, std: number, generator: TorchGenerator): void {
  const numel = data.length;
  for (let i = 0; i < numel; i++) data[i] = generator.unitFromRandom(24);
  for (let i = 0; i + 16 <= numel; i += 16) boxMuller32(data, i, mean, std);
  if (numel % 16 !== 0) {
    const start = numel - 16;
    for (let i = 0; i < 16; i++) data[start + i] = generator.unitFromRandom(24);
    boxMuller32(data, start, mean, std);
  }
}

const TWO_PI_F = Math.fround(2 * Math.PI);

function boxMuller32(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = Math.fround(1 - data[at + j]!);
    const u2 = data[at + j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * cephesLog(u1))));
    const [sin, cos] = cephesSinCos(Math.fround(TWO_PI_F * u2));
    data[at + j] = fmaf(Math.fround(radius * cos), std, mean);
    data[at + j + 8] = fmaf(Math.fround(radius * sin), std, mean);
  }
}

/** torch's generic normal_fill for doubles: the same block scheme with the C library's log, sin and cos. */
function fillBlocks64(data: Float64Array, mean: number, std: number, generator: TorchGenerator): void {
  const numel = data.length;
  for (let i = 0; i < numel; i++) data[i] = generator.unitDouble();
  const block = (at: number): void => {
    for (let j = 0; j < 8; j++) {
      const u1 = 1 - data[at + j]!;
      const u2 = data[at + j + 8]!;
      const radius = Math.sqrt(-2 * exactLog(u1));
      const theta = 2 * Math.PI * u2;
      data[at + j] = radius * Math.cos(theta) * std + mean;
      data[at + j + 8] = radius * Math.sin(theta) * std + mean;
    }
  };
  for (let i = 0; i + 16 <= numel; i += 16) block(i);
  if (numel % 16 !== 0) {
    for (let i = 0; i < 16; i++) data[numel - 16 + i] = generator.unitDouble();
    block(numel - 16);
  }
}

/**
 * torch's generic normal_fill for float16 and bfloat16: the same block scheme in the dtype's own C++ type.
 * Each assignment rounds to the dtype. c10::BFloat16 also has its own log, sqrt, sin and cos and products
 * that round; c10::Half (in 1.13) converts to float32 for those, so its intermediate values stay float32.
 */
function fillBlocksHalf(raw: Uint16Array, dtype: "float16" | "bfloat16", mean: number, std: number, generator: TorchGenerator): void {
  const [encode, decode] = dtype === "float16" ? [floatToHalf, halfToFloat] : [floatToBfloat16, bfloat16ToFloat];
  const round = (value: number): number => decode(encode(f(value)));
  const inner = dtype === "bfloat16" ? round : f;
  const [roundedMean, roundedStd] = [round(mean), round(std)];
  const numel = raw.length;
  const data = new Float64Array(numel);
  const digits = uniformDigits[dtype]!;
  for (let i = 0; i < numel; i++) data[i] = generator.unitFromRandom(digits);
  const block = (at: number): void => {
    for (let j = 0; j < 8; j++) {
      const u1 = round(1 - data[at + j]!);
      const u2 = data[at + j + 8]!;
      const radius = round(Math.sqrt(inner(-2 * inner(Math.log(u1)))));
      const theta = round(2 * Math.PI * u2);
      data[at + j] = round(inner(inner(radius * inner(Math.cos(theta))) * roundedStd) + roundedMean);
      data[at + j + 8] = round(inner(inner(radius * inner(Math.sin(theta))) * roundedStd) + roundedMean);
    }
  };
  for (let i = 0; i + 16 <= numel; i += 16) block(i);
  if (numel % 16 !== 0) {
    for (let i = 0; i < 16; i++) data[numel - 16 + i] = generator.unitFromRandom(digits);
    block(numel - 16);
  }
  for (let i = 0; i < numel; i++) raw[i] = encode(data[i]!);
}

// ---- float32 arithmetic as the vectorised code does it ----

const f = Math.fround;
const scratch = new Float64Array(1);
const scratchBits = new BigInt64Array(scratch.buffer);

/**
 * Fused multiply-add of float32 values, rounded once to float32. The product of two floats is exact in a
 * double; the sum is made exact with two-sum, and when the double sum sits exactly halfway between two
 * floats the remainder decides the direction, so the single rounding is right.
 */
export function fmaf(a: number, b: number, c: number): number {
  const product = a * b;
  const sum = product + c;
  const back = sum - product;
  const error = product - (sum - back) + (c - back);
  if (error === 0 || !Number.isFinite(sum)) return f(sum);
  const rounded = f(sum);
  // Only a sum exactly between two floats can round the wrong way; move it one double step toward the remainder.
  if (Math.abs(rounded - sum) !== halfFloatStep(rounded, sum)) return rounded;
  scratch[0] = sum;
  const towardZero = (error > 0) !== (sum > 0);
  scratchBits[0] = scratchBits[0]! + (towardZero ? -1n : 1n);
  return f(scratch[0]!);
}

/**
 * Fused multiply-add of doubles: the product made exact (Dekker's two-product), the sum too (two-sum), the
 * pieces added smallest first. Rounded once except in rare ties, which the draws here never meet in tests.
 */
export function fma(a: number, b: number, c: number): number {
  const [product, productError] = twoProduct(a, b);
  if (!Number.isFinite(product)) return product + c;
  const sum = product + c;
  const back = sum - product;
  const sumError = product - (sum - back) + (c - back);
  return sum + (sumError + productError);
}

/** Half the float32 spacing between `rounded` and its neighbour on the side of `sum`. */
function halfFloatStep(rounded: number, sum: number): number {
  const neighbour = sum > rounded ? nextFloatUp(rounded) : nextFloatDown(rounded);
  return Math.abs(neighbour - rounded) / 2;
}

const bits32 = new Float32Array(1);
const int32 = new Int32Array(bits32.buffer);
function nextFloatUp(x: number): number {
  if (x === 0) return 2 ** -149;
  bits32[0] = x;
  int32[0] = int32[0]! + (x > 0 ? 1 : -1);
  return bits32[0]!;
}
function nextFloatDown(x: number): number {
  return -nextFloatUp(-x);
}

function bitsOf(x: number): number {
  bits32[0] = x;
  return int32[0]!;
}
function fromBits(b: number): number {
  int32[0] = b;
  return bits32[0]!;
}

// Cephes constants of avx_mathfun.h, as the float32 values the code holds.
const LOG_POLY = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map(f);
const LOG_Q1 = f(-2.12194440e-4);
const LOG_Q2 = f(0.693359375);
const SQRT_HALF = f(0.707106781186547524);
const MIN_NORMAL = 2 ** -126;

/** avx_mathfun's log256_ps for one lane: the exponent split off, a degree-9 polynomial on the mantissa. */
export function cephesLog(value: number): number {
  const clamped = Math.max(value, MIN_NORMAL);
  const b = bitsOf(clamped);
  let e = f(((b >>> 23) - 127) + 1);
  let x = fromBits((b & ~0x7f800000) | bitsOf(0.5));
  const below = x < SQRT_HALF;
  const tmp = below ? x : 0;
  x = f(x - 1);
  if (below) e = f(e - 1);
  x = f(x + tmp);
  const z = f(x * x);
  let y = LOG_POLY[0]!;
  for (let i = 1; i < LOG_POLY.length; i++) y = fmaf(y, x, LOG_POLY[i]!);
  y = f(y * x);
  y = fmaf(y, z, f(e * LOG_Q1));
  y = fmaf(z, -0.5, y);
  x = f(x + y);
  return fmaf(e, LOG_Q2, x);
}

const FOUR_OVER_PI = f(1.27323954473516);
const DP = [-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8].map(f);
const COS_POLY = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);
const SIN_POLY = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);

/** avx_mathfun's sincos256_ps for one lane: octant reduction by 4/pi in three parts, then the two polynomials. */
export function cephesSinCos(theta: number): [sin: number, cos: number] {
  let signSin = theta < 0 || Object.is(theta, -0);
  let x = Math.abs(theta);
  let octant = Math.trunc(f(x * FOUR_OVER_PI)) | 0;
  octant = (octant + 1) & ~1;
  const y = octant;
  if ((octant & 4) !== 0) signSin = !signSin;
  const usePolySin = (octant & 2) === 0;
  const signCos = (~(octant - 2) & 4) !== 0;
  for (const part of DP) x = fmaf(y, part, x);
  const z = f(x * x);
  let c = fmaf(COS_POLY[0]!, z, COS_POLY[1]!);
  c = fmaf(c, z, COS_POLY[2]!);
  c = f(c * z);
  c = fmaf(c, z, -f(z * 0.5));
  c = f(c + 1);
  let s = fmaf(SIN_POLY[0]!, z, SIN_POLY[1]!);
  s = fmaf(s, z, SIN_POLY[2]!);
  s = f(s * z);
  s = fmaf(s, x, x);
  const sin = usePolySin ? s : c;
  const cos = usePolySin ? c : s;
  return [signSin ? -sin : sin, signCos ? -cos : cos];
}
