// Shared by the archive tests: generated zips, Python's zipfile as the oracle, hostile copies, error checks.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ArchiveError } from "../../src/errors.js";
import { FileSource, ZipArchive } from "../../src/archive/index.js";
import { describeWithTorch, ensureDir, generatedDir, projectRoot, referencePython } from "../support/oracle.js";
import { spawnSync } from "node:child_process";

const makeScript = join(projectRoot, "test/archive/make_zips.py");

/**
 * The folder of zips written by make_zips.py, generated once per version of the script. Test files run
 * in parallel forks, so each generates into its own folder and the first rename wins.
 */
export function generatedZips(): string {
  const script = readFileSync(makeScript);
  const version = createHash("sha256").update(script).digest("hex").slice(0, 12);
  const parent = ensureDir(join(generatedDir, "archive"));
  const target = join(parent, version);
  if (existsSync(target)) return target;
  const scratch = mkdtempSync(join(parent, "tmp-"));
  const run = spawnSync(referencePython, [makeScript, scratch], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make_zips.py failed:\n${run.stderr}`);
  try {
    renameSync(scratch, target);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

export interface Listing {
  name: string;
  size: number;
  compressedSize: number;
  crc32: number;
  method: number;
  localHeaderOffset: number;
  dataOffset: number;
  sha256: string;
}

/** Python's zipfile reading `path`: every entry, where its data starts (from the local header) and its contents' sha256. */
export function pythonListing(path: string): Listing[] {
  const code = `
import hashlib, json, struct, sys, zipfile
raw = open(sys.argv[1], "rb").read()
with zipfile.ZipFile(sys.argv[1]) as zf:
    rows = []
    for info in zf.infolist():
        name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
        rows.append({"name": info.filename, "size": info.file_size, "compressedSize": info.compress_size,
                     "crc32": info.CRC, "method": info.compress_type, "localHeaderOffset": info.header_offset,
                     "dataOffset": info.header_offset + 30 + name_length + extra_length,
                     "sha256": hashlib.sha256(zf.read(info)).hexdigest()})
print(json.dumps(rows))
`;
  const run = spawnSync(referencePython, ["-c", code, path], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`python zipfile failed on ${path}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Listing[];
}

const methodNumbers = { stored: 0, deflate: 8 } as const;

/** The same listing from weightscope's reader. */
export function ourListing(archive: ZipArchive): Listing[] {
  return archive.entries.map((entry) => ({
    name: entry.name,
    size: entry.size,
    compressedSize: entry.compressedSize,
    crc32: entry.crc32,
    method: methodNumbers[entry.method],
    localHeaderOffset: entry.localHeaderOffset,
    dataOffset: archive.dataOffset(entry),
    sha256: createHash("sha256").update(archive.read(entry)).digest("hex"),
  }));
}

/** Both ways a caller can open an archive; every hostile file must fail the same way through each. */
export const openWays = {
  "ZipArchive.open": (path: string) => ZipArchive.open(path),
  "ZipArchive.fromSource": (path: string) => ZipArchive.fromSource(FileSource.open(path)),
} as const;

const editedDir = mkdtempSync(join(tmpdir(), "weightscope-hostile-"));

/** Writes `bytes` to a temp file called `name` and returns its path. */
export function writeTemp(name: string, bytes: Uint8Array): string {
  const path = join(editedDir, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Copies a good zip, lets `edit` change its bytes in place (or return new bytes, to cut or extend it),
 * and writes the result to a temp file.
 */
export function editedCopy(good: string, name: string, edit: (bytes: Buffer) => unknown): string {
  const bytes = readFileSync(good);
  const result = edit(bytes);
  return writeTemp(name, result instanceof Uint8Array ? result : bytes);
}

/** Where a record with this little-endian signature last occurs, or first occurs with `first`. */
export function findSignature(bytes: Buffer, signature: number, first = false): number {
  const pattern = Buffer.alloc(4);
  pattern.writeUInt32LE(signature);
  const at = first ? bytes.indexOf(pattern) : bytes.lastIndexOf(pattern);
  if (at < 0) throw new Error(`signature 0x${signature.toString(16)} not in the test file`);
  return at;
}

export const signatures = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  zip64End: 0x06064b50,
  zip64Locator: 0x07064b50,
} as const;

/**
 * Runs `action`, expecting an ArchiveError whose one-line message is `file: place: detail` with the
 * file's path, a place matching `place` (or none, for errors about the whole file) and a detail matching `detail`.
 */
export function expectArchiveError(
  action: () => unknown,
  file: string,
  place: RegExp | undefined,
  detail: RegExp,
): ArchiveError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ArchiveError);
  const error = caught as ArchiveError;
  expect(error.message).not.toContain("\n");
  expect(error.file).toBe(file);
  expect(error.message.startsWith(`${file}: `)).toBe(true);
  if (place === undefined) expect(error.place).toBeUndefined();
  else expect(error.place).toMatch(place);
  expect(error.detail).toMatch(detail);
  return error;
}

