// The prompt's globals (torch, np, inspect, dir, type, help, print...), each writing to the stream it is given.
import type { DType } from "../tensor/index.js";
import { numpy as numpyLibrary } from "../numpy/namespace.js";
import { torch as torchLibrary } from "../torch/index.js";
import { TorchModule } from "../torch/modules/module.js";
import { DTYPES } from "../tensor/dtypes.js";
import { TorchDtype } from "../torch/values.js";
import { dir, getmembers, inspect, isinstance, len, type, zip } from "./face.js";
import { helpText } from "./help.js";
import { pyRepr, pyStr } from "./repr.js";
import { ndarrayClass } from "./table.js";
import { pyModule } from "./values.js";
import { WeightscopeError } from "../errors.js";
import { kerasReaderIfLoaded, loadKerasReader } from "../keras/on-demand.js";
import { transfer, verify } from "../transfer/index.js";

type Write = (text: string) => void;

function isKwargs(value: unknown): value is { sep?: string; end?: string } {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Python's `print(*values, sep=' ', end='\n')`; keyword arguments as a last object: `print(a, b, {sep: ", "})`. */
export function makePrint(write: Write): (...values: unknown[]) => void {
  return (...values) => {
    const last = values[values.length - 1];
    const kwargs = values.length > 0 && isKwargs(last) && Object.keys(last).every((k) => k === "sep" || k === "end") ? (values.pop() as { sep?: string; end?: string }) : {};
    write(values.map(pyStr).join(kwargs.sep ?? " ") + (kwargs.end ?? "\n"));
  };
}

/** Python's `help(value)`, writing pydoc's page. */
export function makeHelp(write: Write): (value: unknown) => void {
  return (value) => write(helpText(value));
}

const dtypeNames = Object.keys(DTYPES) as DType[];

/** `torch` at the prompt: the library's namespace plus dtype objects (`torch.float32`) and `torch.nn.Module`. */
export const promptTorch = pyModule("torch", {
  ...torchLibrary,
  nn: pyModule("torch.nn", Object.assign({}, torchLibrary.nn, { Module: TorchModule, init: pyModule("torch.nn.init", { ...torchLibrary.nn.init }) })),
  ...Object.fromEntries(dtypeNames.flatMap((name) => [name, ...DTYPES[name].torchAliases].map((alias) => [alias, TorchDtype.of(name)]))),
});

/** `np` at the prompt: src/numpy's namespace (dtypes are their names, `np.float32` is "float32") plus the ndarray class. */
export const np = pyModule("numpy", { ...numpyLibrary, ndarray: ndarrayClass });

/** The Keras reader, or a one-line error while it is still loading (the prompt waits for it instead; see repl/). */
function kerasReader(call: string): NonNullable<ReturnType<typeof kerasReaderIfLoaded>> {
  const reader = kerasReaderIfLoaded();
  if (reader) return reader;
  void loadKerasReader();
  throw new WeightscopeError("the Keras reader is still loading (about 0.2 s, once); call it again in a moment, or await loadKerasReader() first", { place: call });
}

/** `keras` at the prompt: load_model for full models, load_weights_file for weights-only files. */
export const promptKeras = pyModule("keras", {
  models: pyModule("keras.models", { load_model: (path: string) => kerasReader("keras.models.load_model").loadModel(path) }),
  load_weights_file: (path: string) => kerasReader("keras.load_weights_file").loadWeightsFile(path),
});

/** `tf` at the prompt: only tf.keras, the same namespace as `keras`. */
export const promptTf = pyModule("tensorflow", { keras: promptKeras });

/** The globals of the prompt, `print` and `help` writing through `write`. */
export function pythonGlobals(write: Write) {
  return {
    torch: promptTorch,
    keras: promptKeras,
    tf: promptTf,
    np,
    inspect,
    dir,
    type,
    help: makeHelp(write),
    print: makePrint(write),
    len,
    zip,
    repr: pyRepr,
    str: pyStr,
    isinstance,
    getmembers,
    transfer,
    verify,
  };
}
