//! RFM: recency, frequency and monetary scores from 1 to 5, the named segments of the R × (F+M)/2 grid,
//! and the R × F grid.
//!
//! ## Scores: quintiles of the rank, ties broken by customer id
//! Customers are ranked by the value (ascending), equal values by their customer id (byte order of the id
//! string); with rank `r` in `0..n` the score is `⌊5·r/n⌋ + 1`. Every score then holds `n/5` customers
//! (±1), and equal values may straddle a boundary — deterministically, by id. This is the common
//! practice of scoring `rank(method = "first")` by quintiles, chosen over a tie-respecting rule because
//! frequency is massively tied (often half the customers bought once): tie-respecting quintiles would put
//! them all in one score and leave other scores empty, and the segment grid would lose its meaning.
//! Recency is scored on the negated number of days, so the most recent customers score 5. Scores are
//! monotone: a strictly better value never gets a lower score.
//!
//! ## Segments
//! The grid of recency R against FM = (F + M) / 2, as drawn by Yexi Yuan ("Recency, Frequency,
//! Monetary Model with Python — and how Sephora uses it", 2019) and reproduced by many tools (e.g. the
//! churned.io RFM model documentation). The grid gives rectangles on 0–5 axes ("Champions: R 4–5, FM
//! 4–5"); a score `s` covers the interval `(s − 1, s]`, so "4–5" is the score 5. FM is rounded half up
//! (`(F + M + 1) / 2` in integers). The resulting 5 × 5 table (rows R, columns FM 1..5):
//!
//! ```text
//! R=5  New         Potential   Potential   Loyal       Champions
//! R=4  Promising   Potential   Potential   Loyal       Loyal
//! R=3  AboutSleep  AboutSleep  NeedAttn    Loyal       Loyal
//! R=2  Lost        Hibernating AtRisk      AtRisk      AtRisk
//! R=1  Lost        Lost        AtRisk      AtRisk      CantLose
//! ```

use serde::Serialize;

use super::profile::Profiles;

/// The named RFM segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Bought recently, often, and spent the most.
    Champions,
    /// Buy regularly and spend well.
    Loyal,
    /// Recent customers with average frequency and spend.
    PotentialLoyalists,
    /// Bought very recently, once or little.
    New,
    /// Recent, little so far.
    Promising,
    /// Average on every count, not very recent.
    NeedAttention,
    /// Below average, slipping away.
    AboutToSleep,
    /// Spent well and often, long ago.
    AtRisk,
    /// Were among the best, have not come back for a long time.
    CantLoseThem,
    /// Low spend, low frequency, not recent.
    Hibernating,
    /// Lowest on recency, frequency and spend.
    Lost,
}

/// All segments, in the order reports list them (best first).
pub const SEGMENTS: [Segment; 11] = [
    Segment::Champions,
    Segment::Loyal,
    Segment::PotentialLoyalists,
    Segment::New,
    Segment::Promising,
    Segment::NeedAttention,
    Segment::AboutToSleep,
    Segment::AtRisk,
    Segment::CantLoseThem,
    Segment::Hibernating,
    Segment::Lost,
];

/// The grid (module doc): `GRID[5 − R][FM − 1]`.
const GRID: [[Segment; 5]; 5] = {
    use Segment::*;
    [
        [New, PotentialLoyalists, PotentialLoyalists, Loyal, Champions],
        [Promising, PotentialLoyalists, PotentialLoyalists, Loyal, Loyal],
        [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
        [Lost, Hibernating, AtRisk, AtRisk, AtRisk],
        [Lost, Lost, AtRisk, AtRisk, CantLoseThem],
    ]
};

impl Segment {
    /// The segment of scores `r`, `f`, `m` (each 1..=5; out-of-range values are clamped).
    pub fn of(r: u8, f: u8, m: u8) -> Segment {
        let (r, f, m) = (r.clamp(1, 5), f.clamp(1, 5), m.clamp(1, 5));
        let fm = (f + m).div_ceil(2);
        GRID[(5 - r) as usize][(fm - 1) as usize]
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalists => "Potential loyalists",
            Segment::New => "New",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::AtRisk => "At risk",
            Segment::CantLoseThem => "Can't lose them",
            Segment::Hibernating => "Hibernating",
            Segment::Lost => "Lost",
        }
    }

    /// The segment group the Overview stacks it in: `best` (champions, loyal), `growing` (potential
    /// loyalists, new, promising), `attention` (need attention, about to sleep, at risk, can't lose them) or
    /// `lost` (hibernating, lost).
    pub fn group(self) -> &'static str {
        match self {
            Segment::Champions | Segment::Loyal => "best",
            Segment::PotentialLoyalists | Segment::New | Segment::Promising => "growing",
            Segment::NeedAttention | Segment::AboutToSleep | Segment::AtRisk | Segment::CantLoseThem => "attention",
            Segment::Hibernating | Segment::Lost => "lost",
        }
    }

    /// What the segment means, in one line.
    pub fn meaning(self) -> &'static str {
        match self {
            Segment::Champions => "bought very recently, buy often and spend the most",
            Segment::Loyal => "buy regularly and spend well; respond to recognition",
            Segment::PotentialLoyalists => "recent customers with average frequency and spend",
            Segment::New => "bought very recently, for the first time or little",
            Segment::Promising => "fairly recent, little bought so far",
            Segment::NeedAttention => "average recency, frequency and spend; may slip",
            Segment::AboutToSleep => "below average and not recent; about to be lost",
            Segment::AtRisk => "spent well and often, but long ago",
            Segment::CantLoseThem => "were among the best customers and have not come back for a long time",
            Segment::Hibernating => "low spend and frequency, last purchase long ago",
            Segment::Lost => "lowest recency, frequency and spend",
        }
    }

    /// A suggested action.
    pub fn action(self) -> &'static str {
        match self {
            Segment::Champions => "reward them; ask for reviews and referrals; offer new products first",
            Segment::Loyal => "upsell higher-value products; loyalty programme",
            Segment::PotentialLoyalists => "offer membership or a loyalty programme; recommend related items",
            Segment::New => "onboard well: welcome series, early support",
            Segment::Promising => "build awareness: brand content, a first-repeat incentive",
            Segment::NeedAttention => "limited-time offers based on past purchases",
            Segment::AboutToSleep => "reactivate with popular products and discounts",
            Segment::AtRisk => "personal win-back messages and offers",
            Segment::CantLoseThem => "win them back with the strongest offer; talk to them",
            Segment::Hibernating => "offer relevant products and special discounts; do not over-spend",
            Segment::Lost => "try one reactivation campaign, else leave them out of campaigns",
        }
    }
}

