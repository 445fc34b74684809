//! Column roles from the values: where no header name matches (or there is no header), the sampled
//! values decide, and every decision carries its reason.
//!
//! Detection works only on the records [`super::sniff`] already sampled (at most 2,000), so its cost does
//! not grow with the file. The rules, in the order they run:
//!
//! 1. header names whose values contradict them are dropped (`Discount Code` holds codes, not amounts);
//! 2. **date**: at least 90 % of the values are dates and some are not plain numbers, or all are
//!    `yyyymmdd` numbers of valid days;
//! 3. **order**: an id whose lines come together and share one date (an order's lines), the finest such
//!    grouping; without any grouping, an id that differs on every row (one order per row);
//! 4. **customer**: e-mail addresses; else an id that stays the same within an order and recurs across
//!    orders (or, without orders, across dates);
//! 5. **item**: codes with many distinct values that vary within an order and recur across orders; a text
//!    column with the same behaviour is the item name;
//! 6. **quantity**: small whole numbers;
//! 7. **unit price / amount**: money-shaped numbers; quantity × price = amount checked across rows when
//!    both exist; with one money column, the same item at another quantity tells a price (same value) from
//!    an amount (value grows with the quantity); otherwise it is read as the line amount;
//! 8. an amount that is an order total (the same on every line of an order, or only on its first line)
//!    while a unit price exists is not a line amount and is dropped.
//!
//! The decimal separator is decided from every number-shaped column ([`number_evidence`]), named or not.
//!
//! ## Reason codes
//! Stable keys for [`RoleReason::code`] (the page translates them; add, don't rename):
//! `header_name` (params `word`, `languages`, `exact`), `header_values_not_numbers`,
//! `header_values_not_dates` (params `word`, `share`), `content_date` (`dates`, `values`),
//! `content_compact_date` (`dates`), `content_order_groups` (`distinct`, `lines`),
//! `content_unique_id` (`distinct`), `content_email` / `content_email_recurring` (`distinct`, `recurring`,
//! `across`), `content_id_recurring` (`distinct`, `recurring`, `across`), `content_item_code` /
//! `content_item_name` (`distinct`, `recurring`), `content_quantity` (`median`, `distinct`),
//! `content_price_times_quantity` (`share`, `with`), `content_price_by_item` / `content_amount_by_item`
//! (`pairs`, `against`), `content_money_amount` (`values`), `content_order_level_total` (`orders`),
//! `user_choice`, `no_match`. `share` is a whole percentage; `across` is `orders`, `dates` or `rows`.

/// Hash maps with a fixed hasher: counts come out the same on every run.
type HashMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;
use serde_json::{Value, json};

use super::date::{self, DateFormat};
use super::number::{self, NumberEvidence, NumberFormat};
use super::roles::{HeaderMatch, Role};
use super::sniff::RoleSource;

/// Why a column has its role: a stable code, its parameters, and the same in English (codes listed above).
pub type RoleReason = crate::notice::Notice;

/// The reasons a column can have.
impl RoleReason {
    /// A header name matched a vocabulary word.
    pub fn header(name: &str, m: &HeaderMatch) -> RoleReason {
        let langs = m.languages.join(", ");
        let text = if m.exact {
            format!("header \u{201c}{name}\u{201d} is a word for {} ({langs})", show(m.role))
        } else {
            format!("header \u{201c}{name}\u{201d} contains \u{201c}{}\u{201d}, a word for {} ({langs})", m.word, show(m.role))
        };
        RoleReason::new("header_name", &[("word", json!(m.word)), ("languages", json!(m.languages)), ("exact", json!(m.exact))], text)
    }

    /// A documented column of a recognised platform export.
    pub fn platform(name: &str) -> RoleReason {
        RoleReason::new("platform_column", &[("platform", json!(name))], format!("a documented column of the {name}"))
    }

    /// A column of a recognised platform export that no analysis uses (an address, a phone, a tax line).
    pub fn platform_unused(name: &str) -> RoleReason {
        RoleReason::new(
            "platform_unused",
            &[("platform", json!(name))],
            format!("a column of the {name} that no analysis uses (choose a role to keep it)"),
        )
    }

    /// Chosen by the user.
    pub fn user() -> RoleReason {
        RoleReason::plain("user_choice", "chosen by the user")
    }

    /// Nothing matched.
    pub fn none() -> RoleReason {
        RoleReason::plain("no_match", "no header word and no content rule matched: kept as an attribute")
    }
}

/// A role as words (`item code`).
fn show(role: Role) -> String {
    role.name().replace('_', " ")
}

/// `4338` → `4,338`.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(a: usize, b: usize) -> usize {
    (a * 100 + b / 2).checked_div(b).unwrap_or(0)
}

/// The sampled records as a table of trimmed cells (missing cells read as empty).
struct Table<'a> {
    rows: &'a [Vec<String>],
}

impl<'a> Table<'a> {
    fn cell(&self, r: usize, c: usize) -> &'a str {
        self.rows[r].get(c).map_or("", String::as_str)
    }

    fn values(&self, c: usize) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.rows.len()).map(move |r| self.cell(r, c)).filter(|s| !s.is_empty())
    }
}

/// What a column's values look like.
#[derive(Debug, Default, Clone)]
struct Profile {
    /// Non-empty values.
    n: usize,
    /// Numbers under the file's format.
    numeric: usize,
    /// Numbers written with a decimal separator.
    fractional: usize,
    /// Digit strings with a leading zero (`00001`): ids, not amounts.
    lead_zero: usize,
    emails: usize,
    /// Values with a space inside.
    spaces: usize,
    /// Values holding a digit.
    with_digit: usize,
    /// Values holding a letter.
    with_letter: usize,
    distinct: usize,
    /// Median of the absolute values of the numbers.
    median_abs: f64,
}

