//! Detection from a sample at the start of the text: delimiter, line ending, header, layout, column roles,
//! number format, date format and the cancellation marker of order ids. Every decision comes with a note
//! saying how it was made, and every one can be overridden by [`IngestOptions`].

use serde::{Deserialize, Serialize};

use super::content::{self, Decisions, RoleReason};
use super::date::{self, DateFormat};
use super::number::{self, NumberFormat};
use super::roles::{self, Role};
use super::tokenizer::{Dialect, FieldsRef, RecordMut, Tokenizer};
use crate::dataset::Layout;
use crate::error::Error;
use crate::ingest::decode::Encoding;
use crate::notice::Notice;
use serde_json::json;

/// Records examined for detection.
const SAMPLE_RECORDS: usize = 2_000;

/// A column choice made by the user: `column` is a header name (case-insensitive) or a 1-based number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ColumnChoice {
    /// Header name or 1-based column number.
    pub column: String,
    /// Role to give it; `ignore` or `attribute` to take a role away.
    pub role: Role,
}

/// User overrides. Every `None` means "detect"; the same struct comes from CLI flags and from the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct IngestOptions {
    /// Text encoding.
    pub encoding: Option<Encoding>,
    /// Field delimiter (`,` `;` `\t` `|` ` ` or any single ASCII character).
    pub delimiter: Option<char>,
    /// Whether the first line is a header.
    pub header: Option<bool>,
    /// Line items or baskets.
    pub layout: Option<Layout>,
    /// Column roles chosen by the user, applied after detection in order.
    pub columns: Vec<ColumnChoice>,
    /// Date format.
    pub date_format: Option<DateFormat>,
    /// Decimal comma (`true`) or point (`false`).
    pub decimal_comma: Option<bool>,
    /// Memory limit for the table, in MB (the page sets one; the CLI has none by default).
    pub max_memory_mb: Option<u64>,
    /// Sheet of a workbook (.xlsx, .xls, .ods): its name or 1-based number; by default the first with data.
    pub sheet: Option<String>,
    /// Size of the whole file in bytes, when known (the page's `File.size`, the command line's file
    /// length): the table's columns are then sized once for the rows the file should hold, estimated from
    /// its first MiB, instead of growing as rows come (uncompressed text only).
    pub expected_bytes: Option<u64>,
}

/// How a column's role was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RoleSource {
    /// From the header name.
    Header,
    /// From a recognised platform export's documented column list.
    Platform,
    /// From the values (no header, or no header name matched).
    Content,
    /// Chosen by the user.
    User,
    /// Nothing matched: kept as an attribute.
    Default,
}

/// One column as detected.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Column {
    /// 0-based position.
    pub index: usize,
    /// Header name, or `column N` without a header.
    pub name: String,
    /// Role.
    pub role: Role,
    /// How the role was decided.
    pub source: RoleSource,
    /// Why: a stable code with its parameters and the English text (codes listed in [`super::content`]).
    pub reason: RoleReason,
    /// First few non-empty values from the sample.
    pub examples: Vec<String>,
}

/// The day/month order of the date column, as far as the sample could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DateDecision {
    /// A known format.
    Known(DateFormat),
    /// `a/b/y` dates with no day above 12 in the sample: the whole file decides.
    DayMonthUndecided,
    /// No date column.
    None,
}

