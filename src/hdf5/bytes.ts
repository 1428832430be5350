// Little-endian byte fields and 8-byte alignment, the two things every HDF5 structure is built from.

/** HDF5's "undefined address": all bits set. */
export const UNDEFINED_ADDRESS = -1;

export const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** An unsigned little-endian field; widths 8 take UNDEFINED_ADDRESS as all ones. */
export function uint(value: number, width: 1 | 2 | 4 | 8): Buffer {
  const out = Buffer.alloc(width);
  if (width === 8) {
    if (value === UNDEFINED_ADDRESS) out.fill(0xff);
    else out.writeBigUInt64LE(BigInt(value));
  } else {
    out.writeUIntLE(value, 0, width);
  }
  return out;
}

/** `bytes` followed by zeros up to the next multiple of 8. */
export function pad8(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(align8(bytes.length));
  out.set(bytes);
  return out;
}

export function ascii(text: string): Buffer {
  return Buffer.from(text, "latin1");
}

/** A piece of metadata: where it goes and how to encode it once every address is known. */
export interface Block {
  readonly address: number;
  encode(): Uint8Array;
}
