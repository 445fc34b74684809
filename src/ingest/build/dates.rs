//! Date cells, and the day/month order decided from the whole file.

use super::*;

impl Builder {
    /// Parses a date cell. Under an undecided day/month order the tag says what the date shows; the
    /// caller records it with [`Builder::tag_rows`] once the row is stored.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn date(&mut self, s: &[u8], col: usize) -> Result<(Timestamp, Tag), Bad> {
        if s.is_empty() {
            return Err(Bad::Cell(Reason::MissingDate, col, format!("{} is empty", self.name(col))));
        }
        if crate::dataset::same(&self.last_date.0, s) {
            return Ok(self.last_date.1);
        }
        let detail = || format!("{}: {:?}", self.det.columns[col].name, String::from_utf8_lossy(s));
        let Some(p) = date::split_parts(s) else { return Err(Bad::Cell(Reason::UnparseableDate, col, detail())) };
        let (t, tag) = match &self.dates {
            DateMode::None => (Some(0), Tag::Certain),
            DateMode::Fixed(f) => (date::from_parts(&p, *f), Tag::Certain),
            DateMode::Undecided { .. } => {
                if p.year_first() {
                    (date::from_parts(&p, DateFormat::YearMonthDay), Tag::Certain)
                } else if p.a > 12 && p.b <= 12 {
                    (date::from_parts(&p, DateFormat::DayMonthYear), Tag::Only(0))
                } else if p.b > 12 && p.a <= 12 {
                    (date::from_parts(&p, DateFormat::MonthDayYear), Tag::Only(1))
                } else {
                    (date::from_parts(&p, DateFormat::DayMonthYear), Tag::Provisional)
                }
            }
        };
        let Some(t) = t else {
            let f = match &self.dates {
                DateMode::Fixed(f) => *f,
                _ if p.a > 12 => DateFormat::DayMonthYear,
                _ => DateFormat::MonthDayYear,
            };
            return Err(Bad::Cell(classify_bad_date(&p, f), col, detail()));
        };
        self.last_date.0.clear();
        self.last_date.0.extend_from_slice(s);
        self.last_date.1 = (t, tag);
        Ok((t, tag))
    }

    /// Records what the date of rows `from..self.ds.len` (one input record) says about day/month order.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn tag_rows(&mut self, from: usize, tag: Tag, r: &Record<'_>, col: usize) {
        let DateMode::Undecided { provisional, day_first, month_first, records, examples } = &mut self.dates else {
            return;
        };
        let to = self.ds.len;
        match tag {
            Tag::Certain => return,
            Tag::Provisional => {
                for row in from..to {
                    let (w, b) = (row / 64, row % 64);
                    if provisional.len() <= w {
                        provisional.resize(w + 1, 0);
                    }
                    provisional[w] |= 1 << b;
                }
                return;
            }
            Tag::Only(side) => {
                let list = if side == 0 { day_first } else { month_first };
                list.extend((from..to).map(|i| i as u32));
                records[side] += 1;
                if examples[side].len() < report::EXAMPLES_PER_REASON {
                    let value = String::from_utf8_lossy(r.fields.cell(col)).into_owned();
                    let detail = format!("{}: {value:?}", self.det.columns[col].name);
                    examples[side].push(Example { line: r.line, text: String::from_utf8_lossy(r.raw).into_owned(), detail });
                }
            }
        }
        if (records[0] as usize >= DATE_LOCK && records[1] == 0) || (records[1] as usize >= DATE_LOCK && records[0] == 0) {
            self.resolve_dates();
        }
    }

    /// Decides the day/month order from the evidence over the rows stored so far: the majority wins,
    /// rows that only read the other way are rejected, provisional rows are swapped if month-first won.
    pub(super) fn resolve_dates(&mut self) {
        let DateMode::Undecided { provisional, day_first, month_first, records, examples } =
            std::mem::replace(&mut self.dates, DateMode::None)
        else {
            return;
        };
        if records == [0, 0] {
            self.dates = DateMode::Undecided { provisional, day_first, month_first, records, examples };
            return;
        }
        let month_wins = records[1] > records[0];
        let format = if month_wins { DateFormat::MonthDayYear } else { DateFormat::DayMonthYear };
        self.det.notes.push(Notice::new(
            "dates_decided",
            &[("day_first", json!(records[0])), ("month_first", json!(records[1])), ("format", json!(format.name()))],
            format!(
                "day/month order decided by the file: {} dates read only day first, {} only month first: {}",
                records[0],
                records[1],
                format.name()
            ),
        ));
        self.det.date = sniff::DateDecision::Known(format);
        if month_wins {
            // Rows read provisionally start their own runs of keys (`line_item`), so each run is swapped
            // whole or not at all.
            self.ds.change_times(|i| provisional.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1), date::swap_day_month);
        }
        let (losers, lost, [ex_d, ex_m]) = if month_wins { (day_first, records[0], examples) } else { (month_first, records[1], examples) };
        if !losers.is_empty() {
            let mut keep = vec![true; self.ds.len];
            for &i in &losers {
                keep[i as usize] = false;
            }
            self.ds.retain_rows(&keep);
            let col = self.cols.date;
            self.rej.add_many(Reason::DateContradictsOrder, col, lost, if month_wins { ex_d } else { ex_m });
        }
        self.dates = DateMode::Fixed(format);
        self.last_date.0.clear();
    }
}

/// Why a date that split into numbers still failed.
fn classify_bad_date(p: &date::DateParts, f: DateFormat) -> Reason {
    let swapped = match f {
        DateFormat::DayMonthYear => Some(DateFormat::MonthDayYear),
        DateFormat::MonthDayYear => Some(DateFormat::DayMonthYear),
        _ => None,
    };
    if !p.year_first() && swapped.is_some_and(|s| date::from_parts(p, s).is_some()) {
        return Reason::DateContradictsOrder;
    }
    let year = if p.year_first() {
        p.a as i64
    } else if p.c_len == 2 {
        if p.c < 70 { 2000 + p.c as i64 } else { 1900 + p.c as i64 }
    } else {
        p.c as i64
    };
    if !(1932..=2067).contains(&year) && (1..=12).contains(&p.b.min(p.a.max(1))) {
        return Reason::DateOutOfRange;
    }
    Reason::UnparseableDate
}
