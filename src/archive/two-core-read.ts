// Big reads on two cores: this thread and a worker thread take turns claiming 4 MiB chunks of the range.
//
// Reading a large tensor is bounded by the kernel copying page-cache pages into fresh memory and by
// CRC-32, not by the disk: one thread copies about 1.7 GB/s, and checksums 2-3 GB/s with zlib or about
// 7 GB/s with the native CRC (crc32.ts). The range is cut into chunks and both threads claim the next
// unclaimed chunk from a shared counter, read it and checksum it while it is still in the CPU cache; the
// chunk CRCs are combined at the end. Claiming instead of a fixed half means neither thread waits for the
// other: this thread never waits for the worker to start (it reads alone until the worker joins in), and
// a slow worker just takes fewer chunks. The API stays synchronous: the caller blocks on Atomics.wait
// only for chunks the worker is still reading.
//
// The worker gets its jobs through a MessagePort that it drains with receiveMessageOnPort when this
// thread rings a shared doorbell, so nothing depends on either thread's event loop running. It only ever
// reads the file it is told to into memory it is given, and holds no state between jobs.
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { crc32, crc32Combine, nativeCrc32 } from "./crc32.js";

/** Below this, one thread is faster than handing chunks to the worker. */
export const TWO_CORE_THRESHOLD = 32 * 1024 * 1024;
/** The unit both threads claim: big enough that claiming costs nothing, small enough to stay in cache. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** How long the worker may go without finishing a chunk it claimed before this thread reads it itself. */
const STALL_MS = 5_000;

// A job's shared words: the next chunk to claim, the number finished, then per chunk its state (0 claimed,
// 1 read, 2 failed in the worker) and its CRC-32.
const NEXT = 0;
const FINISHED = 1;
const HEADER = 2;
const READ = 1;

const workerCode = `
const { workerData: { doorbell, port, nativeCrc }, receiveMessageOnPort } = require("node:worker_threads");
const { openSync, readSync, closeSync } = require("node:fs");
let { crc32 } = require("node:zlib");
if (nativeCrc) try { crc32 = require(nativeCrc).crc32; } catch {}
function work({ path, offset, target, job, chunk, chunks, checksum }) {
  let fd;
  try { fd = openSync(path, "r"); } catch {}
  for (;;) {
    const i = Atomics.add(job, ${NEXT}, 1);
    if (i >= chunks) break;
    let state = 2;
    try {
      const start = i * chunk;
      const view = target.subarray(start, Math.min(start + chunk, target.length));
      let done = 0;
      while (done < view.length) {
        const got = readSync(fd, view, done, view.length - done, offset + start + done);
        if (got === 0) throw new Error("end of file");
        done += got;
      }
      if (checksum) job[${HEADER} + chunks + i] = crc32(view) | 0;
      state = ${READ};
    } catch {}
    Atomics.store(job, ${HEADER} + i, state);
    Atomics.add(job, ${FINISHED}, 1);
    Atomics.notify(job, ${FINISHED});
  }
  if (fd !== undefined) closeSync(fd);
}
for (;;) {
  const rung = Atomics.load(doorbell, 0);
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) work(m.message);
  Atomics.wait(doorbell, 0, rung);
}
`;

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly doorbell: Int32Array;
}

let helper: Helper | undefined;
let workerBroken = false;

/**
 * Chunks read so far by split reads, how many of them the worker read, and how many this thread read
 * again after the worker failed them (for tests and benches).
 */
export const splitReadCounts = { chunks: 0, byWorker: 0, reread: 0 };

