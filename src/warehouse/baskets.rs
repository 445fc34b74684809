//! Beyond one machine, for baskets: a PySpark job that makes the baskets where the line items live, mines
//! their frequent itemsets with Spark MLlib's FPGrowth on the cluster, and writes them as an itemset file
//! ([`crate::basket::itemset_file`]) from which Clientela derives the rules and the views.
//!
//! The baskets are made as [`crate::basket::transactions`] makes them, in SQL over the rows the reader
//! accepts ([`super::line_sql`]): one basket per order id (each line without an order column a basket of its
//! own), purchase lines only (returns, cancellations, quantity 0 and a price of 0 or less are left out), an
//! item repeated in a basket counted once, items keyed by their code (or the name when the file has no
//! code column; in a platform's export the name when the code is blank). The job also counts what the
//! reader's basket report counts (lines used and left out, repeated items, basket sizes), so the report
//! read back from the itemset file is the report of `clientela rules` on the line items.
//!
//! Only Spark: MLlib's FPGrowth is the distributed miner. Where its semantics differ from arules' (and
//! Clientela's) is in `docs/warehouse.md`.

use crate::error::BadParameter;

use super::{Dialect, Spec, WarehouseError, line_sql, table_name};

/// What the job mines.
#[derive(Debug, Clone, PartialEq)]
pub struct BasketJob {
    /// FPGrowth's `minSupport`: a fraction of the baskets, above 0 and at most 1. The count threshold is
    /// MLlib's, `ceil(min_support × baskets)`, recorded in the file.
    pub min_support: f64,
    /// Itemsets longer than this are not written (MLlib mines every length; the limit only keeps the file
    /// small).
    pub max_len: Option<usize>,
}

impl BasketJob {
    fn validate(&self) -> Result<(), BadParameter> {
        if !(self.min_support > 0.0 && self.min_support <= 1.0) {
            return Err(BadParameter::new(
                "min_support",
                self.min_support,
                "expected a fraction of the baskets above 0 and at most 1, e.g. 0.01 (FPGrowth takes a fraction, not a count)",
            ));
        }
        if self.max_len == Some(0) {
            return Err(BadParameter::new("max_len", 0, "expected at least 1 item"));
        }
        Ok(())
    }
}

/// The SELECT of the purchase and non-purchase lines the baskets are made from: `basket` (the order id,
/// or a row id without an order column), `item`, `customer_id` and `k`, the line's kind.
fn lines_select(spec: &Spec, table: &str) -> String {
    let d = Dialect::Spark;
    let ls = line_sql(spec, d);
    let mut ctes = ls.ctes(spec, d, table);
    // Without an order column every line is a basket of its own (as the reader does): a row id stands in.
    let basket = if spec.order.is_some() {
        "order_id".to_string()
    } else {
        "concat('#', CAST(monotonically_increasing_id() AS STRING))".to_string()
    };
    ctes.push(format!("lines AS (SELECT {basket} AS basket, item, customer_id, {} AS k FROM valid)", ls.kind));
    format!("WITH\n{}\nSELECT basket, item, customer_id, k FROM lines", ctes.join(",\n"))
}

/// A Python string literal of `s`: a raw triple-quoted string when that reads back exactly, else JSON's
/// escaped string (a valid Python literal too).
fn python_string(s: &str) -> String {
    if !s.contains("\"\"\"") && !s.ends_with('"') && !s.ends_with('\\') {
        format!("r\"\"\"{s}\"\"\"")
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The PySpark job that mines the baskets of `table`, for `spec`'s columns. Only `Dialect::Spark`.
pub fn baskets_job(spec: &Spec, d: Dialect, table: &str, job: &BasketJob) -> Result<String, WarehouseError> {
    if d != Dialect::Spark {
        return Err(WarehouseError::BasketsNeedSpark { dialect: d.name() });
    }
    job.validate()?;
    if spec.item.is_none() {
        return Err(WarehouseError::NoItemColumn);
    }
    let table = table_name(table)?;
    let sql = lines_select(spec, &table);
    let max_len = job.max_len.map_or("None".to_string(), |k| k.to_string());
    Ok(TEMPLATE
        .replace("{TABLE}", &python_string(&table))
        .replace("{MIN_SUPPORT}", &format!("{:?}", job.min_support))
        .replace("{MAX_LEN}", &max_len)
        .replace("{HAS_ORDER}", if spec.order.is_some() { "True" } else { "False" })
        .replace("{LINES_SQL}", &python_string(&sql)))
}

/// The job's text (a file of its own, so that it reads as Python); `{NAME}` marks what [`baskets_job`]
/// fills in.
const TEMPLATE: &str = include_str!("baskets_job.py");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Ingestor};

    fn spec_of(csv: &str) -> Spec {
        let mut ing = Ingestor::new(IngestOptions::default());
        ing.push(csv.as_bytes()).unwrap();
        super::super::spec(&ing.into_detection().unwrap().unwrap()).unwrap()
    }

    const SHOP: &str = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
                        1,A,apple,1,2011-01-01,1.0,c1\nC2,A,apple,-1,2011-01-02,1.0,c1\n";

    #[test]
    fn the_job_fills_every_placeholder_and_keeps_the_sql_verbatim() {
        let job = baskets_job(&spec_of(SHOP), Dialect::Spark, "sales", &BasketJob { min_support: 0.02, max_len: Some(3) }).unwrap();
        assert!(!job.contains("{TABLE}") && !job.contains("{LINES_SQL}") && !job.contains("{MIN_SUPPORT}"), "{job}");
        assert!(job.contains("TABLE = r\"\"\"sales\"\"\"\nMIN_SUPPORT = 0.02\nMAX_LEN = 3\nHAS_ORDER = True\n"), "{job}");
        // The cancellation convention of the reader is in the kind of a line.
        assert!(job.contains("FROM sales)") && job.contains("'^([Cc])[0-9]+$'"), "{job}");
    }

    #[test]
    fn only_spark_and_only_with_items() {
        let s = spec_of(SHOP);
        let p = BasketJob { min_support: 0.01, max_len: None };
        for d in [Dialect::Duckdb, Dialect::Bigquery, Dialect::Postgres] {
            assert_eq!(baskets_job(&s, d, "sales", &p), Err(WarehouseError::BasketsNeedSpark { dialect: d.name() }));
        }
        let no_item = spec_of("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2011-01-01,1.0,c1\n");
        assert_eq!(baskets_job(&no_item, Dialect::Spark, "sales", &p), Err(WarehouseError::NoItemColumn));
        let e = baskets_job(&s, Dialect::Spark, "sales", &BasketJob { min_support: 5.0, max_len: None }).unwrap_err();
        assert!(matches!(e, WarehouseError::BadParameter(ref b) if b.option == "min_support"), "{e}");
    }

    #[test]
    fn python_literals_read_back() {
        assert_eq!(python_string("a 'b'"), "r\"\"\"a 'b'\"\"\"");
        assert_eq!(python_string("x \"\"\" y"), "\"x \\\"\\\"\\\" y\"");
        assert_eq!(python_string("ends with \\"), "\"ends with \\\\\"");
    }
}
