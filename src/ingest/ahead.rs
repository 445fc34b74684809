//! Reading ahead (natively): the rest of a text file, once its sample has set how it is read, is
//! decompressed, decoded and split into records on the calling thread while a second thread builds the
//! table from them. The builder sees the same records in the same order as when one thread does both, so
//! the table and the report are the same; on two cores the reading takes about as long as the building
//! alone. Memory stays bounded: at most [`QUEUED`] batches of about [`BATCH_BYTES`] of text wait.

use std::sync::mpsc;

use super::build::Builder;
use super::tokenizer::{Batch, Fields};
use super::{Ingestor, read_some};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::ingest::report::DataReport;

/// Text per batch handed to the building thread.
const BATCH_BYTES: usize = 512 * 1024;
/// Batches waiting for the building thread at most.
const QUEUED: usize = 4;

/// Reads the rest of `src` into `ing` on two threads (`buf` is the reading buffer): the table and its
/// report, or `ing` back untouched when no second thread could be started.
pub(super) fn read_rest(
    mut ing: Ingestor,
    src: &mut impl std::io::Read,
    buf: &mut [u8],
) -> std::result::Result<Result<(Dataset, DataReport)>, Box<Ingestor>> {
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
