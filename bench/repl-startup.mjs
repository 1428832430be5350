// Bench: how long `weightscope examples/lenet5.pt` takes from spawn until the prompt answers (the issue: under 0.5 s).
//
// usage: npm run build && node bench/repl-startup.mjs [REPEATS=10]
// Each run spawns the real command with piped stdin and sends `lenet5.training` at once. Reported, as
// medians: until the file's binding line is printed (the file is open and the prompt is about to read),
// and until the answer to that first line arrives (the prompt is up and answering). A bare `node -e ""`
// is timed alongside, as the floor no Node command goes below on this machine.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const repeats = Number(process.argv[2] ?? 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeRun(args, input, marks) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
    const times = {};
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      for (const [name, pattern] of Object.entries(marks)) if (times[name] === undefined && pattern.test(out)) times[name] = seconds();
      if (Object.keys(times).length === Object.keys(marks).length) child.stdin.end();
    });
    child.on("error", reject);
    child.on("close", () => (Object.keys(times).length === Object.keys(marks).length ? resolve({ ...times, exit: seconds() }) : reject(new Error(`no answer; printed: ${out}`))));
    child.stdin.write(input);
    if (Object.keys(marks).length === 0) child.stdin.end();
  });
}

const runs = { bound: [], answered: [], node: [] };
for (let i = 0; i < repeats; i++) {
  const prompt = await timeRun([`${root}bin/weightscope`, "examples/lenet5.pt"], "lenet5.training\n", { bound: /^lenet5 = /m, answered: /^lenet5 = .*\n.+\n/ });
  runs.bound.push(prompt.bound);
  runs.answered.push(prompt.answered);
  runs.node.push((await timeRun(["-e", ""], "", {})).exit);
}
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
console.log(`weightscope examples/lenet5.pt, median of ${repeats} runs (node ${process.version}):`);
console.log(`  file bound, prompt about to read: ${ms(median(runs.bound))}`);
console.log(`  first line answered:              ${ms(median(runs.answered))}`);
console.log(`  node -e "" (the floor):           ${ms(median(runs.node))}`);
