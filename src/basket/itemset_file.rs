//! Phase 2 done elsewhere: frequent itemsets mined by another engine (Spark MLlib's FPGrowth, on a
//! cluster: [`crate::warehouse::baskets_job`]) and read back from an itemset file, so that phase 3 (the
//! rules) and the report's views run on them as on Clientela's own itemsets ([`super::rules_from_itemsets`]).
//!
//! The format, version 1: JSON lines in UTF-8.
//! - Line 1 is the header ([`Header`]): `{"clientela_itemsets": 1, "baskets": N, "min_count": c, …}`.
//!   Every itemset with `freq >= min_count` is in the file; `max_len`, when not null, leaves out longer
//!   ones; `transactions` is the basket accounting of [`super::TransactionReport`] (optional).
//! - Every other line is one frequent itemset, `{"items": ["A", "B"], "freq": 42}` (Spark's own JSON of
//!   `FPGrowthModel.freqItemsets`), in any order; blank lines are skipped.
//! - One file, or the part files of a directory as Spark writes them, read in name order (the caller
//!   lists them; the header is the first line of the first part).
//!
//! What is checked, each failure naming the part and the line: the header first, with a known version;
//! every itemset non-empty, its items distinct non-empty strings, its count between `min_count` and the
//! baskets; no itemset twice; every subset one item smaller present with a count at least as large (the
//! rules need the support of every antecedent and consequent, and a file that lacks one is not every
//! frequent itemset). Memory is bounded: a line is at most [`MAX_LINE_BYTES`], an itemset at most
//! [`MAX_ITEMSET_LEN`] items, and the itemsets at most the budget of the mining options.

use std::collections::HashMap;
use std::io::{BufRead, Read, Write};

use serde::{Deserialize, Serialize};

use super::error::BasketError;
use super::itemsets::Itemsets;
use super::transactions::{ItemKey, TransactionReport};

/// The format's version, written in the header's `clientela_itemsets`.
pub const FORMAT_VERSION: u32 = 1;

/// The longest line read (1 MiB): an itemset of [`MAX_ITEMSET_LEN`] long names fits many times over.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The longest itemset read. Rules from an itemset of `k` items look at `2^k` subsets; no real basket
/// data has a frequent itemset of this length.
pub const MAX_ITEMSET_LEN: usize = 60;

/// The header line of an itemset file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// The format's version ([`FORMAT_VERSION`]).
    pub clientela_itemsets: u32,
    /// Baskets mined (N).
    pub baskets: u64,
    /// Every itemset in at least this many baskets is in the file (MLlib: `ceil(minSupport × N)`).
    pub min_count: u64,
    /// The support asked for, as a fraction of the baskets.
    #[serde(default)]
    pub min_support: Option<f64>,
    /// Longer itemsets were left out (null: none).
    #[serde(default)]
    pub max_len: Option<usize>,
    /// Items by code or by name.
    #[serde(default)]
    pub item_key: ItemKey,
    /// What mined them (e.g. `Spark MLlib FPGrowth 3.5.3`).
    #[serde(default)]
    pub miner: Option<String>,
    /// How the baskets were made.
    #[serde(default)]
    pub transactions: Option<TransactionReport>,
}

/// An itemset file, read.
#[derive(Debug, Clone)]
pub struct ItemsetFile {
    /// Its header.
    pub header: Header,
    /// Every itemset, item ids indexing `labels`.
    pub sets: Itemsets,
    /// Item label per id, in label order (as [`super::transactions`] numbers them).
    pub labels: Vec<String>,
}

