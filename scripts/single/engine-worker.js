// www/engine.js as the worker bundle of the one-file build sees it (scripts/build-single.mjs swaps it in).
// The wasm is inlined in the worker's code as base64 and instantiated from bytes, so nothing is fetched; the
// splitting worker's bundled code is a string in this bundle, started from a blob: URL of it.

import wasmBase64 from 'clientela:wasm-base64';
import splitCode from 'clientela:split-code';

/** The worker never starts the page's worker. */
export function startWorker() {
  throw new Error('the worker does not start workers');
}

/** The inlined wasm, in the form wasm-bindgen 0.2.130's init() takes: {module_or_path: bytes}. */
export function wasmSource() {
  return { module_or_path: wasmBytes() };
}

/** The inlined wasm, compiled. */
export function wasmModule() {
  return WebAssembly.compile(wasmBytes());
}

function wasmBytes() {
  // Uint8Array.fromBase64 where the browser has it (Chromium 140+, Firefox 133+): faster than the loop.
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(wasmBase64);
  const text = atob(wasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let url = null;

/** Starts the bundled splitting worker (a classic worker: its bundle has no imports left). */
export function startSplitter(name) {
  url ??= URL.createObjectURL(new Blob([splitCode], { type: 'text/javascript' }));
  return new Worker(url, { name });
}
