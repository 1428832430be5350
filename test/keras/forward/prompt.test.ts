// predict() at the prompt: keras_model.predict(x, {verbose: 0}) on examples/lenet5.h5, and help naming it.
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadKerasReader } from "../../../src/keras/on-demand.js";
import { startSession } from "../../repl/session.js";
import { projectRoot } from "../../support/oracle.js";

it("runs keras_model.predict(x, {verbose: 0}) on a batch at the prompt and shows a (2, 10) float32 array whose rows sum to 1", async () => {
  const session = await startSession({ files: [] });
  expect(await session.send(`keras_model = tf.keras.models.load_model(${JSON.stringify(join(projectRoot, "examples/lenet5.h5"))})`)).toBe("");
  await loadKerasReader();
  expect(await session.send("x = np.random.random([2, 28, 28, 1])")).toBe("");
  expect(await session.send("y = keras_model.predict(x, {verbose: 0})")).toBe("");
  expect(await session.send("y.shape")).toBe("(2, 10)\n");
  expect(await session.send("y.dtype")).toBe("dtype('float32')\n");
  // The last layer is a softmax: each row sums to 1.
  expect(await session.send("y.sum(1).tolist().map(s => Math.abs(s - 1) < 1e-6)")).toBe("[True, True]\n");
  expect(await session.send("keras_model.call(x).tolist()[1].length")).toBe("10\n");
  await session.end();
});
