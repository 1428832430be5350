// Keras files named on the command line are bound at the prompt to what load_model (or load_weights_file) gives.
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { describeWithSharedFixtures, sharedFixtures } from "../support/oracle.js";

async function prompt(files: string[], input: string): Promise<string> {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  stdin.end(input);
  const status = await runCli(files, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, stdin });
  expect(stderr).toBe("");
  expect(status).toBe(0);
  return stdout;
}

describeWithSharedFixtures("Keras files named at start", () => {
  it("binds a full model to a Keras model object and a weights file to its layers and weights", async () => {
    const model = join(sharedFixtures, "keras2.0.8_seq_lenet5_named_layers.h5");
    const weights = join(sharedFixtures, "keras2.2.4_weights_lenet5.h5");
    const out = await prompt(
      [model, weights],
      [
        "type(keras2_0_8_seq_lenet5_named_layers)",
        "keras2_0_8_seq_lenet5_named_layers.output_shape",
        "keras2_0_8_seq_lenet5_named_layers.layers.map(l => l.name).join(' ')",
        "type(keras2_2_4_weights_lenet5)",
        "keras2_2_4_weights_lenet5.weights.length",
        "",
      ].join("\n"),
    );
    // Keras 2.0.8 kept Sequential in keras.models; the model's layers and output follow its config.
    expect(out).toContain("<class 'keras.models.Sequential'>");
    expect(out).toContain("(None, 10)");
    expect(out).toContain("Conv_1 Maxpool_2 Conv_3 Maxpool_4 flatten_1 fc_5 fc_6 output_layer");
    expect(out).toContain("<class 'weightscope.keras.KerasWeights'>");
    // LeNet-5's five weighted layers, a kernel and a bias each.
    expect(out).toMatch(/^10$/m);
  });
});
