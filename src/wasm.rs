//! The WebAssembly binding: the only module that knows about JavaScript. It converts options in and
//! reports out (serde-wasm-bindgen, JSON-compatible objects; the lifetime-value report, with a row per
//! customer, through `JSON.parse` and a small JavaScript builder, [`clv_to_js`]) and errors through one
//! helper; everything else is the core's.
//!
//! Protocol used by `www/worker.js`:
//! ```text
//! const s = new Session(options)        // IngestOptions as a plain object ({} = detect everything)
//! s.push(uint8array) -> {bytes, rows}   // once per chunk of the file
//! s.detection()      -> Detection|null  // available after the first 1 MiB
//! s.finish(figures)  -> DataReport      // the session keeps the Dataset; figures: a split read's (below)
//! s.pushBatch(bytes) -> {bytes, rows}   // a split read: records of the splitting worker
//! const p = new Splitter(options)       // the splitting worker's side of a split read (ingest::Splitter)
//! p.push(uint8array) -> "sample" | "sample_end" | "split" | "whole"  // what the engine does with the piece
//! p.batch(minBytes)  -> Uint8Array | undefined  // records split so far, as bytes
//! p.end()            -> SplitFigures | null      // then p.batch(0) for the last records
//! p.bytes()          -> number
//! s.segment(options) -> SegmentReport   // SegmentOptions as a plain object ({} = defaults)
//! s.clvBySegment()   -> [{segment, customers, clv, p_alive}] | null  // the last clv by the last segmentation
//! s.rules(options)   -> RulesReport     // basket::RulesOptions ({} = defaults); uses the last segmentation
//! s.clv(options)     -> ClvReport       // ClvOptions as a plain object ({} = defaults)
//! s.clvCsv()         -> string          // the last clv report's per-customer table as CSV
//! s.sequences(options) -> SequenceReport // SequenceOptions ({} = defaults; {after: "A"} = what comes next)
//! s.list(options)   -> ListOut         // a list in a platform's layout (lists::ListOptions), CSV and notes
//! s.readCustomers(bytes, options) -> CustomersSummary // a customers file (CustomersOptions), kept for profiles
//! s.dropCustomers()                    // forget the customers file
//! s.profile(options) -> ProfileReport  // ProfileOptions ({} = the best decile); with the kept customers file
//! s.profileCsv()     -> string          // the last profile's rows as CSV
//! s.walletCsv()      -> string          // the last profile's worth-winning customers as CSV
//! s.readProspects(bytes, options) -> CustomersSummary // a prospects file (CustomersOptions; id optional), kept
//! s.dropProspects()                    // forget the prospects file
//! s.prospects(options) -> ProspectsReport // ProspectsOptions ({} = best, 25 % hold-out); needs both kept files
//! s.prospectsCsv()   -> string          // the last prospects report's scores as CSV
//! s.prospectsList(options) -> ListOut   // the last report's top prospects in a platform's layout (lists::prospects)
//! s.predict(options) -> PredictReport  // PredictOptions ({} = a next purchase within 90 days); kept for its CSV
//! s.predictCsv()     -> string          // the last prediction's per-customer CSV (as `predict --out`)
//! s.forecast(options) -> ForecastReport // ForecastOptions ({} = 12 months, no groups)
//! s.compare(options) -> CompareReport  // CompareOptions ({} = the latest complete month)
//! warmUp()           -> bool            // the next piece of the engine warm-up (the worker runs them while idle)
//! errors are thrown as {code, message}
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::basket::RulesOptions;
use crate::clv::{ClvOptions, ClvReport};
use crate::dataset::Dataset;
use crate::error::{Error, ErrorCode};
use crate::ingest::{IngestOptions, Ingestor, SplitFigures};
use crate::segment::SegmentOptions;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| err(&Error::Io(e.to_string())))
}

/// Wasm memory a lifetime-value analysis takes per customer of the table beyond the table itself, about
/// (measured: +71 MB for 100,000 customers).
const CLV_BYTES_PER_CUSTOMER: usize = 640;

/// Grows the wasm memory by about `bytes` at once, for the allocator to use later: a block allocated and
/// freed at once stays with the allocator (wasm memory never shrinks). Growing it in many small steps
/// instead made V8 run a full collection at most of them.
fn reserve(bytes: usize) {
    let mut block: Vec<u8> = Vec::new();
    // Failing is harmless (no panic): the analysis then grows the memory as it goes, or reports that it cannot.
    let _ = block.try_reserve_exact(bytes);
    drop(std::hint::black_box(block));
}

