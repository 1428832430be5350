// Pooling in channels-first layout through one 3-d loop nest: max and average windows, and adaptive ones.
import { check, perDim, shapeText, type Dense, type Dense64 } from "./array.js";
import { asThreeD, batched, threeD, windowCount } from "./pad.js";

export interface PoolOptions {
  /** Defaults to the kernel size, as torch's `stride=None`. */
  stride?: number | readonly number[] | null;
  padding?: number | readonly number[];
  ceilMode?: boolean;
}

export interface MaxPoolOptions extends PoolOptions {
  dilation?: number | readonly number[];
}

export interface AvgPoolOptions extends PoolOptions {
  /** Whether the zero padding counts in each window's divisor (torch's default: true). */
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

interface Geometry {
  name: string;
  x: Dense;
  unbatch: (out: Dense64) => Dense64;
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  outSpatial: number[];
}

function geometry(kind: string, input: Dense, dims: number, kernelSize: number | readonly number[], options: MaxPoolOptions): Geometry {
  const name = `${kind}${dims}d`;
  const { input: x, unbatch } = batched(input, dims, name);
  const kernel = perDim(kernelSize, dims, name, "kernel_size");
  const stride = options.stride === undefined || options.stride === null || (Array.isArray(options.stride) && options.stride.length === 0) ? kernel : perDim(options.stride, dims, name, "stride");
  const padding = perDim(options.padding ?? 0, dims, name, "padding");
  const dilation = perDim(options.dilation ?? 1, dims, name, "dilation");
  check(padding.every((p, d) => p <= kernel[d]! / 2), name, () => `pad should be at most half of the effective kernel size, got padding ${shapeText(padding)} for kernel ${shapeText(kernel)}`);
  const spatial = x.shape.slice(2);
  const outSpatial = spatial.map((size, d) => windowCount(size, kernel[d]!, stride[d]!, padding[d]!, padding[d]!, dilation[d]!, options.ceilMode ?? false));
  check(outSpatial.every((size) => size > 0), name, () => `input of size ${shapeText(input.shape)} gives an output of size ${shapeText(outSpatial)}, which is too small`);
  return { name, x, unbatch, kernel, stride, padding, dilation, outSpatial };
}

/** Max over each window; padding counts as -infinity, and a NaN in a window wins, as in torch. */
export function maxPool(input: Dense, dims: number, kernelSize: number | readonly number[], options: MaxPoolOptions = {}): Dense64 {
  const g = geometry("max_pool", input, dims, kernelSize, options);
  const [kD, kH, kW] = threeD(g.kernel, 1);
  const [dD, dH, dW] = threeD(g.dilation, 1);
  return slide(g, (xs, base, inD, inH, inW, d0, h0, w0) => {
    let best = -Infinity;
    for (let kd = 0; kd < kD; kd++) {
      const id = d0 + kd * dD;
      if (id < 0 || id >= inD) continue;
      for (let kh = 0; kh < kH; kh++) {
        const ih = h0 + kh * dH;
        if (ih < 0 || ih >= inH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = w0 + kw * dW;
          if (iw < 0 || iw >= inW) continue;
          const v = xs[base + (id * inH + ih) * inW + iw]!;
          if (v > best || Number.isNaN(v)) best = v;
          if (Number.isNaN(v)) return v;
        }
      }
    }
    return best;
  });
}

/**
 * Mean over each window, divided as torch divides: by the window clipped to input-plus-padding when
 * count_include_pad, else by the input elements it covers, or by divisor_override when given.
 */
export function avgPool(input: Dense, dims: number, kernelSize: number | readonly number[], options: AvgPoolOptions = {}): Dense64 {
  const g = geometry("avg_pool", input, dims, kernelSize, { ...options, dilation: 1 });
  const includePad = options.countIncludePad ?? true;
  const divisorOverride = options.divisorOverride ?? null;
  const [pD, pH, pW] = threeD(g.padding, 0);
  const [kD, kH, kW] = threeD(g.kernel, 1);
  return slide(g, (xs, base, inD, inH, inW, d0, h0, w0) => {
    const d1 = Math.min(d0 + kD, inD + pD);
    const h1 = Math.min(h0 + kH, inH + pH);
    const w1 = Math.min(w0 + kW, inW + pW);
    const padded = (d1 - d0) * (h1 - h0) * (w1 - w0);
    const ds = Math.max(d0, 0);
    const de = Math.min(d1, inD);
    const hs = Math.max(h0, 0);
    const he = Math.min(h1, inH);
    const ws = Math.max(w0, 0);
    const we = Math.min(w1, inW);
    if (ds >= de || hs >= he || ws >= we) return 0;
    let sum = 0;
    for (let id = ds; id < de; id++) for (let ih = hs; ih < he; ih++) for (let iw = ws; iw < we; iw++) sum += xs[base + (id * inH + ih) * inW + iw]!;
    const divisor = divisorOverride ?? (includePad ? padded : (de - ds) * (he - hs) * (we - ws));
    return sum / divisor;
  });
}

/** One window's value, given the plane's start in the input, the input sizes and where the window starts per dim (before padding). */
type WindowReduce = (xs: Dense["data"], planeBase: number, inD: number, inH: number, inW: number, d0: number, h0: number, w0: number) => number;

/** Runs `reduce` on every window of every (n, c) plane; windows start at o·s - p per dim. */
function slide(g: Geometry, reduce: WindowReduce): Dense64 {
  const [batch, channels, inD, inH, inW] = asThreeD(g.x.shape);
  const [sD, sH, sW] = threeD(g.stride, 1);
  const [pD, pH, pW] = threeD(g.padding, 0);
  const [oD, oH, oW] = threeD(g.outSpatial, 1);
  const inPlane = inD * inH * inW;
  const out = new Float64Array(batch * channels * oD * oH * oW);
  let index = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * inPlane;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) out[index++] = reduce(g.x.data, base, inD, inH, inW, od * sD - pD, oh * sH - pH, ow * sW - pW);
      }
    }
  }
  return g.unbatch({ data: out, shape: [batch, channels, ...g.outSpatial] });
}

