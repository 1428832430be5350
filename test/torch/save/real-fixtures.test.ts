// torch.save of every real PyTorch fixture: real torch loads the result with weights_only=True, bit for bit.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { TorchModule, load, save } from "../../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, sharedFixtures } from "../../support/oracle.js";
import { inspectTensors, torchView, zipView } from "./support.js";

const out = ensureDir(join(generatedDir, "save"));
/** Every PyTorch file of the shared fixtures but TorchScript archives, which torch.save does not write. */
const fixtures = readdirSync(sharedFixtures).filter((name) => /\.(pt|pth)$/.test(name) && !name.startsWith("torchscript"));

describeWithTorch("torch.save on the real fixtures", () => {
  it("covers the state_dicts, checkpoints, tensor dicts and whole modules", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of fixtures) {
    it(`saves ${name} so that torch.load(weights_only=True) gives what torch loads from the original`, async () => {
      const source = join(sharedFixtures, name);
      const loaded = load(source);
      const isModule = loaded instanceof TorchModule;
      const target = join(out, name.replace(/\.(pt|pth)$/, ".saved.$1"));
      save(isModule ? loaded.state_dict() : loaded, target);

      const saved = torchView(target, "weights_only");
      expect(saved.value).toEqual(torchView(source, isModule ? "state_dict" : "plain").value);
      expect(saved.how).toBe(name === "torch_zip_checkpoint_burn.pt" ? "refused like torch's own file (a float)" : "weights_only");
      const zip = zipView(target);
      expect(zip.bad).toBeNull();
      for (const offset of zip.offsets) expect(offset % 64).toBe(0);
      expect(zip.names[0]).toBe(`${name.replace(/\.(pt|pth)$/, "")}.saved/data.pkl`);
      if (!isModule) expect(await inspectTensors(target)).toEqual(await inspectTensors(source));
      // weightscope's own weights-only policy takes the file too.
      expect(() => load(target, { weights_only: true })).not.toThrow();
    });
  }
});
