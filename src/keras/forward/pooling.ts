// Pooling layers as Keras computes them: 'same' windows padded after more than before, averages over the real elements only.
import { numel, type Dense, type Dense64, type SidePads } from "../../nn/index.js";
import { inChannelsFirst, inChannelsLast, perDim, type Config } from "./arrays.js";
import { kerasPads } from "./convolution.js";
import { only, type ForwardKind } from "./kind.js";

type Triple = [number, number, number];
const three = (values: readonly number[], fill: number): Triple => [...new Array<number>(3 - values.length).fill(fill), ...values] as Triple;

/**
 * Max or mean over each window of a channels-last array, all channels at once. Padded positions are
 * skipped, which for max is -infinity padding and for the mean divides by the real elements (TensorFlow's
 * 'same' averages).
 */
function poolWindows(x: Dense, reduce: "max" | "avg", kernel: readonly number[], stride: readonly number[], pads: readonly SidePads[]): Dense64 {
  const dims = kernel.length;
  const spatial = x.shape.slice(1, 1 + dims);
  const channels = x.shape[dims + 1]!;
  const outSpatial = spatial.map((size, d) => Math.floor((size + pads[d]![0] + pads[d]![1] - kernel[d]!) / stride[d]!) + 1);
  const [iD, iH, iW] = three(spatial, 1);
  const [oD, oH, oW] = three(outSpatial, 1);
  const [kD, kH, kW] = three(kernel, 1);
  const [sD, sH, sW] = three(stride, 1);
  const [pD, pH, pW] = three(pads.map((p) => p[0]), 0);
  const out = new Float64Array(x.shape[0]! * oD * oH * oW * channels).fill(reduce === "max" ? -Infinity : 0);
  for (let position = 0; position < out.length / channels; position++) {
    const ow = position % oW;
    const oh = Math.floor(position / oW) % oH;
    const od = Math.floor(position / (oW * oH)) % oD;
    const n = Math.floor(position / (oW * oH * oD));
    const [d0, d1] = [Math.max(od * sD - pD, 0), Math.min(od * sD - pD + kD, iD)];
    const [h0, h1] = [Math.max(oh * sH - pH, 0), Math.min(oh * sH - pH + kH, iH)];
    const [w0, w1] = [Math.max(ow * sW - pW, 0), Math.min(ow * sW - pW + kW, iW)];
    const base = position * channels;
    for (let d = d0; d < d1; d++) {
      for (let h = h0; h < h1; h++) {
        for (let w = w0; w < w1; w++) {
          const source = (((n * iD + d) * iH + h) * iW + w) * channels;
          for (let c = 0; c < channels; c++) {
            const v = x.data[source + c]!;
            if (reduce === "avg") out[base + c]! += v;
            else if (v > out[base + c]!) out[base + c] = v;
          }
        }
      }
    }
    if (reduce === "avg") {
      const count = (d1 - d0) * (h1 - h0) * (w1 - w0);
      for (let c = 0; c < channels; c++) out[base + c]! /= count;
    }
  }
  return { data: out, shape: [x.shape[0]!, ...outSpatial, channels] };
}

function pooling(dims: number, reduce: "max" | "avg"): ForwardKind {
  return {
    run: (inputs, call) => {
      const kernel = perDim(call.config.pool_size, dims, 2);
      // strides None means the pool size.
      const stride = call.config.strides === null || call.config.strides === undefined ? kernel : perDim(call.config.strides, dims, 1);
      return inChannelsLast(only(inputs), call.config, (x) => poolWindows(x, reduce, kernel, stride, kerasPads(call.config.padding ?? "valid", x.shape.slice(1, -1), kernel, stride, kernel.map(() => 1), call.place)));
    },
  };
}

/** Max or mean over every spatial position; keepdims keeps them as size-1 dims. */
function globalPooling(reduce: "max" | "avg"): ForwardKind {
  return {
    run: (inputs, call) => {
      const config: Config = call.config;
      const pooled = inChannelsFirst(only(inputs), config, (x) => {
        const spatial = x.shape.slice(2);
        const size = numel(spatial);
        const planes = x.shape[0]! * x.shape[1]!;
        const out = new Float64Array(planes);
        for (let p = 0; p < planes; p++) {
          let acc = reduce === "max" ? -Infinity : 0;
          for (let i = p * size; i < (p + 1) * size; i++) acc = reduce === "max" ? Math.max(acc, x.data[i]!) : acc + x.data[i]!;
          out[p] = reduce === "max" ? acc : acc / size;
        }
        return { data: out, shape: [x.shape[0]!, x.shape[1]!, ...spatial.map(() => 1)] };
      });
      if (config.keepdims === true) return pooled;
      const channels = config.data_format === "channels_first" ? pooled.shape[1]! : pooled.shape[pooled.shape.length - 1]!;
      return { data: pooled.data, shape: [pooled.shape[0]!, channels] };
    },
  };
}

export const poolingKinds: Readonly<Record<string, ForwardKind>> = {
  MaxPooling1D: pooling(1, "max"),
  MaxPooling2D: pooling(2, "max"),
  MaxPooling3D: pooling(3, "max"),
  AveragePooling1D: pooling(1, "avg"),
  AveragePooling2D: pooling(2, "avg"),
  AveragePooling3D: pooling(3, "avg"),
  GlobalMaxPooling1D: globalPooling("max"),
  GlobalMaxPooling2D: globalPooling("max"),
  GlobalMaxPooling3D: globalPooling("max"),
  GlobalAveragePooling1D: globalPooling("avg"),
  GlobalAveragePooling2D: globalPooling("avg"),
  GlobalAveragePooling3D: globalPooling("avg"),
};
