// Globals that only a file built to run code would name are refused at the opcode naming them, before any hook.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unpickle } from "../../src/pickle/index.js";
import { expectPickleError, fromB64, pk, runPythonJson } from "./support.js";

const witness = join(mkdtempSync(join(tmpdir(), "weightscope-pickle-")), "ran");

/** Python's own pickles of objects whose __reduce__ asks to run something, in every protocol. */
const evil = runPythonJson(`
import base64, builtins, json, os, pickle, subprocess
cmd = "touch ${witness}"
class System:
    def __reduce__(self): return (os.system, (cmd,))
class Popen:
    def __reduce__(self): return (subprocess.Popen, (["touch", "${witness}"],))
class Eval:
    def __reduce__(self): return (builtins.eval, ("__import__('os').system(%r)" % cmd,))
class Getattr:
    def __reduce__(self): return (builtins.getattr, ("text", "upper"))
print(json.dumps({name: [base64.b64encode(pickle.dumps(cls(), protocol=p)).decode() for p in range(6)]
                  for name, cls in [("posix.system", System), ("subprocess.Popen", Popen), ("builtins.eval", Eval), ("builtins.getattr", Getattr)]}))
`) as Record<string, string[]>;

const noHook = (): never => {
  throw new Error("findClass must not be asked about a blocked global");
};

describe("blocked globals", () => {
  for (const [global, pickles] of Object.entries(evil)) {
    pickles.forEach((data, protocol) => {
      it(`refuses ${global} (GLOBAL or STACK_GLOBAL, then REDUCE), protocol ${protocol}`, () => {
        const op = protocol >= 4 ? "STACK_GLOBAL" : "GLOBAL";
        const error = expectPickleError(() => unpickle(fromB64(data), { file: "evil.pt", place: "data.pkl", findClass: noHook }));
        expect(error.message).toMatch(new RegExp(`^evil\\.pt: data\\.pkl at byte \\d+ \\(${op}\\): the pickle asks for ${global.replace(".", "\\.")}, which `));
        expect(error.message).toMatch(/the file was made to run code when loaded; weightscope never calls anything from a file and stops here$/);
        expect(existsSync(witness)).toBe(false);
      });
    });
  }

  it("gives the exact message for GLOBAL os.system", () => {
    const error = expectPickleError(() => unpickle(pk("\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R."), { file: "evil.pt", place: "data.pkl" }));
    expect(error.message).toBe(
      "evil.pt: data.pkl at byte 2 (GLOBAL): the pickle asks for os.system, which reaches the operating system (programs, files, environment): " +
        "the file was made to run code when loaded; weightscope never calls anything from a file and stops here",
    );
  });

  it("refuses INST and names of Python 2 and dotted spellings", () => {
    expectPickleError(() => unpickle(pk("(S'id'\nios\nsystem\n.")), /^byte 7 \(INST\): the pickle asks for os\.system/);
    expectPickleError(() => unpickle(pk("c__builtin__\neval\n(S'1'\ntR.")), /^byte 0 \(GLOBAL\): the pickle asks for builtins\.eval, which runs Python code/);
    expectPickleError(() => unpickle(pk("ccommands\ngetoutput\n.")), /asks for subprocess\.getoutput, which runs programs/);
    expectPickleError(() => unpickle(pk("\x80\x04\x8c\x05torch\x8c\x09os.system\x93.")), /^byte 20 \(STACK_GLOBAL\): the pickle asks for torch\.os\.system/);
    expectPickleError(() => unpickle(pk("\x80\x04\x8c\x08builtins\x8c\x0a__import__\x93.")), /asks for builtins\.__import__, which imports Python modules/);
    expectPickleError(() => unpickle(pk("cnumpy\n__builtins__.eval\n.")), /asks for numpy\.__builtins__\.eval/);
    expectPickleError(() => unpickle(pk("cos.path\njoin\n.")), /asks for os\.path\.join/);
  });

  it("refuses whatever a hook would have said, and names control characters safely", () => {
    const allowAll = () => ({});
    expectPickleError(() => unpickle(pk("cposix\nsystem\n."), { findClass: allowAll }), /posix\.system/);
    const error = expectPickleError(() => unpickle(pk("csubprocess\nPopen\x1b[2J\r\n.")));
    expect(error.message).toContain("subprocess.Popen\\x1b[2J\\x0d");
  });

  it("lets harmless names through as inert references", () => {
    expect(String(unpickle(pk("ccodecs\nencode\n.")))).toBe("<class 'codecs.encode'>");
    expect(String(unpickle(pk("cossify\nsystem\n.")))).toBe("<class 'ossify.system'>");
  });
});
