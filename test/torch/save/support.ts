// Shared by the save tests: what real torch loads from a file, as JSON, and what `weightscope inspect --json` prints.
import { PassThrough } from "node:stream";
import { runCli } from "../../../src/cli/main.js";
import { runPython } from "../../support/oracle.js";

/**
 * Python that prints the nesting of what torch loads, tensors as dtype, shape, stride, class and sha256
 * of their contiguous bytes. `load(path, how)`: "weights_only", "plain", or "state_dict" (a whole module,
 * loaded with stand-ins for missing classes, then its state_dict()).
 */
const describeScript = `import hashlib, io, json, pickle, sys, collections, torch
sys.path.insert(0, "/work/shared/tools")
from oracle_dump import load_with_stubs
def tensor_sha(t):
    flat = t.detach().contiguous().reshape(-1)
    return hashlib.sha256(flat.view(torch.uint8).numpy().tobytes() if flat.element_size() > 0 else b"").hexdigest()
def shape_of(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": str(v.dtype), "shape": list(v.shape), "stride": list(v.stride()), "offset": v.storage_offset(), "cls": type(v).__name__, "sha256": tensor_sha(v)}
    if isinstance(v, dict):
        out = {"type": type(v).__name__, "items": [[repr(k), shape_of(x)] for k, x in v.items()]}
        if getattr(v, "_metadata", None) is not None:
            out["metadata"] = shape_of(v._metadata)
        return out
    if isinstance(v, (list, tuple)):
        return {"type": type(v).__name__, "items": [shape_of(x) for x in v]}
    return {"type": type(v).__name__, "repr": repr(v)}
def load(path, how):
    if how == "weights_only":
        try:
            return torch.load(path, weights_only=True), "weights_only"
        except pickle.UnpicklingError as e:
            # torch 1.13's weights-only unpickler has no BINFLOAT, so it refuses any float, even in files
            # torch.save wrote itself: accept that refusal only when torch's own file of it is refused too.
            if "Unsupported operand 71" not in str(e):
                raise
            value = torch.load(path)
            own = io.BytesIO()
            torch.save(value, own)
            own.seek(0)
            try:
                torch.load(own, weights_only=True)
            except pickle.UnpicklingError as e2:
                if "Unsupported operand 71" in str(e2):
                    return value, "refused like torch's own file (a float)"
            raise
    value = load_with_stubs(path)
    return (value.state_dict() if how == "state_dict" else value), how
value, how = load(sys.argv[1], sys.argv[2])
print(json.dumps({"how": how, "value": shape_of(value)}))
`;

/** What torch loads and how: `how` says whether weights_only=True took it (see describeScript). */
export function torchView(path: string, how: "weights_only" | "plain" | "state_dict"): { how: string; value: unknown } {
  return JSON.parse(runPython(describeScript, [path, how]));
}

/** Python's zipfile verdict on a file and the data offset of each entry, read from its local header. */
export function zipView(path: string): { bad: string | null; offsets: number[]; names: string[] } {
  return JSON.parse(
    runPython(
      `import zipfile, sys, json, struct
z = zipfile.ZipFile(sys.argv[1])
raw = open(sys.argv[1], "rb").read()
def data_offset(i):
    name_len, extra_len = struct.unpack_from("<HH", raw, i.header_offset + 26)
    return i.header_offset + 30 + name_len + extra_len
print(json.dumps({"bad": z.testzip(), "offsets": [data_offset(i) for i in z.infolist()], "names": z.namelist()}))`,
      [path],
    ),
  );
}

/** `weightscope inspect --json path`: its tensors (path, shape, dtype, sha256), sorted by path. */
export async function inspectTensors(path: string): Promise<unknown[]> {
  let stdout = "";
  const stdin = new PassThrough();
  stdin.end("");
  const status = await runCli(["inspect", "--json", path], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined }, stdin });
  if (status !== 0) throw new Error(`weightscope inspect failed on ${path}`);
  const tensors = (JSON.parse(stdout) as { tensors: Array<{ path: string }> }).tensors;
  return [...tensors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
