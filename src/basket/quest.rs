//! A seeded synthetic basket generator in the style of IBM's Quest generator (Agrawal & Srikant 1994,
//! section 2.4.3), for benchmarks: `T10I4D100K` means average basket length 10, average pattern length 4,
//! 100,000 baskets.
//!
//! As in the paper: `patterns` potentially frequent itemsets are drawn first, each of Poisson length
//! (mean `avg_pattern_len`), sharing a fraction of its items with the previous pattern (exponential with
//! mean `correlation`), with an exponential weight (normalised) and a corruption level (normal, mean 0.5,
//! sd 0.1). Each basket has Poisson size (mean `avg_basket_len`) and is filled with patterns picked by
//! weight, each pattern losing items while a uniform draw stays below its corruption level; a pattern that
//! does not fit is kept for the next basket half of the time. Same seed, same baskets.

use std::io::Write;

use crate::rng::Rng;

/// Parameters of the generator (defaults: T10I4D100K with 1000 items and 2000 patterns, as in the paper).
#[derive(Debug, Clone)]
pub struct QuestParams {
    /// Number of baskets (D).
    pub baskets: usize,
    /// Average basket length (T).
    pub avg_basket_len: f64,
    /// Average pattern length (I).
    pub avg_pattern_len: f64,
    /// Number of patterns (L).
    pub patterns: usize,
    /// Number of items (N).
    pub items: u32,
    /// Mean fraction of a pattern's items taken from the previous pattern.
    pub correlation: f64,
    /// Random seed.
    pub seed: u64,
}

impl Default for QuestParams {
    fn default() -> Self {
        QuestParams {
            baskets: 100_000,
            avg_basket_len: 10.0,
            avg_pattern_len: 4.0,
            patterns: 2000,
            items: 1000,
            correlation: 0.5,
            seed: 42,
        }
    }
}

fn poisson(rng: &mut Rng, mean: f64) -> usize {
    // Knuth's method for small means; normal approximation above 30.
    if mean > 30.0 {
        return (mean + mean.sqrt() * rng.normal()).round().max(0.0) as usize;
    }
    let l = (-mean).exp();
    let mut k = 0usize;
    let mut p = 1.0;
    loop {
        p *= rng.f64();
        if p <= l {
            return k;
        }
        k += 1;
    }
}

/// Generates the baskets as lists of item numbers (ascending, distinct, non-empty).
pub fn generate(p: &QuestParams) -> Vec<Vec<u32>> {
    let mut rng = Rng::new(p.seed);
    let items = p.items.max(1);
    let mut patterns: Vec<Vec<u32>> = Vec::with_capacity(p.patterns);
    let mut weights: Vec<f64> = Vec::with_capacity(p.patterns);
    let mut corruption: Vec<f64> = Vec::with_capacity(p.patterns);
    for k in 0..p.patterns.max(1) {
        let len = poisson(&mut rng, (p.avg_pattern_len - 1.0).max(0.0)) + 1;
        let mut pat: Vec<u32> = Vec::with_capacity(len);
        if k > 0 {
            let frac = rng.exp(1.0 / p.correlation.max(1e-9)).min(1.0);
            let prev = &patterns[k - 1];
            let take = ((frac * len as f64) as usize).min(prev.len());
            for _ in 0..take {
                let it = prev[rng.below(prev.len() as u64) as usize];
                if !pat.contains(&it) {
                    pat.push(it);
                }
            }
        }
        let mut guard = 0;
        while pat.len() < len.min(items as usize) && guard < 100 * len {
            let it = rng.below(items as u64) as u32;
            if !pat.contains(&it) {
                pat.push(it);
            }
            guard += 1;
        }
        patterns.push(pat);
        weights.push(rng.exp(1.0));
        corruption.push((0.5 + 0.1 * rng.normal()).clamp(0.0, 1.0));
    }
    let total: f64 = weights.iter().sum();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut acc = 0.0;
    for w in &weights {
        acc += w / total;
        cumulative.push(acc);
    }
    let pick = |rng: &mut Rng| -> usize {
        let u = rng.f64();
        cumulative.partition_point(|&c| c < u).min(cumulative.len() - 1)
    };
    let mut out = Vec::with_capacity(p.baskets);
    let mut carry: Option<Vec<u32>> = None;
    while out.len() < p.baskets {
        let size = poisson(&mut rng, p.avg_basket_len).max(1);
        let mut basket: Vec<u32> = Vec::with_capacity(size + 4);
        let mut tries = 0;
        while basket.len() < size && tries < 50 {
            tries += 1;
            let mut pat = match carry.take() {
                Some(c) => c,
                None => {
                    let k = pick(&mut rng);
                    let mut pat = patterns[k].clone();
                    while !pat.is_empty() && rng.f64() < corruption[k] {
                        let drop = rng.below(pat.len() as u64) as usize;
                        pat.swap_remove(drop);
                    }
                    pat
                }
            };
            if basket.len() + pat.len() > size && !basket.is_empty() {
                if rng.f64() < 0.5 {
                    carry = Some(std::mem::take(&mut pat));
                }
                break;
            }
            basket.append(&mut pat);
        }
        basket.sort_unstable();
        basket.dedup();
        if !basket.is_empty() {
            out.push(basket);
        }
    }
    out
}

/// Writes the baskets as a FIMI `.dat` file: one basket per line, items separated by spaces.
pub fn write_dat(mut w: impl Write, p: &QuestParams) -> std::io::Result<()> {
    let mut line = String::new();
    for b in generate(p) {
        line.clear();
        for (k, i) in b.iter().enumerate() {
            if k > 0 {
                line.push(' ');
            }
            line.push_str(&i.to_string());
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_close_to_the_asked_shape() {
        let p = QuestParams { baskets: 5000, ..Default::default() };
        let a = generate(&p);
        assert_eq!(a, generate(&p));
        assert_eq!(a.len(), 5000);
        let mean = a.iter().map(Vec::len).sum::<usize>() as f64 / a.len() as f64;
        // Baskets are cut at their Poisson size or slightly above: the mean stays near T = 10.
        assert!((7.0..13.0).contains(&mean), "mean basket length {mean}");
        assert!(a.iter().all(|b| b.windows(2).all(|w| w[0] < w[1]) && b.iter().all(|&i| i < 1000)));
    }
}
