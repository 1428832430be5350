// writeHdf5 refuses bad trees before writing a byte, and a failed write leaves no trace: one test per error.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Hdf5WriteError, writeHdf5, type H5AttributeSpec, type H5GroupSpec, type H5Type } from "../../src/hdf5/index.js";
import { WeightscopeError } from "../../src/errors.js";
import { attr, bytes, dataset, f32, fixed, float, group, int, vlen } from "./tree.js";

const dir = mkdtempSync(join(tmpdir(), "weightscope-hdf5-"));
const out = join(dir, "out.h5");
const weights = (...children: H5GroupSpec["children"]) => group("", [group("model_weights", [group("dense", [group("dense", children)])])]);
const withAttribute = (attribute: H5AttributeSpec) => group("", [group("g", [], [attribute])]);
/** A dataset claiming `byteLength` bytes whose chunks are given separately. */
const lying = (byteLength: number, chunks: () => Iterable<unknown>) =>
  weights({ kind: "dataset", name: "kernel:0", type: float(4), shape: [2, 3], attributes: [], data: { byteLength, chunks: chunks as () => Iterable<Uint8Array> } });

/** Each tree and the exact message its write must fail with. */
const refused: [string, H5GroupSpec, string][] = [
  ["a root that is a dataset", dataset("", float(4), [1], [f32([1])]) as unknown as H5GroupSpec, "/: the root must be a group"],
  ["a named root", group("root"), '/: the root\'s name must be "", not "root"'],
  ["two members with one name", group("", [group("a"), dataset("a", int(1, true), [1], [bytes(1)])]), '/: two members are named "a"'],
  ["a slash in a member name", group("", [group("g", [group("a/b")])]), '/g: member name "a/b" cannot be stored: names are non-empty, not ".", without "/" or NUL'],
  ["an empty member name", group("", [group("")]), '/: member name "" cannot be stored: names are non-empty, not ".", without "/" or NUL'],
  ["a member named .", group("", [group(".")]), '/: member name "." cannot be stored: names are non-empty, not ".", without "/" or NUL'],
  ["attributes that are not a list", { ...group(""), attributes: {} as unknown as H5AttributeSpec[] }, "/: attributes must be a list"],
  ["children that are not a list", group("", [{ ...group("g"), children: undefined as unknown as [] }]), "/g: a group's children must be a list"],
  ["two attributes with one name", group("", [], [attr("a", int(1, true), null, bytes(1)), attr("a", int(1, true), null, bytes(1))]), '/: two attributes are named "a"'],
  ["an empty attribute name", withAttribute(attr("", int(1, true), null, bytes(1))), '/g: attribute name "" cannot be stored: names are non-empty, without NUL'],
  ["a byteLength the shape does not need", lying(12, () => [bytes(12)]), "/model_weights/dense/dense/kernel:0: data.byteLength is 12, shape (2, 3) float32 needs 24"],
  ["a string dataset", weights(dataset("names", fixed(3), [1], [bytes(3)])), "/model_weights/dense/dense/names: string datasets are not supported (type |S3); only numbers and bool"],
  ["a negative dimension", weights(dataset("k", float(4), [-1], [])), "/model_weights/dense/dense/k: shape [-1] is not null or a list of sizes"],
  ["a float of 3 bytes", weights(dataset("k", { class: "float", size: 3 } as unknown as H5Type, [1], [bytes(3)])), "/model_weights/dense/dense/k: a float type cannot be 3 bytes"],
  ["an unknown type class", weights(dataset("k", { class: "complex" } as unknown as H5Type, [1], [bytes(8)])), '/model_weights/dense/dense/k: unknown type class "complex"'],
  ["a fixed string of length 0", withAttribute(attr("s", fixed(0), [1], [""])), '/g: attribute "s": a fixed-length string needs a length of at least 1, not 0'],
  ["an unknown padding", withAttribute(attr("s", fixed(2, "zeropad" as "nullpad"), [1], ["a"])), '/g: attribute "s": unknown string padding "zeropad"'],
  ["an unknown charset", withAttribute(attr("s", vlen("latin1" as "ascii"), null, ["a"])), '/g: attribute "s": unknown character set "latin1"'],
  ["a string too long for its length", withAttribute(attr("layer_names", fixed(5), [2], ["dense", "dense_1"])), '/g: attribute "layer_names": element 1 is 7 bytes, longer than the fixed length 5'],
  ["non-ASCII text in an ASCII string", withAttribute(attr("s", fixed(8), [1], ["café"])), '/g: attribute "s": element 0 is not ASCII; use cset "utf8" or give its bytes as a Uint8Array'],
  ["fewer strings than the shape holds", withAttribute(attr("s", vlen(), [3], ["a", "b"])), '/g: attribute "s": value has 2 strings, shape (3,) str needs 3'],
  ["strings given as bytes", withAttribute(attr("s", vlen(), null, bytes(2))), '/g: attribute "s": shape () str takes its value as a list of strings'],
  ["a string element that is a number", withAttribute(attr("s", vlen(), [1], [7 as unknown as string])), '/g: attribute "s": element 0 is neither a string nor bytes'],
  ["numbers given as strings", withAttribute(attr("n", float(8), null, ["1.0"])), '/g: attribute "n": shape () float64 takes its value as bytes (a Uint8Array)'],
  ["number bytes the shape does not need", withAttribute(attr("n", int(2, false), [2, 2], bytes(6))), '/g: attribute "n": value has 6 bytes, shape (2, 2) uint16 needs 8'],
  [
    "an attribute over the 64 KiB message limit",
    withAttribute(attr("layer_names", fixed(64), [1100], Array.from({ length: 1100 }, () => "x"))),
    '/g: attribute "layer_names": takes 70456 bytes, over the 65535-byte limit of an attribute message; split it (as Keras does with layer_names0, layer_names1...)',
  ],
];

