//! Phase 1: baskets from the table. A basket is an order (line-item files) or an input row (baskets
//! files, where ingestion gives each row its own order id); its items are the distinct item codes or
//! names of its purchase lines.
//!
//! What is left out, and why: returns and cancellations, zero-quantity lines and lines whose price is zero
//! or negative are not purchases (they would create "bought together" pairs nobody bought). An item
//! repeated in a basket counts once (support counts baskets, not units). Baskets without a customer id
//! are valid baskets; only a customer filter (a segment) leaves them out.

use serde::Serialize;

use crate::dataset::{Dataset, LineKind, NONE};

/// Which column names an item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ItemKey {
    /// The item code (or the name when the file has no code column).
    #[default]
    Code,
    /// The item name (description); codes sharing a name become one item. Items without a name keep
    /// their code.
    Name,
}

impl ItemKey {
    /// `code` or `name`.
    pub fn key(self) -> &'static str {
        match self {
            ItemKey::Code => "code",
            ItemKey::Name => "name",
        }
    }
}

impl std::str::FromStr for ItemKey {
    type Err = String;
    /// `code` or `name`.
    fn from_str(s: &str) -> Result<ItemKey, String> {
        match s {
            "code" => Ok(ItemKey::Code),
            "name" => Ok(ItemKey::Name),
            _ => Err("expected code or name".into()),
        }
    }
}

/// What the baskets are made of: the accounting of every line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TransactionReport {
    /// Baskets with at least one purchased item (after the customer filter, if any).
    pub baskets: usize,
    /// Distinct items in those baskets.
    pub items: usize,
    /// Rows of the table.
    pub lines: usize,
    /// Purchase lines that went into baskets.
    pub lines_used: usize,
    /// Return or cancellation lines, left out.
    pub skipped_returns: usize,
    /// Lines with a price of zero or less, left out.
    pub skipped_nonpositive_price: usize,
    /// Lines with quantity zero, left out.
    pub skipped_zero_quantity: usize,
    /// Purchase lines whose item was already in the basket (merged: an item counts once).
    pub repeated_items: usize,
    /// Purchase lines without an order id: each is a basket of its own.
    pub lines_without_order: usize,
    /// Baskets (counted in `baskets`) without a customer id.
    pub baskets_without_customer: usize,
    /// Baskets left out by the customer filter.
    pub baskets_outside_segment: usize,
    /// Mean number of distinct items per basket.
    pub mean_basket_size: f64,
    /// Largest basket.
    pub max_basket_size: usize,
}

/// Baskets as sorted lists of dense item ids (`0..labels.len()`, in label order).
#[derive(Debug, Clone, Default)]
pub struct Transactions {
    /// Items of every basket, concatenated; each basket's items are distinct and ascending.
    pub items: Vec<u32>,
    /// Basket `b` is `items[offsets[b]..offsets[b + 1]]`; `offsets.len() == baskets + 1`.
    pub offsets: Vec<usize>,
    /// Customer id per basket ([`NONE`] when unknown).
    pub customer: Vec<u32>,
    /// Item label per dense id (the code, or the name, as chosen).
    pub labels: Vec<String>,
    /// The accounting.
    pub report: TransactionReport,
}

