// TorchScript archives (torch.jit.save): the pickled object tree as modules, named as the archive's code declares.
//
// The code under code/__torch__/ is read as text and never run: a few patterns pick out each class's
// base, its `__parameters__` and `__buffers__` lists and its `Final` constants, which is all that
// `torch.jit.load(f).state_dict()` needs to name things as torch does.
import { TorchFileError } from "../errors.js";
import { PyDict, PyFloat, PyInstance, OrderedDict } from "../python/values.js";
import type { Storage } from "../tensor/index.js";
import type { LoadOptions, TorchFile } from "./load.js";
import { TorchModule } from "./modules/module.js";
import type { TorchArchive } from "./zip.js";

/** What a `class X(Module):` block in the archive's code declares. */
export interface ScriptClass {
  readonly qualifiedName: string;
  readonly base: string;
  readonly parameters: readonly string[];
  readonly buffers: readonly string[];
  /** `name : Final[int] = 4` lines: constructor arguments torch folded into the code. */
  readonly constants: ReadonlyMap<string, unknown>;
}

const classHeader = /^class (\w+)\(([\w.]+)\):[ \t]*$/gm;
const quoted = /"((?:[^"\\]|\\.)*)"/g;
const finalConstant = /^ {2}(\w+) : Final\[(\w+)\] = (.+)$/gm;

/** The module path a code file stands for: `code/__torch__/torch/nn/modules/linear.py` -> `__torch__.torch.nn.modules.linear`. */
function moduleOfCodeFile(relative: string): string {
  return relative.replace(/^code\//, "").replace(/\.py$/, "").split("/").join(".");
}

function listAfter(block: string, name: string): string[] {
  const line = new RegExp(`^ {2}${name} = \\[(.*)\\]$`, "m").exec(block);
  return line ? [...line[1]!.matchAll(quoted)].map((match) => JSON.parse(`"${match[1]!}"`) as string) : [];
}

function constantValue(type: string, text: string): unknown {
  if (type === "bool") return text === "True";
  if (type === "int" && /^-?\d+$/.test(text)) return Number(text);
  if (type === "float" && !Number.isNaN(Number(text))) return new PyFloat(Number(text));
  if (type === "str" && /^".*"$/.test(text)) return text.slice(1, -1);
  return text;
}

/** Every class declared in one code file. */
export function parseScriptClasses(relative: string, code: string): ScriptClass[] {
  const module = moduleOfCodeFile(relative);
  const headers = [...code.matchAll(classHeader)];
  return headers.map((header, i) => {
    const end = i + 1 < headers.length ? headers[i + 1]!.index : code.length;
    const block = code.slice(header.index, end);
    const constants = new Map<string, unknown>();
    for (const match of block.matchAll(finalConstant)) constants.set(match[1]!, constantValue(match[2]!, match[3]!.trim()));
    return { qualifiedName: `${module}.${header[1]!}`, base: header[2]!, parameters: listAfter(block, "__parameters__"), buffers: listAfter(block, "__buffers__"), constants };
  });
}

/** The name users know: mangling dropped, and torch.nn classes under their torch name. */
function friendlyName(qualifiedName: string): string {
  const plain = qualifiedName.replace(/\.___torch_mangle_\d+/g, "");
  return plain.startsWith("__torch__.torch.nn.modules.") ? plain.slice("__torch__.".length) : plain;
}

const maxNesting = 1000;

/** Rebuilds the object tree's modules bottom-up: each scripted Module object becomes one TorchModule. */
function buildModules(root: unknown, classes: ReadonlyMap<string, ScriptClass>, where: { file: string; place: string }): unknown {
  const made = new Map<PyInstance, TorchModule>();
  const convert = (value: unknown, depth: number): unknown => {
    if (!(value instanceof PyInstance)) return value;
    const declared = classes.get(value.cls.qualifiedName);
    if (!declared || declared.base !== "Module") return value;
    const existing = made.get(value);
    if (existing) return existing;
    if (depth > maxNesting) throw new TorchFileError(`modules nest more than ${maxNesting} deep`, where);
    const module = new TorchModule(friendlyName(declared.qualifiedName));
    made.set(value, module);
    const state = new PyDict();
    const parameters = new OrderedDict(declared.parameters.map((name) => [name, value.__dict__.get(name, null)]));
    const buffers = new OrderedDict(declared.buffers.map((name) => [name, value.__dict__.get(name, null)]));
    const children = new OrderedDict();
    for (const [name, constant] of declared.constants) state.set(name, constant);
    for (const [key, item] of value.__dict__.entries()) {
      if (typeof key !== "string" || parameters.has(key) || buffers.has(key)) continue;
      const converted = convert(item, depth + 1);
      if (converted instanceof TorchModule) children.set(key, converted);
      else state.set(key, converted);
    }
    state.update([["_parameters", parameters], ["_buffers", buffers], ["_modules", children]]);
    module.setState(state);
    module.__dict__.set("original_name", declared.qualifiedName.slice(declared.qualifiedName.lastIndexOf(".") + 1));
    return module;
  };
  return convert(root, 0);
}

/** Reads a TorchScript archive: data.pkl (tensors in data/) and constants.pkl (tensors in constants/). */
export function readTorchScript(archive: TorchArchive, options: LoadOptions): TorchFile {
  const classes = new Map<string, ScriptClass>();
  for (const name of archive.zip.names()) {
    const relative = name.slice(archive.folder.length + 1);
    if (!relative.startsWith("code/") || !relative.endsWith(".py")) continue;
    for (const declared of parseScriptClasses(relative, new TextDecoder().decode(archive.zip.read(name)))) classes.set(declared.qualifiedName, declared);
  }
  const byteorder = archive.byteorder();
  const storages: Storage[] = [];
  // torch.load hands TorchScript archives to torch.jit.load, which has no weights_only policy.
  const scriptOptions = { ...options, weights_only: false };
  const data = archive.unpickleRecord("data.pkl", "data", byteorder, storages, scriptOptions);
  const constants = archive.unpickleRecord("constants.pkl", "constants", byteorder, storages, scriptOptions);
  const value = buildModules(data, classes, { file: archive.path, place: archive.place("data.pkl") });
  return { path: archive.path, format: "torchscript", archiveName: archive.folder, byteorder, version: archive.version(), value, constants, storages };
}