/** Runs the write and returns the error it fails with, after checking no file was left in the folder. */
function failure(tree: H5GroupSpec, existing?: Buffer): Hdf5WriteError {
  if (existing) writeFileSync(out, existing);
  let caught: unknown;
  try {
    writeHdf5(out, tree);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Hdf5WriteError);
  expect(caught).toBeInstanceOf(WeightscopeError);
  expect(readdirSync(dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
  if (existing) expect(readFileSync(out).equals(existing)).toBe(true);
  return caught as Hdf5WriteError;
}

describe("writeHdf5 refuses a bad tree before writing anything", () => {
  it.each(refused)("%s", (_, tree, message) => {
    const error = failure(tree);
    expect(error.message).toBe(`${out}: ${message}`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("writeHdf5 failing while writing leaves an existing file as it was and no temporary file", () => {
  const existing = Buffer.from("the previous model, which must survive\n");
  const place = `${out}: /model_weights/dense/dense/kernel:0`;

  it("when the chunks give fewer bytes than byteLength", () => {
    expect(failure(lying(24, () => [bytes(12)]), existing).message).toBe(`${place}: data gave 12 bytes, shape (2, 3) float32 needs 24`);
  });

  it("when the chunks give more bytes than byteLength", () => {
    expect(failure(lying(24, () => [bytes(16), bytes(16)]), existing).message).toBe(`${place}: data gave more than 24 bytes, shape (2, 3) float32 needs 24`);
  });

  it("when a chunk is not bytes", () => {
    expect(failure(lying(24, () => [[1, 2, 3]]), existing).message).toBe(`${place}: data gave a chunk that is not a Uint8Array`);
  });

  it("when the chunk source throws", () => {
    const broken = function* () {
      yield bytes(8);
      throw new Error("the tensor's storage went away");
    };
    expect(failure(lying(24, broken), existing).message).toBe(`${place}: cannot write the data: the tensor's storage went away`);
  });

  it("when the folder does not exist", () => {
    const missing = join(dir, "no-such-folder", "out.h5");
    expect(() => writeHdf5(missing, group(""))).toThrow(new RegExp(`^${missing}: cannot write the file: ENOENT`));
  });
});
