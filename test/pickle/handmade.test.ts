// Hand-made pickles of forms Python 3 no longer writes (Python 2 strings, text ints, odd spellings),
// decoded as pickle.loads(data, encoding="latin1") decodes them.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { b64, canonical, pk, runOracle } from "./support.js";

const cases: [label: string, bytes: Uint8Array][] = [
  ["text ints: INT, negative INT, LONG with trailing L, huge LONG", pk("(I42\nI-7\nL123L\nL-99999999999999999999999L\nL18446744073709551616\nt.")],
  ["I00 and I01 are False and True", pk("(I00\nI01\nI1\nt.")],
  ["STRING with quotes and escapes", pk("(S'plain'\nS\"dq'x\"\nS'tab\\tnl\\nq\\'bs\\\\'\nS'\\x41\\101\\7\\z'\nS'\\xe9t\\xe9'\nt.")],
  ["SHORT_BINSTRING and BINSTRING keep every byte as latin-1", pk("(U\x03\xe9\x00\xffT\x04\x00\x00\x00ab\x80\x81t.")],
  ["UNICODE raw-unicode-escape with \\u, \\U and backslashes", pk("(Vcaf\\u00e9 \\U0001f600\nV\\u005cu0041 kept\nV\xe9 latin\nt.")],
  ["FLOAT text: inf, nan, negative zero, exponent", pk("(Finf\nF-inf\nFnan\nF-0.0\nF1e-300\nF2.5\nt.")],
  ["PUT and GET by text index, DUP, POP", pk("(lp0\nI1\nag0\n2aI9\n0.")],
  ["BINGET/LONG_BINPUT/LONG_BINGET and MEMOIZE", pk("\x80\x04]\x94r\x07\x00\x00\x00K\x01ah\x00j\x07\x00\x00\x00\x86.")],
  ["LONG1 and LONG4 at sign boundaries", pk("\x80\x02(\x8a\x01\x80\x8a\x01\x7f\x8a\x02\x00\x80\x8a\x00\x8b\x08\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\x7f\x8b\x09\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x8a\x07\x00\x00\x00\x00\x00\x00\xe0t.")],
  ["DICT, SETITEM and SETITEMS", pk("(S'a'\nI1\ndS'b'\nI2\ns(S'c'\nI3\nS'd'\nNu.")],
  ["protocol 1 OBJ and protocol 0 INST of unknown classes, then BUILD", pk("((c__main__\nThing\nK\x01o}U\x01xK\x02sb(K\x03i__main__\nOther\n}U\x01yK\x04sbt.")],
  ["_codecs.encode with utf-8 and latin1", pk("\x80\x02(c_codecs\nencode\nX\x02\x00\x00\x00\xc3\xa9X\x05\x00\x00\x00utf-8\x86Rc_codecs\nencode\nX\x02\x00\x00\x00\xc3\xa9X\x06\x00\x00\x00latin1\x86Rt.")],
  ["FRAME is skipped", pk("\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01K\x02\x86.")],
  ["BYTEARRAY8 and BINBYTES8", pk("\x80\x05\x96\x02\x00\x00\x00\x00\x00\x00\x00ab\x8e\x01\x00\x00\x00\x00\x00\x00\x00c\x86.")],
  ["EMPTY_SET, ADDITEMS, FROZENSET", pk("\x80\x04\x8f(K\x01K\x02\x90(K\x03\x91\x86.")],
  ["NEWOBJ_EX of an unknown class", pk("\x80\x04\x8c\x08__main__\x8c\x01K\x93)}\x8c\x01a\x94K\x01s\x92.")],
  ["memo indices out of order, MEMOIZE after them, overwrites", pk("\x80\x04]q\x02\x94\x94q\x00\x94K\x05a(h\x00h\x01h\x02h\x03t.")],
  ["a memo index stored ahead, then reached in order and overwritten; MEMOIZE counts it once", pk("\x80\x04K\x09q\x01K\x08q\x00K\x07q\x01\x94(h\x00h\x01h\x02t.")],
  ["POP with nothing above the innermost MARK takes the MARK away; nested MARKs keep their items apart", pk("(K\x01(0(K\x02(K\x03tK\x04tt.")],
  ["POP_MARK drops the items of the innermost MARK only", pk("(K\x01(K\x02K\x031K\x04l.")],
  ["trailing bytes after STOP are ignored", pk("K\x05.garbage")],
];

describe("hand-made pickles decode as Python's pickle.loads(encoding='latin1') does", () => {
  const python = runOracle<{ canon?: unknown; error?: string }[]>(
    "load",
    cases.map(([, bytes]) => b64(bytes)),
  );
  cases.forEach(([label, bytes], i) => {
    it(label, () => {
      expect(python[i]!.error, "the hand-made pickle must load in Python").toBeUndefined();
      expect(canonical(unpickle(bytes))).toEqual(python[i]!.canon);
    });
  });
});

describe("bytes", () => {
  it("are views into the input, not copies; bytearrays are copies", () => {
    const data = pk("\x80\x03C\x03abc\x80\x05\x96\x02\x00\x00\x00\x00\x00\x00\x00de\x86.");
    const [bytes, array] = unpickle(data) as [Uint8Array, Uint8Array];
    expect(bytes.buffer).toBe(data.buffer);
    expect(bytes.byteOffset).toBe(4);
    expect(array.buffer).not.toBe(data.buffer);
  });
});