/// Why an itemset file cannot be read. Each message names the part and the line, and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ItemsetFileError {
    /// Reading failed.
    #[error("{part}: {message}")]
    Io {
        /// The file.
        part: String,
        /// The system's message.
        message: String,
    },
    /// There is no line at all.
    #[error("the itemset file is empty: it should start with the header line the baskets job writes")]
    Empty,
    /// A line is longer than [`MAX_LINE_BYTES`].
    #[error("{part}, line {line}: longer than {limit} bytes, which no itemset line is. Is this an itemset file?")]
    LineTooLong {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// A line is not a JSON object of the format.
    #[error("{part}, line {line}: {message}")]
    BadLine {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The first line is not the header.
    #[error(
        "{part}, line {line}: expected the header {{\"clientela_itemsets\": 1, \"baskets\": …}} first; the baskets job writes it as the \
         first line of the first part file. Give the job's whole output directory"
    )]
    NoHeader {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
    },
    /// An itemset is in the file twice.
    #[error("{part}, line {line}: the itemset {items:?} is already in the file ({first_part}, line {first})")]
    Duplicate {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
        /// Its items.
        items: Vec<String>,
        /// The file where it first is.
        first_part: String,
        /// The line where it first is.
        first: u64,
    },
    /// More itemsets than the budget.
    #[error(
        "{part}, line {line}: more than {limit} itemsets, the budget. Raise the budget (max_itemsets), or run the job again \
         with a higher minimum support or a maximum length"
    )]
    TooMany {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
        /// The budget.
        limit: usize,
    },
    /// A subset of an itemset is not in the file, or has a smaller count.
    #[error(
        "{part}, line {line}: the itemset {items:?} ({count} baskets) needs its subset {subset:?} {problem}: the file is not every \
         frequent itemset of one run. Give every part file of the job's output, unchanged"
    )]
    NotClosed {
        /// The file.
        part: String,
        /// 1-based line.
        line: u64,
        /// The itemset.
        items: Vec<String>,
        /// Its count.
        count: u32,
        /// The subset.
        subset: Vec<String>,
        /// `in the file` or `with a count at least as large (it has N)`.
        problem: String,
    },
    /// The options ask for a lower support than the file was mined at.
    #[error(
        "the itemsets were mined at a minimum support of {file} baskets, and {asked} were asked for: itemsets below {file} are not in \
         the file. Ask for {file} or more, or run the job again with a lower minimum support"
    )]
    SupportBelowFile {
        /// The count asked for.
        asked: u32,
        /// The file's count.
        file: u64,
    },
    /// The options ask for longer itemsets than the file holds.
    #[error("the file holds itemsets of at most {file} items, and {asked} were asked for. Ask for {file} or fewer, or run the job again")]
    LongerThanFile {
        /// The length asked for (`no limit` when none).
        asked: String,
        /// The file's limit.
        file: usize,
    },
}

