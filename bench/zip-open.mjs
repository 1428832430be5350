// Bench: the cost of opening a zip's directory in a fresh process (what a one-shot listing pays first).
//
// usage: npm run build && node bench/zip-open.mjs [FILE=bench/out/state_dict_1024MiB.pt] [RUNS=9]
// Each run is a fresh Node process that imports the archive module and times one ZipArchive.open; the
// median and range are printed. Make the default file first with bench/torch-load.mjs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const file = process.argv[2] ?? fileURLToPath(new URL("out/state_dict_1024MiB.pt", import.meta.url));
const runs = Number(process.argv[3] ?? 9);
const archive = new URL("../dist/src/archive/index.js", import.meta.url).href;
const child = `
  const { ZipArchive } = await import(${JSON.stringify(archive)});
  const start = process.hrtime.bigint();
  const zip = ZipArchive.open(process.argv[1]);
  console.log(Number(process.hrtime.bigint() - start) / 1e6, zip.entries.length);
`;
const times = [];
let entries = 0;
for (let i = 0; i < runs; i++) {
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", child, file], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  const [ms, count] = out.stdout.trim().split(" ").map(Number);
  times.push(ms);
  entries = count;
}
times.sort((a, b) => a - b);
console.log(`${file.split("/").pop()}: ${entries} entries; ZipArchive.open in a fresh process: median ${times[runs >> 1].toFixed(2)} ms (${times[0].toFixed(2)}-${times[runs - 1].toFixed(2)} ms over ${runs} runs)`);
