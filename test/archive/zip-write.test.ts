// writeZip: Python's zipfile accepts what it writes, data is 64-byte aligned, and a failed write changes nothing.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ZipArchive, writeZip } from "../../src/archive/index.js";
import { ArchiveError } from "../../src/errors.js";
import { ensureDir, generatedDir, runPython } from "../support/oracle.js";

const dir = ensureDir(join(generatedDir, "zip-write"));

function entries(): Array<{ name: string; data: Uint8Array }> {
  const big = new Uint8Array(100_003);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
  return [
    { name: "a/data.pkl", data: new TextEncoder().encode("hello") },
    { name: "a/empty", data: new Uint8Array(0) },
    { name: "a/data/0", data: big },
    { name: "a/name with ünïcode", data: Uint8Array.of(1, 2, 3) },
    { name: "a/version", data: new TextEncoder().encode("3\n") },
  ];
}

/** What Python sees: testzip's verdict, each entry's name, data offset (from its local header) and sha256. */
function pythonView(path: string): { bad: string | null; entries: Array<{ name: string; offset: number; sha: string; size: number }> } {
  const out = runPython(
    `import zipfile, sys, json, hashlib, struct
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
raw = open(sys.argv[1], "rb").read()
def data_offset(i):
    name_len, extra_len = struct.unpack_from("<HH", raw, i.header_offset + 26)
    return i.header_offset + 30 + name_len + extra_len
rows = [{"name": i.filename, "offset": data_offset(i), "sha": hashlib.sha256(z.read(i)).hexdigest(), "size": i.file_size} for i in z.infolist()]
print(json.dumps({"bad": bad, "entries": rows}))`,
    [path],
  );
  return JSON.parse(out);
}

describe("writeZip", () => {
  it("writes a zip Python's zipfile tests clean, with every data offset a multiple of 64", () => {
    const path = join(dir, "plain.zip");
    writeZip(path, entries());
    const view = pythonView(path);
    expect(view.bad).toBeNull();
    expect(view.entries.map((e) => e.name)).toEqual(entries().map((e) => e.name));
    for (const e of view.entries) expect(e.offset % 64).toBe(0);
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(view.entries.map((e) => e.sha)).toEqual(entries().map((e) => sha(e.data)));
  });

  it("reads back identically with weightscope's own ZipArchive", () => {
    const path = join(dir, "roundtrip.zip");
    writeZip(path, entries());
    const zip = ZipArchive.open(path);
    expect(zip.names()).toEqual(entries().map((e) => e.name));
    for (const e of entries()) expect(Buffer.from(zip.read(e.name)).equals(Buffer.from(e.data))).toBe(true);
    for (const entry of zip.entries) expect(zip.dataOffset(entry) % 64).toBe(0);
  });

  it("accepts data given as a function, called when the entry is written", () => {
    const path = join(dir, "lazy.zip");
    writeZip(path, [{ name: "x/a", data: () => Uint8Array.of(9, 8, 7) }]);
    expect(Array.from(ZipArchive.open(path).read("x/a"))).toEqual([9, 8, 7]);
  });

  it("leaves an existing file byte-identical and no temporary file when an entry's data getter throws", () => {
    const sub = ensureDir(join(dir, "fail-getter"));
    const path = join(sub, "target.zip");
    writeFileSync(path, "the old contents");
    expect(() =>
      writeZip(path, [
        { name: "x/a", data: Uint8Array.of(1) },
        {
          name: "x/b",
          data: () => {
            throw new Error("no bytes today");
          },
        },
      ]),
    ).toThrow("no bytes today");
    expect(readFileSync(path, "utf8")).toBe("the old contents");
    expect(readdirSync(sub)).toEqual(["target.zip"]);
  });

  it("refuses duplicate names and leaves nothing behind", () => {
    const sub = ensureDir(join(dir, "fail-duplicate"));
    const path = join(sub, "target.zip");
    writeFileSync(path, "old");
    expect(() => writeZip(path, [{ name: "x/a", data: Uint8Array.of(1) }, { name: "x/a", data: Uint8Array.of(2) }])).toThrow(ArchiveError);
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(sub)).toEqual(["target.zip"]);
  });

  it("fails with an ArchiveError naming the file when the folder does not exist", () => {
    const path = join(dir, "no-such-folder", "x.zip");
    expect(() => writeZip(path, entries())).toThrow(ArchiveError);
    expect(() => writeZip(path, entries())).toThrow(path);
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
  });
});
