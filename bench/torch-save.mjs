// Bench: weightscope's torch.save of a big state_dict against real torch.save of the same tensors, in the same run.
//
// usage: npm run build && node bench/torch-save.mjs [SIZE_MIB=1024] [REPEATS=3]
// Uses bench/out/state_dict_<SIZE>MiB.pt, made with real torch the first time. Both sides first load that
// file (torch.load reads every tensor; weightscope's load is lazy, so it is made to read every storage
// too), then save it to bench/out; only the save is timed. weightscope is also timed saving straight from
// the lazy load, where the save reads the source bytes as it writes them. Each measurement runs in a fresh
// process; the peak RSS is that process's whole life (the loaded tensors plus the save).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const sizeMib = Number(process.argv[2] ?? 1024);
const repeats = Number(process.argv[3] ?? 3);
const python = "/usr/bin/python3";
mkdirSync(`${here}out`, { recursive: true });
const file = `${here}out/state_dict_${sizeMib}MiB.pt`;
if (!existsSync(file)) execFileSync(python, [`${here}make_state_dict.py`, file, String(sizeMib)], { stdio: "inherit" });
const torchOut = `${here}out/saved_by_torch.pt`;
const oursOut = `${here}out/saved_by_weightscope.pt`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One weightscope measurement in its own process. "loaded": every storage read before the timed save;
// "lazy": the save reads them itself.
const child = `
  const { load, save } = await import(${JSON.stringify(new URL("../dist/src/torch/index.js", import.meta.url).href)});
  const { statSync } = await import("node:fs");
  const [mode, path, out] = process.argv.slice(1);
  const start = process.hrtime.bigint();
  const sd = load(path);
  if (mode === "loaded") for (const t of sd.values()) t.storage.bytes();
  const loaded = process.hrtime.bigint();
  save(sd, out);
  const saved = process.hrtime.bigint();
  console.log(JSON.stringify({ load_seconds: Number(loaded - start) / 1e9, save_seconds: Number(saved - loaded) / 1e9, tensors: sd.size, bytes: statSync(out).size, peak_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
`;

function runs(command, args) {
  const out = [];
  for (let i = 0; i < repeats; i++) {
    const run = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(run.stderr);
    out.push(JSON.parse(run.stdout));
  }
  return { save: median(out.map((r) => r.save_seconds)), load: median(out.map((r) => r.load_seconds)), peakRss: Math.max(...out.map((r) => r.peak_rss_bytes)), tensors: out[0].tensors, bytes: out[0].bytes };
}

const reference = runs(python, [`${here}torch_save_reference.py`, file, torchOut]);
const loaded = runs(process.execPath, ["--input-type=module", "-e", child, "loaded", file, oursOut]);
const lazy = runs(process.execPath, ["--input-type=module", "-e", child, "lazy", file, oursOut]);
const mib = (n) => (n / 2 ** 20).toFixed(0) + " MiB";
const rows = [
  ["file", `${file.split("/").pop()} (${mib(statSync(file).size)}, ${reference.tensors} tensors)`],
  ["torch.save (reference)", `${reference.save.toFixed(3)} s after torch.load; peak RSS ${mib(reference.peakRss)}; wrote ${mib(reference.bytes)}`],
  ["weightscope save", `${loaded.save.toFixed(3)} s = ${(loaded.save / reference.save).toFixed(2)} x torch.save, after reading every storage; peak RSS ${mib(loaded.peakRss)} = ${(loaded.peakRss / reference.peakRss).toFixed(2)} x torch's; wrote ${mib(loaded.bytes)}`],
  ["weightscope save, lazy", `${lazy.save.toFixed(3)} s = ${(lazy.save / reference.save).toFixed(2)} x torch.save, reading the source while writing (load took ${lazy.load.toFixed(3)} s); peak RSS ${mib(lazy.peakRss)}`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(24)} ${v}`);
console.log(`(median of ${repeats}; node ${process.version})`);
rmSync(torchOut, { force: true });
rmSync(oursOut, { force: true });
