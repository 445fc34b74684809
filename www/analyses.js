// @ts-check
// The views' analyses other than the segmentation (lifetime value, baskets, sequences, profiles,
// prospect lists, predictions, the forecast): one request controller each (requests.js: one state shape,
// only the latest answer of the current read kept), the request functions the views call through `ctx`,
// and what `update()` receives of them.

import { MSG } from './protocol.js';
import { createAnalysis } from './requests.js';
import { downloadCsv, csvName } from './csv.js';
import { rulesStart, forecastStart } from './defaults.js';

/** Whether a read's data report has a column of item names. */
const hasItemNames = (/** @type {any} */ report) => Boolean(report?.columns?.some((/** @type {any} */ c) => c.role === 'item_name'));

/**
 * @param {object} host
 * @param {number} host.maxMemoryMb
 * @param {() => Worker | null} host.worker
 * @param {() => Worker} host.ensureWorker
 * @param {{id: number, busy: boolean, report: any}} host.reader the read (read.js)
 * @param {() => void} host.refreshViews
 * @param {(error?: any) => void} host.restart replaces the worker and reloads the current file into the new
 *   one under the same read id (main.js restartWorker); `error`: the worker died of it
 */
export function createAnalyses(host) {
  const { maxMemoryMb, refreshViews } = host;
  /** Whether the current read has a table to analyse. */
  const noTable = () => host.reader.busy || !host.reader.report;

  // Baskets (views/baskets/): the rules of the kept table, mined with the view's options (first the core's
  // page preset, src/basket/params.rs: 1 % of the baskets, confidence 0.3, a second or two on 20,000
  // baskets) when the view is first shown after a read, and again when they change.
  const rulesAnalysis = createAnalysis({
    type: MSG.RULES,
    // Every item in the report's frequency list (at most the core's 100,000): the view suggests them in its
    // item fields. Only that list grows; the itemsets listed stay at the default 100.
    // Items by name when the file has names (codes when the user asks for them, or when it has none).
    message: (s) => ({ options: { max_items: 100_000, item_key: hasItemNames(host.reader.report) ? 'name' : 'code', ...s.options } }),
    failed: () => ({ report: null }),
  });

  /** Mines the current read's baskets with `options` (RulesOptions; none: the last ones). */
  function requestRules(options) {
    if (options) rulesAnalysis.set({ options: { ...options } });
    // The core's preset arrives with READY, before any request.
    else if (!rulesAnalysis.state.options) rulesAnalysis.set({ options: rulesStart() });
    if (noTable() || !host.worker()) return;
    rulesAnalysis.request(host.worker(), host.reader.id);
    refreshViews();
  }

  // The Value view's lifetime-value analysis (views/value/ owns its options and asks for each run).
  const clvAnalysis = createAnalysis({ type: MSG.CLV, blank: { report: null, csv: null }, answer: (m) => ({ report: m.report, csv: m.csv, bySegment: m.bySegment ?? null }) });

  function requestClv(options) {
    if (noTable()) return;
    clvAnalysis.request(host.ensureWorker(), host.reader.id, options);
    refreshViews();
  }

  // The Predict view (views/predict/): who buys next and how much; revenue ahead (also drawn by the
  // Overview's monthly chart, which asks for it with the last options).
  const predictAnalysis = createAnalysis({ type: MSG.PREDICT, blank: { report: null, csv: null }, answer: (m) => ({ report: m.report, csv: m.csv }) });
  const forecastAnalysis = createAnalysis({ type: MSG.FORECAST });

  // The Overview's comparison of periods (views/overview/compare.js): month, quarter or year.
  // Its first options are the core's (views/overview/compare.js asks with them).
  const compareAnalysis = createAnalysis({ type: MSG.COMPARE });

  function requestCompare(options) {
    if (noTable()) return;
    compareAnalysis.request(host.ensureWorker(), host.reader.id, options);
    refreshViews();
  }

  function requestPredict(options) {
    if (noTable()) return;
    predictAnalysis.request(host.ensureWorker(), host.reader.id, options);
    refreshViews();
  }

  function requestForecast(options) {
    if (noTable()) return;
    // The Overview asks with the last options; before any, the core's (READY came before any table).
    if (options === undefined && !forecastAnalysis.state.options) options = forecastStart();
    forecastAnalysis.request(host.ensureWorker(), host.reader.id, options);
    refreshViews();
  }

  // Sequences (views/sequences/): the patterns and timed rules, the answer kept whole as `reply` (its
  // `error` and `targetError` included); the item list once per read.
  const sequencesAnalysis = createAnalysis({
    type: MSG.SEQUENCES,
    blank: { reply: null, items: null },
    answer: (m, s) => ({ reply: m, items: m.items ?? s.items }),
    failed: (m, s) => ({ reply: m, items: m.items ?? s.items }),
  });

  /** Runs the Sequences view's analyses with `options` on the current read's table (`items`: also the item list). */
  function requestSequences(options, items) {
    if (noTable() || !host.worker()) return;
    sequencesAnalysis.request(host.worker(), host.reader.id, options, { items: Boolean(items) });
    refreshViews();
  }

  // The Profiles view (views/profiles/): the profile of a group by attribute, with an optional customers
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
    if (noTable()) return;
    profileAnalysis.request(host.ensureWorker(), host.reader.id);
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
    if (noTable() || !host.worker()) return;
    prospectListAnalysis.request(host.worker(), host.reader.id, list);
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
    const p = profileAnalysis.current(host.reader.id, host.reader.busy);
    return p && { ...p, prospectList: prospectListAnalysis.current(host.reader.id, host.reader.busy) };
  }

  const all = [clvAnalysis, rulesAnalysis, sequencesAnalysis, profileAnalysis, predictAnalysis, forecastAnalysis, compareAnalysis];
  /** The analyses by the names of their request functions (ctx.stop names them so). */
  const BY_NAME = { clv: clvAnalysis, rules: rulesAnalysis, sequences: sequencesAnalysis, profile: profileAnalysis, predict: predictAnalysis, forecast: forecastAnalysis, compare: compareAnalysis, prospectList: prospectListAnalysis };
  /** The analyses of the current read waiting for an answer. */
  const pending = () => Object.values(BY_NAME).filter((a) => a.state.busy && a.state.read === host.reader.id);

  /**
   * Stop (a view's button): the worker runs one thing at a time and cannot be interrupted, so the named
   * analyses that are running or waiting are marked stopped and the worker is replaced by a fresh one,
   * into which the file is read again under the same read id (host.restart). The view shows "Stopped."
   * and asks again only when the user says so (Run again), also after it is shown again.
   * The other analyses that were waiting in the killed worker were not asked to stop: they are asked
   * again in the fresh one (resend), so their views get their answers as if nothing happened.
   * @param {string[]} names request function names (clv, rules, sequences, predict, forecast, …)
   */
  function stop(names) {
    const stopping = names.map((n) => BY_NAME[n]).filter((a) => a && pending().includes(a));
    if (!stopping.length) return;
    for (const a of stopping) a.stop();
    host.restart();
    refreshViews();
  }

  /** The analysis that each answer's type belongs to. */
  const BY_ANSWER = { [MSG.CLV_REPORT]: clvAnalysis, [MSG.BASKETS]: rulesAnalysis, [MSG.SEQUENCE_REPORT]: sequencesAnalysis, [MSG.PROFILE_REPORT]: profileAnalysis, [MSG.PREDICT_REPORT]: predictAnalysis, [MSG.FORECAST_REPORT]: forecastAnalysis, [MSG.COMPARE_REPORT]: compareAnalysis };

  return {
    /** The request functions the views call through `ctx`. */
    ctx: { stop, clv: requestClv, rules: requestRules, sequences: requestSequences, profile: requestProfile, customersFile: setCustomersFile, prospectsFile: setProspectsFile, prospectList: requestProspectList, predict: requestPredict, forecast: requestForecast, compare: requestCompare, customersIdColumn: setCustomersIdColumn },
    /** What the views' `update()` receives of the analyses. */
    viewState() {
      const { id, busy } = host.reader;
      return {
        clv: clvAnalysis.current(id, busy),
        sequences: sequencesAnalysis.current(id, busy),
        profile: profileView(),
        predict: predictAnalysis.current(id, busy),
        forecast: forecastAnalysis.current(id, busy),
        compare: compareAnalysis.current(id, busy),
        baskets: rulesAnalysis.current(id, busy),
      };
    },
    /** Takes an answer of the worker; false when `m` is not one of these analyses' answers. */
    onAnswer(m) {
      if (m.type !== MSG.PROSPECT_LIST_FILE && !BY_ANSWER[m.type]) return false;
      if (m.type === MSG.PROSPECT_LIST_FILE) saveProspectList(m);
      else if (BY_ANSWER[m.type].answer(m)) refreshViews();
      // The engine broke (a trap, out of memory): its table is gone. A fresh worker reads the file again.
      const fatal = m.error?.fatal ? m.error : m.targetError?.fatal ? m.targetError : null;
      if (fatal) host.restart(fatal);
      return true;
    },
    /** Asks a fresh worker again for every analysis of the current read still waiting (after a Stop). */
    resend(worker) {
      for (const a of pending()) a.resend(worker);
    },
    /**
     * The worker died (`error`): every analysis of the current read still waiting fails with it, and the
     * view offers to run it again. None is asked again by itself: the same request might break the
     * engine again (out of memory), and the page would then read the file again and again.
     */
    fail(error) {
      for (const a of pending()) a.fail(error);
      refreshViews();
    },
    /** Whether an analysis of the current read is running. */
    running: () => all.some((a) => a.state.busy && a.state.read === host.reader.id),
  };
}
