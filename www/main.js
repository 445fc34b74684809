// The page: owns the DOM and talks to the worker (worker.js) with the messages of protocol.js.
// It keeps the File the user chose (never reading its bytes itself), the choices the user made about how
// to read it, and the current read. Any change of a choice starts a fresh read of the same File that
// replaces the one before.
//
// After each finished read it asks the worker for the segmentation of the kept table (the Segments view);
// the as-of date there, and each section's options (spend bands, split date, lifecycle, clusters, rules,
// triggers), re-run only the segmentation; an option the core rejects is explained next to its form.
// The views are a registry (views/index.js) shown as tabs by router.js; the URL's hash (#overview, #data,
// #segments, #glossary) names the one shown, so a reload keeps it. Every view is told the page's state
// (refreshViews) after each read, segmentation and language change. All text comes from the language
// files through t() (i18n/i18n.js); settings (language, theme, currency, column meanings) from settings.js.
//
// For scripts and tests: document.body.dataset.state is 'idle' | 'reading' | 'done' | 'error', and
// document.body.dataset.segments is 'none' | 'running' | 'done' | 'error'; the finished read's numbers are
// in elements with data-key attributes (data-value holds raw numbers).

import { MSG, ENGINE_ERROR } from './protocol.js';
import { h, fmtInt, fmtBytes, fmtOne, fmtMoney } from './dom.js';
import { downloadCsv, toCsv, csvName, setFileStem, roundAmount } from './csv.js';
import { renderReport, renderQuestions } from './report.js';
import { noticeText, listNote } from './notice.js';
import { createAnalysis } from './requests.js';
import { renderSegments } from './segments.js';
import { placeRuleCaret } from './segments-groups.js';
import { disposeCharts } from './charts.js';
import { startWorker } from './engine.js';
import { VIEWS, NEEDS, lacking } from './views/index.js';
import { createRouter } from './router.js';
import { t, tParts, setLanguage, initialLanguage, onLanguageChange, language, setCurrency, currentLocale } from './i18n/i18n.js';
import { LANGUAGES } from './i18n/languages.js';
import { getSetting, setSetting, applyTheme, layoutKey, getMapping, setMapping } from './settings.js';
import { ensureTableCsv, jsonButton, download } from './export.js';
import { printReport } from './print.js';

/** Default memory limit of the table in MB; `?max-memory-mb=N` overrides it. */
const DEFAULT_MAX_MEMORY_MB = 2048;
/** Rows of the "load sample data" file. */
const SAMPLE_ROWS = 20_000;

const $ = (id) => document.getElementById(id);
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
  error: $('error'),
  errorTitle: $('error-title'),
  errorText: $('error-text'),
  errorDetails: $('error-details'),
  errorDetail: $('error-detail'),
  timing: $('timing'),
  mapping: $('mapping'),
  mappingHint: $('mapping-hint'),
  mappingBody: $('mapping-body'),
  report: $('report'),
  asks: $('asks'),
  tabs: [...document.querySelectorAll('#views [role="tab"]')],
  asOfForm: $('as-of-form'),
  asOf: $('as-of'),
  asOfApply: $('as-of-apply'),
  asOfReset: $('as-of-reset'),
  segStatus: $('segments-status'),
  segError: $('segments-error'),
  segErrorText: $('segments-error-text'),
  segments: $('segments'),
  customersCsv: $('customers-csv'),
  list: $('customer-list'),
  listTitle: $('customer-list-title'),
  listStatus: $('customer-list-status'),
  listTable: $('customer-list-table'),
  listPrev: $('customer-list-prev'),
  listNext: $('customer-list-next'),
  listClose: $('customer-list-close'),
  listCsv: $('customer-list-csv'),
  listFormat: $('customer-list-format'),
  listHash: $('customer-list-hash'),
  listNotes: $('customer-list-notes'),
  segmentsJson: $('segments-json'),
  language: $('language'),
  theme: $('theme'),
  currency: $('currency'),
  print: $('print'),
};

const maxMemoryMb = readMaxMemory(new URLSearchParams(location.search).get('max-memory-mb'));

const state = {
  /** The worker; null after a fatal error until the next read needs one. */
  worker: null,
  /** The File being analysed. */
  file: null,
  /** The user's choices (IngestOptions without max_memory_mb); {} = detect everything. */
  choices: {},
  /** Number of the current read; messages of older reads are ignored. */
  readId: 0,
  /** Whether the current read is in progress. */
  reading: false,
  /** performance.now() when the current read was posted. */
  startedAt: 0,
  /** Last percentage announced to screen readers. */
  announced: -1,
  /** The last finished report (for the mapping editor). */
  report: null,
  /** Number of the current segmentation request of the current read; older answers are ignored. */
  segSeq: 0,
  /**
   * Every option of the Segments view, in one place, so that each re-run sends all of them (a subset of
   * SegmentOptions, src/analysis/mod.rs): as_of ('YYYY-MM-DD' or null for the default), rules (rule text
   * or null), triggers ({amount, days} or null), band_period ('week' | 'month' | 'period' or null),
   * band_edges (numbers or null), split_date ('YYYY-MM-DD' or null), lifecycle (LifecycleParams or null)
   * and clusters (ClusterOptions or null); null means the core's default. A new file keeps them all but
   * the dates.
   */
  segOptions: { as_of: null, rules: null, triggers: null, band_period: null, band_edges: null, split_date: null, lifecycle: null, clusters: null },
  /** The options of the last segmentation that worked (restored when a section's option is rejected). */
  segGood: null,
  /** What gets the focus when the pending segmentation arrives ('rules', 'triggers' or null). */
  segFocus: null,
  /** The customer list shown: {by, value, title, offset, total} or null; `listSeq` numbers its requests. */
  list: null,
  listSeq: 0,
  /** The request of the whole list being exported (numbered with the list's requests). */
  exportSeq: null,
  exports: 0,
  /** The last REPORT message (re-rendered when the language changes). */
  reportMsg: null,
  /** The last segmentation report shown, and a number that changes with each (for the views). */
  segReport: null,
  segmentsSeq: 0,
};

// ---------------------------------------------------------------------------------------------------
// Worker

function ensureWorker() {
  if (state.worker) return state.worker;
  const w = startWorker('clientela');
  w.onmessage = (event) => onMessage(w, event.data);
  // The worker script itself failed (not found, syntax error, blocked): no message will ever come.
  w.onerror = (event) => {
    event.preventDefault();
    if (w !== state.worker) return;
    dropWorker();
    failRead({ code: ENGINE_ERROR, message: t('main.worker_failed', { why: event.message || t('main.worker_not_loaded') }), fatal: true });
  };
  state.worker = w;
  // Counts the engines started, for tests: a fatal error must lead to a fresh one.
  document.body.dataset.engines = String(Number(document.body.dataset.engines ?? 0) + 1);
  return w;
}

function dropWorker() {
  state.worker?.terminate();
  state.worker = null;
}

