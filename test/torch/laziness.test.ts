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
    it(`reads one 4 MiB tensor of ${file} with 4 MiB of reads (plus the legacy storage headers)`, () => {
      const opened = openTorchFile(join(torchFixtures, file));
      const [, second] = collectTensors(opened.value);
      const read = bytesReadDuring(() => second!.tensor.toBytesLE());
      const headers = opened.format === "legacy" ? 8 * opened.storages.length : 0;
      expect(read).toBe(1024 * 1024 * 4 + headers);
      expect(opened.storages.filter((storage) => storage.loaded).length).toBe(1);
    });
  }
});
