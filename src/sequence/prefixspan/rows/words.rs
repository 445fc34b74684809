//! Words of bits for the rows of [`super`]: setting and reading bits, bit-sliced counters (a count per bit
//! position, plane `p` holding bit `p` of every count), renumbering bits into a narrower space, and the OR
//! of a customer's later rows.

#[inline]
pub(super) fn set(m: &mut [u64], i: u32) {
    if let Some(w) = m.get_mut((i / 64) as usize) {
        *w |= 1 << (i % 64);
    }
}

pub(super) fn mask_of(m: &mut Vec<u64>, words: usize, bits: &[u32]) {
    m.clear();
    m.resize(words, 0);
    for &i in bits {
        set(m, i);
    }
}

/// Asks the processor to bring `words` into its cache ahead of their use: a hint only (nothing is read,
/// nothing can fault), where the architecture has one.
#[inline(always)]
pub(super) fn prefetch(words: &[u64]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // A cache line is 8 words: one hint per line the words reach into.
        for w in words.iter().step_by(8).chain(words.last()) {
            // SAFETY: a prefetch reads nothing and never faults, whatever the address; SSE, which has it,
            // is part of the x86_64 baseline.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((w as *const u64).cast()) }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = words;
}

/// Row `r` of `a` (words `w`).
#[inline]
pub(super) fn row(a: &[u64], r: usize, w: usize) -> &[u64] {
    a.get(r * w..(r + 1) * w).unwrap_or(&[])
}

/// Adds the bits of `x` to the bit-sliced counters of word `j` (a carry ripples up the planes; there
/// are enough planes for every count).
#[inline]
pub(super) fn add(planes: &mut [u64], w: usize, j: usize, x: u64) {
    let mut carry = x;
    let mut at = j;
    while carry != 0 {
        let Some(v) = planes.get_mut(at) else { return };
        let t = *v & carry;
        *v ^= carry;
        carry = t;
        at += w;
    }
}

/// Bit-sliced counters of up to 15 (four planes) in front of full ones ([`add`]): adding a row costs the
/// same few operations a word, without a branch (the carry of [`add`] stops at a place the processor
/// cannot foresee); every 15 rows they are added into the full counters and start again from zero.
#[derive(Debug, Default)]
pub(super) struct Small {
    /// Plane `p` of word `j` at `[p * words + j]`.
    planes: Vec<u64>,
    words: usize,
    rows: u32,
}

impl Small {
    /// Most rows added before the counts must go into the full counters (15 = four planes full).
    const ROWS: u32 = 15;

    /// Zero counts over `words` words.
    pub(super) fn reset(&mut self, words: usize) {
        self.planes.clear();
        self.planes.resize(4 * words, 0);
        self.words = words;
        self.rows = 0;
    }

    /// Adds `row` to the counters of words `j0..` (`row` holds those words).
    #[inline]
    pub(super) fn add(&mut self, j0: usize, row: &[u64]) {
        let w = self.words;
        let (p0, rest) = self.planes.split_at_mut(w);
        let (p1, rest) = rest.split_at_mut(w);
        let (p2, p3) = rest.split_at_mut(w);
        let planes = p0.iter_mut().zip(p1.iter_mut()).zip(p2.iter_mut()).zip(p3.iter_mut()).skip(j0);
        for ((((a, b), c), d), &v) in planes.zip(row) {
            let c0 = *a & v;
            *a ^= v;
            let c1 = *b & c0;
            *b ^= c0;
            let c2 = *c & c1;
            *c ^= c1;
            *d ^= c2;
        }
    }

    /// Counts one more row added (to this and any other counters added to with it); true when
    /// [`Small::ROWS`] are, and [`Small::flush`] must follow before another.
    #[inline]
    pub(super) fn full_after_one_more(&mut self) -> bool {
        self.rows += 1;
        self.rows == Self::ROWS
    }

    /// Adds the counts into `full` (bit-sliced counters over the same words, with planes for every
    /// count) and starts again from zero.
    pub(super) fn flush(&mut self, full: &mut [u64]) {
        let w = self.words;
        for (i, x) in self.planes.iter_mut().enumerate() {
            if *x != 0 {
                // Plane `p` of word `j`: added from plane `p` of the full counters up.
                add(full, w, i, *x);
                *x = 0;
            }
        }
        self.rows = 0;
    }
}

/// The bits of word `j` whose bit-sliced count (`n` planes) is at least `min`.
#[inline]
pub(super) fn at_least(planes: &[u64], w: usize, j: usize, n: usize, min: u32) -> u64 {
    if n < 32 && (min as u64) >> n != 0 {
        return 0;
    }
    let (mut gt, mut eq) = (0u64, !0u64);
    for p in (0..n).rev() {
        let v = planes.get(p * w + j).copied().unwrap_or(0);
        if (min >> p) & 1 == 1 {
            eq &= v;
        } else {
            gt |= eq & v;
            eq &= !v;
        }
    }
    gt | eq
}

/// The largest bit-sliced count (`n` planes of one word) among the bits of `mask` (0 without any).
#[inline]
pub(super) fn most(planes: &[u64], n: usize, mask: u64) -> u32 {
    let (mut m, mut bits) = (0u32, mask);
    for p in (0..n.min(32)).rev() {
        let v = planes.get(p).copied().unwrap_or(0) & bits;
        if v != 0 {
            m |= 1 << p;
            bits = v;
        }
    }
    m
}

/// Sets `out` to the bits of `src` kept by `keep` (per word), renumbered by `rank` (old bit → new bit);
/// true if any is left. A look-up per kept bit rather than counting the kept bits below it: a count of
/// bits is a dozen instructions on the baseline x86-64 the native build targets.
#[inline]
pub(super) fn compact(src: &[u64], keep: &[u64], rank: &[u32], out: &mut [u64]) -> bool {
    if let [o] = out {
        *o = compact_word(src, keep, rank);
        return *o != 0;
    }
    out.iter_mut().for_each(|x| *x = 0);
    let mut any = 0;
    for (j, (&word, &k)) in src.iter().zip(keep).enumerate() {
        let mut b = word & k;
        any |= b;
        while b != 0 {
            set(out, rank.get(j * 64 + b.trailing_zeros() as usize).copied().unwrap_or(u32::MAX));
            b &= b - 1;
        }
    }
    any != 0
}

/// [`compact`] into one word (the usual narrower arena: the extensions of most patterns are few), without
/// clearing or indexing the output in memory.
#[inline]
pub(super) fn compact_word(src: &[u64], keep: &[u64], rank: &[u32]) -> u64 {
    let mut out = 0u64;
    for (j, (&word, &k)) in src.iter().zip(keep).enumerate() {
        let mut b = word & k;
        while b != 0 {
            let r = rank.get(j * 64 + b.trailing_zeros() as usize).copied().unwrap_or(u32::MAX);
            out |= 1u64.checked_shl(r).unwrap_or(0);
            b &= b - 1;
        }
    }
    out
}

/// Sets `out` to the union of the ascending lists `a` and `b`, ascending.
pub(super) fn union_into(a: &[u32], b: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while let Some(v) = match (a.get(i), b.get(j)) {
        (Some(&x), Some(&y)) => Some(x.min(y)),
        (x, y) => x.or(y).copied(),
    } {
        i += (a.get(i) == Some(&v)) as usize;
        j += (b.get(j) == Some(&v)) as usize;
        out.push(v);
    }
}

/// The bits `bits` (below 64) as one word.
pub(super) fn one_word(bits: &[u32]) -> u64 {
    bits.iter().filter(|&&b| b < 64).fold(0, |m, &b| m | 1 << b)
}

/// Planes of bit-sliced counters for counts up to `n`.
pub(super) fn planes(n: u32) -> usize {
    (32 - n.leading_zeros()) as usize
}

/// Fills `suf` for the rows `lo..hi` of one customer (`suf` grows to `hi` rows).
pub(super) fn suffixes(raw: &[u64], suf: &mut Vec<u64>, w: usize, lo: usize, hi: usize) {
    suf.resize(hi * w, 0);
    if w == 1 {
        let mut later = 0;
        for (s, &r) in suf.get_mut(lo..hi).unwrap_or(&mut []).iter_mut().zip(raw.get(lo..hi).unwrap_or(&[])).rev() {
            later |= r;
            *s = later;
        }
        return;
    }
    for r in (lo..hi).rev() {
        for j in 0..w {
            let next = if r + 1 < hi { suf[(r + 1) * w + j] } else { 0 };
            suf[r * w + j] = raw[r * w + j] | next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Counts added through [`Small`] (flushed every 15 rows and at the end) are those of [`add`] row by
    /// row (the reference), from any first word and over any number of rows, up to counts of 1000.
    #[test]
    fn small_counters_give_the_full_counts() {
        let mut rng = Rng::new(5);
        for (w, rows) in [(1, 1), (1, 15), (1, 16), (3, 31), (5, 200), (2, 1000)] {
            for j0 in 0..w {
                let n = planes(rows);
                let (mut want, mut got) = (vec![0u64; n * w], vec![0u64; n * w]);
                let mut small = Small::default();
                small.reset(w);
                for _ in 0..rows {
                    // Sparse, dense and full words alike.
                    let row: Vec<u64> = (j0..w)
                        .map(|_| match rng.below(3) {
                            0 => rng.next_u64(),
                            1 => rng.next_u64() & rng.next_u64() & rng.next_u64(),
                            // Full words: the counts climb fast (16 rows a batch would overflow four planes).
                            _ => !0,
                        })
                        .collect();
                    for (j, &v) in row.iter().enumerate() {
                        add(&mut want, w, j0 + j, v);
                    }
                    small.add(j0, &row);
                    if small.full_after_one_more() {
                        small.flush(&mut got);
                    }
                }
                small.flush(&mut got);
                assert_eq!(got, want, "{w} words from {j0}, {rows} rows");
            }
        }
    }
}
