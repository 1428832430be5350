// Which row describes a value: torch and numpy rows first (torch.Size is a tuple), then the builtins.
import { PythonTypeError } from "./errors.js";
import { NDArray, NumpyDtype, numpyStr } from "../tensor/index.js";
import { builtinRows, builtins } from "./builtins.js";
import { declareMethods, PyClass } from "./classes.js";
import { ndarrayMembers } from "./tensor-members.js";
import { torchRows } from "./torch-types.js";
import { kerasRows } from "./keras-types.js";
import { transferRows } from "./transfer-types.js";
import { NumpyFloat } from "../numpy/scalar.js";
import { row, type TypeRow } from "./types.js";

export const ndarrayClass = declareMethods(
  new PyClass({ module: "numpy", qualname: "ndarray", doc: "numpy's n-dimensional array: one dtype, a shape and byte strides over a buffer. Tensor.numpy() gives one that shares the tensor's storage.", members: ndarrayMembers }),
  NDArray,
);

const numpyDtypeClass = new PyClass({ module: "numpy", qualname: "dtype", doc: "An array's element type: its name, size in bytes and kind. It prints as dtype('float32'); str() gives the bare name." });

/** numpy.float32 and numpy.float16, the scalars reductions of those arrays give. */
const numpyFloatClasses = {
  float32: new PyClass({ module: "numpy", qualname: "float32", doc: "A single-precision float scalar; it prints with the shortest digits that read back as the same float32." }),
  float16: new PyClass({ module: "numpy", qualname: "float16", doc: "A half-precision float scalar; it prints with the shortest digits that read back as the same float16." }),
};

const numpyRows: readonly TypeRow<unknown>[] = [
  row<NumpyFloat>({ test: (v) => v instanceof NumpyFloat, cls: (v) => numpyFloatClasses[v.dtypeName], repr: (v) => v.toString() }),
  row<NumpyDtype>({ test: (v) => v instanceof NumpyDtype, cls: numpyDtypeClass, repr: (v) => `dtype('${v.name}')`, str: (v) => v.name }),
  row<NDArray>({
    test: (v) => v instanceof NDArray,
    cls: ndarrayClass,
    repr: (v) => String(v),
    str: (v) => numpyStr(v),
    len: (v) => {
      if (v.ndim === 0) throw new PythonTypeError("len() of unsized object");
      return v.shape[0]!;
    },
  }),
];

let rows: readonly TypeRow<unknown>[] | undefined;

/** The row for a value; plain objects of no known class fall to `object`. */
export function rowOf(value: unknown): TypeRow<unknown> {
  rows ??= [...torchRows, ...transferRows, ...kerasRows, ...numpyRows, ...builtinRows];
  for (const candidate of rows) if (candidate.test(value)) return candidate;
  return fallbackRow;
}

const fallbackRow: TypeRow<unknown> = { test: () => true, cls: builtins.object };

/** Python's `type(value)`. */
export function typeOf(value: unknown): PyClass {
  const { cls } = rowOf(value);
  return cls instanceof PyClass ? cls : cls(value as never);
}
