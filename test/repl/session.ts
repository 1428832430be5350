// Drives the prompt in process through PassThrough streams: one input line at a time, its output kept apart.
import { PassThrough } from "node:stream";
import { createRepl, type ReplHandle, type ReplOptions } from "../../repl/index.js";

export interface Session {
  readonly handle: ReplHandle;
  /** What the prompt printed before any input (the bound files). */
  readonly banner: string;
  /** Sends one line and returns everything the prompt printed in answer. */
  send(line: string): Promise<string>;
  /** Ends the input and waits for the session to close. */
  end(): Promise<string>;
}

/** Lets the stream deliver the line and node:repl run it (our eval answers synchronously). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export async function startSession(options: Omit<ReplOptions, "input" | "output"> = {}): Promise<Session> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const handle = createRepl({ env: {}, ...options, input, output });
  await handle.ready;
  await settle();
  const take = (): string => {
    const text = printed;
    printed = "";
    return text;
  };
  const banner = take();
  return {
    handle,
    banner,
    async send(line) {
      input.write(line + "\n");
      await settle();
      return take();
    },
    async end() {
      input.end();
      await handle.closed;
      return take();
    },
  };
}

/**
 * Python's `<built-in method f of Sequential object at 0x7f3a...>` made comparable with ours, which has no
 * memory address to show and prints `<built-in method f of Sequential object>`: the address is dropped.
 */
export function withoutAddresses(text: string): string {
  return text.replace(/ at 0x[0-9a-f]+(?=>)/g, "");
}
