//! Why the summary query cannot be written. Each message says what is missing and how to fix it (in the
//! core's words; the command line and the page name their own flags and controls).

use crate::error::{BadParameter, ErrorCode};

/// A summary query that cannot be written for this table.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WarehouseError {
    /// The table has no customer column.
    #[error("the per-customer summary needs a customer column, and this table has none. Choose the column that holds the customer id")]
    NoCustomerColumn,
    /// The table has no date column.
    #[error("the per-customer summary needs purchase dates, and this table has no date column. Choose the column that holds the date")]
    NoDateColumn,
    /// The day/month order could not be told from the sample.
    #[error(
        "the sample cannot tell whether the dates are day first or month first (no day above 12). \
         Choose dmy (day first) or mdy (month first), or give a longer sample"
    )]
    DatesUndecided,
    /// The table name is not a plain (optionally dotted or quoted) identifier.
    #[error(
        "the table name {name:?} is not a plain name: use letters, digits, `_`, `.` between parts (project.dataset.table), \
         or a quoted file path such as 'sales.csv'"
    )]
    BadTableName {
        /// The name given.
        name: String,
    },
    /// A column of the table is read in a way the query cannot repeat.
    #[error("the column {column:?} is read as {what}, which the summary query does not reproduce. {fix}")]
    Unsupported {
        /// The column's header name.
        column: String,
        /// How the reader uses it.
        what: &'static str,
        /// What to do instead.
        fix: &'static str,
    },
    /// An attribute column carries the name of a summary column.
    #[error("the column {column:?} has the name of a summary column. Rename it, or set its role to ignore")]
    NameClash {
        /// The column's header name.
        column: String,
    },
    /// Baskets were asked for in an engine without a distributed itemset miner.
    #[error(
        "baskets are mined on the engine with Spark MLlib's FPGrowth, and {dialect} has no itemset miner: \
         choose the spark dialect, or read the line items (or an export of them) with Clientela's own rules"
    )]
    BasketsNeedSpark {
        /// The dialect asked for.
        dialect: &'static str,
    },
    /// Baskets need an item column.
    #[error("baskets need an item column (a code or a name), and this table has none. Choose the column that holds the item")]
    NoItemColumn,
    /// A parameter of the job is out of its range.
    #[error(transparent)]
    BadParameter(#[from] BadParameter),
    /// The sample is a workbook.
    #[error("the summary query is written from a text sample of the table (CSV, TSV, gzip); save the sheet as CSV first")]
    Workbook,
}

impl ErrorCode for WarehouseError {
    fn code(&self) -> &'static str {
        match self {
            WarehouseError::NoCustomerColumn => "no_customer_column",
            WarehouseError::NoDateColumn => "no_dates",
            WarehouseError::DatesUndecided => "dates_undecided",
            WarehouseError::BadTableName { .. } => "bad_table_name",
            WarehouseError::Unsupported { .. } => "unsupported_column",
            WarehouseError::NameClash { .. } => "name_clash",
            WarehouseError::Workbook => "workbook_sample",
            WarehouseError::BasketsNeedSpark { .. } => "baskets_need_spark",
            WarehouseError::NoItemColumn => "no_item_column",
            WarehouseError::BadParameter(_) => "bad_parameter",
        }
    }
    fn parameter(&self) -> Option<&BadParameter> {
        match self {
            WarehouseError::BadParameter(p) => Some(p),
            _ => None,
        }
    }
}
