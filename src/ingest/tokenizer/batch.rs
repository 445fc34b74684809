//! Records read ahead: the tokenizer's records copied into one owned batch, so that they can be handed to
//! their consumer later, on another thread (natively, a file's text is split into records on one thread
//! while the table is built from them on another: [`crate::ingest`]'s `read`).

use super::{Fields, RecordMut, SCRATCH};

/// Records copied out of the text they were read from: each record's raw text, its fields' spans rebased
/// onto that copy, and the fields that were not spans of it (unescaped quotes) copied aside.
#[derive(Debug, Default)]
pub struct Batch {
    /// The records' raw text, one after the other.
    text: Vec<u8>,
    /// Fields that are not spans of `text`.
    copies: Vec<u8>,
    /// Every record's field spans: of `text`, or of `copies` when flagged [`SCRATCH`].
    spans: Vec<(usize, usize)>,
    recs: Vec<Rec>,
}

#[derive(Debug)]
struct Rec {
    line: u64,
    /// Span of `text`.
    raw: (usize, usize),
    /// End of the record's spans in `spans` (they start where the previous record's end).
    spans_end: usize,
    unterminated_quote: bool,
}

impl Batch {
    /// Number of records held.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// True when no record is held.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// Bytes of raw text held.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Forgets the records, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.text.clear();
        self.copies.clear();
        self.spans.clear();
        self.recs.clear();
    }

    /// Copies a record in.
    pub fn push(&mut self, rec: &RecordMut<'_>) {
        let base = self.text.len();
        self.text.extend_from_slice(rec.raw);
        let (raw_start, raw_end) = (rec.at, rec.at + rec.raw.len());
        let f = &*rec.fields;
        for &(s, e) in &f.spans {
            let span = if s & SCRATCH != 0 {
                copy(&mut self.copies, f.scratch.get(s & !SCRATCH..e).unwrap_or_default())
            } else if s == e {
                // Empty as written: where it points does not matter, only that it is empty.
                (base, base)
            } else if raw_start <= s && e <= raw_end {
                (base + (s - raw_start), base + (e - raw_start))
            } else {
                copy(&mut self.copies, rec.src.get(s..e).unwrap_or_default())
            };
            self.spans.push(span);
        }
        self.recs.push(Rec {
            line: rec.line,
            raw: (base, self.text.len()),
            spans_end: self.spans.len(),
            unterminated_quote: rec.unterminated_quote,
        });
    }

    /// Hands the records to `sink` in order, as the tokenizer handed them, with `fields` holding each one's
    /// fields in turn (the consumer's own, so that text it keeps in them across records stays there).
    /// Stops at the sink's first error.
    pub fn replay<E>(&self, fields: &mut Fields, sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<(), E> {
        let mut from = 0;
        for r in &self.recs {
            fields.clear();
            for &(s, e) in self.spans.get(from..r.spans_end).unwrap_or_default() {
                if s & SCRATCH != 0 {
                    let at = fields.scratch.len();
                    fields.scratch.extend_from_slice(self.copies.get(s & !SCRATCH..e).unwrap_or_default());
                    fields.spans.push((at | SCRATCH, fields.scratch.len()));
                } else {
                    fields.spans.push((s, e));
                }
            }
            from = r.spans_end;
            let raw = self.text.get(r.raw.0..r.raw.1).unwrap_or_default();
            sink(RecordMut { line: r.line, raw, at: r.raw.0, src: &self.text, fields, unterminated_quote: r.unterminated_quote })?;
        }
        Ok(())
    }
}

/// Appends `bytes` to `copies`; their span there, flagged [`SCRATCH`].
fn copy(copies: &mut Vec<u8>, bytes: &[u8]) -> (usize, usize) {
    let at = copies.len();
    copies.extend_from_slice(bytes);
    (at | SCRATCH, copies.len())
}