impl Profile {
    fn of(t: &Table<'_>, c: usize, fmt: NumberFormat) -> Profile {
        let mut p = Profile::default();
        let mut nums: Vec<f64> = Vec::new();
        let mut seen: HashMap<&str, ()> = HashMap::default();
        for v in t.values(c) {
            p.n += 1;
            seen.insert(v, ());
            let b = v.as_bytes();
            if let Some(x) = number::parse(b, fmt) {
                p.numeric += 1;
                nums.push(x.abs());
                if b.contains(&(fmt.decimal as u8)) {
                    p.fractional += 1;
                }
            }
            if b.len() > 1 && b[0] == b'0' && b.iter().all(u8::is_ascii_digit) {
                p.lead_zero += 1;
            }
            if is_email(v) {
                p.emails += 1;
            }
            if v.contains(' ') {
                p.spaces += 1;
            }
            if b.iter().any(u8::is_ascii_digit) {
                p.with_digit += 1;
            }
            if v.chars().any(char::is_alphabetic) {
                p.with_letter += 1;
            }
        }
        p.distinct = seen.len();
        if !nums.is_empty() {
            let mid = nums.len() / 2;
            nums.select_nth_unstable_by(mid, f64::total_cmp);
            p.median_abs = nums[mid];
        }
        p
    }

    fn mostly(&self, k: usize, share: f64) -> bool {
        self.n > 0 && k as f64 >= share * self.n as f64
    }

    /// Every value a whole number written without decimals (a few returns or blanks aside).
    fn whole(&self) -> bool {
        self.mostly(self.numeric, 0.98) && self.fractional == 0
    }

    /// Small whole numbers: a quantity.
    fn quantity_like(&self) -> bool {
        self.whole() && self.lead_zero == 0 && self.median_abs <= 50.0
    }

    /// Numbers written with decimals: money.
    fn money_like(&self) -> bool {
        self.mostly(self.numeric, 0.95) && self.fractional > 0 && self.mostly(self.fractional, 0.2) && self.lead_zero == 0
    }

    /// An identifier: short values without spaces, mostly holding a digit, not a quantity or an amount.
    fn id_like(&self) -> bool {
        self.n > 0 && self.spaces * 10 <= self.n && self.mostly(self.with_digit, 0.5) && !self.quantity_like() && !self.money_like()
    }

    /// Text: words (an item name, a country).
    fn text_like(&self) -> bool {
        self.n > 0 && self.mostly(self.with_letter, 0.9) && !self.id_like() && self.emails == 0
    }
}

fn is_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((user, host)) => {
            !user.is_empty() && !host.contains('@') && !v.contains(' ') && host.rfind('.').is_some_and(|i| i > 0 && i + 1 < host.len())
        }
        None => false,
    }
}

/// Evidence about the decimal separator from the columns named as numbers and from every other
/// number-shaped column (at least 90 % of its values read as numbers one way or the other), except dates.
pub fn number_evidence(body: &[Vec<String>], roles: &[Role]) -> NumberEvidence {
    let t = Table { rows: body };
    let mut ev = NumberEvidence::default();
    for (c, role) in roles.iter().enumerate() {
        if *role == Role::Date {
            continue;
        }
        let mut col = NumberEvidence::default();
        let (mut n, mut num) = (0usize, 0usize);
        for v in t.values(c) {
            n += 1;
            let b = v.as_bytes();
            if number::parse(b, NumberFormat::default()).is_some() || number::parse(b, NumberFormat::COMMA).is_some() {
                num += 1;
                col.add(b);
            }
        }
        if n > 0 && (role.is_numeric() || num * 10 >= n * 9) {
            ev.merge(col);
        }
    }
    ev
}

/// Values that read as dates (either day/month order).
pub fn looks_date(s: &str) -> bool {
    date::split_parts(s.as_bytes()).is_some_and(|p| {
        let f = if p.year_first() { DateFormat::YearMonthDay } else { DateFormat::DayMonthYear };
        date::from_parts(&p, f).is_some() || date::from_parts(&p, DateFormat::MonthDayYear).is_some()
    })
}

fn looks_numeric(s: &str) -> bool {
    number::parse(s.as_bytes(), NumberFormat::default()).is_some() || number::parse(s.as_bytes(), NumberFormat::COMMA).is_some()
}

/// `yyyymmdd` of a valid day in 1932–2067 (the range a timestamp holds).
fn compact_date(s: &str) -> bool {
    s.len() == 8
        && s.bytes().all(|b| b.is_ascii_digit())
        && date::split_parts(s.as_bytes())
            .is_some_and(|p| (1932..=2067).contains(&p.a) && date::from_parts(&p, DateFormat::YearMonthDay).is_some())
}

/// The column roles being decided, with how and why.
pub struct Decisions<'a> {
    /// Role per column.
    pub roles: &'a mut [Role],
    /// How each was decided.
    pub sources: &'a mut [RoleSource],
    /// Why.
    pub reasons: &'a mut [RoleReason],
}

impl Decisions<'_> {
    fn free(&self, c: usize) -> bool {
        self.roles[c] == Role::Attribute && self.sources[c] == RoleSource::Default
    }

    fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    fn set(&mut self, c: usize, role: Role, reason: RoleReason) {
        self.roles[c] = role;
        self.sources[c] = RoleSource::Content;
        self.reasons[c] = reason;
    }
}

