// crc32Combine joins the CRCs of two pieces into the CRC of the whole, as zlib's crc32_combine does.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { crc32, crc32Combine } from "../../src/archive/crc32.js";

describe("crc32Combine", () => {
  it("gives the CRC of the whole for random pieces, empty ones included", () => {
    for (let i = 0; i < 300; i++) {
      const bytes = randomBytes(Math.floor(Math.random() * 3000));
      const cut = Math.floor(Math.random() * (bytes.length + 1));
      const combined = crc32Combine(crc32(bytes.subarray(0, cut)), crc32(bytes.subarray(cut)), bytes.length - cut);
      expect(combined).toBe(crc32(bytes));
    }
  });

  it("shifts over long pieces: doubling 1 MiB of zeros to 16 MiB matches zlib on 16 MiB", () => {
    let crc = crc32(Buffer.alloc(1 << 20));
    for (let n = 1 << 20; n < 1 << 24; n *= 2) crc = crc32Combine(crc, crc, n);
    expect(crc).toBe(crc32(Buffer.alloc(1 << 24)));
  });
});
