// Complex and quantized tensors are not read yet: the file fails with one line naming the storage class.
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { TorchFileError } from "../../src/errors.js";
import { openTorchFile } from "../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../support/oracle.js";

describeWithTorch("storages weightscope does not read yet", () => {
  const dir = join(generatedDir, "unsupported-storage");
  beforeAll(() => {
    ensureDir(dir);
    runPython(
      `
import sys, torch
torch.save({"c": torch.randn(3, dtype=torch.complex64)}, sys.argv[1] + "/complex.pt")
torch.save({"q": torch.quantize_per_tensor(torch.randn(4), 0.1, 10, torch.quint8)}, sys.argv[1] + "/quantized.pt")
`,
      [dir],
    );
  });

  for (const [file, storage] of [
    ["complex.pt", "torch.ComplexFloatStorage"],
    ["quantized.pt", "torch.QUInt8Storage"],
  ] as const) {
    it(`names ${storage} in one line`, () => {
      const path = join(dir, file);
      let error: unknown;
      try {
        openTorchFile(path);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TorchFileError);
      const message = (error as Error).message;
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toContain(path);
      expect(message).toContain(`tensors stored as ${storage}`);
      expect(message).toContain("data.pkl");
    });
  }
});
