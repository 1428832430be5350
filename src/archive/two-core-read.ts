// Big reads on two cores: a worker thread reads (and checksums) the second half while this thread does the first.
//
// Reading a large tensor is bounded by the kernel copying page-cache pages into fresh memory and by
// CRC-32, not by the disk: one thread manages about 1.7 GB/s plus 3.7 GB/s of CRC. Splitting the range
// in two halves keeps the API synchronous (the caller blocks on Atomics.wait until the worker is done)
// and roughly halves the wall time on the two-core machines this project targets. The worker only ever
// reads the file it is told to into memory it is given; it holds no state between requests.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { crc32, crc32Combine } from "./crc32.js";

/** Below this, one thread is faster than handing half to the worker. */
export const TWO_CORE_THRESHOLD = 32 * 1024 * 1024;
/** The longest the caller waits for the worker to start, and for a half read, before doing without it. */
const STARTUP_PATIENCE_MS = 5_000;
const READ_PATIENCE_MS = 60_000;

// The worker says it is listening through shared memory: a message posted before that point is not
// delivered while this thread blocks in Atomics.wait, so the first use waits for the signal (about 30 ms).
const workerCode = `
const { parentPort, workerData: ready } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
const { crc32 } = require("node:zlib");
parentPort.on("message", ({ path, offset, length, target, status, checksum }) => {
  const view = new Uint8Array(target.buffer, target.byteOffset, length);
  let fd;
  try {
    fd = openSync(path, "r");
    let done = 0;
    while (done < length) {
      const got = readSync(fd, view, done, Math.min(length - done, 1 << 30), offset + done);
      if (got === 0) throw new Error("end of file");
      done += got;
    }
    if (checksum) Atomics.store(status, 1, crc32(view) | 0);
    Atomics.store(status, 0, 1);
  } catch {
    Atomics.store(status, 0, 2);
  } finally {
    if (fd !== undefined) closeSync(fd);
    Atomics.notify(status, 0);
  }
});
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
`;

let worker: Worker | undefined;
let workerBroken = false;

function getWorker(): Worker | undefined {
  if (workerBroken) return undefined;
  if (!worker) {
    const ready = new Int32Array(new SharedArrayBuffer(4));
    // execArgv: [] so that flags of the parent (such as --input-type=module) do not change how the
    // worker's CommonJS source is read.
    const started = new Worker(workerCode, { eval: true, workerData: ready, execArgv: [] });
    started.unref();
    started.on("error", () => {
      workerBroken = true;
      worker = undefined;
    });
    if (Atomics.wait(ready, 0, 0, STARTUP_PATIENCE_MS) === "timed-out") {
      workerBroken = true;
      void started.terminate();
      return undefined;
    }
    worker = started;
  }
  return worker;
}

/** Whether a read of `length` bytes is worth splitting on this machine. */
export function worthSplitting(length: number): boolean {
  return length >= TWO_CORE_THRESHOLD && availableParallelism() > 1 && !workerBroken;
}

/**
 * Reads `target.length` bytes at `offset` of `path` into `target` (backed by a SharedArrayBuffer) and
 * returns the CRC-32 of what was read (0 unless `checksum`). `readRange` is how this thread reads, and
 * its errors propagate; a worker that fails or stalls makes this thread read the second half itself,
 * so the result never depends on the worker.
 */
export function readSplit(
  path: string,
  offset: number,
  target: Uint8Array,
  checksum: boolean,
  readRange: (view: Uint8Array, at: number) => void,
): number {
  const length = target.length;
  const half = Math.floor(length / 2 / 4096) * 4096;
  const secondLength = length - half;
  const second = target.subarray(half);
  const status = new Int32Array(new SharedArrayBuffer(8));
  const helper = getWorker();
  helper?.postMessage({ path, offset: offset + half, length: secondLength, target: second, status, checksum });

  readRange(target.subarray(0, half), offset);
  const firstCrc = checksum ? crc32(target.subarray(0, half)) : 0;

  let secondCrc: number;
  const outcome = helper ? Atomics.wait(status, 0, 0, READ_PATIENCE_MS) : "timed-out";
  if (outcome !== "timed-out" && Atomics.load(status, 0) === 1) {
    secondCrc = Atomics.load(status, 1) >>> 0;
  } else {
    if (outcome === "timed-out" && helper) {
      // A stalled worker must not write into memory the caller is about to own.
      workerBroken = true;
      void helper.terminate();
      worker = undefined;
    }
    readRange(second, offset + half);
    secondCrc = checksum ? crc32(second) : 0;
  }
  return checksum ? crc32Combine(firstCrc, secondCrc, secondLength) : 0;
}