function onMessage(worker, m) {
  if (worker !== state.worker || !m) return;
  switch (m.type) {
    case MSG.READY:
      return;
    case MSG.SAMPLE_READY:
      el.sample.disabled = false;
      openFile(new File([m.bytes], m.name, { type: 'text/csv' }));
      return;
    case MSG.ERROR: {
      el.sample.disabled = false;
      const current = m.id === null || m.id === state.readId;
      if (m.error?.fatal) {
        dropWorker();
        // A read broke the engine: start a fresh one now, so the next file does not wait for it.
        // (A start failure is not retried until the next read, or it would fail again in a loop.)
        if (m.id !== null) ensureWorker();
        // A replaced read broke it: the current read was queued behind it in that worker; start it again.
        if (!current && state.reading) return startRead();
      }
      if (current && (m.id !== null || state.reading || m.error?.code === ENGINE_ERROR)) failRead(m.error);
      return;
    }
    case MSG.CUSTOMER_LIST:
      if (m.id === state.readId && m.seq === state.listSeq) showCustomerList(m);
      else if (m.id === state.readId && m.seq === state.exportSeq) saveWholeList(m);
      return;
    case MSG.CLV_REPORT:
      if (m.error?.fatal) dropWorker();
      if (clvAnalysis.answer(m)) refreshViews();
      return;
    case MSG.BASKETS:
      if (m.error?.fatal) dropWorker();
      if (rulesAnalysis.answer(m)) refreshViews();
      return;
    case MSG.SEQUENCE_REPORT:
      if (m.error?.fatal || m.targetError?.fatal) dropWorker();
      if (sequencesAnalysis.answer(m)) refreshViews();
      return;
    case MSG.PROFILE_REPORT:
      if (m.error?.fatal) dropWorker();
      if (profileAnalysis.answer(m)) refreshViews();
      return;
    case MSG.PREDICT_REPORT:
      if (m.error?.fatal) dropWorker();
      if (predictAnalysis.answer(m)) refreshViews();
      return;
    case MSG.FORECAST_REPORT:
      if (m.error?.fatal) dropWorker();
      if (forecastAnalysis.answer(m)) refreshViews();
      return;
    case MSG.PROSPECT_LIST_FILE:
      if (m.error?.fatal) dropWorker();
      saveProspectList(m);
      return;
    case MSG.SEGMENTS:
      // A segmentation that broke the engine took the kept table with it: the data report stays.
      if (m.error?.fatal) dropWorker();
      if (m.id === state.readId && m.seq === state.segSeq) showSegments(m);
      return;
  }
  if (m.id !== state.readId) return; // a replaced read
  switch (m.type) {
    case MSG.PROGRESS:
      return showProgress(m);
    case MSG.DETECTION:
      return;
    case MSG.REPORT:
      return finishRead(m);
    case MSG.CANCELLED:
      state.reading = false;
      el.reading.hidden = true;
      clear(el.report);
      resetSegments(t('main.cancelled.segments'));
      setState('idle', t('main.cancelled'));
      return;
  }
}

// ---------------------------------------------------------------------------------------------------
// Reads

function openFile(file) {
  if (!file) return;
  state.file = file;
  setFileStem(file.name);
  state.choices = {};
  state.report = null;
  state.reportMsg = null;
  state.segOptions.as_of = null;
  state.segOptions.split_date = null;
  state.segGood = null;
  el.asOf.value = '';
  clear(el.report);
  el.mapping.hidden = true;
  el.timing.hidden = true;
  startRead();
}

/** Starts a fresh read of the current File with the current choices; it replaces any read in progress. */
function startRead() {
  if (!state.file) return;
  const id = ++state.readId;
  state.reading = true;
  state.startedAt = performance.now();
  state.announced = -1;
  hideError();
  clear(el.asks);
  el.readingName.textContent = state.file.name || t('main.your_file');
  el.progress.max = Math.max(state.file.size, 1);
  el.progress.value = 0;
  el.progressText.textContent = t('main.progress', { done: fmtBytes(0), total: fmtBytes(state.file.size) });
  el.reading.hidden = false;
  el.cancel.disabled = false;
  el.report.setAttribute('aria-busy', 'true');
  el.report.classList.add('stale');
  resetSegments(t('main.reading.segments', { name: state.file.name || t('main.your_file') }));
  setState('reading', t('main.reading', { name: state.file.name || t('main.your_file') }));
  ensureWorker().postMessage({ type: MSG.START, id, file: state.file, options: readOptions() });
}

function readOptions() {
  return { ...state.choices, max_memory_mb: maxMemoryMb };
}

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
  if (pct > state.announced) {
    state.announced = pct;
    el.status.textContent = t('main.reading.pct', { pct: String(pct) });
  }
}

function finishRead(m) {
  state.reading = false;
  state.report = m.report;
  el.reading.hidden = true;
  el.report.removeAttribute('aria-busy');
  el.report.classList.remove('stale');
  m.wallMs = performance.now() - state.startedAt;
  state.reportMsg = m;
  renderReadResult(m);
  const r = m.report.rows;
  if (m.report.problem) {
    // Nothing to analyse (src/ingest/report.rs, Problem): never an empty answer. The report stays, the
    // alert says what is missing, and the Data view opens at the column to fix.
    showError({ code: m.report.problem.code, message: m.report.problem.message, report: m.report });
    resetSegments(t('main.failed.segments'));
    setState('error', '');
    refreshViews();
    router.go('data');
    focusColumn(m.report.problem.column);
    return;
  }
  setState('done', t('main.done', { total: r.total, used: r.used, rejected: r.rejected }));
  requestSegments();
  refreshViews();
  // A file the view shown cannot use (a baskets file on the Overview) opens on Baskets when Baskets can.
  const missing = lacking(m.report);
  const cannot = (id) => (NEEDS[id] ?? []).some((n) => missing.includes(n));
  if (cannot(router.current()) && !cannot('baskets')) router.go('baskets');
}

/** The data report, its questions, the read time and the mapping editor of a finished read. */
function renderReadResult(m) {
  el.report.replaceChildren(
    h('div', { class: 'exports' }, jsonButton('data-report', t('export.json.data'), () => m.report)),
    renderReport({ ...m.report, questions: [] }, { onAnswer: answer }),
  );
  const asks = renderQuestions(m.report.questions ?? [], answer);
  el.asks.replaceChildren(...(asks ? [asks] : []));
  renderTiming(m, m.wallMs);
  renderMapping(m.report);
}

function failRead(error) {
  state.reading = false;
  state.reportMsg = null;
  el.reading.hidden = true;
  el.report.removeAttribute('aria-busy');
  el.report.classList.remove('stale');
  clear(el.report);
  el.timing.hidden = true;
  resetSegments(t('main.failed.segments'));
  showError(error ?? { code: ENGINE_ERROR, message: t('main.unknown_error') });
  // The choices stay editable: after "only one column" the delimiter is the thing to change.
  if (state.file) renderMapping(null);
  // The alert above speaks for itself; the status line would only repeat it.
  setState('error', '');
}

function cancelRead() {
  if (!state.reading) return;
  el.cancel.disabled = true;
  el.progressText.textContent = t('main.cancelling');
  state.worker?.postMessage({ type: MSG.CANCEL, id: state.readId });
}

/** A question of the report was answered: read again with the answer. */
function answer(key, option) {
  if (key === 'date_format') state.choices.date_format = option;
  else if (key === 'decimal') state.choices.decimal_comma = option === 'comma';
  else return;
  startRead();
}

function setState(s, message) {
  document.body.dataset.state = s;
  if (message !== undefined) el.status.textContent = message;
}

// ---------------------------------------------------------------------------------------------------
// Errors

