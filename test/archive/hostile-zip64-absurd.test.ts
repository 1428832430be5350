// Hostile input: zip64 records and extra fields with absurd 64-bit values (past the file, beyond 2**53, 2**63).
import { type EditCase, type Layout, describeEditCases } from "./zip-fixtures.js";

const at = (offset: number | undefined): RegExp => new RegExp(`^byte ${offset}$`);
const storedCentral = (layout: Layout): RegExp =>
  new RegExp(`^entry "stored.bin" \\(central directory header at byte ${layout.central["stored.bin"]}\\)$`);
/** The zip64 extra of a zip64-everywhere entry: id, length, then size, compressed size, local header offset. */
const extraField = (layout: Layout, name: string): number => layout.central[name]! + 46 + Buffer.byteLength(name);

const cases: Record<string, EditCase> = {
  "a zip64 central directory offset past the end of the file": {
    file: "zip64-everywhere.zip",
    edit: (bytes, { zip64End }) => bytes.writeBigUInt64LE(BigInt(bytes.length + 1000), zip64End! + 48),
    place: () => /^byte \d+$/,
    detail: /central directory \(\d+ bytes at byte \d+\) runs past the end records/,
  },
  "a zip64 central directory size of 2**52": {
    file: "zip64-everywhere.zip",
    edit: (bytes, { zip64End }) => bytes.writeBigUInt64LE(2n ** 52n, zip64End! + 40),
    place: ({ directory }) => at(directory),
    detail: /4503599627370496 bytes at byte \d+\) runs past/,
  },
  "a zip64 end record at 2**63": {
    file: "torch-dict.pt",
    edit: (bytes, { locator }) => bytes.writeBigUInt64LE(2n ** 63n, locator! + 8),
    place: ({ locator }) => at(locator),
    detail: /is 9223372036854775808, beyond any file this reader can address/,
  },
  "a zip64 end record offset past the end of the file": {
    file: "torch-dict.pt",
    edit: (bytes, { locator }) => bytes.writeBigUInt64LE(2n ** 40n, locator! + 8),
    place: ({ locator }) => at(locator),
    detail: /points to byte 1099511627776, where no 56-byte zip64 end record fits/,
  },
  "a zip64 entry count of 2**63": {
    file: "torch-dict.pt",
    edit: (bytes, { zip64End }) => {
      bytes.writeBigUInt64LE(2n ** 63n, zip64End! + 24);
      bytes.writeBigUInt64LE(2n ** 63n, zip64End! + 32);
    },
    place: ({ zip64End }) => at(zip64End),
    detail: /entriesOnDisk is 9223372036854775808/,
  },
  "a zip64 entry count that disagrees with the classic end record": {
    file: "torch-dict.pt",
    edit: (bytes, { zip64End }) => {
      bytes.writeBigUInt64LE(40n, zip64End! + 24);
      bytes.writeBigUInt64LE(40n, zip64End! + 32);
    },
    place: ({ end }) => at(end),
    detail: /entries is \d+ here but 40 in the zip64 end record/,
  },
  "a zip64 central directory offset that disagrees with the classic end record": {
    file: "torch-dict.pt",
    edit: (bytes, { zip64End }) => bytes.writeBigUInt64LE(5n, zip64End! + 48),
    place: ({ end }) => at(end),
    detail: /central directory offset is \d+ here but 5 in the zip64 end record/,
  },
  "a zip64 end record that claims 2**40 bytes of its own": {
    file: "torch-dict.pt",
    edit: (bytes, { zip64End }) => bytes.writeBigUInt64LE(2n ** 40n, zip64End! + 4),
    place: ({ zip64End }) => at(zip64End),
    detail: /declares a size of 1099511627776 bytes/,
  },
  "a zip64 extra local header offset of 2**62": {
    file: "zip64-everywhere.zip",
    edit: (bytes, layout) => bytes.writeBigUInt64LE(2n ** 62n, extraField(layout, "stored.bin") + 4 + 16),
    place: storedCentral,
    detail: /zip64 localHeaderOffset is 4611686018427387904, beyond/,
  },
  "a zip64 extra local header offset past the central directory": {
    file: "zip64-everywhere.zip",
    edit: (bytes, layout) => bytes.writeBigUInt64LE(2n ** 45n, extraField(layout, "stored.bin") + 4 + 16),
    place: storedCentral,
    detail: /local header offset 35184372088832 leaves no room for a local header/,
  },
  "zip64 extra sizes of 2**53 - 1": {
    file: "zip64-everywhere.zip",
    edit: (bytes, layout) => {
      bytes.writeBigUInt64LE(2n ** 53n - 1n, extraField(layout, "stored.bin") + 4);
      bytes.writeBigUInt64LE(2n ** 53n - 1n, extraField(layout, "stored.bin") + 4 + 8);
    },
    place: storedCentral,
    detail: /9007199254740991 bytes of data at byte \d+ run past the start of the central directory/,
  },
  "saturated sizes without a zip64 extra field": {
    file: "zip64-everywhere.zip",
    edit: (bytes, layout) => bytes.writeUInt16LE(0x9999, extraField(layout, "stored.bin")),
    place: storedCentral,
    detail: /size is saturated \(4294967295\) but the zip64 extra field does not carry it/,
  },
  "a zip64 extra field longer than the extra area": {
    file: "zip64-everywhere.zip",
    edit: (bytes, layout) => bytes.writeUInt16LE(40, extraField(layout, "stored.bin") + 2),
    place: storedCentral,
    detail: /extra field 0x00000001 declares 40 bytes but only 24 remain/,
  },
};

describeEditCases("hostile: absurd zip64 values", cases);
