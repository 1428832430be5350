// parseCLI turns argv into a command without side effects; every rule is checked here.
import { describe, expect, it } from "vitest";
import { parseCLI, UsageError } from "../../src/cli/parse.js";

describe("parseCLI", () => {
  it("reads a verb, its files and its boolean option in any order", () => {
    expect(parseCLI(["inspect", "--json", "a.pt", "b.pt"])).toEqual({ command: "inspect", args: ["a.pt", "b.pt"], options: { json: true } });
    expect(parseCLI(["inspect", "a.pt", "--json"]).options).toEqual({ json: true });
  });

  it("treats everything after -- as a file name", () => {
    expect(parseCLI(["inspect", "--", "--json"]).args).toEqual(["--json"]);
  });

  it("knows the global options with and without a verb", () => {
    expect(parseCLI(["--version"]).options).toEqual({ version: true });
    expect(parseCLI(["inspect", "-h"])).toEqual({ command: "inspect", args: [], options: { help: true } });
  });

  it("reads no verb as the prompt: no argument, or files whose first has a dot or a slash", () => {
    expect(parseCLI([])).toEqual({ command: undefined, args: [], options: {} });
    expect(parseCLI(["lenet5.pt", "inspect"])).toEqual({ command: undefined, args: ["lenet5.pt", "inspect"], options: {} });
    expect(parseCLI(["./model", "b.pth"]).args).toEqual(["./model", "b.pth"]);
    expect(parseCLI(["--", "inspect"])).toEqual({ command: undefined, args: ["inspect"], options: {} });
  });

  it("rejects a bare word that is no verb, naming the verbs and how to open such a file", () => {
    expect(() => parseCLI(["inspekt", "a.pt"])).toThrow(/unknown command 'inspekt'; the commands are: inspect \(to open a file named inspekt, write \.\/inspekt\)/);
  });

  it("rejects an option the verb does not have", () => {
    expect(() => parseCLI(["inspect", "--jsn", "a.pt"])).toThrow(UsageError);
    expect(() => parseCLI(["--json"])).toThrow(/unknown option --json/);
  });

  it("rejects a value given to a flag and a verb without its files", () => {
    expect(() => parseCLI(["inspect", "--json=yes", "a.pt"])).toThrow(/takes no value/);
    expect(() => parseCLI(["inspect"])).toThrow(/'inspect' needs FILE/);
  });
});
