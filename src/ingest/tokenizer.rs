//! Splits a stream of text into records and fields, one chunk at a time.
//!
//! The semantics are those of RFC 4180 as the `csv` crate reads it (a quote is special only at the start
//! of a field; `""` inside quotes is a quote; a terminator inside quotes belongs to the field), and the
//! tests check field-for-field agreement with `csv` on random input. It is written here rather than
//! taken from `csv_core` because Clientela must account for every line, which needs things `csv_core`
//! does not expose: the physical line where each record starts, empty lines (which it skips silently),
//! the raw text of a bad record, and recovery from a quote that is never closed (which would otherwise
//! swallow the rest of the file into one field).

use memchr::memchr;

mod batch;
mod scan;
pub use batch::Batch;
use scan::eq_bytes_exact;

/// A record longer than this many physical lines while a quote is open is treated as an unterminated
/// quote: its first line is rejected and reading resumes on the next line.
pub const MAX_QUOTED_LINES: u64 = 200;
/// The same guard in bytes.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// How records and fields are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Field delimiter.
    pub delimiter: u8,
    /// Quote character, if quoting is used.
    pub quote: Option<u8>,
    /// Record terminator: `\n` (with an optional `\r` before it) or `\r` alone.
    pub terminator: u8,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect { delimiter: b',', quote: Some(b'"'), terminator: b'\n' }
    }
}

/// One record as handed to the consumer.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Raw text of the record (without its terminator).
    pub raw: &'a [u8],
    /// Unquoted fields.
    pub fields: FieldsRef<'a>,
    /// The record began a quoted field that never closed; only its first line is in `raw`.
    pub unterminated_quote: bool,
}

/// One record as the tokenizer hands it on: a [`Record`] whose fields the consumer may still change in
/// place ([`RecordMut::filling`]: the fill-down of order fields), without copying the others.
#[derive(Debug)]
pub struct RecordMut<'a> {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Raw text of the record (without its terminator).
    pub raw: &'a [u8],
    /// Where `raw` starts in `src`.
    at: usize,
    src: &'a [u8],
    fields: &'a mut Fields,
    /// The record began a quoted field that never closed; only its first line is in `raw`.
    pub unterminated_quote: bool,
}

impl<'a> RecordMut<'a> {
    /// A record built outside the tokenizer: `fields` are spans of `src` (or copies), `raw` its text as a
    /// line, at the start of `src`.
    pub(crate) fn built(line: u64, raw: &'a [u8], src: &'a [u8], fields: &'a mut Fields) -> RecordMut<'a> {
        RecordMut { line, raw, at: 0, src, fields, unterminated_quote: false }
    }
}

impl RecordMut<'_> {
    /// The record as it stands.
    #[inline]
    pub fn record(&self) -> Record<'_> {
        Record {
            line: self.line,
            raw: self.raw,
            fields: FieldsRef { src: self.src, spans: &self.fields.spans, scratch: &self.fields.scratch },
            unterminated_quote: self.unterminated_quote,
        }
    }

    /// Sets fields to values of `text`: each `(i, (start, end))` of `fills` makes field `i` (when the record
    /// has it) `text[start..end]`. `version` names `text` (a new version whenever it changes): the text
    /// stays in the fields across records, so a run of records filled from the same text copies it once.
    /// The tests' shorthand for [`RecordMut::filling`] and [`Filling::point`].
    #[cfg(test)]
    pub fn set(&mut self, text: &[u8], version: u64, fills: &[(usize, (usize, usize))]) {
        let mut f = self.filling(text, version);
        for &(i, span) in fills {
            f.point(i, span);
        }
    }

    /// Makes `text` (named by `version`, a new version whenever it changes) readable by the fields, for
    /// [`Filling::point`]. The text stays across records: lent again at the same version, it is not copied.
    #[inline]
    pub fn filling(&mut self, text: &[u8], version: u64) -> Filling<'_> {
        let f = &mut *self.fields;
        let base = if f.kept_version == version && f.kept == text.len() {
            0
        } else if f.scratch.len() == f.kept {
            // No field of this record is in `scratch`: the text can become its kept start.
            f.scratch.clear();
            f.scratch.extend_from_slice(text);
            (f.kept, f.kept_version) = (text.len(), version);
            0
        } else {
            let base = f.scratch.len();
            f.scratch.extend_from_slice(text);
            base
        };
        Filling { src: self.src, spans: &mut f.spans, scratch: &f.scratch, base }
    }
}

