//! Ingestion: from the bytes of a sales export to a [`Dataset`] and its [`DataReport`].
//!
//! ```text
//! bytes ─► gunzip? ─► sample (1 MiB) ─► encoding ─► detection (sniff) ─► tokenizer ─► rows ─► Dataset
//!                                                                          └─► rejections ─► DataReport
//! ```
//! [`Ingestor`] is push-based: the page feeds it `File.stream()` chunks from a worker and reports
//! progress between them; the CLI feeds it from a buffered reader. Nothing needs the whole file at once,
//! except a spreadsheet (.xlsx, .xls, .ods): its bytes are kept and at `finish()` its sheet is rendered
//! row by row into the same path as a CSV file (see [`sheet`]); past the sample, its rows reach the
//! builder as records, without the tokenizer.
//!
//! ```
//! use clientela::ingest::{Ingestor, IngestOptions};
//! let mut ing = Ingestor::new(IngestOptions::default());
//! ing.push(b"order,customer,date,item,qty,price\n1,ann,2024-01-02,tea,2,3.50\n").unwrap();
//! let (data, report) = ing.finish().unwrap();
//! assert_eq!(report.rows.used, 1);
//! assert_eq!(data.line_amount(0), 7.0);
//! ```

mod ahead;
mod build;
pub mod content;
pub mod date;
pub mod decode;
pub mod fill;
pub mod number;
pub mod platform;
pub mod report;
pub mod roles;
pub mod sheet;
pub mod sniff;
pub mod tokenizer;
pub mod xlsx;

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::notice::Notice;
use build::Builder;
use decode::{Gunzip, TextDecoder};
use report::DataReport;
use serde_json::json;
use tokenizer::Tokenizer;

pub use ahead::{BATCH_BYTES, SplitFigures, SplitStep, Splitter};
pub use sniff::{ColumnChoice, Detection, IngestOptions};

/// Bytes of (decompressed) text examined before deciding encoding and dialect.
pub const SAMPLE_BYTES: usize = 1 << 20;

/// Progress of a running ingestion.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Progress {
    /// Bytes pushed so far (compressed bytes for gzip).
    pub bytes: u64,
    /// Input rows read so far.
    pub rows: u64,
}

/// Push-based reader of one file.
#[derive(Debug)]
pub struct Ingestor {
    opts: IngestOptions,
    bytes_in: u64,
    /// Raw bytes held until the gzip magic number can be checked.
    head: Vec<u8>,
    gzip: Option<Option<Gunzip>>,
    /// The bytes of a workbook (zip or OLE2 container), read at `finish()`.
    book: Option<Vec<u8>>,
    /// Line number of the first line of text (a sheet's first used row).
    first_line: u64,
    /// A sheet's rows reach the builder as text through the tokenizer, never as records (the tests'
    /// reference for the records' path).
    sheet_as_text: bool,
    scratch: Vec<u8>,
    stage: Stage,
    /// Records read back from another worker's batches ([`Ingestor::push_batch`]), with the fields the
    /// builder keeps across them.
    replay: Option<Box<(tokenizer::Batch, tokenizer::Fields)>>,
}

#[derive(Debug)]
enum Stage {
    Sampling(Vec<u8>),
    Reading(Box<Reader>),
}

#[derive(Debug)]
struct Reader {
    decoder: TextDecoder,
    encoding: decode::Detected,
    tokenizer: Tokenizer,
    sink: Sink,
    text: Vec<u8>,
    text_bytes: u64,
}

/// Where the tokenizer's records go.
#[derive(Debug)]
enum Sink {
    /// To the table's builder, here.
    Build(Box<Builder>),
    /// Into a batch, for the builder on another thread ([`ahead`]) or in another worker (the page).
    Ahead(tokenizer::Batch),
}

impl Sink {
    #[inline]
    fn row(&mut self, rec: tokenizer::RecordMut<'_>) -> Result<()> {
        match self {
            Sink::Build(b) => b.row(rec),
            Sink::Ahead(batch) => {
                batch.push(&rec);
                Ok(())
            }
        }
    }

