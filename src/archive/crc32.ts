// CRC-32 (the zip polynomial) of pieces read apart: zlib's crc32 per piece, and the combination of two.
//
// Node exposes zlib.crc32 but not zlib's crc32_combine, which a read split over two threads needs. The
// combination multiplies the first CRC by x^(8 * length of the second piece) modulo the CRC polynomial,
// in the bit-reflected representation zip uses, then adds (xors) the second CRC.
export { crc32 } from "node:zlib";

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
