// @ts-check
// The splitting worker of a read on two workers (protocol.js SPLIT). The engine worker (worker.js) starts it
// inside itself and hands it the engine's compiled wasm module; for each read, it reads the File, and the
// core's Splitter (src/ingest/ahead.rs) decompresses, decodes and splits the text into records, which go to
// the engine in batches as transferable buffers while the engine builds the table from the ones before.
// Until the sample has been read (the first MiB of text), and for a file it does not split (a workbook),
// it hands the engine the file's pieces themselves: the engine's own reader decides how the text is read
// from the same bytes, and reads a workbook alone.

import init, { Splitter } from './pkg/clientela.js';
import { SPLIT, SPLIT_AHEAD } from './protocol.js';
import { PUSH_BYTES, readChunk, describe } from './file-read.js';
/** Text per batch (src/ingest/ahead.rs BATCH_BYTES). */
const BATCH_BYTES = 512 * 1024;

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);

/** @typedef {{id: number, cancelled: boolean, sent: number, acked: number, wake: (() => void) | null}} Job */
/** @type {Job | null} the current read */
let job = null;
/** Reads run one after the other: a replaced read stops at its next piece. */
let running = Promise.resolve();

self.onmessage = (event) => {
  const m = event.data;
  if (m?.type === SPLIT.INIT) {
    init({ module_or_path: m.module }).then(
      () => post({ type: SPLIT.READY }),
      (e) => post({ type: SPLIT.FAILED, message: String(e) }),
    );
  } else if (m?.type === SPLIT.START) {
    if (job) stop(job);
    /** @type {Job} */
    const j = { id: m.id, cancelled: false, sent: 0, acked: 0, wake: null };
    job = j;
    running = running.then(() => split(j, m.file, m.options));
  } else if (m?.type === SPLIT.ACK) {
    if (job?.id === m.id) {
      job.acked += 1;
      job.wake?.();
    }
  } else if (m?.type === SPLIT.CANCEL) {
    if (job?.id === m.id) stop(job);
  }
};

/** @param {Job} j */
function stop(j) {
  j.cancelled = true;
  j.wake?.();
}

/** Reads `file` for read `j`; every outcome is one message (END or ERROR) unless the read was cancelled. */
async function split(j, file, options) {
  let splitter = null;
  let reader = null;
  try {
    splitter = new Splitter(options ?? {});
    reader = file.stream().getReader();
    /** What is done with the next piece (the core's SplitStep; 'sample_end' is never kept). */
    let step = 'sample';
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (j.cancelled) return;
      if (done) break;
      for (let at = 0; at < value.length; at += PUSH_BYTES) {
        const piece = value.subarray(at, at + PUSH_BYTES);
        if (step === 'split') {
          splitter.push(piece);
          if (!(await send(j, splitter, BATCH_BYTES))) return;
          continue;
        }
        // Until the sample has been read, the engine gets the piece first: both read the sample at once.
        const copy = piece.slice();
        post({ type: SPLIT.RAW, id: j.id, piece: copy.buffer }, [copy.buffer]);
        if (step === 'sample') step = splitter.push(piece);
        if (step === 'sample_end') step = 'split';
      }
    }
    const figures = splitter.end();
    if (!(await send(j, splitter, 0))) return;
    post({ type: SPLIT.END, id: j.id, figures, bytes: splitter.bytes() });
  } catch (e) {
    reader?.cancel().catch(() => {});
    // The records split before the failure go first, as the engine would have built them reading alone.
    try {
      if (splitter && !(await send(j, splitter, 0))) return;
    } catch {
      // the failure below is the one to report
    }
    if (!j.cancelled) post({ type: SPLIT.ERROR, id: j.id, error: toError(e) });
  } finally {
    try {
      splitter?.free();
    } catch {
      // a splitter whose wasm call trapped cannot be freed; the engine replaces this worker then
    }
  }
}

/**
 * Posts the records split so far when they hold `min` bytes of text (0: any), once the engine has built
 * all but SPLIT_AHEAD batches before them; false when the read was cancelled meanwhile.
 * @param {Job} j
 */
async function send(j, splitter, min) {
  const batch = splitter.batch(min);
  if (!batch) return !j.cancelled;
  while (j.sent - j.acked >= SPLIT_AHEAD && !j.cancelled) await new Promise((resolve) => (j.wake = () => resolve(undefined)));
  j.wake = null;
  if (j.cancelled) return false;
  j.sent += 1;
  post({ type: SPLIT.BATCH, id: j.id, batch: batch.buffer, bytes: splitter.bytes() }, [batch.buffer]);
  return true;
}

/** The core throws {code, message}; anything else (a trap) is reported in words, and the engine decides. */
function toError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message };
  return { code: 'split', message: describe(e) };
}
