// @ts-check
// One request controller for every analysis the page asks of the worker (the read, the segmentation,
// lifetime value, baskets, sequences, profiles, lists…): one state shape and one rule. The state is
// {read, seq, busy, options, error, ms, stopped, ...answer}: `read` is the read it belongs to, `seq` numbers
// its requests, and only the answer to the latest request of the current read is kept (an older answer, or
// one for a replaced read, is dropped). `stopped` says the user stopped the last request (Stop): the view
// shows so and asks again only when told to (Run again); a new request clears it. The views get the state through `current(readId, reading)`: null
// while a file is read or when the state belongs to another read.

/**
 * @param {object} spec
 * @param {string} spec.type the request's message type (protocol.js MSG)
 * @param {(m: object, s: object) => object} [spec.answer] the state's fields from a successful answer (default: its report)
 * @param {(s: object) => object} [spec.message] the request's fields besides type, id and seq (default: {options})
 * @param {object} [spec.blank] the fields a request for another read starts from (default: {report: null})
 * @param {(m: object, s: object) => object} [spec.failed] the state's fields besides `error` from a failed answer `m`
 * @param {object} [spec.initial] the first state's other fields (the options before any request…)
 */
export function createAnalysis({ type, answer = (m) => ({ report: m.report }), message = (s) => ({ options: s.options }), blank = { report: null }, failed = () => ({}), initial = {} }) {
  let s = { read: null, seq: 0, busy: false, options: undefined, error: null, ms: 0, stopped: false, ...blank, ...initial };
  /** The extra fields of the last request (sent again by `resend`). */
  let extra = {};
  return {
    /** The whole state (for the page's own bookkeeping; views use `current`). */
    get state() {
      return s;
    },
    /** Sets fields of the state that are not the answer's (a file chosen, a status). */
    set(patch) {
      s = { ...s, ...patch };
    },
    /**
     * Asks `worker` for the analysis of read `readId` with `options` (undefined: the last ones); the
     * state is busy until the answer. A request for another read drops the previous read's answer.
     * `extra` fields join this one message.
     */
    request(worker, readId, options, more = {}) {
      if (options !== undefined) s = { ...s, options };
      const same = s.read === readId;
      s = { ...s, ...(same ? {} : blank), read: readId, seq: s.seq + 1, busy: true, error: null, stopped: false };
      extra = more;
      worker.postMessage({ type, id: readId, seq: s.seq, ...message(s), ...extra });
    },
    /**
     * Asks `worker` again for the pending request (same read, options and extra fields): a fresh worker
     * after a Stop of another analysis. Returns whether one was pending.
     */
    resend(worker) {
      if (!s.busy) return false;
      s = { ...s, seq: s.seq + 1 };
      worker.postMessage({ type, id: s.read, seq: s.seq, ...message(s), ...extra });
      return true;
    },
    /** The user stopped the pending request: its answer is dropped and the state says it was stopped. */
    stop() {
      s = { ...s, seq: s.seq + 1, busy: false, stopped: true };
    },
    /** Drops the answer of any pending request (the analysis no longer applies: a read started or failed). */
    drop() {
      s = { ...s, seq: s.seq + 1, busy: false };
    },
    /** The pending request failed without an answer (the worker died): `error` becomes its answer. Returns whether one was pending. */
    fail(error) {
      if (!s.busy) return false;
      s = { ...s, busy: false, error, ...failed({ id: s.read, seq: s.seq, error }, s) };
      return true;
    },
    /** Takes the worker's answer `m` when it answers the latest request; returns whether it did. */
    answer(m) {
      if (m.id !== s.read || m.seq !== s.seq) return false;
      s = m.error ? { ...s, busy: false, error: m.error, ...failed(m, s) } : { ...s, busy: false, error: null, ms: m.ms ?? 0, ...answer(m, s) };
      return true;
    },
    /** The state for the views: null while a file is read or when it belongs to another read. */
    current(readId, reading) {
      return !reading && s.read === readId ? s : null;
    },
  };
}
