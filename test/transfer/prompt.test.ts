// transfer and verify at the prompt: globals whose reports echo as their tables, and whose refusals print as one line.
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
    const reportType = await session.send("type(transfer(k, t, {dryRun: true}))");
    const verified = await session.send("v = verify(t, k)");
    const verifyType = await session.send("type(v)");
    const passed = await session.send("v.passed");
    const shown = await session.send("v");
    await session.end();
    expect(reportType).toBe("<class 'weightscope.transfer.TransferReport'>\n");
    expect(verified).toBe("");
    expect(verifyType).toBe("<class 'weightscope.transfer.VerifyReport'>\n");
    expect(passed).toBe("True\n");
    expect(shown).toMatch(/^verify torch torch\.nn\.modules\.container\.Sequential against keras sequential \(Sequential\)\n  input/);
    expect(shown).toMatch(/\npassed \(tolerance 0\.0001\)\n$/);
    expect(echoed).toBe(`${expected}\n`);
    expect(refused.trim().split("\n")).toHaveLength(1);
    expect(refused).toContain("the source has 5 weight-bearing layers and the target 1");
  });
});
