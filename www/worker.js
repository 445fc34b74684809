// @ts-check
// The worker owns the wasm module: with the splitting worker it starts (split.js, which gets the module
// from here), it is the only place that imports ./pkg/clientela.js.
// It reads the File it is given into a Session, posts progress, detection and the data report, and keeps
// the last finished Session (the table) for later analyses: SEGMENT runs the segmentation of that table (a
// few milliseconds to a second, without reading again). A text file is read on two workers when the
// splitting worker could start: it reads the File and splits the text into records, this worker builds
// the table from them (protocol.js SPLIT); else, and for a workbook, this worker streams the File itself
// (file.stream(), chunk by chunk).

import init, { Session, sampleCsv, warmUp, formDefaults } from './pkg/clientela.js';
import { MSG, PROGRESS_INTERVAL_MS, ENGINE_ERROR, SPLIT } from './protocol.js';
import { wasmSource, wasmModule, startSplitter } from './engine.js';
import { PUSH_BYTES, readChunk, describe } from './file-read.js';

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);

/** A minimal module using one SIMD instruction (i8x16.popcnt): valid only where WebAssembly SIMD is. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let wasm = null;
let startError = null;
/** Whether files are read on two workers (twoWorkers below). */
const onTwo = twoWorkers();
/** The compiled module, shared with the splitting worker (null: this worker reads alone, and wasm-bindgen
 *  loads the module its own way). */
const compiled = onTwo ? wasmModule() : null;
// init() failing (missing or broken .wasm) must become a message: the page would otherwise wait forever.
const ready = (compiled ? compiled.then((module) => init({ module_or_path: module })) : init(wasmSource())).then(
  (out) => {
    wasm = out;
    post({ type: MSG.READY, wasmBytes: out.memory.buffer.byteLength, defaults: formDefaults() });
  },
  (e) => {
    startError = { code: ENGINE_ERROR, message: `The analysis engine could not start: ${describe(e)}`, fatal: true, reason: undefined };
    // The engine is built with WebAssembly SIMD (.cargo/config.toml): a browser without it cannot compile it.
    if (!WebAssembly.validate(SIMD_PROBE)) startError.reason = 'old_browser';
    post({ type: MSG.ERROR, id: null, error: startError });
  },
);

/** Time the splitting worker has to start in before a read goes on without it. */
const SPLIT_START_MS = 3000;

/**
 * The splitting worker (split.js), started with the engine: a promise of it, ready, or of null when it
 * cannot start (no nested workers, its script blocked, the module refused) — then reads run here alone.
 * Stop terminates this worker, and the splitting worker with it (a nested worker ends with its owner).
 * @type {Promise<Worker | null>}
 */
let splitting = compiled ? compiled.then(spawnSplitter, () => null) : Promise.resolve(null);

/**
 * Whether files are read on two workers: only when the page asks (`?read-workers=2`, handed on in this
 * worker's URL fragment by engine.js). On two cores, measured, the two workers, the page's own thread and
 * the browser's compiler threads compete and the read takes longer than in one worker (docs/performance.md);
 * on four cores or more it is not measured yet, so one worker stays the default everywhere until it is:
 * `CLIENTELA_BENCH_APP_QUERIES='?read-workers=1,?read-workers=2' node benches/browser/coldpage.mjs`.
 */
function twoWorkers() {
  return new URLSearchParams(self.location.hash.slice(1)).get('read-workers') === '2';
}

/** @param {WebAssembly.Module} module */
function spawnSplitter(module) {
  return new Promise((resolve) => {
    /** @type {Worker} */
    let w;
    try {
      w = startSplitter('clientela-split');
    } catch {
      resolve(null);
      return;
    }
    const give = (/** @type {Worker | null} */ v) => {
      clearTimeout(timer);
      if (!v) w.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => give(null), SPLIT_START_MS);
    w.onmessage = (e) => {
      if (e.data?.type === SPLIT.READY) {
        w.onmessage = (ev) => splitMessage(ev.data);
        give(w);
      } else if (e.data?.type === SPLIT.FAILED) give(null);
    };
    w.onerror = (e) => {
      e.preventDefault();
      give(null);
      // Died after it started: the read in progress goes on here alone, and so do the next ones.
      splitting = Promise.resolve(null);
      splitDied?.();
    };
    w.postMessage({ type: SPLIT.INIT, module });
  });
}

/** The current split read's handler of the splitting worker's messages (null between reads). */
let splitMessage = (_m) => {};
/** Called when the splitting worker dies (null between reads). */
let splitDied = null;