/**
 * Adaptive pooling to a fixed output size: output o along a dim covers inputs floor(o·in/out) up to
 * ceil((o+1)·in/out). A null size keeps the input's.
 */
export function adaptivePool(input: Dense, dims: number, outputSize: number | readonly (number | null)[], reduce: "avg" | "max"): Dense64 {
  const name = `adaptive_${reduce}_pool${dims}d`;
  const { input: x, unbatch } = batched(input, dims, name);
  const spatial = x.shape.slice(2);
  const requested = typeof outputSize === "number" ? spatial.map(() => outputSize) : outputSize.length === 1 ? spatial.map(() => outputSize[0]!) : [...outputSize];
  check(requested.length === dims, name, () => `output_size needs ${dims} values, got ${requested.length}`);
  const outSpatial = requested.map((size, d) => size ?? spatial[d]!);
  check(outSpatial.every((size) => Number.isInteger(size) && size >= 0), name, () => `output_size ${shapeText(outSpatial)} is not a list of sizes`);
  const [batch, channels, inD, inH, inW] = asThreeD(x.shape);
  const [oD, oH, oW] = threeD(outSpatial, 1);
  const start = (o: number, out: number, size: number): number => Math.floor((o * size) / out);
  const end = (o: number, out: number, size: number): number => Math.ceil(((o + 1) * size) / out);
  const out = new Float64Array(batch * channels * oD * oH * oW);
  let index = 0;
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * inD * inH * inW;
    for (let od = 0; od < oD; od++) {
      const [d0, d1] = [start(od, oD, inD), end(od, oD, inD)];
      for (let oh = 0; oh < oH; oh++) {
        const [h0, h1] = [start(oh, oH, inH), end(oh, oH, inH)];
        for (let ow = 0; ow < oW; ow++) {
          const [w0, w1] = [start(ow, oW, inW), end(ow, oW, inW)];
          let acc = reduce === "max" ? -Infinity : 0;
          for (let id = d0; id < d1; id++) {
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const v = x.data[base + (id * inH + ih) * inW + iw]!;
                if (reduce === "avg") acc += v;
                else if (v > acc || Number.isNaN(v)) acc = Number.isNaN(acc) ? acc : v;
              }
            }
          }
          out[index++] = reduce === "avg" ? acc / ((d1 - d0) * (h1 - h0) * (w1 - w0)) : acc;
        }
      }
    }
  }
  return unbatch({ data: out, shape: [batch, channels, ...outSpatial] });
}