/// Customers per call of the page-side builder in [`clv_to_js`] (a few MB of numbers and text each).
const CLV_CHUNK: usize = 10_000;

/// Numbers per customer in [`customer_columns`] (`clvRows` steps by the same 30): three text lengths, the
/// presence mask of the optional values, 26 values.
const CLV_NUMBERS: usize = 30;

// Builds the customers' objects in JavaScript from the numbers and text of [`customer_columns`]: one object
// literal per customer, the keys in the order of `CustomerValue`'s fields (as serde writes them). A value
// that is absent (`None`: its bit of the mask is clear) or not finite is `null`, as in serde_json's text.
#[wasm_bindgen(inline_js = r#"
const fin = (v) => (Number.isFinite(v) ? v : null);
export function clvRows(all, n, text) {
  let at = 0;
  const str = (len) => {
    if (len < 0) return null;
    const s = text.slice(at, at + len);
    at += len;
    return s;
  };
  for (let o = 0; o < n.length; o += 30) {
    const customer = str(n[o]), reason = str(n[o + 1]), next = str(n[o + 2]), m = n[o + 3];
    const opt = (bit, v) => ((m & bit) !== 0 ? fin(v) : null);
    all.push({
      customer, x: n[o + 4], t_x: fin(n[o + 5]), T: fin(n[o + 6]), monetary: fin(n[o + 7]), past_value: fin(n[o + 8]),
      p_alive: fin(n[o + 9]), expected_purchases: fin(n[o + 10]),
      expected_purchases_range: (m & 1) !== 0 ? [fin(n[o + 11]), fin(n[o + 12])] : null,
      expected_spend: opt(2, n[o + 13]), clv: opt(4, n[o + 14]),
      clv_range: (m & 8) !== 0 ? [fin(n[o + 15]), fin(n[o + 16])] : null,
      rank: n[o + 17], holdout_purchases: opt(16, n[o + 18]), holdout_predicted: opt(32, n[o + 19]),
      value_at_risk: opt(64, n[o + 20]), purchases_at_risk: fin(n[o + 21]), typical_gap: opt(128, n[o + 22]),
      silent_for: fin(n[o + 23]), risk_reason: reason, p_purchase_30: fin(n[o + 24]), p_purchase_60: fin(n[o + 25]),
      p_purchase_90: fin(n[o + 26]), next_purchase: next, overdue_by: opt(256, n[o + 27]),
      risk_rank: opt(512, n[o + 28]), overdue_rank: opt(1024, n[o + 29]),
    });
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = clvRows)]
    fn clv_rows(all: &js_sys::Array, numbers: &[f64], text: &str);
}

/// A customer's numbers for `clvRows` (appended to `numbers`) and its texts (appended to `text`, their
/// lengths in UTF-16 units, as JavaScript slices them; −1 for an absent text). Every field is named, so
/// that a new field of `CustomerValue` does not compile until it is carried here and in `clvRows`.
fn customer_columns(c: &crate::clv::CustomerValue, numbers: &mut Vec<f64>, text: &mut String) {
    let crate::clv::CustomerValue {
        customer,
        x,
        t_x,
        t,
        monetary,
        past_value,
        p_alive,
        expected_purchases,
        expected_purchases_range,
        expected_spend,
        clv,
        clv_range,
        rank,
        holdout_purchases,
        holdout_predicted,
        value_at_risk,
        purchases_at_risk,
        typical_gap,
        silent_for,
        risk_reason,
        p_purchase_30,
        p_purchase_60,
        p_purchase_90,
        next_purchase,
        overdue_by,
        risk_rank,
        overdue_rank,
    } = c;
    let mut len = |s: Option<&str>| match s {
        Some(s) => {
            text.push_str(s);
            (if s.is_ascii() { s.len() } else { s.encode_utf16().count() }) as f64
        }
        None => -1.0,
    };
    let lengths = [len(Some(customer)), len(Some(risk_reason)), len(next_purchase.as_deref())];
    // Bit k of the mask: the k-th optional value is present (`clvRows` tests 1, 2, 4, … in this order).
    let present = [
        expected_purchases_range.is_some(),
        expected_spend.is_some(),
        clv.is_some(),
        clv_range.is_some(),
        holdout_purchases.is_some(),
        holdout_predicted.is_some(),
        value_at_risk.is_some(),
        typical_gap.is_some(),
        overdue_by.is_some(),
        risk_rank.is_some(),
        overdue_rank.is_some(),
    ];
    let mask = present.iter().enumerate().fold(0u32, |m, (k, &p)| m | (u32::from(p) << k));
    let v = |o: Option<f64>| o.unwrap_or(f64::NAN);
    let [ra, rb] = expected_purchases_range.unwrap_or([f64::NAN; 2]);
    let [ca, cb] = clv_range.unwrap_or([f64::NAN; 2]);
    numbers.extend_from_slice(&lengths);
    numbers.extend_from_slice(&[
        f64::from(mask),
        f64::from(*x),
        *t_x,
        *t,
        *monetary,
        *past_value,
        *p_alive,
        *expected_purchases,
        ra,
        rb,
        v(*expected_spend),
        v(*clv),
        ca,
        cb,
        *rank as f64,
        v(holdout_purchases.map(f64::from)),
        v(*holdout_predicted),
        v(*value_at_risk),
        *purchases_at_risk,
        v(*typical_gap),
        *silent_for,
        *p_purchase_30,
        *p_purchase_60,
        *p_purchase_90,
        v(*overdue_by),
        v(risk_rank.map(|r| r as f64)),
        v(overdue_rank.map(|r| r as f64)),
    ]);
}

