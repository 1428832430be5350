// createRepl: the weightscope prompt, node:repl with our eval, a Python-style writer and a dir()-based completer.
import { homedir } from "node:os";
import { join } from "node:path";
import { Recoverable, start, type REPLServer } from "node:repl";
import type { Context } from "node:vm";
import { bindingLine, bundledExamples, openBindings, type Binding } from "./bindings.js";
import { helpListing, type DotCommand } from "./commands.js";
import { completeLine } from "./complete.js";
import { errorLine, errorStack, evaluate } from "./evaluate.js";
import { dir, pyRepr, pythonGlobals } from "../src/python/index.js";
import { prepareToOpen } from "../src/open.js";
import { kerasReaderIfLoaded, loadKerasReader } from "../src/keras/on-demand.js";

export interface ReplOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** Files to open and bind at start; none (or an empty list) opens the bundled examples. */
  readonly files?: readonly string[];
  /** Line editing, prompts and history; by default when both streams are terminals. */
  readonly terminal?: boolean;
  /** Where history is kept (terminal only); "" keeps none. Default: $WEIGHTSCOPE_HISTORY, else ~/.weightscope_history. */
  readonly historyPath?: string;
  /** Read for WEIGHTSCOPE_HISTORY and WEIGHTSCOPE_DEBUG (the stack under an error line). Default: process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Paths in the start lines are shown relative to this folder. Default: process.cwd(). */
  readonly cwd?: string;
}

export interface ReplHandle {
  readonly server: REPLServer;
  /** The files bound at start, each with its variable name (or the error that kept it from opening). */
  readonly bindings: readonly Binding[];
  /** Settles when the history file is open (at once when history is off). */
  readonly ready: Promise<void>;
  /** Settles when the session ends (`.exit`, end of input, Ctrl+D). */
  readonly closed: Promise<void>;
}

/**
 * The prompt; the caller decides what the end of the session means (the CLI sets an exit code). As in
 * node's own prompt, what the session defines lives on globalThis while it runs, so run one at a time.
 */
