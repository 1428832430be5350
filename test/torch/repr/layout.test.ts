// torch's generic Module.__repr__ layout and Python's repr of the values extra_reprs format, against Python.
import { describe, expect, it } from "vitest";
import { moduleLayout, scalarRepr } from "../../../src/torch/modules/repr.js";
import { PyFloat, PyTuple } from "../../../src/python/values.js";
import { TorchSize } from "../../../src/tensor/index.js";
import { TorchModule } from "../../../src/torch/index.js";
import { describeWithTorch, runPython } from "../../support/oracle.js";

interface Node {
  name: string;
  extra: string;
  children: Array<[string, Node]>;
}

const leaf = (name: string, extra = ""): Node => ({ name, extra, children: [] });

/** Shapes of extra_repr and children that no kinds-table row produces but torch's layout handles. */
const trees: Record<string, Node> = {
  "no extra, no children": leaf("Bare"),
  "one extra line": leaf("One", "x=1"),
  "multi-line extra, no children": leaf("Multi", "first\nsecond\nthird"),
  "extra ending in a newline": leaf("Trailing", "only\n"),
  "extra lines before children": { name: "Both", extra: "a=1\nb=2", children: [["kid", leaf("Kid", "k")], ["other", leaf("Other")]] },
  "one extra line with children": { name: "Head", extra: "h", children: [["0", leaf("Z")]] },
  "children with multi-line extras, nested": {
    name: "Outer",
    extra: "",
    children: [
      ["inner", { name: "Inner", extra: "p\nq", children: [["deep", leaf("Deep", "d1\nd2")]] }],
      ["1", leaf("Leaf", "z")],
    ],
  },
};

function layout(node: Node): string {
  return moduleLayout(node.name, node.extra, node.children.map(([key, child]) => [key, layout(child)] as const));
}

/** Builds each tree from Module subclasses whose extra_repr returns the given text, and prints repr(). */
const buildInTorch = `
import json, sys
import torch.nn as nn
def build(node):
    cls = type(node["name"], (nn.Module,), {"extra_repr": lambda self, text=node["extra"]: text})
    module = cls()
    for key, child in node["children"]:
        module.add_module(key, build(child))
    return module
print(json.dumps({name: repr(build(tree)) for name, tree in json.loads(sys.argv[1]).items()}))
`;

/** Values as they come out of a pickle, each with the Python literal that makes the same value. */
const values: Array<[unknown, string]> = [
  [null, "None"],
  [true, "True"],
  [false, "False"],
  [0, "0"],
  [-100, "-100"],
  [2n ** 70n, "2**70"],
  ...[0, -0, 1, -1, 0.1, 0.5, 1e-5, 1.5e-5, 1e-4, 0.0001234, 123.456, 1e15, 1e16, 1.2345e16, 123456789012345.6, 2 ** 60, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5e-7]
    .map((x): [unknown, string] => [new PyFloat(x), `float.fromhex('${floatHex(x)}')`]),
  [new PyFloat(Infinity), "float('inf')"],
  [new PyFloat(-Infinity), "float('-inf')"],
  [new PyFloat(NaN), "float('nan')"],
  ["zeros", "'zeros'"],
  ["it's", `"it's"`],
  [`both ' and "`, `'both \\' and "'`],
  ["tab\there\nnew\\slash\u0001", "'tab\\there\\nnew\\\\slash\\x01'"],
  ["café", "'café'"],
  [PyTuple.of_([5, 5]), "(5, 5)"],
  [PyTuple.of_([3]), "(3,)"],
  [PyTuple.of_([]), "()"],
  [PyTuple.of_([PyTuple.of_(["C", 2]), null]), "(('C', 2), None)"],
  [[1, new PyFloat(2), "x"], "[1, 2.0, 'x']"],
  [TorchSize.of_([4, 5]), "torch.Size([4, 5])"],
];

/** A float's exact bits as Python's float.hex() spells them, so Python rebuilds the very same double. */
function floatHex(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0x0p+0" : "0x0p+0";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? "-" : "";
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, "0");
  return exponent === 0 ? `${sign}0x0.${fraction}p-1022` : `${sign}0x1.${fraction}p${exponent - 1023}`;
}

describeWithTorch("module layout and value reprs against Python", () => {
  it("lays out extra_repr lines and children as torch's Module.__repr__ and _addindent do", () => {
    const expected = JSON.parse(runPython(buildInTorch, [JSON.stringify(trees)])) as Record<string, string>;
    for (const [name, tree] of Object.entries(trees)) expect(layout(tree), name).toBe(expected[name]);
  });

  it("prints None, bools, ints, floats, strings, tuples, lists and torch.Size as Python's repr()", () => {
    const expected = runPython(`import sys, torch\nfor literal in sys.argv[1:]: print(repr(eval(literal)))`, values.map(([, literal]) => literal)).trimEnd().split("\n");
    expect(values.map(([value]) => scalarRepr(value))).toEqual(expected);
  });
});

describe("a module that contains itself", () => {
  it("prints ... where it repeats, instead of recursing without end", () => {
    const outer = new TorchModule("torch.nn.modules.container.Sequential");
    const inner = new TorchModule("__main__.Loop");
    outer._modules.set("0", inner);
    inner._modules.set("back", outer);
    expect(String(outer)).toBe("Sequential(\n  (0): Loop(\n    (back): ...\n  )\n)");
  });
});
