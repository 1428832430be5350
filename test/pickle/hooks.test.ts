// The two hooks (findClass, persistentLoad), the PICKLE_* protocol for stand-ins, and unpickleAt on pickles in a row.
import { describe, expect, it } from "vitest";
import { TorchFileError } from "../../src/errors.js";
import { PICKLE_APPEND, PICKLE_CALL, PICKLE_NEW, PICKLE_SETITEM, PICKLE_SETSTATE, unpickle, unpickleAt } from "../../src/pickle/index.js";
import { OrderedDict, PyDict, PyGlobalRef, PyInstance, PySet, PyTuple } from "../../src/python/values.js";
import { expectPickleError, fromB64, pk, runOracle } from "./support.js";

interface Oracle {
  persistent: Record<string, string>;
  text_persistent: string;
  sequence: { pickle: string; ends: number[] };
  state_dict: Record<string, string>;
  point: Record<string, string>;
  bag: Record<string, string>;
}

const oracle = runOracle<Oracle>("hooks");

describe("persistentLoad", () => {
  for (const [protocol, data] of Object.entries(oracle.persistent)) {
    it(`receives the persistent id Python wrote, protocol ${protocol}`, () => {
      const seen: unknown[] = [];
      const marker = { storage: true };
      const value = unpickle(fromB64(data), { persistentLoad: (pid) => (seen.push(pid), marker) }) as PyDict;
      expect(value.get("weight")).toBe(marker);
      expect(value.get("step")).toBe(3);
      // Protocol 0 writes the id as its str(); the binary protocols pickle the tuple itself.
      if (protocol === "0") expect(seen).toEqual(["('storage', 'FloatStorage', '0', 'cpu', 6)"]);
      else {
        expect(seen[0]).toBeInstanceOf(PyTuple);
        expect([...(seen[0] as PyTuple)]).toEqual(["storage", "FloatStorage", "0", "cpu", 6]);
      }
    });
  }

  it("receives a text id from PERSID", () => {
    expect(unpickle(fromB64(oracle.text_persistent), { persistentLoad: (pid) => `loaded ${String(pid)}` })).toEqual(["loaded key-7"]);
  });

  it("is required when the pickle uses a persistent id", () => {
    expectPickleError(() => unpickle(fromB64(oracle.persistent["2"]!), { file: "m.pt", place: "data.pkl" }), /^m\.pt: data\.pkl at byte \d+ \(BINPERSID\): .*persistent id.*no persistentLoad/);
  });
});

describe("unpickleAt", () => {
  it("reads pickles in a row and reports where each ends, as Python's file position after load()", () => {
    const bytes = fromB64(oracle.sequence.pickle);
    const values: unknown[] = [];
    let pos = 0;
    const ends: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { value, end } = unpickleAt(bytes, pos);
      values.push(value);
      ends.push(end);
      pos = end;
    }
    expect(ends).toEqual(oracle.sequence.ends);
    expect(values[0]).toBe(0x1950a86a20f9469cfc6cn);
    expect(values[1]).toBe(1001);
    expect((values[2] as PyDict).get("little_endian")).toBe(true);
    expect(values[3]).toEqual([1, 2]);
  });
});

