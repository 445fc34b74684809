//! Which of a child's candidates can still be frequent, from its parent's customers (both paths
//! without limits).
//!
//! A customer whose sequence holds `Q ⊕ z`, where `Q = P ⊕ y` is a child of the pattern `P`, also holds
//! `P ⊕ z` with `z` of the kind it has in the parent's lists: drop `y` from the occurrence. (An itemset
//! extension `z` of an itemset child stays one of `P`; every other case leaves `z` after `P`'s end, a
//! sequence extension of `P`.) So the support of `Q ⊕ z` is at most the number of `P`'s customers holding
//! both of `P`'s extensions `y` and `z`. Per pattern, the customers of each frequent extension are a
//! bitset over its customers ([`Columns`]); a candidate whose pair falls below the minimum support is not
//! counted for the child, and a child left with no candidate is reported without building its projection
//! (its support is its column's size). Online Retail at 1 %: 88 % of the candidates and a third of the
//! children's projections are never built.
//!
//! Both paths apply the same bound, so the patterns, the work counted (entries of pruned candidates
//! are not counted) and the truncation stay the same on either path.

/// Words of the columns of the patterns on the search's path at most (a pattern's and its ancestors'):
/// 16 MB. A pattern whose columns would not fit has none: its candidates are not bounded and each child
/// is built (as before the bound). The columns' size is reckoned from the pattern's support and number of
/// extensions, the same on both paths, so that both still decide alike.
pub(super) const COLS_WORDS: usize = 1 << 21;

/// Per extension of a pattern, the pattern's customers holding it: column `c` is
/// `bits[c * words..(c + 1) * words]`, bit `i` for the pattern's customer `i`.
#[derive(Debug, Default)]
pub(super) struct Columns {
    words: usize,
    bits: Vec<u64>,
    /// Words taken from the search's room ([`COLS_WORDS`]), given back by [`Self::release`].
    held: usize,
    on: bool,
}

impl Columns {
    /// `cols` empty columns over `custs` customers of a pattern of support `support` (at least `custs`),
    /// if `cols × ⌈support / 64⌉` words fit in `room` (taken from it); else none. True if made.
    pub(super) fn reset(&mut self, cols: usize, custs: usize, support: u32, room: &mut usize) -> bool {
        let need = cols.saturating_mul((support.max(custs as u32) as usize).div_ceil(64));
        self.bits.clear();
        self.held = 0;
        self.on = need <= *room;
        if self.on {
            *room -= need;
            self.held = need;
            self.words = custs.div_ceil(64);
            self.bits.resize(cols * self.words, 0);
        }
        self.on
    }

    /// Gives the columns' words back to `room` (the pattern's children are done).
    pub(super) fn release(&mut self, room: &mut usize) {
        *room += self.held;
        self.held = 0;
        self.on = false;
    }

    /// The columns were made ([`Self::reset`]).
    pub(super) fn on(&self) -> bool {
        self.on
    }

    /// Marks customer `cust` in column `col`.
    #[inline]
    pub(super) fn set(&mut self, col: usize, cust: u32) {
        if let Some(w) = self.bits.get_mut(col * self.words + (cust / 64) as usize) {
            *w |= 1 << (cust % 64);
        }
    }

    /// Marks in column `col` the customers of `bits` (a column's words).
    pub(super) fn or_words(&mut self, col: usize, bits: &[u64]) {
        let w = self.words;
        if let Some(c) = self.bits.get_mut(col * w..(col + 1) * w) {
            for (a, &b) in c.iter_mut().zip(bits) {
                *a |= b;
            }
        }
    }

    fn col(&self, c: usize) -> &[u64] {
        self.bits.get(c * self.words..(c + 1) * self.words).unwrap_or(&[])
    }

    /// Words of a column.
    pub(super) fn words(&self) -> usize {
        self.words
    }

    /// Customers in column `c`.
    pub(super) fn count(&self, c: usize) -> u32 {
        self.col(c).iter().map(|w| w.count_ones()).sum()
    }

