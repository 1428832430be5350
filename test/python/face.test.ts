// type, dir, getmembers, help and bound methods on the bundled LeNet-5, against what real torch 1.13 prints.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dir, getattr, getmembers, helpText, inspect, isinstance, len, moduleClass, pyRepr, type, typeOf, zip } from "../../src/python/index.js";
import { Tensor } from "../../src/tensor/index.js";
import { load, moduleKindRows, TorchModule } from "../../src/torch/index.js";
import type { OrderedDict } from "../../src/python/values.js";
import { promptTorch } from "../../src/python/globals.js";
import { describeWithTorch, projectRoot, runPython } from "../support/oracle.js";

const lenet5 = join(projectRoot, "examples/lenet5.pt");
const open = (): TorchModule => load(lenet5) as TorchModule;

/** Runs Python with `m` (lenet5), `sd`, `t` (sd['0.weight']) and `a` (t.numpy()) defined; returns its JSON output. */
function python<T>(code: string): T {
  const prelude = `import inspect, json, torch, pydoc\nm = torch.load(${JSON.stringify(lenet5)})\nsd = m.state_dict()\nt = sd['0.weight']\na = t.numpy()\n`;
  return JSON.parse(runPython(prelude + code)) as T;
}

const jsInternal = ["constructor", "__proto__", "toString", "valueOf", "typedCache", "sizes", "steps", "kind", "className", "storageOffset", "setState", "getattr", "at", "length", "isParameter", "halfRounding", "entries", "toBytesLE"];

describe("the Python face on LeNet-5", () => {
  it("lists, for every value kind, only names that resolve, have help and are not JavaScript internals", () => {
    const m = open();
    const sd = m.state_dict();
    const t = sd["0.weight"] as Tensor;
    for (const value of [m, m[0], t, t.numpy(), sd]) {
      const names = dir(value);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(name in Object(value), name).toBe(true);
        const member = typeOf(value).lookup(name);
        const attribute = getattr(value, name);
        if (member) expect(member.doc.length, name).toBeGreaterThan(10);
        expect(helpText(member?.kind === "method" || member?.kind === "builtin" ? attribute : value).length, name).toBeGreaterThan(20);
      }
      for (const internal of jsInternal) expect(names, internal).not.toContain(internal);
      expect(getmembers(value).map((pair) => pair[0])).toEqual(names);
      // Getters such as T build a new view on each read, as in Python; methods are the very same callable.
      for (const [name, member] of getmembers(value)) {
        const again = getattr(value, name as string);
        expect(typeof member === "function" || typeof member !== "object" || member === null ? member : String(type(member)), name as string).toEqual(typeof again === "function" || typeof again !== "object" || again === null ? again : String(type(again)));
      }
    }
  });

  it("gives one bound method per (object, name) that calls the method", () => {
    const m = open();
    expect(m.state_dict).toBe(m.state_dict);
    expect(typeof m.state_dict).toBe("function");
    expect((m.state_dict as () => OrderedDict)().keys()).toEqual(m.state_dict().keys());
    expect(inspect.ismethod(m.state_dict)).toBe(true);
  });

  it("answers len, isinstance and zip as Python does", () => {
    const m = open();
    expect(len(m)).toBe(13);
    expect(() => len(m[0])).toThrow("object of type 'Conv2d' has no len()");
    expect(len(m.state_dict()["0.weight"])).toBe(6);
    expect(isinstance(m, TorchModule)).toBe(true);
    expect(isinstance(m[0], moduleKindRows.find((row) => row.name === "Conv2d"))).toBe(true);
    expect(isinstance(m[0], moduleKindRows.find((row) => row.name === "Linear"))).toBe(false);
    expect(isinstance(m.state_dict()["0.weight"], [TorchModule, Tensor])).toBe(true);
    expect(isinstance(m, type(m))).toBe(true);
    // The prompt's torch.Tensor is the callable constructor; it is still the Tensor class to Python.
    expect(isinstance(m.state_dict()["0.weight"], promptTorch.Tensor)).toBe(true);
    expect(helpText(promptTorch.Tensor)).toMatch(/^Help on class Tensor in module torch:/);
    expect(pyRepr(zip([1, 2, 3], ["a", "b"]))).toBe("[(1, 'a'), (2, 'b')]");
  });
});

