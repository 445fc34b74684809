// www/engine.js as the page bundle of the one-file build sees it (scripts/build-single.mjs swaps it in).
// The worker's bundled code is a string in this bundle; the worker starts from a blob: URL of it, which
// the file's Content-Security-Policy allows (worker-src blob:) and which needs no network and no server.

import workerCode from 'clientela:worker-code';

let url = null;

/** Starts the bundled worker (a classic worker: its bundle has no imports left). */
export function startWorker(name) {
  // One blob: URL for the page's lifetime: the page starts a fresh worker after a fatal error.
  url ??= URL.createObjectURL(new Blob([workerCode], { type: 'text/javascript' }));
  return new Worker(url + readWorkers(), { name });
}

/** The page's `?read-workers=` for the worker, as www/engine.js hands it on (this file replaces that one). */
function readWorkers() {
  const n = new URLSearchParams(location.search).get('read-workers');
  return n === '1' || n === '2' ? `#read-workers=${n}` : '';
}

/** Only the worker bundle hands init() the wasm. */
export function wasmSource() {
  return undefined;
}

/** Only the worker bundle compiles the wasm. */
export function wasmModule() {
  throw new Error('the page does not run the engine');
}

/** Only the worker bundle starts the splitting worker. */
export function startSplitter() {
  throw new Error('the page does not start the splitting worker');
}