/// Drops header roles the values contradict: a numeric role over values that are not numbers (fewer than
/// 20 % of them read as numbers for an exact name, 50 % for a name that only contains the word), a date
/// named only by a contained word over values that are not dates. Needs five values to judge.
pub fn check_header_roles(body: &[Vec<String>], d: &mut Decisions<'_>) {
    let t = Table { rows: body };
    for c in 0..d.roles.len() {
        if d.sources[c] != RoleSource::Header {
            continue;
        }
        let role = d.roles[c];
        let exact = d.reasons[c].params.get("exact").and_then(Value::as_bool).unwrap_or(true);
        let word = d.reasons[c].params.get("word").cloned().unwrap_or(Value::Null);
        let vals: Vec<&str> = t.values(c).collect();
        if vals.len() < 5 {
            continue;
        }
        let (ok, code, what) = if role.is_numeric() {
            (vals.iter().filter(|v| looks_numeric(v)).count(), "header_values_not_numbers", "numbers")
        } else if role == Role::Date && !exact {
            (vals.iter().filter(|v| looks_date(v)).count(), "header_values_not_dates", "dates")
        } else {
            continue;
        };
        let limit = if exact { 0.2 } else { 0.5 };
        if (ok as f64) < limit * vals.len() as f64 {
            let share = pct(ok, vals.len());
            d.roles[c] = Role::Attribute;
            d.sources[c] = RoleSource::Default;
            d.reasons[c] = RoleReason::new(
                code,
                &[("word", word), ("share", json!(share))],
                format!("the header names {}, but only {share}% of its sampled values are {what}: kept as an attribute", show(role)),
            );
        }
    }
}

/// A date column found by its values when no header names one (any table shape, baskets included).
pub fn find_date(body: &[Vec<String>], d: &mut Decisions<'_>) {
    if d.has(Role::Date) {
        return;
    }
    let t = Table { rows: body };
    for c in 0..d.roles.len() {
        if !d.free(c) {
            continue;
        }
        let vals: Vec<&str> = t.values(c).collect();
        if vals.is_empty() {
            continue;
        }
        let dates = vals.iter().filter(|s| looks_date(s)).count();
        if dates * 10 >= vals.len() * 9 && vals.iter().any(|s| !looks_numeric(s)) {
            let text = format!("{} of {} sampled values are dates", thousands(dates), thousands(vals.len()));
            d.set(c, Role::Date, RoleReason::new("content_date", &[("dates", json!(dates)), ("values", json!(vals.len()))], text));
            return;
        }
        let compact = vals.iter().filter(|s| compact_date(s)).count();
        if compact * 100 >= vals.len() * 98 && vals.len() >= 2 {
            let text = format!("{} sampled values are yyyymmdd dates", thousands(compact));
            d.set(c, Role::Date, RoleReason::new("content_compact_date", &[("dates", json!(compact))], text));
            return;
        }
    }
}

/// Groups of rows standing for orders: by the order column, or (without one) runs of consecutive rows
/// with the same date. `None` for a row without a group.
fn groups(t: &Table<'_>, d: &Decisions<'_>) -> Option<(Vec<Option<u32>>, &'static str)> {
    if let Some(o) = d.col(Role::Order) {
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let g = (0..t.rows.len())
            .map(|r| {
                let v = t.cell(r, o);
                let n = ids.len() as u32;
                (!v.is_empty()).then(|| *ids.entry(v).or_insert(n))
            })
            .collect();
        return Some((g, "orders"));
    }
    let dc = d.col(Role::Date)?;
    let mut g = Vec::with_capacity(t.rows.len());
    let mut run = 0u32;
    for r in 0..t.rows.len() {
        if r > 0 && t.cell(r, dc) != t.cell(r - 1, dc) {
            run += 1;
        }
        g.push((!t.cell(r, dc).is_empty()).then_some(run));
    }
    Some((g, "dates"))
}

/// How a column's values sit in the groups: the share of multi-line groups where the value stays the
/// same (ignoring blanks), and how many values appear in two or more groups.
#[derive(Debug, Default)]
struct GroupFit {
    multi: usize,
    constant: usize,
    varying: usize,
    recurring: usize,
}

fn group_fit(t: &Table<'_>, c: usize, g: &[Option<u32>]) -> GroupFit {
    // Per group: first value seen and whether another one followed.
    let mut first: HashMap<u32, (&str, bool, usize)> = HashMap::default();
    // Per value: first group and whether it was seen in another.
    let mut in_groups: HashMap<&str, (u32, bool)> = HashMap::default();
    for (r, grp) in g.iter().enumerate() {
        let Some(grp) = *grp else { continue };
        let v = t.cell(r, c);
        let e = first.entry(grp).or_insert(("", false, 0));
        e.2 += 1;
        if !v.is_empty() {
            if e.0.is_empty() {
                e.0 = v;
            } else if e.0 != v {
                e.1 = true;
            }
            let w = in_groups.entry(v).or_insert((grp, false));
            if w.0 != grp {
                w.1 = true;
            }
        }
    }
    let mut fit = GroupFit::default();
    for (_, (_, differs, lines)) in first {
        if lines >= 2 {
            fit.multi += 1;
            if differs {
                fit.varying += 1;
            } else {
                fit.constant += 1;
            }
        }
    }
    fit.recurring = in_groups.values().filter(|(_, again)| *again).count();
    fit
}

