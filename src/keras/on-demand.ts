// Loads the Keras reader (h5wasm's WebAssembly, about 0.2 s) only when asked, and tells who needs it whether it is there.
type KerasModule = typeof import("./index.js");

let loaded: KerasModule | undefined;
let loading: Promise<KerasModule> | undefined;

/** Starts loading (once) and settles when the reader is ready. */
export function loadKerasReader(): Promise<KerasModule> {
  loading ??= import("./index.js").then((module) => (loaded = module));
  return loading;
}

/** The reader if it has loaded; undefined before. */
export function kerasReaderIfLoaded(): KerasModule | undefined {
  return loaded;
}
