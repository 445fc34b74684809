//! Records read ahead: the tokenizer's records copied into one owned batch, so that they can be handed to
//! their consumer later, on another thread (natively, a file's text is split into records on one thread
//! while the table is built from them on another: [`crate::ingest`]'s `read`).

use super::{Fields, RecordMut, SCRATCH};

/// Records copied out of the text they were read from: each record's raw text, its fields' spans rebased
/// onto that copy, and the fields that were not spans of it (unescaped quotes) copied aside.
///
/// Most records (under 64 KiB, no field copied aside) keep their spans in `short`, two `u16` offsets from
/// the start of their raw text: 4 bytes a field instead of 16, which the reading thread writes and the
/// building thread reads on another core (a tenth of the bytes a record costs crossing between them).
#[derive(Debug, Default)]
pub struct Batch {
    /// The records' raw text, one after the other.
    text: Vec<u8>,
    /// Fields that are not spans of `text`.
    copies: Vec<u8>,
    /// The spans of the records marked `short`: offsets from the start of the record's raw text.
    short: Vec<(u16, u16)>,
    /// The spans of the other records: of `text`, or of `copies` when flagged [`SCRATCH`].
    spans: Vec<(usize, usize)>,
    recs: Vec<Rec>,
}

#[derive(Debug)]
struct Rec {
    line: u64,
    /// Span of `text`.
    raw: (usize, usize),
    /// End of the record's spans in `short` or `spans` (they start where the previous record's of the same
    /// kind end).
    spans_end: usize,
    unterminated_quote: bool,
    /// The spans are in `short`.
    short: bool,
    /// Some field is in `copies` (most records have none: their spans are handed on as they are).
    copied: bool,
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
        self.short.clear();
        self.spans.clear();
        self.recs.clear();
    }

    /// Copies a record in.
    pub fn push(&mut self, rec: &RecordMut<'_>) {
        let base = self.text.len();
        self.text.extend_from_slice(rec.raw);
        let (raw_start, raw_end) = (rec.at, rec.at + rec.raw.len());
        let f = &*rec.fields;
        let short = rec.raw.len() <= usize::from(u16::MAX) && self.push_short(&f.spans, raw_start, raw_end);
        let mut copied = false;
        if !short {
            for &(s, e) in &f.spans {
                let span = if s & SCRATCH != 0 {
                    copied = true;
                    copy(&mut self.copies, f.scratch.get(s & !SCRATCH..e).unwrap_or_default())
                } else if s == e {
                    // Empty as written: where it points does not matter, only that it is empty.
                    (base, base)
                } else if raw_start <= s && e <= raw_end {
                    (base + (s - raw_start), base + (e - raw_start))
                } else {
                    copied = true;
                    copy(&mut self.copies, rec.src.get(s..e).unwrap_or_default())
                };
                self.spans.push(span);
            }
        }
        self.recs.push(Rec {
            line: rec.line,
            raw: (base, self.text.len()),
            spans_end: if short { self.short.len() } else { self.spans.len() },
            unterminated_quote: rec.unterminated_quote,
            short,
            copied,
        });
    }

    /// The spans of a record of under 64 KiB whose fields are all in its raw text (or empty), as offsets
    /// from its start; false (nothing kept) when one is not.
    fn push_short(&mut self, spans: &[(usize, usize)], raw_start: usize, raw_end: usize) -> bool {
        let from = self.short.len();
        for &(s, e) in spans {
            let span = if s == e {
                (0, 0)
            } else if raw_start <= s && s <= e && e <= raw_end {
                // Both below 64 KiB: the record's text is.
                ((s - raw_start) as u16, (e - raw_start) as u16)
            } else {
                // A field copied aside (its start flagged), or outside the record's text.
                self.short.truncate(from);
                return false;
            };
            self.short.push(span);
        }
        true
    }

    /// Hands the records to `sink` in order, as the tokenizer handed them, with `fields` holding each one's
    /// fields in turn (the consumer's own, so that text it keeps in them across records stays there).
    /// Stops at the sink's first error.
    pub fn replay<E>(&self, fields: &mut Fields, sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<(), E> {
        let (mut from, mut from_short) = (0, 0);
        for r in &self.recs {
            fields.clear();
            if r.short {
                let base = r.raw.0;
                let spans = self.short.get(from_short..r.spans_end).unwrap_or_default();
                fields.spans.extend(spans.iter().map(|&(s, e)| (base + usize::from(s), base + usize::from(e))));
                from_short = r.spans_end;
            } else {
                let spans = self.spans.get(from..r.spans_end).unwrap_or_default();
                if !r.copied {
                    // Spans of the batch's text only: handed on in one copy.
                    fields.spans.extend_from_slice(spans);
                } else {
                    Self::replay_copies(&self.copies, spans, fields);
                }
                from = r.spans_end;
            }
            let raw = self.text.get(r.raw.0..r.raw.1).unwrap_or_default();
            sink(RecordMut { line: r.line, raw, at: r.raw.0, src: &self.text, fields, unterminated_quote: r.unterminated_quote })?;
        }
        Ok(())
    }

    /// A record's spans into `fields`, its copied fields moved into their scratch.
    fn replay_copies(copies: &[u8], spans: &[(usize, usize)], fields: &mut Fields) {
        for &(s, e) in spans {
            if s & SCRATCH != 0 {
                let at = fields.scratch.len();
                fields.scratch.extend_from_slice(copies.get(s & !SCRATCH..e).unwrap_or_default());
                fields.spans.push((at | SCRATCH, fields.scratch.len()));
            } else {
                fields.spans.push((s, e));
            }
        }
    }
}

