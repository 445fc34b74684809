// @ts-check
// Stop and Run again, one control for every analysis the page asks of the worker (Value, Predict, Sequences,
// Baskets, Profiles, the Overview's comparison, the segmentation). While an analysis runs, a Stop button
// (analyses.js or views/segments/run.js stop: a fresh worker reads the file again under the same read
// id); after a Stop, "Stopped." and Run again; when the engine died under the analysis (out of memory, a
// trap: the page reads the file again by itself), what happened in plain words and Run again. The settings in the view's form stay as they were.

import { h } from './dom.js';
import { t } from './i18n/i18n.js';
import { ENGINE_ERROR } from './protocol.js';

/**
 * Whether an analysis's state (requests.js) ended without an answer: stopped by the user, or the engine
 * died under it. Such a state is not asked again by itself; Run again asks.
 * @param {any} s
 */
export function interrupted(s) {
  return Boolean(s && !s.busy && (s.stopped || s.error?.code === ENGINE_ERROR));
}

/**
 * The control under a view's status line for the analyses `states` (null ones are left out): Stop while
 * one runs, "Stopped." or the engine's failure in words with Run again after, else null. The keyboard
 * follows: Stop hands the focus to Run again, and Run again to Stop.
 * @param {string} id the prefix of the elements' ids: `${id}-stop`, `${id}-stopped`, `${id}-run-again`; the
 *   view's status line is `${id}-status`
 * @param {any[]} states
 * @param {{stop: () => void, run: () => void}} actions
 */
export function stopControls(id, states, { stop, run }) {
  const list = states.filter(Boolean);
  const focus = (suffix) => document.getElementById(`${id}-${suffix}`)?.focus();
  if (list.some((s) => s.busy)) {
    // Described by the view's status line ("Fitting the models…"): what Stop stops.
    const stopButton = h('button', { type: 'button', id: `${id}-stop`, class: 'stop', 'aria-describedby': `${id}-status`, onclick: () => (stop(), focus('run-again')) }, t('stop.button'));
    return h('p', { class: 'stop-line' }, stopButton);
  }
  const stopped = list.filter(interrupted);
  if (!stopped.length) return null;
  const died = stopped.some((s) => !s.stopped);
  return h(
    'p',
    { id: `${id}-stopped`, class: died ? 'stopped error' : 'stopped', role: died ? 'alert' : 'status', dataset: { reason: died ? 'engine' : 'stopped' } },
    t(died ? 'stop.died' : 'stop.stopped'),
    ' ',
    h('button', { type: 'button', id: `${id}-run-again`, onclick: () => (run(), focus('stop')) }, t('stop.run_again')),
  );
}
