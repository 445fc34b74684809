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