/** What each error code means for the user and what to do about it. */
function explain(error) {
  const detail = error.message ?? '';
  switch (error.code) {
    case 'empty':
      return [t('err.empty.title'), t('err.empty')];
    case 'not_text':
      return [t('err.not_text.title'), t('err.not_text', { detail: sentence(detail.replace(/^this is not a CSV or text file: /i, 'It ')) })];
    case 'gzip':
      return [t('err.gzip.title'), t('err.gzip')];
    case 'one_column':
      return [
        t('err.one_column.title'),
        t('err.one_column'),
      ];
    case 'too_large':
      return [
        t('err.too_large.title'),
        t('err.too_large', { mb: maxMemoryMb }),
      ];
    case 'bad_option':
      return [t('err.bad_option.title'), t('err.bad_option', { detail: sentence(detail) })];
    case 'no_rows_used': {
      const p = error.report.problem;
      const top = error.report.rejections?.[0];
      if (p.column !== null && p.column !== undefined && p.role) {
        const what = ['missing_value', 'missing_date', 'unparseable_number', 'unparseable_date', 'date_out_of_range'].includes(p.reason) ? p.reason : 'other';
        return [
          t('err.no_rows_used.title'),
          t('err.no_rows_used.column', { total: error.report.rows.total, count: top?.column_count ?? 0, column: p.column_name, role: roleLabel(p.role), what: t(`err.what.${what}`) }),
        ];
      }
      return [t('err.no_rows_used.title'), t('err.no_rows_used', { total: error.report.rows.total, reason: top?.message ?? '' })];
    }
    case 'no_purchases': {
      const l = error.report.lines;
      return [t('err.no_purchases.title'), t('err.no_purchases', { used: error.report.rows.used, returns: l.returns, nonpositive: l.nonpositive_price, zero: l.zero_quantity })];
    }
    case 'no_data_rows':
      return [t('err.no_data_rows.title'), t('err.no_data_rows')];
    case 'workbook':
      return [t('err.workbook.title'), t('err.workbook', { detail: sentence(detail) })];
    case 'password':
      return [t('err.password.title'), t('err.password')];
    case 'unknown_sheet':
    case 'empty_sheet':
      return [t('err.sheet.title'), t('err.sheet', { detail: sentence(detail) })];
    case 'io':
      return [t('err.io.title'), sentence(detail)];
    case ENGINE_ERROR:
      return [t('err.engine.title'), t('err.engine', { detail: sentence(detail) })];
    default:
      return [t('err.io.title'), sentence(detail)];
  }
}

function showError(error) {
  const [title, text] = explain(error);
  el.error.dataset.code = error.code;
  el.errorTitle.textContent = title;
  el.errorText.textContent = text;
  el.errorDetail.textContent = `${error.code}: ${error.message ?? ''}`;
  el.errorDetails.open = false;
  el.error.hidden = false;
}

function hideError() {
  el.error.hidden = true;
  delete el.error.dataset.code;
}

function sentence(s) {
  const t = String(s).trim();
  if (!t) return '';
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

// ---------------------------------------------------------------------------------------------------
// Timing

function renderTiming(m, wallMs) {
  const seconds = m.ms / 1000;
  const r = m.report;
  const mbps = state.file.size / 1e6 / seconds;
  const rowsps = r.rows.total / seconds;
  const num = (key, value, text) => h('span', { class: 'num', dataset: { key, value: String(value) } }, text);
  el.timing.replaceChildren(
    h(
      'p',
      null,
      tParts(r.source.gzip ? 'main.timing.gzip' : 'main.timing', {
        file: num('timing.file_bytes', state.file.size, fmtBytes(state.file.size)),
        text: fmtBytes(r.source.text_bytes),
        rows: num('timing.rows', r.rows.total, fmtInt(r.rows.total)),
        time: num('timing.ms', m.ms, `${fmtSeconds(m.ms)} s`),
        speed: num('timing.mb_per_s', mbps, `${fmtOne(mbps)} MB/s`),
        rate: num('timing.rows_per_s', rowsps, t('main.timing.rows_per_s', { n: fmtInt(rowsps) })),
      }),
    ),
    h(
      'p',
      { class: 'hint' },
      tParts('main.timing.memory', {
        engine: num('timing.wasm_bytes', m.wasmBytes, fmtBytes(m.wasmBytes)),
        table: num('timing.table_bytes', r.table.bytes, fmtBytes(r.table.bytes)),
        per_row: num('timing.bytes_per_row', r.table.bytes_per_row, fmtOne(r.table.bytes_per_row)),
        wall: num('timing.wall_ms', wallMs, `${fmtSeconds(wallMs)} s`),
      }),
    ),
  );
  el.timing.hidden = false;
}

function fmtSeconds(ms) {
  const digits = ms < 10_000 ? 2 : 1;
  return new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ms / 1000);
}

// ---------------------------------------------------------------------------------------------------
// The mapping editor: the detected choices, each editable

/** The column roles the editor offers (their labels are role.<key> in the language files). */
const ROLES = ['customer', 'date', 'order', 'item_code', 'item_name', 'quantity', 'unit_price', 'amount', 'cost', 'discount', 'list_price', 'status', 'cancelled', 'refund', 'attribute', 'ignore'];
const roleLabel = (role) => (ROLES.includes(role) ? t(`role.${role}`) : role);
const SOURCES = ['header', 'content', 'default', 'user', 'platform'];

/**
 * Why a column has its role, in the page's language: the core's reason code (src/ingest/content.rs lists
 * them) with its parameters; the core's English text when the code is not translated.
 */
function reasonText(reason) {
  return noticeText('reason', reason, (params) => {
    const p = { ...params };
    if (Array.isArray(p.languages)) {
      let names;
      try {
        names = new Intl.DisplayNames([currentLocale()], { type: 'language' });
      } catch {
        names = null;
      }
      p.languages = p.languages.map((code) => names?.of(code) ?? code).join(', ');
    }
    if (typeof p.across === 'string') p.across = t(`reason.across.${p.across}`);
    if (p.role) p.role = roleLabel(p.role);
    return p;
  });
}
const sourceLabel = (source) => (SOURCES.includes(source) ? t(`role.source.${source}`) : source);

/** The settings: option key, label, choices [value, label], and how to read the report's value. */
const SETTINGS = [
  {
    key: 'delimiter',
    label: 'map.delimiter',
    choices: [[',', 'map.delimiter.comma'], [';', 'map.delimiter.semicolon'], ['\t', 'map.delimiter.tab'], ['|', 'map.delimiter.pipe'], [' ', 'map.delimiter.space']],
    detected: (r) => ({ ',': ',', ';': ';', tab: '\t', '|': '|', space: ' ' })[r.dialect.delimiter] ?? r.dialect.delimiter,
    resetsColumns: true,
    textOnly: true,
  },
  {
    key: 'header',
    label: 'map.header',
    choices: [[true, 'map.header.yes'], [false, 'map.header.no']],
    detected: (r) => r.dialect.header,
    resetsColumns: true,
  },
  {
    key: 'layout',
    label: 'map.layout',
    choices: [['line_items', 'map.layout.lines'], ['baskets', 'map.layout.baskets']],
    detected: (r) => r.layout,
    resetsColumns: true,
  },
  {
    key: 'decimal_comma',
    label: 'map.decimal',
    choices: [[false, 'map.decimal.point'], [true, 'map.decimal.comma']],
    detected: (r) => r.dialect.decimal === ',',
    textOnly: true,
  },
  {
    key: 'date_format',
    label: 'map.date_format',
    choices: [['ymd', 'map.date.ymd'], ['dmy', 'map.date.dmy'], ['mdy', 'map.date.mdy'], ['yyyymmdd', 'map.date.yyyymmdd']],
    detected: (r) => r.dialect.date_format,
    describe: (v) => (v === 'undecided' ? t('map.date.undecided') : v === null || v === undefined ? t('rep.no_date_column') : undefined),
  },
  {
    key: 'encoding',
    label: 'map.encoding',
    choices: [['utf-8', 'map.encoding.utf8'], ['windows-1252', 'map.encoding.cp1252'], ['utf-16le', 'map.encoding.utf16le'], ['utf-16be', 'map.encoding.utf16be']],
    detected: (r) => r.source.encoding,
    resetsColumns: true,
    textOnly: true,
  },
];

