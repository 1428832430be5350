// writeHdf5 against the oracle: h5py must see every name, type, string padding and byte we wrote.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { withHdf5File } from "../../src/keras/hdf5.js";
import { writeHdf5, type H5AttributeSpec, type H5GroupSpec } from "../../src/hdf5/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";
import { dumpWithH5py, expectedDump } from "./oracle-dump.js";
import { attr, bool, bytes, dataset, f32, f64, fixed, float, group, int, vlen } from "./tree.js";

const dir = ensureDir(join(generatedDir, "hdf5"));
const megabyte = "κ".repeat(300_000) + "x".repeat(400_000);

const numericTypes = [float(2), float(4), float(8), bool, ...([1, 2, 4, 8] as const).flatMap((s) => [int(s, true), int(s, false)])];
const typeLabel = (t: (typeof numericTypes)[number]) => (t.class === "int" ? `${t.signed ? "i" : "u"}${t.size}` : t.class === "float" ? `f${t.size}` : "bool");
/** Values every type can carry exactly: small whole numbers as floats, 0/1 as bools, any bytes as ints. */
function numericValue(t: (typeof numericTypes)[number], count: number, seed: number): Uint8Array {
  if (t.class === "bool") return Uint8Array.from(bytes(count, seed), (b) => b & 1);
  if (t.class === "int") return bytes(count * t.size, seed);
  if (t.class !== "float") throw new Error(`${t.class} is not a number type`);
  if (t.size === 8) return f64(Array.from({ length: count }, (_, i) => i * 0.5 - seed));
  if (t.size === 4) return f32(Array.from({ length: count }, (_, i) => i * 0.25 - seed));
  return new Uint8Array(new Uint16Array(Array.from({ length: count }, (_, i) => 0x3c00 + i * 64)).buffer); // float16 1.0, 1.03...
}

const everyTypeAttributes: H5AttributeSpec[] = [
  ...numericTypes.flatMap((t, i) => [attr(`scalar_${typeLabel(t)}`, t, null, numericValue(t, 1, i)), attr(`array_${typeLabel(t)}`, t, [2, 3], numericValue(t, 6, i + 20))]),
  ...(["nullterm", "nullpad", "spacepad"] as const).flatMap((pad) =>
    (["ascii", "utf8"] as const).map((cset) => attr(`fixed_${pad}_${cset}`, fixed(12, pad, cset), [3], cset === "ascii" ? ["dense_1", "", "exactly12chr"] : ["naïve", "层", "ab"])),
  ),
  attr("fixed_bytes", fixed(4), [2], [Uint8Array.from([0xff, 0, 1]), Uint8Array.from([1, 2, 3, 4])]),
  attr("fixed_scalar", fixed(5, "nullterm"), null, ["keras"]),
  attr("fixed_2d", fixed(3), [2, 2], ["a", "bb", "ccc", ""]),
  attr("vlen_ascii", vlen("ascii"), null, ["tensorflow"]),
  attr("vlen_utf8", vlen("utf8"), null, ["ünïcödé 層 🙂"]),
  attr("vlen_empty_string", vlen("utf8"), null, [""]),
  attr("vlen_array", vlen("ascii"), [3], ["dense/kernel:0", "dense/bias:0", ""]),
  attr("vlen_many", vlen("utf8"), [300], Array.from({ length: 300 }, (_, i) => `weight_${i}_${"w".repeat(i % 97)}`)),
  attr("vlen_pads", vlen("utf8", "spacepad"), null, ["spacepadded"]),
  attr("model_config", vlen("utf8"), null, [megabyte]),
  attr("weight_names", float(8), [0], new Uint8Array(0)),
  attr("empty_strings", fixed(7), [0], []),
  attr("café", int(4, true), null, bytes(4, 99)),
  // 8 + 8 (name) + 8 (type) + 24 (space) + 65480 = 65528: the largest 8-byte-padded message body.
  attr("big", fixed(1), [65480], Array.from({ length: 65480 }, (_, i) => String.fromCharCode(97 + (i % 26)))),
];