/// Infers the roles of the columns no header named. `number` is the file's number format (decided from
/// [`number_evidence`]). Returns notes for the report.
pub fn infer(body: &[Vec<String>], number: NumberFormat, d: &mut Decisions<'_>) -> Vec<crate::notice::Notice> {
    let mut notes = Vec::new();
    let t = Table { rows: body };
    if body.is_empty() {
        return notes;
    }
    let ncols = d.roles.len();
    let profiles: Vec<Profile> = (0..ncols).map(|c| if d.free(c) { Profile::of(&t, c, number) } else { Profile::default() }).collect();

    find_order(&t, &profiles, number, d);
    find_customer(&t, &profiles, d);
    find_items(&t, &profiles, d);
    if !d.has(Role::Quantity)
        && let Some(c) = (0..ncols).find(|&c| d.free(c) && profiles[c].quantity_like())
    {
        let p = &profiles[c];
        let text = format!("small whole numbers (median {}, {} distinct values)", p.median_abs, thousands(p.distinct));
        d.set(
            c,
            Role::Quantity,
            RoleReason::new("content_quantity", &[("median", json!(p.median_abs)), ("distinct", json!(p.distinct))], text),
        );
    }
    find_money(&t, &profiles, number, d);
    if let Some(n) = order_level_total(&t, number, d) {
        notes.push(n);
    }
    notes
}

/// Whole numbers that rise from row to row (order or invoice numbers).
fn rising(t: &Table<'_>, c: usize, fmt: NumberFormat) -> bool {
    let v: Vec<f64> = t.values(c).filter_map(|s| number::parse(s.as_bytes(), fmt)).collect();
    v.len() >= 2 && v.windows(2).all(|w| w[1] > w[0])
}

fn find_order(t: &Table<'_>, profiles: &[Profile], number: NumberFormat, d: &mut Decisions<'_>) {
    if d.has(Role::Order) {
        return;
    }
    let rows = t.rows.len();
    let dc = d.col(Role::Date);
    // (distinct, column, lines) of grouping candidates; unique-per-row candidates apart.
    let mut grouping: Option<(usize, usize)> = None;
    let mut unique: Option<usize> = None;
    for (c, p) in profiles.iter().enumerate() {
        // Small order numbers (1, 2, 3…) look like quantities: whole numbers may be orders too, when they
        // group lines or rise row after row.
        if !d.free(c) || !(p.id_like() || p.whole() && p.lead_zero == 0) || p.emails > 0 || p.n * 100 < rows * 99 {
            continue;
        }
        // Per value: rows, contiguous so far, one date so far.
        let mut stats: HashMap<&str, (usize, bool, bool, usize)> = HashMap::default();
        let mut prev = "";
        for r in 0..rows {
            let v = t.cell(r, c);
            if v.is_empty() {
                continue;
            }
            let date = dc.map_or("", |dc| t.cell(r, dc));
            match stats.get_mut(v) {
                None => {
                    stats.insert(v, (1, true, true, r));
                }
                Some(e) => {
                    e.0 += 1;
                    if prev != v {
                        e.1 = false;
                    }
                    // A blank date is no contradiction: exports leave an order's fields blank after its
                    // first line (Shopify).
                    if dc.is_some_and(|dc| {
                        let first = t.cell(e.3, dc);
                        !date.is_empty() && !first.is_empty() && first != date
                    }) {
                        e.2 = false;
                    }
                }
            }
            prev = v;
        }
        let distinct = stats.len();
        let multi: Vec<_> = stats.values().filter(|s| s.0 >= 2).collect();
        if multi.is_empty() {
            if distinct >= 2 && unique.is_none() && (p.id_like() || rising(t, c, number)) {
                unique = Some(c);
            }
            continue;
        }
        let contiguous = stats.values().filter(|s| s.1).count();
        let one_date = multi.iter().filter(|s| s.2).count();
        if contiguous * 100 >= distinct * 95 && one_date * 100 >= multi.len() * 95 && grouping.is_none_or(|(n, _)| distinct > n) {
            grouping = Some((distinct, c));
        }
    }
    if let Some((distinct, c)) = grouping {
        let lines = profiles[c].n;
        let text = format!(
            "{} ids group {} lines: each id's lines come together{}",
            thousands(distinct),
            thousands(lines),
            if dc.is_some() { " and share one date" } else { "" }
        );
        d.set(c, Role::Order, RoleReason::new("content_order_groups", &[("distinct", json!(distinct)), ("lines", json!(lines))], text));
    } else if let Some(c) = unique {
        let distinct = profiles[c].distinct;
        let text = format!("a different id on each of {} sampled rows: one order per row", thousands(distinct));
        d.set(c, Role::Order, RoleReason::new("content_unique_id", &[("distinct", json!(distinct))], text));
    }
}

/// At least 95 % of the column's distinct values each sit in one block of consecutive rows (blanks aside).
fn in_blocks(t: &Table<'_>, c: usize) -> bool {
    let mut split: HashMap<&str, bool> = HashMap::default();
    let mut prev = "";
    for v in t.values(c) {
        if v != prev {
            split.entry(v).and_modify(|s| *s = true).or_insert(false);
        }
        prev = v;
    }
    !split.is_empty() && split.values().filter(|s| !**s).count() * 100 >= split.len() * 95
}

