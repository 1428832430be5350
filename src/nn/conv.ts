// Convolutions in channels-first layout, 1-, 2- and 3-d through one loop nest: plain and transposed, grouped, dilated.
import { check, numel, perDim, shapeText, type Dense, type Dense64, type FloatArray } from "./array.js";
import { asThreeD, batched, padSpatial, sidePads, threeD, windowCount, type Padding, type PaddingMode, type SidePads } from "./pad.js";

export interface ConvOptions {
  stride?: number | readonly number[];
  padding?: Padding;
  dilation?: number | readonly number[];
  groups?: number;
  /** How the padded border is filled; anything but zeros pads the input first, as torch does. */
  paddingMode?: PaddingMode;
}

export interface ConvTransposeOptions {
  stride?: number | readonly number[];
  padding?: number | readonly number[];
  outputPadding?: number | readonly number[];
  dilation?: number | readonly number[];
  groups?: number;
}

/**
 * Cross-correlation as torch's convNd: input (N, C_in, *spatial) or (C_in, *spatial), weight
 * (C_out, C_in / groups, *kernel), bias (C_out).
 */
export function conv(input: Dense, weight: Dense, bias: Dense | undefined, options: ConvOptions = {}): Dense64 {
  const dims = weight.shape.length - 2;
  const name = `conv${dims}d`;
  check(dims >= 1 && dims <= 3, "conv", () => `weight ${shapeText(weight.shape)} is not a 1-, 2- or 3-d kernel`);
  const { input: x, unbatch } = batched(input, dims, name);
  const groups = options.groups ?? 1;
  const kernel = weight.shape.slice(2);
  const stride = perDim(options.stride ?? 1, dims, name, "stride");
  const dilation = perDim(options.dilation ?? 1, dims, name, "dilation");
  check(!(options.padding === "same" && stride.some((s) => s !== 1)), name, () => "padding='same' is not supported for strided convolutions");
  let pads = sidePads(options.padding ?? 0, kernel, dilation, name);
  let source = x;
  if ((options.paddingMode ?? "zeros") !== "zeros") {
    source = padSpatial(x, pads, options.paddingMode!);
    pads = pads.map(() => [0, 0] as SidePads);
  }
  const [batch, channels] = source.shape as [number, number];
  const [outChannels, groupInChannels] = weight.shape as [number, number];
  check(channels === groupInChannels * groups && outChannels % groups === 0, name, () => `weight ${shapeText(weight.shape)} with groups=${groups} expects ${groupInChannels * groups} input channels, got input of size ${shapeText(input.shape)}`);
  check(!bias || numel(bias.shape) === outChannels, name, () => `bias has ${numel(bias!.shape)} values for ${outChannels} output channels`);
  const spatial = source.shape.slice(2);
  const outSpatial = spatial.map((size, d) => windowCount(size, kernel[d]!, stride[d]!, pads[d]![0], pads[d]![1], dilation[d]!));
  check(outSpatial.every((size) => size > 0), name, () => `input of size ${shapeText(input.shape)} is smaller than the (dilated) kernel ${shapeText(kernel)} after padding`);

  const out = new Float64Array(batch * outChannels * numel(outSpatial));
  if (bias) {
    const plane = numel(outSpatial);
    for (let n = 0; n < batch; n++) for (let oc = 0; oc < outChannels; oc++) out.fill(bias.data[oc]!, (n * outChannels + oc) * plane, (n * outChannels + oc + 1) * plane);
  }
  const g: Geometry = {
    batch, channels, outChannels, groups, groupChannels: groupInChannels,
    input: asThreeD(source.shape).slice(2) as Triple, kernel: threeD(kernel, 1) as Triple, stride: threeD(stride, 1) as Triple,
    dilation: threeD(dilation, 1) as Triple, pad: threeD(pads.map((p) => p[0]), 0) as Triple, output: threeD(outSpatial, 1) as Triple,
  };
  correlate(source.data, weight.data, out, g);
  return unbatch({ data: out, shape: [batch, outChannels, ...outSpatial] });
}

/**
 * The transpose of conv (the gradient of conv with respect to its input), as torch's conv_transposeNd:
 * weight (C_in, C_out / groups, *kernel); each spatial output size is
 * (in - 1)·s - 2p + d(k - 1) + output_padding + 1.
 */
