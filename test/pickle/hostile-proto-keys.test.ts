// Keys and attribute names such as __proto__, constructor and prototype stay data: no prototype changes anywhere.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { OrderedDict, PyDict, PyInstance } from "../../src/python/values.js";
import { fromB64, pk, runPythonJson } from "./support.js";

const names = ["__proto__", "constructor", "prototype"];
const binunicode = (s: string) => pk("X", new Uint8Array(new Uint32Array([s.length]).buffer), s);
const snapshot = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).join(),
  dict: Object.getOwnPropertyNames(PyDict.prototype).join(),
  array: Object.getOwnPropertyNames(Array.prototype).join(),
  dictProto: Object.getPrototypeOf(PyDict.prototype),
});

describe("prototype keys in pickles", () => {
  let before: ReturnType<typeof snapshot>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(() => {
    expect(snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps them as plain keys from DICT, SETITEM and SETITEMS (hand-made)", () => {
    for (const name of names) {
      const evil = pk("}", binunicode("polluted"), "K\x01s");
      const viaDict = unpickle(pk("(", binunicode(name), evil, "d.")) as PyDict;
      const viaSetitem = unpickle(pk("}", binunicode(name), evil, "s.")) as PyDict;
      const viaSetitems = unpickle(pk("}(", binunicode(name), evil, "u.")) as PyDict;
      for (const d of [viaDict, viaSetitem, viaSetitems]) {
        expect(Object.getPrototypeOf(d)).toBe(PyDict.prototype);
        expect(d.keys()).toEqual([name]);
        expect((d.get(name) as PyDict).get("polluted")).toBe(1);
        expect((d as unknown as Record<string, unknown>).polluted).toBeUndefined();
      }
    }
  });

  it("keeps them as plain keys and attributes in what Python pickles, every protocol", () => {
    const cases = runPythonJson(`
import base64, collections, json, pickle
class Obj: pass
o = Obj()
for n in ("__proto__", "constructor", "prototype"):
    setattr(o, n, {"polluted": 1})
d = {"__proto__": {"polluted": 1}, "constructor": 2, "prototype": 3}
od = collections.OrderedDict(d)
od.__dict__["__proto__"] = {"polluted": 1}
print(json.dumps([[base64.b64encode(pickle.dumps(x, protocol=p)).decode() for x in (o, d, od)] for p in range(6)]))
`) as string[][];
    for (const [obj, dict, ordered] of cases) {
      const o = unpickle(fromB64(obj!)) as PyInstance;
      expect(Object.getPrototypeOf(o)).toBe(PyInstance.prototype);
      expect(o.__dict__.keys()).toEqual(names);
      expect((o.getattr("__proto__") as PyDict).get("polluted")).toBe(1);
      const d = unpickle(fromB64(dict!)) as PyDict;
      expect(d.keys()).toEqual(names);
      expect(d.get("constructor")).toBe(2);
      const od = unpickle(fromB64(ordered!)) as OrderedDict;
      expect(Object.getPrototypeOf(od)).toBe(OrderedDict.prototype);
      expect(od.__dict__.has("__proto__")).toBe(true);
      expect(od.keys()).toEqual(names);
    }
  });

  it("keeps a BUILD state with those names on a PyInstance and on a dict (hand-made)", () => {
    for (const name of names) {
      const state = pk("}", binunicode(name), "}", binunicode("polluted"), "K\x01ss");
      const inst = unpickle(pk("\x80\x02c__main__\nC\n)\x81", state, "b.")) as PyInstance;
      expect((inst.getattr(name) as PyDict).get("polluted")).toBe(1);
      const dict = unpickle(pk("}", state, "b.")) as PyDict;
      expect(dict.__dict__.has(name)).toBe(true);
      expect(dict.size).toBe(0);
    }
  });
});