    /// The customers in column `c`, ascending.
    pub(super) fn ones(&self, c: usize) -> Ones<'_> {
        let col = self.col(c);
        Ones { word: col.first().copied().unwrap_or(0), rest: col.get(1..).unwrap_or(&[]), base: 0 }
    }

    /// Appends to `out` the items of `list` (the extensions of columns `base..`) from number `from` on
    /// whose columns have at least `min` customers in common with column `col`.
    fn pairs_at_least(&self, col: usize, list: &[u32], base: usize, from: usize, min: u32, out: &mut Vec<u32>) {
        let w = self.words;
        let Some(a) = self.bits.get(col * w..(col + 1) * w) else { return };
        let rest = list.get(from..).unwrap_or(&[]);
        let cols = self.bits.get((base + from) * w..).unwrap_or(&[]);
        if let [a] = a {
            // One word per column (most patterns: at most 64 customers): the columns in a row.
            for (&z, &c) in rest.iter().zip(cols) {
                if (a & c).count_ones() >= min {
                    out.push(z);
                }
            }
            return;
        }
        for (&z, c) in rest.iter().zip(cols.chunks_exact(w.max(1))) {
            let n: u32 = a.iter().zip(c).map(|(x, y)| (x & y).count_ones()).sum();
            if n >= min {
                out.push(z);
            }
        }
    }

    /// Sets `cand_i` and `cand_s` to the candidates of the child by extension number `k` (an itemset
    /// extension, or a sequence one when `sequence`) of a pattern whose frequent extensions are `i_ext`
    /// and `s_ext` (the columns' order): its itemset candidates (the extensions of its own kind after it)
    /// and its sequence candidates (the sequence extensions), each kept when it has at least `min`
    /// customers in common with the child ([`bound`](self)); every one when the pattern has no columns.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn candidates(
        &self,
        i_ext: &[u32],
        s_ext: &[u32],
        k: usize,
        sequence: bool,
        min: u32,
        cand_i: &mut Vec<u32>,
        cand_s: &mut Vec<u32>,
    ) {
        let ni = i_ext.len();
        let (list, base) = if sequence { (s_ext, ni) } else { (i_ext, 0) };
        cand_i.clear();
        cand_s.clear();
        if !self.on {
            cand_i.extend(list.iter().skip(k + 1));
            cand_s.extend(s_ext);
            return;
        }
        let col = base + k;
        self.pairs_at_least(col, list, base, k + 1, min, cand_i);
        self.pairs_at_least(col, s_ext, ni, 0, min, cand_s);
    }
}

/// The set bits of a column, ascending ([`Columns::ones`]).
pub(super) struct Ones<'a> {
    /// The bits of the current word not yet returned, the words after it, and the current word's first bit.
    word: u64,
    rest: &'a [u64],
    base: usize,
}

impl Iterator for Ones<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.word == 0 {
            let (&w, rest) = self.rest.split_first()?;
            self.word = w;
            self.rest = rest;
            self.base += 64;
        }
        let b = self.word.trailing_zeros() as usize;
        self.word &= self.word - 1;
        Some(self.base + b)
    }
}

/// The column of a pattern's extension number `k`, an itemset extension or a sequence one (`sequence`),
/// when it has `n_i` itemset extensions.
pub(super) fn column(n_i: usize, k: usize, sequence: bool) -> usize {
    if sequence { n_i + k } else { k }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ones_lists_a_columns_customers_in_order_across_words() {
        // Hand-made: 130 customers (three words per column); column 1 has customers at both ends of a
        // word, column 2 only in the first and last word (an empty word between), column 0 none.
        let mut room = 1 << 10;
        let mut c = Columns::default();
        assert!(c.reset(3, 130, 130, &mut room));
        for cust in [0, 63, 64, 129] {
            c.set(1, cust);
        }
        for cust in [5, 128] {
            c.set(2, cust);
        }
        assert_eq!(c.ones(0).count(), 0);
        assert_eq!(c.ones(1).collect::<Vec<_>>(), vec![0, 63, 64, 129]);
        assert_eq!(c.ones(2).collect::<Vec<_>>(), vec![5, 128]);
        assert_eq!((c.count(1), c.count(2)), (4, 2));
    }
}