/// Appends `bytes` to `copies`; their span there, flagged [`SCRATCH`].
fn copy(copies: &mut Vec<u8>, bytes: &[u8]) -> (usize, usize) {
    let at = copies.len();
    copies.extend_from_slice(bytes);
    (at | SCRATCH, copies.len())
}

/// The first bytes of a batch written by [`Batch::encode`] (a version number: a reader of another layout
/// refuses the bytes).
const MAGIC: [u8; 4] = *b"CLB1";
/// Bytes of the header: the magic number, then the numbers of records, spans, text and copied bytes.
const HEADER: usize = 4 + 4 * 4;
/// Bytes per record: its line (u64), raw span (2 × u32), end of its spans (u32) and flags (u32).
const REC_BYTES: usize = 8 + 4 * 4;
/// Bytes per span: start (u32, its top bit the [`SCRATCH`] flag) and end (u32).
const SPAN_BYTES: usize = 8;
/// The flag of a copied field's start on the wire.
const WIRE_SCRATCH: u32 = 1 << 31;

/// A batch that cannot be read back: what is wrong with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBatch(pub &'static str);

impl std::fmt::Display for BadBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a malformed batch of records: {}", self.0)
    }
}

impl Batch {
    /// Writes the batch as bytes into `out` (cleared first), for another worker to read back with
    /// [`Batch::decode`] (the page's read on two workers: the records cross as a transferable buffer).
    /// Little-endian: the header, the records, the spans, the text, the copies. Fails when a position does
    /// not fit in 31 bits (a batch over 2 GiB: never in the page, whose batches are about 512 KiB).
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<(), BadBatch> {
        let n = |v: usize| u32::try_from(v).ok().filter(|&v| v < WIRE_SCRATCH).ok_or(BadBatch("over 2 GiB"));
        out.clear();
        let n_spans = self.short.len() + self.spans.len();
        let (recs_at, spans_at) = (HEADER, HEADER + self.recs.len() * REC_BYTES);
        // Sized once and written in place: a loop without a capacity check per number.
        out.resize(spans_at + n_spans * SPAN_BYTES, 0);
        let (head, rest) = out.split_at_mut(recs_at);
        let (recs, spans) = rest.split_at_mut(spans_at - recs_at);
        head[..4].copy_from_slice(&MAGIC);
        for (w, v) in head[4..].chunks_exact_mut(4).zip([self.recs.len(), n_spans, self.text.len(), self.copies.len()]) {
            w.copy_from_slice(&n(v)?.to_le_bytes());
        }
        // On the wire every span is of the text or the copies, in the records' order.
        let mut slots = spans.chunks_exact_mut(SPAN_BYTES);
        let mut put = |(s, e): (usize, usize)| -> Result<(), BadBatch> {
            let start = if s & SCRATCH != 0 { n(s & !SCRATCH)? | WIRE_SCRATCH } else { n(s)? };
            let w = slots.next().ok_or(BadBatch("more spans than counted"))?;
            w[..4].copy_from_slice(&start.to_le_bytes());
            w[4..].copy_from_slice(&n(e)?.to_le_bytes());
            Ok(())
        };
        let (mut from, mut from_short, mut wire_end) = (0, 0, 0);
        for (w, r) in recs.chunks_exact_mut(REC_BYTES).zip(&self.recs) {
            if r.short {
                for &(s, e) in self.short.get(from_short..r.spans_end).unwrap_or_default() {
                    put((r.raw.0 + usize::from(s), r.raw.0 + usize::from(e)))?;
                }
                wire_end += r.spans_end - from_short;
                from_short = r.spans_end;
            } else {
                for &span in self.spans.get(from..r.spans_end).unwrap_or_default() {
                    put(span)?;
                }
                wire_end += r.spans_end - from;
                from = r.spans_end;
            }
            w[..8].copy_from_slice(&r.line.to_le_bytes());
            w[8..12].copy_from_slice(&n(r.raw.0)?.to_le_bytes());
            w[12..16].copy_from_slice(&n(r.raw.1)?.to_le_bytes());
            w[16..20].copy_from_slice(&n(wire_end)?.to_le_bytes());
            w[20..].copy_from_slice(&u32::from(r.unterminated_quote).to_le_bytes());
        }
        out.reserve(self.text.len() + self.copies.len());
        out.extend_from_slice(&self.text);
        out.extend_from_slice(&self.copies);
        Ok(())
    }

