//! The options of the segmentation ([`SegmentOptions`]), checked once, in one place, before any work:
//! [`SegmentOptions::resolve`] turns them into [`Resolved`] (defaults filled in) or a [`BadParameter`]
//! naming the option, the value and the range. Nothing is clamped: an option out of range is an error.
//! The one check that needs the data (the split date inside the window) is [`Resolved::check_split`].

use super::SegmentOptions;
use super::bands::{self, BandPeriod};
use super::concentration::ClassParams;
use super::kmeans::{ClusterOptions, MAX_K, MAX_RESTARTS};
use super::lifecycle::LifecycleParams;
use super::price::PriceParams;
use super::profile::Profiles;
use super::{AnalysisError, day_string};
use crate::error::BadParameter;
use crate::time::parse_day;

/// The segmentation's options with their defaults filled in, every range checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// As-of day, when given (else the day after the last date of the file).
    pub as_of: Option<i32>,
    /// Where the profitable classes are cut.
    pub classes: ClassParams,
    /// What spend bands measure.
    pub band_period: BandPeriod,
    /// Lower edges of the spend bands (the given ones or the period's ladder).
    pub band_edges: Vec<f64>,
    /// Whether the edges were given.
    pub custom_edges: bool,
    /// Split day of the band migration, when given.
    pub split: Option<i32>,
    /// Lifecycle rules.
    pub lifecycle: LifecycleParams,
    /// Price-sensitivity cut.
    pub price: PriceParams,
    /// Clustering options.
    pub clusters: ClusterOptions,
    /// Rule text, when not blank.
    pub rules: Option<String>,
    /// Trigger amount and window in days, when an amount is given.
    pub triggers: Option<(f64, u32)>,
}

/// Default window of the threshold triggers, in days.
pub const DEFAULT_TRIGGER_DAYS: u32 = 30;

impl SegmentOptions {
    /// Fills in the defaults and checks every option (see the module doc).
    pub fn resolve(&self) -> Result<Resolved, BadParameter> {
        let as_of = self.as_of.as_deref().map(parse_day).transpose()?;
        let classes = self.classes.unwrap_or_default();
        for (name, v) in [("classes.top_share", classes.top_share), ("classes.next_share", classes.next_share)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(BadParameter::new(name, v, "expected a share between 0 and 1"));
            }
        }
        let band_period = self.band_period.unwrap_or_default();
        let band_edges = match &self.band_edges {
            Some(e) => {
                bands::validate_edges(e)?;
                e.clone()
            }
            None => band_period.default_edges(),
        };
        let lifecycle = self.lifecycle.unwrap_or_default();
        lifecycle.validate()?;
        let price = self.price.unwrap_or_default();
        price.validate()?;
        let split = self.split_date.as_deref().map(|s| parse_day(s).map_err(|e| e.renamed("split_date"))).transpose()?;
        let clusters = self.clusters.clone().unwrap_or_default();
        check_clusters(&clusters)?;
        let triggers = match &self.triggers {
            Some(t) => match t.amount {
                Some(a) if !a.is_finite() => return Err(BadParameter::new("triggers.amount", a, "expected a finite amount, e.g. 1000")),
                Some(a) => Some((a, t.days.unwrap_or(DEFAULT_TRIGGER_DAYS))),
                None => None,
            },
            None => None,
        };
        let rules = self.rules.clone().filter(|r| !r.trim().is_empty());
        Ok(Resolved {
            as_of,
            classes,
            band_period,
            band_edges,
            custom_edges: self.band_edges.is_some(),
            split,
            lifecycle,
            price,
            clusters,
            rules,
            triggers,
        })
    }
}

/// The clustering's ranges: `2 <= k_min <= k_max <= MAX_K`, `1 <= restarts <= MAX_RESTARTS` (checked even
/// when clustering is off, so that a wrong option is said at once rather than when it is turned on).
fn check_clusters(c: &ClusterOptions) -> Result<(), BadParameter> {
    if !(2..=MAX_K).contains(&c.k_min) {
        return Err(BadParameter::new("clusters.k_min", c.k_min, format!("expected a smallest k from 2 to {MAX_K}")));
    }
    if !(c.k_min..=MAX_K).contains(&c.k_max) {
        let expected = format!("expected a largest k from k_min ({}) to {MAX_K}", c.k_min);
        return Err(BadParameter::new("clusters.k_max", c.k_max, expected));
    }
    if !(1..=MAX_RESTARTS).contains(&c.restarts) {
        return Err(BadParameter::new("clusters.restarts", c.restarts, format!("expected 1 to {MAX_RESTARTS} starts per k")));
    }
    Ok(())
}

impl Resolved {
    /// The split date must lie after the first date of the window and before the as-of date.
    pub fn check_split(&self, p: &Profiles) -> Result<(), AnalysisError> {
        if let (Some(d), Some(s), Some(a)) = (self.split, p.window_start_day, p.as_of_day)
            && !(d > s && d < a)
        {
            let expected = "expected a date after the first date of the window and before the as-of date";
            return Err(BadParameter::new("split_date", day_string(d), expected).into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters(k_min: usize, k_max: usize, restarts: usize) -> SegmentOptions {
        SegmentOptions { clusters: Some(ClusterOptions { k_min, k_max, restarts, ..Default::default() }), ..Default::default() }
    }

    /// k out of range used to be clamped silently (k_min 0 or 1 became 2, k_max below k_min became k_min,
    /// restarts 0 became 1 and 100 became 50); each is now an error that names the option and the range.
    #[test]
    fn cluster_options_out_of_range_say_the_range() {
        assert!(clusters(2, 10, 3).resolve().is_ok());
        assert!(clusters(2, MAX_K, MAX_RESTARTS).resolve().is_ok());
        let e = clusters(1, 10, 3).resolve().unwrap_err();
        assert_eq!((e.option, e.value.as_str()), ("clusters.k_min", "1"));
        assert_eq!(e.expected, "expected a smallest k from 2 to 20");
        let e = clusters(5, 3, 3).resolve().unwrap_err();
        assert_eq!((e.option, e.value.as_str()), ("clusters.k_max", "3"));
        assert_eq!(e.expected, "expected a largest k from k_min (5) to 20");
        let e = clusters(2, MAX_K + 1, 3).resolve().unwrap_err();
        assert_eq!(e.option, "clusters.k_max");
        let e = clusters(2, 10, 0).resolve().unwrap_err();
        assert_eq!((e.option, e.to_string().as_str()), ("clusters.restarts", "clusters.restarts = 0: expected 1 to 50 starts per k"));
        assert_eq!(clusters(2, 10, 51).resolve().unwrap_err().option, "clusters.restarts");
    }

    #[test]
    fn defaults_fill_in_and_dates_are_named() {
        let r = SegmentOptions::default().resolve().unwrap();
        assert_eq!((r.as_of, r.split, r.triggers, r.custom_edges), (None, None, None, false));
        assert_eq!(r.band_edges, BandPeriod::Month.default_edges());
        let o = SegmentOptions { split_date: Some("2011-02-30".into()), ..Default::default() };
        assert_eq!(o.resolve().unwrap_err().option, "split_date");
        let o = SegmentOptions { rules: Some("  ".into()), ..Default::default() };
        assert_eq!(o.resolve().unwrap().rules, None);
    }
}