impl ItemsetFileError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ItemsetFileError::Io { .. } => "io",
            ItemsetFileError::Empty => "itemset_file_empty",
            ItemsetFileError::LineTooLong { .. } => "itemset_line_too_long",
            ItemsetFileError::BadLine { .. } => "bad_itemset_line",
            ItemsetFileError::NoHeader { .. } => "no_itemset_header",
            ItemsetFileError::Duplicate { .. } => "duplicate_itemset",
            ItemsetFileError::TooMany { .. } => "too_many_itemsets",
            ItemsetFileError::NotClosed { .. } => "itemsets_incomplete",
            ItemsetFileError::SupportBelowFile { .. } => "support_below_file",
            ItemsetFileError::LongerThanFile { .. } => "longer_than_file",
        }
    }

    /// The 1-based line, where the error has one.
    pub fn line(&self) -> Option<u64> {
        match self {
            ItemsetFileError::LineTooLong { line, .. }
            | ItemsetFileError::BadLine { line, .. }
            | ItemsetFileError::NoHeader { line, .. }
            | ItemsetFileError::Duplicate { line, .. }
            | ItemsetFileError::TooMany { line, .. }
            | ItemsetFileError::NotClosed { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// One line of the file: the header's key or an itemset's keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemsetLine {
    items: Vec<String>,
    freq: u64,
}

/// Reads the next line (without its end) into `buf`; `false` at the end. A line longer than
/// [`MAX_LINE_BYTES`] is an error before more of it is read.
fn next_line(r: &mut impl BufRead, buf: &mut Vec<u8>, part: &str, line: u64) -> Result<bool, ItemsetFileError> {
    buf.clear();
    let n = r
        .by_ref()
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(|e| ItemsetFileError::Io { part: part.into(), message: e.to_string() })?;
    if n == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if buf.len() > MAX_LINE_BYTES {
        return Err(ItemsetFileError::LineTooLong { part: part.into(), line, limit: MAX_LINE_BYTES });
    }
    Ok(true)
}

/// Itemsets as read, before the items are numbered in label order.
#[derive(Default)]
struct Raw {
    ids: HashMap<String, u32>,
    items: Vec<u32>,
    ends: Vec<usize>,
    counts: Vec<u32>,
    /// (part, line) of each itemset.
    at: Vec<(u32, u64)>,
}

/// Reads an itemset file from its parts (a name for the messages, and the bytes), in order. At most
/// `max_itemsets` itemsets are kept.
pub fn read_itemsets<R: BufRead>(
    parts: impl IntoIterator<Item = (String, R)>,
    max_itemsets: usize,
) -> Result<ItemsetFile, ItemsetFileError> {
    let mut header: Option<Header> = None;
    let mut names: Vec<String> = Vec::new();
    let mut raw = Raw::default();
    let mut buf = Vec::new();
    for (name, mut r) in parts {
        let p = names.len() as u32;
        names.push(name);
        let part = &names[p as usize];
        let mut line = 0u64;
        while next_line(&mut r, &mut buf, part, line + 1)? {
            line += 1;
            let bad = |message: String| ItemsetFileError::BadLine { part: part.clone(), line, message };
            let text = std::str::from_utf8(&buf).map_err(|_| bad("not UTF-8 text".into()))?;
            if text.trim().is_empty() {
                continue;
            }
            let Some(h) = &header else {
                let h: Header = match serde_json::from_str(text) {
                    Ok(h) => h,
                    Err(_) if !text.contains("\"clientela_itemsets\"") => {
                        return Err(ItemsetFileError::NoHeader { part: part.clone(), line });
                    }
                    Err(e) => return Err(bad(format!("the header does not read: {e}"))),
                };
                check_header(&h).map_err(bad)?;
                header = Some(exact_mean(h));
                continue;
            };
            let set: ItemsetLine = serde_json::from_str(text).map_err(|e| {
                let hint = if text.contains("\"clientela_itemsets\"") { "a second header" } else { "not {\"items\": [...], \"freq\": n}" };
                bad(format!("{hint} ({e})"))
            })?;
            if raw.counts.len() >= max_itemsets {
                return Err(ItemsetFileError::TooMany { part: part.clone(), line, limit: max_itemsets });
            }
            add(&mut raw, set, h).map_err(bad)?;
            raw.at.push((p, line));
        }
    }
    let header = header.ok_or(ItemsetFileError::Empty)?;
    finish(raw, header, &names)
}

fn check_header(h: &Header) -> Result<(), String> {
    if h.clientela_itemsets != FORMAT_VERSION {
        return Err(format!(
            "format version {} is not known (this Clientela reads version {FORMAT_VERSION}); update Clientela",
            h.clientela_itemsets
        ));
    }
    if h.baskets > u32::MAX as u64 {
        return Err(format!("{} baskets: at most {} are counted", h.baskets, u32::MAX));
    }
    if h.min_count > h.baskets.max(1) {
        return Err(format!("min_count {} is above the {} baskets", h.min_count, h.baskets));
    }
    if h.max_len == Some(0) {
        return Err("max_len 0: expected at least 1 item, or null".into());
    }
    Ok(())
}

/// The mean basket size is a ratio of integers (items in baskets / baskets): it is made again from them,
/// because JSON's shortest decimal is read back by serde_json to the nearest double only within a unit in
/// the last place (14.386983729662077 read as …076 in the synthetic shop).
fn exact_mean(mut h: Header) -> Header {
    if let Some(t) = h.transactions.as_mut()
        && t.baskets > 0
    {
        let n = t.baskets as f64;
        t.mean_basket_size = (t.mean_basket_size * n).round() / n;
    }
    h
}

/// Adds one itemset line, checked.
fn add(raw: &mut Raw, set: ItemsetLine, h: &Header) -> Result<(), String> {
    if set.items.is_empty() {
        return Err("an itemset without items".into());
    }
    if set.items.len() > MAX_ITEMSET_LEN {
        return Err(format!("an itemset of {} items: at most {MAX_ITEMSET_LEN} are read", set.items.len()));
    }
    let min = h.min_count.max(1);
    if set.freq < min || set.freq > h.baskets {
        return Err(format!("freq {} is outside the header's range, {min} (min_count) to {} (baskets)", set.freq, h.baskets));
    }
    if let Some(k) = h.max_len
        && set.items.len() > k
    {
        return Err(format!("an itemset of {} items, longer than the header's max_len {k}", set.items.len()));
    }
    let start = raw.items.len();
    for item in set.items {
        if item.is_empty() {
            return Err("an empty item name".into());
        }
        let next = raw.ids.len() as u32;
        let id = *raw.ids.entry(item).or_insert(next);
        if raw.items[start..].contains(&id) {
            raw.items.truncate(start);
            return Err("an item twice in one itemset".into());
        }
        raw.items.push(id);
    }
    raw.ends.push(raw.items.len());
    raw.counts.push(set.freq as u32);
    Ok(())
}

/// Numbers the items in label order, indexes the itemsets, and checks that every subset is there.
fn finish(raw: Raw, header: Header, names: &[String]) -> Result<ItemsetFile, ItemsetFileError> {
    let mut labels: Vec<(String, u32)> = raw.ids.into_iter().collect();
    labels.sort_unstable();
    let mut remap = vec![0u32; labels.len()];
    for (new, (_, old)) in labels.iter().enumerate() {
        remap[*old as usize] = new as u32;
    }
    let labels: Vec<String> = labels.into_iter().map(|(s, _)| s).collect();
    let mut item_counts = vec![0u32; labels.len()];
    let mut sets = Itemsets::empty(header.baskets as usize, header.min_count.max(1) as u32, Vec::new());
    let mut set: Vec<u32> = Vec::new();
    let name = |s: &[u32]| -> Vec<String> { s.iter().map(|&i| labels[i as usize].clone()).collect() };
    let mut start = 0;
    for (k, &end) in raw.ends.iter().enumerate() {
        set.clear();
        set.extend(raw.items[start..end].iter().map(|&i| remap[i as usize]));
        set.sort_unstable();
        start = end;
        let (p, line) = raw.at[k];
        if let Some(j) = sets.position(&set) {
            let (q, first) = raw.at[j];
            let first_part = names[q as usize].clone();
            return Err(ItemsetFileError::Duplicate { part: names[p as usize].clone(), line, items: name(&set), first_part, first });
        }
        if let [i] = set[..] {
            item_counts[i as usize] = raw.counts[k];
        }
        sets.push(&set, raw.counts[k]);
    }
    sets.item_counts = item_counts;
    // Every subset one item smaller: present (singletons through the item counts), with a count at least
    // as large.
    let mut sub: Vec<u32> = Vec::new();
    for k in 0..sets.len() {
        let s = sets.items(k);
        if s.len() < 2 {
            continue;
        }
        for skip in 0..s.len() {
            sub.clear();
            sub.extend(s.iter().enumerate().filter(|&(j, _)| j != skip).map(|(_, &v)| v));
            let problem = match sets.support_of(&sub) {
                None => "in the file".to_string(),
                Some(c) if c < sets.count(k) => format!("with a count at least as large (it has {c})"),
                Some(_) => continue,
            };
            let (p, line) = raw.at[k];
            return Err(ItemsetFileError::NotClosed {
                part: names[p as usize].clone(),
                line,
                items: name(s),
                count: sets.count(k),
                subset: name(&sub),
                problem,
            });
        }
    }
    Ok(ItemsetFile { header, sets, labels })
}

/// Writes `sets` (item ids indexing `labels`) as an itemset file with `header`: the format's reference
/// writer (tests write Clientela's own itemsets with it, to read them back).
pub fn write_itemsets(mut w: impl Write, header: &Header, sets: &Itemsets, labels: &[String]) -> std::io::Result<()> {
    serde_json::to_writer(&mut w, header)?;
    writeln!(w)?;
    for k in 0..sets.len() {
        let items: Vec<&str> = sets.items(k).iter().map(|&i| labels.get(i as usize).map_or("", String::as_str)).collect();
        serde_json::to_writer(&mut w, &serde_json::json!({"items": items, "freq": sets.count(k)}))?;
        writeln!(w)?;
    }
    Ok(())
}

impl From<ItemsetFileError> for BasketError {
    fn from(e: ItemsetFileError) -> BasketError {
        BasketError::ItemsetFile(e)
    }
}
