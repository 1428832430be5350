// Self-referencing values keep their identity: the cycle is in the result, and nothing loops while decoding it.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { PyDict, PyInstance, PyTuple } from "../../src/python/values.js";
import { fromB64, pk, runPythonJson } from "./support.js";

const pickles = runPythonJson(`
import base64, json, pickle
class Node: pass
a = []; a.append(a)
d = {}; d["me"] = d
n = Node(); n.next = n; n.peers = [n]
l = []; t = (l, 1); l.append(t)
print(json.dumps({k: [base64.b64encode(pickle.dumps(v, protocol=p)).decode() for p in range(6)] for k, v in
                  {"list": a, "dict": d, "node": n, "tuple": t}.items()}))
`) as Record<string, string[]>;

describe("cyclic pickles", () => {
  for (let protocol = 0; protocol < 6; protocol++) {
    it(`keeps cycles through a list, a dict, an object and a tuple, protocol ${protocol}`, () => {
      const list = unpickle(fromB64(pickles.list![protocol]!)) as unknown[];
      expect(list.length).toBe(1);
      expect(list[0]).toBe(list);
      const dict = unpickle(fromB64(pickles.dict![protocol]!)) as PyDict;
      expect(dict.get("me")).toBe(dict);
      const node = unpickle(fromB64(pickles.node![protocol]!)) as PyInstance;
      expect(node.getattr("next")).toBe(node);
      expect((node.getattr("peers") as unknown[])[0]).toBe(node);
      const tuple = unpickle(fromB64(pickles.tuple![protocol]!)) as PyTuple;
      expect(tuple).toBeInstanceOf(PyTuple);
      expect((tuple[0] as unknown[])[0]).toBe(tuple);
    });
  }

  it("decodes a hand-made pickle whose list holds itself 100,000 times", () => {
    const list = unpickle(pk("\x80\x02]q\x00(", "h\x00".repeat(100_000), "e.")) as unknown[];
    expect(list.length).toBe(100_000);
    expect(list.every((x) => x === list)).toBe(true);
  });

  it("lets a dict be its own key's value and an object its own state", () => {
    const d = unpickle(pk("\x80\x02}q\x00X\x01\x00\x00\x00kh\x00s.")) as PyDict;
    expect(d.get("k")).toBe(d);
    const o = unpickle(pk("\x80\x02c__main__\nC\n)\x81q\x00}X\x01\x00\x00\x00sh\x00sb.")) as PyInstance;
    expect(o.getattr("s")).toBe(o);
  });
});
