// Turns argv into a parsed command, with no side effects, so every rule can be tested on its own.
import { WeightscopeError } from "../errors.js";
import { commands, findCommand, globalOptions, type OptionRow } from "./commands.js";

export class UsageError extends WeightscopeError {}

export interface ParsedCommand {
  /** The verb, or undefined for `weightscope [FILE...]`: the prompt, with `args` the files to open. */
  readonly command: string | undefined;
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean>>;
}

export function parseCLI(argv: readonly string[]): ParsedCommand {
  const options: Record<string, string | boolean> = {};
  const args: string[] = [];
  let command: string | undefined;
  let known: readonly OptionRow[] = globalOptions;
  let onlyPositional = false;

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!onlyPositional && word === "--") {
      onlyPositional = true;
      continue;
    }
    if (!onlyPositional && word.startsWith("-") && word !== "-") {
      const [flag, inlineValue] = splitFlag(word);
      const row = known.find((o) => (flag.startsWith("--") ? o.name === flag.slice(2) : o.short === flag.slice(1)));
      if (!row) throw new UsageError(`unknown option ${flag}${command ? ` for '${command}'` : ""}; see 'weightscope ${command ? command + " " : ""}--help'`);
      if (row.type === "boolean") {
        if (inlineValue !== undefined) throw new UsageError(`option --${row.name} takes no value`);
        options[row.name] = true;
      } else {
        const value = inlineValue ?? argv[++i];
        if (value === undefined) throw new UsageError(`option --${row.name} needs a value`);
        options[row.name] = value;
      }
      continue;
    }
    if (command === undefined && args.length === 0 && !onlyPositional) {
      const row = findCommand(word);
      if (!row && looksLikePath(word)) {
        args.push(word);
        continue;
      }
      if (!row) {
        throw new UsageError(`unknown command '${word}'; the commands are: ${commands.map((c) => c.name).join(", ")} (to open a file named ${word}, write ./${word})`);
      }
      command = word;
      known = [...globalOptions, ...row.options];
      continue;
    }
    args.push(word);
  }

  const row = command === undefined ? undefined : findCommand(command);
  if (row && !options.help && args.length < row.minArgs) {
    throw new UsageError(`'${row.name}' needs ${row.args}; see 'weightscope ${row.name} --help'`);
  }
  return { command, args, options };
}

/**
 * The first word names a file, not a verb, when it has a dot or a slash in it: `lenet5.pt`, `./model`.
 * A bare word that is no verb is more likely a misspelt verb than a file without an extension.
 */
function looksLikePath(word: string): boolean {
  return /[./\\]/.test(word);
}

function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf("=");
  return eq > 0 && word.startsWith("--") ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}
