// The Keras object model at the prompt: load_model through tf.keras, with the first Keras line waiting for the reader to load.
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadKerasReader } from "../../../src/keras/on-demand.js";
import { startSession } from "../../repl/session.js";
import { describeWithSharedFixtures, runPython, sharedFixtures } from "../../support/oracle.js";

describeWithSharedFixtures("tf.keras.models.load_model at the prompt", () => {
  it("answers as Python would for a tf.keras 2.7 Sequential model", async () => {
    const path = join(sharedFixtures, "tfkeras2.7.0_seq_lenet5_avgpool.h5");
    // h5py gives the layer names and weight shapes the file holds, in model order.
    const expected = JSON.parse(
      runPython(
        `import h5py, json, sys
g = h5py.File(sys.argv[1], "r")["model_weights"]
names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["layer_names"]]
shapes = [list(g[n][w].shape) for n in names for w in [x.decode() if isinstance(x, bytes) else x for x in g[n].attrs["weight_names"]]]
print(json.dumps({"names": names, "shapes": shapes}))`,
        [path],
      ),
    ) as { names: string[]; shapes: number[][] };
    const tuple = (shape: number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);

    const session = await startSession({ files: [] });
    expect(await session.send(`keras_model = tf.keras.models.load_model(${JSON.stringify(path)})`)).toBe("");
    // That line waits for the reader to load; input after it runs in order behind it.
    await loadKerasReader();
    expect(await session.send("type(keras_model)")).toBe("<class 'keras.engine.sequential.Sequential'>\n");
    expect(await session.send("keras_model.layers.map(l => l.name)")).toBe(`[${expected.names.map((n) => `'${n}'`).join(", ")}]\n`);
    expect(await session.send("keras_model.get_weights().map(a => a.shape)")).toBe(`[${expected.shapes.map(tuple).join(", ")}]\n`);
    expect(await session.send("keras_model.layers[0]")).toBe("<keras.layers.convolutional.Conv2D object>\n");
    await session.end();
  });
});
