// @ts-check
// The read: the File the user chose (the page never reads its bytes itself), the choices made about how to
// read it, and the current read in the worker. Any change of a choice starts a fresh read of the same File
// that replaces the one before. The read's state has the shape of every analysis (requests.js): `read` is
// the read's id (messages of older reads are ignored), `busy` while it runs, `report` the last finished
// data report (kept while the file is read again with other choices), `error` the last failure.
//
// `reload()` reads the same File again into a fresh worker under the same read id, quietly: the page keeps
// its report and its views (main.js restartWorker, after a Stop or a worker that died after the read).
//
// For scripts and tests: document.body.dataset.state is 'idle' | 'reading' | 'done' | 'error', and
// document.body.dataset.reloading is 'true' while a reload runs; document.body.dataset.read is the read id.

import { MSG, ENGINE_ERROR } from './protocol.js';
import { fmtBytes, byId as $ } from './dom.js';
import { setFileStem } from './csv.js';
import { createAnalysis } from './requests.js';
import { NEEDS, lacking } from './views/index.js';
import { t } from './i18n/i18n.js';

/** Rows of the "load sample data" file. */
const SAMPLE_ROWS = 20_000;


/**
 * The page's parts a read drives (main.js wires them).
 * @typedef {object} ReadHost
 * @property {number} maxMemoryMb
 * @property {() => Worker} ensureWorker the worker, started when there is none
 * @property {() => Worker | null} worker the worker, if any
 * @property {() => void} refreshViews
 * @property {(id: string) => void} go shows a view
 * @property {() => string} currentView
 * @property {any} data the Data view's panel (views/data/index.js createDataPanel)
 * @property {any} segments the segmentation (views/segments/run.js createSegmentation)
 */

