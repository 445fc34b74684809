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

mod money;
use money::{find_money, order_level_total};

#[cfg(test)]
mod tests;