/// What detection found, before any row is read.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Detection {
    /// Field delimiter, quoting and line ending.
    #[serde(skip)]
    pub dialect: Dialect,
    /// The first record is a header.
    pub header: bool,
    /// Line items or baskets.
    pub layout: Layout,
    /// Columns with roles (for baskets: the columns before the items, if any).
    pub columns: Vec<Column>,
    /// Number format for numeric columns.
    pub number: NumberFormat,
    /// Date format decision.
    pub date: DateDecision,
    /// Order ids `C` + digits mark cancellations (as in the UCI Online Retail data).
    pub cancel_prefix: bool,
    /// The file starts with Excel's `sep=X` line, which is not data (nor the header).
    pub sep_line: bool,
    /// How each decision was made, for the report.
    #[serde(skip)]
    pub notes: Vec<Notice>,
    /// The line ending, as the report names it (`LF`, `CRLF`, `CR`).
    #[serde(skip)]
    pub line_ending: &'static str,
    /// Decisions the data could not make; the report asks the user.
    #[serde(skip)]
    pub questions: Vec<super::report::Question>,
    /// The shop platform whose export this is, when its header is recognised.
    pub platform: Option<super::platform::Platform>,
    /// Order-level columns filled down from an order's first line (see `ingest::fill`).
    #[serde(skip)]
    pub order_level: Vec<usize>,
    /// A platform's row filter: rows whose value in this column has none of the words are not purchases.
    #[serde(skip)]
    pub row_filter: Option<(usize, &'static [&'static str])>,
    /// A platform's columns of packed line items (one row per order), unpacked into lines.
    #[serde(skip)]
    pub packed: Option<(Vec<usize>, super::platform::Packed)>,
}

impl Detection {
    /// Column holding a role.
    pub fn column_of(&self, role: Role) -> Option<usize> {
        self.columns.iter().find(|c| c.role == role).map(|c| c.index)
    }
}

/// Reads complete records from the sample (the last, possibly cut, record is dropped unless the sample
/// is the whole file).
fn sample_records(sample: &[u8], dialect: Dialect, whole: bool, max: usize) -> Vec<Vec<String>> {
    each_sample_record(sample, dialect, whole, max, |f| f.iter().map(|f| String::from_utf8_lossy(f).trim().to_string()).collect())
}

/// The field count of each record [`sample_records`] would give, without making the fields' text.
fn field_counts(sample: &[u8], dialect: Dialect, whole: bool, max: usize) -> Vec<usize> {
    each_sample_record(sample, dialect, whole, max, |f| f.len())
}

/// `take` of the first `max` complete records of the sample that are neither blank nor a runaway quote.
fn each_sample_record<T>(sample: &[u8], dialect: Dialect, whole: bool, max: usize, take: impl Fn(FieldsRef<'_>) -> T) -> Vec<T> {
    let mut out = Vec::new();
    let mut t = Tokenizer::new(dialect, 1);
    let mut sink = |r: RecordMut<'_>| -> Result<(), ()> {
        let r = r.record();
        if out.len() >= max {
            return Err(());
        }
        if !r.raw.iter().all(u8::is_ascii_whitespace) && !r.unterminated_quote {
            out.push(take(r.fields));
        }
        Ok(())
    };
    if t.feed(sample, &mut sink).is_ok() && whole {
        let _ = t.finish(&mut sink);
    }
    out
}

fn terminator(sample: &[u8]) -> (u8, &'static str) {
    match memchr::memchr(b'\n', sample) {
        Some(i) if i > 0 && sample[i - 1] == b'\r' => (b'\n', "CRLF"),
        Some(_) => (b'\n', "LF"),
        None if memchr::memchr(b'\r', sample).is_some() => (b'\r', "CR"),
        None => (b'\n', "LF"),
    }
}

