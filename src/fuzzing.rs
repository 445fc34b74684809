//! The bodies of the fuzz targets, shared by the coverage-guided targets in `fuzz/` (cargo-fuzz, nightly)
//! and by the replay of their corpus and of every finding on stable (`tests/fuzz_corpus.rs`), so that a
//! finding becomes a regression test by dropping its file into `tests/data/fuzz/<target>/`.
//!
//! Each body asserts what the core promises for any input: no panic; a read returns a typed error or a
//! report in which every row is accounted for; each analysis returns a report or a typed refusal. The
//! analyses run with their default budgets, which is what bounds their time and memory on any input.

use crate::basket::RulesOptions;
use crate::clv::ClvOptions;
use crate::ingest::{IngestOptions, read_bytes};
use crate::segment::SegmentOptions;
use crate::segment::rule_lang::{FieldInfo, compile};
use crate::sequence::SequenceOptions;
use crate::{DataReport, Dataset};

/// Largest input the targets take (larger inputs are cut): the fuzzer's own default is 4 KB.
pub const MAX_INPUT: usize = 1 << 20;

/// Reads `data` as a dropped file (detection of everything: encoding, gzip, workbook, dialect, columns),
/// and checks that the report accounts for every row.
pub fn read(data: &[u8]) -> Option<(Dataset, DataReport)> {
    let data = &data[..data.len().min(MAX_INPUT)];
    let (ds, r) = read_bytes(data, IngestOptions::default()).ok()?;
    let rows = &r.rows;
    assert_eq!(rows.total, rows.used + rows.rejected, "total = used + rejected");
    assert_eq!(rows.rejected_by_reason.values().sum::<u64>(), rows.rejected, "reasons add up");
    assert_eq!(r.table.rows, ds.len as u64, "the table holds the used rows");
    Some((ds, r))
}

/// Compiles `data` (as UTF-8 text) in the rule language against a few fields of each type.
pub fn rule_language(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(&data[..data.len().min(MAX_INPUT)]) else { return };
    let fields =
        [FieldInfo::number("monetary"), FieldInfo::number("frequency"), FieldInfo::number("recency_days"), FieldInfo::text("segment")];
    let _ = compile(text, &fields);
}

/// The whole pipeline on a dropped file: read, then segmentation, basket rules, sequences and lifetime
/// value with the page's default options. Each may refuse; none may panic.
pub fn pipeline(data: &[u8]) {
    let Some((ds, _)) = read(data) else { return };
    let seg = crate::segment::segment(&ds, &SegmentOptions::default()).ok();
    let _ = crate::basket::mine(&ds, &RulesOptions::default(), seg.as_ref());
    let _ = crate::sequence::sequences(&ds, &SequenceOptions::default());
    let _ = crate::clv::clv(&ds, &ClvOptions::default());
}
