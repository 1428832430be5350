// The in-place methods and torch.Size typed at the prompt, answered as real Python with torch 1.13 answers the same lines, errors included.
import { expect, it } from "vitest";
import { describeWithTorch, runPython } from "../support/oracle.js";
import { startSession } from "../repl/session.js";

/** Each line as typed at our prompt, and the Python line it stands for. */
const transcript: ReadonlyArray<readonly [ours: string, python: string]> = [
  ["g = torch.manual_seed(0)", "g = torch.manual_seed(0)"],
  ["w = torch.zeros(2, 3)", "w = torch.zeros(2, 3)"],
  ["w.normal_(0, 0.02)", "w.normal_(0, 0.02)"],
  ["w.T.uniform_(-1, 1)", "w.T.uniform_(-1, 1)"],
  ["w.mul_(0.5).add_(1, {alpha: 2})", "w.mul_(0.5).add_(1, alpha=2)"],
  ["w.select(0, 1).zero_()", "w.select(0, 1).zero_()"],
  ["w", "w"],
  ["torch.zeros(3, {dtype: torch.int64}).fill_(2.7)", "torch.zeros(3, dtype=torch.int64).fill_(2.7)"],
  ["torch.zeros(3, {dtype: torch.int64}).mul_(0.5)", "torch.zeros(3, dtype=torch.int64).mul_(0.5)"],
  ["torch.zeros(3, {dtype: torch.bool}).sub_(true)", "torch.zeros(3, dtype=torch.bool).sub_(True)"],
  ["w.add_('a')", "w.add_('a')"],
  ["w.add_(torch.nn.Linear(1, 1))", "w.add_(torch.nn.Linear(1, 1))"],
  ["w.mul_(torch.zeros(2).numpy())", "w.mul_(torch.zeros(2).numpy())"],
  ["w.sub_(null)", "w.sub_(None)"],
  ["torch.Size([1, 2])", "torch.Size([1, 2])"],
  ["torch.Size()", "torch.Size()"],
  ["torch.Size([torch.tensor(5), true])", "torch.Size([torch.tensor(5), True])"],
  ["torch.Size(3)", "torch.Size(3)"],
  ["torch.Size([1.5])", "torch.Size([1.5])"],
  ["torch.Size([2n ** 70n])", "torch.Size([2 ** 70])"],
  ["torch.tensor([7, -7]).div_(2, {rounding_mode: 'floor'})", "torch.tensor([7, -7]).div_(2, rounding_mode='floor')"],
];

/** Python's answer to each line: the echo, or the last line of the traceback. */
const pythonSide = `import code, contextlib, io, json, sys, traceback, torch
console = code.InteractiveConsole({"torch": torch})
answers = []
for line in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        console.push(line)
    answers.append(out.getvalue() if not err.getvalue() else err.getvalue().rstrip("\\n").split("\\n")[-1] + "\\n")
print(json.dumps(answers))
`;

describeWithTorch("in-place methods and torch.Size at the prompt", () => {
  it("echo what Python echoes, and refuse with torch's text", async () => {
    const theirs = JSON.parse(runPython(pythonSide, [JSON.stringify(transcript.map(([, python]) => python))])) as string[];
    const session = await startSession();
    const ours: string[] = [];
    for (const [line] of transcript) ours.push(await session.send(line));
    await session.end();
    expect(ours).toEqual(theirs);
    expect(theirs.filter((answer) => answer.startsWith("RuntimeError: "))).toHaveLength(3);
    expect(theirs.filter((answer) => answer.startsWith("TypeError: "))).toHaveLength(6);
  });
});