    /// Reads back a batch written by [`Batch::encode`] into `self` (its memory reused), checking
    /// everything a record's consumer relies on: every span inside the text it points into, a field of
    /// the text inside its record's raw text, the records' spans in order, lines in order. Bytes that
    /// break any of it are refused, never read out of bounds: they come from another worker.
    pub fn decode(&mut self, bytes: &[u8]) -> Result<(), BadBatch> {
        self.clear();
        let mut at = 0usize;
        let mut take = |len: usize| -> Result<&[u8], BadBatch> {
            let end = at.checked_add(len).ok_or(BadBatch("a length overflows"))?;
            let part = bytes.get(at..end).ok_or(BadBatch("cut short"))?;
            at = end;
            Ok(part)
        };
        if take(4)? != MAGIC {
            return Err(BadBatch("not a batch of this version"));
        }
        let mut counts = [0usize; 4];
        for c in &mut counts {
            *c = u32_at(take(4)?) as usize;
        }
        let [recs, spans, text, copies] = counts;
        // The sizes are checked against the bytes before anything is allocated.
        let need = (recs as u64) * REC_BYTES as u64 + (spans as u64) * SPAN_BYTES as u64 + text as u64 + copies as u64;
        if need != (bytes.len() - HEADER) as u64 {
            return Err(BadBatch("its sizes do not add up to its length"));
        }
        let rec_bytes = take(recs * REC_BYTES)?;
        let span_bytes = take(spans * SPAN_BYTES)?;
        self.text.extend_from_slice(take(text)?);
        self.copies.extend_from_slice(take(copies)?);
        self.spans.reserve(spans);
        for s in span_bytes.chunks_exact(SPAN_BYTES) {
            let (start, end) = (u32_at(&s[..4]), u32_at(&s[4..]) as usize);
            let span = if start & WIRE_SCRATCH != 0 {
                let start = (start & !WIRE_SCRATCH) as usize;
                if start > end || end > copies {
                    return Err(BadBatch("a copied field outside the copies"));
                }
                (start | SCRATCH, end)
            } else {
                (start as usize, end)
            };
            self.spans.push(span);
        }
        self.recs.reserve(recs);
        let (mut from, mut last_line) = (0usize, 0u64);
        for r in rec_bytes.chunks_exact(REC_BYTES) {
            let line = u64::from(u32_at(&r[..4])) | u64::from(u32_at(&r[4..8])) << 32;
            let (raw, spans_end, flags) =
                ((u32_at(&r[8..12]) as usize, u32_at(&r[12..16]) as usize), u32_at(&r[16..20]) as usize, u32_at(&r[20..]));
            if raw.0 > raw.1 || raw.1 > text {
                return Err(BadBatch("a record outside the text"));
            }
            if spans_end < from || spans_end > spans {
                return Err(BadBatch("a record's fields out of order"));
            }
            if line < last_line || line == 0 {
                return Err(BadBatch("lines out of order"));
            }
            if flags > 1 {
                return Err(BadBatch("unknown flags"));
            }
            let mut copied = false;
            for &(s, e) in &self.spans[from..spans_end] {
                if s & SCRATCH != 0 {
                    copied = true;
                } else if s > e || s < raw.0 || e > raw.1 {
                    return Err(BadBatch("a field outside its record"));
                }
            }
            // Read back with every span of the text (none short): the same records.
            self.recs.push(Rec { line, raw, spans_end, unterminated_quote: flags == 1, short: false, copied });
            (from, last_line) = (spans_end, line);
        }
        if from != spans {
            return Err(BadBatch("fields that belong to no record"));
        }
        Ok(())
    }
}

