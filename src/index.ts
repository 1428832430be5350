// The library's front door: everything a script can use, the same things the CLI and the REPL use.
export * from "./errors.js";
export * from "./python/values.js";
