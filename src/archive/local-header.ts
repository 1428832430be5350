// Checks an entry's local header against its central header, on the entry's first read, and finds its data.
//
// Opening an archive reads only its end records and central directory: a local header sits in front of
// its entry's data, anywhere in the file, and reading one per entry at open costs a positional read each
// (167 of them for a torch state_dict of 162 tensors). Nothing reads an entry's data before this check
// has passed for it, so the reader still never hands out a byte a lying header could have misplaced.
import { ArchiveError } from "../errors.js";
import type { FileSource } from "./file-source.js";
import { type Where, decodeName, flagBits, hex, localFileHeader } from "./records.js";

// Field offsets from the layout table in records.ts, as plain constants for straight-line reads.
const fields = localFileHeader.fields;
const FLAGS = fields.flags[0];
const METHOD = fields.method[0];
const CRC32 = fields.crc32[0];
const NAME_LENGTH = fields.nameLength[0];
const EXTRA_LENGTH = fields.extraLength[0];

/** What the central directory says about an entry, for comparison with its local header. */
export interface CentralFacts {
  name: string;
  /** The name's bytes as the central header holds them. */
  rawName: Uint8Array;
  flags: number;
  method: number;
  crc32: number;
  localHeaderOffset: number;
}

/** Where a local header sits, named in every error about it: `entry "name" (local header at byte N)`. */
export function localPlace(file: string, name: string, offset: number): Where {
  return { file, place: `entry ${JSON.stringify(name)} (local header at byte ${offset})` };
}

/**
 * Reads the local header at `central.localHeaderOffset` and checks its signature, name, method,
 * encryption flag and (without a data descriptor) CRC-32 against the central header. Returns the byte
 * where the entry's data starts, after the local name and extra field (whose length only the local
 * header gives: torch pads it so that data starts 64-byte aligned).
 */
export function checkLocalHeader(source: FileSource, central: CentralFacts): number {
  const offset = central.localHeaderOffset;
  const nameAt = offset + localFileHeader.size;
  // One read takes the header and, when the lengths agree, the name.
  const wanted = Math.min(localFileHeader.size + central.rawName.length, source.size - offset);
  const place = localPlace(source.path, central.name, offset).place;
  const bytes = source.read(offset, wanted, place);
  if (bytes.length < localFileHeader.size) throw refusal(source, central, "short", bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = view.getUint32(0, true);
  if (signature !== localFileHeader.signature) throw refusal(source, central, "signature", signature);
  const flags = view.getUint16(FLAGS, true);
  const method = view.getUint16(METHOD, true);
  const crc32 = view.getUint32(CRC32, true);
  const nameLength = view.getUint16(NAME_LENGTH, true);
  const extraLength = view.getUint16(EXTRA_LENGTH, true);
  if (nameLength + extraLength > source.size - nameAt) throw refusal(source, central, "past-end", 0);
  const localName = nameLength === central.rawName.length ? bytes.subarray(localFileHeader.size) : source.read(nameAt, nameLength, place);
  if (!sameBytes(localName, central.rawName)) throw refusal(source, central, "name", flags, localName);
  if (method !== central.method) throw refusal(source, central, "method", method);
  if ((flags & flagBits.encrypted) !== (central.flags & flagBits.encrypted)) throw refusal(source, central, "encryption", flags);
  // With a data descriptor (flag bit 3, as torch writes) the local CRC is zero; otherwise it must agree.
  if ((flags & flagBits.dataDescriptor) === 0 && crc32 !== central.crc32) throw refusal(source, central, "crc", crc32);
  return nameAt + nameLength + extraLength;
}

type LocalRefusal = "short" | "signature" | "past-end" | "name" | "method" | "encryption" | "crc";

/** The error for a local header that fails a check (apart, so that a passing check compiles no message). */
function refusal(source: FileSource, central: CentralFacts, kind: LocalRefusal, value: number, localName?: Uint8Array): ArchiveError {
  const where = localPlace(source.path, central.name, central.localHeaderOffset);
  switch (kind) {
    case "short":
      return new ArchiveError(`${localFileHeader.title} is cut short (${value} of ${localFileHeader.size} bytes)`, where);
    case "signature":
      return new ArchiveError(`expected a ${localFileHeader.title} (signature ${hex(localFileHeader.signature)}), found ${hex(value)}`, where);
    case "past-end":
      return new ArchiveError("the local header's name and extra field run past the end of the file", where);
    case "name":
      return new ArchiveError(`the local header names ${JSON.stringify(decodeName(localName!, value))}, the central directory ${JSON.stringify(central.name)}`, where);
    case "method":
      return new ArchiveError(`the local header says compression method ${value}, the central directory ${central.method}`, where);
    case "encryption":
      return new ArchiveError("the local and central headers disagree on whether the entry is encrypted", where);
    case "crc":
      return new ArchiveError(`the local header's CRC-32 ${hex(value)} differs from the central directory's ${hex(central.crc32)}`, where);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
