// CRC-32 (the zip polynomial): of one range, and the combination of two ranges' CRCs.
//
// Big ranges (tensor data) go to @node-rs/crc32, an optional native dependency that uses the CPU's
// carry-less multiply: about 7 GB/s here against 2-3 GB/s for zlib.crc32, which Node 20 builds without
// its vectorised path (docs/dependencies.md has the measurement). It is loaded once zlib has checksummed
// 16 MiB in ranges of 1 MiB or more (tensor data), because loading it costs a few milliseconds that
// opening a file should not pay, and then used for every range of 1 MiB or more; smaller ranges, and
// every range where the native package is missing, use zlib.crc32. Both give the same value.
//
// Node exposes zlib.crc32 but not zlib's crc32_combine, which a read split over two threads needs. The
// combination multiplies the first CRC by x^(8 * length of the second piece) modulo the CRC polynomial,
// in the bit-reflected representation zip uses, then adds (xors) the second CRC.
import { createRequire } from "node:module";
import { crc32 as zlibCrc32 } from "node:zlib";

export { zlibCrc32 };

/** A CRC-32 function: of `data`, continuing from the CRC `value` of what came before it. */
export type Crc32 = (data: Uint8Array, value?: number) => number;

/** From this size on, a range's CRC goes to the native package once it is loaded. */
export const NATIVE_CRC_BYTES = 1 << 20;
/**
 * It is loaded once zlib has checksummed this much in ranges of NATIVE_CRC_BYTES or more: loading takes
 * about 5 ms, as long as zlib takes for 10-16 MiB, so a listing (one pickle) never pays for it.
 */
const LOAD_NATIVE_BYTES = 16 << 20;
let bigBytesBeforeNative = 0;

/** Set WEIGHTSCOPE_CRC32=zlib to leave the native package unused (to compare, or to rule it out). */
const nativeAllowed = process.env["WEIGHTSCOPE_CRC32"] !== "zlib";
let native: { readonly path: string; readonly crc32: Crc32 } | null | undefined;

/** The native package's entry file and function, loaded on first call; null when it is not installed or does not load. */
export function nativeCrc32(): { readonly path: string; readonly crc32: Crc32 } | null {
  if (native === undefined) {
    native = null;
    if (nativeAllowed) {
      try {
        const require = createRequire(import.meta.url);
        const path = require.resolve("@node-rs/crc32");
        const loaded = require(path) as { crc32?: unknown };
        if (typeof loaded.crc32 === "function") native = { path, crc32: loaded.crc32 as Crc32 };
      } catch {
        // Not installed (it is optional), or no prebuilt binary for this platform: zlib does the work.
      }
    }
  }
  return native;
}

/** The CRC-32 of `data`, continuing from `value` (0 to start). */
export function crc32(data: Uint8Array, value = 0): number {
  if (data.length >= NATIVE_CRC_BYTES) {
    let fast = native;
    if (fast === undefined) {
      bigBytesBeforeNative += data.length;
      if (bigBytesBeforeNative >= LOAD_NATIVE_BYTES) fast = nativeCrc32();
    }
    if (fast) return fast.crc32(data, value) >>> 0;
  }
  return zlibCrc32(data, value);
}

const POLYNOMIAL = 0xedb88320;

/** a(x) * b(x) modulo the CRC polynomial; both operands and the result are bit-reflected. */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  let m = 0x80000000;
  for (;;) {
    if ((a & m) !== 0) {
      product ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
  }
  return product >>> 0;
}

/** powersOfX[k] = x^(2^k) modulo the polynomial, for k = 0..63. */
const powersOfX: number[] = (() => {
  const table = [0x40000000];
  for (let k = 1; k < 64; k++) table.push(multiplyModP(table[k - 1]!, table[k - 1]!));
  return table;
})();

/** x^(8 * bytes) modulo the polynomial: the factor that shifts a CRC past `bytes` zero bytes. */
function shiftFactor(bytes: number): number {
  let factor = 0x80000000; // x^0
  let k = 3; // 8 * bytes = bytes * 2^3
  for (let n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) factor = multiplyModP(powersOfX[k % 64]!, factor);
  }
  return factor;
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyModP(shiftFactor(lengthB), crcA >>> 0) ^ (crcB >>> 0)) >>> 0;
}
