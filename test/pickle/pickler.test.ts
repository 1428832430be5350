// The protocol-2 pickler: Python's pickle reads back exactly the values written, using only weights-only opcodes.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PickleError } from "../../src/errors.js";
import { pickle, unpickle } from "../../src/pickle/index.js";
import { OrderedDict, PyDict, PyFloat, PyTuple } from "../../src/python/values.js";
import { runPython } from "../support/oracle.js";

const tuple = (...items: unknown[]) => PyTuple.of_(items);
const shared = [1, "two"];
const sharedTuple = tuple(3, 4);
const withMetadata = new OrderedDict([["w", 1]]);
withMetadata.__dict__.set("_metadata", new OrderedDict([["", new PyDict([["version", 1]])]]));
const manyItems = new PyDict(Array.from({ length: 2500 }, (_, i) => [`k${i}`, i * 3] as const));

/** name, the value, the same value as a Python expression, and an extra Python check on the loaded `v`. */
const cases: Array<[string, unknown, string, string?]> = [
  ["None", null, "None"],
  ["booleans", [true, false], "[True, False]"],
  ["small ints", [0, 1, 255, 256, 65535, 65536], "[0, 1, 255, 256, 65535, 65536]"],
  ["negative ints", [-1, -128, -129, -2147483648, -2147483649], "[-1, -128, -129, -2147483648, -2147483649]"],
  ["ints past 32 bits", [2147483647, 2147483648, 2 ** 53 - 1, -(2 ** 53)], "[2147483647, 2147483648, 2**53 - 1, -(2**53)]"],
  ["bigints", [2n ** 64n, -(2n ** 64n), 2n ** 63n - 1n, -(2n ** 63n), 127n, -128n, 128n, -(2n ** 1000n)], "[2**64, -(2**64), 2**63 - 1, -(2**63), 127, -128, 128, -(2**1000)]"],
  ["floats", [1.5, -0, new PyFloat(2), Number.NaN, Infinity, -Infinity, 1e-310], "[1.5, -0.0, 2.0, float('nan'), float('inf'), float('-inf'), 1e-310]", "str(v[1]) == '-0.0'"],
  ["strings", ["", "plain", "ünïcode ✓ 𝄞", "a\nb\0c"], "['', 'plain', 'ünïcode ✓ 𝄞', 'a\\nb\\x00c']"],
  ["tuples of every size", [tuple(), tuple(1), tuple(1, 2), tuple(1, 2, 3), tuple(1, 2, 3, 4, 5)], "[(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4, 5)]"],
  ["nested containers", new PyDict([["a", [1, tuple("x", [2, new PyDict([[3, null]])])]], [7, "seven"], [tuple(1, 2), false]]), "{'a': [1, ('x', [2, {3: None}])], 7: 'seven', (1, 2): False}"],
  ["an OrderedDict", new OrderedDict([["b", 1], ["a", 2]]), "collections.OrderedDict([('b', 1), ('a', 2)])", "list(v) == ['b', 'a']"],
  ["an OrderedDict with _metadata", withMetadata, "collections.OrderedDict([('w', 1)])", "v._metadata == {'': {'version': 1}} and type(v._metadata) is collections.OrderedDict"],
  ["shared list and tuple", [shared, shared, sharedTuple, sharedTuple], "[[1, 'two'], [1, 'two'], (3, 4), (3, 4)]", "v[0] is v[1] and v[2] is v[3]"],
  ["a long list", Array.from({ length: 2345 }, (_, i) => i - 1000), "list(range(-1000, 1345))"],
  ["a dict past one SETITEMS batch", manyItems, "{f'k{i}': i * 3 for i in range(2500)}"],
];

