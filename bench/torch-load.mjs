// Bench: opening a big state_dict and listing it, and reading every tensor, against real torch.load in the same run.
//
// usage: npm run build && node bench/torch-load.mjs [SIZE_MIB=1024 | manyN] [REPEATS=3]
// Makes bench/out/state_dict_<SIZE>MiB.pt with real torch the first time; `many20000` instead makes a
// state_dict of 20,000 tiny tensors (bench/out/state_dict_many20000.pt), where the per-tensor cost shows. Each measurement runs in a fresh
// Node process so that one does not warm the other's memory; the page cache is warm for everyone (the
// file is read by `cat` first, which is also reported). "list" is timed in a fresh process (JavaScript
// not yet compiled: what a one-shot CLI call pays) and "warm" (after opening a small file, as for the
// second file of a session). Each round times torch.load and every weightscope mode back to back, each
// three times (torch.load in one process, weightscope in three fresh ones), and keeps the medians.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const size = process.argv[2] ?? "1024";
const repeats = Number(process.argv[3] ?? 3);
const python = "/usr/bin/python3";
mkdirSync(`${here}out`, { recursive: true });
const file = size.startsWith("many") ? `${here}out/state_dict_${size}.pt` : `${here}out/state_dict_${Number(size)}MiB.pt`;
if (!existsSync(file)) execFileSync(python, [`${here}make_state_dict.py`, file, size], { stdio: "inherit" });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeCat() {
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    execFileSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

// One weightscope measurement in its own process: mode "list" (keys, shapes, dtypes) or "read" (every tensor's bytes).
const child = `
  const importStart = process.hrtime.bigint();
  const { openModelFile } = await import(${JSON.stringify(new URL("../dist/src/open.js", import.meta.url).href)});
  const importSeconds = Number(process.hrtime.bigint() - importStart) / 1e9;
  const [mode, path, warmup] = process.argv.slice(1);
  // "warm": open a small file first, so the code is compiled, as for a second file in a session.
  if (warmup) for (const { tensor } of openModelFile(warmup).tensors) tensor.shape;
  const start = process.hrtime.bigint();
  const model = openModelFile(path);
  let listed = 0, bytes = 0, loaded = 0;
  for (const { path, tensor } of model.tensors) { listed += path.length + tensor.shape.length + tensor.dtype.length; }
  if (mode === "read") for (const { tensor } of model.tensors) bytes += tensor.storage.bytes().byteLength;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const { tensor } of model.tensors) if (tensor.storage.loaded) loaded++;
  console.log(JSON.stringify({ seconds, importSeconds, tensors: model.tensors.length, storagesLoaded: loaded, peakRss: process.resourceUsage().maxRSS * 1024 }));
`;
const warmupFile = fileURLToPath(new URL("../examples/lenet5_state_dict.pt", import.meta.url));
function runWeightscope(mode, warm = false) {
  const args = ["--input-type=module", "-e", child, mode, file, ...(warm ? [warmupFile] : [])];
  const out = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

// The machine's speed drifts from minute to minute, so every round times torch.load and each weightscope
// mode back to back, and each ratio is the median of the rounds' own ratios.
const catSeconds = timeCat();
const rounds = [];
for (let i = 0; i < repeats; i++) {
  // Three loads per Python process, their median kept: torch's later loads skip first-call costs, which
  // keeps the reference at its fastest rather than flattering weightscope.
  // The same for weightscope: three fresh processes per mode (a fresh process is what a one-shot call
  // pays, so the runs cannot share one), the one with the median time kept.
  const reference = JSON.parse(execFileSync(python, [`${here}torch_load_reference.py`, file, "3"], { encoding: "utf8" }));
  const runs = { list: [], warm: [], read: [] };
  for (let k = 0; k < 3; k++) {
    runs.list.push(runWeightscope("list"));
    runs.warm.push(runWeightscope("list", true));
    runs.read.push(runWeightscope("read"));
  }
  const middle = (results) => [...results].sort((a, b) => a.seconds - b.seconds)[1];
  rounds.push({ torch: median(reference.seconds), torchRss: reference.peak_rss_bytes, list: middle(runs.list), warm: middle(runs.warm), read: middle(runs.read) });
}
const of = (pick) => median(rounds.map(pick));
const torchSeconds = of((r) => r.torch);
const list = { seconds: of((r) => r.list.seconds), importSeconds: of((r) => r.list.importSeconds), percent: of((r) => (100 * r.list.seconds) / r.torch) };
const warm = { seconds: of((r) => r.warm.seconds), percent: of((r) => (100 * r.warm.seconds) / r.torch) };
const read = { seconds: of((r) => r.read.seconds), ratio: of((r) => r.read.seconds / r.torch) };
const first = rounds[0];
const mib = (n) => (n / 2 ** 20).toFixed(0) + " MiB";
const peak = (pick) => mib(Math.max(...rounds.map(pick)));
const rows = [
  ["file", `${file.split("/").pop()} (${mib(statSync(file).size)}, ${first.list.tensors} tensors)`],
  ["cat (warm)", `${catSeconds.toFixed(3)} s`],
  ["torch.load (reference)", `${torchSeconds.toFixed(3)} s, peak RSS ${peak((r) => r.torchRss)}`],
  ["weightscope list", `${list.seconds.toFixed(4)} s = ${list.percent.toFixed(2)} % of torch.load; storages read: ${first.list.storagesLoaded}; peak RSS ${peak((r) => r.list.peakRss)}`],
  ["weightscope import", `${list.importSeconds.toFixed(4)} s: loading weightscope's modules, paid once by a fresh process before the list above (not in its time)`],
  ["weightscope list, warm", `${warm.seconds.toFixed(4)} s = ${warm.percent.toFixed(2)} % of torch.load (code already compiled by opening a small file first)`],
  ["weightscope read all", `${read.seconds.toFixed(3)} s = ${read.ratio.toFixed(2)} x torch.load; storages read: ${first.read.storagesLoaded}; peak RSS ${peak((r) => r.read.peakRss)}`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(24)} ${v}`);
console.log(`(medians of ${repeats} rounds, each ratio the median of the rounds' own ratios; a round's time is the median of 3 torch.load calls and of 3 fresh weightscope processes per mode; node ${process.version})`);
