// Where the engine comes from: the one seam between the served app and the one-file build.
//
// Served (this file, as is): the page starts worker.js as a module worker from the same folder; the worker
// lets wasm-bindgen fetch pkg/clientela_bg.wasm next to pkg/clientela.js, or, to read on two workers,
// compiles it itself and starts the splitting worker, split.js, from the same folder (and hands it the
// compiled module).
//
// One file (scripts/build-single.mjs): this module is replaced at bundle time. In the page bundle,
// startWorker() starts the bundled worker from a blob: URL of its code; in the worker bundle, wasmSource()
// hands init() and wasmModule() compiles the wasm bytes that are inlined in it, and startSplitter() starts the bundled splitting worker
// from a blob: URL of its code, which the worker bundle holds. Nothing is ever fetched.
//
// To stay compatible with the one-file build, the page and the workers must start the engine only through
// these functions, and must not fetch their own files (load code and data with static `import`, which
// the bundler inlines). Both replacements export the same names (scripts/single/).

/** Starts the worker that owns the wasm (worker.js); `name` shows in the browser's tools. */
export function startWorker(name) {
  return new Worker(new URL('./worker.js' + readWorkers(), import.meta.url), { type: 'module', name });
}

/**
 * The page's `?read-workers=1` or `=2` (read files in one worker, or on two) handed to the worker as its
 * URL's fragment, which is never fetched: '' without it (the worker decides by the number of cores). For
 * tests and benchmarks; the one-file build's page does the same (scripts/single/engine-page.js).
 */
export function readWorkers() {
  const n = new URLSearchParams(globalThis.location?.search ?? '').get('read-workers');
  return n === '1' || n === '2' ? `#read-workers=${n}` : '';
}

/** What the worker passes to wasm-bindgen's init() when it reads alone: undefined = fetch pkg/clientela_bg.wasm. */
export function wasmSource() {
  return undefined;
}

/** The engine's compiled wasm module (compiled while it downloads), when it is shared with the splitting worker. */
export function wasmModule() {
  return WebAssembly.compileStreaming(fetch(new URL('./pkg/clientela_bg.wasm', import.meta.url)));
}

/** Starts the splitting worker (split.js), from inside the engine's worker. */
export function startSplitter(name) {
  return new Worker(new URL('./split.js', import.meta.url), { type: 'module', name });
}
