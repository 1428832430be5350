// model.input_shape / output_shape and each layer's input_shape / output_shape on the real fixtures, as the writing Keras gives them.
import { join } from "node:path";
import { expect, it } from "vitest";
import { KerasAttributeError } from "../../../src/keras/model/errors.js";
import { loadModel } from "../../../src/keras/index.js";
import { dir, pyRepr } from "../../../src/python/index.js";
import { describeWithSharedFixtures, sharedFixtures } from "../../support/oracle.js";

const load = (file: string) => loadModel(join(sharedFixtures, file)) as unknown as Record<string, unknown> & { layers: Array<Record<string, unknown>> };

// Each expected value is worked out from the file's model_config (kernel sizes, strides, padding, units), and for
// tf.keras files agrees with the table its summary prints.
describeWithSharedFixtures("input and output shapes from the shape inference", () => {
  it("LeNet-5 (Keras 2.0.8): 28x28x1 through two valid 5x5 convolutions and 2x2 poolings to 10 classes", () => {
    const m = load("keras2.0.8_seq_lenet5_named_layers.h5");
    expect([pyRepr(m.input_shape), pyRepr(m.output_shape)]).toEqual(["(None, 28, 28, 1)", "(None, 10)"]);
    expect(m.layers.map((l) => `${String(l.name)}: ${pyRepr(l.input_shape)} -> ${pyRepr(l.output_shape)}`)).toEqual([
      "Conv_1: (None, 28, 28, 1) -> (None, 24, 24, 6)",
      "Maxpool_2: (None, 24, 24, 6) -> (None, 12, 12, 6)",
      "Conv_3: (None, 12, 12, 6) -> (None, 8, 8, 16)",
      "Maxpool_4: (None, 8, 8, 16) -> (None, 4, 4, 16)",
      "flatten_1: (None, 4, 4, 16) -> (None, 256)",
      "fc_5: (None, 256) -> (None, 120)",
      "fc_6: (None, 120) -> (None, 84)",
      "output_layer: (None, 84) -> (None, 10)",
    ]);
  });

  it("a functional model (Keras 2.3.1): the InputLayer's shapes are one-item lists, the model's a tuple", () => {
    const m = load("keras2.3.1_func_dense_batchnorm.h5");
    expect([pyRepr(m.input_shape), pyRepr(m.output_shape)]).toEqual(["(None, 16)", "(None, 5)"]);
    expect([pyRepr(m.layers[0]!.input_shape), pyRepr(m.layers[0]!.output_shape)]).toEqual(["[(None, 16)]", "[(None, 16)]"]);
    expect(pyRepr(m.layers.find((l) => l.name === "bn2")!.output_shape)).toBe("(None, 32)");
  });

  it("tf.keras 2.2.4: padding, upsampling, cropping and pooling around depthwise convolutions", () => {
    const m = load("tfkeras2.2.4-tf_func_depthwise_conv2d.h5");
    // 10 -> pad 3+3 -> 16 -> x2 -> 32 -> crop 1+1 -> 30 -> pool 2 -> 15 -> ... -> 20 -> global pooling.
    expect([pyRepr(m.input_shape), pyRepr(m.output_shape)]).toEqual(["(None, 10, 10, 3)", "(None, 3)"]);
    expect(m.layers.map((l) => pyRepr(l.output_shape)).slice(3, 7)).toEqual(["(None, 16, 16, 3)", "(None, 32, 32, 3)", "(None, 30, 30, 3)", "(None, 15, 15, 3)"]);
  });

  it("Keras 1.2.2: an Embedding declared by input_length feeds an LSTM that returns sequences", () => {
    const m = load("keras1.2.2_seq_embedding_lstm_tf.h5");
    expect([pyRepr(m.input_shape), pyRepr(m.output_shape)]).toEqual(["(None, 10)", "(None, 10, 6)"]);
    expect(pyRepr(m.layers[1]!.input_shape)).toBe("(None, 10, 5)");
  });

  it("Keras 3 models have input_shape and output_shape, their layers neither (AttributeError, absent from dir)", () => {
    const m = load("keras3.15.1_seq_cnn_mnist.keras");
    expect([pyRepr(m.input_shape), pyRepr(m.output_shape)]).toEqual(["(None, 28, 28, 1)", "(None, 10)"]);
    const conv = m.layers[0]!;
    expect(() => conv.output_shape).toThrow(KerasAttributeError);
    expect(() => conv.output_shape).toThrow("'Conv2D' object has no attribute 'output_shape'");
    expect("output_shape" in conv).toBe(false);
    expect(dir(conv)).not.toContain("input_shape");
    expect(pyRepr(load("keras3.8.0_legacy_h5_seq_lenet5.h5").output_shape)).toBe("(None, 10)");
  });
});
