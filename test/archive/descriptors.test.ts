// A FileSource keeps one descriptor for the rest of the current run of code, and closes it when that run ends.
import { readdirSync, readlinkSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { FileSource, MAX_OPEN_DESCRIPTORS } from "../../src/archive/file-source.js";

const scratch = mkdtempSync(join(tmpdir(), "weightscope-descriptors-"));
const path = join(scratch, "data.bin");
writeFileSync(path, new Uint8Array(4096).map((_, i) => i & 0xff));

/** How many of this process's descriptors are open on `path` (Linux's /proc view). */
function openOn(target: string): number {
  let count = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === target) count++;
    } catch {
      // The descriptor readdir itself used is gone by now.
    }
  }
  return count;
}

describe("descriptors of a FileSource", () => {
  it("opens the file once for the reads of one run of code and closes it when the run ends", async () => {
    const source = FileSource.open(path);
    expect(openOn(path)).toBe(0);
    for (let i = 0; i < 500; i++) expect(source.read(i, 1)[0]).toBe(i & 0xff);
    expect(openOn(path)).toBe(1);
    expect(source.holdsDescriptor).toBe(true);
    await sleep(0);
    expect(source.holdsDescriptor).toBe(false);
    expect(openOn(path)).toBe(0);
    // A later read opens it again.
    expect(source.read(4095, 1)[0]).toBe(4095 & 0xff);
    expect(openOn(path)).toBe(1);
  });

  it("keeps at most MAX_OPEN_DESCRIPTORS open when many files are read in one synchronous loop", () => {
    const paths = Array.from({ length: MAX_OPEN_DESCRIPTORS * 3 }, (_, i) => join(scratch, `many-${i}.bin`));
    for (const each of paths) writeFileSync(each, new Uint8Array([7]));
    const sources = paths.map((each) => FileSource.open(each));
    for (const source of sources) expect(source.read(0, 1)[0]).toBe(7);
    expect(paths.reduce((open, each) => open + openOn(each), 0)).toBe(MAX_OPEN_DESCRIPTORS);
    // The ones opened last keep theirs; the earliest were closed to make room.
    expect(sources.map((source) => source.holdsDescriptor)).toEqual(sources.map((_, i) => i >= sources.length - MAX_OPEN_DESCRIPTORS));
  });

  it("closes a descriptor that failed a read, and says where", () => {
    const short = join(scratch, "short.bin");
    writeFileSync(short, new Uint8Array(100));
    const source = FileSource.open(short);
    source.read(0, 10);
    writeFileSync(short, new Uint8Array(10)); // truncated after the open
    expect(() => source.read(50, 10, "test range")).toThrow(/short\.bin: test range: the file ended at byte 50 although it had 100 bytes when opened/);
    expect(source.holdsDescriptor).toBe(false);
  });
});
