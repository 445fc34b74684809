// www/engine.js as the worker bundle of the one-file build sees it (scripts/build-single.mjs swaps it in).
// The wasm is inlined in the worker's code as base64 and given to wasm-bindgen's init() as bytes, so
// init() instantiates it without fetching anything.

import wasmBase64 from 'clientela:wasm-base64';

/** The worker never starts another worker. */
export function startWorker() {
  throw new Error('the worker does not start workers');
}

/** The inlined wasm, in the form wasm-bindgen 0.2.130's init() takes: {module_or_path: bytes}. */
export function wasmSource() {
  // Uint8Array.fromBase64 where the browser has it (Chromium 140+, Firefox 133+): faster than the loop.
  if (typeof Uint8Array.fromBase64 === 'function') return { module_or_path: Uint8Array.fromBase64(wasmBase64) };
  const text = atob(wasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return { module_or_path: bytes };
}
