// Writing a file that appears whole or not at all: the bytes go to a temporary file beside it, renamed over the target at the end.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";

/**
 * Runs `write` on a new file `<path>.tmp-<pid>-<random>`, flushes it to disk and renames it over
 * `path`. On any failure the temporary file is removed, an existing `path` is left as it was, and the
 * error goes through `failed`, which turns it into the writer's own error class.
 */
export function writeFileAtomically(path: string, write: (fd: number) => void, failed: (error: unknown) => unknown): void {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx", 0o644);
    write(fd);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created or is already gone.
    }
    throw failed(error);
  }
}

/** Writes every byte at `position`: Node writes at most about 2 GiB per call, so it loops until all are down. */
export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30), position + done);
  }
}