export function convTranspose(input: Dense, weight: Dense, bias: Dense | undefined, options: ConvTransposeOptions = {}): Dense64 {
  const dims = weight.shape.length - 2;
  const name = `conv_transpose${dims}d`;
  check(dims >= 1 && dims <= 3, "conv_transpose", () => `weight ${shapeText(weight.shape)} is not a 1-, 2- or 3-d kernel`);
  const { input: x, unbatch } = batched(input, dims, name);
  const groups = options.groups ?? 1;
  const kernel = weight.shape.slice(2);
  const stride = perDim(options.stride ?? 1, dims, name, "stride");
  const dilation = perDim(options.dilation ?? 1, dims, name, "dilation");
  const padding = perDim(options.padding ?? 0, dims, name, "padding");
  const outputPadding = perDim(options.outputPadding ?? 0, dims, name, "output_padding");
  check(outputPadding.every((p, d) => p < stride[d]! || p < dilation[d]!), name, () => "output_padding must be smaller than either stride or dilation");
  const [batch, channels] = x.shape as [number, number];
  const [inChannels, groupOutChannels] = weight.shape as [number, number];
  check(channels === inChannels && inChannels % groups === 0, name, () => `weight ${shapeText(weight.shape)} expects ${inChannels} input channels, got input of size ${shapeText(input.shape)}`);
  const outChannels = groupOutChannels * groups;
  check(!bias || numel(bias.shape) === outChannels, name, () => `bias has ${numel(bias!.shape)} values for ${outChannels} output channels`);
  const spatial = x.shape.slice(2);
  const outSpatial = spatial.map((size, d) => (size - 1) * stride[d]! - 2 * padding[d]! + dilation[d]! * (kernel[d]! - 1) + outputPadding[d]! + 1);
  check(outSpatial.every((size) => size > 0), name, () => `the output would have size ${shapeText(outSpatial)}`);

  const out = new Float64Array(batch * outChannels * numel(outSpatial));
  if (bias) {
    const plane = numel(outSpatial);
    for (let n = 0; n < batch; n++) for (let oc = 0; oc < outChannels; oc++) out.fill(bias.data[oc]!, (n * outChannels + oc) * plane, (n * outChannels + oc + 1) * plane);
  }
  const g: Geometry = {
    batch, channels: inChannels, outChannels, groups, groupChannels: groupOutChannels,
    input: asThreeD(x.shape).slice(2) as Triple, kernel: threeD(kernel, 1) as Triple, stride: threeD(stride, 1) as Triple,
    dilation: threeD(dilation, 1) as Triple, pad: threeD(padding, 0) as Triple, output: threeD(outSpatial, 1) as Triple,
  };
  scatter(x.data, weight.data, out, g);
  return unbatch({ data: out, shape: [batch, outChannels, ...outSpatial] });
}

type Triple = [number, number, number];

/** The sizes the loop nests need, spatial ones padded to three dims. */
interface Geometry {
  batch: number;
  channels: number;
  outChannels: number;
  groups: number;
  /** Input channels per group (conv) or output channels per group (transposed). */
  groupChannels: number;
  input: Triple;
  kernel: Triple;
  stride: Triple;
  dilation: Triple;
  pad: Triple;
  output: Triple;
}

// The loops are split so that the innermost function (one channel pair) is called often and V8 optimises
// it as a whole; one long-running function would only be optimised mid-loop, and slowly.

/** For each kernel tap along each axis, the output range [start, end) whose input position is inside the input. */
interface TapRanges {
  d: Int32Array;
  h: Int32Array;
  w: Int32Array;
}

function tapRanges(g: Geometry, transposed: boolean): TapRanges {
  const axis = (a: number): Int32Array => {
    const ranges = new Int32Array(2 * g.kernel[a]!);
    // A transposed convolution walks input positions: the roles of the two sizes swap.
    const [size, count] = transposed ? [g.output[a]!, g.input[a]!] : [g.input[a]!, g.output[a]!];
    for (let k = 0; k < g.kernel[a]!; k++) {
      const tap = k * g.dilation[a]!;
      ranges[2 * k] = rangeStart(tap, g.stride[a]!, g.pad[a]!);
      ranges[2 * k + 1] = rangeEnd(tap, g.stride[a]!, g.pad[a]!, size, count);
    }
    return ranges;
  };
  return { d: axis(0), h: axis(1), w: axis(2) };
}

/** out[n, oc, o] += w[oc, icg, k] · x[n, group·C/g + icg, o·s + k·d - p]. */
function correlate(xs: FloatArray, ws: FloatArray, out: Float64Array, g: Geometry): void {
  const ranges = tapRanges(g, false);
  const outPlane = g.output[0] * g.output[1] * g.output[2];
  const inPlane = g.input[0] * g.input[1] * g.input[2];
  const kernelSize = g.kernel[0] * g.kernel[1] * g.kernel[2];
  const groupOut = g.outChannels / g.groups;
  for (let n = 0; n < g.batch; n++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      const group = Math.floor(oc / groupOut);
      for (let icg = 0; icg < g.groupChannels; icg++) {
        const inBase = (n * g.channels + group * g.groupChannels + icg) * inPlane;
        correlatePair(xs, inBase, ws, (oc * g.groupChannels + icg) * kernelSize, out, (n * g.outChannels + oc) * outPlane, g, ranges);
      }
    }
  }
}

