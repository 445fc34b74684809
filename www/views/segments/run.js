// @ts-check
// The segmentation of the kept table (the Segments view): asked of the worker after each finished read;
// the as-of date, and each section's options (spend bands, split date, lifecycle, clusters, rules,
// triggers), re-run only the segmentation; an option the core rejects is explained next to its form.
// Its state has the shape of every analysis (requests.js): read, seq, busy, report, error; `options` holds
// every option of the view, so that each re-run sends all of them.
//
// While it runs, Stop (stop.js: a fresh worker reads the file again under the same read id, main.js
// restartWorker); after a Stop no report is shown (the one before belongs to other options), the status
// line says the customers were not segmented, and Run again asks with the same options.
//
// For scripts and tests: document.body.dataset.segments is 'none' | 'running' | 'done' | 'error' | 'stopped'.

import { byId as $ } from '../../dom.js';
import { MSG, ENGINE_ERROR } from '../../protocol.js';
import { createAnalysis } from '../../requests.js';
import { disposeCharts } from '../../charts.js';
import { download } from '../../export.js';
import { t } from '../../i18n/i18n.js';
import { renderSegments } from './sections.js';
import { placeRuleCaret } from './groups.js';
import { sentence } from '../data/errors.js';
import { stopControls } from '../../stop.js';


/** The seq of a segmentation made again in a fresh worker for the analyses only (its answer is not shown). */
export const QUIET = 'quiet';

/** The option form in the view that owns a rejected option (`band_edges`, `lifecycle.new_days`, …), or null. */
const OPTION_FORMS = { band_edges: 'bands-options', band_period: 'bands-options', split_date: 'split-options', lifecycle: 'lifecycle-options', clusters: 'clusters-options' };

/**
 * Every option of the Segments view (a subset of SegmentOptions, src/segment/params.rs): as_of
 * ('YYYY-MM-DD' or null for the default), rules (rule text or null), triggers ({amount, days} or null),
 * band_period ('week' | 'month' | 'period' or null), band_edges (numbers or null), split_date
 * ('YYYY-MM-DD' or null), lifecycle (LifecycleParams or null) and clusters (ClusterOptions or null); null
 * means the core's default. A new file keeps them all but the dates.
 */
const NO_OPTIONS = { as_of: null, rules: null, triggers: null, band_period: null, band_edges: null, split_date: null, lifecycle: null, clusters: null };

/** The options as SegmentOptions: only those that are set. */
const setOptions = (options) => Object.fromEntries(Object.entries(options).filter(([, v]) => v !== null && v !== undefined && v !== ''));

/**
 * @param {object} host
 * @param {() => Worker | null} host.worker
 * @param {{id: number, busy: boolean, report: any, file: File | null}} host.reader the read (read.js)
 * @param {() => void} host.refreshViews
 * @param {any} host.list the customer list (list.js createCustomerList)
 * @param {() => void} host.restart replaces the worker and reads the current file into it again under the
 *   same read id (main.js restartWorker)
 */
