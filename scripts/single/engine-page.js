// www/engine.js as the page bundle of the one-file build sees it (scripts/build-single.mjs swaps it in).
// The worker's bundled code is a string in this bundle; the worker starts from a blob: URL of it, which
// the file's Content-Security-Policy allows (worker-src blob:) and which needs no network and no server.

import workerCode from 'clientela:worker-code';

let url = null;

/** Starts the bundled worker (a classic worker: its bundle has no imports left). */
export function startWorker(name) {
  // One blob: URL for the page's lifetime: the page starts a fresh worker after a fatal error.
  url ??= URL.createObjectURL(new Blob([workerCode], { type: 'text/javascript' }));
  return new Worker(url, { name });
}

/** Only the worker bundle hands init() the wasm. */
export function wasmSource() {
  return undefined;
}