describe("findClass", () => {
  it("sees Python 3 names and its stand-ins take REDUCE, SETITEMS and BUILD through the PICKLE_* symbols", () => {
    for (const data of Object.values(oracle.state_dict)) {
      const asked: string[] = [];
      const made: { items: [unknown, unknown][]; states: unknown[] }[] = [];
      const ordered = () => {
        const record = { items: [] as [unknown, unknown][], states: [] as unknown[] };
        made.push(record);
        return {
          record,
          [PICKLE_SETITEM]: (k: unknown, v: unknown) => void record.items.push([k, v]),
          [PICKLE_SETSTATE]: (s: unknown) => void record.states.push(s),
        };
      };
      const findClass = (module: string, name: string) => {
        asked.push(`${module}.${name}`);
        return name === "OrderedDict" ? { [PICKLE_CALL]: ordered } : undefined;
      };
      const value = unpickle(fromB64(data), { findClass }) as ReturnType<typeof ordered>;
      expect(asked).toEqual(["collections.OrderedDict"]);
      expect(made).toHaveLength(2);
      expect(value.record.items).toEqual([["w", 1]]);
      expect(value.record.states).toHaveLength(1);
      const metadata = (value.record.states[0] as PyDict).get("_metadata") as ReturnType<typeof ordered>;
      expect(metadata.record.items.map(([k]) => k)).toEqual([""]);
    }
  });

  it("falls back to the default table when it returns undefined: OrderedDict attributes land in __dict__", () => {
    for (const data of Object.values(oracle.state_dict)) {
      const value = unpickle(fromB64(data), { findClass: () => undefined }) as OrderedDict;
      expect(value).toBeInstanceOf(OrderedDict);
      expect(value.get("w")).toBe(1);
      const metadata = value.__dict__.get("_metadata") as OrderedDict;
      expect((metadata.get("") as PyDict).get("version")).toBe(1);
      expect(value.has("_metadata")).toBe(false);
    }
  });

  it("makes user classes through PICKLE_NEW (NEWOBJ, copyreg._reconstructor) in every protocol", () => {
    for (const [protocol, data] of Object.entries(oracle.point)) {
      const states: unknown[] = [];
      const news: unknown[] = [];
      const point = { [PICKLE_SETSTATE]: (s: unknown) => void states.push(s) };
      const cls = { [PICKLE_NEW]: (args: PyTuple, kwargs: PyDict | undefined) => (news.push([args.length, kwargs]), point) };
      const value = unpickle(fromB64(data), { findClass: (m, n) => (m === "__main__" && n === "Point" ? cls : undefined) });
      expect(value, `protocol ${protocol}`).toBe(point);
      expect(news).toEqual([[0, undefined]]);
      expect((states[0] as PyDict).get("x")).toBe(1);
    }
  });

  it("gives APPENDS to a stand-in with PICKLE_APPEND", () => {
    for (const data of Object.values(oracle.bag)) {
      const items: unknown[] = [];
      const bag = { [PICKLE_APPEND]: (x: unknown) => void items.push(x) };
      const value = unpickle(fromB64(data), { findClass: (_m, n) => (n === "Bag" ? { [PICKLE_NEW]: () => bag } : undefined) });
      expect(value).toBe(bag);
      expect(items).toEqual([1, 2, 3]);
    }
  });

  it("leaves unknown classes inert: a PyInstance with the class name, arguments and state", () => {
    const value = unpickle(fromB64(oracle.point["2"]!)) as PyInstance;
    expect(value).toBeInstanceOf(PyInstance);
    expect(value.cls).toBeInstanceOf(PyGlobalRef);
    expect(value.cls.qualifiedName).toBe("__main__.Point");
    expect(value.via).toBe("newobj");
    expect(value.getattr("x")).toBe(1);
  });

  it("keeps the modelled builtins when the hook declines, and shows the hook Python 3 module names", () => {
    const data = pk("\x80\x02c__builtin__\nset\n]K\x01aK\x02a\x85R.");
    const asked: string[] = [];
    const value = unpickle(data, { findClass: (m, n) => void asked.push(`${m}.${n}`) });
    expect(asked).toEqual(["builtins.set"]);
    expect(value).toBeInstanceOf(PySet);
    expect([...(value as PySet)]).toEqual([1, 2]);
  });

  it("reports a hook's own error at the opcode, and lets a WeightscopeError through unchanged", () => {
    const data = pk("\x80\x02cfoo\nbar\n)R.");
    const broken = () => {
      throw new TypeError("cannot read x of undefined");
    };
    const error = expectPickleError(() => unpickle(data, { file: "f.pt", findClass: broken }), /^f\.pt: byte 2 \(GLOBAL\): GLOBAL failed: cannot read x/);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(TypeError);
    const own = new TorchFileError("no such storage", { file: "f.pt", place: "data/3" });
    let caught: unknown;
    try {
      unpickle(data, { findClass: () => ({ [PICKLE_CALL]: () => { throw own; } }) });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(own);
  });
});
