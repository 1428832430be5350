// Opcodes that find the wrong things on the stack fail at that opcode with what they found.
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, pk } from "./support.js";

describe("bad stacks", () => {
  it("POP, DUP and STOP on an empty stack", () => {
    expectPickleError(() => unpickle(pk("0.")), /^byte 0 \(POP\): the opcode needs a value but the stack is empty$/);
    expectPickleError(() => unpickle(pk("2.")), /^byte 0 \(DUP\): the opcode needs a value/);
    expectPickleError(() => unpickle(pk(".")), /^byte 0 \(STOP\): the opcode needs a value/);
  });

  it("a value taken from below a MARK", () => {
    expectPickleError(() => unpickle(pk("](a.")), /^byte 2 \(APPEND\): the opcode needs a value but there is none above the last MARK$/);
  });

  it("SETITEM on a list, a tuple or an int, and SETITEMS with an odd count", () => {
    expectPickleError(() => unpickle(pk("]K\x00K\x01s.")), /^byte 5 \(SETITEM\): the opcode sets a key on list, which is not a dict$/);
    expectPickleError(() => unpickle(pk(")K\x00K\x01s.")), /sets a key on tuple/);
    expectPickleError(() => unpickle(pk("K\x07K\x00K\x01s.")), /sets a key on int/);
    expectPickleError(() => unpickle(pk("}(K\x01u.")), /^byte 4 \(SETITEMS\): SETITEMS needs key, value pairs above the MARK but found 1 items$/);
    expectPickleError(() => unpickle(pk("(K\x01d.")), /^byte 3 \(DICT\): DICT needs key, value pairs/);
  });

  it("a list's length cannot be set through SETITEM", () => {
    const error = expectPickleError(() => unpickle(pk("]X\x06\x00\x00\x00lengthJ\xff\xff\xff\x7fs.")));
    expect(error.message).toContain("not a dict");
  });

  it("APPEND(S) to a tuple, a dict or without MARK; ADDITEMS to a list", () => {
    expectPickleError(() => unpickle(pk(")K\x01a.")), /^byte 3 \(APPEND\): the opcode appends to tuple, which is not a list$/);
    expectPickleError(() => unpickle(pk("}(K\x01e.")), /appends to dict/);
    expectPickleError(() => unpickle(pk("]K\x01K\x02e.")), /^byte 5 \(APPENDS\): the opcode needs a MARK before its items, and there is none$/);
    expectPickleError(() => unpickle(pk("\x80\x04](K\x01\x90.")), /^byte 6 \(ADDITEMS\): ADDITEMS adds to list, which is not a set$/);
  });

  it("TUPLE, LIST, POP_MARK, FROZENSET and OBJ without MARK", () => {
    for (const [op, name] of [["t", "TUPLE"], ["l", "LIST"], ["1", "POP_MARK"], ["\x91", "FROZENSET"], ["o", "OBJ"]]) {
      expectPickleError(() => unpickle(pk("N", op!, ".")), new RegExp(`^byte 1 \\(${name}\\): the opcode needs a MARK`));
    }
    expectPickleError(() => unpickle(pk("(o.")), /^byte 1 \(OBJ\): OBJ needs a class above the MARK/);
  });

  it("TUPLE2 and TUPLE3 short of items", () => {
    expectPickleError(() => unpickle(pk("\x80\x02K\x01\x86.")), /^byte 4 \(TUPLE2\): the opcode needs a value/);
    expectPickleError(() => unpickle(pk("\x80\x02K\x01K\x02\x87.")), /^byte 6 \(TUPLE3\)/);
  });

  it("REDUCE, NEWOBJ and NEWOBJ_EX on wrong arguments or non-classes", () => {
    expectPickleError(() => unpickle(pk("cfoo\nbar\n]R.")), /^byte 10 \(REDUCE\): REDUCE needs a tuple of arguments, got list$/);
    expectPickleError(() => unpickle(pk("K\x01)R.")), /^byte 3 \(REDUCE\): REDUCE calls int, which is not a class or function$/);
    expectPickleError(() => unpickle(pk("\x80\x02X\x01\x00\x00\x00x)\x81.")), /^byte 9 \(NEWOBJ\): an object is made from str, which is not a class$/);
    expectPickleError(() => unpickle(pk("\x80\x04cfoo\nbar\n)]\x92.")), /^byte 13 \(NEWOBJ_EX\): NEWOBJ_EX needs a tuple and a dict, got tuple and list$/);
  });

  it("STACK_GLOBAL on non-strings", () => {
    expectPickleError(() => unpickle(pk("\x80\x04K\x01K\x02\x93.")), /^byte 6 \(STACK_GLOBAL\): STACK_GLOBAL needs two str \(module, name\), got int and int$/);
  });

  it("BUILD on values that take no state", () => {
    expectPickleError(() => unpickle(pk("K\x01}b.")), /^byte 3 \(BUILD\): BUILD gives state to int, which cannot take any$/);
    expectPickleError(() => unpickle(pk("}K\x01b.")), /^byte 3 \(BUILD\): BUILD gives a dict the state int/);
    expectPickleError(() => unpickle(pk("}}K\x01K\x02sb.")), /BUILD gives a dict an attribute named by int/);
  });

  it("modelled builtins called with arguments they cannot take", () => {
    expectPickleError(() => unpickle(pk("c__builtin__\nset\n(K\x01tR.")), /^byte 21 \(REDUCE\): set\(\) needs an iterable, got int$/);
    expectPickleError(() => unpickle(pk("c_codecs\nencode\n(X\x03\x00\x00\x00\xe2\x82\x80X\x06\x00\x00\x00latin1tR.")), /REDUCE\): _codecs\.encode: character U\+2080 has no latin-1 byte/);
    expectPickleError(() => unpickle(pk("c_codecs\nencode\n(X\x01\x00\x00\x00aX\x05\x00\x00\x00rot13tR.")), /the rot13 encoding is not supported/);
  });
});
