// Bench: reading every tensor of a ~1 GiB Keras HDF5 weights file with weightscope, against h5py in the same run.
//
// usage: npm run build && node bench/keras-read.mjs [SIZE_MIB=1024] [REPEATS=3]
// Makes bench/out/keras_weights_<SIZE>MiB.h5 with h5py the first time (bench/keras_read_reference.py:
// the legacy save_weights layout, float32 kernels up to 256 MiB). weightscope runs each repeat in a fresh
// Node process: keras.load_weights_file, then every weight's values read into memory (h5wasm, in blocks of
// at most 64 MiB). h5py reads `ds[()]` for every dataset and keeps
// them all, as weightscope keeps what it has read. The page cache is warm for both; medians and
// peak RSS (the process's maximum resident set) are reported, with the ratios.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const sizeMib = Number(process.argv[2] ?? 1024);
const repeats = Number(process.argv[3] ?? 3);
const python = "/usr/bin/python3";
const helper = `${here}keras_read_reference.py`;
mkdirSync(`${here}out`, { recursive: true });
const file = `${here}out/keras_weights_${sizeMib}MiB.h5`;
if (!existsSync(file)) execFileSync(python, [helper, "make", file, String(sizeMib)], { stdio: "inherit" });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (n) => `${(n / 2 ** 20).toFixed(0)} MiB`;

// One weightscope run in its own process: open (no values read), then read every weight's bytes.
const child = `
  const keras = await import(${JSON.stringify(new URL("../dist/src/keras/index.js", import.meta.url).href)});
  const path = process.argv[1];
  const start = process.hrtime.bigint();
  const weights = keras.loadWeightsFile(path);
  const opened = Number(process.hrtime.bigint() - start) / 1e9;
  let bytes = 0, count = 0;
  for (const variable of weights.weights) { bytes += variable.value.storage.bytes().byteLength; count++; }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ opened, seconds, count, bytes, peakRss: process.resourceUsage().maxRSS * 1024 }));
`;
const ours = [];
for (let i = 0; i < repeats; i++) {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", child, file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(out.stderr);
  ours.push(JSON.parse(out.stdout));
}
const reference = JSON.parse(execFileSync(python, [helper, "read", file, String(repeats)], { encoding: "utf8" }));
const h5pySeconds = median(reference.seconds);
const readSeconds = median(ours.map((r) => r.seconds));
const peak = Math.max(...ours.map((r) => r.peakRss));
if (ours[0].bytes !== reference.bytes || ours[0].count !== reference.datasets) throw new Error(`read ${ours[0].count} weights, ${ours[0].bytes} bytes; h5py ${reference.datasets}, ${reference.bytes}`);
const rows = [
  ["file", `${file.split("/").pop()} (${mib(statSync(file).size)}, ${reference.datasets} datasets)`],
  ["h5py ds[()] for all", `${h5pySeconds.toFixed(3)} s, peak RSS ${mib(reference.peak_rss_bytes)}`],
  ["weightscope open", `${median(ours.map((r) => r.opened)).toFixed(3)} s (attributes and shapes only)`],
  ["weightscope read all", `${readSeconds.toFixed(3)} s = ${(readSeconds / h5pySeconds).toFixed(2)} x h5py; peak RSS ${mib(peak)} = ${(peak / reference.peak_rss_bytes).toFixed(2)} x h5py`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(22)} ${v}`);
console.log(`(median of ${repeats}; node ${process.version})`);