/// A record's fields while some are set to a lent text ([`RecordMut::filling`]): read as [`FieldsRef`]
/// reads them, and pointed at the text in place.
#[derive(Debug)]
pub struct Filling<'a> {
    src: &'a [u8],
    spans: &'a mut [(usize, usize)],
    scratch: &'a [u8],
    base: usize,
}

impl Filling<'_> {
    /// Field `i` is empty as written (see [`FieldsRef::bare_empty`]).
    #[inline]
    pub fn bare_empty(&self, i: usize) -> bool {
        self.spans.get(i).is_none_or(|&(s, e)| s & !SCRATCH == e)
    }

    /// Field `i` as [`FieldsRef::cell`] gives it.
    #[inline]
    pub fn cell(&self, i: usize) -> &[u8] {
        FieldsRef { src: self.src, spans: self.spans, scratch: self.scratch }.cell(i)
    }

    /// Makes field `i` (when the record has it) `text[start..end]` of the lent text.
    #[inline]
    pub fn point(&mut self, i: usize, (start, end): (usize, usize)) {
        if let Some(span) = self.spans.get_mut(i) {
            *span = ((self.base + start) | SCRATCH, self.base + end);
        }
    }
}

/// Marks a span whose bytes are in [`Fields::scratch`] rather than in the text being read.
const SCRATCH: usize = 1 << (usize::BITS - 1);

/// Field positions reused across records. Most fields are spans of the text itself (no copy); only a
/// quoted field with `""` escapes or text after its closing quote, or a field set through [`RecordMut::filling`],
/// is in `scratch`.
#[derive(Debug, Default)]
pub struct Fields {
    /// `(start, end)`; `start` carries [`SCRATCH`] for fields in `scratch`.
    spans: Vec<(usize, usize)>,
    scratch: Vec<u8>,
    /// Bytes at the start of `scratch` kept across records: the text of [`RecordMut::filling`].
    kept: usize,
    /// The version of the kept text (0: none).
    kept_version: u64,
}

impl Fields {
    fn clear(&mut self) {
        self.spans.clear();
        self.scratch.truncate(self.kept);
    }

    /// Starts the fields of a record built outside the tokenizer (a sheet's row: [`super::sheet`]).
    pub(crate) fn start_record(&mut self) {
        self.clear();
    }

    /// No field yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Adds a field: `src[start..end]` of the record's text.
    #[inline]
    pub(crate) fn push(&mut self, start: usize, end: usize) {
        self.spans.push((start, end));
    }

    /// Makes the last field `src[start..end]`.
    #[inline]
    pub(crate) fn set_last(&mut self, start: usize, end: usize) {
        if let Some(last) = self.spans.last_mut() {
            *last = (start, end);
        }
    }

    /// Makes the last field a copy of `text` (a field that is not a span of the record's text).
    pub(crate) fn set_last_copy(&mut self, text: &[u8]) {
        let start = self.scratch.len();
        self.scratch.extend_from_slice(text);
        let end = self.scratch.len();
        if let Some(last) = self.spans.last_mut() {
            *last = (start | SCRATCH, end);
        }
    }
}

/// The fields of one record: spans resolved against the text they came from.
#[derive(Debug, Clone, Copy)]
pub struct FieldsRef<'a> {
    src: &'a [u8],
    spans: &'a [(usize, usize)],
    scratch: &'a [u8],
}

impl<'a> FieldsRef<'a> {
    /// Number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are no fields (never the case for a record from [`Tokenizer`]).
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Field `i`, or an empty slice past the end.
    #[inline]
    pub fn get(&self, i: usize) -> &'a [u8] {
        match self.spans.get(i) {
            None => &[],
            Some(&(s, e)) if s & SCRATCH != 0 => &self.scratch[s & !SCRATCH..e],
            Some(&(s, e)) => &self.src[s..e],
        }
    }

    /// True when field `i` is empty as written (no byte at all; a field of spaces is not), or past the
    /// end: a check without touching the text.
    #[inline]
    pub fn bare_empty(&self, i: usize) -> bool {
        self.spans.get(i).is_none_or(|&(s, e)| s & !SCRATCH == e)
    }

    /// Field `i` without surrounding ASCII whitespace (most cells have none: checked first).
    #[inline]
    pub fn cell(&self, i: usize) -> &'a [u8] {
        let f = self.get(i);
        match (f.first(), f.last()) {
            (Some(a), Some(b)) if !a.is_ascii_whitespace() && !b.is_ascii_whitespace() => f,
            _ => f.trim_ascii(),
        }
    }

    /// Iterates over the fields.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let me = *self;
        (0..me.len()).map(move |i| me.get(i))
    }
}

