// Hostile input: lengths and offsets that point past the file or disagree between the headers.
import { type EditCase, describeEditCases } from "./zip-fixtures.js";

const entryPlace = (name: string, header: "central directory" | "local", at: number): RegExp =>
  new RegExp(`^entry "${name.replace(/[/.]/g, "\\$&")}" \\(${header} header at byte ${at}\\)$`);

const cases: Record<string, EditCase> = {
  "a central directory size past the end of the file": {
    file: "stored.zip",
    edit: (bytes, { end }) => bytes.writeUInt32LE(bytes.length * 2, end + 12),
    place: ({ directory }) => new RegExp(`^byte ${directory}$`),
    detail: /central directory \(\d+ bytes at byte \d+\) runs past the end records at byte \d+/,
  },
  "a central directory offset past the end of the file": {
    file: "stored.zip",
    edit: (bytes, { end }) => bytes.writeUInt32LE(bytes.length + 100, end + 16),
    place: () => /^byte \d+$/,
    detail: /runs past the end records/,
  },
  "an entry whose compressed size runs past the end of the file": {
    file: "stored.zip",
    edit: (bytes, { central }) => {
      bytes.writeUInt32LE(1_000_000_000, central["bin/noise.bin"]! + 20);
      bytes.writeUInt32LE(1_000_000_000, central["bin/noise.bin"]! + 24);
    },
    place: ({ central }) => entryPlace("bin/noise.bin", "central directory", central["bin/noise.bin"]!),
    detail: /1000000000 bytes of data at byte \d+ run past the start of the central directory/,
  },
  "a local header whose name disagrees with the central directory": {
    file: "stored.zip",
    edit: (bytes, { local }) => {
      bytes[local["a.txt"]! + 30] = "b".charCodeAt(0);
    },
    place: ({ local }) => entryPlace("a.txt", "local", local["a.txt"]!),
    detail: /local header names "b.txt", the central directory "a.txt"/,
    // Moved from open to the entry's first read: opening reads no local header.
    firstRead: "a.txt",
  },
  "a local header with another compression method": {
    file: "stored.zip",
    edit: (bytes, { local }) => bytes.writeUInt16LE(8, local["a.txt"]! + 8),
    place: ({ local }) => entryPlace("a.txt", "local", local["a.txt"]!),
    detail: /local header says compression method 8, the central directory 0/,
    // Moved from open to the entry's first read: opening reads no local header.
    firstRead: "a.txt",
  },
  "a local header offset that points at entry data": {
    file: "stored.zip",
    edit: (bytes, { central, local }) => bytes.writeUInt32LE(local["a.txt"]! + 40, central["a.txt"]! + 42),
    place: ({ local }) => entryPlace("a.txt", "local", local["a.txt"]! + 40),
    detail: /expected a local file header \(signature 0x04034b50\), found 0x/,
  },
  "a stored entry whose two sizes differ": {
    file: "stored.zip",
    edit: (bytes, { central }) => bytes.writeUInt32LE(10, central["a.txt"]! + 24),
    place: ({ central }) => entryPlace("a.txt", "central directory", central["a.txt"]!),
    detail: /stored entry must have equal sizes/,
  },
  "a name length running past the central directory": {
    file: "stored.zip",
    edit: (bytes, { central }) => bytes.writeUInt16LE(5000, central["dir/"]! + 28),
    place: ({ central }) => new RegExp(`^byte ${central["dir/"]}$`),
    detail: /central directory header runs past the end of the central directory/,
  },
  "a torch entry whose size runs past the end of the file": {
    file: "torch-dict.pt",
    edit: (bytes, { central }) => {
      bytes.writeUInt32LE(0xfffffff0, central["torch-dict/data/0"]! + 20);
      bytes.writeUInt32LE(0xfffffff0, central["torch-dict/data/0"]! + 24);
    },
    place: ({ central }) => entryPlace("torch-dict/data/0", "central directory", central["torch-dict/data/0"]!),
    detail: /4294967280 bytes of data at byte \d+ run past/,
  },
};

describeEditCases("hostile: wrong lengths", cases);
