// Matrix products: matmul of two matrices, linear and bilinear layers over the last dim, embedding lookup.
import { check, numel, shapeText, type Dense, type Dense64 } from "./array.js";

/** (m, k) @ (k, n) -> (m, n). */
export function matmul(a: Dense, b: Dense): Dense64 {
  check(a.shape.length === 2 && b.shape.length === 2 && a.shape[1] === b.shape[0], "matmul", () => `cannot multiply ${shapeText(a.shape)} by ${shapeText(b.shape)}`);
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const value = a.data[i * k + p]!;
      if (value === 0) continue;
      const row = p * n;
      const target = i * n;
      for (let j = 0; j < n; j++) out[target + j] += value * b.data[row + j]!;
    }
  }
  return { data: out, shape: [m, n] };
}

/** x @ weightᵀ + bias over the last dim: (..., in) with weight (out, in) gives (..., out). */
export function linear(input: Dense, weight: Dense, bias?: Dense): Dense64 {
  const features = input.shape[input.shape.length - 1];
  check(input.shape.length >= 1 && weight.shape.length === 2 && weight.shape[1] === features, "linear", () => `input ${shapeText(input.shape)} does not end in the ${weight.shape[1]} features of weight ${shapeText(weight.shape)}`);
  const [outFeatures, inFeatures] = weight.shape as [number, number];
  check(!bias || numel(bias.shape) === outFeatures, "linear", () => `bias ${shapeText(bias!.shape)} does not match ${outFeatures} outputs`);
  const rows = input.data.length / inFeatures;
  const out = new Float64Array(rows * outFeatures);
  const x = input.data;
  const w = weight.data;
  for (let r = 0; r < rows; r++) {
    const xr = r * inFeatures;
    for (let o = 0; o < outFeatures; o++) {
      const wr = o * inFeatures;
      let sum = bias ? bias.data[o]! : 0;
      for (let i = 0; i < inFeatures; i++) sum += x[xr + i]! * w[wr + i]!;
      out[r * outFeatures + o] = sum;
    }
  }
  return { data: out, shape: [...input.shape.slice(0, -1), outFeatures] };
}

/** x1ᵀ A x2 + b: (..., in1) and (..., in2) with weight (out, in1, in2) give (..., out). */
export function bilinear(input1: Dense, input2: Dense, weight: Dense, bias?: Dense): Dense64 {
  check(weight.shape.length === 3, "bilinear", () => `weight ${shapeText(weight.shape)} should have 3 dims`);
  const [outFeatures, in1, in2] = weight.shape as [number, number, number];
  const lead = input1.shape.slice(0, -1);
  check(input1.shape[input1.shape.length - 1] === in1 && input2.shape[input2.shape.length - 1] === in2 && numel(lead) === numel(input2.shape.slice(0, -1)), "bilinear", () => `inputs ${shapeText(input1.shape)} and ${shapeText(input2.shape)} do not fit weight ${shapeText(weight.shape)}`);
  const rows = numel(lead);
  const out = new Float64Array(rows * outFeatures);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outFeatures; o++) {
      let sum = bias ? bias.data[o]! : 0;
      for (let i = 0; i < in1; i++) {
        const a = input1.data[r * in1 + i]!;
        const wr = (o * in1 + i) * in2;
        let inner = 0;
        for (let j = 0; j < in2; j++) inner += weight.data[wr + j]! * input2.data[r * in2 + j]!;
        sum += a * inner;
      }
      out[r * outFeatures + o] = sum;
    }
  }
  return { data: out, shape: [...lead, outFeatures] };
}

/**
 * Rows of `weight` (num, dim) picked by integer indices of any shape: the result has the indices' shape
 * plus dim. With `maxNorm`, torch first rescales every looked-up row whose norm exceeds it, in `weight`
 * itself; that is done here too, so the weights change as they would in torch.
 */
export function embedding(indices: ArrayLike<number>, indexShape: readonly number[], weight: Dense, options: { maxNorm?: number | null; normType?: number } = {}): Dense64 {
  check(weight.shape.length === 2, "embedding", () => `weight ${shapeText(weight.shape)} should have 2 dims`);
  const [count, dim] = weight.shape as [number, number];
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    check(Number.isInteger(index) && index >= 0 && index < count, "embedding", () => `index ${index} is out of range for ${count} embeddings`);
  }
  if (options.maxNorm !== undefined && options.maxNorm !== null) renormRows(indices, weight, options.maxNorm, options.normType ?? 2);
  const out = new Float64Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]! * dim;
    for (let j = 0; j < dim; j++) out[i * dim + j] = weight.data[row + j]!;
  }
  return { data: out, shape: [...indexShape, dim] };
}

/** torch's embedding_renorm_: each distinct looked-up row with norm above maxNorm is scaled to maxNorm / (norm + 1e-7). */
function renormRows(indices: ArrayLike<number>, weight: Dense, maxNorm: number, normType: number): void {
  const dim = weight.shape[1]!;
  const done = new Set<number>();
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (done.has(index)) continue;
    done.add(index);
    const row = weight.data.subarray(index * dim, (index + 1) * dim);
    let norm = 0;
    if (normType === Infinity) for (const v of row) norm = Math.max(norm, Math.abs(v));
    else {
      for (const v of row) norm += Math.abs(v) ** normType;
      norm **= 1 / normType;
    }
    if (norm > maxNorm) {
      const scale = maxNorm / (norm + 1e-7);
      for (let j = 0; j < dim; j++) row[j]! *= scale;
    }
  }
}
