// Runs cases through real numpy 1.24 and through weightscope, each result reduced to dtype, shape, bytes and repr.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { NumpyFloat } from "../../src/numpy/scalar.js";
import { pyRepr } from "../../src/python/repr.js";
import { PyFloat } from "../../src/python/values.js";
import { NDArray, type DType } from "../../src/tensor/index.js";
import { ensureDir, generatedDir, runPython } from "../support/oracle.js";

/** An input: an array given by dtype, shape and values, or a Python scalar. */
export type Input = { dtype: DType; shape: number[]; values: (number | boolean)[]; transposed?: boolean } | { py: "int" | "float" | "bool"; value: number | boolean };
export interface Case {
  op: string;
  args: Input[];
  kwargs?: { axis?: number | number[] | null; keepdims?: boolean; rtol?: number; atol?: number; equal_nan?: boolean };
}
/** What both sides are compared on; an error is compared by whether there was one. */
export type Outcome = { dtype: string; shape: number[]; hex: string; repr: string } | { error: true };

const program = String.raw`
import json, sys, numpy as np
def make(x):
    if 'py' in x: return {'int': int, 'float': float, 'bool': bool}[x['py']](x['value'])
    conv = float if x['dtype'].startswith('float') else bool if x['dtype'] == 'bool' else int
    a = np.array([conv(v) for v in x['values']], dtype=x['dtype']).reshape(x['shape'])
    return a.T if x.get('transposed') else a
fns = {'add': np.add, 'sub': np.subtract, 'mul': np.multiply, 'div': np.true_divide, 'abs': np.abs, 'sum': np.sum, 'mean': np.mean,
       'max': np.max, 'min': np.min, 'argmax': np.argmax, 'argmin': np.argmin, 'allclose': np.allclose}
out = []
for case in json.load(open(sys.argv[1])):
    kw = dict(case.get('kwargs', {}))
    if isinstance(kw.get('axis'), list): kw['axis'] = tuple(kw['axis'])
    try:
        with np.errstate(all='ignore'):
            r = fns[case['op']](*[make(a) for a in case['args']], **kw)
        a = np.asarray(r)
        out.append({'dtype': str(a.dtype), 'shape': list(a.shape), 'hex': a.tobytes().hex(), 'repr': repr(r)})
    except Exception:
        out.append({'error': True})
print(json.dumps(out))
`;

/** Floats travel as strings so NaN, infinities and every bit of a double survive JSON. */
function wire(input: Input): unknown {
  if ("py" in input) return input;
  return { ...input, values: input.dtype.startsWith("float") ? input.values.map((v) => (Object.is(v, -0) ? "-0.0" : String(v))) : input.values };
}

export function numpyOutcomes(cases: readonly Case[], name: string): Outcome[] {
  const path = join(ensureDir(generatedDir), `numpy-${name}.json`);
  writeFileSync(path, JSON.stringify(cases.map((c) => ({ ...c, args: c.args.map(wire) }))));
  return JSON.parse(runPython(program, [path])) as Outcome[];
}

/** Our input value: an NDArray, or the JavaScript spelling of a Python scalar (PyFloat for float). */
export function ourInput(input: Input): NDArray | number | boolean | PyFloat {
  if (!("py" in input)) {
    const array = NDArray.from(input.values, { dtype: input.dtype, shape: input.shape });
    return input.transposed ? array.T : array;
  }
  return input.py === "float" ? new PyFloat(input.value as number) : input.value;
}

/**
 * Our result in the same terms as numpy's: scalars are measured as 0-d arrays of their numpy dtype. An
 * int scalar is a plain JavaScript number, which has no width; it is measured in `intDtype`, numpy's.
 */
export function ourOutcome(run: () => unknown, intDtype: string | undefined): Outcome {
  let result: unknown;
  try {
    result = run();
  } catch {
    return { error: true };
  }
  const dtype: DType =
    result instanceof NDArray ? result.dtypeName : result instanceof NumpyFloat ? result.dtypeName : result instanceof PyFloat ? "float64" : typeof result === "boolean" ? "bool" : ((intDtype ?? "int64") as DType);
  const array = result instanceof NDArray ? result : NDArray.from(result instanceof PyFloat ? result.valueOf() : (result as number | bigint | boolean), { dtype });
  return { dtype, shape: [...array.shape], hex: Buffer.from(array.toBytesLE()).toString("hex"), repr: pyRepr(result) };
}

/** A small deterministic generator (mulberry32), so the cases are the same on every run. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