export function createSegmentation(host) {
  const el = {
    asOfForm: $('as-of-form'),
    asOf: $('as-of'),
    asOfApply: $('as-of-apply'),
    asOfReset: $('as-of-reset'),
    segStatus: $('segments-status'),
    segStop: $('segments-stop-line'),
    segError: $('segments-error'),
    segErrorText: $('segments-error-text'),
    segments: $('segments'),
    customersCsv: $('customers-csv'),
    segmentsJson: $('segments-json'),
  };
  const ctl = createAnalysis({
    type: MSG.SEGMENT,
    initial: { options: { ...NO_OPTIONS } },
    message: (s) => ({ options: setOptions(s.options) }),
  });
  /** The options of the last segmentation that worked (restored when a section's option is rejected). */
  let good = null;
  /** What gets the focus when the pending segmentation arrives ('rules', 'triggers', an element id or null). */
  let focusNext = null;
  /** A number that changes with each report shown (for the views). */
  let shown = 0;

  /** Asks the worker to segment the current read's table with the current options. */
  function request() {
    const worker = host.worker();
    if (host.reader.busy || !host.reader.report || !worker) return;
    host.list.close();
    el.segments.classList.add('stale');
    el.segments.setAttribute('aria-busy', 'true');
    setControls(false);
    ctl.request(worker, host.reader.id);
    setState('running', t('main.segmenting'));
  }

  /**
   * Stop: the segmentation running is dropped and the worker replaced. The report before it is not shown
   * (it is of other options, or of no options at all); the views that need a segmentation say it was stopped.
   */
  function stop() {
    if (!ctl.state.busy || ctl.state.read !== host.reader.id) return;
    ctl.stop();
    focusNext = null;
    clear();
    el.segError.hidden = true;
    delete el.segError.dataset.code;
    setControls(false);
    setState('stopped', t('seg.stopped'));
    ctl.set({ report: null });
    shown++;
    host.restart();
  }

  /** Empties the report's place. */
  function clear() {
    disposeCharts(el.segments);
    el.segments.replaceChildren();
    el.segments.classList.remove('stale');
    el.segments.removeAttribute('aria-busy');
  }

  /** Stop while the segmentation of the current read runs; "Stopped." and Run again after a Stop. */
  function drawStop() {
    const s = ctl.state;
    const mine = s.read === host.reader.id && !host.reader.busy && (s.busy || s.stopped);
    const line = mine ? stopControls('segments', [s], { stop, run: request }) : null;
    el.segStop.replaceChildren(...(line ? [line] : []));
  }

  /**
   * A rejected option of a section's form: the previous report stays, the options go back to those that
   * worked, and the core's message shows next to the form (whose inputs keep what was typed). True if shown.
   */
  function showOptionError(error) {
    if (error?.code !== 'bad_parameter' || !good) return false;
    const [, name] = /^([\w.]+) = /.exec(String(error.message ?? '')) ?? [];
    const form = name && OPTION_FORMS[name.split('.')[0]];
    const box = form && $(`${form}-error`);
    if (!box) return false;
    ctl.set({ options: { ...good } });
    for (const b of el.segments.querySelectorAll('.option-error')) b.hidden = true;
    // The core's message as it is (it names the option and the value): "band_edges = 10,5: edges must be …".
    const message = String(error.message).trim();
    box.textContent = /[.!?]$/.test(message) ? message : `${message}.`;
    box.hidden = false;
    $(form).querySelector('input, select')?.setAttribute('aria-invalid', 'true');
    return true;
  }

  /** Runs the segmentation again with some options changed (the others stay); `focus` names what gets the focus after. */
  function rerun(changes, { focus = null } = {}) {
    ctl.set({ options: { ...ctl.state.options, ...changes } });
    focusNext = focus;
    request();
  }

  function draw(r) {
    disposeCharts(el.segments);
    el.segments.replaceChildren(renderSegments(r, { options: { ...ctl.state.options }, rerun, listCustomers: host.list.pickRow, listIds: host.list.open }));
  }

  /**
   * The worker's answer: shown when it answers the latest request of the current read.
   * @param {import('../../protocol.js').Answer & {report?: import('../../types/core').SegmentReport}} m
   */
  function onAnswer(m) {
    if (!ctl.answer(m)) return;
    el.segments.classList.remove('stale');
    el.segments.removeAttribute('aria-busy');
    setControls(Boolean(host.worker()));
    if (m.error && showOptionError(m.error)) {
      focusNext = null;
      el.segError.hidden = true;
      setState('done', t('main.option_rejected'));
      return;
    }
    if (m.error) {
      disposeCharts(el.segments);
      el.segments.replaceChildren();
      el.segErrorText.textContent = explain(m.error);
      el.segError.dataset.code = m.error.code;
      el.segError.hidden = false;
      setState('error', '');
      ctl.set({ report: null });
      shown++;
      host.refreshViews();
      return;
    }
    el.segError.hidden = true;
    delete el.segError.dataset.code;
    const r = m.report;
    const options = ctl.state.options;
    good = { ...options };
    draw(r);
    if (!options.as_of) el.asOf.value = r.as_of ?? '';
    const focus = focusNext;
    focusNext = null;
    if (focus === 'rules') {
      if (r.rule_segments?.error) placeRuleCaret(el.segments);
      else $('rules-text')?.focus();
    } else if (focus === 'triggers') $('trigger-apply')?.focus();
    else if (focus) $(focus)?.focus();
    setState('done', t('main.segmented', { count: r.customers, as_of: r.as_of ?? '—', ms: Math.round(m.ms) }));
    shown++;
    host.refreshViews();
  }

  /** What a segmentation error means here: the core's message (which names no command-line flag), and where to act. */
  function explain(error) {
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
  function reset(message) {
    ctl.drop();
    ctl.set({ stopped: false });
    host.list.close();
    clear();
    el.segError.hidden = true;
    delete el.segError.dataset.code;
    setControls(false);
    setState('none', message);
    ctl.set({ report: null });
    shown++;
    host.refreshViews();
  }

  function setControls(enabled) {
    el.customersCsv.disabled = !enabled;
    el.asOf.disabled = !enabled;
    el.asOfApply.disabled = !enabled;
    el.asOfReset.disabled = !enabled;
  }

  function setState(s, message) {
    document.body.dataset.segments = s;
    el.segStatus.textContent = message;
    drawStop();
  }

  el.asOfForm.addEventListener('submit', (e) => {
    e.preventDefault();
    rerun({ as_of: el.asOf.value || null });
  });
  el.asOfReset.addEventListener('click', () => {
    el.asOf.value = '';
    rerun({ as_of: null });
  });
  el.segmentsJson.addEventListener('click', () => {
    const r = ctl.state.report;
    if (r) download('segments.json', `${JSON.stringify(r, null, 2)}\n`, 'application/json');
  });

  /**
   * A fresh worker holds the current read again (main.js restartWorker): a segmentation that was running
   * is asked again, or fails with `error` when the worker died (it may have been the cause); a shown one
   * is made again there without a word (its answer, seq QUIET, is the report shown), since the analyses
   * use its groups.
   * @param {Worker} worker
   * @param {import('../../protocol.js').WorkerError} [error]
   */
  function restarted(worker, error) {
    const s = ctl.state;
    if (s.read !== host.reader.id) return;
    if (s.busy && error) onAnswer({ type: MSG.SEGMENTS, id: s.read, seq: s.seq, error });
    else if (s.busy) ctl.resend(worker);
    else if (s.report) worker.postMessage({ type: MSG.SEGMENT, id: s.read, seq: QUIET, options: setOptions(s.options) });
  }

  return {
    request,
    stop,
    reset,
    onAnswer,
    restarted,
    /** The last report shown (null: none), and a number that changes with each. */
    get report() {
      return ctl.state.report;
    },
    get shown() {
      return shown;
    },
    get running() {
      return document.body.dataset.segments === 'running';
    },
    /** Whether the user stopped the segmentation of the current read (Run again in the Segments view). */
    get stopped() {
      return document.body.dataset.segments === 'stopped';
    },
    /** Another file: the options keep all but the dates. */
    newFile() {
      ctl.set({ options: { ...ctl.state.options, as_of: null, split_date: null } });
      good = null;
      el.asOf.value = '';
    },
    /** Draws the report again (another language or currency). */
    rerender() {
      const r = ctl.state.report;
      if (!r) return;
      draw(r);
      shown++;
    },
    /** The status line in the current language. */
    restate() {
      const s = document.body.dataset.segments;
      const r = ctl.state.report;
      if (s === 'none' && !host.reader.file) setState('none', t('main.idle.segments'));
      if (s === 'done' && r) setState('done', t('main.segmented', { count: r.customers, as_of: r.as_of ?? '—', ms: Math.round(ctl.state.ms) }));
      if (s === 'running') setState('running', t('main.segmenting'));
      if (s === 'stopped') setState('stopped', t('seg.stopped'));
      drawStop();
    },
    setState,
  };
}
