// The command-line shell: parses argv, calls the library, prints, and returns the exit code.
import { readFileSync } from "node:fs";
import { WeightscopeError } from "../errors.js";
import { commands, findCommand, globalOptions, type OptionRow } from "./commands.js";
import { formatInspectTable, inspectFile, inspectJson } from "./inspect.js";
import { parseCLI, type ParsedCommand } from "./parse.js";

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs one command line; returns the process exit code. Never exits the process itself. */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseCLI(argv);
  } catch (error) {
    return fail(error, streams);
  }
  if (parsed.options.version) {
    streams.stdout.write(`weightscope ${packageVersion()}\n`);
    return 0;
  }
  if (parsed.options.help || parsed.command === undefined) {
    streams.stdout.write(helpText(parsed.command) + "\n");
    return parsed.command === undefined && !parsed.options.help ? 1 : 0;
  }
  switch (parsed.command) {
    case "inspect":
      return runInspect(parsed, streams);
    default:
      return fail(new WeightscopeError(`command '${parsed.command}' is listed but has no handler`), streams);
  }
}

function runInspect(parsed: ParsedCommand, streams: CliStreams): number {
  let status = 0;
  for (const [i, file] of parsed.args.entries()) {
    if (parsed.options.json) {
      const record = inspectJson(file) as { ok: boolean; error: string | null };
      streams.stdout.write(JSON.stringify(record) + "\n");
      if (!record.ok) {
        streams.stderr.write(`weightscope: ${record.error}\n`);
        status = 1;
      }
      continue;
    }
    try {
      streams.stdout.write((i > 0 ? "\n" : "") + formatInspectTable(inspectFile(file)) + "\n");
    } catch (error) {
      status = fail(error, streams);
    }
  }
  return status;
}

function fail(error: unknown, streams: CliStreams): number {
  const message = error instanceof Error ? error.message : String(error);
  streams.stderr.write(`weightscope: ${message.split("\n")[0]}\n`);
  if (process.env.WEIGHTSCOPE_DEBUG && error instanceof Error && error.stack) streams.stderr.write(error.stack + "\n");
  else if (!(error instanceof WeightscopeError)) streams.stderr.write("(an internal error: set WEIGHTSCOPE_DEBUG=1 to see where, and please report it)\n");
  return error instanceof WeightscopeError ? 1 : 2;
}

function helpText(command: string | undefined): string {
  const row = command === undefined ? undefined : findCommand(command);
  const optionLines = (options: readonly OptionRow[]): string[] =>
    options.map((o) => `  ${(o.short ? `-${o.short}, ` : "    ") + `--${o.name}`.padEnd(14)} ${o.help}`);
  if (row) {
    return [`usage: weightscope ${row.name} [options] ${row.args}`, "", row.summary, "", "options:", ...optionLines([...row.options, ...globalOptions])].join("\n");
  }
  return [
    "usage: weightscope <command> [options]",
    "",
    "Look inside PyTorch model files without Python; nothing in a file is ever run.",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "options:",
    ...optionLines(globalOptions),
  ].join("\n");
}

/** The version in package.json, found by walking up from this file (src/cli in the checkout, dist/src/cli when built). */
function packageVersion(): string {
  for (let up = "../"; up.length < 16; up += "../") {
    try {
      const manifest = JSON.parse(readFileSync(new URL(up + "package.json", import.meta.url), "utf8")) as { name?: string; version?: string };
      if (manifest.name === "weightscope" && manifest.version) return manifest.version;
    } catch {
      // not at this level; keep walking up
    }
  }
  return "unknown";
}
