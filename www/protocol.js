// @ts-check
// The message protocol between the page (main.js, read.js, analyses.js) and the worker (worker.js).
// Every message is a plain object {type, id, ...}; `id` numbers one read of one file, so the page can
// drop messages from a read it has already replaced or cancelled.

export const MSG = Object.freeze({
  // page -> worker
  /** {id, file: File, options: IngestOptions}: read the file (replaces any read in progress). */
  START: 'start',
  /** {id}: stop the read with this id between two chunks. */
  CANCEL: 'cancel',
  /** {rows, seed}: make a synthetic shop CSV (answered with SAMPLE_READY, or ERROR with id null). */
  SAMPLE: 'sample',
  /** {id, seq, options: SegmentOptions}: segment the customers of the finished read `id` (its kept table);
   *  `seq` numbers the requests of one read (a new as-of date replaces the request before). */
  SEGMENT: 'segment',
  /** {id, seq, query: {by, value, offset, limit}} or {id, seq, query: {by, value}, all: true} or
   *  {id, seq, csv: true} or {id, seq, list: ListOptions}: a page of the last segmentation's customers,
   *  every customer of one group, the whole per-customer table as CSV text, or a list in a platform's
   *  layout (src/lists: Mailchimp, Klaviyo, Google, Meta; best and worst with reasons). */
  CUSTOMERS: 'customers',
  /** {id, seq, options: ClvOptions}: the lifetime-value analysis of the finished read `id` (src/clv). */
  CLV: 'clv',
  /** {id, seq, options: RulesOptions}: mine the baskets of the finished read `id` (src/basket/params.rs). */
  RULES: 'rules',

  /** {id, seq, options: SequenceOptions, items: bool}: the Sequences view's analyses of read `id`: the
   *  patterns and the timed rules of all items, and (options.after set) the timed rules after that item;
   *  `items` also asks for the item list. */
  SEQUENCES: 'sequences',
  /** {id, seq, options: ProfileOptions, customers: {key, bytes: ArrayBuffer, options: CustomersOptions} | null,
   *  prospects: {key, bytes, options} | null}: the Profiles view's profile of read `id` (src/audience);
   *  `customers` is the customers file to join, `prospects` the prospects file to score (with a customers
   *  file), each read again only when its `key` or the read changes. */
  PROFILE: 'profile',
  /** {id, seq, list: ProspectListOptions {layout, hash, tag, deciles, top}}: the last prospects report's top
   *  prospects as a list in a platform's layout (src/lists/prospects.rs, Session.prospectsList). */
  PROSPECT_LIST: 'prospect-list',
  /** {id, seq, options: PredictOptions}: who buys next and how much (src/predict, Session.predict). */
  PREDICT: 'predict',
  /** {id, seq, options: ForecastOptions}: revenue ahead (src/forecast, Session.forecast). */
  FORECAST: 'forecast',
  /** {id, seq, options: CompareOptions}: a period against the previous one and a year earlier (src/compare,
   *  Session.compare). */
  COMPARE: 'compare',

  // worker -> page
  /** {wasmBytes, defaults: FormDefaults}: the wasm module is loaded and ready; `defaults` are the core's
   *  defaults and presets for the page's forms (src/defaults.rs, kept by defaults.js). */
  READY: 'ready',
  /** {id, bytes, total, rows, finishing}: throttled to about 10 per second. */
  PROGRESS: 'progress',
  /** {id, detection}: what detection decided, once the first MiB has been examined. */
  DETECTION: 'detection',
  /** {id, report, ms, wasmBytes, tableRows, workers}: the data report of a finished read; `workers` is 2 when
   *  the file was split into records in a second worker (SPLIT), 1 when the engine read it alone. */
  REPORT: 'report',
  /** {id, error: {code, message, fatal}}: the read failed; `fatal` means the worker must be replaced. */
  ERROR: 'error',
  /** {id}: the read stopped because it was cancelled or replaced. */
  CANCELLED: 'cancelled',
  /** {bytes: ArrayBuffer, name}: the sample CSV; the page wraps it in a File and reads it like any other. */
  SAMPLE_READY: 'sample-ready',
  /** {id, seq, report, ms} or {id, seq, error: {code, message, fatal}}: the answer to SEGMENT. The data
   *  report stays valid either way; `fatal` means the worker must be replaced. */
  SEGMENTS: 'segments',
  /** {id, seq, page: {total, offset, rows}} or {id, seq, all: {total, rows}} or {id, seq, csv: string} or
   *  {id, seq, list: ListOut {csv, customers, layout, hashed, tag, found, notes, reasons}} or {id, seq, error}:
   *  the answer to CUSTOMERS. */
  CUSTOMER_LIST: 'customer-list',
  /** {id, seq, report, csv, ms} or {id, seq, error: {code, message, fatal}}: the answer to CLV; `csv` is the
   *  whole per-customer table (Session.clvCsv). */
  CLV_REPORT: 'clv-report',
  /** {id, seq, report, ms} or {id, seq, error: {code, message, fatal}}: the answer to RULES. */
  BASKETS: 'baskets',
  /** {id, seq, overall, target, items, ms} or with `error` / `targetError` ({code, message, fatal}) instead:
   *  the answer to SEQUENCES (`target` is null without options.after). */
  SEQUENCE_REPORT: 'sequence-report',
  /** {id, seq, report, csv, walletCsv, prospects?, prospectsCsv?, prospectsError?, ms} or {id, seq, error:
   *  {code, message, fatal, customers}}: the answer to PROFILE (`csv`: Session.profileCsv; `walletCsv`: the
   *  worth-winning customers; `prospects`: the ProspectsReport when a prospects file was given, or
   *  `prospectsError` when it could not be read or scored; `error.customers`: the customers file could not
   *  be read). */
  PROFILE_REPORT: 'profile-report',
  /** {id, seq, list: ListOut {csv, customers, layout, hashed, tag, found, notes, reasons}} or {id, seq, error}:
   *  the answer to PROSPECT_LIST. */
  PROSPECT_LIST_FILE: 'prospect-list-file',
  /** {id, seq, report: PredictReport, csv, ms} or {id, seq, error}: the answer to PREDICT (`csv`: every
   *  customer's chance, expected spend and reasons, as `clientela predict --out`). */
  PREDICT_REPORT: 'predict-report',
  /** {id, seq, report: ForecastReport, ms} or {id, seq, error}: the answer to FORECAST. */
  FORECAST_REPORT: 'forecast-report',
  /** {id, seq, report: CompareReport, ms} or {id, seq, error}: the answer to COMPARE. */
  COMPARE_REPORT: 'compare-report',
});