// Engine warm-up (the core's warmup module): while the user is choosing a file, short steps run the
// analyses on small built-in data so that the browser optimizes the engine's code before the first real
// read. One short piece per task, so that a file chosen meanwhile waits little; any message from the page
// stops it for good.
let warming = true;
function warmStep() {
  if (!warming || startError) return;
  let more = false;
  try {
    more = warmUp();
  } catch {
    more = false; // a warm-up failure changes nothing for the user's files
  }
  if (more) setTimeout(warmStep, 0);
}
ready.then(() => setTimeout(warmStep, 0));

/** The Session of the last finished read: its table stays in wasm memory for analyses. */
let kept = null;
/** The read id of `kept`. */
let keptId = null;
/** The read in progress: {id, cancelled, done}. */
let job = null;

self.onmessage = (event) => {
  warming = false;
  const m = event.data;
  if (m?.type === MSG.START) {
    const prev = job;
    if (prev) prev.cancelled = true;
    const next = { id: m.id, cancelled: false };
    // Reads run one after the other: a replaced read stops at its next chunk, then this one starts.
    next.done = (prev ? prev.done : Promise.resolve()).then(() => read(next, m.file, m.options));
    job = next;
  } else if (m?.type === MSG.CANCEL) {
    if (job && job.id === m.id) job.cancelled = true;
  } else if (m?.type === MSG.SAMPLE) {
    sample(m.rows, m.seed);
  } else if (m && m.type in PRIORITY) {
    enqueue(m);
  }
};

// Analyses of the kept table, one request controller: requests wait in one queue and run one per task,
// the most urgent first — a page of a customer list (a click) before a segmentation, a segmentation before
// the views' longer analyses (rules, lifetime value, sequences), which may use its groups. A newer
// request of a kind replaces a queued one of that kind: the page keeps only the latest answer anyway.
const PRIORITY = { [MSG.CUSTOMERS]: 0, [MSG.PROSPECT_LIST]: 0, [MSG.SEGMENT]: 1, [MSG.RULES]: 2, [MSG.CLV]: 2, [MSG.SEQUENCES]: 2, [MSG.PROFILE]: 2, [MSG.PREDICT]: 2, [MSG.FORECAST]: 2, [MSG.COMPARE]: 2 };
const RUN = { [MSG.CUSTOMERS]: customers, [MSG.PROSPECT_LIST]: prospectList, [MSG.SEGMENT]: segment, [MSG.RULES]: rules, [MSG.CLV]: clv, [MSG.SEQUENCES]: sequences, [MSG.PROFILE]: profile, [MSG.PREDICT]: predict, [MSG.FORECAST]: forecast, [MSG.COMPARE]: compare };
let queue = [];
let pumping = false;

/** Whether `next` makes the queued request `old` useless (same kind; for lists, another page of one). */
function replaces(next, old) {
  if (next.type !== old.type) return false;
  if (next.type === MSG.CUSTOMERS) return !next.all && !next.csv && !next.list && !old.all && !old.csv && !old.list;
  return true;
}

function enqueue(m) {
  const old = queue.filter((q) => replaces(m, q));
  // The Sequences view asks for its item list once: a replacing request still brings it.
  if (m.type === MSG.SEQUENCES && old.some((q) => q.items)) m = { ...m, items: true };
  queue = queue.filter((q) => !old.includes(q));
  queue.push(m);
  if (!pumping) {
    pumping = true;
    // A read in progress first: after a Stop, the page reads its file again into a fresh worker under the
    // same read id and asks for its analyses at once; they wait here for the table.
    (job ? job.done : Promise.resolve()).then(() => setTimeout(pump, 0));
  }
}

/** Runs the most urgent queued request (the oldest of equals), then yields so new messages are queued. */
function pump() {
  if (!queue.length) {
    pumping = false;
    return;
  }
  let best = 0;
  for (let i = 1; i < queue.length; i++) if (PRIORITY[queue[i].type] < PRIORITY[queue[best].type]) best = i;
  const [m] = queue.splice(best, 1);
  RUN[m.type](m);
  setTimeout(pump, 0);
}

async function sample(rows, seed) {
  await ready;
  if (startError) return; // already reported
  try {
    const bytes = sampleCsv(rows, seed);
    post({ type: MSG.SAMPLE_READY, bytes: bytes.buffer, name: `sample-shop-${rows}-rows.csv` }, [bytes.buffer]);
  } catch (e) {
    post({ type: MSG.ERROR, id: null, error: toError(e) });
  }
}

/** The answer to a request for a read whose table is no longer kept (another file was read since). */
/** @param {string} type @param {number} id @param {number | string} seq */
function stale(type, id, seq) {
  post({ type, id, seq, error: { code: 'stale', message: 'this file is no longer loaded: choose it again', fatal: false } });
}