fn find_customer(t: &Table<'_>, profiles: &[Profile], d: &mut Decisions<'_>) {
    if d.has(Role::Customer) {
        return;
    }
    let grouped = groups(t, d);
    let fit = |c: usize| grouped.as_ref().map(|(g, _)| group_fit(t, c, g));
    let across = grouped.as_ref().map_or("rows", |(_, a)| *a);
    let several = match across {
        "orders" => "in several orders",
        "dates" => "on several dates",
        _ => "on several rows",
    };
    // E-mail addresses first: the most of them.
    let email = (0..d.roles.len())
        .filter(|&c| d.free(c) && profiles[c].mostly(profiles[c].emails, 0.8))
        .max_by_key(|&c| (profiles[c].emails, usize::MAX - c));
    if let Some(c) = email {
        let distinct = profiles[c].distinct;
        let recurring = fit(c).map_or(0, |f| f.recurring);
        let (code, text) = if recurring > 0 {
            ("content_email_recurring", format!("{} distinct e-mails, {} of them {several}", thousands(distinct), thousands(recurring)))
        } else {
            ("content_email", format!("{} distinct e-mails", thousands(distinct)))
        };
        d.set(
            c,
            Role::Customer,
            RoleReason::new(code, &[("distinct", json!(distinct)), ("recurring", json!(recurring)), ("across", json!(across))], text),
        );
        return;
    }
    let Some((g, _)) = grouped.as_ref() else { return };
    let mut best: Option<(bool, usize, usize, usize)> = None; // (sorted by it, recurring, constant, column)
    for (c, p) in profiles.iter().enumerate() {
        if !d.free(c) || !p.id_like() || p.distinct < 2 {
            continue;
        }
        let f = group_fit(t, c, g);
        // Without an order column the groups are runs of one date, which mix customers on busy days; a
        // column whose values come in one block each (the file sorted by customer, as CDNOW's) is
        // accepted too, and comes first when a fifth of its ids recur: numbers such as a day's item count
        // also recur across dates, by chance, but a file is not sorted by them.
        let sorted = d.col(Role::Order).is_none() && in_blocks(t, c);
        if f.recurring == 0 || f.constant * 100 < f.multi * 90 && !sorted {
            continue;
        }
        let key = (sorted && f.recurring * 5 >= p.distinct, f.recurring, f.constant);
        if best.is_none_or(|(s, r, k, _)| key > (s, r, k)) {
            best = Some((key.0, key.1, key.2, c));
        }
    }
    if let Some((_, recurring, _, c)) = best {
        let distinct = profiles[c].distinct;
        let text = format!("{} distinct ids, {} of them {several}", thousands(distinct), thousands(recurring));
        d.set(
            c,
            Role::Customer,
            RoleReason::new(
                "content_id_recurring",
                &[("distinct", json!(distinct)), ("recurring", json!(recurring)), ("across", json!(across))],
                text,
            ),
        );
    }
}

fn find_items(t: &Table<'_>, profiles: &[Profile], d: &mut Decisions<'_>) {
    if d.has(Role::ItemCode) && d.has(Role::ItemName) {
        return;
    }
    let Some((g, across)) = groups(t, d) else { return };
    // Varies within most multi-line groups and recurs across groups.
    let item_fit = |c: usize| {
        let f = group_fit(t, c, &g);
        (f.multi > 0 && f.varying * 2 >= f.multi && f.recurring > 0).then_some(f)
    };
    let reason = |code: &'static str, what: &str, distinct: usize, recurring: usize| {
        let text = format!(
            "{} distinct {what}, changing within {across}, {} of them recurring across {across}",
            thousands(distinct),
            thousands(recurring)
        );
        RoleReason::new(code, &[("distinct", json!(distinct)), ("recurring", json!(recurring)), ("across", json!(across))], text)
    };
    if !d.has(Role::ItemCode) && !d.has(Role::ItemName) {
        let code = (0..d.roles.len())
            .filter(|&c| d.free(c) && profiles[c].id_like() && profiles[c].emails == 0 && profiles[c].distinct >= 2)
            .filter_map(|c| item_fit(c).map(|f| (c, f)))
            .max_by_key(|(c, _)| (profiles[*c].distinct, usize::MAX - c));
        if let Some((c, f)) = code {
            d.set(c, Role::ItemCode, reason("content_item_code", "codes", profiles[c].distinct, f.recurring));
        }
    }
    if !d.has(Role::ItemName) {
        let name = (0..d.roles.len())
            .filter(|&c| d.free(c) && profiles[c].text_like() && profiles[c].distinct >= 2)
            .filter_map(|c| item_fit(c).map(|f| (c, f)))
            .max_by_key(|(c, _)| (profiles[*c].distinct, usize::MAX - c));
        if let Some((c, f)) = name {
            d.set(c, Role::ItemName, reason("content_item_name", "texts", profiles[c].distinct, f.recurring));
        }
    }
}

/// Share (percent) of rows where quantity × price = amount, among rows where the three read; `None`
/// with fewer than five such rows.
fn product_share(t: &Table<'_>, fmt: NumberFormat, q: Option<usize>, p: usize, a: usize) -> Option<usize> {
    let (mut n, mut ok) = (0usize, 0usize);
    for r in 0..t.rows.len() {
        let qv = match q {
            Some(q) => match number::parse(t.cell(r, q).as_bytes(), fmt) {
                Some(x) => x,
                None => continue,
            },
            None => 1.0,
        };
        let (Some(pv), Some(av)) = (number::parse(t.cell(r, p).as_bytes(), fmt), number::parse(t.cell(r, a).as_bytes(), fmt)) else {
            continue;
        };
        n += 1;
        // Amounts are rounded to cents: allow one cent and a relative rounding error.
        if (qv * pv - av).abs() <= 0.011 + av.abs() * 1e-6 {
            ok += 1;
        }
    }
    (n >= 5).then(|| pct(ok, n))
}