export function createRepl(options: ReplOptions = {}): ReplHandle {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const env = options.env ?? process.env;
  const terminal = options.terminal ?? Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  const debug = env.WEIGHTSCOPE_DEBUG === "1";
  const write = (text: string): void => void output.write(text);
  const globals = pythonGlobals(write);

  const files = options.files?.length ? options.files : bundledExamples();
  // A file never takes a name already in use: a global of ours or of JavaScript (`Array.pt` -> `Array_2`).
  const bindings = openBindings(files, [...Object.keys(globals), ...Object.getOwnPropertyNames(globalThis)]);
  const cwd = options.cwd ?? process.cwd();
  for (const binding of bindings) {
    write(binding.error === undefined ? bindingLine(binding, cwd) + "\n" : `# ${binding.path} not opened: ${errorLine(binding.error)}\n`);
  }
  if (terminal) write("Type .help for the commands and the globals, .exit to leave.\n");

  const report = (error: unknown): void => {
    write(errorLine(error) + "\n");
    const stack = debug ? errorStack(error) : undefined;
    if (stack) write(stack + "\n");
  };
  let startNames = new Set<string>();
  // Work a dot-command could not finish at once (loading the Keras reader for .open): input that follows
  // waits for it, so piped lines after `.open model.h5` see the new name.
  let queue: Promise<void> | undefined;
  const later = (task: () => Promise<void>): void => {
    const run: Promise<void> = (queue ?? Promise.resolve()).then(task).finally(() => {
      if (queue === run) queue = undefined;
    });
    queue = run;
  };
  const server = start({
    input,
    output,
    terminal,
    prompt: terminal ? "> " : "",
    preview: false,
    useGlobal: true,
    ignoreUndefined: true,
    eval(code: string, _context: Context, filename: string, callback: (error: Error | null, value?: unknown) => void) {
      const run = (): void => {
        const outcome = evaluate(code, filename);
        if (outcome.kind === "incomplete") return callback(new Recoverable(outcome.error));
        if (outcome.kind === "error") report(outcome.error);
        callback(null, outcome.kind === "echo" ? outcome.value : undefined);
      };
      // The Keras reader loads on first use (about 0.2 s): a line naming keras or tf waits for it, as input after .open does.
      if (!kerasReaderIfLoaded() && /\b(keras|tf)\b/.test(code)) later(async () => void (await loadKerasReader()));
      if (queue) void queue.then(run);
      else run();
    },
    writer(value: unknown): string {
      try {
        return pyRepr(value);
      } catch (error) {
        return errorLine(error);
      }
    },
    completer(line: string) {
      return completeLine(line, {
        lookup: (name) => (name in server.context ? { found: true, value: server.context[name] } : { found: false }),
        topLevelNames: () => [...Object.keys(globals), ...Object.getOwnPropertyNames(server.context).filter((n) => !startNames.has(n))].sort(),
        dir: (value) => dir(value),
      });
    },
  });
  if (!terminal) quietPrompts(server);

  // The session's names live on globalThis while it runs (see evaluate.ts); .clear asks for them again,
  // and the end of the session puts back whatever those names held before.
  const installed = new Map<string, PropertyDescriptor | undefined>();
  const define = (context: Context, name: string, value: unknown): void => {
    if (!installed.has(name)) installed.set(name, Object.getOwnPropertyDescriptor(context, name));
    Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: true });
  };
  const install = (context: Context): void => {
    for (const [name, value] of Object.entries(globals)) define(context, name, value);
    startNames = new Set(Object.getOwnPropertyNames(context));
    for (const binding of bindings) if (binding.error === undefined) define(context, binding.name, binding.value);
  };
  install(server.context);
  server.on("reset", install);
  // Input that waits behind a dot-command still runs after the input ends; the names come off after it.
  const finished = new Promise<void>((resolve) =>
    server.once("exit", () => {
      void (queue ?? Promise.resolve()).then(() => {
        for (const [name, before] of installed) {
          if (before) Object.defineProperty(server.context, name, before);
          else delete server.context[name];
        }
        resolve();
      });
    }),
  );

  for (const command of dotCommands(bindings, cwd, report, define, later)) {
    server.defineCommand(command.name, {
      help: command.help,
      action(text: string) {
        command.action(server, text.trim());
        server.displayPrompt();
      },
    });
  }

  return { server, bindings, ready: openHistory(server, terminal, options.historyPath ?? env.WEIGHTSCOPE_HISTORY ?? join(homedir(), ".weightscope_history"), write), closed: finished };
}

function dotCommands(
  bindings: Binding[],
  cwd: string,
  report: (error: unknown) => void,
  define: (context: Context, name: string, value: unknown) => void,
  later: (task: () => Promise<void>) => void,
): DotCommand[] {
  return [
    {
      name: "help",
      help: "List the commands and the globals",
      action: (server) => void server.output.write(helpListing(server) + "\n"),
    },
    {
      name: "open",
      help: "Open a model file and bind it to a name made from its file name: .open path/to/model.pt",
      action(server, path) {
        if (!path) return void server.output.write("usage: .open path/to/model.pt\n");
        // A Keras file needs its reader loaded first (about 0.2 s, once); input after .open waits for it.
        later(async () => {
          await prepareToOpen([path]);
          const taken = [...Object.getOwnPropertyNames(server.context), ...bindings.map((b) => b.name)];
          const [binding] = openBindings([path], taken);
          if (binding!.error !== undefined) report(binding!.error);
          else {
            bindings.push(binding!);
            define(server.context, binding!.name, binding!.value);
            server.output.write(bindingLine(binding!, cwd) + "\n");
          }
        });
      },
    },
  ];
}

/** History needs line editing (node keeps it only in terminal mode); an empty path keeps none. */
function openHistory(server: REPLServer, terminal: boolean, path: string, write: (text: string) => void): Promise<void> {
  if (!terminal || path === "") return Promise.resolve();
  return new Promise((resolve) => {
    server.setupHistory(path, (error) => {
      if (error) write(`# history not kept (${path}): ${error.message}\n`);
      resolve();
    });
  });
}

/**
 * Piped input gets no prompts, neither `> ` nor the `... ` of a continued line, so what the session
 * prints is only the answers: a transcript reads like Python's echo of each input.
 */
function quietPrompts(server: REPLServer): void {
  server.prompt = function resumeWithoutPrompt(this: REPLServer): void {
    if ((this as unknown as { paused: boolean }).paused) this.resume();
  };
}
