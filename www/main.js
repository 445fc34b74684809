// @ts-check
// The page: owns the DOM and talks to the worker (worker.js) with the messages of protocol.js. This file
// runs the worker's life, dispatches its messages, and wires the parts together: the read (read.js: the
// File, the choices about how to read it, the data report), the Data view's panel (views/data/), the
// segmentation and its customer list (views/segments/), the other views' analyses (analyses.js), the
// router (router.js: the registry views/index.js as tabs, the URL's hash names the one shown) and the
// settings (language, theme, currency, printing). Every view is told the page's state (refreshViews)
// after each read, segmentation, answer and language change. All text comes from the language files
// through t() (i18n/i18n.js); settings from settings.js.
//
// For scripts and tests: document.body.dataset.state is 'idle' | 'reading' | 'done' | 'error', and
// document.body.dataset.segments is 'none' | 'running' | 'done' | 'error' | 'stopped'; the finished read's numbers are
// in elements with data-key attributes (data-value holds raw numbers).

import { MSG, ENGINE_ERROR } from './protocol.js';
import { h, byId as $ } from './dom.js';
import { disposeCharts } from './charts.js';
import { startWorker } from './engine.js';
import { takeEarlyWorker } from './boot.js';
import { VIEWS } from './views/index.js';
import { createDataPanel } from './views/data/index.js';
import { createSegmentation, QUIET } from './views/segments/run.js';
import { createCustomerList } from './views/segments/list.js';
import { createReader } from './read.js';
import { createAnalyses } from './analyses.js';
import { createRouter } from './router.js';
import { t, setLanguage, initialLanguage, onLanguageChange, language, setCurrency } from './i18n/i18n.js';
import { LANGUAGES } from './i18n/languages.js';
import { currencyOf } from './i18n/currency.js';
import { getSetting, setSetting, applyTheme } from './settings.js';
import { ensureTableCsv } from './export.js';
import { printReport } from './print.js';
import { createSummary } from './summary.js';
import { setCoreDefaults } from './defaults.js';

/** Default memory limit of the table in MB; `?max-memory-mb=N` overrides it. */
const DEFAULT_MAX_MEMORY_MB = 2048;

const el = {
  language: $('language'),
  theme: $('theme'),
  currency: $('currency'),
  print: $('print'),
  summary: $('summary-open'),
};

const maxMemoryMb = readMaxMemory(new URLSearchParams(location.search).get('max-memory-mb'));

/** The worker; null after a fatal error until the next read needs one. */
let worker = null;
/** Whether "Print report" is waiting for the views' analyses (see printWhole). */
let printing = false;
/** The shareable summary ("Summary": summary.js), shown in place of the views. */
const summary = createSummary(el.summary);

const reader = createReader({
  maxMemoryMb,
  ensureWorker,
  worker: () => worker,
  refreshViews,
  go: (id) => router.go(id),
  currentView: () => router.current(),
  get data() {
    return data;
  },
  get segments() {
    return segments;
  },
});
const data = createDataPanel(reader, maxMemoryMb);
const list = createCustomerList({ worker: () => worker, readId: () => reader.id, segmentsStopped: () => segments.stopped });
const segments = createSegmentation({ worker: () => worker, reader, refreshViews, list, restart: () => restartWorker() });
const analyses = createAnalyses({ maxMemoryMb, worker: () => worker, ensureWorker, reader, refreshViews, restart: restartWorker });

// ---------------------------------------------------------------------------------------------------
// Worker

function ensureWorker() {
  if (worker) return worker;
  // The first one was started by boot.js while this page's modules loaded.
  const early = takeEarlyWorker();
  const w = early?.worker ?? startWorker('clientela');
  /** @param {MessageEvent} event */
  const message = (event) => onMessage(w, event.data);
  // The worker script itself failed (not found, syntax error, blocked): no message will ever come.
  /** @param {ErrorEvent} event */
  const failed = (event) => {
    event.preventDefault();
    if (w !== worker) return;
    const error = { code: ENGINE_ERROR, message: t('main.worker_failed', { why: event.message || t('main.worker_not_loaded') }), fatal: true };
    // Died after a finished read (out of memory, a trap during an analysis): the page keeps its report and
    // settings, and a fresh worker reads the file again. Else (it never started, or died reading) the read fails.
    if (!reader.busy && reader.report && !reader.reloading) return restartWorker(error);
    dropWorker();
    reader.fail(error);
  };
  const listen = () => {
    w.onmessage = message;
    w.onerror = failed;
  };
  if (early) {
    // What the early worker said before this page listened, in order, once the page has set itself up
    // (this runs during main.js's first evaluation): boot.js holds whatever arrives until then.
    setTimeout(() => {
      for (const e of early.held) {
        if (e instanceof MessageEvent) message(e);
        else failed(/** @type {ErrorEvent} */ (e));
      }
      listen();
    }, 0);
  } else listen();
  worker = w;
  // Counts the engines started, for tests: a fatal error must lead to a fresh one.
  document.body.dataset.engines = String(Number(document.body.dataset.engines ?? 0) + 1);
  return w;
}

