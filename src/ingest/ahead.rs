//! Reading ahead: the rest of a text file, once its sample has set how it is read, is decompressed,
//! decoded and split into records on one side while the other builds the table from them. The builder
//! sees the same records in the same order as when one side does both, so the table and the report are
//! the same; on two cores the reading takes about as long as the building alone.
//!
//! - Natively ([`read_rest`]), two threads: memory stays bounded, at most [`QUEUED`] batches of about
//!   [`BATCH_BYTES`] of text wait.
//! - In the page, two workers: a [`Splitter`] reads the file in one and hands on, piece by piece, what
//!   the other's [`Ingestor`] needs ([`SplitStep`]): the raw pieces up to the end of the sample (its own
//!   reader reaches the same decision from the same bytes), then batches of records as bytes
//!   ([`Ingestor::push_batch`]), then the source's figures ([`Ingestor::finish_split`]).

use serde::{Deserialize, Serialize};

use super::tokenizer::Batch;
use super::{IngestOptions, Ingestor};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::ingest::report::DataReport;

/// Text per batch handed to the building side.
pub const BATCH_BYTES: usize = 512 * 1024;
/// Batches waiting for the building thread at most.
#[cfg(not(target_arch = "wasm32"))]
const QUEUED: usize = 4;

/// Reads the rest of `src` into `ing` on two threads (`buf` is the reading buffer): the table and its
/// report, or `ing` back untouched when no second thread could be started.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn read_rest(
    mut ing: Ingestor,
    src: &mut impl std::io::Read,
    buf: &mut [u8],
) -> std::result::Result<Result<(Dataset, DataReport)>, Box<Ingestor>> {
    use super::build::Builder;
    use super::read_some;
    use super::tokenizer::Fields;
    use std::sync::mpsc;
    let (give, take) = mpsc::sync_channel::<Box<Builder>>(1);
    let (full, to_build) = mpsc::sync_channel::<Batch>(QUEUED);
    let (spare, spares) = mpsc::channel::<Batch>();
    let outcome = std::thread::scope(|s| {
        let building = std::thread::Builder::new().name("clientela-build".into()).spawn_scoped(s, move || {
            let mut builder = take.recv().map_err(|_| Error::Cancelled)?;
            let mut fields = Fields::default();
            for batch in to_build {
                batch.replay(&mut fields, &mut |rec| builder.row(rec))?;
                // The reading side may have finished: a batch it no longer wants is dropped.
                let _ = spare.send(batch);
            }
            Ok::<_, Error>(builder)
        });
        let Ok(building) = building else { return None };
        if let Some(b) = ing.take_builder() {
            let _ = give.send(b);
        }
        drop(give);
        let read = (|| {
            let send = |ing: &mut Ingestor, min_bytes| match ing.take_batch(min_bytes, || spares.try_recv().unwrap_or_default()) {
                // The building thread stopped (its error is the one reported).
                Some(batch) => full.send(batch).map_err(|_| Error::Cancelled),
                None => Ok(()),
            };
            loop {
                let n = read_some(src, buf)?;
                if n == 0 {
                    break;
                }
                ing.push(&buf[..n])?;
                send(&mut ing, BATCH_BYTES)?;
            }
            ing.end_text()?;
            send(&mut ing, 0)
        })();
        drop(full);
        let built = building.join().unwrap_or_else(|_| Err(Error::Io("the table's building thread stopped".into())));
        Some((read, built))
    });
    let Some((read, built)) = outcome else { return Err(Box::new(ing)) };
    Ok((|| {
        let builder = built?;
        read?;
        ing.give_builder(builder);
        ing.build(None)
    })())
}

/// What the building side does with a piece of the file that the [`Splitter`] was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitStep {
    /// Push it too: the sample is not complete.
    Sample,
    /// Push it too: it completed the sample (the building side's reader has now decided as the splitter
    /// did); from the next piece on, the records come in batches.
    SampleEnd,
    /// Nothing: its records come in batches ([`Splitter::batch`]).
    Split,
    /// Push it and every piece after it, and finish the read there: this file is read on one side (a
    /// workbook, or a sample the splitter could not read, which the building side's reader then meets
    /// with the same bytes and reports).
    Whole,
}

/// The source's figures that only the splitting side knows at the end of a split read: the building side
/// puts them in the data report ([`Ingestor::finish_split`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SplitFigures {
    /// Bytes read (compressed size for gzip).
    pub bytes: u64,
    /// Bytes of text after decompression and decoding.
    pub text_bytes: u64,
    /// Bytes that were not valid UTF-8 and were read as Windows-1252.
    pub repaired_bytes: u64,
}