/** Renders the editor from a report, or from nothing (after an error: every setting on automatic). */
function renderMapping(report) {
  // A workbook's cells are read as they are typed: no delimiter, encoding or decimal separator to choose.
  const book = report?.source?.sheet != null;
  const rows = [sheetControl(report), ...SETTINGS.filter((s) => !(book && s.textOnly)).map((s) => settingControl(s, report))].filter(Boolean);
  const columns = report && report.columns.length > 0 ? columnsTable(report.columns) : null;
  const anyChoice = Object.keys(state.choices).length > 0;
  const reset = anyChoice ? h('button', { type: 'button', id: 'reset-choices', onclick: resetChoices }, t('mapping.reset')) : null;
  // The roles chosen last time for files with these column names (remembered in this browser).
  const remembered = report && !state.choices.columns ? getMapping(layoutKey(report.columns)) : undefined;
  const reuse = remembered
    ? h('button', { type: 'button', id: 'reuse-mapping', onclick: () => { state.choices.columns = remembered; startRead(); } }, t('mapping.reuse'))
    : null;
  el.mappingHint.textContent = report
    ? report.platform
      ? t('map.hint.platform', { name: report.platform.name })
      : t('map.hint.detected')
    : t('map.hint.choose');
  el.mappingBody.replaceChildren(...[h('div', { class: 'settings' }, rows), columns, reuse, reset].filter(Boolean));
  el.mapping.hidden = false;
}

function settingControl(s, report) {
  const id = `opt-${s.key}`;
  const chosen = state.choices[s.key];
  let auto = t('map.auto');
  if (report && chosen === undefined) {
    const v = s.detected(report);
    const choice = s.choices.find(([value]) => value === v)?.[1];
    const named = s.describe?.(v) ?? (choice ? t(choice) : String(v));
    auto = t('map.auto.value', { value: named });
  }
  const select = h(
    'select',
    { id, name: s.key, dataset: { setting: s.key }, onchange: (e) => chooseSetting(s, e.target.value) },
    h('option', { value: '', selected: chosen === undefined }, auto),
    s.choices.map(([value, label]) => h('option', { value: JSON.stringify(value), selected: chosen === value }, t(label))),
  );
  return h('div', { class: 'setting' }, h('label', { for: id }, t(s.label)), select);
}

/** The sheet of a workbook with several sheets; another sheet is read with the columns detected anew. */
function sheetControl(report) {
  // After an error (a sheet without sales) the sheets of the file's last read stay offered.
  const source = report?.source ?? state.report?.source;
  const sheets = source?.sheets ?? [];
  if (sheets.length < 2) return null;
  const chosen = state.choices.sheet;
  const label = (s) => (s.rows == null ? s.name : t('map.sheet.rows', { name: s.name, count: s.rows }));
  const select = h(
    'select',
    { id: 'opt-sheet', name: 'sheet', dataset: { setting: 'sheet' }, onchange: (e) => chooseSheet(e.target.value) },
    h('option', { value: '', selected: chosen === undefined }, report && chosen === undefined ? t('map.auto.value', { value: source.sheet }) : t('map.auto')),
    sheets.map((s) => h('option', { value: s.name, selected: chosen === s.name }, label(s))),
  );
  return h('div', { class: 'setting' }, h('label', { for: 'opt-sheet' }, t('map.sheet')), select);
}

function chooseSheet(name) {
  if (name === '') delete state.choices.sheet;
  else state.choices.sheet = name;
  delete state.choices.columns;
  startRead();
}

function chooseSetting(s, raw) {
  if (raw === '') delete state.choices[s.key];
  else state.choices[s.key] = JSON.parse(raw);
  // Columns are chosen by position: with another delimiter, header, layout or encoding they may differ.
  if (s.resetsColumns) delete state.choices.columns;
  startRead();
}

