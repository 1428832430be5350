// model.summary() at the library level: the table names every layer and totals what get_weights() holds.
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadModel } from "../../../src/keras/index.js";
import { pyRepr } from "../../../src/python/index.js";
import { describeWithSharedFixtures, sharedFixtures } from "../../support/oracle.js";

describeWithSharedFixtures("model.summary()", () => {
  for (const file of ["tfkeras2.7.0_seq_lenet5_avgpool.h5", "keras2.3.1_func_dense_batchnorm.h5", "keras3.15.1_seq_cnn_mnist.keras"]) {
    it(`lists every layer of ${file} and totals its weights`, () => {
      const model = loadModel(join(sharedFixtures, file));
      const text = pyRepr(model.summary());
      for (const layer of model.layers) expect(text).toContain(layer.name);
      const total = model.get_weights().reduce((sum, a) => sum + a.size, 0);
      // Keras 3 counts the optimizer's values in its total; its trainable line is the weights alone (no frozen layers here).
      const line = file.startsWith("keras3") ? "Trainable params" : "Total params";
      expect(text).toMatch(new RegExp(`${line}: ${total.toLocaleString("en-US")}`));
      const lines: string[] = [];
      expect(model.summary((line) => lines.push(line))).toBeUndefined();
      expect(lines.join("\n")).toBe(text);
    });
  }
});
