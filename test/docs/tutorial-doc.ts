// Reads docs/tutorial.md's prompt sessions: each `> ` line is typed at the prompt, the lines under it are what the prompt shows.
import { readFileSync } from "node:fs";

export interface Step {
  readonly input: string;
  readonly output: string;
  /** 1-based line of the input in the document, for failure messages. */
  readonly line: number;
}

/** Every step of every ```console block, in document order. */
export function tutorialSteps(path: string): Step[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const steps: { input: string; output: string[]; line: number }[] = [];
  let inBlock = false;
  lines.forEach((text, i) => {
    if (text.startsWith("```")) {
      inBlock = !inBlock && text.trim() === "```console";
      return;
    }
    if (!inBlock) return;
    if (text.startsWith("> ")) steps.push({ input: text.slice(2), output: [], line: i + 1 });
    else if (steps.length > 0) steps.at(-1)!.output.push(text);
  });
  return steps.map(({ input, output, line }) => ({ input, line, output: output.length === 0 ? "" : `${output.join("\n")}\n` }));
}
