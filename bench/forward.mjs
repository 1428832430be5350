// Bench: LeNet-5 on a batch of 64 random images, weightscope's torch forward and Keras predict against real torch's forward in the same run.
//
// usage: npm run build && node bench/forward.mjs [REPEATS=10]
// Each figure is the first call (JavaScript not yet optimised: what a prompt user waits for once) and the
// median of the following calls, in milliseconds. The reference is real torch 1.13 (/usr/bin/python3)
// running examples/lenet5.pt in eval mode on a batch of the same shape, timed inside Python.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const lib = (path) => import(new URL(`dist/src/${path}`, `file://${root}`).href);
const { load } = await lib("torch/index.js");
const { NDArray, Tensor } = await lib("tensor/index.js");
const { prepareToOpen } = await lib("open.js");

const repeats = Number(process.argv[2] ?? 10);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timed(run) {
  const once = () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  };
  const first = once();
  return { first, median: median(Array.from({ length: repeats }, once)) };
}

const torchModel = load(`${root}examples/lenet5.pt`).eval();
const nchw = Tensor.from(Float32Array.from({ length: 64 * 28 * 28 }, Math.random), { shape: [64, 1, 28, 28] });
const ours = timed(() => torchModel(nchw));

const kerasPath = `${root}examples/lenet5.h5`;
await prepareToOpen([kerasPath]);
const { loadModel } = await lib("keras/index.js");
const kerasModel = loadModel(kerasPath);
const nhwc = NDArray.from(Float32Array.from({ length: 64 * 28 * 28 }, Math.random), { shape: [64, 28, 28, 1] });
const oursKeras = timed(() => kerasModel.predict(nhwc, { verbose: 0 }));

const reference = spawnSync(
  "/usr/bin/python3",
  [
    "-c",
    `import json, sys, time, torch
m = torch.load(sys.argv[1]); m.eval()
x = torch.rand(64, 1, 28, 28)
def once():
    t = time.perf_counter()
    with torch.no_grad(): m(x)
    return (time.perf_counter() - t) * 1000
first = once()
rest = sorted(once() for _ in range(int(sys.argv[2])))
print(json.dumps({"first": first, "median": rest[len(rest) // 2], "threads": torch.get_num_threads()}))`,
    `${root}examples/lenet5.pt`,
    String(repeats),
  ],
  { encoding: "utf8" },
);
if (reference.status !== 0) throw new Error(`real torch failed: ${reference.stderr}`);
const torchRef = JSON.parse(reference.stdout);

const row = (name, t) => `${name.padEnd(34)} first ${t.first.toFixed(1).padStart(7)} ms   median ${t.median.toFixed(1).padStart(7)} ms   ${(t.median / torchRef.median).toFixed(1).padStart(5)}x torch`;
console.log(row(`real torch 1.13 (${torchRef.threads} threads)`, torchRef));
console.log(row("weightscope torch_model(x)", ours));
console.log(row("weightscope keras_model.predict(x)", oursKeras));
