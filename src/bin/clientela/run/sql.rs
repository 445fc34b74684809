//! `sql`: a sample of the line items (or the whole file), read as every analysis reads it, and the query
//! that makes the per-customer summary where the table lives (or, with `--baskets`, the Spark job that
//! mines its baskets' frequent itemsets).

use std::io::{Read, Write};

use super::{Result, open};
use crate::args::{Input, sql::SqlArgs};

pub fn sql(input: &Input, args: &SqlArgs, as_of: Option<String>) -> Result {
    let mut src = open(&input.file)?.take(args.sample_mb.max(1) * 1024 * 1024);
    let mut ing = clientela::Ingestor::new(input.ingest.options());
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match src.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(clientela::Error::Io(format!("{}: {e}", input.file)).into()),
        };
        if n == 0 {
            break;
        }
        ing.push(&buf[..n])?;
    }
    let det = ing.into_detection()?.ok_or(clientela::warehouse::WarehouseError::Workbook)?;
    let spec = clientela::warehouse::spec(&det)?;
    let as_of_day = as_of.as_deref().map(clientela::segment::parse_day).transpose()?;
    let q = if args.baskets {
        let job = clientela::warehouse::BasketJob { min_support: args.min_support, max_len: args.max_len };
        clientela::warehouse::baskets_job(&spec, args.dialect, &args.table, &job)?
    } else {
        clientela::warehouse::summary_sql(&spec, args.dialect, &args.table, as_of_day)?
    };
    let mut out = std::io::stdout().lock();
    out.write_all(q.as_bytes())?;
    out.flush()?;
    Ok(())
}
