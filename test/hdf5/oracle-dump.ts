// What h5py should report for a tree writeHdf5 was given, in the form dump_hdf5.py prints, and the dump itself.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, runPython } from "../support/oracle.js";
import type { H5AttributeSpec, H5DatasetSpec, H5GroupSpec, H5Type } from "../../src/hdf5/index.js";

const dumpScript = readFileSync(join(projectRoot, "test/hdf5/dump_hdf5.py"), "utf8");

/** h5py's view of the file at `path`. */
export function dumpWithH5py(path: string): unknown {
  return JSON.parse(runPython(dumpScript, [path]));
}

const PAD = { nullterm: 0, nullpad: 1, spacepad: 2 } as const;
const CSET = { ascii: 0, utf8: 1 } as const;
const byName = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** numpy's dtype.str for a numeric or bool type. */
export function numpyDtype(type: H5Type): string {
  if (type.class === "bool") return "|b1";
  if (type.class === "float") return `<f${type.size}`;
  if (type.class === "int") return `${type.size === 1 ? "|" : "<"}${type.signed ? "i" : "u"}${type.size}`;
  throw new Error(`no numpy dtype for ${type.class}`);
}

function expectedAttribute(attribute: H5AttributeSpec): unknown {
  const { name, type, value } = attribute;
  const shape = [...(attribute.shape ?? [])];
  if (type.class === "string" || type.class === "vlen-string") {
    const elements = value as readonly (string | Uint8Array)[];
    const variable = type.class === "vlen-string";
    const string = { size: variable ? null : type.length, pad: PAD[type.pad], cset: CSET[type.cset], variable };
    if (variable) return { name, shape, string, value: elements.map((e) => (typeof e === "string" ? e : Buffer.from(e).toString("utf8"))) };
    const padded = elements.map((e) => {
      const out = Buffer.alloc(type.length, type.pad === "spacepad" ? 0x20 : 0);
      out.set(typeof e === "string" ? Buffer.from(e) : e);
      return out;
    });
    return { name, shape, string, value: hex(Buffer.concat(padded)) };
  }
  return { name, shape, dtype: numpyDtype(type), value: hex(value as Uint8Array) };
}

/** The dump h5py should print for `node`. */
export function expectedDump(node: H5GroupSpec | H5DatasetSpec): unknown {
  const attributes = byName(node.attributes).map(expectedAttribute);
  if (node.kind === "group") return { attributes, kind: "group", children: byName(node.children).map((child) => [child.name, expectedDump(child)]) };
  const hash = createHash("sha256");
  for (const chunk of node.data.chunks()) hash.update(chunk);
  return { attributes, kind: "dataset", dtype: numpyDtype(node.type), shape: [...(node.shape ?? [])], sha256: hash.digest("hex") };
}
