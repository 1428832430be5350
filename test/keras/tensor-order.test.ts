// Keras tensors are listed in model order (layer_names, then weight_names), not in HDF5's alphabetical order.
import { join } from "node:path";
import { expect, it } from "vitest";
import { openModelFileAsync } from "../../src/open.js";
import { describeWithSharedFixtures, sharedFixtures } from "../support/oracle.js";

describeWithSharedFixtures("the order of Keras tensors", () => {
  it("follows layer_names and weight_names, then the optimizer state", async () => {
    const lstm = await openModelFileAsync(join(sharedFixtures, "tfkeras2.4.0_weights_lstm.h5"));
    expect(lstm.tensors.map((t) => t.path)).toEqual([
      ...[9, 10, 11].flatMap((n) => ["kernel", "recurrent_kernel", "bias"].map((w) => `lstm_${n}/lstm_${n}/lstm_cell_${n}/${w}:0`)),
      "dense_3/dense_3/kernel:0",
      "dense_3/dense_3/bias:0",
    ]);
    const lenet = await openModelFileAsync(join(sharedFixtures, "keras2.0.8_seq_lenet5_named_layers.h5"));
    const paths = lenet.tensors.map((t) => t.path);
    expect(paths.slice(0, 2)).toEqual(["model_weights/Conv_1/Conv_1/kernel:0", "model_weights/Conv_1/Conv_1/bias:0"]);
    expect(paths.at(-1)?.startsWith("optimizer_weights/")).toBe(true);
    expect(paths.indexOf("model_weights/fc_5/fc_5/kernel:0")).toBeLessThan(paths.indexOf("model_weights/output_layer/output_layer/kernel:0"));
  });
});