/// Scores `1..=5` by quintiles of the rank (module doc): ascending `values`, ties by `tie` (distinct
/// per element), score `⌊5·rank/n⌋ + 1`. NaN values rank below every number.
pub fn quintile_scores(values: &[f64], tie: &[u32]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    let key = |i: u32| {
        let v = values[i as usize];
        (if v.is_nan() { f64::NEG_INFINITY } else { v }, tie.get(i as usize).copied().unwrap_or(i))
    };
    order.sort_unstable_by(|&a, &b| {
        let (va, ta) = key(a);
        let (vb, tb) = key(b);
        va.total_cmp(&vb).then(ta.cmp(&tb)).then(a.cmp(&b))
    });
    let mut scores = vec![0u8; n];
    for (rank, &i) in order.iter().enumerate() {
        scores[i as usize] = (5 * rank / n) as u8 + 1;
    }
    scores
}

/// Scores and segment of every profile row.
#[derive(Debug, Clone, Default)]
pub struct RfmScores {
    /// Recency score per row (5 = most recent).
    pub r: Vec<u8>,
    /// Frequency score per row.
    pub f: Vec<u8>,
    /// Monetary score per row.
    pub m: Vec<u8>,
    /// Segment per row.
    pub segment: Vec<Segment>,
}

/// Scores every customer.
pub fn scores(p: &Profiles) -> RfmScores {
    let rec: Vec<f64> = p.rows.iter().map(|c| -(c.recency_days as f64)).collect();
    let fre: Vec<f64> = p.rows.iter().map(|c| c.frequency as f64).collect();
    let mon: Vec<f64> = p.rows.iter().map(|c| c.monetary).collect();
    let r = quintile_scores(&rec, &p.id_rank);
    let f = quintile_scores(&fre, &p.id_rank);
    let m = quintile_scores(&mon, &p.id_rank);
    let segment = (0..r.len()).map(|i| Segment::of(r[i], f[i], m[i])).collect();
    RfmScores { r, f, m, segment }
}

/// One segment's size and weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SegmentRow {
    /// Display name.
    pub name: &'static str,
    /// Stable key (snake case).
    pub key: Segment,
    /// Customers in the segment.
    pub customers: u64,
    /// Share of the customers.
    pub customer_share: f64,
    /// Revenue of the segment.
    pub revenue: f64,
    /// Share of the revenue.
    pub revenue_share: f64,
    /// One-line meaning.
    pub meaning: &'static str,
    /// Suggested action.
    pub action: &'static str,
}

/// One cell of the R × F grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GridCell {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Customers in the cell.
    pub customers: u64,
    /// Mean monetary value of those customers (0 when empty).
    pub mean_monetary: f64,
}

/// Segment table in [`SEGMENTS`] order (empty segments included, so the list is always the same 11 rows).
pub fn segment_table(p: &Profiles, s: &RfmScores) -> Vec<SegmentRow> {
    let mut count = [0u64; 11];
    let mut revenue = [0.0f64; 11];
    for (i, seg) in s.segment.iter().enumerate() {
        let k = SEGMENTS.iter().position(|x| x == seg).unwrap_or(10);
        count[k] += 1;
        revenue[k] += p.rows[i].monetary;
    }
    let n = s.segment.len() as f64;
    let total: f64 = revenue.iter().sum();
    SEGMENTS
        .iter()
        .enumerate()
        .map(|(k, &seg)| SegmentRow {
            name: seg.name(),
            key: seg,
            customers: count[k],
            customer_share: share(count[k] as f64, n),
            revenue: revenue[k],
            revenue_share: share(revenue[k], total),
            meaning: seg.meaning(),
            action: seg.action(),
        })
        .collect()
}