function dropWorker() {
  worker?.terminate();
  worker = null;
}

/** Whether the customer list's waiting requests are asked again when the quiet segmentation arrives. */
let listAfterSegments = false;

/**
 * Replaces the worker by a fresh one and reads the current file into it again under the same read id
 * (read.js reload): the views see no new read and keep what they show. Used by Stop (analyses.js: the
 * worker cannot be interrupted otherwise) and when the worker died or broke after the read (`error`).
 * The segmentation is asked of the fresh worker again (the analyses use its groups): quietly when its
 * report is shown. The analyses and customer-list pages still waiting are asked again after a Stop; after
 * a death the analyses fail with `error` and offer to run again (analyses.js fail), and so does a
 * segmentation that was running.
 * @param {import('./protocol.js').WorkerError} [error]
 */
function restartWorker(error) {
  dropWorker();
  if (error) analyses.fail(error);
  if (!reader.reload()) {
    // A read in progress died with the worker: read it again in a fresh one.
    if (reader.busy) reader.start();
    return;
  }
  const fresh = ensureWorker();
  segments.restarted(fresh, error);
  if (!error) analyses.resend(fresh);
  // The customer list's pages use the segmentation: asked again once the quiet one is made (onMessage).
  listAfterSegments = !error;
  refreshViews();
}

function onMessage(w, m) {
  if (w !== worker || !m) return;
  switch (m.type) {
    case MSG.READY:
      setCoreDefaults(m.defaults);
      return;
    case MSG.SAMPLE_READY:
      reader.sampleDone(new File([m.bytes], m.name, { type: 'text/csv' }));
      return;
    case MSG.ERROR: {
      reader.sampleDone(null);
      const current = m.id === null || m.id === reader.id;
      if (m.error?.fatal) {
        dropWorker();
        // A read broke the engine: start a fresh one now, so the next file does not wait for it.
        // (A start failure is not retried until the next read, or it would fail again in a loop.)
        if (m.id !== null) ensureWorker();
        // A replaced read broke it: the current read was queued behind it in that worker; start it again.
        if (!current && reader.busy) return reader.start();
      }
      if (current && (m.id !== null || reader.busy || m.error?.code === ENGINE_ERROR)) reader.fail(m.error);
      return;
    }
    case MSG.CUSTOMER_LIST:
      list.onAnswer(m);
      return;
    case MSG.SEGMENTS:
      if (m.seq === QUIET && listAfterSegments && !m.error) list.resend(w);
      listAfterSegments = false;
      segments.onAnswer(m);
      // A segmentation that broke the engine took the kept table with it: the data report stays, and a
      // fresh worker reads the file again (not when the quiet one made for a fresh worker broke it: that
      // would read the file again and again).
      if (m.error?.fatal) {
        if (m.seq === QUIET) dropWorker();
        else restartWorker(m.error);
      }
      return;
  }
  if (analyses.onAnswer(m)) return;
  if (m.id === reader.id) reader.onMessage(m); // else a replaced read
}

// ---------------------------------------------------------------------------------------------------
// Views (tabs, routed by the hash: router.js) and what they are told

const router = createRouter(VIEWS, {
  views: VIEWS,
  disposeCharts,
  go: (id) => router.go(id),
  fixColumn: (column) => {
    router.go('data');
    data.focusColumn(column);
  },
  listCustomers: (l) => {
    router.go('segments');
    list.open(l);
  },
  ...analyses.ctx,
});

/** What the views of the registry see: the reports (or null), the page's status and the language. */
function viewState() {
  const busy = reader.busy || segments.running;
  const failed = document.body.dataset.state === 'error' || document.body.dataset.segments === 'error';
  return {
    report: reader.report,
    segments: segments.report,
    segmentsSeq: segments.shown,
    readId: !reader.busy && reader.report ? reader.id : null,
    fileName: reader.file?.name ?? null,
    // 'stopped': the user stopped the segmentation (Run again in the Segments view).
    status: segments.report ? 'done' : busy ? 'busy' : segments.stopped ? 'stopped' : failed ? 'error' : 'none',
    // Printing: views never opened run their analyses too (see printWhole).
    printing,
    language: language(),
    ...analyses.viewState(),
  };
}

