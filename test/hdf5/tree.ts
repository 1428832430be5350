// Builders for writer test trees: groups, datasets from bytes or chunk lists, attributes of every type.
import type { H5AttributeSpec, H5DatasetSpec, H5GroupSpec, H5Type } from "../../src/hdf5/index.js";

export const group = (name: string, children: H5GroupSpec["children"] = [], attributes: H5AttributeSpec[] = []): H5GroupSpec => ({
  kind: "group",
  name,
  attributes,
  children,
});

/** A dataset whose bytes come as the given chunks. */
export function dataset(name: string, type: H5Type, shape: number[] | null, chunks: Uint8Array[], attributes: H5AttributeSpec[] = []): H5DatasetSpec {
  return { kind: "dataset", name, type, shape, attributes, data: { byteLength: chunks.reduce((n, c) => n + c.byteLength, 0), chunks: () => chunks } };
}

export const attr = (name: string, type: H5Type, shape: number[] | null, value: H5AttributeSpec["value"]): H5AttributeSpec => ({ name, type, shape, value });

/** `count` pseudo-random bytes from `seed` (a small LCG: the same bytes every run). */
export function bytes(count: number, seed = 1): Uint8Array {
  const out = new Uint8Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

export const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
export const f64 = (values: number[]) => new Uint8Array(new Float64Array(values).buffer);
export const float = (size: 2 | 4 | 8): H5Type => ({ class: "float", size });
export const int = (size: 1 | 2 | 4 | 8, signed: boolean): H5Type => ({ class: "int", size, signed });
export const bool: H5Type = { class: "bool" };
export const fixed = (length: number, pad: "nullterm" | "nullpad" | "spacepad" = "nullpad", cset: "ascii" | "utf8" = "ascii"): H5Type => ({ class: "string", length, pad, cset });
export const vlen = (cset: "ascii" | "utf8" = "utf8", pad: "nullterm" | "nullpad" | "spacepad" = "nullterm"): H5Type => ({ class: "vlen-string", pad, cset });