/// Customers as a JavaScript array of the objects [`to_js`] would make, built by `clvRows` from
/// [`CLV_CHUNK`] customers' numbers and text at a time.
fn customers_to_js(customers: &[crate::clv::CustomerValue]) -> js_sys::Array {
    let all = js_sys::Array::new();
    let (mut numbers, mut text) = (Vec::new(), String::new());
    for chunk in customers.chunks(CLV_CHUNK) {
        numbers.clear();
        text.clear();
        for c in chunk {
            customer_columns(c, &mut numbers, &mut text);
        }
        debug_assert_eq!(numbers.len(), chunk.len() * CLV_NUMBERS);
        clv_rows(&all, &numbers, &text);
    }
    all
}

/// The lifetime-value report as the object [`to_js`] would build (key order kept), made faster: the report
/// without its lists of customers as serde_json text read by the engine's `JSON.parse`, and each list by
/// [`customers_to_js`]. Building each customer's object field by field from wasm cost a call per field and
/// left the collector much garbage (docs/performance.md, "Lifetime value"). Values that are not finite are
/// `null`, as in the command line's JSON (the page shows both as a dash).
fn clv_to_js(report: &mut ClvReport) -> Result<JsValue, JsValue> {
    let io = |e: serde_json::Error| err(&Error::Io(e.to_string()));
    let lists = [
        std::mem::take(&mut report.customers),
        std::mem::take(&mut report.churn_risk.customers),
        std::mem::take(&mut report.at_risk.customers),
        std::mem::take(&mut report.timing.overdue),
    ];
    let head = serde_json::to_string(&*report);
    let [all, churn, at_risk, overdue] = lists;
    report.customers = all;
    report.churn_risk.customers = churn;
    report.at_risk.customers = at_risk;
    report.timing.overdue = overdue;
    let obj = js_sys::JSON::parse(&head.map_err(io)?)?;
    let set = |on: &JsValue, key: &str, list: &[crate::clv::CustomerValue]| -> Result<(), JsValue> {
        js_sys::Reflect::set(on, &JsValue::from_str(key), &customers_to_js(list)).map(|_| ())
    };
    let get = |key: &str| js_sys::Reflect::get(&obj, &JsValue::from_str(key));
    set(&obj, "customers", &report.customers)?;
    set(&get("churn_risk")?, "customers", &report.churn_risk.customers)?;
    set(&get("at_risk")?, "customers", &report.at_risk.customers)?;
    set(&get("timing")?, "overdue", &report.timing.overdue)?;
    Ok(obj)
}

fn err(e: &Error) -> JsValue {
    thrown(&e.to_json(), e)
}

/// Any of the core's typed errors as the thrown `{code, message}` (its text if that cannot be built).
fn thrown<J: Serialize>(json: &J, e: &dyn std::fmt::Display) -> JsValue {
    to_js(json).unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

/// Options from the page: `undefined`/`null` mean the defaults; anything unreadable is a `BadOption`.
fn parse<T: DeserializeOwned + Default>(value: JsValue, name: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| err(&Error::BadOption { option: name.into(), value: String::new(), message: e.to_string() }))
}