/// Same item at different quantities: (pairs with the same value, pairs whose value per unit is the same).
fn item_evidence(t: &Table<'_>, fmt: NumberFormat, item: usize, q: usize, m: usize) -> (usize, usize) {
    let mut first: HashMap<&str, (f64, f64)> = HashMap::default();
    let (mut same_value, mut same_per_unit) = (0, 0);
    for r in 0..t.rows.len() {
        let (Some(qv), Some(mv)) = (number::parse(t.cell(r, q).as_bytes(), fmt), number::parse(t.cell(r, m).as_bytes(), fmt)) else {
            continue;
        };
        let key = t.cell(r, item);
        if key.is_empty() || qv == 0.0 {
            continue;
        }
        match first.get(key) {
            None => {
                first.insert(key, (qv, mv));
            }
            Some(&(q0, m0)) if q0 != qv => {
                let tol = 0.011 + m0.abs().max(mv.abs()) * 1e-6;
                if (m0 - mv).abs() <= tol {
                    same_value += 1;
                } else if (m0 / q0 - mv / qv).abs() <= tol {
                    same_per_unit += 1;
                }
            }
            Some(_) => {}
        }
    }
    (same_value, same_per_unit)
}

fn find_money(t: &Table<'_>, profiles: &[Profile], fmt: NumberFormat, d: &mut Decisions<'_>) {
    // At most 12 candidates: the pairs checked below stay few however wide the table.
    let money: Vec<usize> = (0..d.roles.len()).filter(|&c| d.free(c) && profiles[c].money_like()).take(12).collect();
    if money.is_empty() {
        return;
    }
    let q = d.col(Role::Quantity);
    let check = |p: usize, a: usize, d: &mut Decisions<'_>, set: Role, c: usize, other: usize| {
        let Some(share) = product_share(t, fmt, q, p, a).filter(|s| *s >= 90) else { return false };
        let text = format!("quantity × unit price = amount on {share}% of sampled rows (with column {})", other + 1);
        d.set(c, set, RoleReason::new("content_price_times_quantity", &[("share", json!(share)), ("with", json!(other + 1))], text));
        true
    };
    match (d.col(Role::UnitPrice), d.col(Role::Amount)) {
        (Some(p), None) => {
            for &a in &money {
                if check(p, a, d, Role::Amount, a, p) {
                    return;
                }
            }
        }
        (None, Some(a)) => {
            for &p in &money {
                if check(p, a, d, Role::UnitPrice, p, a) {
                    return;
                }
            }
        }
        (Some(_), Some(_)) => {}
        (None, None) => {
            for &p in &money {
                for &a in &money {
                    if p != a && product_share(t, fmt, q, p, a).is_some_and(|s| s >= 90) {
                        check(p, a, d, Role::UnitPrice, p, a);
                        check(p, a, d, Role::Amount, a, p);
                        return;
                    }
                }
            }
            let m = money[0];
            let item = d.col(Role::ItemCode).or(d.col(Role::ItemName));
            if let (Some(q), Some(item)) = (q, item) {
                let (same_value, same_per_unit) = item_evidence(t, fmt, item, q, m);
                let params = [("pairs", json!(same_value.max(same_per_unit))), ("against", json!(same_value.min(same_per_unit)))];
                if same_value > same_per_unit {
                    let text = format!(
                        "money-shaped numbers; the same item keeps its value at another quantity ({same_value} pairs, {same_per_unit} against): the unit price"
                    );
                    d.set(m, Role::UnitPrice, RoleReason::new("content_price_by_item", &params, text));
                    return;
                }
                if same_per_unit > same_value {
                    let text = format!(
                        "money-shaped numbers; the same item's value grows with the quantity ({same_per_unit} pairs, {same_value} against): the line amount"
                    );
                    d.set(m, Role::Amount, RoleReason::new("content_amount_by_item", &params, text));
                    return;
                }
            }
            let n = profiles[m].n;
            let text = format!("{} money-shaped numbers (with decimals); no unit price pattern: read as the line amount", thousands(n));
            d.set(m, Role::Amount, RoleReason::new("content_money_amount", &[("values", json!(n))], text));
        }
    }
}

