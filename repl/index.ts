// The prompt's public face: what the CLI starts and what a script needs to do what the prompt does.
export { createRepl, type ReplHandle, type ReplOptions } from "./repl.js";
export { bindingLine, bundledExamples, openBindings, variableNameFor, type Binding } from "./bindings.js";
export { completeLine, type CompletionScope } from "./complete.js";
