// torch.save of files made with real torch: every dtype, views with their strides, shared storages, single tensors.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TorchFileError } from "../../../src/errors.js";
import { OrderedDict } from "../../../src/python/values.js";
import { Device, load, save, torch } from "../../../src/torch/index.js";
import { describeWithTorch, ensureDir, generatedDir, runPython } from "../../support/oracle.js";
import { inspectTensors, zipView } from "./support.js";

const out = ensureDir(join(generatedDir, "save"));

/** Python that builds the source object; `make()` is shared by the writer and the checker. */
const makeSource = `import torch, collections
def make():
    g = torch.Generator().manual_seed(7)
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    d = collections.OrderedDict()
    for dt in [torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8, torch.bool]:
        d["dtype." + str(dt)[6:]] = (torch.randn(3, 5, generator=g) * 50).to(dt)
    d["base"] = base
    d["transposed"] = base.t()
    d["slice"] = base[1:3, ::2]
    d["row"] = base[2]
    d["expanded"] = torch.arange(3.0).expand(4, 3)
    d["scalar"] = torch.tensor(2.5, dtype=torch.float64)
    d["empty"] = torch.zeros(0, 3)
    d["param"] = torch.nn.Parameter(torch.randn(2, 2, generator=g))
    other = torch.arange(10, dtype=torch.int64)
    d["meta"] = {"dtype": torch.float16, "long": torch.int64}
    d["nested"] = {"list": [other[:4], other[4:]], "tuple": (other, 3, "x", None, True, -(2**40))}
    return d
`;

const checkScript = `${makeSource}
import hashlib, json, sys
def tensors(value, path=""):
    if isinstance(value, torch.Tensor):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from tensors(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from tensors(v, f"{path}.{i}")
def describe(value):
    rows = []
    for path, t in tensors(value):
        flat = t.detach().contiguous().reshape(-1)
        rows.append({"path": path, "dtype": str(t.dtype), "shape": list(t.shape), "stride": list(t.stride()), "offset": t.storage_offset(), "cls": type(t).__name__,
                     "sha256": hashlib.sha256(flat.view(torch.uint8).numpy().tobytes()).hexdigest()})
    groups = {}
    for path, t in tensors(value):
        groups.setdefault(t.storage().data_ptr() if t.numel() else "empty:" + path, []).append(path)
    return {"tensors": rows, "shared": sorted(sorted(g) for g in groups.values())}
def scalars(value):
    if isinstance(value, torch.Tensor):
        return "tensor"
    if isinstance(value, dict):
        return [type(value).__name__, [[k, scalars(v)] for k, v in value.items()]]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [scalars(v) for v in value]]
    return [type(value).__name__, repr(value)]
saved = torch.load(sys.argv[1], weights_only=True)
print(json.dumps({"original": describe(make()), "saved": describe(saved), "originalScalars": scalars(make()), "savedScalars": scalars(saved)}))
`;

describeWithTorch("torch.save of a file made with real torch", () => {
  const source = join(out, "generated-source.pt");
  runPython(`${makeSource}\ntorch.save(make(), ${JSON.stringify(source)})`);

  it("keeps every dtype bit for bit, views with their offsets and strides, and shared storages shared", async () => {
    const target = join(out, "generated-saved.pt");
    save(load(source), target);
    const view = JSON.parse(runPython(checkScript, [target]));
    expect(view.saved.tensors).toEqual(view.original.tensors);
    expect(view.saved.shared).toEqual(view.original.shared);
    expect(view.original.shared.find((group: string[]) => group.includes("base"))).toEqual(["base", "row", "slice", "transposed"]);
    expect(view.savedScalars).toEqual(view.originalScalars);
    const zip = zipView(target);
    expect(zip.bad).toBeNull();
    for (const offset of zip.offsets) expect(offset % 64).toBe(0);
    expect(await inspectTensors(target)).toEqual(await inspectTensors(source));
  });

  it("writes one data record per distinct storage, keys in first-use order", () => {
    const target = join(out, "generated-records.pt");
    save(load(source), target);
    const names = zipView(target).names;
    const keys = names.filter((n) => n.startsWith("generated-records/data/")).map((n) => n.slice("generated-records/data/".length));
    // 10 dtype tensors, base (shared by 4 views), expanded, scalar, empty, param, and one for the nested int64s.
    expect(keys).toEqual(Array.from({ length: 16 }, (_, i) => String(i)));
    expect(names[0]).toBe("generated-records/data.pkl");
    expect(names.slice(1, 2)).toEqual(["generated-records/byteorder"]);
    expect(names.at(-1)).toBe("generated-records/version");
  });

  it("saves a single non-contiguous tensor that torch loads with its strides", () => {
    const d = load(source) as OrderedDict;
    const target = join(out, "single-tensor.pt");
    torch.save(d.get("slice"), target);
    const outText = runPython(
      `import torch, sys\nt = torch.load(sys.argv[1], weights_only=True)\nbase = torch.arange(24, dtype=torch.float32).reshape(4, 6)\nprint(torch.equal(t, base[1:3, ::2]), list(t.stride()), t.storage_offset(), t.storage().size())`,
      [target],
    );
    expect(outText.trim()).toBe("True [6, 2] 6 24");
  });
});

describeWithTorch("torch.save of devices", () => {
  // torch 1.13's weights-only unpickler refuses torch.device even in its own files (newer torch allows it),
  // so this file is read with a plain torch.load: it is ours, made in this test.
  it("writes torch.device as torch reduces it", () => {
    const target = join(out, "devices.pt");
    save(new OrderedDict([["cpu", Device.parse("cpu")], ["cuda", Device.parse("cuda:1")]]), target);
    const text = runPython("import torch, sys\nprint(repr(dict(torch.load(sys.argv[1]))))", [target]);
    expect(text.trim()).toBe("{'cpu': device(type='cpu'), 'cuda': device(type='cuda', index=1)}");
  });
});

describe("torch.save refusals", () => {
  it("refuses values a checkpoint cannot hold, naming the file", () => {
    const target = join(out, "bad.pt");
    expect(() => save(new Map(), target)).toThrow(TorchFileError);
    expect(() => save(new Map(), target)).toThrow(target);
  });
});
