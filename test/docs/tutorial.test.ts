// docs/tutorial.md typed at the prompt: every shown answer compared, then the saved torch file run by real PyTorch against weightscope's Keras forward pass.
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import { NDArray } from "../../src/tensor/index.js";
import { startSession } from "../repl/session.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";
import { tutorialSteps, type Step } from "./tutorial-doc.js";

const steps = tutorialSteps(join(projectRoot, "docs/tutorial.md"));

describeWithTorch("docs/tutorial.md at the prompt", () => {
  const answers: string[] = [];
  // The session writes lenet5-keras.pt and lenet5-torch.h5 into a folder of its own, beside a link to examples/.
  const folder = mkdtempSync(join(tmpdir(), "weightscope-tutorial-"));

  beforeAll(async () => {
    symlinkSync(join(projectRoot, "examples"), join(folder, "examples"));
    process.chdir(folder);
    // Loaded first, so each Keras line answers at once instead of waiting for the reader.
    await loadKerasReader();
    const session = await startSession({ files: [] });
    for (const step of steps) answers.push(await session.send(step.input));
    await session.end();
  }, 300_000);

  it("has the tutorial's steps", () => {
    const inputs = steps.map((step) => step.input).join("\n");
    for (const needed of ["torch.load(", "tf.keras.models.load_model(", "type(", "dir(", "inspect.getmembers(", "state_dict()", "get_weights()", "zip(", "transpose([3, 2, 0, 1])", "torch.tensor(", "load_state_dict(", "transfer(", "torch.save(", ".save(", "predict(", "verify("]) {
      expect(inputs).toContain(needed);
    }
  });

  it.each(steps.map((step, i) => [`line ${step.line}: ${step.input}`, i] as const))("%s", (_name, i) => {
    const step: Step = steps[i]!;
    expect(answers[i]).toBe(step.output);
  });

  it("lenet5-keras.pt runs in real PyTorch as weightscope's Keras forward runs examples/lenet5.h5", async () => {
    const keras = await loadKerasReader();
    const x = NDArray.from(Float32Array.from({ length: 3 * 28 * 28 }, (_, i) => Math.sin(i * 0.37) * 0.5 + 0.5), { shape: [3, 28, 28, 1] });
    const expected = keras.loadModel(join(projectRoot, "examples/lenet5.h5")).predict(x) as NDArray;
    const torchOut = JSON.parse(
      runPython(
        `import json, sys, numpy as np, torch
m = torch.load(sys.argv[1])
m.eval()
x = torch.tensor(np.array(json.loads(sys.argv[2]), dtype=np.float32).reshape(3, 28, 28, 1).transpose(0, 3, 1, 2).copy())
print(json.dumps(m(x).detach().numpy().tolist()))`,
        [join(folder, "lenet5-keras.pt"), JSON.stringify((x.tolist() as number[][][][]).flat(3))],
      ),
    ) as number[][];
    const ours = expected.tolist() as number[][];
    expect(torchOut.length).toBe(3);
    torchOut.forEach((row, r) => row.forEach((value, c) => expect(Math.abs(value - ours[r]![c]!)).toBeLessThan(1e-5)));
  });
});