/** One input plane through one kernel into one output plane, a kernel tap at a time over whole output rows. */
function correlatePair(xs: FloatArray, inBase: number, ws: FloatArray, wBase: number, out: Float64Array, outBase: number, g: Geometry, ranges: TapRanges): void {
  const inH = g.input[1];
  const inW = g.input[2];
  const [kD, kH, kW] = g.kernel;
  const [sD, sH, sW] = g.stride;
  const [dD, dH, dW] = g.dilation;
  const [pD, pH, pW] = g.pad;
  const oH = g.output[1];
  const oW = g.output[2];
  for (let kd = 0; kd < kD; kd++) {
    const d1 = ranges.d[2 * kd + 1]!;
    for (let kh = 0; kh < kH; kh++) {
      const h1 = ranges.h[2 * kh + 1]!;
      for (let kw = 0; kw < kW; kw++) {
        const w0 = ranges.w[2 * kw]!;
        const w1 = ranges.w[2 * kw + 1]!;
        const w = ws[wBase + (kd * kH + kh) * kW + kw]!;
        if (w === 0) continue;
        for (let od = ranges.d[2 * kd]!; od < d1; od++) {
          const id = od * sD + kd * dD - pD;
          for (let oh = ranges.h[2 * kh]!; oh < h1; oh++) {
            const ih = oh * sH + kh * dH - pH;
            const outRow = outBase + (od * oH + oh) * oW;
            const inRow = inBase + (id * inH + ih) * inW + kw * dW - pW;
            for (let ow = w0; ow < w1; ow++) out[outRow + ow] += w * xs[inRow + ow * sW]!;
          }
        }
      }
    }
  }
}

/** out[n, group·O/g + ocg, i·s + k·d - p] += w[ic, ocg, k] · x[n, ic, i]: each input spread over the output. */
function scatter(xs: FloatArray, ws: FloatArray, out: Float64Array, g: Geometry): void {
  const ranges = tapRanges(g, true);
  const outPlane = g.output[0] * g.output[1] * g.output[2];
  const inPlane = g.input[0] * g.input[1] * g.input[2];
  const kernelSize = g.kernel[0] * g.kernel[1] * g.kernel[2];
  const groupIn = g.channels / g.groups;
  for (let n = 0; n < g.batch; n++) {
    for (let ic = 0; ic < g.channels; ic++) {
      const group = Math.floor(ic / groupIn);
      for (let ocg = 0; ocg < g.groupChannels; ocg++) {
        const outBase = (n * g.outChannels + group * g.groupChannels + ocg) * outPlane;
        scatterPair(xs, (n * g.channels + ic) * inPlane, ws, (ic * g.groupChannels + ocg) * kernelSize, out, outBase, g, ranges);
      }
    }
  }
}

function scatterPair(xs: FloatArray, inBase: number, ws: FloatArray, wBase: number, out: Float64Array, outBase: number, g: Geometry, ranges: TapRanges): void {
  const inH = g.input[1];
  const inW = g.input[2];
  const [kD, kH, kW] = g.kernel;
  const [sD, sH, sW] = g.stride;
  const [dD, dH, dW] = g.dilation;
  const [pD, pH, pW] = g.pad;
  const oH = g.output[1];
  const oW = g.output[2];
  for (let kd = 0; kd < kD; kd++) {
    const d1 = ranges.d[2 * kd + 1]!;
    for (let kh = 0; kh < kH; kh++) {
      const h1 = ranges.h[2 * kh + 1]!;
      for (let kw = 0; kw < kW; kw++) {
        const w0 = ranges.w[2 * kw]!;
        const w1 = ranges.w[2 * kw + 1]!;
        const w = ws[wBase + (kd * kH + kh) * kW + kw]!;
        if (w === 0) continue;
        for (let id = ranges.d[2 * kd]!; id < d1; id++) {
          const od = id * sD + kd * dD - pD;
          for (let ih = ranges.h[2 * kh]!; ih < h1; ih++) {
            const oh = ih * sH + kh * dH - pH;
            const inRow = inBase + (id * inH + ih) * inW;
            const outRow = outBase + (od * oH + oh) * oW + kw * dW - pW;
            for (let iw = w0; iw < w1; iw++) out[outRow + iw * sW] += w * xs[inRow + iw]!;
          }
        }
      }
    }
  }
}

/** The first position o >= 0 with o·s + tap - pad >= 0. */
function rangeStart(tap: number, stride: number, pad: number): number {
  return Math.max(0, Math.ceil((pad - tap) / stride));
}

/** One past the last position o < count with o·s + tap - pad < size (never before rangeStart). */
function rangeEnd(tap: number, stride: number, pad: number, size: number, count: number): number {
  return Math.max(rangeStart(tap, stride, pad), Math.min(count, Math.floor((size - 1 + pad - tap) / stride) + 1));
}