/// An amount column that holds the order's total (the same on every line of an order while quantity ×
/// price differs, or filled on the order's first line only) is not a line amount: with a unit price to
/// value the lines, it is dropped. Returns a note when it is.
fn order_level_total(t: &Table<'_>, fmt: NumberFormat, d: &mut Decisions<'_>) -> Option<RoleReason> {
    let (a, p, o) = (d.col(Role::Amount)?, d.col(Role::UnitPrice)?, d.col(Role::Order)?);
    if d.sources[a] == RoleSource::User {
        return None;
    }
    let q = d.col(Role::Quantity);
    // Per order: (lines, amount of the first line, amounts on later lines equal to it, blank later amounts,
    // distinct line values seen).
    let mut orders: HashMap<&str, (usize, String, usize, usize, bool)> = HashMap::default();
    let mut firsts: HashMap<&str, f64> = HashMap::default();
    for r in 0..t.rows.len() {
        let key = t.cell(r, o);
        if key.is_empty() {
            continue;
        }
        let amount = t.cell(r, a);
        let value = number::parse(t.cell(r, p).as_bytes(), fmt).unwrap_or(f64::NAN)
            * q.map_or(Some(1.0), |q| number::parse(t.cell(r, q).as_bytes(), fmt)).unwrap_or(f64::NAN);
        match orders.get_mut(key) {
            None => {
                orders.insert(key, (1, amount.to_string(), 0, 0, false));
                firsts.insert(key, value);
            }
            Some(e) => {
                e.0 += 1;
                if amount.is_empty() {
                    e.3 += 1;
                } else if amount == e.1 {
                    e.2 += 1;
                }
                if firsts.get(key).is_some_and(|v| (v - value).abs() > 0.011) {
                    e.4 = true;
                }
            }
        }
    }
    let multi: Vec<_> = orders.values().filter(|e| e.0 >= 2).collect();
    let order_level = multi.iter().filter(|e| e.3 == e.0 - 1 || (e.2 == e.0 - 1 && e.4)).count();
    if multi.len() < 2 || order_level * 10 < multi.len() * 8 {
        return None;
    }
    let name_reason = d.reasons[a].text.clone();
    let text = format!(
        "{order_level} of {} sampled orders with several lines have one value for the whole order: an order total, not a line amount (lines are valued by quantity × unit price)",
        multi.len()
    );
    d.roles[a] = Role::Attribute;
    d.sources[a] = RoleSource::Content;
    d.reasons[a] = RoleReason::new("content_order_level_total", &[("orders", json!(order_level))], text.clone());
    Some(RoleReason::new(
        "order_level_total",
        &[("column", json!(a + 1)), ("orders", json!(order_level)), ("multi", json!(multi.len()))],
        format!("column {} ({name_reason}) is an order total: {text}", a + 1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delim: char) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(delim).map(|s| s.trim().to_string()).collect()).collect()
    }

    /// Runs the content rules on a headerless table; returns (roles, reason codes).
    fn infer_all(text: &str, delim: char, fmt: NumberFormat) -> (Vec<Role>, Vec<&'static str>) {
        let body = rows(text, delim);
        let n = body[0].len();
        let mut roles = vec![Role::Attribute; n];
        let mut sources = vec![RoleSource::Default; n];
        let mut reasons = vec![RoleReason::none(); n];
        let mut d = Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons };
        find_date(&body, &mut d);
        infer(&body, fmt, &mut d);
        (roles, reasons.iter().map(|r| r.code).collect())
    }

    const P: NumberFormat = NumberFormat { decimal: '.' };

    // The repository's tests/data/no_header.csv: order, date, item, quantity, unit price, customer.
    // Hand check: 5001 has two lines on one date (order); 31002 is in orders 5002 and 5004 (customer);
    // N1 is 3.00 at quantities 2, 5 and 1 (a price, not an amount); N1/N2 differ within 5001 (item).
    const NO_HEADER: &str = "5001,2024-10-01 09:00,N1,2,3.00,31001\n5001,2024-10-01 09:00,N2,1,7.50,31001\n\
        5002,2024-10-02 10:30,N1,5,3.00,31002\n5003,2024-10-04 16:00,N3,1,12.00,31003\n\
        5004,2024-10-08 11:45,N2,2,7.50,31002\n5005,2024-10-09 13:20,N1,1,3.00,31004\n";

    #[test]
    fn headerless_line_items() {
        use Role::*;
        let (r, why) = infer_all(NO_HEADER, ',', P);
        assert_eq!(r, vec![Order, Date, ItemCode, Quantity, UnitPrice, Customer]);
        assert_eq!(
            why,
            vec![
                "content_order_groups",
                "content_date",
                "content_item_code",
                "content_quantity",
                "content_price_by_item",
                "content_id_recurring"
            ]
        );
    }

    #[test]
    fn cdnow_master_lines() {
        // The first lines of CDNOW_master.txt (customer id, yyyymmdd, CDs, dollars), as the BTYD
        // literature prints them: customer 00003 buys on several dates, so column 1 is a customer, not an
        // order; no item column, so the dollar value is the line amount.
        let text = "00001 19970101 1 11.77\n00002 19970112 1 12.00\n00002 19970112 5 77.00\n00003 19970102 2 20.76\n\
                    00003 19970330 2 20.76\n00003 19970402 2 19.54\n00003 19971115 5 57.45\n00003 19971125 4 20.96\n00003 19980528 1 16.99\n";
        use Role::*;
        let (r, why) = infer_all(text, ' ', P);
        assert_eq!(r, vec![Customer, Date, Quantity, Amount]);
        assert_eq!(why, vec!["content_id_recurring", "content_compact_date", "content_quantity", "content_money_amount"]);
    }

    #[test]
    fn emails_are_customers_and_unique_ids_orders() {
        // One row per order: every id different (one order per row); the e-mails recur.
        let text = "A-1001,ann@example.com,2024-01-02,19.90\nA-1002,bob@example.org,2024-01-03,5.00\n\
                    A-1003,ann@example.com,2024-01-05,7.25\nA-1004,cy@example.net,2024-01-06,12.00\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r, vec![Role::Order, Role::Customer, Role::Date, Role::Amount]);
        assert_eq!(why[0], "content_unique_id");
        assert_eq!(why[1], "content_email_recurring");
    }

    #[test]
    fn price_and_amount_by_the_product() {
        // Two money columns: 2 × 1.50 = 3.00, 3 × 2.25 = 6.75, 1 × 4.00 = 4.00, 4 × 0.99 = 3.96, 2 × 10.10 = 20.20.
        let text = "7,2,3.00,1.50\n8,3,6.75,2.25\n9,1,4.00,4.00\n10,4,3.96,0.99\n11,2,20.20,10.10\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r[2..], [Role::Amount, Role::UnitPrice]);
        assert_eq!(why[2..], ["content_price_times_quantity", "content_price_times_quantity"]);
    }

    #[test]
    fn amount_by_item_grows_with_quantity() {
        // Item X at 1 → 2.50 and at 4 → 10.00: the value per unit stays 2.50, so the column is an amount.
        let text = "1,2024-01-01,X,1,2.50\n1,2024-01-01,Y,2,3.00\n2,2024-01-02,X,4,10.00\n2,2024-01-02,Y,1,1.50\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r[4], Role::Amount);
        assert_eq!(why[4], "content_amount_by_item");
    }

    #[test]
    fn decimal_comma_from_unnamed_columns() {
        // `2,55` reads only with a decimal comma; ids and dates give no evidence.
        let body = rows("536365;01.12.2010 08:26;6;2,55\n536366;01.12.2010 08:28;6;1,85\n536367;01.12.2010 08:34;32;1,69\n", ';');
        let ev = number_evidence(&body, &[Role::Attribute, Role::Date, Role::Attribute, Role::Attribute]);
        assert_eq!(ev, NumberEvidence { point: 0, comma: 3, ambiguous: 0 });
    }

    #[test]
    fn header_words_contradicted_by_values_are_dropped() {
        // Shopify's `Discount Code` contains "discount" but holds codes.
        let body = rows("SAVE10\nSAVE10\nWELCOME\nSAVE10\nVIP5\n", ',');
        let mut roles = vec![Role::Discount];
        let mut sources = vec![RoleSource::Header];
        let m = HeaderMatch { role: Role::Discount, word: "discount", languages: vec!["en"], exact: false };
        let mut reasons = vec![RoleReason::header("Discount Code", &m)];
        check_header_roles(&body, &mut Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons });
        assert_eq!(roles, [Role::Attribute]);
        assert_eq!(reasons[0].code, "header_values_not_numbers");
    }

    #[test]
    fn order_total_on_every_line_is_not_a_line_amount() {
        // Order 1: lines 2 × 3.00 and 1 × 4.00, total 10.00 on both lines; order 2: 1 × 5.00 and 2 × 1.00,
        // total 7.00 on the first line only.
        let body = rows("1,2,3.00,10.00\n1,1,4.00,10.00\n2,1,5.00,7.00\n2,2,1.00,\n", ',');
        let mut roles = vec![Role::Order, Role::Quantity, Role::UnitPrice, Role::Amount];
        let mut sources = vec![RoleSource::Header; 4];
        let mut reasons = vec![RoleReason::none(); 4];
        let mut d = Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons };
        assert!(order_level_total(&Table { rows: &body }, P, &mut d).is_some());
        assert_eq!(roles[3], Role::Attribute);
        assert_eq!(reasons[3].code, "content_order_level_total");
    }

    #[test]
    fn item_names_change_within_orders_countries_do_not() {
        // Lines of orders 1 and 2 (grouped, one date each): the description changes within an order and
        // "Tea cup" recurs in both (item name); the country stays the same within each (an attribute).
        let text = "1,2024-01-01 10:00,Tea cup,United Kingdom\n1,2024-01-01 10:00,Saucer,United Kingdom\n\
                    2,2024-01-02 11:00,Tea cup,France\n2,2024-01-02 11:00,Tea pot,France\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r, vec![Role::Order, Role::Date, Role::ItemName, Role::Attribute]);
        assert_eq!(why[2], "content_item_name");
        assert_eq!(why[3], "no_match");
    }

    #[test]
    fn rising_numbers_are_orders_small_repeats_quantities() {
        // 101, 102, 103… rise row after row (one order per row); 1, 3, 1, 2 repeat (a quantity).
        let text = "101,1,2024-01-01,2.50\n102,3,2024-01-02,7.50\n103,1,2024-01-03,2.50\n104,2,2024-01-04,5.00\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r[..2], [Role::Order, Role::Quantity]);
        assert_eq!(why[0], "content_unique_id");
    }

    #[test]
    fn a_contained_date_word_over_other_values_is_dropped() {
        // `Metadata` contains "data" (the date in Portuguese, Italian and Polish) but holds no dates.
        let body = rows("a=1\nb=2\nc=3\nd=4\ne=5\n", ',');
        let mut roles = vec![Role::Date];
        let mut sources = vec![RoleSource::Header];
        let m = HeaderMatch { role: Role::Date, word: "data", languages: vec!["pt", "it", "pl"], exact: false };
        let mut reasons = vec![RoleReason::header("Metadata", &m)];
        check_header_roles(&body, &mut Decisions { roles: &mut roles, sources: &mut sources, reasons: &mut reasons });
        assert_eq!((roles[0], reasons[0].code), (Role::Attribute, "header_values_not_dates"));
    }

    #[test]
    fn blank_order_fields_after_the_first_line_still_group() {
        // Shopify's orders export (help.shopify.com, "Exporting orders"): the order's own fields, the date
        // among them, only on its first line. #1001 and #1003 have two lines each, the second without date.
        let text = "#1001,2024-01-02 10:00,2,Tea cup\n#1001,,1,Saucer\n#1002,2024-01-04 11:00,1,Tea pot\n\
                    #1003,2024-01-06 12:00,1,Tea cup\n#1003,,1,Saucer\n";
        let (r, why) = infer_all(text, ',', P);
        assert_eq!(r[0], Role::Order);
        assert_eq!(why[0], "content_order_groups");
    }

    #[test]
    fn thousands_and_emails() {
        assert_eq!(thousands(4338), "4,338");
        assert_eq!(thousands(18_532), "18,532");
        assert_eq!(thousands(999), "999");
        assert!(is_email("ann@example.com"));
        assert!(!is_email("ann@"));
        assert!(!is_email("a b@example.com"));
        assert!(!is_email("@example.com"));
    }
}