/// Picks the delimiter: the candidate that splits the most records into the same number (≥ 2) of fields;
/// when none is consistent (baskets of varying size), the first candidate, in the order `,` `;` tab `|`
/// space, that appears in at least half the records.
fn delimiter(sample: &[u8], whole: bool, term: u8) -> (u8, Notice) {
    const CANDIDATES: [u8; 5] = [b',', b';', b'\t', b'|', b' '];
    let mut best: Option<(f64, usize, u8)> = None;
    let mut presence: Vec<(u8, f64)> = Vec::new();
    for d in CANDIDATES {
        let dialect = Dialect { delimiter: d, quote: Some(b'"'), terminator: term };
        let counts = field_counts(sample, dialect, whole, 200);
        if counts.is_empty() {
            continue;
        }
        let present = counts.iter().filter(|&&c| c > 1).count() as f64 / counts.len() as f64;
        presence.push((d, present));
        let mode = mode(&counts);
        if mode < 2 {
            continue;
        }
        let consistency = counts.iter().filter(|&&c| c == mode).count() as f64 / counts.len() as f64;
        if consistency < 0.9 {
            continue;
        }
        let better = match best {
            None => true,
            Some((c, m, _)) => consistency > c + 0.05 || ((consistency - c).abs() <= 0.05 && mode > m && d != b' '),
        };
        if better {
            best = Some((consistency, mode, d));
        }
    }
    if let Some((c, m, d)) = best {
        let share = (c * 100.0).round();
        return (
            d,
            Notice::new(
                "delimiter_consistent",
                &[("delimiter", json!(show_delim(d))), ("share", json!(share)), ("fields", json!(m))],
                format!("delimiter {} splits {share:.0}% of the sampled lines into {m} fields", show_delim(d)),
            ),
        );
    }
    for (d, p) in &presence {
        if *p >= 0.5 {
            let share = (p * 100.0).round();
            return (
                *d,
                Notice::new(
                    "delimiter_present",
                    &[("delimiter", json!(show_delim(*d))), ("share", json!(share))],
                    format!("delimiter {} appears in {share:.0}% of the sampled lines (lines have varying field counts)", show_delim(*d)),
                ),
            );
        }
    }
    (b',', Notice::plain("delimiter_assumed", "no delimiter splits the lines; comma assumed"))
}

/// Human name of a delimiter.
pub fn show_delim(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        b' ' => "space".into(),
        _ => format!("'{}'", d as char),
    }
}

fn mode(v: &[usize]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for &x in v {
        match counts.iter_mut().find(|(k, _)| *k == x) {
            Some(e) => e.1 += 1,
            None => counts.push((x, 1)),
        }
    }
    counts.into_iter().max_by_key(|&(k, n)| (n, k)).map_or(0, |(k, _)| k)
}

/// Kind of value a cell looks like.
fn looks_numeric(s: &str) -> bool {
    number::parse(s.as_bytes(), NumberFormat::default()).is_some() || number::parse(s.as_bytes(), NumberFormat::COMMA).is_some()
}

fn looks_date(s: &str) -> bool {
    content::looks_date(s)
}