/** @param {ReadHost} host */
export function createReader(host) {
  const el = {
    drop: $('drop'),
    file: $('file'),
    sample: $('sample'),
    status: $('status'),
    reading: $('reading'),
    readingName: $('reading-name'),
    progress: $('progress'),
    progressText: $('progress-text'),
    cancel: $('cancel'),
  };
  const ctl = createAnalysis({ type: MSG.START, blank: {}, message: (s) => ({ file: file, options: s.options }) });
  /** @type {File | null} The File being analysed. */
  let file = null;
  /** The user's choices (IngestOptions without max_memory_mb); {} = detect everything. */
  let choices = {};
  /** performance.now() when the current read was posted. */
  let startedAt = 0;
  /** Last percentage announced to screen readers. */
  let announced = -1;
  /** The last REPORT message (re-rendered when the language changes); null after a failure. */
  let message = null;
  /** Whether the current read is being read again quietly (reload). */
  let reloading = false;

  const reader = {
    get file() {
      return file;
    },
    get choices() {
      return choices;
    },
    set choices(c) {
      choices = c;
    },
    /** The current read's id. */
    get id() {
      return ctl.state.read ?? 0;
    },
    get busy() {
      return ctl.state.busy;
    },
    /** The last finished data report (null before the first, and for another file). */
    get report() {
      return ctl.state.report;
    },
    get message() {
      return message;
    },
    /** Whether the current read is being read again quietly into a fresh worker (reload). */
    get reloading() {
      return reloading;
    },
    open,
    reload,
    start,
    answer,
    fail,
    onMessage,
    setState,
    /** The sample file arrived from the worker (null: the worker failed, or made none). */
    sampleDone(/** @type {File | null} */ f) {
      el.sample.disabled = false;
      if (f) open(f);
    },
    /** Draws the last finished read again, and the alert on screen (another language or currency). */
    rerender() {
      if (message && !ctl.state.busy) host.data.render(message);
      host.data.restateError();
    },
  };

  function open(f) {
    if (!f) return;
    file = f;
    setFileStem(f.name);
    choices = {};
    ctl.set({ report: null });
    message = null;
    host.segments.newFile();
    host.data.clear({ timing: true, mapping: true });
    start();
  }

  /**
   * Reads the current File again, with the same choices and under the same read id, into the worker (a
   * fresh one: main.js restartWorker), without a word on the page: the views keep what they show and see
   * no new read, so they do not ask for their analyses again; requests sent meanwhile wait in the worker
   * for the table. Only a finished read can be reloaded; returns whether this one is.
   */
  function reload() {
    if (!file || ctl.state.busy || !ctl.state.report || message === null) return false;
    setReloading(true);
    host.ensureWorker().postMessage({ type: MSG.START, id: reader.id, file, options: ctl.state.options });
    return true;
  }

  function setReloading(on) {
    reloading = on;
    if (on) document.body.dataset.reloading = 'true';
    else delete document.body.dataset.reloading;
  }

  /** Starts a fresh read of the current File with the current choices; it replaces any read in progress. */
  function start() {
    if (!file) return;
    setReloading(false);
    const id = reader.id + 1;
    document.body.dataset.read = String(id);
    startedAt = performance.now();
    announced = -1;
    host.data.hideError();
    host.data.clearAsks();
    el.readingName.textContent = file.name || t('main.your_file');
    el.progress.max = Math.max(file.size, 1);
    el.progress.value = 0;
    el.progressText.textContent = t('main.progress', { done: fmtBytes(0), total: fmtBytes(file.size) });
    el.reading.hidden = false;
    el.cancel.disabled = false;
    host.data.stale(true);
    // The read is busy from here: the segmentation's reset below tells the views so.
    ctl.set({ busy: true });
    host.segments.reset(t('main.reading.segments', { name: file.name || t('main.your_file') }));
    setState('reading', t('main.reading', { name: file.name || t('main.your_file') }));
    ctl.request(host.ensureWorker(), id, { ...choices, max_memory_mb: host.maxMemoryMb });
  }

  /** A message of the current read (progress, detection, the report, cancelled). */
  function onMessage(m) {
    if (reloading) {
      // The same file read again: its report is the one shown (the worker now holds the table again).
      if (m.type === MSG.REPORT || m.type === MSG.CANCELLED) setReloading(false);
      return;
    }
    switch (m.type) {
      case MSG.PROGRESS:
        return showProgress(m);
      case MSG.DETECTION:
        return;
      case MSG.REPORT:
        return finish(m);
      case MSG.CANCELLED:
        ctl.set({ busy: false });
        el.reading.hidden = true;
        host.data.clear();
        host.segments.reset(t('main.cancelled.segments'));
        setState('idle', t('main.cancelled'));
        return;
    }
  }

  /** @param {import('./protocol.js').ProgressMessage} m */
  function showProgress(m) {
    if (m.finishing) {
      el.progress.value = el.progress.max;
      el.progressText.textContent = t('main.finishing', { total: fmtBytes(m.total) });
      return;
    }
    el.progress.value = Math.min(m.bytes, el.progress.max);
    el.progressText.textContent = t('main.progress.rows', { done: fmtBytes(m.bytes), total: fmtBytes(m.total), rows: m.rows });
    // Screen readers hear every 10 percent, not every update.
    const pct = m.total > 0 ? Math.floor((m.bytes / m.total) * 10) * 10 : 0;
    if (pct > announced) {
      announced = pct;
      el.status.textContent = t('main.reading.pct', { pct: String(pct) });
    }
  }

  /** @param {import('./protocol.js').ReportMessage} m */
  function finish(m) {
    ctl.set({ busy: false, report: m.report, error: null });
    el.reading.hidden = true;
    host.data.stale(false);
    m.wallMs = performance.now() - startedAt;
    message = m;
    host.data.render(m);
    const r = m.report.rows;
    if (m.report.problem) {
      // Nothing to analyse (src/ingest/report.rs, Problem): never an empty answer. The report stays, the
      // alert says what is missing, and the Data view opens at the column to fix.
      host.data.showError({ code: m.report.problem.code, message: m.report.problem.message, report: m.report });
      host.segments.reset(t('main.failed.segments'));
      setState('error', '');
      host.refreshViews();
      host.go('data');
      host.data.focusColumn(m.report.problem.column);
      return;
    }
    setState('done', t('main.done', { total: r.total, used: r.used, rejected: r.rejected }));
    host.segments.request();
    host.refreshViews();
    // A file the view shown cannot use (a baskets file on the Overview) opens on Baskets when Baskets can.
    const missing = lacking(m.report);
    const cannot = (id) => (NEEDS[id] ?? []).some((n) => missing.includes(n));
    if (cannot(host.currentView()) && !cannot('baskets')) host.go('baskets');
  }

  /** @param {import('./protocol.js').WorkerError | {code: string, message: string, fatal?: boolean}} [error] */
  function fail(error) {
    setReloading(false);
    ctl.set({ busy: false, error: error ?? null });
    message = null;
    el.reading.hidden = true;
    host.data.stale(false);
    host.data.clear({ timing: true });
    host.segments.reset(t('main.failed.segments'));
    host.data.showError(error ?? { code: ENGINE_ERROR, message: t('main.unknown_error') });
    // The choices stay editable: after "only one column" the delimiter is the thing to change.
    if (file) host.data.renderMapping(null);
    // The alert above speaks for itself; the status line would only repeat it.
    setState('error', '');
  }

  function cancel() {
    if (!ctl.state.busy) return;
    el.cancel.disabled = true;
    el.progressText.textContent = t('main.cancelling');
    host.worker()?.postMessage({ type: MSG.CANCEL, id: reader.id });
  }

  /** A question of the report was answered: read again with the answer. */
  function answer(key, option) {
    if (key === 'date_format') choices.date_format = option;
    else if (key === 'decimal') choices.decimal_comma = option === 'comma';
    else return;
    start();
  }

  function setState(s, text) {
    document.body.dataset.state = s;
    if (text !== undefined) el.status.textContent = text;
  }

  // Choosing a file: the picker, the drop zone, the sample data.
  el.file.addEventListener('change', () => {
    const f = el.file.files?.[0];
    // Clearing the input lets the same file be chosen again after it was changed on disk.
    el.file.value = '';
    open(f);
  });
  el.drop.addEventListener('click', () => el.file.click());
  el.drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      el.file.click();
    }
  });
  for (const type of ['dragenter', 'dragover']) {
    el.drop.addEventListener(type, (e) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      el.drop.classList.add('over');
    });
  }
  el.drop.addEventListener('dragleave', () => el.drop.classList.remove('over'));
  el.drop.addEventListener('drop', (e) => {
    e.preventDefault();
    el.drop.classList.remove('over');
    const files = e.dataTransfer?.files;
    if (!files || files.length === 0) return;
    open(files[0]);
    if (files.length > 1) el.status.textContent = t('main.dropped', { count: files.length, name: files[0].name });
  });
  // A file dropped next to the drop zone must not make the browser leave the page to show it.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  el.cancel.addEventListener('click', cancel);
  el.sample.addEventListener('click', () => {
    el.sample.disabled = true;
    el.status.textContent = t('main.sample');
    host.ensureWorker().postMessage({ type: MSG.SAMPLE, rows: SAMPLE_ROWS, seed: 1 });
  });

  return reader;
}
