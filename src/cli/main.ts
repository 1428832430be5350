// The command-line shell: parses argv, calls the library, prints, and returns the exit code.
import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { createRepl } from "../../repl/index.js";
import { WeightscopeError } from "../errors.js";
import { prepareToOpen } from "../open.js";
import { commands, findCommand, globalOptions, type OptionRow } from "./commands.js";
import { formatInspectTable, inspectFile, inspectJson } from "./inspect.js";
import { parseCLI, type ParsedCommand } from "./parse.js";

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** What the prompt reads; without it the prompt reads process.stdin. */
  readonly stdin?: NodeJS.ReadableStream;
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
  if (parsed.options.help) {
    streams.stdout.write(helpText(parsed.command) + "\n");
    return 0;
  }
  // Keras files need their reader's WebAssembly compiled first; other files skip that cost.
  await prepareToOpen(parsed.args);
  switch (parsed.command) {
    case undefined:
      return runPrompt(parsed.args, streams);
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

/** `weightscope [FILE...]`: the prompt until its input ends or `.exit`; files that fail to open are reported there. */
async function runPrompt(files: readonly string[], streams: CliStreams): Promise<number> {
  const output = streams.stdout instanceof Writable ? streams.stdout : writableFor(streams.stdout);
  const session = createRepl({ input: streams.stdin ?? process.stdin, output, files });
  await session.closed;
  return 0;
}

function writableFor(sink: { write(text: string): unknown }): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.write(chunk.toString());
      done();
    },
  });
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
    "usage: weightscope [FILE...]",
    "       weightscope <command> [options]",
    "",
    "Look inside PyTorch model files without Python; nothing in a file is ever run.",
    "",
    "With no command, a prompt opens: each FILE is loaded into a variable named after it (lenet5.pt ->",
    "lenet5; with no FILE, the bundled examples), and torch, np, inspect, dir, type, help, print, len, zip,",
    "repr, str and isinstance answer as Python's do. Type .help there for more. A first word with no dot",
    "or slash is read as a command; write ./name to open such a file. With piped input the prompt prints",
    "only the answers. WEIGHTSCOPE_HISTORY names the history file (empty: none; default",
    "~/.weightscope_history); WEIGHTSCOPE_DEBUG=1 adds the stack to an error line.",
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
