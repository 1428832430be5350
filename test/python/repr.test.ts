// pyRepr against Python's own repr: random nested values pickled by Python, unpickled here, printed by both.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { floatRepr, pyRepr, pyStr, strRepr } from "../../src/python/index.js";
import { OrderedDict, PyDict, PyFloat, PyTuple } from "../../src/python/values.js";
import { runPython } from "../support/oracle.js";

const makeValues = String.raw`
import collections, json, math, pickle, random, struct, sys
random.seed(int(sys.argv[1]))
def rfloat():
    pick = random.random()
    if pick < 0.1: return random.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, 0.1, 1e16, 1e-5, 1e22, 123456789012345678.0, 5e-324, 1.7976931348623157e308])
    if pick < 0.5: return struct.unpack('<d', struct.pack('<Q', random.getrandbits(64)))[0]
    return random.uniform(-10, 10) * 10 ** random.randint(-8, 20)
def rstr():
    alphabet = "ab '\"\\\n\t\r\x00\x7f\x80\xff\u0100\u2028\u00e9\U0001f600\ud7ff\u200b"
    return "".join(random.choice(alphabet) for _ in range(random.randint(0, 6)))
def rkey():
    return random.choice([lambda: random.randint(-5, 5), rstr, lambda: (random.randint(0, 3), rstr())])()
def rvalue(depth):
    kinds = ["int", "big", "float", "str", "bytes", "none", "bool", "complex"]
    if depth < 3: kinds += ["list", "tuple", "dict", "odict", "set", "frozenset"]
    kind = random.choice(kinds)
    if kind == "int": return random.randint(-2**53, 2**53)
    if kind == "big": return random.choice([-1, 1]) * random.getrandbits(random.randint(54, 200))
    if kind == "float": return rfloat()
    if kind == "str": return rstr()
    if kind == "bytes": return bytes(random.getrandbits(8) for _ in range(random.randint(0, 5)))
    if kind == "none": return None
    if kind == "bool": return random.random() < 0.5
    if kind == "complex": return complex(rfloat(), rfloat())
    n = random.randint(0, 3)
    if kind == "list": return [rvalue(depth + 1) for _ in range(n)]
    if kind == "tuple": return tuple(rvalue(depth + 1) for _ in range(n))
    if kind == "dict": return {rkey(): rvalue(depth + 1) for _ in range(n)}
    if kind == "odict": return collections.OrderedDict((rkey(), rvalue(depth + 1)) for _ in range(n))
    if kind == "set": return {random.randint(-9, 9) for _ in range(n)}
    return frozenset(random.randint(-9, 9) for _ in range(n))
out = []
for _ in range(400):
    v = rvalue(0)
    out.append([pickle.dumps(v, protocol=random.choice([2, 4, 5])).hex(), repr(v), str(v)])
print(json.dumps(out))
`;

describe("pyRepr and pyStr against Python", () => {
  it("print 400 random nested Python values as Python's repr() and str() do", () => {
    const cases = JSON.parse(runPython(makeValues, ["7"])) as Array<[string, string, string]>;
    expect(cases.length).toBe(400);
    for (const [hex, expectedRepr, expectedStr] of cases) {
      const value = unpickle(Buffer.from(hex, "hex"));
      expect(pyRepr(value)).toBe(expectedRepr);
      expect(pyStr(value)).toBe(expectedStr);
    }
  });

  it("print 2000 random doubles as Python's float repr does", () => {
    const doubles = JSON.parse(runPython("import json,random,struct\nrandom.seed(3)\nxs=[struct.unpack('<d',struct.pack('<Q',random.getrandbits(64)))[0] for _ in range(1000)]+[random.uniform(-1,1)*10**random.randint(-20,20) for _ in range(1000)]\nxs=[x for x in xs if x==x and abs(x)!=float('inf')]\nprint(json.dumps([[struct.pack('<d',x).hex(),repr(x)] for x in xs]))")) as Array<[string, string]>;
    for (const [hex, text] of doubles) expect(floatRepr(Buffer.from(hex, "hex").readDoubleLE(0))).toBe(text);
  });

  it("mark cycles as Python does: [[...]], {1: {...}}, OrderedDict([('a', ...)])", () => {
    const list: unknown[] = [];
    list.push(list);
    const dict = new PyDict();
    dict.set(1, dict);
    const ordered = new OrderedDict();
    ordered.set("a", ordered);
    expect([pyRepr(list), pyRepr(dict), pyRepr(ordered)]).toEqual(["[[...]]", "{1: {...}}", "OrderedDict([('a', ...)])"]);
  });

  it("print JavaScript values as their Python counterparts", () => {
    expect(pyRepr({ a: 1, b: [true, null] })).toBe("{'a': 1, 'b': [True, None]}");
    expect(pyRepr(undefined)).toBe("None");
    expect(pyRepr(0.5)).toBe("0.5");
    expect(pyRepr(new PyFloat(2))).toBe("2.0");
    expect(pyRepr(PyTuple.of_([1]))).toBe("(1,)");
    expect(pyRepr(function named() {})).toBe("<function named>");
    expect(pyStr("it's")).toBe("it's");
    expect(strRepr("it's")).toBe(`"it's"`);
  });

  it("show dict views as Python's views while they stay JavaScript arrays", () => {
    const d = new PyDict([["x", 1], [2, "y"]]);
    expect(pyRepr(d.keys())).toBe("dict_keys(['x', 2])");
    expect(pyRepr(d.items())).toBe("dict_items([('x', 1), (2, 'y')])");
    expect(pyRepr(new OrderedDict([["k", 1]]).values())).toBe("odict_values([1])");
    expect(d.keys().filter((k) => k === "x")).toEqual(["x"]);
    expect(pyRepr(d.keys().map(String))).toBe("['x', '2']");
  });
});
