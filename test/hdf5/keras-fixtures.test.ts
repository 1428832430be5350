// Real Keras files rebuilt by writeHdf5 from h5py's view of them: h5py must then see the same file again,
// every attribute's value, string size, padding and charset included.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { writeHdf5, type H5AttributeSpec, type H5DatasetSpec, type H5GroupSpec, type H5Type } from "../../src/hdf5/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, projectRoot, runPython, sharedFixtures } from "../support/oracle.js";
import { dumpWithH5py } from "./oracle-dump.js";

interface DumpAttribute {
  name: string;
  shape: number[];
  dtype?: string;
  string?: { size: number | null; pad: number; cset: number; variable: boolean };
  value: string | string[];
}
interface DumpNode {
  attributes: DumpAttribute[];
  kind: "group" | "dataset";
  children?: [string, DumpNode][];
  dtype?: string;
  shape?: number[];
  data?: string;
}

const PADS = ["nullterm", "nullpad", "spacepad"] as const;
const CSETS = ["ascii", "utf8"] as const;
const dumpScript = readFileSync(join(projectRoot, "test/hdf5/dump_hdf5.py"), "utf8");
const dir = ensureDir(join(generatedDir, "hdf5"));

/** The H5Type of numpy's dtype.str for a number or bool. */
function numericType(dtype: string): H5Type {
  const [, kind, size] = /^[<|]([fiub])(\d)$/.exec(dtype) ?? [];
  if (kind === "b") return { class: "bool" };
  if (kind === "f") return { class: "float", size: Number(size) as 2 | 4 | 8 };
  if (kind === "i" || kind === "u") return { class: "int", size: Number(size) as 1 | 2 | 4 | 8, signed: kind === "i" };
  throw new Error(`unexpected dtype ${dtype}`);
}

function attributeSpec(a: DumpAttribute): H5AttributeSpec {
  const shape = a.shape.length ? a.shape : null;
  if (!a.string) return { name: a.name, shape, type: numericType(a.dtype!), value: Buffer.from(a.value as string, "hex") };
  const { pad, cset, variable, size } = a.string;
  if (variable) return { name: a.name, shape, type: { class: "vlen-string", pad: PADS[pad]!, cset: CSETS[cset]! }, value: a.value as string[] };
  const raw = Buffer.from(a.value as string, "hex");
  const elements = Array.from({ length: raw.length / size! }, (_, i) => raw.subarray(i * size!, (i + 1) * size!));
  return { name: a.name, shape, type: { class: "string", length: size!, pad: PADS[pad]!, cset: CSETS[cset]! }, value: elements };
}

/** The tree that should reproduce a dumped node; data comes in 1000-byte chunks. */
function treeOf(name: string, node: DumpNode): H5GroupSpec | H5DatasetSpec {
  const attributes = node.attributes.map(attributeSpec);
  if (node.kind === "group") return { kind: "group", name, attributes, children: node.children!.map(([n, child]) => treeOf(n, child)) };
  const data = Buffer.from(node.data!, "hex");
  const chunks = Array.from({ length: Math.ceil(data.length / 1000) }, (_, i) => data.subarray(i * 1000, (i + 1) * 1000));
  return { kind: "dataset", name, attributes, type: numericType(node.dtype!), shape: node.shape!.length ? node.shape! : null, data: { byteLength: data.length, chunks: () => chunks } };
}

describeWithSharedFixtures("writeHdf5 rebuilds real Keras files", () => {
  describeWithTorch("as h5py sees them", () => {
    const fixtures = readdirSync(sharedFixtures).filter((name) => name.endsWith(".h5"));
    it("has Keras .h5 fixtures to rebuild", () => expect(fixtures.length).toBeGreaterThan(5));
    it.each(fixtures)("%s", (fixture) => {
      const original = join(sharedFixtures, fixture);
      const withData = JSON.parse(runPython(dumpScript, [original, "--data"])) as DumpNode;
      const copy = join(dir, `rebuilt-${fixture}`);
      writeHdf5(copy, treeOf("", withData) as H5GroupSpec);
      expect(dumpWithH5py(copy)).toEqual(dumpWithH5py(original));
    });
  });
});
