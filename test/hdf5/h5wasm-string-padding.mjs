// Measures which string types h5wasm 0.10.3 can write, the reason src/hdf5 writes HDF5 itself.
// Usage: node test/hdf5/h5wasm-string-padding.mjs  (needs /usr/bin/python3 with h5py to read the result)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import h5wasm from "h5wasm/node";

const Module = await h5wasm.ready;
const path = join(mkdtempSync(join(tmpdir(), "h5wasm-pad-")), "attrs.h5");
const file = new h5wasm.File(path, "w");
// Asking the low-level call for NULLPAD (strpad 1) and ASCII (cset 0) directly, as Keras' layer_names needs.
const bytes = new TextEncoder().encode("dense");
const pointer = Module._malloc(bytes.length);
Module.HEAPU8.set(bytes, pointer);
const nullpad = { type: Module.H5T_class_t.H5T_STRING.value, size: 5, strpad: 1, cset: 0, vlen: false, signed: false, littleEndian: true, shape: [], maxshape: [] };
Module.create_attribute(file.file_id, "/", "strpad_1_requested", BigInt(pointer), nullpad);
Module._free(pointer);
// The high-level dtypes h5wasm offers for strings.
file.create_attribute("dtype_S5", "dense", null, "S5");
file.create_attribute("dtype_A5", "dense", null, "A5");
file.create_attribute("dtype_vlen_S", "dense", null, "S");
file.close();

const script = readFileSync(new URL("dump_hdf5.py", import.meta.url), "utf8");
const dump = JSON.parse(spawnSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8" }).stdout);
const PAD = ["NULLTERM", "NULLPAD", "SPACEPAD"];
const CSET = ["ASCII", "UTF-8"];
for (const a of dump.attributes) {
  console.log(`${a.name.padEnd(20)} ${a.string.variable ? "variable" : `size ${a.string.size}`}  ${PAD[a.string.pad]}  ${CSET[a.string.cset]}`);
}
