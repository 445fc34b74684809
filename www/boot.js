// @ts-check
// Starts the engine's worker as early as the page can. index.html loads this module before main.js, so it
// runs as soon as the document is parsed and its one import is in, while main.js's graph (the views, the
// chart library, the language files) is still downloading and evaluating: on a first visit with the file
// chosen at load, the worker's script then ran 80–570 ms before the file arrived (70–160 ms when main.js
// started it), time in which it compiles the engine and begins its warm-up (docs/performance.md, "The
// engine started while the page loads"). main.js takes the worker with takeEarlyWorker() and hears
// what it said before then.
//
// main.js imports this module too: served, that is the same module, already run; in the one-file build,
// which leaves this script tag out (data-served-only), the import is where the worker starts.

import { startWorker } from './engine.js';

/** @type {{ worker: Worker, held: Event[] } | null} */
let early = null;
try {
  const worker = startWorker('clientela');
  /** @type {Event[]} */
  const held = [];
  worker.onmessage = (e) => held.push(e);
  worker.onerror = (e) => {
    e.preventDefault();
    held.push(e);
  };
  early = { worker, held };
} catch {
  // No worker here (blocked, unsupported): main.js starts one and says what happened.
}

/**
 * The worker started at load and the events it sent since (messages and errors, in order), once; null
 * afterwards, or when it could not start.
 * @returns {{ worker: Worker, held: Event[] } | null}
 */
export function takeEarlyWorker() {
  const taken = early;
  early = null;
  return taken;
}
