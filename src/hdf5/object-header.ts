// Version 1 object headers and the messages in them, attributes included.
import { align8, pad8, uint } from "./bytes.js";
import { dataspaceMessage, datatypeMessage, elementCount, elementSize } from "./datatype.js";
import type { GlobalHeap } from "./global-heap.js";
import type { H5AttributeSpec, H5Type } from "./types.js";

/** Header message type numbers of the format. */
export const MESSAGE_TYPE = { dataspace: 0x01, datatype: 0x03, fillValue: 0x05, layout: 0x08, attribute: 0x0c, symbolTable: 0x11 } as const;
/** A message's size field is 16 bits. */
export const MAX_MESSAGE_BODY = 0xffff;
const PREFIX_SIZE = 16;
const MESSAGE_HEADER = 8;
/** An attribute message's version, reserved byte and three sizes. */
const ATTRIBUTE_FIELDS = 8;
/** Flag bit 0: the message never changes (libhdf5 sets it on a dataset's datatype and fill value). */
const CONSTANT = 1;

export interface Message {
  readonly type: number;
  readonly constant?: boolean;
  readonly body: Uint8Array;
}

/** The bytes a header with these messages takes; bodies are padded to multiples of 8. */
export function headerSize(messages: readonly Message[]): number {
  return PREFIX_SIZE + messages.reduce((sum, m) => sum + MESSAGE_HEADER + align8(m.body.length), 0);
}

/** The header: version 1, one reference, one chunk holding every message. */
export function objectHeader(messages: readonly Message[]): Buffer {
  const prefix = Buffer.concat([Buffer.from([1, 0]), uint(messages.length, 2), uint(1, 4), uint(headerSize(messages) - PREFIX_SIZE, 4), uint(0, 4)]);
  const parts = messages.flatMap((m) => [uint(m.type, 2), uint(align8(m.body.length), 2), Buffer.from([m.constant ? CONSTANT : 0, 0, 0, 0]), pad8(m.body)]);
  return Buffer.concat([prefix, ...parts]);
}

/** A string element's bytes: UTF-8 for a string, as given for a Uint8Array. */
export function stringBytes(element: string | Uint8Array): Uint8Array {
  return typeof element === "string" ? Buffer.from(element, "utf8") : element;
}

/** The body size of an attribute's message (unpadded), known before any string is placed in the global heap. */
export function attributeBodySize(attribute: H5AttributeSpec): number {
  const name = Buffer.byteLength(attribute.name, "utf8") + 1;
  const fixed = align8(name) + align8(datatypeMessage(attribute.type).length) + align8(dataspaceMessage(attribute.shape).length);
  return ATTRIBUTE_FIELDS + fixed + elementCount(attribute.shape) * elementSize(attribute.type);
}

/** A version 1 attribute message; variable-length strings go to `heap` now. */
export function attributeMessage(attribute: H5AttributeSpec, heap: GlobalHeap): Message {
  const name = Buffer.concat([Buffer.from(attribute.name, "utf8"), Buffer.from([0])]);
  const datatype = datatypeMessage(attribute.type);
  const dataspace = dataspaceMessage(attribute.shape);
  const body = Buffer.concat([
    Buffer.from([1, 0]),
    uint(name.length, 2),
    uint(datatype.length, 2),
    uint(dataspace.length, 2),
    pad8(name),
    pad8(datatype),
    pad8(dataspace),
    attributeData(attribute.type, attribute.value, heap),
  ]);
  return { type: MESSAGE_TYPE.attribute, body };
}

function attributeData(type: H5Type, value: H5AttributeSpec["value"], heap: GlobalHeap): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (type.class === "vlen-string") {
    return Buffer.concat(
      value.map((element) => {
        const bytes = stringBytes(element);
        const id = heap.add(bytes);
        return Buffer.concat([uint(bytes.length, 4), uint(id.collection, 8), uint(id.index, 4)]);
      }),
    );
  }
  const length = elementSize(type);
  const filler = type.class === "string" && type.pad === "spacepad" ? 0x20 : 0;
  return Buffer.concat(
    value.map((element) => {
      const out = Buffer.alloc(length, filler);
      out.set(stringBytes(element));
      return out;
    }),
  );
}

/** The messages of a contiguous dataset whose bytes sit at `address` (undefined when there are none). */
export function datasetMessages(type: H5Type, shape: readonly number[] | null, address: number, byteLength: number): Message[] {
  return [
    { type: MESSAGE_TYPE.dataspace, body: dataspaceMessage(shape) },
    { type: MESSAGE_TYPE.datatype, constant: true, body: datatypeMessage(type) },
    // Version 2: space allocated late, fill value written if set, the default fill value (size 0).
    { type: MESSAGE_TYPE.fillValue, constant: true, body: Buffer.from([2, 2, 2, 1, 0, 0, 0, 0]) },
    // Version 3, class 1 (contiguous): the address and size of the bytes.
    { type: MESSAGE_TYPE.layout, body: Buffer.concat([Buffer.from([3, 1]), uint(address, 8), uint(byteLength, 8)]) },
  ];
}