/// The R × F grid: 25 cells, R from 5 down to 1, F from 1 up to 5 within each R.
pub fn grid(p: &Profiles, s: &RfmScores) -> Vec<GridCell> {
    let mut count = [[0u64; 5]; 5];
    let mut sum = [[0.0f64; 5]; 5];
    for i in 0..s.r.len() {
        let (r, f) = (s.r[i].clamp(1, 5) as usize - 1, s.f[i].clamp(1, 5) as usize - 1);
        count[r][f] += 1;
        sum[r][f] += p.rows[i].monetary;
    }
    let mut cells = Vec::with_capacity(25);
    for r in (0..5).rev() {
        for f in 0..5 {
            let c = count[r][f];
            cells.push(GridCell {
                r: r as u8 + 1,
                f: f as u8 + 1,
                customers: c,
                mean_monetary: if c > 0 { sum[r][f] / c as f64 } else { 0.0 },
            });
        }
    }
    cells
}

/// `part / whole`, 0 when the whole is not positive.
pub(crate) fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_of_ten_values() {
        // Ranks 0..9: floor(5·r/10) + 1 = 1 1 2 2 3 3 4 4 5 5.
        let v: Vec<f64> = (0..10).map(|x| x as f64 * 10.0).rev().collect();
        let tie: Vec<u32> = (0..10).collect();
        assert_eq!(quintile_scores(&v, &tie), vec![5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    }

    #[test]
    fn ties_straddle_by_id() {
        // Six equal values, ids in reverse: ranks by id 5..0, scores floor(5·r/6)+1 = 1 1 2 3 4 5 by rank.
        let v = [7.0; 6];
        let tie = [5, 4, 3, 2, 1, 0];
        assert_eq!(quintile_scores(&v, &tie), vec![5, 4, 3, 2, 1, 1]);
        assert_eq!(quintile_scores(&[], &[]), Vec::<u8>::new());
        assert_eq!(quintile_scores(&[f64::NAN, 1.0], &[0, 1]), vec![1, 3], "NaN ranks lowest");
    }

    #[test]
    fn grid_corners_and_rounding() {
        assert_eq!(Segment::of(5, 5, 5), Segment::Champions);
        assert_eq!(Segment::of(5, 4, 4), Segment::Loyal);
        assert_eq!(Segment::of(5, 1, 1), Segment::New);
        assert_eq!(Segment::of(4, 1, 1), Segment::Promising);
        assert_eq!(Segment::of(3, 3, 3), Segment::NeedAttention);
        assert_eq!(Segment::of(3, 1, 2), Segment::AboutToSleep, "FM = 1.5 rounds up to 2");
        assert_eq!(Segment::of(1, 5, 5), Segment::CantLoseThem);
        assert_eq!(Segment::of(1, 5, 4), Segment::CantLoseThem, "FM = 4.5 rounds up to 5");
        assert_eq!(Segment::of(2, 2, 2), Segment::Hibernating);
        assert_eq!(Segment::of(1, 1, 1), Segment::Lost);
        assert_eq!(Segment::of(2, 3, 3), Segment::AtRisk);
        assert_eq!(Segment::of(0, 9, 9), Segment::CantLoseThem, "clamped");
        // Every segment appears in the grid.
        for s in SEGMENTS {
            assert!(GRID.iter().flatten().any(|&g| g == s), "{s:?}");
        }
    }

    #[test]
    fn tiny_shop_scores_segments_and_grid() {
        let ds = crate::segment::profile::tests::shop();
        let p = crate::segment::profile::profiles(&ds, None).unwrap();
        let s = scores(&p);
        // Two customers: ranks 0 and 1 score 1 and floor(5/2)+1 = 3. c1 is more recent, more frequent and
        // spends more: 3 3 3 → FM 3, R 3 → Need attention; c2: 1 1 1 → Lost.
        assert_eq!((s.r.clone(), s.f.clone(), s.m.clone()), (vec![3, 1], vec![3, 1], vec![3, 1]));
        assert_eq!(s.segment, vec![Segment::NeedAttention, Segment::Lost]);
        let t = segment_table(&p, &s);
        assert_eq!(t.len(), 11);
        let need = t.iter().find(|r| r.key == Segment::NeedAttention).unwrap();
        assert_eq!((need.customers, need.revenue, need.revenue_share), (1, 22.0, 22.0 / 37.0));
        let g = grid(&p, &s);
        assert_eq!(g.len(), 25);
        assert_eq!((g[0].r, g[0].f), (5, 1));
        let cell = g.iter().find(|c| c.r == 1 && c.f == 1).unwrap();
        assert_eq!((cell.customers, cell.mean_monetary), (1, 15.0));
    }
}
