// Datatype and dataspace messages for the types of the tree, with the names errors give them.
import { ascii, pad8, uint } from "./bytes.js";
import type { H5Charset, H5StringPad, H5Type } from "./types.js";

/** IEEE 754 layouts by byte size: exponent and mantissa widths and the exponent bias. */
const FLOAT_LAYOUTS = {
  2: { exponentBits: 5, mantissaBits: 10, bias: 15 },
  4: { exponentBits: 8, mantissaBits: 23, bias: 127 },
  8: { exponentBits: 11, mantissaBits: 52, bias: 1023 },
} as const;

/** Datatype class numbers of the format (the low nibble of a datatype message's first byte). */
const CLASS = { fixedPoint: 0, float: 1, string: 3, enum: 8, vlen: 9 } as const;
export const PAD_CODES: Record<H5StringPad, number> = { nullterm: 0, nullpad: 1, spacepad: 2 };
export const CSET_CODES: Record<H5Charset, number> = { ascii: 0, utf8: 1 };
/** numpy bool as h5py stores it: enum members in this order over a signed byte. */
const BOOL_MEMBERS = [["FALSE", 0], ["TRUE", 1]] as const;
/** A variable-length element on disk: its length (4), the collection's address (8), the object's index (4). */
export const VLEN_ELEMENT_SIZE = 16;
/** Version 1 datatype messages, which every reader knows. */
const VERSION = 1;

/** The bytes one element takes in a dataset or attribute. */
export function elementSize(type: H5Type): number {
  switch (type.class) {
    case "float":
    case "int":
      return type.size;
    case "bool":
      return 1;
    case "string":
      return type.length;
    case "vlen-string":
      return VLEN_ELEMENT_SIZE;
  }
}

/** numpy's spelling of a type for messages: float32, uint8, bool, |S12, or str for a variable-length string. */
export function typeName(type: H5Type): string {
  switch (type.class) {
    case "float":
      return `float${type.size * 8}`;
    case "int":
      return `${type.signed ? "" : "u"}int${type.size * 8}`;
    case "bool":
      return "bool";
    case "string":
      return `|S${type.length}`;
    case "vlen-string":
      return "str";
  }
}

/** A shape as Python prints a tuple: (), (3,), (2, 3). */
export function shapeText(shape: readonly number[] | null): string {
  const dims = shape ?? [];
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

export function elementCount(shape: readonly number[] | null): number {
  return (shape ?? []).reduce((a, b) => a * b, 1);
}

/** The datatype message body describing `type` (little-endian numbers, IEEE floats). */
export function datatypeMessage(type: H5Type): Buffer {
  switch (type.class) {
    case "int":
      return integerType(type.size, type.signed);
    case "float": {
      const layout = FLOAT_LAYOUTS[type.size];
      const bits = type.size * 8;
      // 0x20: the mantissa's leading 1 is implied; the second byte is where the sign bit sits.
      return Buffer.concat([
        header(CLASS.float, [0x20, bits - 1, 0], type.size),
        uint(0, 2),
        uint(bits, 2),
        Buffer.from([layout.mantissaBits, layout.exponentBits, 0, layout.mantissaBits]),
        uint(layout.bias, 4),
      ]);
    }
    case "bool":
      return Buffer.concat([
        header(CLASS.enum, [BOOL_MEMBERS.length, 0, 0], 1),
        integerType(1, true),
        ...BOOL_MEMBERS.map(([name]) => pad8(ascii(`${name}\0`))),
        Buffer.from(BOOL_MEMBERS.map(([, value]) => value)),
      ]);
    case "string":
      return header(CLASS.string, [PAD_CODES[type.pad] | (CSET_CODES[type.cset] << 4), 0, 0], type.length);
    case "vlen-string":
      // Type 1 is "string" (0 would be a sequence); the base type is the unsigned byte a character is.
      return Buffer.concat([
        header(CLASS.vlen, [1 | (PAD_CODES[type.pad] << 4), CSET_CODES[type.cset], 0], VLEN_ELEMENT_SIZE),
        integerType(1, false),
      ]);
  }
}

function integerType(size: number, signed: boolean): Buffer {
  return Buffer.concat([header(CLASS.fixedPoint, [signed ? 0x08 : 0, 0, 0], size), uint(0, 2), uint(size * 8, 2)]);
}

function header(typeClass: number, bitField: readonly [number, number, number], size: number): Buffer {
  return Buffer.concat([Buffer.from([(VERSION << 4) | typeClass, ...bitField]), uint(size, 4)]);
}

/** A version 1 dataspace message: rank 0 is a scalar; maximum sizes equal the sizes, as h5py writes them. */
export function dataspaceMessage(shape: readonly number[] | null): Buffer {
  const dims = shape ?? [];
  const hasMaximum = dims.length > 0 ? 1 : 0;
  return Buffer.concat([
    Buffer.from([1, dims.length, hasMaximum, 0]),
    uint(0, 4),
    ...dims.map((d) => uint(d, 8)),
    ...(hasMaximum ? dims.map((d) => uint(d, 8)) : []),
  ]);
}
