//! The dataset and its data report once the last record is in.

use super::*;

impl Builder {
    pub(in crate::ingest) fn finish(mut self, source: report::Source) -> Result<(Dataset, DataReport)> {
        let mut questions = std::mem::take(&mut self.det.questions);
        let mut date_undecided = false;
        if matches!(self.dates, DateMode::Undecided { .. }) {
            self.resolve_dates();
            if matches!(self.dates, DateMode::Undecided { .. }) {
                date_undecided = true;
                questions.push(report::Question {
                    key: "date_format".into(),
                    params: Default::default(),
                    message: "No date in the file has a day above 12, so 03/04/2011 could be 3 April or March 4. \
                              Choose the order: dmy (day first) or mdy (month first). Dates are not used until you do."
                        .into(),
                    options: vec!["dmy".into(), "mdy".into()],
                });
            }
        }
        self.ds.date_undecided = date_undecided;
        let mut refunds = self.states.take().map(|s| s.apply(&mut self.ds));
        self.ds.shrink_to_fit();
        self.ds.classify();
        let ds = self.ds;
        let columns = &self.det.columns;
        let (by_reason, rejections) =
            self.rej.into_report(|c| columns.get(c).map_or_else(|| format!("column {}", c + 1), |x| x.name.clone()));
        let rejected: u64 = by_reason.values().sum();
        // Two scans: the lines by kind (sums in row order), and which customers, orders and items
        // occur and the first and last dates. Natively a large table's two run at once.
        let (mut lines, seen) = crate::parallel::join_if(ds.len >= crate::parallel::SPLIT_ROWS, || line_kinds(&ds), || Occurring::of(&ds));
        lines.no_customer = seen.no_customer;
        let (first, last) = (seen.first, seen.last);
        let dated = ds.time().is_some() && ds.len > 0 && !date_undecided;
        let summary = report::Summary {
            customers: seen.customers,
            orders: seen.orders,
            items: seen.items,
            first_date: dated.then(|| date::format_datetime(first)),
            last_date: dated.then(|| date::format_datetime(last)),
            revenue: lines.revenue,
            returns_value: lines.returns_value,
        };
        if let Some(r) = refunds.as_mut() {
            r.net_revenue = lines.revenue - r.partial_refunds_value;
            if r.unreadable_refunds > 0 {
                self.warnings.push(Notice::new(
                    "unreadable_refunds",
                    &[("count", json!(r.unreadable_refunds))],
                    format!("{} refund amounts could not be read as numbers and were ignored", r.unreadable_refunds),
                ));
            }
        }
        let bytes = ds.heap_bytes() as u64;
        let table =
            report::Table { rows: ds.len as u64, bytes, bytes_per_row: if ds.len > 0 { bytes as f64 / ds.len as f64 } else { 0.0 } };
        let mut warnings = self.warnings;
        if source.repaired_bytes > 0 {
            warnings.push(Notice::new(
                "repaired_bytes",
                &[("bytes", json!(source.repaired_bytes))],
                format!("{} bytes were not valid UTF-8 and were read as Windows-1252 (the file mixes encodings)", source.repaired_bytes),
            ));
        }
        if self.total == 0 {
            warnings.push(Notice::plain("header_only", "the file has a header but no data rows"));
        }
        if ds.customer().is_none() && ds.layout == Layout::LineItems {
            warnings.push(Notice::plain(
                "no_customer_column",
                "no customer column: customer analyses are not available (choose one if the file has it)",
            ));
        }
        let d = &self.det;
        let dialect = report::DialectReport {
            delimiter: sniff::show_delim(d.dialect.delimiter).trim_matches('\'').to_string(),
            quote: "\"".into(),
            line_ending: d.line_ending.to_string(),
            header: d.header,
            decimal: d.number.decimal.to_string(),
            date_format: match d.date {
                sniff::DateDecision::Known(f) => Some(f.name().to_string()),
                sniff::DateDecision::DayMonthUndecided => Some("undecided".into()),
                sniff::DateDecision::None => None,
            },
            cancel_prefix: d.cancel_prefix,
        };
        if ds.layout == Layout::LineItems && ds.len > 0 && ds.price.is_none() && ds.amount.is_none() {
            warnings.push(Notice::plain(
                "no_money_column",
                "no unit price or amount column: revenue and spend are unknown (choose the column that holds the price or the line amount if the file has one)",
            ));
        }
        let problem = problem(self.total, &lines, ds.len, &rejections, &self.det.columns);
        let report = DataReport {
            problem,
            source,
            dialect,
            layout: Some(ds.layout),
            columns: self.det.columns.clone(),
            rows: report::Rows { total: self.total, used: self.total - rejected, rejected, rejected_by_reason: by_reason },
            rejections,
            lines,
            summary,
            table,
            notes: self.det.notes.clone(),
            questions,
            warnings,
            platform: self.det.platform.clone(),
            filled_down: self.fill.as_ref().map(|f| f.report(|c| self.det.columns[c].name.clone())).unwrap_or_default(),
            refunds,
        };
        Ok((ds, report))
    }
}