/// The little-endian u32 of 4 bytes (fewer: zeros).
fn u32_at(b: &[u8]) -> u32 {
    let mut w = [0u8; 4];
    for (d, s) in w.iter_mut().zip(b) {
        *d = *s;
    }
    u32::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::super::{Dialect, Tokenizer};
    use super::*;

    /// Text with every kind of record: quoted fields with `""` escapes (copied fields), a line break inside
    /// quotes, blank lines, CRLF, empty fields, and a quote that never closes.
    const AWKWARD: &[u8] = b"a,b,c\r\n1,\"x \"\"y\"\"\",z\n\n2,\"two\nlines\",\n3,,\"\"\n4,\"open,5,6\n7,8,9\n";

    fn batch_of(text: &[u8]) -> Batch {
        let mut batch = Batch::default();
        let mut t = Tokenizer::new(Dialect::default(), 1);
        let mut sink = |r: RecordMut<'_>| -> Result<(), ()> {
            batch.push(&r);
            Ok(())
        };
        t.feed(text, &mut sink).unwrap();
        t.finish(&mut sink).unwrap();
        batch
    }

    /// Each record as its consumer sees it: line, raw text, fields, unterminated quote.
    fn records(batch: &Batch) -> Vec<(u64, Vec<u8>, Vec<Vec<u8>>, bool)> {
        let mut out = Vec::new();
        let mut fields = Fields::default();
        batch
            .replay(&mut fields, &mut |r| -> Result<(), ()> {
                let rec = r.record();
                out.push((rec.line, rec.raw.to_vec(), rec.fields.iter().map(<[u8]>::to_vec).collect(), rec.unterminated_quote));
                Ok(())
            })
            .unwrap();
        out
    }

    #[test]
    fn a_batch_reads_back_as_written() {
        let batch = batch_of(AWKWARD);
        assert!(!batch.copies.is_empty() && batch.recs.iter().any(|r| r.unterminated_quote), "the text exercises copies and an open quote");
        let mut bytes = Vec::new();
        batch.encode(&mut bytes).unwrap();
        let mut back = Batch::default();
        back.decode(&bytes).unwrap();
        assert_eq!(records(&back), records(&batch));
        assert_eq!(records(&batch).len(), 7, "{:?}", records(&batch));
        // An empty batch too.
        Batch::default().encode(&mut bytes).unwrap();
        back.decode(&bytes).unwrap();
        assert!(back.is_empty());
    }

    /// Each record as the tokenizer hands it on, without a batch: the oracle of the replay.
    fn direct(text: &[u8]) -> Vec<(u64, Vec<u8>, Vec<Vec<u8>>, bool)> {
        let mut out = Vec::new();
        let mut t = Tokenizer::new(Dialect::default(), 1);
        let mut sink = |r: RecordMut<'_>| -> Result<(), ()> {
            let rec = r.record();
            out.push((rec.line, rec.raw.to_vec(), rec.fields.iter().map(<[u8]>::to_vec).collect(), rec.unterminated_quote));
            Ok(())
        };
        t.feed(text, &mut sink).unwrap();
        t.finish(&mut sink).unwrap();
        out
    }

    #[test]
    fn records_short_and_long_replay_as_the_tokenizer_gave_them() {
        // Records of 64 KiB less one byte (the longest kept as offsets), of 64 KiB and over (kept as spans
        // of the text), with a copied field, between ordinary ones; empty fields in each.
        let mut text = Vec::new();
        for len in [65_530usize, 65_531, 65_532, 70_000] {
            // `1,` and `,,2`: the record is 5 bytes longer than its long field.
            text.extend_from_slice(format!("1,{},,2\n", "w".repeat(len)).as_bytes());
            text.extend_from_slice(format!("\"q\"\"{}\",,3\n", "v".repeat(len)).as_bytes());
            text.extend_from_slice(b"4,,5\n");
        }
        // Then every kind of record (AWKWARD's last quote never closes: it comes last).
        text.extend_from_slice(AWKWARD);
        let batch = batch_of(&text);
        let raw_len = |r: &Rec| r.raw.1 - r.raw.0;
        assert!(batch.recs.iter().any(|r| r.short && raw_len(r) == 65_535), "the longest short record is exercised");
        assert!(batch.recs.iter().any(|r| !r.short && !r.copied && raw_len(r) == 65_536), "the shortest long one too");
        assert!(batch.recs.iter().any(|r| !r.short && r.copied), "and a copied field");
        assert_eq!(records(&batch), direct(&text));
        // On the wire and back (every record then long): the same records.
        let mut bytes = Vec::new();
        batch.encode(&mut bytes).unwrap();
        let mut back = Batch::default();
        back.decode(&bytes).unwrap();
        assert_eq!(records(&back), direct(&text));
    }

    #[test]
    fn a_malformed_batch_is_refused_never_read_out_of_bounds() {
        let mut bytes = Vec::new();
        batch_of(AWKWARD).encode(&mut bytes).unwrap();
        let mut back = Batch::default();
        // Cut anywhere, or one byte more: refused.
        for n in 0..bytes.len() {
            assert!(back.decode(&bytes[..n]).is_err(), "cut at {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(back.decode(&longer), Err(BadBatch("its sizes do not add up to its length")));
        // Huge counts are refused before anything is allocated.
        let mut huge = bytes.clone();
        huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(back.decode(&huge).is_err());
        // A field moved outside its record, a copied field outside the copies, records out of order.
        let spans_at = HEADER + batch_of(AWKWARD).recs.len() * REC_BYTES;
        let mut moved = bytes.clone();
        moved[spans_at + 4..spans_at + 8].copy_from_slice(&10_000u32.to_le_bytes());
        assert_eq!(back.decode(&moved), Err(BadBatch("a field outside its record")));
        // Inside the text but in the record before (the header's three fields come first).
        let mut before = bytes.clone();
        let at = spans_at + 3 * SPAN_BYTES;
        before[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(back.decode(&before), Err(BadBatch("a field outside its record")));
        // Its place among the spans on the wire (where every record's spans are, in order).
        back.decode(&bytes).unwrap();
        let copied = back.spans.iter().position(|s| s.0 & SCRATCH != 0).unwrap();
        let mut outside = bytes.clone();
        let at = spans_at + copied * SPAN_BYTES + 4;
        outside[at..at + 4].copy_from_slice(&10_000u32.to_le_bytes());
        assert_eq!(back.decode(&outside), Err(BadBatch("a copied field outside the copies")));
        let mut order = bytes.clone();
        order[HEADER..HEADER + 8].copy_from_slice(&99u64.to_le_bytes());
        assert_eq!(back.decode(&order), Err(BadBatch("lines out of order")));
        // Any byte changed to anything, seeded: refused, or read back with every field inside its text.
        let mut s = 7u64;
        for _ in 0..20_000 {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let mut bad = bytes.clone();
            let at = (s >> 33) as usize % bad.len();
            bad[at] = (s >> 20) as u8;
            if (s >> 60) & 1 == 1 {
                let at2 = (s >> 40) as usize % bad.len();
                bad[at2] ^= 0x80;
            }
            if back.decode(&bad).is_ok() {
                // Replaying reads every field: a span out of bounds would panic here.
                let _ = records(&back);
            }
        }
    }
}
