// Opening a file and listing its tensors reads no tensor bytes; reading one tensor reads only its storage.
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { FileSource } from "../../src/archive/index.js";
import { collectTensors, openTorchFile } from "../../src/torch/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { ensureTorchFixtures, torchFixtures } from "./support.js";

/** Counts the bytes every FileSource hands out while `body` runs. */
function bytesReadDuring(body: () => void): number {
  let total = 0;
  const original = FileSource.prototype.read;
  const spy = vi.spyOn(FileSource.prototype, "read").mockImplementation(function (this: FileSource, offset: number, length: number, place?: string) {
    total += length;
    return original.call(this, offset, length, place);
  });
  try {
    body();
  } finally {
    spy.mockRestore();
  }
  return total;
}

describeWithTorch("lazy reading", () => {
  ensureTorchFixtures();
  afterEach(() => vi.restoreAllMocks());

  for (const file of ["big_state_dict.pt", "big_legacy_state_dict.pt", "legacy_module.pt"]) {
    it(`lists keys, shapes and dtypes of ${file} without reading tensor bytes`, () => {
      let listing: string[] = [];
      let storagesLoaded: boolean[] = [];
      const read = bytesReadDuring(() => {
        const opened = openTorchFile(join(torchFixtures, file));
        listing = collectTensors(opened.value).map(({ path, tensor }) => `${path} ${tensor.shape.join("x")} ${tensor.dtype}`);
        storagesLoaded = opened.storages.map((storage) => storage.loaded);
      });
      expect(listing.length).toBeGreaterThan(0);
      expect(storagesLoaded.every((loaded) => !loaded)).toBe(true);
      expect(read).toBeLessThan(70_000);
    });
  }

  for (const file of ["big_state_dict.pt", "big_legacy_state_dict.pt"]) {
    it(`reads one 4 MiB tensor of ${file} with 4 MiB of reads (plus the storage's zip local header or the legacy storage headers)`, () => {
      const opened = openTorchFile(join(torchFixtures, file));
      const [, second] = collectTensors(opened.value);
      const read = bytesReadDuring(() => second!.tensor.toBytesLE());
      // A zip entry's local header (30 bytes and the entry's name) is read on the entry's first read,
      // not when the archive is opened, so it counts here.
      const entryName = `${opened.archiveName}/data/${second!.tensor.storage.key}`;
      const headers = opened.format === "legacy" ? 8 * opened.storages.length : 30 + Buffer.byteLength(entryName);
      expect(read).toBe(1024 * 1024 * 4 + headers);
      expect(opened.storages.filter((storage) => storage.loaded).length).toBe(1);
    });
  }
});
