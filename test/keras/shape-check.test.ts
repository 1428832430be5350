// Real Keras files with one weight dataset rewritten by h5py to a shape its layer's config rules out: load_model names the dataset.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { KerasFileError, loadModel, loadWeightsFile } from "../../src/keras/index.js";
import { describeWithSharedFixtures, describeWithTorch, ensureDir, generatedDir, runPython, sharedFixtures } from "../support/oracle.js";

const dir = join(generatedDir, "keras-shape-check");
const at = (name: string) => join(dir, name);

/**
 * Copies a real fixture and replaces one dataset (its attributes kept) with zeros of another shape. For a
 * .keras archive the dataset is in model.weights.h5, which is rewritten and zipped back.
 */
const spoilScript = `
import h5py, numpy as np, shutil, sys, tempfile, zipfile, os
source, target, dataset, shape = sys.argv[1], sys.argv[2], sys.argv[3], tuple(int(d) for d in sys.argv[4].split(","))
def spoil(path):
    with h5py.File(path, "a") as f:
        old = f[dataset]
        attrs = dict(old.attrs)
        dtype = old.dtype
        del f[dataset]
        new = f.create_dataset(dataset, data=np.zeros(shape, dtype=dtype))
        for k, v in attrs.items():
            new.attrs[k] = v
if source.endswith(".keras"):
    work = tempfile.mkdtemp()
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "model.weights.h5":
                h5 = os.path.join(work, "w.h5")
                open(h5, "wb").write(data)
                spoil(h5)
                data = open(h5, "rb").read()
            out.writestr(info, data)
else:
    shutil.copyfile(source, target)
    spoil(target)
`;

/** [fixture, dataset to spoil, its new shape, the message after `file: `]. */
const spoiled: ReadonlyArray<readonly [string, string, readonly number[], string]> = [
  [
    "keras2.0.8_seq_lenet5_named_layers.h5",
    "model_weights/output_layer/output_layer/kernel:0",
    [84, 9],
    "model_weights/output_layer/output_layer/kernel:0: layer output_layer (Dense) needs kernel of shape (84, 10) by its config and input, but the dataset has shape (84, 9)",
  ],
  [
    "tfkeras2.7.0_seq_lenet5_avgpool.h5",
    "model_weights/conv2d_4/conv2d_4/kernel:0",
    [3, 3, 1, 6],
    "model_weights/conv2d_4/conv2d_4/kernel:0: layer conv2d_4 (Conv2D) needs kernel of shape (5, 5, 1, 6) by its config and input, but the dataset has shape (3, 3, 1, 6)",
  ],
  [
    "tfkeras2.7.0_seq_lenet5_avgpool.h5",
    "model_weights/conv2d_5/conv2d_5/bias:0",
    [15],
    "model_weights/conv2d_5/conv2d_5/bias:0: layer conv2d_5 (Conv2D) needs bias of shape (16,) by its config and input, but the dataset has shape (15,)",
  ],
  [
    "keras2.3.1_func_dense_batchnorm.h5",
    "model_weights/bn2/bn2/moving_variance:0",
    [31],
    "model_weights/bn2/bn2/moving_variance:0: layer bn2 (BatchNormalization) needs moving_variance of shape (32,) by its config and input, but the dataset has shape (31,)",
  ],
  [
    "tfkeras2.2.4-tf_func_depthwise_conv2d.h5",
    "model_weights/depthwise_conv2d_27/depthwise_conv2d_27/depthwise_kernel:0",
    [3, 3, 3, 2],
    "model_weights/depthwise_conv2d_27/depthwise_conv2d_27/depthwise_kernel:0: layer depthwise_conv2d_27 (DepthwiseConv2D) needs depthwise_kernel of shape (3, 3, 3, 1) by its config and input, but the dataset has shape (3, 3, 3, 2)",
  ],
  [
    "keras1.2.2_seq_embedding_lstm_tf.h5",
    "model_weights/embedding_1/embedding_1_W:0",
    [4, 6],
    "model_weights/embedding_1/embedding_1_W:0: layer embedding_1 (Embedding) needs embeddings of shape (4, 5) by its config and input, but the dataset has shape (4, 6)",
  ],
  [
    "keras3.8.0_legacy_h5_seq_lenet5.h5",
    "model_weights/dense_2/sequential_1/dense_2/kernel",
    [1536, 81],
    "model_weights/dense_2/sequential_1/dense_2/kernel: layer dense_2 (Dense) needs kernel of shape (1536, 80) by its config and input, but the dataset has shape (1536, 81)",
  ],
  [
    "keras3.15.1_seq_cnn_mnist.keras",
    "layers/conv2d/vars/0",
    [3, 3, 1, 31],
    "model.weights.h5/layers/conv2d/vars/0: layer conv2d (Conv2D) needs kernel of shape (3, 3, 1, 32) by its config and input, but the dataset has shape (3, 3, 1, 31)",
  ],
];

describeWithTorch("a weight dataset whose shape its layer's config rules out", () => {
  const named = spoiled.map(([fixture, dataset, , message], i) => ({ fixture, dataset, message, file: at(`${i}_${fixture}`) }));

  beforeAll(() => {
    ensureDir(dir);
    spoiled.forEach(([fixture, dataset, shape], i) => runPython(spoilScript, [join(sharedFixtures, fixture), named[i]!.file, dataset, shape.join(",")]));
  });

  named.forEach(({ fixture, dataset, message, file }) => {
    it(`${fixture}: ${dataset}`, () => {
      const error = (() => {
        try {
          loadModel(file);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(KerasFileError);
      expect((error as Error).message).toBe(`${file}: ${message}`);
    });
  });

  it("leaves weights-only reading alone: load_weights_file has no config to check against", () => {
    expect(loadWeightsFile(named[0]!.file).get_layer("output_layer").weights[0]!.value.shape).toEqual([84, 9]);
  });
});

describeWithSharedFixtures("the real Keras fixtures pass the check", () => {
  const models = [
    "keras1.2.2_seq_embedding_lstm_tf.h5",
    "keras2.0.8_seq_lenet5_named_layers.h5",
    "keras2.3.1_func_dense_batchnorm.h5",
    "keras3.15.1_seq_cnn_mnist.keras",
    "keras3.8.0_legacy_h5_seq_lenet5.h5",
    "tfkeras2.2.4-tf_func_depthwise_conv2d.h5",
    "tfkeras2.7.0_seq_lenet5_avgpool.h5",
  ];
  for (const file of models) it(`${file} loads as a model`, () => expect(loadModel(join(sharedFixtures, file)).layers.length).toBeGreaterThan(0));
  for (const file of ["keras2.2.4_weights_lenet5.h5", "keras3_cnn.weights.h5", "tfkeras2.4.0_weights_lstm.h5"]) {
    it(`${file} loads as weights`, () => expect(loadWeightsFile(join(sharedFixtures, file)).weights.length).toBeGreaterThan(0));
  }
});
