// The command-line surface as data: every verb and every option, with the help text each one shows.

export interface OptionRow {
  /** Long name, used as `--name`. */
  readonly name: string;
  readonly short?: string;
  readonly type: "boolean" | "string";
  readonly help: string;
}

export interface CommandRow {
  readonly name: string;
  /** Positional arguments as shown in usage, e.g. "FILE...". */
  readonly args: string;
  readonly minArgs: number;
  readonly summary: string;
  readonly options: readonly OptionRow[];
}

export const globalOptions: readonly OptionRow[] = [
  { name: "help", short: "h", type: "boolean", help: "show this help, or a command's help after its name" },
  { name: "version", short: "v", type: "boolean", help: "print the weightscope version" },
];

export const commands: readonly CommandRow[] = [
  {
    name: "inspect",
    args: "FILE...",
    minArgs: 1,
    summary: "say what kind of model file each FILE is and list its tensors (path, shape, dtype, size)",
    options: [
      {
        name: "json",
        type: "boolean",
        help: "print one JSON object per file: {file, ok, error, tensors: [{path, shape, dtype, sha256}]} (reads every tensor)",
      },
    ],
  },
];

export function findCommand(name: string): CommandRow | undefined {
  return commands.find((command) => command.name === name);
}