function columnsTable(columns) {
  const chosen = new Map((state.choices.columns ?? []).map((c) => [c.column, c.role]));
  return h(
    'table',
    { class: 'columns' },
    h('caption', null, t('map.columns.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('map.col.column')), h('th', { scope: 'col' }, t('map.col.examples')), h('th', { scope: 'col' }, t('map.col.meaning')))),
    h(
      'tbody',
      null,
      columns.map((c) => {
        const position = String(c.index + 1);
        const id = `role-${position}`;
        const mine = chosen.get(position);
        const auto = mine === undefined && c.source !== 'user' ? t('map.auto.role', { role: roleLabel(c.role), source: sourceLabel(c.source) }) : t('map.auto');
        return h(
          'tr',
          { dataset: { column: position } },
          h('th', { scope: 'row' }, h('label', { for: id }, c.name)),
          h('td', { class: 'examples' }, c.examples.slice(0, 3).map((x) => h('code', null, x))),
          h(
            'td',
            null,
            h(
              'select',
              { id, dataset: { role: c.role }, 'aria-describedby': c.reason ? `reason-${position}` : null, onchange: (e) => chooseRole(position, e.target.value) },
              h('option', { value: '', selected: mine === undefined }, auto),
              ROLES.map((role) => h('option', { value: role, selected: mine === role }, roleLabel(role))),
            ),
            c.reason ? h('div', { class: 'hint role-reason', id: `reason-${position}`, dataset: { reason: c.reason.code } }, reasonText(c.reason)) : null,
          ),
        );
      }),
    ),
  );
}

/** Shows the mapping's row of a column (0-based) as the one to fix and puts the focus on its meaning. */
function focusColumn(column) {
  for (const row of el.mappingBody.querySelectorAll('tr.to-fix')) row.classList.remove('to-fix');
  if (column === null || column === undefined) {
    el.mapping.scrollIntoView?.({ block: 'start' });
    return;
  }
  const select = $(`role-${column + 1}`);
  if (!select) return;
  select.closest('tr')?.classList.add('to-fix');
  select.setAttribute('aria-describedby', 'error-text');
  select.scrollIntoView?.({ block: 'center' });
  select.focus();
}

function chooseRole(position, role) {
  const others = (state.choices.columns ?? []).filter((c) => c.column !== position);
  const columns = role === '' ? others : [...others, { column: position, role }];
  if (columns.length > 0) state.choices.columns = columns;
  else delete state.choices.columns;
  if (state.report?.columns) setMapping(layoutKey(state.report.columns), columns);
  startRead();
}

function resetChoices() {
  state.choices = {};
  startRead();
}


// ---------------------------------------------------------------------------------------------------
// Segments

/** Asks the worker to segment the current read's table with the current as-of date. */
function requestSegments() {
  if (state.reading || !state.report || !state.worker) return;
  const seq = ++state.segSeq;
  closeList();
  el.segments.classList.add('stale');
  el.segments.setAttribute('aria-busy', 'true');
  setSegControls(false);
  setSegState('running', t('main.segmenting'));
  state.worker.postMessage({ type: MSG.SEGMENT, id: state.readId, seq, options: segmentOptions() });
}

/** The options of the view as SegmentOptions: only those that are set. */
function segmentOptions() {
  return Object.fromEntries(Object.entries(state.segOptions).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

/** The option form in the view that owns a rejected option (`band_edges`, `lifecycle.new_days`, …), or null. */
const OPTION_FORMS = { band_edges: 'bands-options', band_period: 'bands-options', split_date: 'split-options', lifecycle: 'lifecycle-options', clusters: 'clusters-options' };

/**
 * A rejected option of a section's form: the previous report stays, the options go back to those that
 * worked, and the core's message shows next to the form (whose inputs keep what was typed). True if shown.
 */
function showOptionError(error) {
  if (error?.code !== 'bad_parameter' || !state.segGood) return false;
  const [, name] = /^([\w.]+) = /.exec(String(error.message ?? '')) ?? [];
  const form = name && OPTION_FORMS[name.split('.')[0]];
  const box = form && $(`${form}-error`);
  if (!box) return false;
  state.segOptions = { ...state.segGood };
  for (const b of el.segments.querySelectorAll('.option-error')) b.hidden = true;
  // The core's message as it is (it names the option and the value): "band_edges = 10,5: edges must be …".
  const message = String(error.message).trim();
  box.textContent = /[.!?]$/.test(message) ? message : `${message}.`;
  box.hidden = false;
  $(form).querySelector('input, select')?.setAttribute('aria-invalid', 'true');
  return true;
}

/** Runs the segmentation again with some options changed (the others stay); `focus` names what gets the focus after. */
function rerunSegments(changes, { focus = null } = {}) {
  Object.assign(state.segOptions, changes);
  state.segFocus = focus;
  requestSegments();
}

function showSegments(m) {
  el.segments.classList.remove('stale');
  el.segments.removeAttribute('aria-busy');
  setSegControls(Boolean(state.worker));
  if (m.error && showOptionError(m.error)) {
    state.segFocus = null;
    el.segError.hidden = true;
    setSegState('done', t('main.option_rejected'));
    return;
  }
  if (m.error) {
    disposeCharts(el.segments);
    clear(el.segments);
    el.segErrorText.textContent = explainSegments(m.error);
    el.segError.dataset.code = m.error.code;
    el.segError.hidden = false;
    setSegState('error', '');
    state.segReport = null;
    state.segmentsSeq++;
    refreshViews();
    return;
  }
  el.segError.hidden = true;
  delete el.segError.dataset.code;
  const r = m.report;
  state.segGood = { ...state.segOptions };
  disposeCharts(el.segments);
  el.segments.replaceChildren(renderSegments(r, { options: { ...state.segOptions }, rerun: rerunSegments, listCustomers: pickRow, listIds: openList }));
  if (!state.segOptions.as_of) el.asOf.value = r.as_of ?? '';
  const focus = state.segFocus;
  state.segFocus = null;
  if (focus === 'rules') {
    if (r.rule_segments?.error) placeRuleCaret(el.segments);
    else $('rules-text')?.focus();
  } else if (focus === 'triggers') $('trigger-apply')?.focus();
  else if (focus) $(focus)?.focus();
  state.segMs = m.ms;
  setSegState('done', t('main.segmented', { count: r.customers, as_of: r.as_of ?? '—', ms: Math.round(m.ms) }));
  state.segReport = r;
  state.segmentsSeq++;
  refreshViews();
}

/** What a segmentation error means here: the core's message (which names no command-line flag), and where to act. */
function explainSegments(error) {
  const detail = sentence(String(error.message ?? ''));
  switch (error.code) {
    case 'no_customer_column':
    case 'no_customers':
    case 'no_dates':
      return t('err.seg.choose_column', { detail });
    case 'dates_undecided':
      return t('err.seg.dates', { detail });
    case 'bad_parameter': {
      // "as_of = 2011-13-45: expected a date as …" from the core: say it in the page's words.
      const [, name, value, why] = /^(\w+) = (.*?): (.*)$/s.exec(String(error.message ?? '')) ?? [];
      if (name === 'as_of') return t('err.seg.as_of', { value, why: sentence(why).replace(/^./, (c) => c.toLowerCase()) });
      return detail;
    }
    case ENGINE_ERROR:
      return t('err.seg.engine', { detail });
    default:
      return detail;
  }
}

/** No segments (a read started, failed or was cancelled): says why in the view. */
function resetSegments(message) {
  state.segSeq++;
  closeList();
  disposeCharts(el.segments);
  clear(el.segments);
  el.segments.classList.remove('stale');
  el.segments.removeAttribute('aria-busy');
  el.segError.hidden = true;
  delete el.segError.dataset.code;
  setSegControls(false);
  setSegState('none', message);
  state.segReport = null;
  state.segmentsSeq++;
  refreshViews();
}

// ---------------------------------------------------------------------------------------------------
// Customer lists (the customers of one segment, cluster, rule label or stage, 50 per page)

const PAGE = 50;

/** Attributes that make a table row open the list of its customers (click, or Enter when focused). */
function pickRow(by, value, title) {
  const open = () => openList({ by, value: String(value), title });
  return {
    tabindex: '0',
    dataset: { pick: by, pickValue: String(value) },
    title: t('list.show'),
    onclick: open,
    onkeydown: (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        open();
      }
    },
  };
}

/** Opens the list of group `value` of grouping `by`; `name` names its CSV (else listName()). */
function openList({ by, value, title, name, ids }) {
  state.list = { by, value, title, name, ids, offset: 0, total: null };
  el.listNotes.textContent = '';
  el.listTitle.textContent = title;
  el.listStatus.textContent = t('list.listing');
  el.listTable.replaceChildren();
  el.list.hidden = false;
  el.listCsv.disabled = false;
  state.exportSeq = null;
  requestListPage(0);
  el.list.focus();
}

function requestListPage(offset) {
  if (!state.list || !state.worker) return;
  state.list.offset = offset;
  el.listPrev.disabled = true;
  el.listNext.disabled = true;
  const { by, value } = state.list;
  // Best and worst customers come whole, with their reasons (src/lists/best_worst.rs), not in pages.
  if (RANKED.includes(by) || by === 'ids') {
    const list = by === 'ids' ? { ids: state.list.ids, layout: 'plain' } : { group: by, layout: 'plain' };
    state.worker.postMessage({ type: MSG.CUSTOMERS, id: state.readId, seq: ++state.listSeq, list });
    return;
  }
  state.worker.postMessage({ type: MSG.CUSTOMERS, id: state.readId, seq: ++state.listSeq, query: { by, value, offset, limit: PAGE } });
}

/** The columns of a customer list: [key, label key, format?]. */
const LIST_COLUMNS = [
  ['customer', 'list.col.customer'],
  ['recency_days', 'grp.col.recency_days', fmtInt],
  ['frequency', 'grp.col.orders', fmtInt],
  ['monetary', 'grp.col.monetary', fmtMoney],
  ['average_order_value', 'list.col.aov', fmtMoney],
  ['rfm', 'list.col.rfm'],
  ['segment', 'seg.col.segment'],
  ['stage', 'life.col.stage'],
  ['band', 'list.col.band'],
  ['cluster', 'grp.col.cluster', (c) => (c === null || c === undefined ? '—' : String(c + 1))],
  ['rule', 'grp.col.label', (l) => l ?? '—'],
  ['last_purchase', 'list.col.last_purchase'],
];


/** A best or worst customer's reason: shares as percentages, amounts as money. */
function listReason(r) {
  const pct = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 10 : v);
  const money = (v) => (typeof v === 'number' ? fmtMoney(v) : v);
  return noticeText('list.reason', r, (p) => ({ ...p, share: pct(p.share), p_alive: pct(p.p_alive), returns_share: pct(p.returns_share), discount_share: pct(p.discount_share), value: money(p.value), clv: money(p.clv), returns_value: money(p.returns_value) }));
}

/** The lists that are rankings with a reason per customer (the core's list groups). */
const RANKED = ['best', 'worst', 'best_expected'];

/** A best or worst list: each customer with the reason in the page's language (a list of ids: the ids). */
function showRanked(m) {
  const { customers } = m.list;
  const ids = state.list.by === 'ids';
  const reasons = ids ? state.list.ids.map((customer) => ({ customer })) : m.list.reasons;
  el.listStatus.textContent = customers ? t(ids ? 'list.ids.status' : `list.ranked.status.${state.list.by}`, { total: customers }) : t('list.none');
  el.listNotes.textContent = m.list.notes.filter((n) => n.code === 'no_discount_column').map(listNote).join(' ');
  el.listTable.replaceChildren(
    h('caption', null, state.list.title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('list.col.customer')), ids ? null : h('th', { scope: 'col' }, t('list.col.reason')))),
    h('tbody', null, reasons.map((r) => h('tr', null, h('th', { scope: 'row', dataset: { col: 'customer' } }, r.customer), ids ? null : h('td', { dataset: { col: 'reason', code: r.reason.code } }, listReason(r.reason))))),
  );
}