/// The splitting side of a read on two workers: reads the file and hands the records on in batches.
#[derive(Debug)]
pub struct Splitter {
    ing: Ingestor,
    step: SplitStep,
    /// A spent batch, reused for the next one.
    spare: Batch,
}

impl Splitter {
    /// A splitter with the user's choices (the same as the building side's).
    pub fn new(opts: IngestOptions) -> Splitter {
        // The splitting side never keeps a table: no columns sized for the file's rows here.
        let opts = IngestOptions { expected_bytes: None, ..opts };
        Splitter { ing: Ingestor::new(opts), step: SplitStep::Sample, spare: Batch::default() }
    }

    /// Reads the next piece of the file; what the building side does with it. An error is the read's
    /// error once the sample is read (before, the building side meets it with the same bytes).
    pub fn push(&mut self, piece: &[u8]) -> Result<SplitStep> {
        match self.step {
            SplitStep::Whole => {}
            SplitStep::Sample => {
                let pushed = self.ing.push(piece);
                self.step = if pushed.is_err() || self.ing.book.is_some() {
                    // The building side reads this file by itself: nothing is kept here.
                    self.ing = Ingestor::new(IngestOptions::default());
                    SplitStep::Whole
                } else if self.ing.reads_text() {
                    // The building side has its own builder, built from the same pieces.
                    drop(self.ing.take_builder());
                    SplitStep::SampleEnd
                } else {
                    SplitStep::Sample
                };
                return Ok(self.step);
            }
            SplitStep::SampleEnd | SplitStep::Split => {
                self.ing.push(piece)?;
                self.step = SplitStep::Split;
            }
        }
        Ok(self.step)
    }

    /// Bytes of the file read so far.
    pub fn bytes(&self) -> u64 {
        self.ing.bytes_in
    }

    /// The records split since the last call as bytes ([`Batch::encode`]), when they hold at least
    /// `min_bytes` of text (with 0, when there is any record).
    pub fn batch(&mut self, min_bytes: usize) -> Result<Option<Vec<u8>>> {
        let Some(batch) = self.ing.take_batch(min_bytes, || std::mem::take(&mut self.spare)) else { return Ok(None) };
        let mut out = Vec::new();
        let written = batch.encode(&mut out);
        self.spare = batch;
        written.map_err(|e| Error::Io(format!("internal: {e}")))?;
        Ok(Some(out))
    }

    /// Ends the file: the last records are then in [`Splitter::batch`]`(0)`. The source's figures for the
    /// building side, or `None` when it reads the file by itself (it was given every piece: the sample
    /// never ended, or [`SplitStep::Whole`]).
    pub fn end(&mut self) -> Result<Option<SplitFigures>> {
        if !matches!(self.step, SplitStep::SampleEnd | SplitStep::Split) {
            return Ok(None);
        }
        self.ing.end_text()?;
        let super::Stage::Reading(r) = &self.ing.stage else { return Err(Error::Empty) };
        Ok(Some(SplitFigures { bytes: self.ing.bytes_in, text_bytes: r.text_bytes, repaired_bytes: r.decoder.repaired_bytes }))
    }
}

impl Ingestor {
    /// Builds the table from a batch of records written by the splitting side ([`Splitter::batch`]). Bytes
    /// that are not such a batch, or a batch before the sample was read, are an error.
    pub fn push_batch(&mut self, bytes: &[u8]) -> Result<()> {
        if !self.reads_text() {
            return Err(Error::Io("internal: records arrived before the sample was read".into()));
        }
        let super::Stage::Reading(r) = &mut self.stage else { return Err(Error::Empty) };
        let (batch, fields) = &mut **self.replay.get_or_insert_with(Box::default);
        batch.decode(bytes).map_err(|e| Error::Io(format!("internal: {e}")))?;
        let sink = &mut r.sink;
        batch.replay(fields, &mut |rec| sink.row(rec))
    }

    /// Ends a split read: the table and its report, with the splitting side's figures of the source.
    pub fn finish_split(mut self, figures: SplitFigures) -> Result<(Dataset, DataReport)> {
        if !self.reads_text() {
            return Err(Error::Io("internal: a split read ended before its sample was read".into()));
        }
        self.bytes_in = figures.bytes;
        if let super::Stage::Reading(r) = &mut self.stage {
            r.text_bytes = figures.text_bytes;
            r.decoder.repaired_bytes = figures.repaired_bytes;
        }
        self.build(None)
    }
}
