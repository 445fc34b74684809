// Where the engine comes from: the one seam between the served app and the one-file build.
//
// Served (this file, as is): the page starts worker.js as a module worker from the same folder, and the
// worker lets wasm-bindgen fetch pkg/clientela_bg.wasm next to pkg/clientela.js.
//
// One file (scripts/build-single.mjs): this module is replaced at bundle time. In the page bundle,
// startWorker() starts the bundled worker from a blob: URL of its code; in the worker bundle, wasmSource()
// hands init() the wasm bytes that are inlined in it. Nothing is ever fetched.
//
// To stay compatible with the one-file build, the page and the worker must start the engine only through
// these two functions, and must not fetch their own files (load code and data with static `import`, which
// the bundler inlines). Both replacements export the same names (scripts/single/).

/** Starts the worker that owns the wasm (worker.js); `name` shows in the browser's tools. */
export function startWorker(name) {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name });
}

/** What the worker passes to wasm-bindgen's init(): undefined = fetch pkg/clientela_bg.wasm. */
export function wasmSource() {
  return undefined;
}