/** The worker, started on first use without waiting for it: jobs posted before it runs wait in its port. */
function getHelper(): Helper | undefined {
  if (workerBroken) return undefined;
  if (!helper) {
    const doorbell = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    // execArgv: [] so that flags of the parent (such as --input-type=module) do not change how the
    // worker's CommonJS source is read.
    let worker: Worker;
    try {
      // The worker checksums with the same native CRC as this thread when it is installed.
      const nativeCrc = nativeCrc32()?.path ?? null;
      worker = new Worker(workerCode, { eval: true, workerData: { doorbell, port: port2, nativeCrc }, transferList: [port2], execArgv: [] });
    } catch {
      // No thread to be had (resource limits, a runtime without workers): this thread reads alone.
      workerBroken = true;
      return undefined;
    }
    worker.unref();
    port1.unref();
    worker.on("error", retireHelper);
    worker.on("exit", retireHelper);
    helper = { worker, port: port1, doorbell };
  }
  return helper;
}

/** Stops using the worker for good (it failed, stalled or exited); reads go on in this thread alone. */
function retireHelper(): void {
  workerBroken = true;
  if (helper) void helper.worker.terminate();
  helper = undefined;
}

/** Whether a read of `length` bytes is worth splitting on this machine. */
export function worthSplitting(length: number): boolean {
  return length >= TWO_CORE_THRESHOLD && availableParallelism() > 1 && !workerBroken;
}

/**
 * Reads `target.length` bytes at `offset` of `path` into `target` (backed by a SharedArrayBuffer) and
 * returns the CRC-32 of what was read (0 unless `checksum`). `readRange` is how this thread reads, and
 * its errors propagate; a chunk the worker failed to read, or left unfinished for too long, is read
 * again by this thread, so the result never depends on the worker.
 */
export function readSplit(
  path: string,
  offset: number,
  target: Uint8Array,
  checksum: boolean,
  readRange: (view: Uint8Array, at: number) => void,
): number {
  const length = target.length;
  const chunks = Math.ceil(length / CHUNK_BYTES);
  const job = new Int32Array(new SharedArrayBuffer(4 * (HEADER + 2 * chunks)));
  const chunkView = (i: number): Uint8Array => target.subarray(i * CHUNK_BYTES, Math.min((i + 1) * CHUNK_BYTES, length));
  const readChunk = (i: number): void => {
    const view = chunkView(i);
    readRange(view, offset + i * CHUNK_BYTES);
    if (checksum) job[HEADER + chunks + i] = crc32(view) | 0;
    job[HEADER + i] = READ;
  };

  const worker = getHelper();
  if (worker) {
    worker.port.postMessage({ path, offset, target, job, chunk: CHUNK_BYTES, chunks, checksum });
    Atomics.add(worker.doorbell, 0, 1);
    Atomics.notify(worker.doorbell, 0);
  }
  let mine = 0;
  for (let i = Atomics.add(job, NEXT, 1); i < chunks; i = Atomics.add(job, NEXT, 1)) {
    readChunk(i);
    mine++;
    Atomics.add(job, FINISHED, 1);
  }
  waitForWorker(job, chunks);
  // Chunks the worker failed (or gave up on) are read here, where a failure names the file and place.
  for (let i = 0; i < chunks; i++) {
    if (Atomics.load(job, HEADER + i) !== READ) {
      readChunk(i);
      mine++;
      splitReadCounts.reread++;
    }
  }
  splitReadCounts.chunks += chunks;
  splitReadCounts.byWorker += chunks - mine;
  if (!checksum) return 0;
  let crc = job[HEADER + chunks]! >>> 0;
  for (let i = 1; i < chunks; i++) crc = crc32Combine(crc, job[HEADER + chunks + i]! >>> 0, chunkView(i).length);
  return crc;
}

/** Blocks until every claimed chunk is finished, or the worker has made no progress for STALL_MS. */
function waitForWorker(job: Int32Array, chunks: number): void {
  let seen = Atomics.load(job, FINISHED);
  let since = Date.now();
  while (seen < chunks) {
    Atomics.wait(job, FINISHED, seen, 100);
    const now = Atomics.load(job, FINISHED);
    if (now !== seen) {
      seen = now;
      since = Date.now();
    } else if (Date.now() - since > STALL_MS) {
      // A stalled worker must not go on writing into memory the caller is about to own.
      retireHelper();
      return;
    }
  }
}