/** Forgets the kept table (after a fatal error: the engine is no longer usable) and the files read into it. */
function dropKept() {
  kept = null;
  keptId = null;
  customersLoaded = null;
  prospectsLoaded = null;
}

/**
 * Every handler of a request on the kept table of read `m.id`, answered with a message of `type`: stale
 * when that table is gone; else `work(m)` gives the answer's fields (timed in `ms`), and an error is
 * answered as `{error}`. A fatal error, thrown or among the fields (`error`, `targetError`: a handler
 * that answers partly), drops the kept table.
 * @param {string} type the answer's type (MSG)
 * @param {import('./protocol.js').Ask & Record<string, any>} m
 * @param {(m: import('./protocol.js').Ask & Record<string, any>) => Record<string, any>} work
 */
function onKept(type, m, work) {
  const { id, seq } = m;
  if (!kept || keptId !== id) return stale(type, id, seq);
  const started = performance.now();
  let fields;
  try {
    fields = work(m);
  } catch (e) {
    fields = { error: toError(e) };
  }
  if (fields.error?.fatal || fields.targetError?.fatal) dropKept();
  post({ type, id, seq, ...fields, ms: performance.now() - started });
}

/** Segments the kept table of read `id`. */
function segment(m) {
  onKept(MSG.SEGMENTS, m, ({ options }) => ({ report: kept.segment(options ?? {}) }));
}

/** The lifetime-value analysis of the kept table of read `id`, with its per-customer CSV and its sums by segment. */
function clv(m) {
  onKept(MSG.CLV_REPORT, m, ({ options }) => {
    const report = kept.clv(options ?? {});
    return { report, csv: kept.clvCsv(), bySegment: kept.clvBySegment() };
  });
}

/** Who buys next and how much, of the kept table of read `id`, with every customer's scores as CSV. */
function predict(m) {
  onKept(MSG.PREDICT_REPORT, m, ({ options }) => {
    const report = kept.predict(options ?? {});
    return { report, csv: kept.predictCsv() };
  });
}

/** Revenue ahead of the kept table of read `id`. */
function forecast(m) {
  onKept(MSG.FORECAST_REPORT, m, ({ options }) => ({ report: kept.forecast(options ?? {}) }));
}

/** The comparison of periods of the kept table of read `id`. */
function compare(m) {
  onKept(MSG.COMPARE_REPORT, m, ({ options }) => ({ report: kept.compare(options ?? {}) }));
}

/** Basket rules of the kept table of read `id` (uses the last segmentation for a segment filter). */
function rules(m) {
  onKept(MSG.BASKETS, m, ({ options }) => ({ report: kept.rules(options ?? {}) }));
}

/**
 * A page of the last segmentation's customers of read `id`; with `all`, every customer of the query's
 * group (fetched a core page of 1000 at a time: src/segment/listing.rs MAX_LIMIT); with `csv`, the whole
 * per-customer table as CSV; with `list` (lists::ListOptions), a list in a platform's layout (Session.list).
 */
function customers(m) {
  onKept(MSG.CUSTOMER_LIST, m, ({ query, csv, all, list }) => {
    if (list) return { list: kept.list(list) };
    if (csv) return { csv: kept.customersCsv() };
    if (!all) return { page: kept.customers(query) };
    const rows = [];
    let total = Infinity;
    while (rows.length < total) {
      const page = kept.customers({ ...query, offset: rows.length, limit: 1000 });
      total = page.total;
      if (!page.rows.length) break;
      rows.push(...page.rows);
    }
    return { all: { total: rows.length, rows } };
  });
}

/**
 * The Sequences view's analyses of read `id`: the patterns and the timed rules of all items (one call),
 * then the timed rules after options.after (a second call without the mining, so an unknown item leaves
 * the patterns standing).
 */
function sequences(m) {
  onKept(MSG.SEQUENCE_REPORT, m, ({ items }) => {
    let options = m.options;
    const reply = { overall: null, target: null, items: null, parts: {} };
    const lap = (name, t0) => (reply.parts[name] = Math.round(performance.now() - t0));
    try {
      if (items) {
        const t0 = performance.now();
        reply.items = kept.sequenceItems(options ?? {});
        lap('items', t0);
        // No item A yet: the item most customers bought.
        if (!options?.after && reply.items.length) options = { ...options, after: reply.items[0].item };
      }
      const t1 = performance.now();
      reply.overall = kept.sequences({ ...options, after: undefined });
      lap('overall', t1);
    } catch (e) {
      reply.error = toError(e);
    }
    if (options?.after && !reply.error?.fatal) {
      try {
        const t2 = performance.now();
        reply.target = kept.sequences({ ...options, patterns: false });
        lap('target', t2);
      } catch (e) {
        reply.targetError = toError(e);
      }
    }
    return reply;
  });
}

