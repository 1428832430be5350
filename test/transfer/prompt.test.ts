// transfer at the prompt: a global whose report echoes as its table, and whose refusals print as one line.
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadKerasReader } from "../../src/keras/on-demand.js";
import { load } from "../../src/torch/index.js";
import { transfer } from "../../src/transfer/index.js";
import { describeWithTorch, projectRoot } from "../support/oracle.js";
import { startSession } from "../repl/session.js";

const torchPath = join(projectRoot, "examples/lenet5.pt");
const kerasPath = join(projectRoot, "examples/lenet5.h5");

describeWithTorch("transfer at the prompt", () => {
  it("echoes the report as the library's table, and a refusal as one line", async () => {
    // The reader is loaded first, so the prompt runs each line at once.
    const keras = await loadKerasReader();
    const expected = String(transfer(keras.loadModel(kerasPath), load(torchPath)));
    const session = await startSession();
    await session.send(`t = torch.load(${JSON.stringify(torchPath)})`);
    await session.send(`k = keras.models.load_model(${JSON.stringify(kerasPath)})`);
    const echoed = await session.send("transfer(k, t)");
    const refused = await session.send("transfer(k, t[0])");
    await session.end();
    expect(echoed).toBe(`${expected}\n`);
    expect(refused.trim().split("\n")).toHaveLength(1);
    expect(refused).toContain("the source has 5 weight-bearing layers and the target 1");
  });
});