impl Transactions {
    /// Number of baskets.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True without baskets.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Items of basket `b` (empty when out of range).
    pub fn basket(&self, b: usize) -> &[u32] {
        match (self.offsets.get(b), self.offsets.get(b + 1)) {
            (Some(&s), Some(&e)) => self.items.get(s..e).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Baskets from in-memory lists of item labels (tests, benchmarks, examples). Items repeated in a
    /// list count once; empty lists are dropped.
    pub fn from_lists<S: AsRef<str>>(lists: &[Vec<S>]) -> Transactions {
        let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut raw: Vec<Vec<u32>> = Vec::with_capacity(lists.len());
        for l in lists {
            raw.push(
                l.iter()
                    .map(|s| {
                        let n = ids.len() as u32;
                        *ids.entry(s.as_ref()).or_insert(n)
                    })
                    .collect(),
            );
        }
        // Dense ids in label order, so that results do not depend on the order of first appearance.
        let mut labels: Vec<(&str, u32)> = ids.iter().map(|(k, v)| (*k, *v)).collect();
        labels.sort_unstable();
        let mut remap = vec![0u32; labels.len()];
        for (new, (_, old)) in labels.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let mut t = Transactions { offsets: vec![0], labels: labels.iter().map(|(s, _)| s.to_string()).collect(), ..Default::default() };
        let mut repeated = 0;
        for l in raw {
            let mut b: Vec<u32> = l.iter().map(|&i| remap[i as usize]).collect();
            b.sort_unstable();
            let before = b.len();
            b.dedup();
            repeated += before - b.len();
            if b.is_empty() {
                continue;
            }
            t.report.lines_used += before;
            t.items.extend_from_slice(&b);
            t.offsets.push(t.items.len());
            t.customer.push(NONE);
        }
        t.report.repeated_items = repeated;
        t.report.lines = lists.iter().map(Vec::len).sum();
        t.finish_report();
        t.report.baskets_without_customer = t.len();
        t
    }

    fn finish_report(&mut self) {
        let n = self.len();
        self.report.baskets = n;
        let mut seen = vec![false; self.labels.len()];
        for &i in &self.items {
            if let Some(s) = seen.get_mut(i as usize) {
                *s = true;
            }
        }
        self.report.items = seen.iter().filter(|&&s| s).count();
        self.report.mean_basket_size = if n == 0 { 0.0 } else { self.items.len() as f64 / n as f64 };
        self.report.max_basket_size = (0..n).map(|b| self.basket(b).len()).max().unwrap_or(0);
    }
}

/// Builds the baskets of a table. `keep_customer`, when given, is indexed by customer id: only baskets
/// of customers marked `true` are kept (and baskets without a customer are left out).
pub fn transactions(ds: &Dataset, key: ItemKey, keep_customer: Option<&[bool]>) -> Transactions {
    let n = ds.len.min(ds.item.len());
    let mut rep = TransactionReport { lines: n, ..Default::default() };
    // Item key per item id: the code id, or for names the name id (codes without a name come after all
    // names, so that they never collide with one).
    let names = ds.names.len();
    let key_of = |item: u32| -> u32 {
        match key {
            ItemKey::Code => item,
            ItemKey::Name => match ds.item_names.get(item as usize) {
                Some(&nm) if nm != NONE => nm,
                _ => (names as u32).saturating_add(item),
            },
        }
    };
    let key_space = match key {
        ItemKey::Code => ds.items.len(),
        ItemKey::Name => names + ds.items.len(),
    };

    // Purchase rows, then grouped by order id (orders are dense ids). Rows without an order get a slot
    // each after the orders.
    let orders = ds.orders.len();
    let order = |i: usize| ds.order().and_then(|o| o.try_get(i)).unwrap_or(NONE);
    let (grouped, start) = match in_order(ds, n) {
        // Every line a purchase, already grouped (baskets files): the groups are runs of rows.
        Some(start) => (None, start),
        None => {
            let mut purchase = Vec::with_capacity(n);
            let mut lone = 0usize;
            for i in 0..n {
                match ds.kind(i) {
                    LineKind::Purchase => {
                        let o = order(i);
                        if o == NONE || o as usize >= orders {
                            lone += 1;
                        }
                        purchase.push(i as u32);
                    }
                    LineKind::Return => rep.skipped_returns += 1,
                    LineKind::NonPositivePrice => rep.skipped_nonpositive_price += 1,
                    LineKind::ZeroQuantity => rep.skipped_zero_quantity += 1,
                }
            }
            rep.lines_without_order = lone;
            let (grouped, start) = group_by_order(purchase, lone, orders, order);
            (Some(grouped), start)
        }
    };
    let row_at = |k: usize| -> usize { grouped.as_ref().map_or(k, |g| g[k] as usize) };
    let slots = start.len() - 1;

    // Per basket: distinct keys (a marker per key says which basket saw it last), then sorted.
    let customer_of = |i: usize| ds.customer().and_then(|c| c.try_get(i)).unwrap_or(NONE);
    let mut last = vec![u32::MAX; key_space];
    let mut dense = vec![u32::MAX; key_space];
    let mut dense_keys: Vec<u32> = Vec::new();
    let mut t =
        Transactions { items: Vec::with_capacity(start[start.len() - 1]), offsets: Vec::with_capacity(slots + 1), ..Default::default() };
    t.offsets.push(0);
    let mut basket: Vec<u32> = Vec::new();
    for s in 0..slots {
        if start[s] == start[s + 1] {
            continue;
        }
        let rows = (start[s]..start[s + 1]).map(row_at);
        let cust = rows.clone().map(customer_of).find(|&c| c != NONE).unwrap_or(NONE);
        if let Some(keep) = keep_customer
            && !(cust != NONE && keep.get(cust as usize).copied().unwrap_or(false))
        {
            rep.baskets_outside_segment += 1;
            continue;
        }
        basket.clear();
        let stamp = s as u32;
        for i in rows.clone() {
            let Some(&item) = ds.item.get(i) else { continue };
            let k = key_of(item) as usize;
            let Some(m) = last.get_mut(k) else { continue };
            if *m == stamp {
                rep.repeated_items += 1;
                continue;
            }
            *m = stamp;
            if dense[k] == u32::MAX {
                dense[k] = dense_keys.len() as u32;
                dense_keys.push(k as u32);
            }
            basket.push(dense[k]);
        }
        rep.lines_used += rows.len();
        t.items.extend_from_slice(&basket);
        t.offsets.push(t.items.len());
        t.customer.push(cust);
        if cust == NONE {
            rep.baskets_without_customer += 1;
        }
    }
    // Renumber items in label order (deterministic, independent of basket order, and rules list their
    // items alphabetically) and sort each basket.
    let label_of = |k: u32| -> &str {
        match key {
            ItemKey::Code => ds.items.get(k),
            ItemKey::Name if (k as usize) < names => ds.names.get(k),
            ItemKey::Name => ds.items.get(k - names as u32),
        }
    };
    let mut order_keys: Vec<u32> = (0..dense_keys.len() as u32).collect();
    order_keys.sort_unstable_by(|&a, &b| {
        let (ka, kb) = (dense_keys[a as usize], dense_keys[b as usize]);
        label_of(ka).cmp(label_of(kb)).then(ka.cmp(&kb))
    });
    let mut renum = vec![0u32; dense_keys.len()];
    for (new, &d) in order_keys.iter().enumerate() {
        renum[d as usize] = new as u32;
    }
    for v in &mut t.items {
        *v = renum[*v as usize];
    }
    for b in 0..t.offsets.len().saturating_sub(1) {
        t.items[t.offsets[b]..t.offsets[b + 1]].sort_unstable();
    }
    t.labels = order_keys.iter().map(|&d| label_of(dense_keys[d as usize]).to_string()).collect();
    t.report = rep;
    t.finish_report();
    t
}

/// When every line of the table is a purchase with an order id and the rows come grouped by order, in
/// order of first appearance (baskets files always; many exports), the group boundaries: group `s` is rows
/// `start[s]..start[s + 1]`, one group per order id. `None` otherwise.
fn in_order(ds: &Dataset, n: usize) -> Option<Vec<usize>> {
    let orders = ds.orders.len();
    let col = ds.order().filter(|o| o.len() >= n)?;
    if !ds.all_purchases() || !(1..n).all(|k| col[k - 1] <= col[k]) || (n > 0 && col[n - 1] as usize >= orders) {
        return None;
    }
    Some(run_starts(n, orders, |k| col[k]))
}

/// Where each order's run begins in a sequence of `n` rows whose order ids (`order_at(k)`) do not
/// decrease: one boundary per order id `0..orders` (an order without rows keeps an empty run, as in the
/// counting sort), then the end.
fn run_starts(n: usize, orders: usize, order_at: impl Fn(usize) -> u32) -> Vec<usize> {
    let mut start = Vec::with_capacity(orders + 1);
    let mut k = 0;
    for s in 0..orders {
        start.push(k);
        while k < n && order_at(k) as usize == s {
            k += 1;
        }
    }
    start.push(k);
    start
}

/// Purchase rows grouped by order: `(rows, start)` with group `s` = `rows[start[s]..start[s + 1]]`, groups
/// in order-id order, then one group per row without an order (`lone` of them). When every order's rows
/// are contiguous and in order of first appearance (always in baskets files, usually in exports), the rows
/// are already grouped and only the boundaries are found; otherwise a counting sort groups them.
fn group_by_order(purchase: Vec<u32>, lone: usize, orders: usize, order: impl Fn(usize) -> u32) -> (Vec<u32>, Vec<usize>) {
    let grouped_already = lone == 0 && purchase.windows(2).all(|w| order(w[0] as usize) <= order(w[1] as usize));
    if grouped_already {
        let start = run_starts(purchase.len(), orders, |k| order(purchase[k] as usize));
        return (purchase, start);
    }
    let slots = orders + lone;
    let mut start = vec![0usize; slots + 1];
    let mut lone_next = orders;
    let mut slot_of = Vec::with_capacity(purchase.len());
    for &i in &purchase {
        let o = order(i as usize);
        let s = if o == NONE || o as usize >= orders {
            lone_next += 1;
            lone_next - 1
        } else {
            o as usize
        };
        slot_of.push(s as u32);
        start[s + 1] += 1;
    }
    for s in 0..slots {
        start[s + 1] += start[s];
    }
    let mut fill = start.clone();
    let mut grouped = vec![0u32; purchase.len()];
    for (&i, &s) in purchase.iter().zip(&slot_of) {
        grouped[fill[s as usize]] = i;
        fill[s as usize] += 1;
    }
    (grouped, start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};

    #[test]
    fn orders_become_baskets_and_non_purchases_are_left_out() {
        // Hand-checked: order 1 has A twice (counts once) and B; order C2 is a cancellation; order 3 has a
        // zero-price line (X) and C without a customer; order 4 only a return.
        let csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n\
                   1,A,apple,1,2011-01-01,1.0,c1\n1,B,pear,2,2011-01-01,1.0,c1\n1,A,apple,1,2011-01-01,1.0,c1\n\
                   C2,A,apple,-1,2011-01-02,1.0,c1\n3,X,fee,1,2011-01-03,0,\n3,C,apple,1,2011-01-03,2.0,\n\
                   4,B,pear,-1,2011-01-04,1.0,c2\n";
        let (ds, _) = read_bytes(csv.as_bytes(), IngestOptions::default()).unwrap();
        let t = transactions(&ds, ItemKey::Code, None);
        assert_eq!(t.labels, vec!["A", "B", "C"]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.basket(0), &[0, 1]);
        assert_eq!(t.basket(1), &[2]);
        let r = &t.report;
        assert_eq!((r.lines, r.lines_used, r.repeated_items), (7, 4, 1));
        assert_eq!((r.skipped_returns, r.skipped_nonpositive_price), (2, 1));
        assert_eq!(r.baskets_without_customer, 1);
        // By name: A and C are both "apple".
        let t = transactions(&ds, ItemKey::Name, None);
        assert_eq!(t.labels, vec!["apple", "pear"]);
        assert_eq!(t.basket(1), &[0]);
        // Only customer c1.
        let mut keep = vec![false; ds.customers.len()];
        keep[ds.customers.find("c1").unwrap() as usize] = true;
        let t = transactions(&ds, ItemKey::Code, Some(&keep));
        assert_eq!((t.len(), t.report.baskets_outside_segment), (1, 1));
    }

    #[test]
    fn rows_grouped_or_shuffled_give_the_same_baskets() {
        // Reference: the same lines in two orders. Grouped by order, every line a purchase (no quantity,
        // price or cancellation), the baskets are runs of rows; shuffled, they go through the counting
        // sort. Baskets, labels, customers and the accounting must agree.
        let header = "InvoiceNo,StockCode,CustomerID\n";
        let grouped = "1,B,c1\n1,A,c1\n1,B,c1\n2,C,\n3,A,c2\n3,C,c2\n";
        let shuffled = "3,A,c2\n1,B,c1\n2,C,\n1,A,c1\n3,C,c2\n1,B,c1\n";
        let read = |rows: &str| read_bytes(format!("{header}{rows}").as_bytes(), IngestOptions::default()).unwrap().0;
        let (a, b) = (read(grouped), read(shuffled));
        assert!(in_order(&a, a.len).is_some() && in_order(&b, b.len).is_none());
        let (ta, tb) = (transactions(&a, ItemKey::Code, None), transactions(&b, ItemKey::Code, None));
        let baskets = |t: &Transactions| -> Vec<(Vec<String>, String)> {
            let mut v: Vec<_> = (0..t.len())
                .map(|k| {
                    let items = t.basket(k).iter().map(|&i| t.labels[i as usize].clone()).collect();
                    let cust = if t.customer[k] == NONE { String::new() } else { format!("{}", t.customer[k]) };
                    (items, cust)
                })
                .collect();
            v.sort();
            v
        };
        let named = |t: &Transactions, ds: &Dataset| -> Vec<(Vec<String>, String)> {
            baskets(t).into_iter().map(|(i, c)| (i, c.parse::<u32>().map_or(String::new(), |c| ds.customers.get(c).to_string()))).collect()
        };
        assert_eq!(
            named(&ta, &a),
            vec![
                (vec!["A".to_string(), "B".to_string()], "c1".to_string()),
                (vec!["A".to_string(), "C".to_string()], "c2".to_string()),
                (vec!["C".to_string()], String::new()),
            ]
        );
        assert_eq!(named(&ta, &a), named(&tb, &b));
        assert_eq!(ta.labels, tb.labels);
        assert_eq!(ta.report, tb.report);
        assert_eq!((ta.report.lines_used, ta.report.repeated_items, ta.report.baskets_without_customer), (6, 1, 1));
    }

    #[test]
    fn fimi_rows_are_baskets() {
        let opts = IngestOptions { layout: Some(crate::Layout::Baskets), header: Some(false), delimiter: Some(' '), ..Default::default() };
        let (ds, _) = read_bytes(b"1 2 3\n4 5\n2 2 1\n", opts).unwrap();
        let t = transactions(&ds, ItemKey::Code, None);
        assert_eq!(t.len(), 3);
        let b: Vec<Vec<&str>> = (0..3).map(|b| t.basket(b).iter().map(|&i| t.labels[i as usize].as_str()).collect()).collect();
        assert_eq!(b, vec![vec!["1", "2", "3"], vec!["4", "5"], vec!["1", "2"]]);
        assert_eq!(t.report.repeated_items, 1);
    }
}
