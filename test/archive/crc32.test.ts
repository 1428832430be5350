// crc32Combine joins the CRCs of two pieces into the CRC of the whole, as zlib's crc32_combine does;
// crc32 gives zlib's value whichever implementation computes it.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { crc32, crc32Combine, NATIVE_CRC_BYTES, nativeCrc32, zlibCrc32 } from "../../src/archive/crc32.js";

// @node-rs/crc32 ships prebuilt binaries for these; npm ci installs the one that fits, so it must load here.
const prebuilt = new Set(["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-arm64", "freebsd-x64"]);

describe("crc32", () => {
  it("loads the native CRC on a platform it has a binary for", () => {
    if (!prebuilt.has(`${process.platform}-${process.arch}`)) return;
    expect(nativeCrc32()?.path).toMatch(/@node-rs[\\/]crc32/);
  });

  it("gives zlib's value on big ranges, at odd offsets, in shared memory and continuing a CRC", () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3 * NATIVE_CRC_BYTES));
    shared.set(randomBytes(shared.length));
    for (let i = 0; i < 20; i++) {
      const start = Math.floor(Math.random() * 4096);
      const view = shared.subarray(start, start + NATIVE_CRC_BYTES + Math.floor(Math.random() * NATIVE_CRC_BYTES));
      const before = Math.floor(Math.random() * 2 ** 32);
      expect(crc32(view)).toBe(zlibCrc32(view));
      expect(crc32(view, before)).toBe(zlibCrc32(view, before));
    }
    const native = nativeCrc32();
    if (native) expect(native.crc32(shared.subarray(1, 99), 12345) >>> 0).toBe(zlibCrc32(shared.subarray(1, 99), 12345));
  });

  it("is loaded once zlib has checksummed 16 MiB in big ranges, not for one smaller range such as a big pickle's", () => {
    if (!prebuilt.has(`${process.platform}-${process.arch}`)) return;
    const url = new URL("../../dist/src/archive/crc32.js", import.meta.url).href;
    const script = `import { createRequire } from "node:module";
      const m = await import(${JSON.stringify(url)});
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("@node-rs"));
      const states = [loaded()];
      m.crc32(new Uint8Array(${4 * NATIVE_CRC_BYTES}));
      states.push(loaded());
      for (let i = 0; i < 2; i++) m.crc32(new Uint8Array(${4 * NATIVE_CRC_BYTES}));
      m.crc32(new Uint8Array(${NATIVE_CRC_BYTES - 1}));
      states.push(loaded());
      m.crc32(new Uint8Array(${4 * NATIVE_CRC_BYTES}));
      states.push(loaded());
      console.log(JSON.stringify(states));`;
    expect(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }))).toEqual([false, false, false, true]);
  });

  it("leaves the native CRC unused with WEIGHTSCOPE_CRC32=zlib", () => {
    // The compiled module (npm test builds it first), since a plain node child cannot load TypeScript.
    const url = new URL("../../dist/src/archive/crc32.js", import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(url)}); const b = new Uint8Array(${2 * NATIVE_CRC_BYTES}).fill(7); console.log(JSON.stringify([m.nativeCrc32(), m.crc32(b) === m.zlibCrc32(b)]));`;
    const run = (env: NodeJS.ProcessEnv): unknown =>
      JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", env }));
    expect(run({ ...process.env, WEIGHTSCOPE_CRC32: "zlib" })).toEqual([null, true]);
  });
});

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
    expect(crc).toBe(zlibCrc32(Buffer.alloc(1 << 24)));
  });
});
