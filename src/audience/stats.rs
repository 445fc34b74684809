//! The test behind each profile row: is a value more (or less) frequent in the group than among the other
//! customers by more than chance would make it?
//!
//! Each value gives a 2 × 2 table — in the group or not, with the value or not — and the p-value is the
//! two-sided Fisher exact test of that table: the probability, under the hypergeometric distribution of
//! the group's count with the margins fixed, of every table at most as likely as the one observed
//! (the "minimum likelihood" rule, with the relative tolerance `1 + 1e-7` of R's `fisher.test` and
//! SciPy's `fisher_exact`). It is exact at every size, so no rule of thumb decides between tests;
//! the cost is one term per possible count, at most `min(group, value)`, which over the values of one
//! attribute sums to at most the number of customers. The terms are the hypergeometric weights relative to
//! the most likely count (weight 1), each from its neighbour by the ratio of consecutive terms: only
//! additions, multiplications and divisions, which IEEE 754 rounds the same way everywhere, so the page
//! (WebAssembly) and the command line give the same bits. Weights below about 1e-308 of the largest are
//! 0, so p-values below that are reported as 0.

/// A 2 × 2 table: `a` in the group with the value, `group` the group's size, `value` the customers with
/// the value, `n` all customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// In the group and with the value.
    pub a: u64,
    /// Group size.
    pub group: u64,
    /// Customers with the value.
    pub value: u64,
    /// All customers.
    pub n: u64,
}

impl Table {
    /// The smallest of the four expected counts under independence (`group · value / n` and the other
    /// three cells); 0 for an empty table.
    pub fn min_expected(&self) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let (g, v, n) = (self.group as f64, self.value as f64, self.n as f64);
        [g * v, g * (n - v), (n - g) * v, (n - g) * (n - v)].into_iter().map(|x| x / n).fold(f64::INFINITY, f64::min)
    }
}

/// Two-sided Fisher exact p-value of `t` (module doc). 1 when a margin leaves only one possible table;
/// a table whose counts do not fit together (`a` above a margin) is 1 too rather than a panic.
pub fn fisher_two_sided(t: Table) -> f64 {
    let Table { a, group, value, n } = t;
    if group > n || value > n || a > group.min(value) || a + n < group + value {
        return 1.0;
    }
    let lo = (group + value).saturating_sub(n);
    let hi = group.min(value);
    if lo == hi {
        return 1.0;
    }
    // P(x+1)/P(x) = (group − x)(value − x) / ((x + 1)(n − group − value + x + 1)); the last factor is
    // at least 1 because x ≥ lo ≥ group + value − n.
    let ratio = |x: u64| ((group - x) as f64 * (value - x) as f64) / ((x + 1) as f64 * ((x + 1 + n) - (group + value)) as f64);
    // The mode of the hypergeometric distribution, where the weight is largest.
    let mode = (((group + 1) as u128 * (value + 1) as u128 / (n + 2) as u128) as u64).clamp(lo, hi);
    let len = (hi - lo + 1) as usize;
    let mut w = vec![0.0f64; len];
    w[(mode - lo) as usize] = 1.0;
    for x in mode..hi {
        w[(x + 1 - lo) as usize] = w[(x - lo) as usize] * ratio(x);
    }
    for x in (lo..mode).rev() {
        w[(x - lo) as usize] = w[(x + 1 - lo) as usize] / ratio(x);
    }
    let cut = w[(a - lo) as usize] * (1.0 + 1e-7);
    let (mut all, mut tail) = (0.0f64, 0.0f64);
    for &x in &w {
        all += x;
        if x <= cut {
            tail += x;
        }
    }
    if all > 0.0 { (tail / all).min(1.0) } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: u64, group: u64, value: u64, n: u64) -> f64 {
        fisher_two_sided(Table { a, group, value, n })
    }

    /// Hand-worked: group 2 of n = 4, value held by 2. Counts 0, 1, 2 have weights C(2,x)·C(2,2−x) = 1, 4,
    /// 1 of C(4,2) = 6. Observing 2: tables at most as likely are x = 0 and x = 2, p = 2/6. Observing 1:
    /// every table is at most as likely, p = 1.
    #[test]
    fn by_hand() {
        assert!((p(2, 2, 2, 4) - 1.0 / 3.0).abs() < 1e-12);
        assert!((p(0, 2, 2, 4) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(p(1, 2, 2, 4), 1.0);
        // Degenerate margins: one possible table.
        assert_eq!(p(0, 0, 3, 10), 1.0);
        assert_eq!(p(3, 10, 3, 10), 1.0);
        // Counts that do not fit together are not a panic.
        assert_eq!(p(5, 2, 2, 4), 1.0);
        assert_eq!(p(1, 20, 2, 4), 1.0);
    }

    /// Reference values from SciPy 1.17.1:
    /// `python3 -c "from scipy.stats import fisher_exact as f; print(repr(f([[a, g-a], [v-a, n-g-v+a]]).pvalue))"`
    /// for each (a, group, value, n) below.
    #[test]
    fn against_scipy() {
        let cases: [((u64, u64, u64, u64), f64); 5] = [
            ((3, 5, 4, 20), 0.03199174406604747),
            ((1, 3, 2, 10), 1.0),
            ((40, 100, 150, 1000), 7.167414858182961e-11),
            ((120, 434, 3950, 4338), 7.138269109188704e-299),
            ((7, 434, 12, 4338), 4.8500580827466594e-05),
        ];
        for ((a, g, v, n), want) in cases {
            let got = p(a, g, v, n);
            assert!((got - want).abs() <= want * 1e-9, "({a}, {g}, {v}, {n}): {got} vs SciPy {want}");
        }
    }

    #[test]
    fn min_expected_cells() {
        // group 2, value 3, n 10: expected 0.6, 1.4, 2.4, 5.6.
        let t = Table { a: 1, group: 2, value: 3, n: 10 };
        assert!((t.min_expected() - 0.6).abs() < 1e-12);
        assert_eq!(Table { a: 0, group: 0, value: 0, n: 0 }.min_expected(), 0.0);
    }
}