/// Push tokenizer: feed chunks, receive records through a callback.
#[derive(Debug)]
pub struct Tokenizer {
    dialect: Dialect,
    /// Unconsumed text (an incomplete record carried over from earlier chunks).
    pending: Vec<u8>,
    /// Line number of the next record.
    line: u64,
    fields: Fields,
    /// The fast path tried first.
    fast: Fast,
}

/// A tokenizer's fast path, tried before the general parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fast {
    /// Natively on x86_64: each field one search in 64-byte masks ([`Tokenizer::parse_plain`]), quoted
    /// fields included.
    Masks,
    /// Elsewhere (the page's wasm, ARM), records without quoted fields, eight bytes a word
    /// ([`Tokenizer::parse_unquoted`]). Without vector compares, 64-byte masks cost more than they save.
    Words,
    /// None: the general parser alone (the tests that hold the fast paths to it).
    #[cfg(test)]
    None,
}

impl Fast {
    /// This processor's path.
    const NATIVE: Fast = if cfg!(target_arch = "x86_64") { Fast::Masks } else { Fast::Words };

    /// The word-at-a-time path is tried when the masks are not (on their processor too, for a dialect
    /// they do not read).
    fn tries_words(self) -> bool {
        matches!(self, Fast::Masks | Fast::Words)
    }
}

/// The fast path's state over one text ([`Tokenizer::parse_plain`]): the dialect's special bytes and the
/// masks of the block being read.
#[derive(Debug)]
struct Plain {
    specials: scan::Specials,
    cursor: scan::Cursor,
}

impl Plain {
    /// `None` for a dialect whose quote is also its delimiter or terminator (only the general parser
    /// reads those).
    fn new(d: Dialect) -> Option<Plain> {
        if d.quote.is_some_and(|q| q == d.delimiter || q == d.terminator) || d.delimiter == d.terminator {
            return None;
        }
        Some(Plain { specials: scan::Specials::new(d.delimiter, d.terminator, d.quote), cursor: scan::Cursor::default() })
    }
}

/// Outcome of parsing one record at a position.
enum Parsed {
    /// The record ends before `next` (after its terminator) and spans `extra` more lines.
    Complete { end: usize, next: usize, extra: u64 },
    /// The buffer ends inside the record.
    NeedMore,
    /// A quoted field is still open past the guards (or at the end of the file).
    Runaway,
}

impl Tokenizer {
    /// A tokenizer for a dialect. Line numbers start at `first_line`.
    pub fn new(dialect: Dialect, first_line: u64) -> Tokenizer {
        Tokenizer { dialect, pending: Vec::new(), line: first_line, fields: Fields::default(), fast: Fast::NATIVE }
    }

    /// Line number the next record will start on.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// No record is partly read: the next text starts a record.
    pub(crate) fn between_records(&self) -> bool {
        self.pending.is_empty()
    }

    /// Goes on at line `line`, after records that were handed on without the tokenizer (a sheet's rows).
    pub(crate) fn resume_at(&mut self, line: u64) {
        debug_assert!(self.pending.is_empty());
        self.line = line;
    }