/** `${read id}:${key}` of the customers file loaded into the kept Session (null: none). */
let customersLoaded = null;

/** `${read id}:${key}` of the prospects file loaded into the kept Session (null: none). */
let prospectsLoaded = null;

/** The Profiles view's profile of read `id`, after loading its customers file into the kept table; with a
 *  prospects file and a customers file, the prospects scored too (`prospects`, or `prospectsError`). An
 *  error says whether it came from the customers file (`error.customers`). */
function profile(m) {
  onKept(MSG.PROFILE_REPORT, m, ({ id, options, customers: file, prospects: leads }) => {
    let stage = 'customers';
    try {
      const want = file ? `${id}:${file.key}` : null;
      if (want !== customersLoaded) {
        kept.dropCustomers();
        customersLoaded = null;
        if (file) kept.readCustomers(new Uint8Array(file.bytes), file.options ?? {});
        customersLoaded = want;
      }
      stage = 'profile';
      const report = kept.profile(options ?? {});
      const reply = { report, csv: kept.profileCsv(), walletCsv: kept.walletCsv() };
      if (leads && file) {
        try {
          const want = `${id}:${leads.key}`;
          if (want !== prospectsLoaded) {
            kept.dropProspects();
            prospectsLoaded = null;
            kept.readProspects(new Uint8Array(leads.bytes), leads.options ?? {});
            prospectsLoaded = want;
          }
          reply.prospects = kept.prospects({ group: options?.group ?? null });
          reply.prospectsCsv = kept.prospectsCsv();
        } catch (e) {
          reply.prospectsError = toError(e);
          if (reply.prospectsError.fatal) throw e;
        }
      }
      return reply;
    } catch (e) {
      return { error: { ...toError(e), customers: stage === 'customers' } };
    }
  });
}

/** The last prospects report's top prospects as a list in a platform's layout (Session.prospectsList). */
function prospectList(m) {
  onKept(MSG.PROSPECT_LIST_FILE, m, ({ list }) => ({ list: kept.prospectsList(list ?? {}) }));
}

class Cancelled extends Error {}

/** The splitting worker failed under a read: the read starts again here alone. */
class SplitGone extends Error {}

async function read(j, file, options) {
  const started = performance.now();
  let session = null;
  let reader = null;
  let workers = 1;
  /** The file was read through the splitting worker (when false, here alone). */
  let split = false;
  try {
    await ready;
    if (startError) {
      post({ type: MSG.ERROR, id: j.id, error: startError });
      return;
    }
    const splitter = await splitting;
    if (j.cancelled) throw new Cancelled();
    // A new read replaces the kept table: free it first so its memory can be reused.
    kept?.free();
    kept = null;
    keptId = null;
    let figures = null;
    // The file's size lets the core size the table's columns once for the rows to come.
    const sessionOptions = { ...(options ?? {}), expected_bytes: file.size };
    if (splitter) {
      session = new Session(sessionOptions);
      try {
        figures = await readSplit(j, file, options, splitter, session);
        // Without figures the engine was given every piece (a workbook, a file shorter than the sample).
        workers = figures ? 2 : 1;
        split = true;
      } catch (e) {
        if (!(e instanceof SplitGone)) throw e;
        freeQuietly(session);
        session = null;
      }
    }
    if (!split) {
      session = new Session(sessionOptions);
      reader = file.stream().getReader();
      await readAlone(j, file, session, reader);
    }
    // A file saved again while it was read (an export re-run) streams on without a word: a fresh read
    // of one byte checks it against the file chosen (the browser refuses a changed file).
    await unchanged(file);
    post({ type: MSG.PROGRESS, id: j.id, bytes: file.size, total: file.size, rows: null, finishing: true });
    const report = session.finish(figures);
    if (j.cancelled) throw new Cancelled();
    kept = session;
    keptId = j.id;
    session = null;
    post({
      type: MSG.REPORT,
      id: j.id,
      report,
      ms: performance.now() - started,
      wasmBytes: wasm.memory.buffer.byteLength,
      tableRows: kept.tableRows(),
      workers,
    });
  } catch (e) {
    reader?.cancel().catch(() => {});
    freeQuietly(session);
    if (e instanceof Cancelled || e?.code === 'cancelled') {
      post({ type: MSG.CANCELLED, id: j.id });
    } else {
      post({ type: MSG.ERROR, id: j.id, error: toError(e) });
    }
  }
}

