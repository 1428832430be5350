// Opens the files named at start and gives each a variable name made from its file name, as the prompt binds them.
import { readdirSync } from "node:fs";
import { basename, extname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { KerasFile } from "../src/keras/index.js";
import { kerasReaderIfLoaded } from "../src/keras/on-demand.js";
import { openModelFile } from "../src/open.js";

/** One file bound to a variable at the prompt, or the one-line reason it could not be opened. */
export interface Binding {
  readonly name: string;
  readonly path: string;
  readonly value?: unknown;
  readonly description?: string;
  readonly framework?: "pytorch" | "keras";
  readonly error?: unknown;
}

/** Words JavaScript will not take as a variable name, so a file called `class.pt` becomes `class_`. */
const reservedWords = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "implements import in instanceof interface let new null package private protected public return static super switch this " +
    "throw true try typeof var void while with yield await arguments eval undefined NaN Infinity").split(" "),
);

/** `my-model.v2.pth` -> `my_model_v2`: the stem, with every character a name cannot hold turned into `_`. */
export function variableNameFor(path: string): string {
  const stem = basename(path, extname(path));
  let name = stem.replace(/[^A-Za-z0-9_$]+/g, "_").replace(/^_+|_+$/g, "") || "model";
  if (/^[0-9]/.test(name)) name = "_" + name;
  return reservedWords.has(name) ? name + "_" : name;
}

/** A name not yet taken: `lenet5`, then `lenet5_2`, `lenet5_3`... */
function freeName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name); n++) name = `${wanted}_${n}`;
  taken.add(name);
  return name;
}

/**
 * Opens each file (a failure is kept on its binding, never thrown) and names it; `taken` holds names
 * already in use (the globals), which a file never shadows.
 */
export function openBindings(paths: readonly string[], taken: Iterable<string>): Binding[] {
  const used = new Set(taken);
  return paths.map((path) => {
    const name = freeName(variableNameFor(path), used);
    try {
      const file = openModelFile(path);
      const value = file.framework === "keras" ? kerasObject(path, file.value as KerasFile) : file.value;
      return { name, path, value, description: file.description, framework: file.framework };
    } catch (error) {
      return { name, path, error };
    }
  });
}

/**
 * A Keras file as the Python user would load it: a full model through `keras.models.load_model` (its
 * weights' shapes checked against the config), a weights-only file through `keras.load_weights_file`.
 * openModelFile has just loaded the reader, so it is there.
 */
function kerasObject(path: string, file: KerasFile): unknown {
  const keras = kerasReaderIfLoaded()!;
  return file.format === "hdf5-weights" || file.format === "keras3-weights" ? keras.loadWeightsFile(path) : keras.loadModel(path);
}

/** What the prompt prints for a binding: the Python line that would make it, and what the file holds. */
export function bindingLine(binding: Binding, cwd: string): string {
  const shown = relative(cwd, binding.path);
  const path = shown === "" || shown.startsWith("..") || isAbsolute(shown) ? binding.path : shown;
  // The value of a Keras file is what load_model (or load_weights_file) gives; the line says what was read.
  if (binding.framework === "keras") return `${binding.name}  # read from ${JSON.stringify(path)}: ${binding.description}`;
  return `${binding.name} = torch.load(${JSON.stringify(path)})  # ${binding.description ?? "not opened"}`;
}

/** The bundled example files (examples/*.pt beside the package), opened when no file is named. */
export function bundledExamples(): string[] {
  const folder = examplesFolder();
  return readdirSync(folder)
    .filter((name) => name.endsWith(".pt"))
    .sort()
    .map((name) => join(folder, name));
}

/** examples/ sits at the package root: one level up from repl/ in the checkout, two from dist/repl/ when built. */
function examplesFolder(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const up = basename(join(here, "..")) === "dist" ? "../.." : "..";
  return join(here, up, "examples");
}
