//! Where the special bytes are, 64 bytes at a time, for the tokenizer's one pass over a record: two bit
//! masks of a block (bit `k` for its byte `k`), one of the quotes and terminators, one of the delimiters
//! and terminators, and a [`Cursor`] that finds the next of either from a position on.
//!
//! On x86_64 sixteen bytes are compared at a time (SSE2, in every x86_64 processor). Elsewhere the masks
//! are gathered from 64-bit words, which costs more than it saves: there (the page's wasm, ARM) the
//! tokenizer keeps its word-at-a-time path for unquoted records instead, and these masks serve only the
//! tests. The tests hold both to a byte-by-byte reference.

/// Bytes per block.
pub(super) const BLOCK: usize = 64;

/// The bytes looked for: the delimiter, the terminator and the quote.
#[derive(Debug, Clone, Copy)]
pub(super) struct Specials {
    delimiter: u8,
    terminator: u8,
    /// The quote, or the terminator again when there is none.
    quote: u8,
}

/// A block's two masks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Masks {
    /// Quotes and terminators.
    pub(super) qt: u64,
    /// Delimiters and terminators.
    pub(super) dt: u64,
}

impl Specials {
    /// The special bytes of a dialect (`quote` none: no byte is a quote).
    pub(super) fn new(delimiter: u8, terminator: u8, quote: Option<u8>) -> Specials {
        Specials { delimiter, terminator, quote: quote.unwrap_or(terminator) }
    }

    /// The masks of `block`.
    #[inline(always)]
    pub(super) fn block(&self, block: &[u8; BLOCK]) -> Masks {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: SSE2 is part of the x86_64 baseline: every target of this architecture has it.
            unsafe { sse2(block, *self) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self.words(block)
        }
    }

    /// The masks of a block shorter than [`BLOCK`] (the end of the text): bits past its end are clear.
    #[inline]
    pub(super) fn tail(&self, bytes: &[u8]) -> Masks {
        let mut m = Masks::default();
        for (k, &x) in bytes.iter().take(BLOCK).enumerate() {
            let t = x == self.terminator;
            m.qt |= u64::from(t || x == self.quote) << k;
            m.dt |= u64::from(t || x == self.delimiter) << k;
        }
        m
    }

    /// The portable path: eight bytes a word, each word's matches gathered into eight bits.
    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    #[inline(always)]
    fn words(&self, block: &[u8; BLOCK]) -> Masks {
        const LO: u64 = 0x0101_0101_0101_0101;
        let (pd, pt, pq) = (LO * u64::from(self.delimiter), LO * u64::from(self.terminator), LO * u64::from(self.quote));
        let mut m = Masks::default();
        for (k, w) in block.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            let t = eq_bytes_exact(x, pt);
            m.qt |= gather(t | eq_bytes_exact(x, pq)) << (8 * k);
            m.dt |= gather(t | eq_bytes_exact(x, pd)) << (8 * k);
        }
        m
    }
}

/// Which mask a search looks in.
#[derive(Debug, Clone, Copy)]
pub(super) enum Look {
    /// A quote or a terminator.
    QuoteOrEnd,
    /// A delimiter or a terminator.
    FieldEnd,
}

/// The masks of the block of text at `base`, moved forward as the searches go (a record's fields are
/// searched in order, so the masks of one block serve several fields and the next record's start).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cursor {
    base: usize,
    /// End of the bytes the masks cover (`base` + [`BLOCK`], or the text's end).
    end: usize,
    masks: Masks,
}

impl Cursor {
    /// The first position at or after `from` of what `look` looks for in `text`; `None` when the text
    /// ends first.
    #[inline(always)]
    pub(super) fn next(&mut self, text: &[u8], specials: &Specials, mut from: usize, look: Look) -> Option<usize> {
        loop {
            if from < self.base || from >= self.end {
                if from >= text.len() {
                    return None;
                }
                self.base = from;
                self.masks = match text.get(from..from + BLOCK) {
                    Some(block) => {
                        self.end = from + BLOCK;
                        specials.block(block.try_into().expect("a block"))
                    }
                    None => {
                        self.end = text.len();
                        specials.tail(&text[from..])
                    }
                };
            }
            let mask = match look {
                Look::QuoteOrEnd => self.masks.qt,
                Look::FieldEnd => self.masks.dt,
            } >> (from - self.base);
            if mask != 0 {
                return Some(from + mask.trailing_zeros() as usize);
            }
            from = self.end;
        }
    }
}

/// High bit set in exactly the bytes of `x` equal to the byte repeated in `pat` (no borrows between
/// bytes: each byte's low seven bits are added separately).
#[inline(always)]
pub(super) fn eq_bytes_exact(x: u64, pat: u64) -> u64 {
    const HI: u64 = 0x8080_8080_8080_8080;
    let t = x ^ pat;
    !(((t & !HI).wrapping_add(!HI)) | t) & HI
}