/**
 * Read `j` on two workers: the splitting worker reads the File and hands on its pieces up to the end of the
 * sample, then batches of records; `session` builds the table. Resolves to the source's figures for
 * Session.finish (null: the session was given every piece). Throws SplitGone when the splitting worker
 * failed (the read starts again here alone), Cancelled, or the read's error.
 * @param {Worker} splitter
 */
function readSplit(j, file, options, splitter, session) {
  return new Promise((resolve, reject) => {
    const progress = progressOf(j, file.size, session);
    let cancelCheck = 0;
    const done = (/** @type {any} */ error, figures) => {
      splitMessage = () => {};
      splitDied = null;
      clearInterval(cancelCheck);
      if (error) {
        // The splitting worker stops too (it may still be reading when this side failed or was cancelled).
        splitter.postMessage({ type: SPLIT.CANCEL, id: j.id });
        reject(error);
      } else resolve(figures);
    };
    splitDied = () => done(new SplitGone());
    // A cancel arrives between the splitter's messages; one that waits for a slow file is seen here.
    cancelCheck = setInterval(() => j.cancelled && done(new Cancelled()), PROGRESS_INTERVAL_MS);
    splitMessage = (m) => {
      if (m?.id !== j.id) return;
      if (j.cancelled) return done(new Cancelled());
      try {
        switch (m.type) {
          case SPLIT.RAW: {
            const p = session.push(new Uint8Array(m.piece));
            return progress(p.bytes, p.rows);
          }
          case SPLIT.BATCH: {
            // The sample ends with the pieces (the same decision as the splitter's): batches only after it.
            const p = session.pushBatch(new Uint8Array(m.batch));
            splitter.postMessage({ type: SPLIT.ACK, id: j.id });
            return progress(m.bytes, p.rows);
          }
          case SPLIT.END:
            return done(null, m.figures);
          case SPLIT.ERROR:
            // A trap in the splitting worker is no fault of the file: read it here alone.
            return done(m.error?.code === 'split' ? new SplitGone() : m.error);
        }
      } catch (e) {
        done(e);
      }
    };
    splitter.postMessage({ type: SPLIT.START, id: j.id, file, options: options ?? {} });
  });
}

/** Read `j` here alone: streams the File into `session`. */
async function readAlone(j, file, session, reader) {
  const progress = progressOf(j, file.size, session);
  for (;;) {
    const { done, value } = await readChunk(reader);
    // Cancel and replace messages are handled while the read above waits: check between chunks.
    if (j.cancelled) throw new Cancelled();
    if (done) break;
    // Chromium hands out chunks of up to a few MB; a gzip chunk that size inflates to tens of MB of
    // buffers inside the core at once. Pushing slices keeps the wasm memory close to the table's size.
    let p;
    for (let at = 0; at < value.length; at += PUSH_BYTES) p = session.push(value.subarray(at, at + PUSH_BYTES));
    if (p) progress(p.bytes, p.rows);
  }
}

/**
 * The progress of read `j` after each step: the detection once (when the sample has been read), then
 * progress messages at most every PROGRESS_INTERVAL_MS.
 * @returns {(bytes: number, rows: number) => void}
 */
function progressOf(j, total, session) {
  let lastPost = 0;
  let detectionSent = false;
  return (bytes, rows) => {
    if (!detectionSent) {
      const d = session.detection();
      if (d) {
        post({ type: MSG.DETECTION, id: j.id, detection: d });
        detectionSent = true;
      }
    }
    const now = performance.now();
    if (now - lastPost >= PROGRESS_INTERVAL_MS) {
      post({ type: MSG.PROGRESS, id: j.id, bytes, total, rows, finishing: false });
      lastPost = now;
    }
  };
}

async function unchanged(file) {
  try {
    await file.slice(0, 1).arrayBuffer();
  } catch (e) {
    throw { code: 'io', message: `The file changed or was moved while it was read (${describe(e)}): choose it again.` };
  }
}

function freeQuietly(session) {
  try {
    session?.free();
  } catch {
    // A session whose wasm call trapped cannot be freed; the worker is replaced anyway.
  }
}

/**
 * The core throws {code, message}; anything else (a trap, a failed allocation) is a broken engine.
 * @returns {import('./protocol.js').WorkerError}
 */
function toError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') {
    // After too_large the wasm memory stays grown: a fresh worker gives it back.
    return { code: e.code, message: e.message, fatal: e.code === 'too_large' };
  }
  return { code: ENGINE_ERROR, message: `The analysis engine stopped: ${describe(e)}`, fatal: true };
}
