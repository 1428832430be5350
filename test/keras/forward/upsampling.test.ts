// UpSampling2D with bilinear interpolation, in both resize conventions Keras has used, against TensorFlow.js; the interpolations weightscope refuses.
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { loadModel, newKerasModel, type KerasModel } from "../../../src/keras/index.js";
import { saveModel } from "../../../src/keras/write/index.js";
import type { NDArray } from "../../../src/tensor/index.js";
import { ensureDir, generatedDir } from "../../support/oracle.js";
import { expectSameOutputs, generator, maxDifference, sequentialConfig, twinModels, uniform } from "./oracle.js";

type Json = Record<string, unknown>;
type Format = "channels_last" | "channels_first";

const upsampling = (size: number[], dataFormat: Format, interpolation = "bilinear"): readonly [string, Json] => ["UpSampling2D", { size, data_format: dataFormat, interpolation }];

/** (height, width, channels) in the layer's own data_format. */
const inputShape = (format: Format, [h, w, c]: readonly number[]): number[] => (format === "channels_last" ? [h!, w!, c!] : [c!, h!, w!]);

/**
 * TensorFlow 2's tf.image.resize (half-pixel centres), which tf.keras from TensorFlow 2.2 and Keras 3
 * use and tfjs's UpSampling2D layer does not: tfjs's resizeBilinear op with halfPixelCenters set.
 */
function halfPixelResize(x: NDArray, size: readonly number[], format: Format): { data: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const input = tf.tensor4d(Float32Array.from(x.data() as Float32Array), [...x.shape] as [number, number, number, number]);
    const nhwc = format === "channels_last" ? input : tf.transpose(input, [0, 2, 3, 1]);
    const resized = tf.image.resizeBilinear(nhwc as tf.Tensor4D, [nhwc.shape[1]! * size[0]!, nhwc.shape[2]! * size[1]!], false, true);
    const out = format === "channels_last" ? resized : tf.transpose(resized, [0, 3, 1, 2]);
    return { data: out.dataSync() as Float32Array, shape: out.shape };
  });
}

function expectClose(label: string, model: KerasModel, x: NDArray, expected: { data: Float32Array; shape: number[] }): void {
  const got = model.predict(x) as NDArray;
  expect([label, [...got.shape]]).toEqual([label, expected.shape]);
  const difference = maxDifference(got.data() as Float32Array, expected.data);
  expect([label, difference <= 1e-5 ? "within 1e-5" : difference]).toEqual([label, "within 1e-5"]);
}

const grids: ReadonlyArray<readonly [size: number[], input: number[]]> = [
  [[2, 2], [3, 4, 2]],
  [[3, 2], [5, 3, 1]],
  [[2, 3], [4, 5, 3]],
  [[1, 4], [2, 3, 2]],
];

describe("UpSampling2D bilinear", () => {
  for (const format of ["channels_last", "channels_first"] as const) {
    for (const [index, [size, shape]] of grids.entries()) {
      it(`standalone Keras 2.2.4 (TensorFlow 1's corner grid), size ${size}, ${format}, equals tfjs's layer`, async () => {
        const { model, tfjs } = await twinModels(sequentialConfig(inputShape(format, shape), [upsampling(size, format)]), "2.2.4", 60 + index);
        const random = generator(600 + index);
        for (const batch of [2, 1]) expectSameOutputs(`size ${size}, batch ${batch}`, model, tfjs, [uniform(random, [batch, ...inputShape(format, shape)])]);
        tfjs.dispose();
      });

      it(`tf.keras 2.7 (half-pixel centres), size ${size}, ${format}, equals tf.image.resize`, async () => {
        const { model, tfjs } = await twinModels(sequentialConfig(inputShape(format, shape), [upsampling(size, format)]), "2.7.0", 70 + index);
        const x = uniform(generator(700 + index), [2, ...inputShape(format, shape)]);
        expectClose(`size ${size}`, model, x, halfPixelResize(x, size, format));
        tfjs.dispose();
      });
    }
  }

  // The file's keras_version picks the convention: TensorFlow 1's grid up to 2.2.4-tf and standalone 2.3, half-pixel after.
  for (const [version, halfPixel] of [["2.1.6-tf", false], ["2.2.4-tf", false], ["2.3.1", false], ["2.3.0-tf", true], ["2.4.0", true], ["2.13.1", true], ["3.1.0", true]] as const) {
    it(`keras_version ${version} resizes ${halfPixel ? "with half-pixel centres" : "on TensorFlow 1's grid"}`, async () => {
      const { model, tfjs } = await twinModels(sequentialConfig([3, 5, 2], [upsampling([2, 3], "channels_last"), ["Dense", { units: 2, activation: "linear", use_bias: true }]]), version, 80);
      const x = uniform(generator(800), [2, 3, 5, 2]);
      if (halfPixel) {
        const dense = tfjs.getLayer("dense_1");
        const expected = tf.tidy(() => {
          const resized = halfPixelResize(x, [2, 3], "channels_last");
          const out = dense.apply(tf.tensor(resized.data, resized.shape)) as tf.Tensor;
          return { data: out.dataSync() as Float32Array, shape: out.shape };
        });
        expectClose(version, model, x, expected);
      } else expectSameOutputs(version, model, tfjs, [x]);
      tfjs.dispose();
    });
  }

  it("predicts the same after a save to .h5 and a load", async () => {
    const { model, tfjs } = await twinModels(sequentialConfig([3, 4, 2], [upsampling([2, 2], "channels_last"), ["Conv2D", { filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: "same", data_format: "channels_last", dilation_rate: [1, 1], groups: 1, activation: "relu", use_bias: true }]]), "2.2.4", 90);
    const path = join(ensureDir(join(generatedDir, "keras-forward")), "upsampling-bilinear.h5");
    saveModel(model, path);
    expectSameOutputs("saved", loadModel(path), tfjs, [uniform(generator(900), [2, 3, 4, 2])]);
    tfjs.dispose();
  });

  for (const interpolation of ["bicubic", "lanczos3", "area"]) {
    it(`refuses '${interpolation}' with one line naming the layer`, () => {
      // tfjs refuses these configs, so the model is built from the config alone (the layer has no weights).
      const model = newKerasModel({ modelConfig: sequentialConfig([3, 4, 2], [upsampling([2, 2], "channels_last", interpolation)]), kerasVersion: "3.1.0", layers: [{ name: "upsampling2d_0", weights: [] }] });
      expect(() => model.predict(uniform(generator(950), [1, 3, 4, 2]))).toThrow(
        `<memory>: layer "upsampling2d_0" (UpSampling2D): weightscope runs UpSampling2D with nearest or bilinear interpolation only, not '${interpolation}'`,
      );
    });
  }
});