/** Where the records of a test zip sit, found by a walk independent of the reader under test. */
export interface Layout {
  end: number;
  zip64End: number | undefined;
  locator: number | undefined;
  directory: number;
  central: Record<string, number>;
  local: Record<string, number>;
}

export function layoutOf(bytes: Buffer): Layout {
  const end = findSignature(bytes, signatures.end);
  const hasZip64 = end >= 20 && bytes.readUInt32LE(end - 20) === signatures.zip64Locator;
  const locator = hasZip64 ? end - 20 : undefined;
  const zip64End = locator === undefined ? undefined : Number(bytes.readBigUInt64LE(locator + 8));
  const directory = zip64End === undefined ? bytes.readUInt32LE(end + 16) : Number(bytes.readBigUInt64LE(zip64End + 48));
  const central: Record<string, number> = {};
  const local: Record<string, number> = {};
  for (let at = directory; bytes.readUInt32LE(at) === signatures.central; ) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    central[name] = at;
    const extra = bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const short = bytes.readUInt32LE(at + 42);
    local[name] = short === 0xffffffff ? Number(extra.readBigUInt64LE(4 + 16)) : short;
    at += 46 + nameLength + extraLength + bytes.readUInt16LE(at + 32);
  }
  return { end, zip64End, locator, directory, central, local };
}

/** One hostile case: a byte edit of a generated zip, and where and what the error must say. */
export interface EditCase {
  file: string;
  edit: (bytes: Buffer, layout: Layout) => void;
  place: (layout: Layout) => RegExp;
  detail: RegExp;
  /**
   * For a problem only the entry's local header shows: the entry whose first read must fail. The
   * archive itself must open, since opening reads no local header.
   */
  firstRead?: string;
}

/** Runs every edit case through every way of opening an archive: each must end in its ArchiveError. */
export function describeEditCases(title: string, cases: Record<string, EditCase>): void {
  describeWithTorch(title, () => {
    let dir = "";
    beforeAll(() => {
      dir = generatedZips();
    });
    for (const [what, { file, edit, place, detail, firstRead }] of Object.entries(cases)) {
      for (const [way, open] of Object.entries(openWays)) {
        it(`refuses ${what} (${way}${firstRead === undefined ? "" : `, on the first read of ${firstRead}`})`, () => {
          const layout = layoutOf(readFileSync(join(dir, file)));
          const path = editedCopy(join(dir, file), `${what}.zip`, (bytes) => edit(bytes, layout));
          if (firstRead === undefined) {
            expectArchiveError(() => open(path), path, place(layout), detail);
          } else {
            const archive = open(path);
            expectArchiveError(() => archive.read(firstRead), path, place(layout), detail);
            // The refusal stays: a second attempt fails the same way.
            expectArchiveError(() => archive.read(firstRead), path, place(layout), detail);
          }
        });
      }
    }
  });
}