/// Runs detection on the sample. `whole` says the sample is the entire file.
pub fn detect(sample: &[u8], whole: bool, opts: &IngestOptions) -> Result<Detection, Error> {
    let mut notes = Vec::new();
    let mut questions = Vec::new();
    let sep = excel_sep_line(sample);
    let sep_line = sep.is_some();
    let sample = sep.map_or(sample, |(_, rest)| rest);
    let (term, ending) = terminator(sample);
    let delim = match (opts.delimiter, sep) {
        (None, Some((d, _))) => {
            notes.push(Notice::new(
                "delimiter_sep_line",
                &[("delimiter", json!(show_delim(d)))],
                format!("delimiter {} named by the file's first line (sep=)", show_delim(d)),
            ));
            d
        }
        (Some(c), _) if c.is_ascii() => {
            notes.push(Notice::new(
                "delimiter_user",
                &[("delimiter", json!(show_delim(c as u8)))],
                format!("delimiter {} chosen by the user", show_delim(c as u8)),
            ));
            c as u8
        }
        (Some(c), _) => {
            return Err(Error::BadOption {
                option: "delimiter".into(),
                value: c.to_string(),
                message: "the delimiter must be a single ASCII character such as , ; | or tab".into(),
            });
        }
        (None, None) => {
            let (d, note) = delimiter(sample, whole, term);
            notes.push(note);
            d
        }
    };
    let dialect = Dialect { delimiter: delim, quote: Some(b'"'), terminator: term };
    notes.push(Notice::new("line_ending", &[("ending", json!(ending))], format!("line ending {ending}")));
    let recs = sample_records(sample, dialect, whole, SAMPLE_RECORDS);
    if recs.is_empty() {
        return Err(Error::Empty);
    }
    let width = recs.iter().map(Vec::len).max().unwrap_or(0);

    // Header: a known role name in the first row, or a first row of text above columns of numbers/dates.
    let first = &recs[0];
    let header = match opts.header {
        Some(h) => {
            notes.push(Notice::new(
                "header_user",
                &[("present", json!(h))],
                format!("header {} (chosen by the user)", if h { "present" } else { "absent" }),
            ));
            h
        }
        None => {
            let known = first.iter().filter(|f| roles::is_known_name(f)).count();
            // A column of text above a column of numbers or dates (asked only when no name is known).
            let typed_below = || {
                (0..first.len()).any(|i| {
                    let below: Vec<&str> =
                        recs[1..].iter().filter_map(|r| r.get(i)).map(String::as_str).filter(|s| !s.is_empty()).collect();
                    !below.is_empty()
                        && !looks_numeric(&first[i])
                        && !looks_date(&first[i])
                        && below.iter().filter(|s| looks_numeric(s) || looks_date(s)).count() * 10 >= below.len() * 9
                })
            };
            let first_has_values = first.iter().any(|f| looks_numeric(f) || looks_date(f));
            let h = !first_has_values && (known > 0 || typed_below());
            notes.push(if h {
                Notice::new(
                    "header_detected",
                    &[("count", json!(known))],
                    format!("header detected ({known} known column names in the first line)"),
                )
            } else {
                Notice::plain("no_header", "no header: the first line looks like data")
            });
            h
        }
    };
    let body: &[Vec<String>] = if header { &recs[1..] } else { &recs[..] };
    let counts: Vec<usize> = body.iter().map(Vec::len).collect();
    let modal = mode(&counts);
    let consistency = if counts.is_empty() { 1.0 } else { counts.iter().filter(|&&c| c == modal).count() as f64 / counts.len() as f64 };

    // Column names and roles.
    let ncols = if header { first.len() } else { modal.max(1) };
    let names: Vec<String> = (0..ncols)
        .map(|i| match (header, first.get(i)) {
            (true, Some(n)) if !n.is_empty() => n.clone(),
            _ => format!("column {}", i + 1),
        })
        .collect();
    let header_matches = if header { roles::match_header(&names) } else { vec![None; ncols] };
    let mut roles_v: Vec<Role> = header_matches.iter().map(|m| m.as_ref().map_or(Role::Attribute, |m| m.role)).collect();
    let mut sources: Vec<RoleSource> =
        roles_v.iter().map(|r| if *r == Role::Attribute { RoleSource::Default } else { RoleSource::Header }).collect();
    let mut reasons: Vec<RoleReason> = header_matches
        .iter()
        .zip(&names)
        .map(|(m, name)| m.as_ref().map_or_else(RoleReason::none, |m| RoleReason::header(name, m)))
        .collect();
    // A recognised platform export: its documented roles replace the generic guesses by name, and the
    // values are not asked again (the platform's documentation is the better witness).
    let recognised = if header { super::platform::recognise(&names) } else { None };
    if let Some(p) = &recognised {
        let share = (p.share * 100.0).round();
        notes.push(Notice::new(
            "platform",
            &[("platform", json!(p.spec.name)), ("id", json!(p.spec.id)), ("share", json!(share))],
            format!("read as a {} ({share:.0}% of its documented columns present)", p.spec.name),
        ));
        notes.extend(p.spec.note.map(|n| Notice::new("platform_shape", &[("id", json!(p.spec.id))], n)));
        roles_v.clone_from(&p.roles);
        sources = roles_v.iter().map(|r| if *r == Role::Attribute { RoleSource::Default } else { RoleSource::Platform }).collect();
        for (i, r) in roles_v.iter().enumerate() {
            reasons[i] = match r {
                Role::Attribute => RoleReason::none(),
                Role::Ignore => RoleReason::platform_unused(p.spec.name),
                _ => RoleReason::platform(p.spec.name),
            };
        }
    }

    // Roles by content where no name decided: only for a table (rows of one width), not for baskets.
    let mut decisions = Decisions { roles: &mut roles_v, sources: &mut sources, reasons: &mut reasons };
    content::check_header_roles(body, &mut decisions);
    if recognised.is_none() {
        content::find_date(body, &mut decisions);
    }
    let number = decide_number(opts, content::number_evidence(body, decisions.roles), &mut notes, &mut questions);
    if recognised.is_none() && consistency >= 0.9 && ncols >= 2 {
        notes.extend(content::infer(body, number, &mut decisions));
    }

    // Layout. A per-customer summary is recognised by its header (the columns of `warehouse::COLUMNS`).
    let summary = header && crate::warehouse::customers::is_summary_header(&names);
    let layout = match opts.layout {
        None if summary => {
            notes.push(Notice::plain("customer_summary", "a per-customer summary: one row per customer"));
            Layout::Customers
        }
        Some(l) => {
            notes.push(Notice::new("layout_user", &[("layout", json!(l.name()))], format!("layout {} chosen by the user", l.name())));
            l
        }
        None => {
            let has_role = roles_v.iter().any(|r| *r != Role::Attribute);
            // A header naming two or more roles above rows mostly of its width is line items even when
            // many rows are damaged (they are rejected, not read as baskets).
            let named = roles_v.iter().filter(|r| **r != Role::Attribute).count();
            let l = if ncols <= 1 && width <= 1 {
                return Err(Error::OneColumn { first_line: shorten(&first.join(""), 80) });
            } else if consistency >= 0.9 && (header && has_role || !header && roles_v.contains(&Role::Date))
                || header && named >= 2 && modal == ncols
            {
                Layout::LineItems
            } else {
                Layout::Baskets
            };
            let share = (consistency * 100.0).round();
            notes.push(match l {
                Layout::LineItems => Notice::new(
                    "line_items",
                    &[("share", json!(share)), ("fields", json!(modal))],
                    format!("line items: {share:.0}% of rows have {modal} fields"),
                ),
                Layout::Customers | Layout::Baskets => Notice::new(
                    "baskets",
                    &[("share", json!(share)), ("header", json!(header))],
                    format!(
                        "baskets: one basket per line ({share:.0}% of rows share a field count{})",
                        if header { "" } else { ", no header" }
                    ),
                ),
            });
            l
        }
    };

    // User choices of column roles.
    for choice in &opts.columns {
        let idx = resolve_column(&choice.column, &names).ok_or_else(|| Error::BadOption {
            option: format!("{}_column", choice.role.name()),
            value: choice.column.clone(),
            message: format!("no such column; the columns are: {}", names.join(", ")),
        })?;
        if roles::SINGLE_ROLES.contains(&choice.role) || roles::ORDER_ROLES.contains(&choice.role) {
            for i in 0..ncols {
                if roles_v[i] == choice.role {
                    roles_v[i] = Role::Attribute;
                    sources[i] = RoleSource::User;
                    reasons[i] = RoleReason::user();
                }
            }
        }
        roles_v[idx] = choice.role;
        sources[idx] = RoleSource::User;
        reasons[idx] = RoleReason::user();
    }
    if layout == Layout::Customers {
        // The summary's own columns are read by name (`warehouse::customers`); the customer id is the
        // customer, every other column an attribute.
        for (i, name) in names.iter().enumerate() {
            roles_v[i] = if name == "customer_id" { Role::Customer } else { Role::Attribute };
            reasons[i] = RoleReason::none();
            sources[i] = RoleSource::Default;
        }
    }
    if layout == Layout::LineItems && !roles_v.contains(&Role::ItemCode) && !roles_v.contains(&Role::ItemName) {
        notes.push(Notice::plain("no_item_column", "no item column: analyses of items are not available"));
    }

    let columns: Vec<Column> = (0..ncols)
        .map(|i| Column {
            index: i,
            name: names[i].clone(),
            role: roles_v[i],
            source: sources[i],
            reason: reasons[i].clone(),
            examples: body.iter().filter_map(|r| r.get(i)).filter(|s| !s.is_empty()).take(3).cloned().collect(),
        })
        .collect();
    let values = |role: Role| -> Vec<&str> {
        match roles_v.iter().position(|r| *r == role) {
            Some(i) => body.iter().filter_map(|r| r.get(i)).map(String::as_str).filter(|s| !s.is_empty()).collect(),
            None => Vec::new(),
        }
    };

    // Dates.
    let date = match (opts.date_format, roles_v.contains(&Role::Date)) {
        (_, false) => DateDecision::None,
        (Some(f), true) => {
            notes.push(Notice::new(
                "date_format_user",
                &[("format", json!(f.name()))],
                format!("date format {} chosen by the user", f.name()),
            ));
            DateDecision::Known(f)
        }
        (None, true) => {
            let (mut ymd, mut compact, mut day_first, mut month_first, mut other) = (0, 0, 0, 0, 0);
            for v in values(Role::Date) {
                match date::split_parts(v.as_bytes()) {
                    Some(p) if p.compact => compact += 1,
                    Some(p) if p.year_first() => ymd += 1,
                    Some(p) if p.a > 12 && p.b <= 12 => day_first += 1,
                    Some(p) if p.b > 12 && p.a <= 12 => month_first += 1,
                    Some(p) if p.a <= 12 && p.b <= 12 => {}
                    _ => other += 1,
                }
            }
            let d = if compact > ymd && compact > 0 {
                notes.push(Notice::plain("dates_compact", "dates written yyyymmdd"));
                DateDecision::Known(DateFormat::Compact)
            } else if ymd > 0 && ymd >= day_first + month_first {
                notes.push(Notice::plain("dates_ymd", "dates written year first (ISO 8601)"));
                DateDecision::Known(DateFormat::YearMonthDay)
            } else if day_first > 0 && day_first >= month_first {
                notes.push(Notice::new(
                    "dates_dmy",
                    &[("count", json!(day_first))],
                    format!("day first (d/m/y): {day_first} sampled dates have a first number above 12"),
                ));
                DateDecision::Known(DateFormat::DayMonthYear)
            } else if month_first > 0 {
                notes.push(Notice::new(
                    "dates_mdy",
                    &[("count", json!(month_first))],
                    format!("month first (m/d/y): {month_first} sampled dates have a second number above 12"),
                ));
                DateDecision::Known(DateFormat::MonthDayYear)
            } else if other > 0 && ymd == 0 {
                DateDecision::Known(DateFormat::YearMonthDay)
            } else {
                notes.push(Notice::plain("dates_undecided", "day/month order not decided by the sample: the whole file will decide"));
                DateDecision::DayMonthUndecided
            };
            if other > 0 {
                notes.push(Notice::new(
                    "dates_unrecognised",
                    &[("count", json!(other))],
                    format!("{other} sampled dates are not in a recognised form"),
                ));
            }
            d
        }
    };

    // Cancellation marker: order ids that are digits, with some written C + digits. A few ids of another
    // shape (at most 1 %; Online Retail has three `A…` bad-debt adjustments) do not turn it off.
    let orders = values(Role::Order);
    let digits = orders.iter().filter(|s| s.bytes().all(|b| b.is_ascii_digit())).count();
    let c_digits = orders.iter().filter(|s| is_cancel_id(s.as_bytes())).count();
    let others = orders.len() - digits - c_digits;
    let cancel_prefix = digits > 0 && others * 100 <= orders.len();
    if cancel_prefix {
        notes.push(Notice::plain("cancel_prefix", "order ids of the form C + digits are cancellations"));
    }

    let (platform, row_filter) = (recognised.as_ref().map(|p| p.platform()), recognised.as_ref().and_then(|p| p.filter));
    let packed = recognised
        .as_ref()
        .and_then(|p| p.packed.clone())
        .filter(|(cols, _)| layout == Layout::LineItems && cols.iter().all(|&i| roles_v[i] == Role::Attribute));
    let mut order_level = recognised.map(|p| p.order_level).unwrap_or_default();
    // Fill-down also covers the order-level roles of any file with an order column (generic files too).
    if layout == Layout::LineItems && roles_v.contains(&Role::Order) {
        for (i, r) in roles_v.iter().enumerate() {
            if matches!(r, Role::Customer | Role::Date | Role::Status | Role::Cancelled | Role::Refund) && !order_level.contains(&i) {
                order_level.push(i);
            }
        }
        // Ignored columns are not read (the platform's unused ones, or the user's choice): nothing to fill.
        order_level.retain(|&i| roles_v[i] != Role::Ignore);
    } else {
        order_level.clear();
    }
    order_level.sort_unstable();
    Ok(Detection {
        dialect,
        header,
        layout,
        columns,
        number,
        date,
        cancel_prefix,
        sep_line,
        notes,
        line_ending: ending,
        questions,
        platform,
        order_level,
        row_filter,
        packed,
    })
}