function showCustomerList(m) {
  if (m.list && !m.error) return showRanked(m);
  if (m.csv !== undefined) {
    downloadCsv(csvName('customers'), m.csv);
    el.customersCsv.disabled = false;
    return;
  }
  if (m.error) {
    el.customersCsv.disabled = false;
    el.listStatus.textContent = t('list.error', { message: m.error.message });
    return;
  }
  const { total, offset, rows } = m.page;
  state.list.total = total;
  el.listStatus.textContent = total
    ? t('list.status', { from: offset + 1, to: offset + rows.length, total })
    : t('list.none');
  el.listTable.replaceChildren(
    h('caption', null, t('list.caption', { title: state.list.title, from: offset + 1, to: offset + rows.length })),
    h('thead', null, h('tr', null, LIST_COLUMNS.map(([, label, f]) => h('th', { scope: 'col', class: f ? 'num' : null }, t(label))))),
    h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          null,
          LIST_COLUMNS.map(([key, , f], i) => h(i ? 'td' : 'th', { class: f ? 'num' : null, dataset: { col: key }, ...(i ? {} : { scope: 'row' }) }, f ? f(row[key]) : row[key])),
        ),
      ),
    ),
  );
  el.listPrev.disabled = offset === 0;
  el.listNext.disabled = offset + rows.length >= total;
}

/** The file name of a list: "at-risk" for an RFM segment, "cluster-2", "stage-lapsing", "rule-vip", … */
function listName({ by, value, name }) {
  if (name) return name;
  if (by === 'segment') return value;
  if (by === 'cluster') return `cluster ${Number(value) + 1}`;
  return `${by} ${value}`;
}

/** Asks the worker for every customer of the list shown, to save them as CSV. */
function exportWholeList() {
  if (!state.list || !state.worker) return;
  el.listCsv.disabled = true;
  // Its own numbering: a page asked for meanwhile must not make the export's answer look stale, nor the reverse.
  state.exportSeq = `all-${++state.exports}`;
  const { by, value, name } = state.list;
  const format = el.listFormat.value;
  // A platform's layout (or a ranked list): the core's CSV (src/lists), the same bytes as `clientela list`.
  if (format !== 'table' || RANKED.includes(by) || by === 'ids') {
    const layout = format === 'table' ? 'plain' : format;
    const list = { layout, hash: el.listHash.checked && !el.listHash.disabled };
    if (by === 'ids') list.ids = state.list.ids;
    else list.group = RANKED.includes(by) ? by : `${by}:${value}`;
    if (name) list.tag = name;
    state.worker.postMessage({ type: MSG.CUSTOMERS, id: state.readId, seq: state.exportSeq, list });
    return;
  }
  state.worker.postMessage({ type: MSG.CUSTOMERS, id: state.readId, seq: state.exportSeq, query: { by, value }, all: true });
}

/**
 * Every column of a listed customer, in the CSV: numbers as numbers (amounts to 4 decimals, as the
 * all-customers CSV), clusters numbered from 1 as shown.
 */
const WHOLE_LIST_COLUMNS = ['customer', 'first_purchase', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'average_order_value', 'rfm', 'segment', 'class', 'band', 'stage', 'cluster', 'rule'];

function saveWholeList(m) {
  state.exportSeq = null;
  el.listCsv.disabled = false;
  if (m.list && state.list) {
    const l = m.list;
    const suffix = l.layout === 'plain' ? '' : ` ${l.layout}${l.hashed ? ' sha256' : ''}`;
    downloadCsv(csvName(`${listName(state.list)}${suffix}`), l.csv);
    el.listStatus.textContent = t('list.saved', { total: fmtInt(l.customers) });
    el.listNotes.textContent = l.notes.map(listNote).join(' ');
    return;
  }
  if (m.error || !m.all || !state.list) {
    if (m.error) el.listStatus.textContent = t('list.error', { message: m.error.message });
    return;
  }
  const cell = (r, k) => {
    if (k === 'cluster') return r.cluster === null || r.cluster === undefined ? null : r.cluster + 1;
    return k === 'monetary' || k === 'average_order_value' ? roundAmount(r[k]) : r[k];
  };
  const rows = m.all.rows.map((r) => WHOLE_LIST_COLUMNS.map((k) => cell(r, k)));
  downloadCsv(csvName(listName(state.list)), toCsv(WHOLE_LIST_COLUMNS, rows));
  el.listStatus.textContent = t('list.saved', { total: fmtInt(m.all.total) });
}

/** Hashing applies to the ad platforms' layouts only. */
function syncHash() {
  const can = el.listFormat.value === 'google' || el.listFormat.value === 'meta';
  el.listHash.disabled = !can;
  if (!can) el.listHash.checked = false;
}
for (const [id, by] of [['list-best', 'best'], ['list-best-expected', 'best_expected'], ['list-worst', 'worst']]) {
  document.getElementById(id).addEventListener('click', () => openList({ by, value: '', title: t(`list.${by}.title`) }));
}
el.listFormat.addEventListener('change', syncHash);
syncHash();