    /// Consumes a chunk; calls `sink` for every complete record. Returns early with the sink's error.
    ///
    /// An incomplete record at the end of the chunk is kept and parsed again from its start when more
    /// text arrives; the runaway guard bounds how long that can be.
    pub fn feed<E>(&mut self, chunk: &[u8], sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<(), E> {
        if self.pending.is_empty() {
            let used = self.process(chunk, false, sink)?;
            self.pending.extend_from_slice(&chunk[used..]);
        } else {
            // Complete the carried-over record with the chunk up to a terminator, then continue on the
            // chunk itself, so that the bulk of the text is never copied.
            let mut from = 0;
            while !self.pending.is_empty() {
                let upto = memchr(self.dialect.terminator, &chunk[from..]).map_or(chunk.len(), |i| from + i + 1);
                self.pending.extend_from_slice(&chunk[from..upto]);
                from = upto;
                let pending = std::mem::take(&mut self.pending);
                let res = self.process(&pending, false, sink);
                let used = res.as_ref().map_or(0, |u| *u);
                self.pending = pending;
                self.pending.drain(..used);
                res?;
                if from == chunk.len() {
                    return Ok(());
                }
            }
            let rest = &chunk[from..];
            let used = self.process(rest, false, sink)?;
            self.pending.extend_from_slice(&rest[used..]);
        }
        Ok(())
    }

    /// Ends the input: the remaining text, if any, is the last record.
    pub fn finish<E>(&mut self, sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<(), E> {
        let pending = std::mem::take(&mut self.pending);
        self.process(&pending, true, sink)?;
        Ok(())
    }

    /// Emits the complete records in `buf`; returns how many bytes were consumed.
    fn process<E>(&mut self, buf: &[u8], eof: bool, sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<usize, E> {
        let mut start = 0;
        // Never in the page's wasm (the compiler then leaves the masks' path out of the module).
        let mut plain = if cfg!(target_arch = "x86_64") && self.fast == Fast::Masks { Plain::new(self.dialect) } else { None };
        while start < buf.len() {
            match self.parse_record(buf, start, eof, &mut plain) {
                Parsed::Complete { end, next, extra } => {
                    let raw = trim_cr(&buf[start..end], self.dialect.terminator);
                    let line = self.line;
                    self.line += 1 + extra;
                    sink(RecordMut { line, raw, at: start, src: buf, fields: &mut self.fields, unterminated_quote: false })?;
                    start = next;
                }
                Parsed::NeedMore => return Ok(start),
                Parsed::Runaway => start = self.runaway(buf, start, sink)?,
            }
        }
        Ok(start)
    }

    /// Emits the first physical line at `start` as an unterminated-quote record; returns where to resume.
    #[cold]
    #[inline(never)]
    fn runaway<E>(&mut self, buf: &[u8], start: usize, sink: &mut impl FnMut(RecordMut<'_>) -> Result<(), E>) -> Result<usize, E> {
        let line_end = memchr(self.dialect.terminator, &buf[start..]).map_or(buf.len(), |i| start + i);
        let raw = trim_cr(&buf[start..line_end], self.dialect.terminator);
        self.fields.clear();
        self.fields.spans.push((start, start + raw.len()));
        let line = self.line;
        self.line += 1;
        sink(RecordMut { line, raw, at: start, src: buf, fields: &mut self.fields, unterminated_quote: true })?;
        Ok((line_end + 1).min(buf.len()))
    }

    /// Parses the record starting at `start` into `self.fields`. Out of line in the page, so that it is
    /// optimised after a few records rather than after the read (see `Reader::feed`).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn parse_record(&mut self, buf: &[u8], start: usize, eof: bool, plain: &mut Option<Plain>) -> Parsed {
        self.fields.clear();
        let fast = match plain.as_mut() {
            Some(p) => self.parse_plain(buf, start, eof, p),
            None if self.fast.tries_words() => self.parse_unquoted(buf, start, eof),
            None => None,
        };
        if let Some(p) = fast {
            return p;
        }
        self.fields.clear();
        self.parse_general(buf, start, eof)
    }

    /// The common case: a record on one line whose fields are each unquoted (a quote inside one is text)
    /// or quoted whole, without a `""` escape, the closing quote followed at once by the delimiter or the
    /// record's end. Each field is one search forward in the masks of [`scan`]: an unquoted field's end,
    /// or a quoted field's closing quote. `None` for anything else (a quote escaped or followed by text, a
    /// line break inside quotes, a quote still open where the text ends): the general parser then reads
    /// the record from its start.
    #[inline]
    fn parse_plain(&mut self, buf: &[u8], start: usize, eof: bool, p: &mut Plain) -> Option<Parsed> {
        let d = self.dialect;
        let mut field = start;
        loop {
            if d.quote.is_some() && buf.get(field) == d.quote.as_ref() {
                let close = p.cursor.next(buf, &p.specials, field + 1, scan::Look::QuoteOrEnd)?;
                if buf[close] == d.terminator {
                    return None;
                }
                self.fields.spans.push((field + 1, close));
                // The closing quote ends the field: the delimiter, the terminator (or "\r\n"), or the
                // text's end follows at once.
                let after = close + 1;
                let stop = match buf.get(after) {
                    Some(&c) if c == d.delimiter => {
                        field = after + 1;
                        continue;
                    }
                    Some(&c) if c == d.terminator => after,
                    Some(b'\r') if d.terminator == b'\n' => match buf.get(after + 1) {
                        Some(b'\n') => after + 1,
                        Some(_) => return None,
                        None if eof => buf.len(),
                        None => return Some(Parsed::NeedMore),
                    },
                    Some(_) => return None,
                    None if eof => buf.len(),
                    None => return Some(Parsed::NeedMore),
                };
                self.collapse();
                return Some(Parsed::Complete { end: stop, next: (stop + 1).min(buf.len()), extra: 0 });
            }
            let Some(pos) = p.cursor.next(buf, &p.specials, field, scan::Look::FieldEnd) else {
                if !eof {
                    return Some(Parsed::NeedMore);
                }
                self.fields.spans.push((field, field + trim_cr(&buf[field..], d.terminator).len()));
                self.collapse();
                return Some(Parsed::Complete { end: buf.len(), next: buf.len(), extra: 0 });
            };
            if buf[pos] == d.delimiter {
                self.fields.spans.push((field, pos));
                field = pos + 1;
                continue;
            }
            self.fields.spans.push((field, field + trim_cr(&buf[field..pos], d.terminator).len()));
            self.collapse();
            return Some(Parsed::Complete { end: pos, next: pos + 1, extra: 0 });
        }
    }

    /// The common case, a record with no quoted field: one pass eight bytes at a time, every delimiter
    /// and the terminator taken from the same word mask. `None` when a field starts with a quote (the
    /// general parser then reads the record from its start).
    fn parse_unquoted(&mut self, buf: &[u8], start: usize, eof: bool) -> Option<Parsed> {
        let d = self.dialect;
        let (pd, pt) = (LO * d.delimiter as u64, LO * d.terminator as u64);
        let pq = d.quote.map_or(0, |q| LO * q as u64);
        let quote = d.quote.unwrap_or(d.delimiter);
        let mut field = start;
        let mut i = start;
        // Handles the special byte at `pos`; `Some` ends the record.
        macro_rules! special {
            ($pos:expr) => {{
                let pos = $pos;
                let c = buf[pos];
                if c == d.delimiter {
                    self.fields.spans.push((field, pos));
                    field = pos + 1;
                } else if c == d.terminator {
                    let end = field + trim_cr(&buf[field..pos], d.terminator).len();
                    self.fields.spans.push((field, end));
                    self.collapse();
                    return Some(Parsed::Complete { end: pos, next: pos + 1, extra: 0 });
                } else if c == quote && pos == field {
                    return None;
                }
            }};
        }
        while i + 8 <= buf.len() {
            let x = word(buf, i);
            let delimiters = eq_bytes_exact(x, pd);
            let mut others = eq_bytes_exact(x, pt);
            if d.quote.is_some() {
                others |= eq_bytes_exact(x, pq);
            }
            if others == 0 {
                // Delimiters only (most words): each ends a field, no byte to look at again.
                let mut m = delimiters;
                while m != 0 {
                    let pos = i + (m.trailing_zeros() / 8) as usize;
                    self.fields.spans.push((field, pos));
                    field = pos + 1;
                    m &= m - 1;
                }
            } else {
                let mut m = delimiters | others;
                while m != 0 {
                    special!(i + (m.trailing_zeros() / 8) as usize);
                    m &= m - 1;
                }
            }
            i += 8;
        }
        while i < buf.len() {
            let c = buf[i];
            if c == d.delimiter || c == d.terminator || d.quote == Some(c) {
                special!(i);
            }
            i += 1;
        }
        if !eof {
            return Some(Parsed::NeedMore);
        }
        let end = field + trim_cr(&buf[field..], d.terminator).len();
        self.fields.spans.push((field, end));
        self.collapse();
        Some(Parsed::Complete { end: buf.len(), next: buf.len(), extra: 0 })
    }

    /// Any record: quoted fields with `""` escapes and terminators inside quotes.
    fn parse_general(&mut self, buf: &[u8], start: usize, eof: bool) -> Parsed {
        let d = self.dialect;
        let mut pos = start;
        let mut extra = 0u64;
        loop {
            // One field starting at `pos`. A quoted field is a span of the text unless it holds `""`
            // escapes (then it is rebuilt in scratch, from `rebuilt`).
            let mut quoted: Option<(usize, usize)> = None;
            let mut rebuilt: Option<usize> = None;
            if let Some(q) = d.quote.filter(|&q| buf.get(pos) == Some(&q)) {
                pos += 1;
                let content = pos;
                // `seg`: start of the content not yet copied (only used once the field is rebuilt).
                let mut seg = pos;
                loop {
                    // Quotes and terminators: a terminator inside quotes only counts a line.
                    let Some(i) = find2(q, d.terminator, &buf[pos..]) else {
                        return if eof || buf.len() - start > MAX_RECORD_BYTES { Parsed::Runaway } else { Parsed::NeedMore };
                    };
                    let at = pos + i;
                    if at - start > MAX_RECORD_BYTES {
                        return Parsed::Runaway;
                    }
                    if buf[at] != q {
                        extra += 1;
                        if extra > MAX_QUOTED_LINES {
                            return Parsed::Runaway;
                        }
                        pos = at + 1;
                        continue;
                    }
                    match buf.get(at + 1) {
                        Some(&c) if c == q => {
                            let scratch = &mut self.fields.scratch;
                            if rebuilt.is_none() {
                                rebuilt = Some(scratch.len());
                            }
                            scratch.extend_from_slice(&buf[seg..at]);
                            scratch.push(q);
                            pos = at + 2;
                            seg = pos;
                        }
                        None if !eof => return Parsed::NeedMore,
                        _ => {
                            match rebuilt {
                                Some(_) => self.fields.scratch.extend_from_slice(&buf[seg..at]),
                                None => quoted = Some((content, at)),
                            }
                            pos = at + 1;
                            break;
                        }
                    }
                }
            }
            // Unquoted text, or text after a closing quote (kept, as the csv crate does).
            // (After a closing quote the delimiter usually follows at once.)
            let found = match buf.get(pos) {
                Some(&c) if c == d.delimiter || c == d.terminator => Some(0),
                _ => find2(d.delimiter, d.terminator, &buf[pos..]),
            };
            let (stop, at_delimiter) = match found {
                Some(i) => (pos + i, buf[pos + i] == d.delimiter),
                None if eof => (buf.len(), false),
                None => return Parsed::NeedMore,
            };
            let text_end = if at_delimiter { stop } else { pos + trim_cr(&buf[pos..stop], d.terminator).len() };
            let span = match (quoted, rebuilt) {
                (None, None) => (pos, text_end),
                (Some(span), None) if pos == text_end => span,
                (Some((a, b)), None) => {
                    let at = self.fields.scratch.len();
                    self.fields.scratch.extend_from_slice(&buf[a..b]);
                    self.fields.scratch.extend_from_slice(&buf[pos..text_end]);
                    (at | SCRATCH, self.fields.scratch.len())
                }
                (_, Some(at)) => {
                    self.fields.scratch.extend_from_slice(&buf[pos..text_end]);
                    (at | SCRATCH, self.fields.scratch.len())
                }
            };
            self.fields.spans.push(span);
            if at_delimiter {
                pos = stop + 1;
                continue;
            }
            self.collapse();
            let next = if stop < buf.len() { stop + 1 } else { stop };
            return Parsed::Complete { end: stop, next, extra };
        }
    }

    /// With a space delimiter, runs of spaces separate one field and leading/trailing spaces add none
    /// (FIMI `.dat` files end lines with a space): empty fields are dropped.
    fn collapse(&mut self) {
        if self.dialect.delimiter != b' ' || !self.fields.spans.iter().any(|&(s, e)| s & !SCRATCH == e) {
            return;
        }
        self.fields.spans.retain(|&(s, e)| s & !SCRATCH != e);
        if self.fields.spans.is_empty() {
            self.fields.spans.push((0, 0));
        }
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in the bytes of `x` equal to the byte repeated in `pat`. Bytes above the first match may
/// be flagged wrongly (borrows), so only the lowest set bit is meaningful.
#[inline(always)]
fn eq_bytes(x: u64, pat: u64) -> u64 {
    let t = x ^ pat;
    t.wrapping_sub(LO) & !t & HI
}

#[inline(always)]
fn word(hay: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(hay[i..i + 8].try_into().expect("8 bytes"))
}

/// First `a` or `b` in `hay`: eight bytes at a time for short distances (most fields), then `memchr2`.
/// The lowest flagged byte of the two masks is exact.
#[inline]
fn find2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    let (pa, pb) = (LO * a as u64, LO * b as u64);
    let mut i = 0;
    let head = hay.len().min(64);
    while i + 8 <= head {
        let x = word(hay, i);
        let m = eq_bytes(x, pa) | eq_bytes(x, pb);
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    if head < hay.len() {
        return memchr::memchr2(a, b, &hay[i..]).map(|j| i + j);
    }
    hay[i..].iter().position(|&c| c == a || c == b).map(|j| i + j)
}

fn trim_cr(s: &[u8], terminator: u8) -> &[u8] {
    if terminator == b'\n' && s.last() == Some(&b'\r') { &s[..s.len() - 1] } else { s }
}

#[cfg(test)]
mod tests;
