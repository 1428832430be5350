// Convolution in Keras's own layout: channels-last input, kernel (*kernel, in / groups, out), asymmetric pads.
import { TensorError } from "../../errors.js";
import type { Dense, Dense64, FloatArray, SidePads } from "../../nn/index.js";

export interface ChannelsLastConv {
  readonly stride: readonly number[];
  readonly dilation: readonly number[];
  /** [before, after] per spatial dim. */
  readonly pads: readonly SidePads[];
  readonly groups: number;
}

type Triple = [number, number, number];
const three = (values: readonly number[], fill: number): Triple => [...new Array<number>(3 - values.length).fill(fill), ...values] as Triple;

/**
 * Cross-correlation of (N, *spatial, C) with a Keras kernel (*kernel, C / groups, O), 1-, 2- or 3-d.
 * A kernel row for one tap and one input channel is contiguous over the outputs, which makes it the inner
 * loop: no transposes in or out, which the channels-first kernels would need on every call.
 */
export function convChannelsLast(x: Dense, kernel: Dense, bias: Dense | undefined, options: ChannelsLastConv): Dense64 {
  const dims = kernel.shape.length - 2;
  const spatial = x.shape.slice(1, 1 + dims);
  const channels = x.shape[dims + 1]!;
  const groupIn = kernel.shape[dims]!;
  const outChannels = kernel.shape[dims + 1]!;
  const groupOut = outChannels / options.groups;
  const k = kernel.shape.slice(0, dims);
  if (x.shape.length !== dims + 2 || channels !== groupIn * options.groups) {
    throw new TensorError(`input of shape (${x.shape.join(", ")}) does not fit kernel (${kernel.shape.join(", ")}) with groups=${options.groups}: expected ${dims + 2} dims ending in ${groupIn * options.groups} channels`);
  }
  const outSpatial = spatial.map((size, d) => Math.floor((size + options.pads[d]![0] + options.pads[d]![1] - (k[d]! - 1) * options.dilation[d]! - 1) / options.stride[d]!) + 1);
  const [iD, iH, iW] = three(spatial, 1);
  const [oD, oH, oW] = three(outSpatial, 1);
  const [kD, kH, kW] = three(k, 1);
  const [sD, sH, sW] = three(options.stride, 1);
  const [dD, dH, dW] = three(options.dilation, 1);
  const [pD, pH, pW] = three(options.pads.map((p) => p[0]), 0);
  const batch = x.shape[0]!;
  const xs = x.data;
  const ks = kernel.data;
  const out = new Float64Array(batch * oD * oH * oW * outChannels);
  for (let position = 0; position < out.length / outChannels; position++) {
    const outBase = position * outChannels;
    if (bias) for (let o = 0; o < outChannels; o++) out[outBase + o] = bias.data[o]!;
    const ow = position % oW;
    const oh = Math.floor(position / oW) % oH;
    const od = Math.floor(position / (oW * oH)) % oD;
    const n = Math.floor(position / (oW * oH * oD));
    for (let kd = 0; kd < kD; kd++) {
      const id = od * sD + kd * dD - pD;
      if (id < 0 || id >= iD) continue;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH + kh * dH - pH;
        if (ih < 0 || ih >= iH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW + kw * dW - pW;
          if (iw < 0 || iw >= iW) continue;
          const xBase = (((n * iD + id) * iH + ih) * iW + iw) * channels;
          const kBase = ((kd * kH + kh) * kW + kw) * groupIn * outChannels;
          tap(xs, xBase, ks, kBase, out, outBase, options.groups, groupIn, groupOut, outChannels);
        }
      }
    }
  }
  return { data: out, shape: [batch, ...outSpatial, outChannels] };
}

/**
 * One kernel tap at one output position: every input channel's value times its kernel row, into the
 * outputs. Kept apart so that V8 optimises this small, hot function on its own.
 */
function tap(xs: FloatArray, xBase: number, ks: FloatArray, kBase: number, out: Float64Array, outBase: number, groups: number, groupIn: number, groupOut: number, outChannels: number): void {
  for (let g = 0; g < groups; g++) {
    for (let ci = 0; ci < groupIn; ci++) {
      const v = xs[xBase + g * groupIn + ci]!;
      if (v === 0) continue;
      const row = kBase + ci * outChannels + g * groupOut;
      const target = outBase + g * groupOut;
      for (let o = 0; o < groupOut; o++) out[target + o] += v * ks[row + o]!;
    }
  }
}