function closeList() {
  state.list = null;
  state.listSeq++;
  el.list.hidden = true;
}

el.listPrev.addEventListener('click', () => requestListPage(Math.max(0, state.list.offset - PAGE)));
el.listNext.addEventListener('click', () => requestListPage(state.list.offset + PAGE));
el.listClose.addEventListener('click', closeList);
el.listCsv.addEventListener('click', exportWholeList);
el.customersCsv.addEventListener('click', () => {
  if (!state.worker) return;
  el.customersCsv.disabled = true;
  state.worker.postMessage({ type: MSG.CUSTOMERS, id: state.readId, seq: ++state.listSeq, csv: true });
});

function setSegControls(enabled) {
  el.customersCsv.disabled = !enabled;
  el.asOf.disabled = !enabled;
  el.asOfApply.disabled = !enabled;
  el.asOfReset.disabled = !enabled;
}

function setSegState(s, message) {
  document.body.dataset.segments = s;
  el.segStatus.textContent = message;
}

el.asOfForm.addEventListener('submit', (e) => {
  e.preventDefault();
  rerunSegments({ as_of: el.asOf.value || null });
});
el.asOfReset.addEventListener('click', () => {
  el.asOf.value = '';
  rerunSegments({ as_of: null });
});

// ---------------------------------------------------------------------------------------------------
// Views (tabs, routed by the hash: router.js) and what they are told

const router = createRouter(VIEWS, { views: VIEWS, disposeCharts, go: (id) => router.go(id), fixColumn: (column) => { router.go('data'); focusColumn(column); }, clv: (options) => requestClv(options), rules: (options) => requestRules(options), sequences: requestSequences, profile: (options) => requestProfile(options), customersFile: (file) => setCustomersFile(file), prospectsFile: (file) => setProspectsFile(file), prospectList: (list) => requestProspectList(list), predict: (options) => requestPredict(options), forecast: (options) => requestForecast(options), customersIdColumn: (name) => setCustomersIdColumn(name), listCustomers: (list) => { router.go('segments'); openList(list); } });

/** What the views of the registry see: the reports (or null), the page's status and the language. */
function viewState() {
  const busy = state.reading || document.body.dataset.segments === 'running';
  const failed = document.body.dataset.state === 'error' || document.body.dataset.segments === 'error';
  return {
    report: state.report,
    segments: state.segReport,
    segmentsSeq: state.segmentsSeq,
    readId: !state.reading && state.report ? state.readId : null,
    clv: clvAnalysis.current(state.readId, state.reading),
    sequences: sequencesAnalysis.current(state.readId, state.reading),
    profile: profileView(),
    predict: predictAnalysis.current(state.readId, state.reading),
    forecast: forecastAnalysis.current(state.readId, state.reading),
    fileName: state.file?.name ?? null,
    status: state.segReport ? 'done' : busy ? 'busy' : failed ? 'error' : 'none',
    // Printing: views never opened run their analyses too (see printWhole).
    printing: state.printing,
    language: language(),
    baskets: rulesAnalysis.current(state.readId, state.reading),
  };
}

// The views' analyses (requests.js: one state shape, only the latest answer of the current read kept).

// Baskets (views/baskets.js): the rules of the kept table, mined with the view's options (1 % of the
// baskets, confidence 0.3: a second or two on 20,000 baskets) when the view is first shown after a read,
// and again when they change.
const rulesAnalysis = createAnalysis({
  type: MSG.RULES,
  initial: { options: { min_support: 0.01, min_confidence: 0.3 } },
  // Every item in the report's frequency list (at most the core's 100,000): the view suggests them in its
  // item fields. Only that list grows; the itemsets listed stay at the default 100.
  message: (s) => ({ options: { max_items: 100_000, ...s.options } }),
  failed: () => ({ report: null }),
});

/** Mines the current read's baskets with `options` (RulesOptions; none: the last ones). */
function requestRules(options) {
  if (options) rulesAnalysis.set({ options: { ...options } });
  if (state.reading || !state.report || !state.worker) return;
  rulesAnalysis.request(state.worker, state.readId);
  refreshViews();
}

// The Value view's lifetime-value analysis (views/value.js owns its options and asks for each run).
const clvAnalysis = createAnalysis({ type: MSG.CLV, blank: { report: null, csv: null }, answer: (m) => ({ report: m.report, csv: m.csv, bySegment: m.bySegment ?? null }) });

function requestClv(options) {
  if (state.reading || !state.report) return;
  clvAnalysis.request(ensureWorker(), state.readId, options);
  refreshViews();
}

// The Predict view (views/predict.js): who buys next and how much; revenue ahead (also drawn by the
// Overview's monthly chart, which asks for it with the last options).
const predictAnalysis = createAnalysis({ type: MSG.PREDICT, blank: { report: null, csv: null }, answer: (m) => ({ report: m.report, csv: m.csv }) });
const forecastAnalysis = createAnalysis({ type: MSG.FORECAST, initial: { options: { horizon_months: 6 } } });

function requestPredict(options) {
  if (state.reading || !state.report) return;
  predictAnalysis.request(ensureWorker(), state.readId, options);
  refreshViews();
}

function requestForecast(options) {
  if (state.reading || !state.report) return;
  forecastAnalysis.request(ensureWorker(), state.readId, options);
  refreshViews();
}

// Sequences (views/sequences.js): the patterns and timed rules, the answer kept whole as `reply` (its
// `error` and `targetError` included); the item list once per read.
const sequencesAnalysis = createAnalysis({
  type: MSG.SEQUENCES,
  blank: { reply: null, items: null },
  answer: (m, s) => ({ reply: m, items: m.items ?? s.items }),
  failed: (m, s) => ({ reply: m, items: m.items ?? s.items }),
});

/** Runs the Sequences view's analyses with `options` on the current read's table (`items`: also the item list). */
function requestSequences(options, items) {
  if (state.reading || !state.report || !state.worker) return;
  sequencesAnalysis.request(state.worker, state.readId, options, { items: Boolean(items) });
  refreshViews();
}

// The Profiles view (views/profiles.js): the profile of a group by attribute, with an optional customers
// file whose bytes stay here (sent with each request; the worker reads them once per file and read), and
// a prospects file scored with it.
const profileAnalysis = createAnalysis({
  type: MSG.PROFILE,
  initial: { options: {}, customers: null, reading: false, prospectsFile: null, prospects: null, prospectsCsv: null, prospectsError: null, walletCsv: null },
  blank: { report: null, csv: null },
  message: (s) => {
    const c = s.customers;
    const l = s.prospectsFile;
    return {
      options: s.options,
      customers: c ? { key: c.key, bytes: c.bytes, options: { ingest: { max_memory_mb: maxMemoryMb }, id_column: c.idColumn || null } } : null,
      prospects: l ? { key: l.key, bytes: l.bytes, options: { ingest: { max_memory_mb: maxMemoryMb } } } : null,
    };
  },
  answer: (m) => ({ report: m.report, csv: m.csv, walletCsv: m.walletCsv ?? null, prospects: m.prospects ?? null, prospectsCsv: m.prospectsCsv ?? null, prospectsError: m.prospectsError ?? null }),
  // A customers file that cannot be read leaves no profile of it.
  failed: (m, s) => ({ report: m.error.customers ? null : s.report }),
});
let customersKey = 0;