/// The decimal separator: the user's choice, else the evidence of every number-shaped column.
fn decide_number(
    opts: &IngestOptions,
    ev: number::NumberEvidence,
    notes: &mut Vec<Notice>,
    questions: &mut Vec<super::report::Question>,
) -> NumberFormat {
    if let Some(c) = opts.decimal_comma {
        notes.push(Notice::new(
            "decimal_user",
            &[("comma", json!(c))],
            format!("decimal {} chosen by the user", if c { "comma" } else { "point" }),
        ));
        return if c { NumberFormat::COMMA } else { NumberFormat::default() };
    }
    if ev.comma > ev.point {
        notes.push(Notice::new(
            "decimal_comma",
            &[("count", json!(ev.comma))],
            format!("decimal comma: {} values such as 2,55 only read that way", ev.comma),
        ));
        return NumberFormat::COMMA;
    }
    if ev.point > 0 {
        notes.push(Notice::new(
            "decimal_point",
            &[("count", json!(ev.point))],
            format!("decimal point: {} values such as 2.55 only read that way", ev.point),
        ));
    } else if ev.ambiguous > 0 {
        questions.push(super::report::Question {
            key: "decimal".into(),
            params: [("count", json!(ev.ambiguous))].into_iter().collect(),
            message: format!(
                "{} numbers such as 1,234 could use the comma for thousands or for decimals; read as thousands. \
                 Choose decimal comma if 1,234 means one point two three four.",
                ev.ambiguous
            ),
            options: vec!["point".into(), "comma".into()],
        });
    }
    NumberFormat::default()
}

