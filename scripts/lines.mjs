// Prints the line count of every source folder and fails when a folder or a file outgrows its budget.
// A budget is a promise that each file keeps to one job; raise one only with a reason in the commit.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const fileBudget = 600;
const folderBudgets = {
  "src/tensor": 2000,
  "src/archive": 1650,
  "src/pickle": 1800,
  "src/python": 1650,
  "src/torch": 2400,
  // Module kinds, their constructors, forward passes and the Module API: one subsystem, counted apart.
  "src/torch/modules": 2600,
  "src/keras": 1900,
  "src/keras/forward": 1400,
  // summary(): shape inference plus every Keras generation's table layout (Keras 2, tf.keras 2.8+, Keras 3's rich boxes).
  "src/keras/summary": 1100,
  "src/keras/write": 600,
  "src/hdf5": 900,
  "src/numpy": 900,
  "src/nn": 2000,
  "src/cli": 800,
  "src/transfer": 1500,
  "src": 400,
  "repl": 1000,
};

function sourceFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    // A subfolder with a budget of its own is counted there, not in its parent.
    if (statSync(path).isDirectory()) out = relative(root, path) in folderBudgets ? out : out.concat(sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const problems = [];
const lines = (path) => readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "").length;
for (const [folder, budget] of Object.entries(folderBudgets)) {
  let files;
  try {
    files = folder === "src" ? readdirSync(join(root, "src")).filter((n) => /\.ts$/.test(n)).map((n) => join(root, "src", n)) : sourceFiles(join(root, folder));
  } catch {
    continue;
  }
  // A subfolder with a budget of its own is counted there, not in its parent's.
  const carved = Object.keys(folderBudgets).filter((other) => other.startsWith(`${folder}/`)).map((other) => join(root, other) + "/");
  files = files.filter((file) => !carved.some((prefix) => file.startsWith(prefix)));
  let total = 0;
  for (const file of files) {
    const n = lines(file);
    total += n;
    if (n > fileBudget) problems.push(`${relative(root, file)} has ${n} lines (file budget ${fileBudget}): split it by job`);
  }
  console.log(`${folder.padEnd(14)} ${String(total).padStart(6)} / ${budget}`);
  if (total > budget) problems.push(`${folder} has ${total} lines (budget ${budget})`);
}
if (problems.length) {
  for (const p of problems) console.error(`lines: ${p}`);
  process.exit(1);
}