    fn into_builder(self) -> Option<Box<Builder>> {
        match self {
            Sink::Build(b) => Some(b),
            Sink::Ahead(_) => None,
        }
    }

    fn builder(&self) -> Option<&Builder> {
        match self {
            Sink::Build(b) => Some(b),
            Sink::Ahead(_) => None,
        }
    }
}

impl Reader {
    /// A sheet's row handed on as a record (see [`sheet::Sink::row`]): to the builder as the tokenizer
    /// would have handed it, without the text's second reading. A row that is not UTF-8 goes through the
    /// decoder and the tokenizer, repaired as in a text file.
    fn row(&mut self, line: u64, raw: &[u8], fields: &mut tokenizer::Fields) -> Result<()> {
        if std::str::from_utf8(raw).is_ok() {
            self.text_bytes += raw.len() as u64 + 1;
            return self.sink.row(tokenizer::RecordMut::built(line, raw, raw, fields));
        }
        let mut line_text = raw.to_vec();
        line_text.push(b'\n');
        self.tokenizer.resume_at(line);
        self.feed(&line_text)
    }

    /// Decodes bytes of the file and hands their records to the builder. Kept out of line, as the
    /// per-record steps below it are in the page: the browser's engine runs a wasm function on its
    /// baseline code until an optimised copy is compiled, and uses that copy from the next call on, so
    /// on a first visit a hot loop inside one huge function (the whole read was one of 88 KB, half a
    /// second to optimise) runs on baseline code for the whole file.
    #[inline(never)]
    fn feed(&mut self, data: &[u8]) -> Result<()> {
        let mut text = std::mem::take(&mut self.text);
        let t = self.decoder.text(data, false, &mut text);
        self.text_bytes += t.len() as u64;
        let sink = &mut self.sink;
        let res = self.tokenizer.feed(t, &mut |rec| sink.row(rec));
        self.text = text;
        res
    }
}

impl Ingestor {
    /// A reader with the user's choices (all `None`: detect everything).
    pub fn new(opts: IngestOptions) -> Ingestor {
        Ingestor {
            opts,
            bytes_in: 0,
            head: Vec::new(),
            gzip: None,
            book: None,
            first_line: 1,
            sheet_as_text: false,
            scratch: Vec::new(),
            stage: Stage::Sampling(Vec::new()),
            replay: None,
        }
    }

    /// Reads a workbook's rows as text, the way a CSV file is read, instead of handing each row's cells
    /// to the builder as a record: the same table and report, more slowly. For tests of the two paths.
    #[doc(hidden)]
    pub fn sheet_rows_as_text(mut self) -> Ingestor {
        self.sheet_as_text = true;
        self
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        let rows = match &self.stage {
            Stage::Reading(r) => r.sink.builder().map_or(0, |b| b.total),
            Stage::Sampling(_) => 0,
        };
        Progress { bytes: self.bytes_in, rows }
    }

    /// The detection, once the sample has been examined.
    pub fn detection(&self) -> Option<&Detection> {
        match &self.stage {
            Stage::Reading(r) => r.sink.builder().map(|b| &b.det),
            Stage::Sampling(_) => None,
        }
    }