function children(prefix: string, count: number): H5GroupSpec["children"] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}${String(i).padStart(4, "0")}`;
    return i % 3 === 0 ? dataset(name, int(2, false), [1], [bytes(2, i)], [attr("i", int(4, true), null, new Uint8Array(new Int32Array([i]).buffer))]) : group(name, [], [attr("n", vlen(), null, [name])]);
  });
}

const tree: H5GroupSpec = group(
  "",
  [
    group("every_type", numericTypes.map((t, i) => dataset(typeLabel(t), t, [3, 4], [numericValue(t, 12, i + 40)]))),
    group("model_weights", [group("dense", [group("dense", [dataset("kernel:0", float(4), [2, 3], [f32([1, 2, 3, 4, 5, 6])]), dataset("bias:0", float(4), [3], [f32([0.5, -1, 2])])])], [attr("weight_names", fixed(14), [2], ["dense/kernel:0", "dense/bias:0"])])], [
      attr("layer_names", fixed(5), [1], ["dense"]),
      attr("backend", fixed(10), null, ["tensorflow"]),
      attr("keras_version", fixed(5), null, ["2.0.8"]),
    ]),
    group("optimizer_weights", [dataset("iterations:0", int(8, true), null, [new Uint8Array(new BigInt64Array([123456789n]).buffer)])]),
    group("empty", []),
    group("nine", children("n", 9)),
    group("three_hundred", children("t", 300)),
    group("three_thousand", children("k", 3000)),
    group("ünïcödé_層", [group("déeper", [dataset("ω", float(8), [2], [f64([Math.PI, -0])])])]),
    dataset("empty_dataset", float(4), [0, 3], []),
    dataset("thousand_chunks", float(4), [1000, 3], Array.from({ length: 1000 }, (_, i) => (i % 2 ? f32([i, -i, i / 7]) : bytes(12, i)))),
    dataset("unaligned", int(1, true), [5], [bytes(5, 7)]),
  ],
  everyTypeAttributes,
);

describeWithTorch("writeHdf5 read back by h5py", () => {
  const path = join(dir, "every-kind.h5");
  beforeAll(() => {
    rmSync(path, { force: true });
    writeHdf5(path, tree);
  });

  it("h5py sees every group, dataset and attribute exactly as written", () => {
    expect(dumpWithH5py(path)).toEqual(expectedDump(tree));
  });

  it("ends the file at the end-of-file address its superblock records", () => {
    const file = readFileSync(path);
    expect(Number(file.readBigUInt64LE(40))).toBe(file.length);
  });

  it("libhdf5 can grow the file: members added to every kind of group table, attributes replaced", () => {
    const copy = join(dir, "every-kind-grown.h5");
    copyFileSync(path, copy);
    const out = runPython(
      `import h5py, sys
with h5py.File(sys.argv[1], "r+") as f:
    for g in ["/", "empty", "nine", "three_thousand"]:
        f[g].create_group("aaa_added"); f[g]["zzz_added"] = [1, 2]; f[g].attrs["added"] = "x"
    f.attrs["model_config"] = "short"
with h5py.File(sys.argv[1], "r") as f:
    print(len(f["three_thousand"]), list(f["empty"]), f["three_thousand/k2999"].attrs["n"], f["nine/n0004"].attrs["n"], f.attrs["model_config"])`,
      [copy],
    );
    expect(out.trim()).toBe("3002 ['aaa_added', 'zzz_added'] k2999 n0004 short");
  });

  it("weightscope's own h5wasm reader takes the file", () => {
    const location = { hostPath: path, file: "every-kind.h5", placePrefix: "" };
    withHdf5File(location, (file) => {
      expect(file.keys()).toContain("ünïcödé_層");
      expect(file.group("model_weights", "test").attr("layer_names")).toEqual(["dense"]);
      expect(file.attr("vlen_utf8")).toBe("ünïcödé 層 🙂");
      expect(file.attr("model_config")).toBe(megabyte);
      const kernel = file.dataset("model_weights/dense/dense/kernel:0", "test");
      expect(kernel.shape).toEqual([2, 3]);
      expect([...new Float32Array(kernel.readBytes("float32").buffer)]).toEqual([1, 2, 3, 4, 5, 6]);
      expect(file.group("three_thousand", "test").keys()).toHaveLength(3000);
      const iterations = file.dataset("optimizer_weights/iterations:0", "test");
      expect(new BigInt64Array(iterations.readBytes("int64").buffer)[0]).toBe(123456789n);
    });
  });
});

describeWithTorch("writeHdf5 streams a big dataset", () => {
  it("writes each chunk when it is given: 256 MiB from one reused 1 MiB buffer reads back right", () => {
    const path = join(dir, "streamed.h5");
    const chunk = new Uint8Array(1 << 20);
    /** The same buffer refilled for every chunk: a writer that kept chunks for later would write 256 copies of the last. */
    function* chunks() {
      for (let i = 0; i < 256; i++) yield chunk.fill(i);
    }
    const big = { kind: "dataset" as const, name: "big", type: int(1, false), shape: [256, 1 << 20], attributes: [], data: { byteLength: 1 << 28, chunks } };
    writeHdf5(path, group("", [big]));
    const hash = createHash("sha256");
    for (const piece of chunks()) hash.update(piece);
    const seen = runPython(`import h5py, hashlib, sys\nwith h5py.File(sys.argv[1], "r") as f: print(hashlib.sha256(f["big"][()].tobytes()).hexdigest())`, [path]);
    expect(seen.trim()).toBe(hash.digest("hex"));
    rmSync(path);
  });
});
