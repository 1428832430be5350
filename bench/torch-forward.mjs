// Bench: examples/lenet5.pt called on a batch of 64 random 28x28 images (the issue asks for well under a second).
//
// usage: npm run build && node bench/torch-forward.mjs [REPEATS=10]
// Reports the first call (JavaScript not yet optimised: what a prompt user waits for once) and the median
// of the following calls, in milliseconds. A plain loop of 10^8 float additions is timed too, so that a
// number from a busy machine can be scaled (an idle x86 core does that loop in about 100 ms).
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { load } = await import(new URL("dist/src/torch/index.js", `file://${root}`).href);
const { Tensor } = await import(new URL("dist/src/tensor/index.js", `file://${root}`).href);

const repeats = Number(process.argv[2] ?? 10);
const lenet = load(`${root}examples/lenet5.pt`);
const images = Tensor.from(Float32Array.from({ length: 64 * 28 * 28 }, Math.random), { shape: [64, 1, 28, 28] });

const time = () => {
  const start = performance.now();
  lenet(images);
  return performance.now() - start;
};
const first = time();
const rest = Array.from({ length: repeats }, time).sort((a, b) => a - b);
const loopStart = performance.now();
const ones = new Float64Array(1e6).fill(1);
let sum = 0;
for (let r = 0; r < 100; r++) for (let i = 0; i < ones.length; i++) sum += ones[i];
const loop = performance.now() - loopStart;
console.log(`reference loop: 1e8 additions in ${loop.toFixed(0)} ms (sum ${sum})`);
console.log(`LeNet-5, batch of 64: first call ${first.toFixed(1)} ms, median of ${repeats} more ${rest[Math.floor(repeats / 2)].toFixed(1)} ms`);