    /// Feeds the next chunk of the file. A big chunk is taken in pieces of [`PUSH_PIECE`] bytes, so the
    /// decompressed and decoded text held at once stays small whatever the caller's chunk size.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        for piece in chunk.chunks(PUSH_PIECE) {
            self.push_piece(piece)?;
        }
        Ok(())
    }

    fn push_piece(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes_in += chunk.len() as u64;
        if let Some(book) = self.book.as_mut() {
            return keep(book, chunk);
        }
        if self.gzip.is_none() {
            self.head.extend_from_slice(chunk);
            if self.head.len() < 4 {
                return Ok(());
            }
            let head = std::mem::take(&mut self.head);
            if sheet::is_workbook(&head) {
                self.book = Some(head);
                return Ok(());
            }
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            return self.plain(&head, false);
        }
        self.plain(chunk, false)
    }

    /// The file is text whose reading has started (its sample examined): what is left is to split it
    /// into records and build the table from them, as [`ahead`] does on two threads.
    fn reads_text(&self) -> bool {
        self.book.is_none() && matches!(&self.stage, Stage::Reading(r) if matches!(r.sink, Sink::Build(_)))
    }

    /// The builder, taken away: from now on the records are kept in batches ([`Ingestor::take_batch`]).
    fn take_builder(&mut self) -> Option<Box<Builder>> {
        let Stage::Reading(r) = &mut self.stage else { return None };
        match std::mem::replace(&mut r.sink, Sink::Ahead(tokenizer::Batch::default())) {
            Sink::Build(b) => Some(b),
            ahead => {
                r.sink = ahead;
                None
            }
        }
    }

    /// The records kept since the last call when they hold at least `min_bytes` of text (at least one
    /// record with `min_bytes` 0), replaced by `spare` (emptied).
    fn take_batch(&mut self, min_bytes: usize, spare: impl FnOnce() -> tokenizer::Batch) -> Option<tokenizer::Batch> {
        let Stage::Reading(r) = &mut self.stage else { return None };
        let Sink::Ahead(batch) = &mut r.sink else { return None };
        if batch.is_empty() || batch.text_bytes() < min_bytes {
            return None;
        }
        let mut next = spare();
        next.clear();
        Some(std::mem::replace(batch, next))
    }

    /// Gives the builder back (records go to it again).
    #[cfg(not(target_arch = "wasm32"))]
    fn give_builder(&mut self, builder: Box<Builder>) {
        if let Stage::Reading(r) = &mut self.stage {
            r.sink = Sink::Build(builder);
        }
    }

    /// Ends the file and returns the table and its report.
    pub fn finish(mut self) -> Result<(Dataset, DataReport)> {
        if let Some(book) = self.book.take() {
            return self.finish_workbook(book);
        }
        self.finish_text(None)
    }

    /// Ends the reading after what was pushed and returns what detection found, without reading the rest
    /// of the file: for tools that need the columns only (the warehouse query written from a sample,
    /// which may be a header line alone). `None` for a workbook, whose sheet is not sampled.
    pub fn into_detection(mut self) -> Result<Option<Detection>> {
        if self.book.is_some() {
            return Ok(None);
        }
        if self.gzip.is_none() {
            let head = std::mem::take(&mut self.head);
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            self.plain(&head, false)?;
        }
        // The sample ends here (a cut gzip stream is not an error: only its start is wanted).
        if matches!(self.stage, Stage::Sampling(_)) {
            self.text(&[], true)?;
        }
        match self.stage {
            Stage::Reading(r) => Ok(r.sink.into_builder().map(|b| b.det)),
            Stage::Sampling(_) => Err(Error::Empty),
        }
    }

    /// Renders the workbook's sheet into the text path, then ends it like a CSV file.
    fn finish_workbook(mut self, book: Vec<u8>) -> Result<(Dataset, DataReport)> {
        // The rendered cells are comma-separated UTF-8 with a decimal point, whatever the user's choices.
        self.opts.encoding = Some(decode::Encoding::Utf8);
        self.opts.delimiter = Some(',');
        self.opts.decimal_comma = Some(false);
        self.gzip = Some(None);
        struct Feed<'a>(&'a mut Ingestor, bool);
        impl sheet::Sink for Feed<'_> {
            fn first_line(&mut self, line: u64) {
                self.0.first_line = line;
                self.1 = true;
            }
            fn text(&mut self, text: &[u8]) -> Result<()> {
                self.0.plain(text, false)
            }
            fn takes_rows(&mut self) -> bool {
                !self.0.sheet_as_text && matches!(&self.0.stage, Stage::Reading(r) if r.tokenizer.between_records())
            }
            fn row(&mut self, line: u64, raw: &[u8], fields: &mut tokenizer::Fields) -> Result<()> {
                let Stage::Reading(r) = &mut self.0.stage else { return Err(Error::Empty) };
                r.row(line, raw, fields)
            }
        }
        let choice = self.opts.sheet.clone();
        let mut feed = Feed(&mut self, false);
        let read = sheet::read(&book, choice.as_deref(), &mut feed);
        let any = feed.1;
        let read = read?;
        drop(book);
        if !any {
            let sheets = read.sheets.iter().map(|s| s.name.clone()).collect();
            return Err(Error::EmptySheet { sheet: Some(read.sheet), sheets });
        }
        let (ds, mut report) = self.finish_text(Some(&read))?;
        // The delimiter, line ending and decimal point are those of the rendering, not the user's or the file's.
        report.notes.retain(|n| {
            !(n.code.starts_with("delimiter_")
                || n.code == "line_ending"
                || n.code == "decimal_user" && n.params.get("comma") == Some(&json!(false)))
        });
        report.notes.insert(
            0,
            Notice::new(
                "sheet",
                &[("sheet", json!(read.sheet)), ("format", json!(read.format)), ("sheets", json!(read.sheets.len()))],
                format!(
                    "read sheet {:?} of an {} workbook ({} sheets): each row read as one line, numbers with a decimal point, date cells as YYYY-MM-DD HH:MM:SS",
                    read.sheet,
                    read.format,
                    read.sheets.len()
                ),
            ),
        );
        Ok((ds, report))
    }

    fn finish_text(mut self, book: Option<&sheet::SheetRead>) -> Result<(Dataset, DataReport)> {
        self.end_text()?;
        self.build(book)
    }

    /// Ends the text: the last bytes through the decompressor, the decoder and the tokenizer, the last
    /// record to the sink.
    fn end_text(&mut self) -> Result<()> {
        if self.gzip.is_none() {
            let head = std::mem::take(&mut self.head);
            self.gzip = Some(Gunzip::is_gzip(&head).then(Gunzip::new));
            self.plain(&head, false)?;
        }
        self.plain(&[], true)?;
        let Stage::Reading(r) = &mut self.stage else { return Err(Error::Empty) };
        let mut text = std::mem::take(&mut r.text);
        text.clear();
        r.decoder.decode(&[], true, &mut text);
        r.text_bytes += text.len() as u64;
        let sink = &mut r.sink;
        r.tokenizer.feed(&text, &mut |rec| sink.row(rec))?;
        r.tokenizer.finish(&mut |rec| sink.row(rec))?;
        r.text = text;
        Ok(())
    }

    /// The table and its report, once the text has ended ([`Ingestor::end_text`]).
    fn build(self, book: Option<&sheet::SheetRead>) -> Result<(Dataset, DataReport)> {
        let Stage::Reading(r) = self.stage else { return Err(Error::Empty) };
        let Some(builder) = r.sink.into_builder() else {
            return Err(Error::Io("internal: the table was still being built on another thread".into()));
        };
        let source = report::Source {
            bytes: self.bytes_in,
            text_bytes: r.text_bytes,
            gzip: matches!(self.gzip, Some(Some(_))),
            encoding: r.encoding.encoding.name().to_string(),
            bom: r.encoding.bom,
            repaired_bytes: r.decoder.repaired_bytes,
            format: book.map_or("csv", |b| b.format).to_string(),
            sheet: book.map(|b| b.sheet.clone()),
            sheets: book.map(|b| b.sheets.clone()).unwrap_or_default(),
        };
        builder.finish(source)
    }

    /// Handles bytes after the gzip decision; `last` marks the end of the file.
    fn plain(&mut self, bytes: &[u8], last: bool) -> Result<()> {
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let data: &[u8] = match self.gzip.as_mut() {
            Some(Some(gz)) => {
                gz.push(bytes, &mut out)?;
                if last {
                    gz.finish(&mut out)?;
                }
                &out
            }
            _ => bytes,
        };
        let res = self.text(data, last);
        self.scratch = out;
        res
    }

    fn text(&mut self, data: &[u8], last: bool) -> Result<()> {
        match &mut self.stage {
            Stage::Sampling(buf) => {
                // The sample is exactly the first SAMPLE_BYTES (or the whole file), whatever the chunking.
                let (head, rest) = data.split_at(SAMPLE_BYTES.saturating_sub(buf.len()).min(data.len()));
                buf.extend_from_slice(head);
                if buf.len() >= SAMPLE_BYTES || last {
                    let sample = std::mem::take(buf);
                    self.start(sample, last && rest.is_empty())?;
                    if !rest.is_empty() {
                        return self.text(rest, last);
                    }
                }
                Ok(())
            }
            Stage::Reading(r) => r.feed(data),
        }
    }

    /// Examines the sample, then starts reading with it. Kept out of line: once per file, and in the page
    /// a function is optimised as a whole (see [`Reader::feed`]).
    #[inline(never)]
    fn start(&mut self, sample: Vec<u8>, whole: bool) -> Result<()> {
        if sample.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Empty);
        }
        let mut encoding = decode::detect(&sample)?;
        if let Some(e) = self.opts.encoding {
            encoding.encoding = e;
        }
        let mut decoder = TextDecoder::new(encoding.encoding);
        let mut text = Vec::with_capacity(sample.len());
        // The whole file in the sample: decoded to its end, or the first bytes held back until a BOM could
        // be seen would be missing (a file of under three bytes read as empty).
        decoder.decode(&sample, whole, &mut text);
        if text.iter().all(u8::is_ascii_whitespace) && whole {
            return Err(Error::Empty);
        }
        let det = sniff::detect(&text, whole, &self.opts)?;
        let tokenizer = Tokenizer::new(det.dialect, self.first_line);
        let sink = Sink::Build(Box::new(Builder::new(det, self.opts.max_memory_mb)));
        let mut r = Box::new(Reader { decoder, encoding, tokenizer, sink, text: Vec::new(), text_bytes: text.len() as u64 });
        let sink = &mut r.sink;
        r.tokenizer.feed(&text, &mut |rec| sink.row(rec))?;
        if let (Some(total), Some(None), Sink::Build(b)) = (self.opts.expected_bytes, &self.gzip, &mut r.sink)
            && !whole
        {
            b.reserve_for(sample.len() as u64, total);
        }
        self.stage = Stage::Reading(r);
        Ok(())
    }
}