/// The high bits of a word's eight bytes as eight bits, byte `k` to bit `k`. The multiply places byte
/// `k`'s bit (at `8k` once shifted down) at `56 + k`; every other product lands at a distinct position
/// below 56 or at 64 and above, so no carry reaches the top byte.
#[inline(always)]
fn gather(high_bits: u64) -> u64 {
    ((high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Sixteen bytes a compare, four compares a block.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn sse2(block: &[u8; BLOCK], sp: Specials) -> Masks {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi8, _mm_set1_epi8};
    let byte = |b: u8| _mm_set1_epi8(b as i8);
    let (vd, vt, vq) = (byte(sp.delimiter), byte(sp.terminator), byte(sp.quote));
    let mut m = Masks::default();
    for (k, w) in block.chunks_exact(16).enumerate() {
        // Sixteen bytes set one by one: the compiler makes them one unaligned load.
        let x = _mm_set_epi8(
            w[15] as i8,
            w[14] as i8,
            w[13] as i8,
            w[12] as i8,
            w[11] as i8,
            w[10] as i8,
            w[9] as i8,
            w[8] as i8,
            w[7] as i8,
            w[6] as i8,
            w[5] as i8,
            w[4] as i8,
            w[3] as i8,
            w[2] as i8,
            w[1] as i8,
            w[0] as i8,
        );
        let t = _mm_cmpeq_epi8(x, vt);
        let bits = |v| u64::from(_mm_movemask_epi8(v) as u16) << (16 * k);
        m.qt |= bits(_mm_or_si128(t, _mm_cmpeq_epi8(x, vq)));
        m.dt |= bits(_mm_or_si128(t, _mm_cmpeq_epi8(x, vd)));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Just;

    fn reference(bytes: &[u8], sp: Specials) -> Masks {
        let mut m = Masks::default();
        for (k, &x) in bytes.iter().enumerate() {
            if x == sp.terminator || x == sp.quote {
                m.qt |= 1 << k;
            }
            if x == sp.terminator || x == sp.delimiter {
                m.dt |= 1 << k;
            }
        }
        m
    }

    fn dialects() -> impl proptest::strategy::Strategy<Value = Specials> {
        proptest::prop_oneof![
            Just(Specials::new(b',', b'\n', Some(b'"'))),
            Just(Specials::new(b';', b'\r', None)),
            Just(Specials::new(0, 0xff, Some(0x80))),
        ]
    }

    proptest::proptest! {
        /// Both paths (the vector one natively on x86_64, the word one everywhere) and the tail agree with
        /// a byte-by-byte look at the block, whatever its bytes (high bytes included: the word path's
        /// arithmetic must not borrow across them).
        #[test]
        fn masks_agree_with_a_byte_by_byte_look(
            block in proptest::collection::vec(proptest::prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'a'), Just(0u8), Just(0x80u8), Just(0xffu8), proptest::num::u8::ANY], BLOCK),
            sp in dialects(),
            cut in 0usize..=BLOCK,
        ) {
            let block: [u8; BLOCK] = block.try_into().unwrap();
            let want = reference(&block, sp);
            proptest::prop_assert_eq!(sp.block(&block), want);
            proptest::prop_assert_eq!(sp.words(&block), want);
            proptest::prop_assert_eq!(sp.tail(&block[..cut]), reference(&block[..cut], sp));
        }

        /// The cursor's searches, in any order that goes forward, find what a byte-by-byte search finds.
        #[test]
        fn cursor_finds_what_a_byte_search_finds(
            text in proptest::collection::vec(proptest::prop_oneof![Just(b','), Just(b'"'), Just(b'\n'), Just(b'a')], 0..300),
            steps in proptest::collection::vec((0usize..80, proptest::bool::ANY), 1..20),
        ) {
            let sp = Specials::new(b',', b'\n', Some(b'"'));
            let mut cur = Cursor::default();
            let mut from = 0;
            for (skip, quotes) in steps {
                from += skip;
                let (look, set): (Look, &[u8]) = if quotes { (Look::QuoteOrEnd, b"\"\n") } else { (Look::FieldEnd, b",\n") };
                let want = text.iter().enumerate().skip(from).find(|(_, c)| set.contains(c)).map(|(i, _)| i);
                proptest::prop_assert_eq!(cur.next(&text, &sp, from, look), want);
            }
        }
    }

    #[test]
    fn every_single_byte_is_found_at_every_position() {
        // Hand-checked corners: each byte value alone at each position, as each of the three.
        for pos in 0..BLOCK {
            for x in [0u8, 1, b'"', 0x7f, 0x80, 0xfe, 0xff] {
                let mut block = [b'a'; BLOCK];
                block[pos] = x;
                let (d, t, q) = (
                    Specials::new(x, b'a' ^ 1, Some(b'a' ^ 2)),
                    Specials::new(b'a' ^ 1, x, None),
                    Specials::new(b'a' ^ 1, b'a' ^ 2, Some(x)),
                );
                for (sp, want) in
                    [(d, Masks { qt: 0, dt: 1 << pos }), (t, Masks { qt: 1 << pos, dt: 1 << pos }), (q, Masks { qt: 1 << pos, dt: 0 })]
                {
                    assert_eq!(sp.block(&block), want, "byte {x:#x} at {pos}");
                    assert_eq!(sp.words(&block), want, "byte {x:#x} at {pos}");
                }
            }
        }
    }
}