/**
 * The read on two workers: the engine worker (worker.js) starts a splitting worker (split.js) inside itself
 * and hands it the compiled wasm module; for each read, the splitter reads the File, decompresses, decodes
 * and splits the text into records (src/ingest/ahead.rs, Splitter) and the engine builds the table from
 * them (Session.pushBatch). Every message after INIT carries the read's `id`; the engine drops the
 * splitter's messages of any other read.
 */
export const SPLIT = Object.freeze({
  // engine -> splitter
  /** {module: WebAssembly.Module}: instantiate the engine's module (answered with READY or FAILED). */
  INIT: 'split-init',
  /** {id, file: File, options: IngestOptions}: read the file. */
  START: 'split-start',
  /** {id}: the engine has built the table from one more batch (the splitter keeps at most SPLIT_AHEAD waiting). */
  ACK: 'split-ack',
  /** {id}: stop reading. */
  CANCEL: 'split-cancel',
  // splitter -> engine
  /** {}: the splitter is ready for reads. */
  READY: 'split-ready',
  /** {message}: the splitter cannot read (the engine reads alone). */
  FAILED: 'split-failed',
  /** {id, piece: ArrayBuffer}: a piece of the file for the engine to push itself (up to the end of the
   *  sample, which both then read at once; or every piece of a file the splitter does not split: a workbook). */
  RAW: 'split-raw',
  /** {id, batch: ArrayBuffer, bytes}: records, for Session.pushBatch; `bytes` of the file read so far. */
  BATCH: 'split-batch',
  /** {id, figures: SplitFigures | null, bytes}: the file has ended; `figures` for Session.finish. */
  END: 'split-end',
  /** {id, error: {code, message}}: the read failed (after every batch before it). */
  ERROR: 'split-error',
});

/** Batches the splitter may send ahead of the engine's building (memory: about 1 MB each). */
export const SPLIT_AHEAD = 4;

/** Minimum time between two progress messages. */
export const PROGRESS_INTERVAL_MS = 100;

/** Error codes made by the page and the worker (the core's codes are listed in src/error.rs). */
export const ENGINE_ERROR = 'engine';

// The messages' types, for the `// @ts-check` files. The core's types come from its Rust structs
// (www/types/core.d.ts, generated by src/ts.rs); options are sent partial (the core fills in defaults).

/** @typedef {Partial<import('./types/core').ErrorJson> & {code: string, message: string, fatal: boolean, customers?: boolean}} WorkerError an error as the worker posts it: the core's code and message (ErrorJson), and whether the worker must be replaced */

/**
 * A request of an analysis of the kept table of read `id` (`seq` numbers the requests of one kind).
 * @typedef {object} Ask
 * @property {string} type one of the page -> worker types of MSG
 * @property {number} id the read whose table is analysed
 * @property {number | string} seq
 * @property {any} [options] the analysis's options (Partial<SegmentOptions>, Partial<RulesOptions>, …)
 */

/**
 * The answer to an Ask: the same `type` pairs' answer type, `id` and `seq`, then the answer's fields
 * (`report`, `csv`, …) and the time taken, or `error`.
 * @typedef {{type: string, id: number, seq: number | string, ms?: number, error?: WorkerError, [field: string]: any}} Answer
 */

/**
 * REPORT: the data report of a finished read.
 * @typedef {{type: 'report', id: number, report: import('./types/core').DataReport, ms: number, wasmBytes: number, tableRows: number, wallMs?: number}} ReportMessage
 */

/** @typedef {{type: 'progress', id: number, bytes: number, total: number, rows: number | null, finishing: boolean}} ProgressMessage */

/** @typedef {{type: 'ready', wasmBytes: number, defaults: import('./types/core').FormDefaults}} ReadyMessage */
