// The prompt's own dot-commands and the one-line description of each global, as the rows `.help` prints.
import type { REPLServer } from "node:repl";
import type { pythonGlobals } from "../src/python/index.js";

export type GlobalName = keyof ReturnType<typeof pythonGlobals>;

/** One line per global; the type makes a new global without a line here fail to compile. */
export const globalHelp: Readonly<Record<GlobalName, string>> = {
  torch: 'torch.load("model.pt") reads a PyTorch file; torch.nn holds the module classes',
  keras: 'keras.models.load_model("model.h5") reads a Keras full model; keras.load_weights_file reads a weights-only file',
  tf: "tf.keras: the same as keras",
  np: "numpy's face: np.array, zeros/ones, np.random (numpy's own generator: seed, random, randn), abs/max/argmax/sum/allclose, set_printoptions, the dtypes",
  inspect: "inspect.getmembers(x), inspect.signature(f) and the isclass/ismethod/isfunction tests",
  dir: "dir(x): the names x has, sorted as Python sorts them",
  type: "type(x): the Python class of x",
  help: "help(x): the signature of x and what it does",
  print: "print(a, b, ...): the values as str() writes them, separated by spaces",
  len: "len(x): how many items x holds",
  zip: "zip(a, b, ...): the items of each, taken in step",
  repr: "repr(x): x as the prompt echoes it",
  str: "str(x): x as print writes it",
  isinstance: "isinstance(x, cls): whether x is an instance of cls",
  getmembers: "getmembers(x): inspect.getmembers(x), the (name, value) pairs of x",
  transfer: "transfer(src, dst, {dryRun}): copies every weight between a torch module and a Keras model (either way), in place; returns the table of what went where",
  verify: "verify(a, b, {tolerance}): runs both models on the same random inputs (NCHW for torch, NHWC for Keras, odd and even sizes) and reports the largest differences",
};

/** A dot-command of ours: its name, its `.help` line, and what it does with the text after it. */
export interface DotCommand {
  readonly name: string;
  readonly help: string;
  readonly action: (server: REPLServer, text: string) => void;
}

/** The `.help` text: every command node:repl knows (ours included), then every global. */
export function helpListing(server: REPLServer): string {
  const commands = Object.entries(server.commands).sort(([a], [b]) => a.localeCompare(b));
  const globals = Object.entries(globalHelp);
  const width = Math.max(...commands.map(([n]) => n.length + 1), ...globals.map(([n]) => n.length)) + 2;
  return [
    "Commands:",
    ...commands.map(([name, command]) => `  ${("." + name).padEnd(width)}${command?.help ?? ""}`),
    "",
    "Globals:",
    ...globals.map(([name, line]) => `  ${name.padEnd(width)}${line}`),
    "",
    "Type JavaScript; values echo as Python prints them. Keyword arguments go in a final object: f(x, {strict: false}).",
  ].join("\n");
}