function refreshViews() {
  const state = viewState();
  router.update(state);
  summary.update(state);
  // Every table gets a CSV download, also those drawn without their own button.
  for (const view of document.querySelectorAll('.view')) ensureTableCsv(/** @type {HTMLElement} */ (view));
}

function readMaxMemory(param) {
  if (param === null) return DEFAULT_MAX_MEMORY_MB;
  const n = Number(param);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_MEMORY_MB;
}

// ---------------------------------------------------------------------------------------------------
// Settings: language, theme, currency (remembered in this browser; never any data), printing

for (const l of LANGUAGES) el.language.append(h('option', { value: l.code, lang: l.code }, l.name));
el.language.addEventListener('change', async () => {
  setSetting('language', el.language.value);
  await setLanguage(el.language.value);
});
el.theme.value = getSetting('theme') ?? 'system';
applyTheme(el.theme.value);
el.theme.addEventListener('change', () => {
  setSetting('theme', el.theme.value === 'system' ? undefined : el.theme.value);
  applyTheme(el.theme.value);
});
// Kept in a variable: a MediaQueryList nobody holds can be collected, and its listener with it.
const darkScheme = matchMedia('(prefers-color-scheme: dark)');
darkScheme.addEventListener('change', () => applyTheme(el.theme.value));
// Until the user chooses, money is shown in the currency of the browser's region (i18n/currency.js);
// choosing "None" is remembered as 'none', so that it is not replaced by the region's currency next time.
const savedCurrency = getSetting('currency');
const startCurrency = savedCurrency === 'none' ? '' : (savedCurrency ?? currencyOf(navigator.languages?.length ? navigator.languages : [navigator.language]));
if (startCurrency && ![...el.currency.options].some((o) => o.value === startCurrency)) {
  const symbol = new Intl.NumberFormat('en', { style: 'currency', currency: startCurrency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value;
  el.currency.append(h('option', { value: startCurrency }, symbol && symbol !== startCurrency ? `${startCurrency} ${symbol}` : startCurrency));
}
el.currency.value = startCurrency;
setCurrency(el.currency.value);
el.currency.addEventListener('change', () => {
  setSetting('currency', el.currency.value || 'none');
  setCurrency(el.currency.value);
  rerender();
});
el.print.addEventListener('click', () => printWhole());

/** Longest wait for the views' analyses before the print dialog opens anyway (with what is ready). */
const PRINT_WAIT_MS = 120_000;

/**
 * "Print report": every view is printed, so the views never opened run their analyses first (each view
 * asks when the views' state has `printing` set, as when it is shown); the print dialog opens once none is running.
 */
async function printWhole() {
  if (printing) return;
  // The whole report, not the summary shown in place of the views.
  summary.close();
  printing = true;
  el.print.disabled = true;
  el.print.setAttribute('aria-busy', 'true');
  try {
    refreshViews();
    const started = performance.now();
    const running = () => segments.running || analyses.running();
    // The views ask in a microtask; then wait for every answer.
    do await new Promise((r) => setTimeout(r, 50));
    while (worker && !reader.busy && running() && performance.now() - started < PRINT_WAIT_MS);
  } finally {
    printing = false;
    el.print.disabled = false;
    el.print.removeAttribute('aria-busy');
  }
  await printReport();
}
onLanguageChange(() => {
  el.language.value = language();
  rerender();
  // The status lines that stay on screen, in the new language (messages of a past moment keep theirs).
  if (document.body.dataset.state === 'idle' && !reader.file) reader.setState('idle', t('main.idle'));
  if (document.body.dataset.state === 'done' && reader.message) {
    const r = reader.message.report.rows;
    reader.setState('done', t('main.done', { total: r.total, used: r.used, rejected: r.rejected }));
  }
  segments.restate();
});

/** Draws the reports again (numbers and words in the chosen language and currency). */
function rerender() {
  reader.rerender();
  segments.rerender();
  refreshViews();
}

await setLanguage(initialLanguage(getSetting('language')));

// The engine, started by boot.js (or now, in the one-file build): the first file does not wait for it.
ensureWorker();
segments.reset(t('main.idle.segments'));
reader.setState('idle', t('main.idle'));