function requestProfile(options) {
  if (options) profileAnalysis.set({ options: { ...options } });
  if (state.reading || !state.report) return;
  profileAnalysis.request(ensureWorker(), state.readId);
  refreshViews();
}

/** The customers file chosen in the Profiles view (null: none); the profile runs again with it. */
async function setCustomersFile(file) {
  if (!file) {
    profileAnalysis.set({ customers: null });
    return requestProfile();
  }
  profileAnalysis.set({ reading: true, error: null });
  refreshViews();
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    profileAnalysis.set({ reading: false, error: { code: 'io', message: String(e), customers: true } });
    return refreshViews();
  }
  profileAnalysis.set({ reading: false, customers: { key: ++customersKey, name: file.name, size: file.size, bytes } });
  requestProfile();
}

/** The prospects file chosen in the Profiles view (null: none); scored with the customers file. */
async function setProspectsFile(file) {
  if (!file) {
    profileAnalysis.set({ prospectsFile: null, prospects: null, prospectsCsv: null, prospectsError: null });
    return requestProfile();
  }
  let bytes;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    profileAnalysis.set({ prospectsError: { code: 'io', message: String(e) } });
    return refreshViews();
  }
  profileAnalysis.set({ prospectsFile: { key: ++customersKey, name: file.name, size: file.size, bytes } });
  requestProfile();
}

/** The customers file's id column as the user names it ('' = detect); the file is read again with it. */
function setCustomersIdColumn(name) {
  const c = profileAnalysis.state.customers;
  if (!c) return;
  profileAnalysis.set({ customers: { ...c, key: ++customersKey, idColumn: name.trim() } });
  requestProfile();
}

// The top prospects as a list to import (src/lists/prospects.rs), from the last prospects report.
const prospectListAnalysis = createAnalysis({
  type: MSG.PROSPECT_LIST,
  blank: { saved: null },
  message: (s) => ({ list: s.options }),
  answer: (m) => ({ saved: { customers: m.list.customers, tag: m.list.tag, notes: m.list.notes } }),
  failed: () => ({ saved: null }),
});

function requestProspectList(list) {
  if (state.reading || !state.report || !state.worker) return;
  prospectListAnalysis.request(state.worker, state.readId, list);
  refreshViews();
}

/** Saves the list the worker made (the core's CSV, as `clientela prospects --list-out`). */
function saveProspectList(m) {
  if (!prospectListAnalysis.answer(m)) return;
  const l = m.list;
  if (l) downloadCsv(csvName(`${l.tag}${l.layout === 'plain' ? '' : ` ${l.layout}${l.hashed ? ' sha256' : ''}`}`), l.csv);
  refreshViews();
}

/** The Profiles view's state: the profile's, with the prospect list's. */
function profileView() {
  const p = profileAnalysis.current(state.readId, state.reading);
  return p && { ...p, prospectList: prospectListAnalysis.current(state.readId, state.reading) };
}

function refreshViews() {
  router.update(viewState());
  // Every table gets a CSV download, also those drawn without their own button.
  for (const view of document.querySelectorAll('.view')) ensureTableCsv(view);
}

// ---------------------------------------------------------------------------------------------------
// Choosing a file

el.file.addEventListener('change', () => {
  const f = el.file.files?.[0];
  // Clearing the input lets the same file be chosen again after it was changed on disk.
  el.file.value = '';
  openFile(f);
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
  openFile(files[0]);
  if (files.length > 1) el.status.textContent = t('main.dropped', { count: files.length, name: files[0].name });
});
// A file dropped next to the drop zone must not make the browser leave the page to show it.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

el.cancel.addEventListener('click', cancelRead);
el.sample.addEventListener('click', () => {
  el.sample.disabled = true;
  el.status.textContent = t('main.sample');
  ensureWorker().postMessage({ type: MSG.SAMPLE, rows: SAMPLE_ROWS, seed: 1 });
});

function readMaxMemory(param) {
  if (param === null) return DEFAULT_MAX_MEMORY_MB;
  const n = Number(param);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_MEMORY_MB;
}

function clear(node) {
  node.replaceChildren();
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
el.currency.value = getSetting('currency') ?? '';
setCurrency(el.currency.value);
el.currency.addEventListener('change', () => {
  setSetting('currency', el.currency.value);
  setCurrency(el.currency.value);
  rerender();
});
el.print.addEventListener('click', () => printWhole());

/** Longest wait for the views' analyses before the print dialog opens anyway (with what is ready). */
const PRINT_WAIT_MS = 120_000;

/**
 * "Print report": every view is printed, so the views never opened run their analyses first (each view
 * asks when `state.printing` is set, as when it is shown); the print dialog opens once none is running.
 */
async function printWhole() {
  if (state.printing) return;
  state.printing = true;
  el.print.disabled = true;
  el.print.setAttribute('aria-busy', 'true');
  try {
    refreshViews();
    const started = performance.now();
    const running = () => document.body.dataset.segments === 'running' || [clvAnalysis, rulesAnalysis, sequencesAnalysis, profileAnalysis, predictAnalysis, forecastAnalysis].some((a) => a.state.busy && a.state.read === state.readId);
    // The views ask in a microtask; then wait for every answer.
    do await new Promise((r) => setTimeout(r, 50));
    while (state.worker && !state.reading && running() && performance.now() - started < PRINT_WAIT_MS);
  } finally {
    state.printing = false;
    el.print.disabled = false;
    el.print.removeAttribute('aria-busy');
  }
  await printReport();
}
el.segmentsJson.addEventListener('click', () => {
  if (state.segReport) download('segments.json', `${JSON.stringify(state.segReport, null, 2)}\n`, 'application/json');
});
onLanguageChange(() => {
  el.language.value = language();
  rerender();
  // The status lines that stay on screen, in the new language (messages of a past moment keep theirs).
  if (document.body.dataset.state === 'idle' && !state.file) setState('idle', t('main.idle'));
  if (document.body.dataset.state === 'done' && state.reportMsg) {
    const r = state.reportMsg.report.rows;
    setState('done', t('main.done', { total: r.total, used: r.used, rejected: r.rejected }));
  }
  const seg = document.body.dataset.segments;
  if (seg === 'none' && !state.file) setSegState('none', t('main.idle.segments'));
  if (seg === 'done' && state.segReport && state.segMs !== undefined) {
    const r = state.segReport;
    setSegState('done', t('main.segmented', { count: r.customers, as_of: r.as_of ?? '—', ms: Math.round(state.segMs) }));
  }
});

/** Draws the reports again (numbers and words in the chosen language and currency). */
function rerender() {
  if (state.reportMsg && !state.reading) renderReadResult(state.reportMsg);
  if (state.segReport) {
    disposeCharts(el.segments);
    el.segments.replaceChildren(renderSegments(state.segReport, { options: { ...state.segOptions }, rerun: rerunSegments, listCustomers: pickRow, listIds: openList }));
    state.segmentsSeq++;
  }
  refreshViews();
}

await setLanguage(initialLanguage(getSetting('language')));

// Start the engine now, so the first file does not wait for the wasm to load.
ensureWorker();
resetSegments(t('main.idle.segments'));
setState('idle', t('main.idle'));
