// Checks a whole tree before a byte is written: names, types, shapes, value sizes and message limits.
import { align8 } from "./bytes.js";
import { elementCount, elementSize, shapeText, typeName } from "./datatype.js";
import { Hdf5WriteError } from "./errors.js";
import { attributeBodySize, MAX_MESSAGE_BODY, stringBytes } from "./object-header.js";
import type { H5AttributeSpec, H5DatasetSpec, H5GroupSpec, H5Type } from "./types.js";

/** Sizes each numeric class allows. */
const NUMERIC_SIZES = { float: [2, 4, 8], int: [1, 2, 4, 8] } as const;
const PADS = ["nullterm", "nullpad", "spacepad"];
const CHARSETS = ["ascii", "utf8"];

/** Throws an Hdf5WriteError naming `file` and the HDF5 path of the first problem in the tree. */
export function validateTree(file: string, root: H5GroupSpec): void {
  const fail = (place: string, detail: string): never => {
    throw new Hdf5WriteError(detail, { file, place });
  };
  if (root?.kind !== "group") fail("/", "the root must be a group");
  if (root.name !== "") fail("/", `the root's name must be "", not ${JSON.stringify(root.name)}`);

  const checkNode = (node: H5GroupSpec | H5DatasetSpec, path: string): void => {
    checkAttributes(node.attributes, path, fail);
    if (node.kind === "dataset") return checkDataset(node, path, fail);
    if (!Array.isArray(node.children)) fail(path, "a group's children must be a list");
    const seen = new Set<string>();
    for (const child of node.children) {
      if (child?.kind !== "group" && child?.kind !== "dataset") fail(path, "a child is neither a group nor a dataset");
      const name = child.name;
      if (typeof name !== "string" || name === "" || name === "." || /[/\0]/.test(name)) {
        fail(path, `member name ${JSON.stringify(name)} cannot be stored: names are non-empty, not ".", without "/" or NUL`);
      }
      if (seen.has(name)) fail(path, `two members are named ${JSON.stringify(name)}`);
      seen.add(name);
      checkNode(child, path === "/" ? `/${name}` : `${path}/${name}`);
    }
  };
  checkNode(root, "/");
}

type Fail = (place: string, detail: string) => never;

function checkAttributes(attributes: readonly H5AttributeSpec[], path: string, fail: Fail): void {
  if (!Array.isArray(attributes)) fail(path, "attributes must be a list");
  const seen = new Set<string>();
  for (const attribute of attributes) {
    const name = attribute.name;
    if (typeof name !== "string" || name === "" || name.includes("\0")) fail(path, `attribute name ${JSON.stringify(name)} cannot be stored: names are non-empty, without NUL`);
    if (seen.has(name)) fail(path, `two attributes are named ${JSON.stringify(name)}`);
    seen.add(name);
    const where = `attribute ${JSON.stringify(name)}`;
    checkType(attribute.type, (detail) => fail(path, `${where}: ${detail}`));
    checkShape(attribute.shape, (detail) => fail(path, `${where}: ${detail}`));
    checkValue(attribute, (detail) => fail(path, `${where}: ${detail}`));
    const size = align8(attributeBodySize(attribute));
    if (size > MAX_MESSAGE_BODY) {
      fail(path, `${where}: takes ${size} bytes, over the ${MAX_MESSAGE_BODY}-byte limit of an attribute message; split it (as Keras does with layer_names0, layer_names1...)`);
    }
  }
}

function checkDataset(dataset: H5DatasetSpec, path: string, fail: Fail): void {
  checkType(dataset.type, (detail) => fail(path, detail));
  if (dataset.type.class === "string" || dataset.type.class === "vlen-string") fail(path, `string datasets are not supported (type ${typeName(dataset.type)}); only numbers and bool`);
  checkShape(dataset.shape, (detail) => fail(path, detail));
  const needs = elementCount(dataset.shape) * elementSize(dataset.type);
  const given = dataset.data?.byteLength;
  if (given !== needs) fail(path, `data.byteLength is ${given}, shape ${shapeText(dataset.shape)} ${typeName(dataset.type)} needs ${needs}`);
}

function checkType(type: H5Type, fail: (detail: string) => never): void {
  switch (type?.class) {
    case "float":
    case "int":
      if (!(NUMERIC_SIZES[type.class] as readonly number[]).includes(type.size)) fail(`a ${type.class} type cannot be ${type.size} bytes`);
      return;
    case "bool":
      return;
    case "string":
    case "vlen-string":
      if (type.class === "string" && (!Number.isSafeInteger(type.length) || type.length < 1)) fail(`a fixed-length string needs a length of at least 1, not ${type.length}`);
      if (!PADS.includes(type.pad)) fail(`unknown string padding ${JSON.stringify(type.pad)}`);
      if (!CHARSETS.includes(type.cset)) fail(`unknown character set ${JSON.stringify(type.cset)}`);
      return;
    default:
      fail(`unknown type class ${JSON.stringify((type as { class?: unknown })?.class)}`);
  }
}

function checkShape(shape: readonly number[] | null, fail: (detail: string) => never): void {
  if (shape === null) return;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`shape ${JSON.stringify(shape)} is not null or a list of sizes`);
  if (!Number.isSafeInteger(elementCount(shape))) fail(`shape ${shapeText(shape)} has too many elements`);
}

function checkValue(attribute: H5AttributeSpec, fail: (detail: string) => never): void {
  const { type, shape, value } = attribute;
  const count = elementCount(shape);
  const described = `shape ${shapeText(shape)} ${typeName(type)}`;
  if (type.class !== "string" && type.class !== "vlen-string") {
    if (!(value instanceof Uint8Array)) fail(`${described} takes its value as bytes (a Uint8Array)`);
    const needs = count * elementSize(type);
    if (value.byteLength !== needs) fail(`value has ${value.byteLength} bytes, ${described} needs ${needs}`);
    return;
  }
  if (!Array.isArray(value)) fail(`${described} takes its value as a list of strings`);
  if (value.length !== count) fail(`value has ${value.length} strings, ${described} needs ${count}`);
  value.forEach((element: unknown, i: number) => {
    if (typeof element !== "string" && !(element instanceof Uint8Array)) fail(`element ${i} is neither a string nor bytes`);
    if (type.cset === "ascii" && typeof element === "string" && /[^\x00-\x7f]/.test(element)) {
      fail(`element ${i} is not ASCII; use cset "utf8" or give its bytes as a Uint8Array`);
    }
    const length = stringBytes(element).length;
    if (type.class === "string" && length > type.length) fail(`element ${i} is ${length} bytes, longer than the fixed length ${type.length}`);
  });
}
