// Convolution layers (plain, depthwise, separable, transposed) and the spatial reshapers (padding, cropping, upsampling).
import { convTranspose, numel, padSpatial, type Dense, type Dense64, type SidePads } from "../../nn/index.js";
import { applyActivation } from "./activations.js";
import { cropSpatial, inChannelsFirst, inChannelsLast, layerError, perDim, permute, sideAmounts, type Config } from "./arrays.js";
import { convChannelsLast } from "./conv-kernel.js";
import { only, type ForwardKind, type LayerCall } from "./kind.js";

/** Spatial sizes of a channels-first array. */
const spatialOf = (x: Dense): number[] => x.shape.slice(2);

/**
 * Keras's padding per side. 'same' pads `max((ceil(i/s) - 1)·s + k_eff - i, 0)` in all, the odd one
 * after (bottom, right); so with stride 2 it depends on whether the size is odd. 'causal' pads only before.
 */
export function kerasPads(padding: unknown, sizes: readonly number[], kernel: readonly number[], stride: readonly number[], dilation: readonly number[], place: string): SidePads[] {
  return sizes.map((size, d) => {
    const span = (kernel[d]! - 1) * dilation[d]! + 1;
    if (padding === "valid") return [0, 0];
    if (padding === "causal") return [span - 1, 0];
    if (padding !== "same") throw layerError(place, `weightscope does not know the padding '${String(padding)}'`);
    const total = Math.max((Math.ceil(size / stride[d]!) - 1) * stride[d]! + span - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
}

/** A transposed Keras kernel (*kernel, out, in) as the shared kernel's (in, out, *kernel). */
function torchKernel(kernel: Dense): Dense64 {
  const dims = kernel.shape.length - 2;
  return permute(kernel, [dims + 1, dims, ...Array.from({ length: dims }, (_, i) => i)]);
}

function geometry(config: Config, dims: number) {
  return {
    kernel: perDim(config.kernel_size, dims, 1),
    stride: perDim(config.strides, dims, 1),
    dilation: perDim(config.dilation_rate, dims, 1),
  };
}

const withBias = (config: Config, names: string[]): string[] => (config.use_bias === false ? names : [...names, "bias"]);

/** Conv1D/2D/3D: cross-correlation with Keras's padding, strides, dilation and groups, then the fused activation. */
function convolution(dims: number): ForwardKind {
  return {
    weights: (config) => withBias(config, ["kernel"]),
    run: (inputs, call) => {
      const { kernel, stride, dilation } = geometry(call.config, dims);
      const groups = typeof call.config.groups === "number" ? call.config.groups : 1;
      const out = inChannelsLast(only(inputs), call.config, (x) =>
        convChannelsLast(x, call.weights.kernel!, call.weights.bias, { stride, dilation, groups, pads: kerasPads(call.config.padding, x.shape.slice(1, -1), kernel, stride, dilation, call.place) }),
      );
      return applyActivation(out, call.config.activation, call.keras3, call.place);
    },
  };
}

/** A depthwise kernel (*kernel, C, m) is a grouped kernel (*kernel, 1, C·m) with C groups: the same values in the same order. */
function depthwiseStep(x: Dense, call: LayerCall, dims: number, kernelWeights: Dense, bias: Dense | undefined): Dense64 {
  const { kernel, stride, dilation } = geometry(call.config, dims);
  const pads = kerasPads(call.config.padding, x.shape.slice(1, -1), kernel, stride, dilation, call.place);
  const [channels, multiplier] = kernelWeights.shape.slice(dims) as [number, number];
  const grouped = { data: kernelWeights.data, shape: [...kernelWeights.shape.slice(0, dims), 1, channels * multiplier] };
  return convChannelsLast(x, grouped, bias, { stride, dilation, groups: channels, pads });
}

function depthwise(dims: number): ForwardKind {
  return {
    weights: (config) => withBias(config, ["depthwise_kernel"]),
    run: (inputs, call) => {
      const out = inChannelsLast(only(inputs), call.config, (x) => depthwiseStep(x, call, dims, call.weights.depthwise_kernel!, call.weights.bias));
      return applyActivation(out, call.config.activation, call.keras3, call.place);
    },
  };
}

/** A depthwise convolution followed by a 1x1 convolution, the bias after both. */
function separable(dims: number): ForwardKind {
  const pointwise = { stride: new Array<number>(dims).fill(1), dilation: new Array<number>(dims).fill(1), pads: new Array<SidePads>(dims).fill([0, 0]), groups: 1 };
  return {
    weights: (config) => withBias(config, ["depthwise_kernel", "pointwise_kernel"]),
    run: (inputs, call) => {
      const out = inChannelsLast(only(inputs), call.config, (x) => convChannelsLast(depthwiseStep(x, call, dims, call.weights.depthwise_kernel!, undefined), call.weights.pointwise_kernel!, call.weights.bias, pointwise));
      return applyActivation(out, call.config.activation, call.keras3, call.place);
    },
  };
}

/**
 * Conv1D/2D/3DTranspose. The full transposed convolution is computed, then the window Keras keeps: the
 * output length is i·s for 'same' (i·s + max(k_eff - s, 0) for 'valid') unless output_padding sets it, and
 * the window starts where the matching forward 'same' convolution would have padded.
 */
function transposed(dims: number): ForwardKind {
  return {
    weights: (config) => withBias(config, ["kernel"]),
    run: (inputs, call) => {
      const { kernel, stride, dilation } = geometry(call.config, dims);
      const same = call.config.padding === "same";
      const outputPadding = Array.isArray(call.config.output_padding) || typeof call.config.output_padding === "number" ? perDim(call.config.output_padding, dims, 0) : undefined;
      const out = inChannelsFirst(only(inputs), call.config, (x) => {
        const windows = spatialOf(x).map((size, d) => {
          const span = (kernel[d]! - 1) * dilation[d]! + 1;
          const length = outputPadding ? (size - 1) * stride[d]! + span - 2 * (same ? Math.floor(span / 2) : 0) + outputPadding[d]! : same ? size * stride[d]! : size * stride[d]! + Math.max(span - stride[d]!, 0);
          const start = same ? Math.floor(Math.max((Math.ceil(length / stride[d]!) - 1) * stride[d]! + span - length, 0) / 2) : 0;
          const extra = Math.max(0, start + length - ((size - 1) * stride[d]! + span));
          return { start, length, extra };
        });
        const full = convTranspose(x, torchKernel(call.weights.kernel!), call.weights.bias, { stride, dilation, outputPadding: windows.map((w) => w.extra) });
        return cropSpatial(full, windows.map((w) => [w.start, w.start + w.length] as const));
      });
      return applyActivation(out, call.config.activation, call.keras3, call.place);
    },
  };
}

function zeroPadding(dims: number): ForwardKind {
  return { run: (inputs, call) => inChannelsFirst(only(inputs), call.config, (x) => padSpatial(x, sideAmounts(call.config.padding, dims), "zeros")) };
}

function cropping(dims: number): ForwardKind {
  return {
    run: (inputs, call) =>
      inChannelsFirst(only(inputs), call.config, (x) => cropSpatial(x, sideAmounts(call.config.cropping, dims).map(([before, after], d) => [before, spatialOf(x)[d]! - after] as const))),
  };
}

/** Nearest-neighbour upsampling: each element repeated `size` times along each spatial dim. */
function nearest(x: Dense, factors: readonly number[]): Dense64 {
  const spatial = spatialOf(x);
  const outSpatial = spatial.map((size, d) => size * factors[d]!);
  const planes = x.shape[0]! * x.shape[1]!;
  const [inPlane, outPlane] = [numel(spatial), numel(outSpatial)];
  const inStrides = spatial.map((_, d) => numel(spatial.slice(d + 1)));
  const out = new Float64Array(planes * outPlane);
  for (let o = 0; o < outPlane; o++) {
    let rest = o;
    let source = 0;
    for (let d = spatial.length - 1; d >= 0; d--) {
      source += Math.floor((rest % outSpatial[d]!) / factors[d]!) * inStrides[d]!;
      rest = Math.floor(rest / outSpatial[d]!);
    }
    for (let p = 0; p < planes; p++) out[p * outPlane + o] = x.data[p * inPlane + source]!;
  }
  return { data: out, shape: [x.shape[0]!, x.shape[1]!, ...outSpatial] };
}

/**
 * For each output position along one axis, the two source positions and the weight of the second, as
 * TensorFlow's resize computes them: the source coordinate is o·in/out, or (o + 0.5)·in/out - 0.5 with
 * half-pixel centres (clamped at the edges).
 */
function linearTaps(inSize: number, outSize: number, halfPixel: boolean): Array<readonly [lower: number, upper: number, lerp: number]> {
  const scale = inSize / outSize;
  return Array.from({ length: outSize }, (_, o) => {
    const source = halfPixel ? (o + 0.5) * scale - 0.5 : o * scale;
    const floor = Math.floor(source);
    return [Math.max(floor, 0), Math.min(Math.ceil(source), inSize - 1), source - floor] as const;
  });
}

/** Bilinear upsampling of (N, C, H, W): rows interpolated between the two nearest source rows, then columns. */
function bilinear(x: Dense, factors: readonly number[], halfPixel: boolean): Dense64 {
  const [height, width] = spatialOf(x) as [number, number];
  const rows = linearTaps(height, height * factors[0]!, halfPixel);
  const columns = linearTaps(width, width * factors[1]!, halfPixel);
  const planes = x.shape[0]! * x.shape[1]!;
  const out = new Float64Array(planes * rows.length * columns.length);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = p * height * width;
    for (const [top, bottom, down] of rows) {
      for (const [left, right, across] of columns) {
        const at = (r: number, c: number) => x.data[plane + r * width + c]!;
        const upper = at(top, left) + (at(top, right) - at(top, left)) * across;
        const lower = at(bottom, left) + (at(bottom, right) - at(bottom, left)) * across;
        out[o++] = upper + (lower - upper) * down;
      }
    }
  }
  return { data: out, shape: [x.shape[0]!, x.shape[1]!, rows.length, columns.length] };
}

/** Upsampling by whole factors: nearest for every rank; UpSampling2D also bilinear, in the resize convention of the Keras that wrote the file. */
function upsampling(dims: number): ForwardKind {
  return {
    run: (inputs, call) => {
      const interpolation = call.config.interpolation ?? "nearest";
      const factors = perDim(call.config.size, dims, 2);
      if (interpolation === "nearest") return inChannelsFirst(only(inputs), call.config, (x) => nearest(x, factors));
      if (interpolation === "bilinear" && dims === 2) return inChannelsFirst(only(inputs), call.config, (x) => bilinear(x, factors, call.halfPixelResize));
      throw layerError(call.place, `weightscope runs UpSampling${dims}D with ${dims === 2 ? "nearest or bilinear" : "nearest"} interpolation only, not '${String(interpolation)}'`);
    },
  };
}

export const convolutionKinds: Readonly<Record<string, ForwardKind>> = {
  Conv1D: convolution(1),
  Conv2D: convolution(2),
  Conv3D: convolution(3),
  DepthwiseConv1D: depthwise(1),
  DepthwiseConv2D: depthwise(2),
  SeparableConv1D: separable(1),
  SeparableConv2D: separable(2),
  Conv1DTranspose: transposed(1),
  Conv2DTranspose: transposed(2),
  Conv3DTranspose: transposed(3),
  ZeroPadding1D: zeroPadding(1),
  ZeroPadding2D: zeroPadding(2),
  ZeroPadding3D: zeroPadding(3),
  Cropping1D: cropping(1),
  Cropping2D: cropping(2),
  Cropping3D: cropping(3),
  UpSampling1D: upsampling(1),
  UpSampling2D: upsampling(2),
  UpSampling3D: upsampling(3),
};
