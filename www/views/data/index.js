// @ts-check
// The Data view: the data report of the last read, the questions it asks (date format, decimal separator),
// the read time, and the editor of how the file is read (mapping.js). Its panel is #view-data in
// index.html; the read (read.js) calls `createDataPanel`'s functions as it goes, so the view itself has
// nothing to mount or update. The read's alert (#error, above the views) is errors.js.

import { h, fmtInt, fmtBytes, fmtOne, byId as $ } from '../../dom.js';
import { t, tParts, currentLocale } from '../../i18n/i18n.js';
import { jsonButton } from '../../export.js';
import { renderReport, renderQuestions } from './report.js';
import { createMapping } from './mapping.js';
import { showError, hideError, restateError } from './errors.js';

export default {
  id: 'data',
  titleKey: 'view.data',
  blurbKey: 'view.data.blurb',
  mount() {},
  update() {},
};


/**
 * The Data view's panel over `reader` (read.js: `file`, `choices`, `report`, `start()`, `answer()`).
 * @param {{file: File | null, choices: any, report: any, start: () => void, answer: (key: string, option: string) => void}} reader
 * @param {number} maxMemoryMb the table's memory limit (named by the too-large error)
 */
export function createDataPanel(reader, maxMemoryMb) {
  const el = { report: $('report'), asks: $('asks'), timing: $('timing') };
  const mapping = createMapping(reader);

  /** The data report, its questions, the read time and the mapping editor of a finished read. */
  function render(m) {
    el.report.replaceChildren(
      h('div', { class: 'exports' }, jsonButton('data-report', t('export.json.data'), () => m.report)),
      renderReport({ ...m.report, questions: [] }, { onAnswer: reader.answer }),
    );
    const asks = renderQuestions(m.report.questions ?? [], reader.answer);
    el.asks.replaceChildren(...(asks ? [asks] : []));
    renderTiming(m, m.wallMs);
    mapping.render(m.report);
  }

  function renderTiming(m, wallMs) {
    const seconds = m.ms / 1000;
    const r = m.report;
    const mbps = reader.file.size / 1e6 / seconds;
    const rowsps = r.rows.total / seconds;
    const num = (key, value, text) => h('span', { class: 'num', dataset: { key, value: String(value) } }, text);
    // Throughput and memory are for the curious: behind a disclosure, below the report.
    el.timing.replaceChildren(
      h(
        'details',
        { class: 'more', id: 'timing-details' },
        h('summary', null, t('main.timing.more')),
        h(
          'p',
          null,
          tParts(r.source.gzip ? 'main.timing.gzip' : 'main.timing', {
            file: num('timing.file_bytes', reader.file.size, fmtBytes(reader.file.size)),
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
      ),
    );
    el.timing.hidden = false;
  }
  function fmtSeconds(ms) {
    const digits = ms < 10_000 ? 2 : 1;
    return new Intl.NumberFormat(currentLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ms / 1000);
  }

  /** The report is being read again (`busy`), or is the current one. */
  function stale(busy) {
    if (busy) {
      el.report.setAttribute('aria-busy', 'true');
      el.report.classList.add('stale');
    } else {
      el.report.removeAttribute('aria-busy');
      el.report.classList.remove('stale');
    }
  }

  return {
    render,
    stale,
    /** No report (another file, a failed or cancelled read); `timing`: the read time goes too. */
    clear({ timing = false, mapping: map = false } = {}) {
      el.report.replaceChildren();
      if (map) mapping.hide();
      if (timing) el.timing.hidden = true;
    },
    clearAsks: () => el.asks.replaceChildren(),
    renderMapping: mapping.render,
    focusColumn: mapping.focusColumn,
    showError: (error) => showError(error, maxMemoryMb),
    hideError,
    restateError,
  };
}