/// Excel's `sep=;` first line (optionally quoted, any case): the delimiter it names and the text after it.
fn excel_sep_line(sample: &[u8]) -> Option<(u8, &[u8])> {
    let end = memchr::memchr2(b'\n', b'\r', sample)?;
    let line = sample[..end].trim_ascii();
    let line = line.strip_prefix(b"\"").and_then(|l| l.strip_suffix(b"\"")).unwrap_or(line);
    let d = match line {
        [s, e, p, b'=', d] if s.eq_ignore_ascii_case(&b's') && e.eq_ignore_ascii_case(&b'e') && p.eq_ignore_ascii_case(&b'p') => *d,
        _ => return None,
    };
    if !d.is_ascii() || d.is_ascii_alphanumeric() {
        return None;
    }
    let mut rest = &sample[end..];
    rest = rest.strip_prefix(b"\r").unwrap_or(rest);
    rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    Some((d, rest))
}

/// `C` or `c` followed by digits only.
pub fn is_cancel_id(s: &[u8]) -> bool {
    s.len() > 1 && (s[0] == b'C' || s[0] == b'c') && s[1..].iter().all(u8::is_ascii_digit)
}

fn resolve_column(spec: &str, names: &[String]) -> Option<usize> {
    let spec = spec.trim();
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(spec)) {
        return Some(i);
    }
    if let Some(i) = names.iter().position(|n| roles::normalize(n) == roles::normalize(spec)) {
        return Some(i);
    }
    match spec.parse::<usize>() {
        Ok(n) if n >= 1 && n <= names.len() => Some(n - 1),
        _ => None,
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n).collect::<String>() + "…" }
}

#[cfg(test)]
mod tests;
