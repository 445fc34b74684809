//! Line items (one row per line, packed items, filled-down orders) and baskets (one row per basket).

use super::*;

impl Builder {
    /// A line item (its order's blank cells already filled in), and a platform's non-purchase rows
    /// (payouts, order summaries) rejected.
    pub(super) fn line_item_kept(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        if let Some((col, keep)) = self.det.row_filter
            && !platform::keeps(r.fields.cell(col), keep)
        {
            return Err(Bad::Row(Reason::NotASale, format!("{}: {:?}", self.name(col), String::from_utf8_lossy(r.fields.cell(col)))));
        }
        self.line_item(r)?;
        let Some((cols, format)) = &self.det.packed else { return Ok(()) };
        let format = *format;
        let mut items = Vec::new();
        for &col in cols {
            if items.len() >= platform::MAX_PACKED_ITEMS {
                break;
            }
            items.extend(platform::unpack(r.fields.cell(col), format));
        }
        items.truncate(platform::MAX_PACKED_ITEMS);
        self.unpack(&items, format, r.line)
    }

    /// Turns the row just appended (one order) into one row per line item packed in its cell(s).
    /// WooCommerce's items carry their totals; Shopware's have none, so the order's amount stays on its
    /// first item.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn unpack(&mut self, items: &[platform::PackedItem], format: platform::Packed, line: u64) -> Result<(), Bad> {
        let first = self.ds.len - 1;
        // One row can make up to MAX_PACKED_ITEMS rows: the memory limit is checked here too, not only
        // every CHECK_EVERY input rows.
        if items.len() > 1
            && let Some(limit) = self.max_bytes
            && self.ds.heap_bytes() as u64 > limit
        {
            return Err(Bad::Fatal(self.too_large(line)));
        }
        let order_amount = self.ds.amount.as_ref().map_or(f64::NAN, |a| a.get(first));
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        for (k, it) in items.iter().enumerate() {
            if k > 0 {
                self.ds.repeat_last().map_err(|_| Error::TooLarge { line, limit_mb })?;
            }
            let i = self.ds.len - 1;
            let id = self.ds.items.intern(it.key.as_bytes());
            self.ds.item[i] = id;
            if !it.name.is_empty() && it.name != it.key {
                if self.ds.item_names.len() <= id as usize {
                    self.ds.item_names.resize(id as usize + 1, NONE);
                }
                if self.ds.item_names[id as usize] == NONE {
                    self.ds.item_names[id as usize] = self.ds.names.intern(it.name.as_bytes());
                }
            }
            if let Some(q) = self.ds.quantity.as_mut() {
                q.set(i, it.quantity).map_err(|_| Error::TooLarge { line, limit_mb })?;
            }
            if let Some(a) = self.ds.amount.as_mut() {
                let v = match format {
                    platform::Packed::WooCommerce => it.total,
                    platform::Packed::Shopware if k == 0 => order_amount,
                    platform::Packed::Shopware => f64::NAN,
                };
                a.set(i, v).map_err(|_| Error::TooLarge { line, limit_mb })?;
            }
        }
        if items.is_empty()
            && let Some(q) = self.ds.quantity.as_mut()
            && q.get(first).is_nan()
        {
            // An order without readable items stays one line of quantity 1 at the order's amount.
            q.set(first, 1.0).map_err(|_| Error::TooLarge { line, limit_mb })?;
        }
        Ok(())
    }

    pub(super) fn line_item(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        let f = r.fields;
        if f.len() != self.expected && !(f.len() > self.expected && (self.expected..f.len()).all(|i| f.cell(i).is_empty())) {
            return Err(Bad::Row(Reason::WrongFieldCount, format!("expected {} fields, found {}", self.expected, f.len())));
        }
        let c = self.cols;
        let quantity = self.num(f, c.quantity, true)?;
        let price = self.num(f, c.price, true)?;
        let amount = self.num(f, c.amount, c.price.is_none())?;
        let cost = self.num(f, c.cost, false)?;
        let discount = self.num(f, c.discount, false)?;
        let list_price = self.num(f, c.list_price, false)?;
        // In a platform's export, a line without an item code is keyed by its name (Shopify and Etsy leave
        // the SKU of items without one blank); elsewhere a blank code stays a rejected line.
        let key_col = match (c.item_code, c.item_name) {
            (Some(k), Some(n)) if self.det.platform.is_some() && f.cell(k).is_empty() && !f.cell(n).is_empty() => Some(n),
            (k, n) => k.or(n),
        };
        let item_key = key_col.map(|k| f.cell(k));
        if let (Some(k), Some(key)) = (key_col, item_key)
            && key.is_empty()
        {
            return Err(Bad::Cell(Reason::MissingValue, k, format!("{} (item) is empty", self.name(k))));
        }
        let order_key = c.order.map(|o| f.cell(o));
        if let (Some(o), Some(key)) = (c.order, order_key)
            && key.is_empty()
        {
            return Err(Bad::Cell(Reason::MissingValue, o, format!("{} (order) is empty", self.name(o))));
        }
        // The date last: it may record day/month evidence for this row, so the row must be kept.
        let time = match c.date {
            Some(d) => Some(self.date(f.cell(d), d)?),
            None => None,
        };

        // Accepted: append.
        let row = self.ds.len;
        push(&mut self.ds.item, NONE).map_err(|_| self.too_large(r.line))?;
        if let Some(key) = item_key {
            let before = self.ds.items.len();
            let id = self.ds.items.intern(key);
            self.ds.item[row] = id;
            if let (Some(_), Some(n)) = (c.item_code, c.item_name) {
                let name = f.cell(n);
                if id as usize >= before {
                    self.ds.item_names.push(NONE);
                }
                if self.ds.item_names[id as usize] == NONE && !name.is_empty() {
                    self.ds.item_names[id as usize] = self.ds.names.intern(name);
                }
            }
        }
        let order = match order_key {
            Some(key) => self.order_id(key),
            None => NONE,
        };
        if let Some(s) = self.states.as_mut() {
            s.record(order, f, self.number);
        }
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        let line = r.line;
        let oom = move |_| Error::TooLarge { line, limit_mb };
        let customer = c.customer.map_or(NONE, |cc| self.customer_id(f.cell(cc)));
        for (v, col) in [
            (quantity, &mut self.ds.quantity),
            (price, &mut self.ds.price),
            (amount, &mut self.ds.amount),
            (cost, &mut self.ds.cost),
            (discount, &mut self.ds.discount),
            (list_price, &mut self.ds.list_price),
        ] {
            if let Some(col) = col {
                col.push(v).map_err(oom)?;
            }
        }
        self.attr_ids.clear();
        for (k, &ci) in self.attrs.iter().enumerate() {
            let v = f.cell(ci);
            let id = match self.ds.last_attribute(k) {
                // Attribute values repeat row after row (country, store): compare with the previous.
                Some(last) if last != NONE && crate::dataset::same(self.ds.attributes[k].dict.get(last).as_bytes(), v) => last,
                _ if v.is_empty() => NONE,
                _ => self.ds.attributes[k].dict.intern(v),
            };
            self.attr_ids.push(id);
        }
        let (t, tag) = time.unwrap_or((0, Tag::Certain));
        let key = Key { customer, order, time: t, attributes: &self.attr_ids };
        let provisional = tag == Tag::Provisional;
        self.ds.push_key(key, provisional != self.last_provisional).map_err(oom)?;
        self.last_provisional = provisional;
        self.ds.len += 1;
        if let (Some((_, tag)), Some(d)) = (time, c.date) {
            self.tag_rows(row, tag, r, d);
        }
        Ok(())
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub(super) fn basket(&mut self, r: &Record<'_>) -> Result<(), Bad> {
        let skip_cols = std::mem::take(&mut self.basket_skip);
        let skip = |i: usize| skip_cols.get(i).copied().unwrap_or(false);
        let res = self.basket_items(r, &skip);
        self.basket_skip = skip_cols;
        res
    }

    pub(super) fn basket_items(&mut self, r: &Record<'_>, skip: &dyn Fn(usize) -> bool) -> Result<(), Bad> {
        let f = r.fields;
        let c = self.cols;
        if !(0..f.len()).any(|i| !skip(i) && !f.cell(i).is_empty()) {
            return Err(Bad::Row(Reason::MissingValue, "the basket has no items".into()));
        }
        let time = match c.date {
            Some(d) => Some(self.date(f.cell(d), d)?),
            None => None,
        };
        let order = match c.order {
            Some(o) if !f.cell(o).is_empty() => self.order_id(f.cell(o)),
            _ => {
                // A basket of its own, labelled by its line (distinct from every order id in the file,
                // even one that reads "line N").
                line_label(&mut self.scratch, r.line);
                let id = self.ds.orders.push_unlisted(&self.scratch);
                if id as usize == self.ds.order_cancelled.len() {
                    self.ds.order_cancelled.push(false);
                }
                id
            }
        };
        let customer = c.customer.map_or(NONE, |cc| self.customer_id(f.cell(cc)));
        let (t, tag) = time.unwrap_or((0, Tag::Certain));
        let provisional = tag == Tag::Provisional;
        let limit_mb = self.max_bytes.map(|b| b / (1024 * 1024));
        let line = r.line;
        let oom = move |_| Error::TooLarge { line, limit_mb };
        let from = self.ds.len;
        for i in 0..f.len() {
            let v = f.cell(i);
            if skip(i) || v.is_empty() {
                continue;
            }
            let id = self.ds.items.intern(v);
            push(&mut self.ds.item, id).map_err(oom)?;
            let key = Key { customer, order, time: t, attributes: &[] };
            self.ds.push_key(key, provisional != self.last_provisional).map_err(oom)?;
            self.last_provisional = provisional;
            self.ds.len += 1;
        }
        if let (Some((_, tag)), Some(d)) = (time, c.date) {
            self.tag_rows(from, tag, r, d);
        }
        Ok(())
    }
}
