// What openTorchFile reports about a file (format, folder, byte order, version, storages) and its one-line description.
import { join } from "node:path";
import { expect, it } from "vitest";
import { Tensor } from "../../src/tensor/index.js";
import { collectTensors, describeTorchFile, openTorchFile } from "../../src/torch/index.js";
import { describeWithTorch } from "../support/oracle.js";
import { ensureTorchFixtures, torchFixtures } from "./support.js";

describeWithTorch("openTorchFile and describeTorchFile", () => {
  ensureTorchFixtures();
  const open = (file: string) => openTorchFile(join(torchFixtures, file));

  it("describes each kind of file in a user's words", () => {
    expect(describeTorchFile(open("dtypes.pt"))).toBe("state_dict (dict of 11 tensors)");
    expect(describeTorchFile(open("shared_storage.pt"))).toBe("state_dict (OrderedDict of 4 tensors)");
    expect(describeTorchFile(open("zip_module.pt"))).toBe("whole module of class torch.nn.modules.container.Sequential");
    expect(describeTorchFile(open("main_model.pt"))).toBe("whole module of class __main__.Model");
    expect(describeTorchFile(open("checkpoint_adam.pt"))).toBe("checkpoint: dict with keys epoch, loss, model_state_dict, optimizer_state_dict, nested, by_int, note");
    expect(describeTorchFile(open("scripted.pt"))).toBe("TorchScript module Scripted");
    expect(describeTorchFile(open("legacy_module.pt"))).toBe("legacy (pre-1.6) file: whole module of class torch.nn.modules.container.Sequential");
  });

  it("reports format, archive folder, byte order and version", () => {
    const zip = open("dtypes.pt");
    expect([zip.format, zip.archiveName, zip.byteorder, zip.version]).toEqual(["zip", "dtypes", "little", 3]);
    const big = open("big_endian_dtypes.pt");
    expect([big.format, big.archiveName, big.byteorder]).toEqual(["zip", "big_endian_dtypes", "big"]);
    const script = open("scripted.pt");
    expect([script.format, script.archiveName]).toEqual(["torchscript", "scripted"]);
    const legacy = open("legacy_state_dict.pt");
    expect([legacy.format, legacy.byteorder, legacy.version]).toEqual(["legacy", "little", 1001]);
  });

  it("gives tensors that share a storage key one Storage object", () => {
    const file = open("shared_storage.pt");
    const tensors = collectTensors(file.value).map(({ tensor }) => tensor);
    expect(file.storages.length).toBe(1);
    expect(new Set(tensors.map((t) => t.storage)).size).toBe(1);
    expect(tensors.map((t) => t.storageOffset)).toEqual([0, 10, 20, 30]);
  });

  it("keeps checkpoint scalars with their Python types", () => {
    const value = open("checkpoint_adam.pt").value as { get(key: string): unknown };
    expect(value.get("epoch")).toBe(3);
    expect(Number(value.get("loss"))).toBe(0.25);
    expect(value.get("note")).toBe("checkpoint");
    expect(value.get("model_state_dict")).toBeDefined();
    expect(collectTensors(value).every(({ tensor }) => tensor instanceof Tensor)).toBe(true);
  });

  it("keeps TorchScript constants and the Final attributes the code declares", () => {
    const script = open("scripted.pt");
    const linear = (script.value as { sub: { lin: { __dict__: { get(k: string): unknown }; kind?: { name: string } } } }).sub.lin;
    expect(linear.kind?.name).toBe("Linear");
    expect(linear.__dict__.get("in_features")).toBe(3);
    expect(linear.__dict__.get("out_features")).toBe(4);
    expect(script.constants).toBeDefined();
  });
});