const allowed = new Set(["PROTO", "GLOBAL", "NEWOBJ", "REDUCE", "BUILD", "APPEND", "APPENDS", "SETITEM", "SETITEMS", "MARK", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_TUPLE", "EMPTY_LIST", "EMPTY_DICT", "NONE", "NEWTRUE", "NEWFALSE", "BININT", "BININT1", "BININT2", "LONG1", "BINFLOAT", "BINUNICODE", "BINPERSID", "BINPUT", "LONG_BINPUT", "BINGET", "LONG_BINGET", "STOP"]);

/** Python loads every pickle and checks it against its expression, types included, plus the extra check. */
function pythonVerdicts(): Array<{ name: string; ok: boolean; detail: string; ops: string[] }> {
  const input = cases.map(([name, value, expr, check]) => ({ name, data: Buffer.from(pickle(value)).toString("base64"), expr, check: check ?? "True" }));
  const out = runPython(
    `import base64, collections, json, math, pickle, pickletools, sys
def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    return a == b
rows = []
for case in json.loads(open(sys.argv[1]).read()):
    data = base64.b64decode(case["data"])
    v = pickle.loads(data)
    ok = same(v, eval(case["expr"])) and eval(case["check"])
    rows.append({"name": case["name"], "ok": bool(ok), "detail": repr(v)[:300], "ops": sorted({op.name for op, _, _ in pickletools.genops(data)})})
print(json.dumps(rows))`,
    [writeInput(input)],
  );
  return JSON.parse(out);
}

function writeInput(input: unknown): string {
  const path = `/tmp/weightscope-pickler-${process.pid}.json`;
  writeFileSync(path, JSON.stringify(input));
  return path;
}

describe("pickle (protocol 2, weights-only opcodes)", () => {
  const verdicts = pythonVerdicts();
  it.each(cases.map((c, i) => [c[0], i] as const))("Python's pickle reads back %s", (_name, i) => {
    const verdict = verdicts[i]!;
    expect(verdict.ok, verdict.detail).toBe(true);
    for (const op of verdict.ops) expect(allowed, `opcode ${op}`).toContain(op);
  });

  it.each(cases.map((c) => [c[0], c[1]] as const))("round-trips %s through weightscope's unpickler", (_name, value) => {
    const bytes = pickle(value);
    expect(Buffer.from(pickle(unpickle(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it("writes protocol 2 with BINUNICODE, never SHORT_BINUNICODE or FRAME", () => {
    const bytes = pickle("ab");
    expect(Array.from(bytes)).toEqual([0x80, 2, 0x58, 2, 0, 0, 0, 0x61, 0x62, 0x2e]);
  });

  it("refuses values it has no rule for, and a tuple that holds itself", () => {
    expect(() => pickle(new Map())).toThrow(PickleError);
    expect(() => pickle(() => 1)).toThrow(PickleError);
    const loop = tuple(1);
    loop[0] = loop;
    expect(() => pickle(loop)).toThrow(/contains itself/);
  });

  it("writes a list that holds itself as Python does, through the memo", () => {
    const loop: unknown[] = [5];
    loop.push(loop);
    const out = runPython("import pickle, sys, base64\nv = pickle.loads(base64.b64decode(sys.argv[1]))\nprint(v[0], v[1] is v)", [Buffer.from(pickle(loop)).toString("base64")]);
    expect(out.trim()).toBe("5 True");
  });

  it("hands unknown objects to the encoder, and memoizes what it wrote", () => {
    class Thing {}
    const thing = new Thing();
    const bytes = pickle([thing, thing], {
      encode: (value, writer) => {
        if (!(value instanceof Thing)) return false;
        writer.global("collections", "OrderedDict");
        writer.op("EMPTY_TUPLE");
        writer.op("REDUCE");
        return true;
      },
    });
    const out = runPython(
      "import pickle, sys, base64\nv = pickle.loads(base64.b64decode(sys.argv[1]))\nprint(type(v[0]).__name__, v[0] is v[1])",
      [Buffer.from(bytes).toString("base64")],
    );
    expect(out.trim()).toBe("OrderedDict True");
  });
});
