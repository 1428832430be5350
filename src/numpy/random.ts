// numpy's legacy RandomState: the MT19937 generator, its two seedings, and the doubles and normals drawn from it.
//
// numpy promises that `np.random.seed(n)` followed by `random`/`randn` gives the same numbers forever;
// users' tutorials print them, so every step here follows numpy's legacy C code bit for bit.
import { randomFillSync } from "node:crypto";
import { TensorError } from "../errors.js";
import { exactLog } from "./exact-log.js";

const stateLength = 624;
const shift = 397;
const upperMask = 0x80000000;
const lowerMask = 0x7fffffff;
const matrixA = 0x9908b0df;

/** The Mersenne Twister, MT19937: 624 words of state and a position in them. */
export class MT19937 {
  private readonly key = new Uint32Array(stateLength);
  private pos = stateLength;

  /** numpy's seeding for one integer: the reference `init_genrand` recurrence. */
  seedInteger(seed: number): void {
    this.key[0] = seed >>> 0;
    for (let i = 1; i < stateLength; i++) {
      const previous = this.key[i - 1]! ^ (this.key[i - 1]! >>> 30);
      this.key[i] = Math.imul(1812433253, previous) + i;
    }
    this.pos = stateLength;
  }

  /** numpy's seeding for a list of integers: the reference `init_by_array`, run after `init_genrand(19650218)`. */
  seedArray(words: readonly number[]): void {
    this.seedInteger(19650218);
    const key = this.key;
    let i = 1;
    let j = 0;
    for (let k = Math.max(stateLength, words.length); k > 0; k--) {
      const previous = key[i - 1]! ^ (key[i - 1]! >>> 30);
      key[i] = (key[i]! ^ Math.imul(previous, 1664525)) + words[j]! + j;
      i++;
      j++;
      if (i >= stateLength) [key[0], i] = [key[stateLength - 1]!, 1];
      if (j >= words.length) j = 0;
    }
    for (let k = stateLength - 1; k > 0; k--) {
      const previous = key[i - 1]! ^ (key[i - 1]! >>> 30);
      key[i] = (key[i]! ^ Math.imul(previous, 1566083941)) - i;
      i++;
      if (i >= stateLength) [key[0], i] = [key[stateLength - 1]!, 1];
    }
    // The top bit alone makes the state non-zero whatever the seed was.
    key[0] = upperMask;
    this.pos = stateLength;
  }

  /** A state from the operating system's randomness, as numpy makes for an unseeded generator. */
  seedFromEntropy(): void {
    randomFillSync(this.key);
    this.key[0] = upperMask;
    this.pos = stateLength;
  }

  /** The next 32-bit output, tempered. */
  next32(): number {
    if (this.pos === stateLength) this.regenerate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    return (y ^ (y >>> 18)) >>> 0;
  }

  /** A double in [0, 1) from 53 random bits: 27 from one output and 26 from the next. */
  nextDouble(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private regenerate(): void {
    const key = this.key;
    for (let i = 0; i < stateLength; i++) {
      const y = (key[i]! & upperMask) | (key[(i + 1) % stateLength]! & lowerMask);
      key[i] = key[(i + shift) % stateLength]! ^ (y >>> 1) ^ (y & 1 ? matrixA : 0);
    }
    this.pos = 0;
  }
}

/** A generator plus the second normal that the polar method makes and keeps for the next call. */
export class RandomState {
  private readonly generator = new MT19937();
  private cachedGauss: number | undefined;

  constructor(seed?: number | bigint | readonly (number | bigint)[] | null) {
    this.seed(seed);
  }

  /** Reseeds: an integer in [0, 2**32), a list of them, or nothing for fresh entropy; forgets a kept normal. */
  seed(seed?: number | bigint | readonly (number | bigint)[] | null): void {
    this.cachedGauss = undefined;
    if (seed === undefined || seed === null) return this.generator.seedFromEntropy();
    if (typeof seed === "number" || typeof seed === "bigint") return this.generator.seedInteger(checkSeedWord(seed));
    if (!Array.isArray(seed) || seed.length === 0) throw new TensorError("np.random.seed: the seed must be an integer in [0, 2**32) or a non-empty list of them");
    this.generator.seedArray(seed.map(checkSeedWord));
  }

  /** A double uniform in [0, 1). */
  random(): number {
    return this.generator.nextDouble();
  }

  /**
   * A standard normal by the polar Box-Muller method: each accepted pair of points gives two normals,
   * the second kept for the next call (numpy's legacy_gauss).
   */
  gauss(): number {
    if (this.cachedGauss !== undefined) {
      const kept = this.cachedGauss;
      this.cachedGauss = undefined;
      return kept;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.generator.nextDouble() - 1;
      x2 = 2 * this.generator.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * exactLog(r2)) / r2);
    this.cachedGauss = f * x1;
    return f * x2;
  }
}

function checkSeedWord(value: number | bigint): number {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TensorError(`np.random.seed: seed must be between 0 and 2**32 - 1, got ${String(value)}`);
  return n;
}