describeWithTorch("the Python face against real torch 1.13", () => {
  it("dir() names with 'state' equal Python's", () => {
    const expected = python<string[]>(`print(json.dumps([n for n in dir(m) if "state" in n]))`);
    expect(dir(open()).filter((n) => n.includes("state"))).toEqual(expected);
  });

  it("dir() of a module, a layer, a tensor, an array and a state_dict lists only names Python's dir() has", () => {
    const m = open();
    const sd = m.state_dict();
    const t = sd["0.weight"] as Tensor;
    const theirs = python<Record<string, string[]>>(`print(json.dumps({"m": dir(m), "c": dir(m[0]), "t": dir(t), "a": dir(a), "sd": dir(sd)}))`);
    const ours = { m: dir(m), c: dir(m[0]), t: dir(t), a: dir(t.numpy()), sd: dir(sd) };
    for (const [key, names] of Object.entries(ours)) {
      expect(names.filter((name) => !theirs[key]!.includes(name)), key).toEqual([]);
      expect([...names].sort(), key).toEqual(names);
    }
  });

  it("type() prints as Python's for every module kind and every value kind", () => {
    const names = moduleKindRows.map((row) => row.name);
    const expected = python<string[]>(`print(json.dumps([str(getattr(torch.nn, n)) for n in ${JSON.stringify(names)}]))`);
    expect(moduleKindRows.every((row) => String(type(row)) === "<class 'type'>")).toBe(true);
    expect(moduleKindRows.map((row) => pyRepr(row))).toEqual(expected);
    const m = open();
    const sd = m.state_dict();
    const t = sd["0.weight"] as Tensor;
    const ours = [m, m[0], sd, t, t.shape, t.numpy(), t.numpy().shape, (m[0] as TorchModule).weight, sd.keys(), sd.values(), sd.items(), m.load_state_dict(sd), m.state_dict, null, 1, "s", true, 2n ** 70n, [], (m as TorchModule).named_children()[0]];
    const theirs = python<string[]>(`print(json.dumps([str(type(v)) for v in [m, m[0], sd, t, t.shape, a, a.shape, m[0].weight, sd.keys(), sd.values(), sd.items(), m.load_state_dict(sd), m.state_dict, None, 1, "s", True, 2**70, [], list(m.named_children())[0]]]))`);
    expect(ours.map((v) => String(type(v)))).toEqual(theirs);
  });

  it("prints the bound method, the state_dict's keys and its items' shapes as Python does", () => {
    const m = open();
    const sd = m.state_dict();
    const theirs = python<string[]>(`print(json.dumps([repr(m.state_dict), repr(sd.keys()), repr([[k, v.shape] for k, v in sd.items()]), repr(m.load_state_dict(sd))]))`);
    const ours = [pyRepr(m.state_dict), pyRepr(sd.keys()), pyRepr([...sd.items()].map(([k, v]) => [k, (v as Tensor).shape])), pyRepr(m.load_state_dict(sd))];
    expect(ours).toEqual(theirs);
  });

  it("help() opens with Python's title and signature line for every Module method implemented", () => {
    const m = open();
    const methods = moduleClass.memberNames().filter((name) => moduleClass.lookup(name)!.kind === "method" && name in m);
    const theirs = python<Record<string, string[]>>(
      `out = {}\nfor n in ${JSON.stringify(methods)}:\n    out[n] = pydoc.render_doc(getattr(m, n), title='Help on %s:', renderer=pydoc.plaintext).split('\\n')[:3]\nprint(json.dumps(out))`,
    );
    for (const name of methods) expect(helpText(getattr(m, name)).split("\n").slice(0, 3), name).toEqual(theirs[name]);
    const tensorHelp = python<string[]>(`print(json.dumps(pydoc.render_doc(t.numpy, title='Help on %s:', renderer=pydoc.plaintext).split('\\n')[:4]))`);
    expect(helpText((m.state_dict()["0.weight"] as Tensor).numpy).split("\n").slice(0, 4)).toEqual(tensorHelp);
    const signatures = python<string[]>(`print(json.dumps([str(inspect.signature(getattr(m, n))) for n in ${JSON.stringify(methods)}]))`);
    expect(methods.map((name) => String(inspect.signature(getattr(m, name))))).toEqual(signatures);
  });
});