/// Why the read gave nothing to analyse, if it did not: every row rejected (said with the reason and the
/// column behind most of them), or rows used but none of them a purchase.
fn problem(
    total: u64,
    lines: &report::Lines,
    used_rows: usize,
    rejections: &[report::Rejection],
    columns: &[sniff::Column],
) -> Option<report::Problem> {
    if total == 0 {
        return Some(report::Problem {
            code: "no_data_rows",
            message: "The file has a header but no data rows: there is nothing to analyse. Check that this is the \
                      whole export (an export of an empty date range or of a filtered view can be empty)"
                .into(),
            column: None,
            column_name: None,
            role: None,
            reason: None,
        });
    }
    if used_rows == 0 {
        let top = rejections.first()?;
        let role = top.column.and_then(|c| columns.get(c)).map(|c| c.role);
        let cause = match (top.column_name.as_deref(), role) {
            (Some(name), Some(role)) => {
                let what = match top.reason {
                    Reason::MissingValue | Reason::MissingDate => "is empty",
                    Reason::UnparseableNumber => "holds values that do not read as numbers",
                    Reason::UnparseableDate => "holds values that do not read as dates",
                    Reason::DateOutOfRange => "holds dates outside 1932–2067",
                    _ => "cannot be read",
                };
                format!(
                    "{} of them because the column \"{name}\", read as the {}, {what}. Check what that column means:                      another column may hold the {}, or the file may have none",
                    top.column_count,
                    role_words(role),
                    role_words(role),
                )
            }
            _ => format!("{} of them: {}", top.count, top.message),
        };
        let fix = match top.reason {
            Reason::WrongFieldCount | Reason::UnterminatedQuote => ". Check the delimiter and the header line",
            Reason::UnparseableNumber => " (or the decimal separator)",
            Reason::UnparseableDate | Reason::DateContradictsOrder => " (or the date format)",
            _ => "",
        };
        return Some(report::Problem {
            code: "no_rows_used",
            message: format!("No row of the file could be used: all {total} rows were rejected, {cause}{fix}."),
            column: top.column,
            column_name: top.column_name.clone(),
            role,
            reason: Some(top.reason),
        });
    }
    if lines.purchases == 0 {
        return Some(report::Problem {
            code: "no_purchases",
            message: format!(
                "None of the {used_rows} rows used is a purchase: {} are returns or cancellations, {} have a price of zero or \
                 below and {} a quantity of zero. Check the quantity and price columns: a column read as the quantity \
                 or the price by mistake can make every line look like a return",
                lines.returns, lines.nonpositive_price, lines.zero_quantity
            ),
            column: None,
            column_name: None,
            role: None,
            reason: None,
        });
    }
    None
}

/// A role in words, for messages.
fn role_words(role: Role) -> &'static str {
    match role {
        Role::Customer => "customer id",
        Role::Date => "date",
        Role::Order => "order id",
        Role::ItemCode => "item code",
        Role::ItemName => "item name",
        Role::Quantity => "quantity",
        Role::UnitPrice => "unit price",
        Role::Amount => "line amount",
        Role::Cost => "cost",
        Role::Discount => "discount",
        Role::ListPrice => "list price",
        Role::Status => "order status",
        Role::Cancelled => "cancellation",
        Role::Refund => "refunded amount",
        _ => "value",
    }
}

/// The lines by kind, with their values (summed in row order).
fn line_kinds(ds: &Dataset) -> report::Lines {
    let mut lines = report::Lines::default();
    // Column by column: each pass is a plain scan. Files without quantities, prices or cancellations
    // (baskets) skip the per-line classification: every line is a purchase of unknown value.
    if ds.all_purchases() {
        lines.purchases = ds.len as u64;
    } else {
        for i in 0..ds.len {
            let v = ds.line_amount(i);
            let cust = ds.customer().map_or(NONE, |c| c[i]);
            match ds.kind(i) {
                LineKind::Purchase => {
                    lines.purchases += 1;
                    if !v.is_nan() {
                        lines.revenue += v;
                        if cust == NONE {
                            lines.no_customer_revenue += v;
                        }
                    }
                }
                LineKind::Return => {
                    lines.returns += 1;
                    if !v.is_nan() {
                        lines.returns_value += v.abs();
                    }
                }
                LineKind::NonPositivePrice => {
                    lines.nonpositive_price += 1;
                    if !v.is_nan() {
                        lines.nonpositive_price_value += v;
                    }
                }
                LineKind::ZeroQuantity => lines.zero_quantity += 1,
            }
        }
    }
    lines
}

/// Which customers, orders and items occur in the table (ids of rows, not only of kept strings), the
/// lines without a customer, and the first and last times.
struct Occurring {
    customers: u64,
    orders: u64,
    items: u64,
    no_customer: u64,
    first: Timestamp,
    last: Timestamp,
}

impl Occurring {
    fn of(ds: &Dataset) -> Occurring {
        let mut seen_c = vec![false; ds.customers.len()];
        let mut seen_o = vec![false; ds.orders.len()];
        let mut seen_i = vec![false; ds.items.len()];
        let mut no_customer = 0;
        match ds.customer() {
            Some(col) => {
                for c in col.iter() {
                    match seen_c.get_mut(c as usize) {
                        Some(s) => *s = true,
                        None => no_customer += 1,
                    }
                }
            }
            None => no_customer = ds.len as u64,
        }
        for o in ds.order().iter().flat_map(|o| o.iter()) {
            if let Some(s) = seen_o.get_mut(o as usize) {
                *s = true;
            }
        }
        for &it in &ds.item {
            if let Some(s) = seen_i.get_mut(it as usize) {
                *s = true;
            }
        }
        let (first, last) = ds.time().iter().flat_map(|t| t.iter()).fold((i32::MAX, i32::MIN), |(lo, hi), t| (lo.min(t), hi.max(t)));
        let count = |v: &[bool]| v.iter().filter(|&&b| b).count() as u64;
        Occurring { customers: count(&seen_c), orders: count(&seen_o), items: count(&seen_i), no_customer, first, last }
    }
}