/// Keeps a workbook's bytes; running out of memory is an error, not an abort.
fn keep(book: &mut Vec<u8>, chunk: &[u8]) -> Result<()> {
    if book.capacity() - book.len() < chunk.len() {
        // Doubling, as a Vec would, but fallibly.
        book.try_reserve(chunk.len().max(book.len())).map_err(|_| Error::TooLarge { line: 0, limit_mb: None })?;
    }
    book.extend_from_slice(chunk);
    Ok(())
}

/// Largest piece of input handled in one step by [`Ingestor::push`].
pub const PUSH_PIECE: usize = 256 * 1024;

/// Reads a whole file from a reader (the CLI's path), in 256 KiB chunks. Natively, once the sample has
/// set how the text is read, the rest is split into records on this thread while another thread builds
/// the table from them ([`ahead`]): the same table and report, sooner on two cores or more.
pub fn read(mut src: impl std::io::Read, opts: IngestOptions) -> Result<(Dataset, DataReport)> {
    let mut ing = Ingestor::new(opts);
    let mut buf = vec![0u8; PUSH_PIECE];
    #[cfg(not(target_arch = "wasm32"))]
    let mut two_threads = true;
    loop {
        let n = read_some(&mut src, &mut buf)?;
        if n == 0 {
            break;
        }
        ing.push(&buf[..n])?;
        #[cfg(not(target_arch = "wasm32"))]
        if two_threads && ing.reads_text() {
            match ahead::read_rest(ing, &mut src, &mut buf) {
                Ok(done) => return done,
                // No second thread could be started: on with this one.
                Err(back) => (ing, two_threads) = (*back, false),
            }
        }
    }
    ing.finish()
}

/// The next bytes of `src` (none at its end), retried when interrupted.
fn read_some(src: &mut impl std::io::Read, buf: &mut [u8]) -> Result<usize> {
    loop {
        match src.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Reads a file held in memory.
pub fn read_bytes(bytes: &[u8], opts: IngestOptions) -> Result<(Dataset, DataReport)> {
    let mut ing = Ingestor::new(opts);
    for c in bytes.chunks(256 * 1024) {
        ing.push(c)?;
    }
    ing.finish()
}
