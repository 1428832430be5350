// The package as a user installs it: `import ... from "weightscope"` resolves to the built library, with types.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../support/oracle.js";

describe("the weightscope package", () => {
  it("is importable by name and loads the bundled example through torch.load", () => {
    const script = `
      import { torch, Tensor, OrderedDict } from "weightscope";
      const model = torch.load("examples/lenet5.pt");
      const sd = model.state_dict();
      const w = sd["0.weight"];
      console.log(JSON.stringify({ module: model.className, keys: sd.keys().length, isDict: sd instanceof OrderedDict, tensor: w instanceof Tensor, shape: [...w.shape] }));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: projectRoot, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ module: "torch.nn.modules.container.Sequential", keys: 10, isDict: true, tensor: true, shape: [6, 1, 5, 5] });
  });

  it("does not load HDF5 (h5wasm, ~0.2 s to compile) until a Keras file needs it", () => {
    // A module hook in the child reports every module it resolves from HDF5's side of the tree.
    const hooks = `export async function resolve(specifier, context, next) { const result = await next(specifier, context); if (/h5wasm|\\/keras\\/hdf5\\.js/.test(result.url)) console.log("LOADED " + result.url); return result; }`;
    const register = `import { register } from "node:module"; register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}));`;
    const run = (script: string) =>
      spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(register)}`, "--input-type=module", "-e", script], { cwd: projectRoot, encoding: "utf8" });
    const torchOnly = run(`import { torch, transfer, pyRepr } from "weightscope"; pyRepr(torch.load("examples/lenet5.pt")); console.log("done");`);
    expect(torchOnly.stderr).toBe("");
    expect(torchOnly.stdout).toBe("done\n");
    const keras = run(`import { loadKerasReader } from "weightscope"; await loadKerasReader(); console.log("done");`);
    expect(keras.stdout).toMatch(/LOADED .*h5wasm/);
  });

  it("declares its types where package.json says", () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    const types = manifest.exports["."].types as string;
    expect(existsSync(join(projectRoot, types))).toBe(true);
    expect(readFileSync(join(projectRoot, types), "utf8")).toMatch(/export \* from "\.\/torch\/index\.js"/);
  });

  it("runs as a command from the checkout", () => {
    const run = spawnSync(join(projectRoot, "bin/weightscope"), ["--version"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^weightscope \d+\.\d+\.\d+/);
  });
});