/// One file being read, then the table kept for analyses.
#[wasm_bindgen]
pub struct Session {
    ingestor: Option<Ingestor>,
    dataset: Option<Dataset>,
    /// The last segmentation, for customer lists and the per-customer CSV.
    segmentation: Option<crate::segment::Segmentation>,
    /// The last lifetime-value report, for its CSV.
    clv: Option<ClvReport>,
    /// How the sales file writes numbers (its attributes' bins read them).
    number: crate::ingest::number::NumberFormat,
    /// The customers file, for profiles.
    customers: Option<crate::audience::CustomerTable>,
    /// The last profile report, for its CSV.
    profile: Option<crate::audience::ProfileReport>,
    /// The prospects file, for prospects.
    prospect_rows: Option<crate::audience::CustomerTable>,
    /// The last prospects report, for its CSV.
    prospects: Option<crate::audience::ProspectsReport>,
    /// The last prediction, for its CSV.
    predicted: Option<crate::predict::PredictReport>,
}

#[wasm_bindgen]
impl Session {
    /// Starts reading a file with the user's choices.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Session, JsValue> {
        let opts: IngestOptions = parse(options, "options")?;
        Ok(Session {
            ingestor: Some(Ingestor::new(opts)),
            dataset: None,
            segmentation: None,
            clv: None,
            number: Default::default(),
            customers: None,
            profile: None,
            prospect_rows: None,
            prospects: None,
            predicted: None,
        })
    }

    /// Feeds a chunk; returns `{bytes, rows}`.
    pub fn push(&mut self, chunk: &[u8]) -> Result<JsValue, JsValue> {
        let ing = self.ingestor.as_mut().ok_or_else(|| err(&Error::Io("the file was already finished".into())))?;
        ing.push(chunk).map_err(|e| err(&e))?;
        to_js(&ing.progress())
    }

    /// What detection decided, once the sample has been read (`null` before).
    pub fn detection(&self) -> Result<JsValue, JsValue> {
        match self.ingestor.as_ref().and_then(Ingestor::detection) {
            Some(d) => to_js(d),
            None => Ok(JsValue::NULL),
        }
    }

    /// Builds the table from a batch of records of the splitting worker (`Splitter.batch`); returns
    /// `{bytes, rows}` (`bytes`: those the building side was given).
    #[wasm_bindgen(js_name = pushBatch)]
    pub fn push_batch(&mut self, batch: &[u8]) -> Result<JsValue, JsValue> {
        let ing = self.ingestor.as_mut().ok_or_else(|| err(&Error::Io("the file was already finished".into())))?;
        ing.push_batch(batch).map_err(|e| err(&e))?;
        to_js(&ing.progress())
    }

    /// Ends the file; returns the data report. `figures` (`Splitter.end`'s) ends a split read; undefined or
    /// null, a read of every piece.
    pub fn finish(&mut self, figures: JsValue) -> Result<JsValue, JsValue> {
        let ing = self.ingestor.take().ok_or_else(|| err(&Error::Io("the file was already finished".into())))?;
        let figures: Option<SplitFigures> = parse(figures, "figures")?;
        let (data, report) = match figures {
            Some(f) => ing.finish_split(f),
            None => ing.finish(),
        }
        .map_err(|e| err(&e))?;
        self.dataset = Some(data);
        self.number = crate::audience::number_format(&report);
        to_js(&report)
    }

    /// Segments the customers of the kept table: profiles, RFM, deciles, concentration (the report only;
    /// per-customer rows stay here).
    pub fn segment(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: SegmentOptions = parse(options, "options")?;
        let s = crate::segment::segment(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        let report = to_js(&s.report);
        self.segmentation = Some(s);
        report
    }

    /// Market baskets of the kept table: frequent itemsets and rules (`segment` and `compare_by` use the
    /// last segmentation).
    pub fn rules(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: RulesOptions = parse(options, "options")?;
        let report = crate::basket::mine(ds, &opts, self.segmentation.as_ref()).map_err(|e| thrown(&e.to_json(), &e))?;
        to_js(&report)
    }

    /// Customer lifetime value of the kept table: BG/NBD and Gamma-Gamma fits, per-customer P(alive),
    /// expected purchases, spend and CLV, the holdout check.
    pub fn clv(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: ClvOptions = parse(options, "options")?;
        reserve(ds.customers.len().saturating_mul(CLV_BYTES_PER_CUSTOMER));
        let mut v = crate::clv::clv(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        let report = clv_to_js(&mut v.report);
        self.clv = Some(v.report);
        report
    }

    /// The last lifetime-value report's per-customer table as CSV text (spreadsheet-safe).
    #[wasm_bindgen(js_name = clvCsv)]
    pub fn clv_csv(&self) -> Result<String, JsValue> {
        let r = self.clv.as_ref().ok_or_else(|| err(&Error::Io("no lifetime-value report yet: run clv first".into())))?;
        let mut out = Vec::new();
        crate::clv::export::write_csv(&mut out, r).map_err(|e| err(&Error::Io(e.to_string())))?;
        String::from_utf8(out).map_err(|e| err(&Error::Io(e.to_string())))
    }

    /// The last lifetime-value report summed by the last segmentation's RFM segment
    /// (`[{segment, customers, clv, p_alive}]`, most value first), or null without both.
    #[wasm_bindgen(js_name = clvBySegment)]
    pub fn clv_by_segment(&self) -> Result<JsValue, JsValue> {
        match (&self.dataset, &self.segmentation, &self.clv) {
            (Some(ds), Some(s), Some(r)) => to_js(&crate::clv::by_segment(r, ds, s)),
            _ => Ok(JsValue::NULL),
        }
    }

    /// Who buys next and how much (`crate::predict`): options `{as_of, horizon_days, target, penalty}`,
    /// the report as the command line's `predict --json`.
    pub fn predict(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::predict::PredictOptions = parse(options, "options")?;
        let report = crate::predict::predict(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        let out = to_js(&report);
        self.predicted = Some(report);
        out
    }

    /// The last prediction's per-customer CSV (spreadsheet-safe; the command line's `predict --out`).
    #[wasm_bindgen(js_name = predictCsv)]
    pub fn predict_csv(&self) -> Result<String, JsValue> {
        let r = self.predicted.as_ref().ok_or_else(|| err(&Error::Io("no prediction yet: run predict first".into())))?;
        Ok(crate::predict::export::csv_text(r))
    }

    /// Revenue ahead (`crate::forecast`): options `{as_of, horizon_months, by}`, the report as the command
    /// line's `forecast --json`.
    pub fn forecast(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::forecast::ForecastOptions = parse(options, "options")?;
        let report = crate::forecast::forecast(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        to_js(&report)
    }

    /// Compare periods (`crate::compare`): options `{as_of, period, at}`, the report as the command line's
    /// `compare --json`.
    pub fn compare(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::compare::CompareOptions = parse(options, "options")?;
        let report = crate::compare::compare(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        to_js(&report)
    }

    /// Sequential patterns and timed rules "A, then B within N days" of the kept table.
    pub fn sequences(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::sequence::SequenceOptions = parse(options, "options")?;
        let report = crate::sequence::sequences(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        to_js(&report)
    }

    /// The items of the sequence analysis (`item_key`, `element` and `as_of` of the options apply), most
    /// customers first: `[{item, name?, customers}]`, for the page's item picker and pattern labels.
    #[wasm_bindgen(js_name = sequenceItems)]
    pub fn sequence_items(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::sequence::SequenceOptions = parse(options, "options")?;
        to_js(&crate::sequence::items(ds, &opts).map_err(|e| thrown(&e.to_json(), &e))?)
    }

    /// A page of the last segmentation's customers: `{by, value, offset, limit}` → `{total, offset, rows}`.
    pub fn customers(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let (ds, s) = self.segmented()?;
        let q: crate::segment::listing::CustomerQuery = parse(query, "query")?;
        let page = crate::segment::listing::customers(ds, s, &q).map_err(|e| thrown(&e.to_json(), &e))?;
        to_js(&page)
    }

    /// The last segmentation's per-customer table as CSV text (spreadsheet-safe).
    #[wasm_bindgen(js_name = customersCsv)]
    pub fn customers_csv(&self) -> Result<String, JsValue> {
        let (ds, s) = self.segmented()?;
        let mut out = Vec::new();
        crate::segment::export::write_customers_csv(&mut out, ds, s).map_err(|e| err(&Error::Io(e.to_string())))?;
        String::from_utf8(out).map_err(|e| err(&Error::Io(e.to_string())))
    }

    /// A list of the last segmentation's customers in a platform's layout (`lists::ListOptions`) →
    /// `{csv, customers, layout, hashed, tag, found, notes, reasons}`; `best_expected` ranks by the last
    /// lifetime-value report (an error saying so without one); contacts also from the kept customers file.
    pub fn list(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let (ds, s) = self.segmented()?;
        let o: crate::lists::ListOptions = parse(options, "options")?;
        let mut values = self.clv.as_ref().map(|r| r.customers.iter().map(|c| (c.customer.as_str(), c.clv, c.p_alive)));
        let values = values.as_mut().map(|i| i as &mut dyn Iterator<Item = _>);
        let out = crate::lists::list_out(ds, s, self.customers.as_ref(), &o, values).map_err(|e| err(&e.into()))?;
        to_js(&out)
    }

    /// Reads a customers file (bytes of CSV, gzip or a workbook) and keeps it for profiles; returns what
    /// was read (rows, ids, duplicates, the id column, the attribute columns).
    #[wasm_bindgen(js_name = readCustomers)]
    pub fn read_customers(&mut self, bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::audience::CustomersOptions = parse(options, "options")?;
        let table = crate::audience::read_customers(bytes, &opts).map_err(|e| err(&e))?;
        let summary = to_js(&table.summary);
        self.customers = Some(table);
        summary
    }

    /// Forgets the customers file.
    #[wasm_bindgen(js_name = dropCustomers)]
    pub fn drop_customers(&mut self) {
        self.customers = None;
    }

    /// Profiles a group of the kept table's customers by attribute (with the kept customers file, if any).
    pub fn profile(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::audience::ProfileOptions = parse(options, "options")?;
        let sales = crate::audience::Sales { data: ds, number: self.number };
        let r = crate::audience::profile(sales, self.customers.as_ref(), &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        let report = to_js(&r);
        self.profile = Some(r);
        report
    }

    /// The last profile's rows as CSV text (spreadsheet-safe).
    #[wasm_bindgen(js_name = profileCsv)]
    pub fn profile_csv(&self) -> Result<String, JsValue> {
        let r = self.profile.as_ref().ok_or_else(|| err(&Error::Io("no profile yet: run profile first".into())))?;
        let mut out = Vec::new();
        crate::audience::export::write_csv(&mut out, r).map_err(|e| err(&Error::Io(e.to_string())))?;
        String::from_utf8(out).map_err(|e| err(&Error::Io(e.to_string())))
    }

    /// The last profile's worth-winning customers (share of wallet) as CSV text.
    #[wasm_bindgen(js_name = walletCsv)]
    pub fn wallet_csv(&self) -> Result<String, JsValue> {
        let r = self.profile.as_ref().ok_or_else(|| err(&Error::Io("no profile yet: run profile first".into())))?;
        let mut out = Vec::new();
        crate::audience::wallet::write_csv(&mut out, &r.share_of_wallet).map_err(|e| err(&Error::Io(e.to_string())))?;
        String::from_utf8(out).map_err(|e| err(&Error::Io(e.to_string())))
    }

    /// Reads a prospects file (its id column optional) and keeps it; returns what was read.
    #[wasm_bindgen(js_name = readProspects)]
    pub fn read_prospects(&mut self, bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::audience::CustomersOptions = parse(options, "options")?;
        let table = crate::audience::customers::read_rows(bytes, &opts).map_err(|e| err(&e))?;
        let summary = to_js(&table.summary);
        self.prospect_rows = Some(table);
        summary
    }

    /// Forgets the prospects file.
    #[wasm_bindgen(js_name = dropProspects)]
    pub fn drop_prospects(&mut self) {
        self.prospect_rows = None;
        self.prospects = None;
    }

    /// Scores the kept prospects with a model of the group learned from the kept customers file.
    pub fn prospects(&mut self, options: JsValue) -> Result<JsValue, JsValue> {
        let ds = self.table()?;
        let opts: crate::audience::ProspectsOptions = parse(options, "options")?;
        let customers = self.customers.as_ref().ok_or_else(|| err(&Error::Io("no customers file yet: read one first".into())))?;
        let prospects = self.prospect_rows.as_ref().ok_or_else(|| err(&Error::Io("no prospects file yet: read one first".into())))?;
        let sales = crate::audience::Sales { data: ds, number: self.number };
        let r = crate::audience::prospects(sales, customers, prospects, &opts).map_err(|e| thrown(&e.to_json(), &e))?;
        let report = to_js(&r);
        self.prospects = Some(r);
        report
    }

    /// The last prospects report's scores as CSV text (spreadsheet-safe).
    #[wasm_bindgen(js_name = prospectsCsv)]
    pub fn prospects_csv(&self) -> Result<String, JsValue> {
        let r = self.prospects.as_ref().ok_or_else(|| err(&Error::Io("no prospects yet: run prospects first".into())))?;
        let mut out = Vec::new();
        crate::audience::prospects::write_csv(&mut out, r).map_err(|e| err(&Error::Io(e.to_string())))?;
        String::from_utf8(out).map_err(|e| err(&Error::Io(e.to_string())))
    }

    /// The last prospects report's top prospects as a list in a platform's layout
    /// (`lists::prospects::ProspectListOptions`; `{}` = decile 1, plain).
    #[wasm_bindgen(js_name = prospectsList)]
    pub fn prospects_list(&self, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: crate::lists::prospects::ProspectListOptions = parse(options, "options")?;
        let r = self.prospects.as_ref().ok_or_else(|| err(&Error::Io("no prospects yet: run prospects first".into())))?;
        let table = self.prospect_rows.as_ref().ok_or_else(|| err(&Error::Io("no prospects file yet: read one first".into())))?;
        let out = crate::lists::prospects::prospect_list_out(table, r, &opts).map_err(|e| err(&Error::from(e)))?;
        to_js(&out)
    }

    fn table(&self) -> Result<&Dataset, JsValue> {
        self.dataset.as_ref().ok_or_else(|| err(&Error::Io("no table yet: finish reading a file first".into())))
    }

    fn segmented(&self) -> Result<(&Dataset, &crate::segment::Segmentation), JsValue> {
        match (&self.dataset, &self.segmentation) {
            (Some(d), Some(s)) => Ok((d, s)),
            _ => Err(err(&Error::Io("no segmentation yet: segment the customers first".into()))),
        }
    }

    /// Rows in the kept table (0 before `finish`).
    #[wasm_bindgen(js_name = tableRows)]
    pub fn table_rows(&self) -> usize {
        self.dataset.as_ref().map_or(0, |d| d.len)
    }
}

/// The defaults and presets of the page's forms (the core's `defaults`): the page keeps no copy.
#[wasm_bindgen(js_name = formDefaults)]
pub fn form_defaults() -> Result<JsValue, JsValue> {
    to_js(&crate::defaults::form_defaults())
}

/// Runs the next short piece of the engine's warm-up (see the core's `warmup`); returns true while some remain.
#[wasm_bindgen(js_name = warmUp)]
pub fn warm_up() -> bool {
    crate::warmup::step()
}

/// A seeded synthetic shop as CSV bytes (the page's "load sample data").
#[wasm_bindgen(js_name = sampleCsv)]
pub fn sample_csv(rows: u32, seed: u32) -> Vec<u8> {
    crate::synth::csv_bytes(&crate::synth::ShopParams { rows: rows as u64, seed: seed as u64, ..Default::default() })
}

/// The splitting worker's side of a read on two workers (`ingest::Splitter`; the protocol in the module's
/// doc, the workers' in `www/split.js`).
#[wasm_bindgen]
pub struct Splitter(crate::ingest::Splitter);

#[wasm_bindgen]
impl Splitter {
    /// A splitter with the read's options (the engine's Session gets the same).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Splitter, JsValue> {
        Ok(Splitter(crate::ingest::Splitter::new(parse(options, "options")?)))
    }

    /// Reads the next piece; what the engine does with it (`SplitStep`, as text).
    pub fn push(&mut self, piece: &[u8]) -> Result<JsValue, JsValue> {
        let step = self.0.push(piece).map_err(|e| err(&e))?;
        to_js(&step)
    }

    /// The records split since the last call as bytes, when they hold at least `min_bytes` of text.
    pub fn batch(&mut self, min_bytes: usize) -> Result<Option<Vec<u8>>, JsValue> {
        self.0.batch(min_bytes).map_err(|e| err(&e))
    }

    /// Ends the file: the figures for the engine's `finish`, or null when the engine read every piece.
    pub fn end(&mut self) -> Result<JsValue, JsValue> {
        match self.0.end().map_err(|e| err(&e))? {
            Some(f) => to_js(&f),
            None => Ok(JsValue::NULL),
        }
    }

    /// Bytes of the file read so far.
    pub fn bytes(&self) -> f64 {
        self.0.bytes() as f64
    }
}
