//! The defaults and presets the page's forms start from, sent by the core so that the page keeps no copy
//! of them: the RFM segments by group (the Overview's stacks), the lifecycle rules, the clustering
//! options, the credit-card rule preset and each analysis's options (the fields of [`FormDefaults`] say
//! whose). Where the page starts from other values than the command line, the analysis names them as the
//! page's preset (e.g. [`RulesOptions::page_preset`]). The binding hands them to the page once, when the
//! engine starts (`formDefaults()` in `src/wasm.rs`).

use serde::Serialize;

use crate::basket::RulesOptions;
use crate::clv::ClvOptions;
use crate::clv::params::HorizonDefaults;
use crate::compare::CompareOptions;
use crate::forecast::ForecastOptions;
use crate::forecast::params::MAX_HORIZON_MONTHS;
use crate::ingest::roles::{CHOOSABLE_ROLES, Role};
use crate::predict::PredictOptions;
use crate::predict::params::MAX_HORIZON_DAYS;
use crate::segment::kmeans::ClusterOptions;
use crate::segment::lifecycle::LifecycleParams;
use crate::segment::rfm::{SEGMENTS, Segment};
use crate::segment::rule_lang::CREDIT_CARD_PRESET;
use crate::sequence::SequenceOptions;

/// What the page's forms start from (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FormDefaults {
    /// The RFM segments by group, groups best first and segments in report order: `[group, [segment]]`
    /// pairs, from [`Segment::group`].
    pub segment_groups: Vec<(&'static str, Vec<Segment>)>,
    /// The lifecycle rules' defaults ([`LifecycleParams::default`]).
    pub lifecycle: LifecycleParams,
    /// The clustering's defaults ([`ClusterOptions::default`]).
    pub clusters: ClusterOptions,
    /// The rule text offered when the table has the credit-card fields ([`CREDIT_CARD_PRESET`]).
    pub credit_card_preset: &'static str,
    /// The Baskets view's options: what its first run sends (`min_support`, `min_confidence`) and what
    /// its form shows for options left unset ([`RulesOptions::page_preset`]).
    pub rules: RulesOptions,
    /// The Sequences view's options ([`SequenceOptions::page_preset`]).
    pub sequences: SequenceOptions,
    /// The Predict view's prediction options: the defaults written out ([`PredictOptions::written_out`]).
    pub predict: PredictOptions,
    /// The forecast's options (the Predict view's and the Overview's: [`ForecastOptions::default`]).
    pub forecast: ForecastOptions,
    /// The lifetime value's horizon in weeks and in days (the Value view's form, [`HorizonDefaults`]).
    pub clv_horizon: HorizonDefaults,
    /// The Value view's other options: the defaults written out ([`ClvOptions::written_out`]).
    pub clv: ClvOptions,
    /// The comparison's options: the period length the Overview starts from ([`CompareOptions::default`]).
    pub compare: CompareOptions,
    /// The largest horizons the core accepts, for the Predict view's fields: days of the prediction
    /// ([`MAX_HORIZON_DAYS`]) and months of the forecast ([`MAX_HORIZON_MONTHS`]).
    pub max_horizon: MaxHorizon,
    /// The column roles a user may choose, in the order the Data view's column editor lists them
    /// ([`CHOOSABLE_ROLES`]).
    pub roles: &'static [Role],
}

/// The largest horizons of the prediction and of the forecast.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MaxHorizon {
    /// Days ahead of a prediction.
    pub days: u32,
    /// Months ahead of a forecast.
    pub months: u32,
}

/// The defaults and presets of the page's forms.
pub fn form_defaults() -> FormDefaults {
    let mut segment_groups: Vec<(&'static str, Vec<Segment>)> = Vec::new();
    for s in SEGMENTS {
        match segment_groups.iter_mut().find(|(g, _)| *g == s.group()) {
            Some((_, members)) => members.push(s),
            None => segment_groups.push((s.group(), vec![s])),
        }
    }
    FormDefaults {
        segment_groups,
        lifecycle: LifecycleParams::default(),
        clusters: ClusterOptions::default(),
        credit_card_preset: CREDIT_CARD_PRESET,
        rules: RulesOptions::page_preset(),
        sequences: SequenceOptions::page_preset(),
        predict: PredictOptions::written_out(),
        forecast: ForecastOptions::default(),
        clv_horizon: HorizonDefaults::default(),
        clv: ClvOptions::written_out(),
        compare: CompareOptions::default(),
        max_horizon: MaxHorizon { days: MAX_HORIZON_DAYS, months: MAX_HORIZON_MONTHS },
        roles: &CHOOSABLE_ROLES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Value view's written-out options resolve as `{}` does (source: `ClvOptions::resolve`): the page
    /// shows the core's defaults, not its own.
    #[test]
    fn value_options_written_out_resolve_as_none_given() {
        let page = form_defaults().clv;
        assert!(
            page.discount_rate.is_some() && page.margin.is_some() && page.at_risk_value_share.is_some() && page.at_risk_p_alive.is_some()
        );
        assert_eq!(page.resolve(), ClvOptions::default().resolve());
    }

    /// The largest horizons are the ones the options accept, and one more is refused.
    #[test]
    fn largest_horizons_are_accepted_and_one_more_is_not() {
        let m = form_defaults().max_horizon;
        let days = |d| PredictOptions { horizon_days: Some(d), ..Default::default() }.resolve().is_ok();
        assert!(days(m.days) && !days(m.days + 1));
        let months = |n| ForecastOptions { horizon_months: n, ..Default::default() }.resolve().is_ok();
        assert!(months(m.months) && !months(m.months + 1));
    }

    /// The groups in the order the Overview stacks them, each segment once.
    #[test]
    fn segment_groups_cover_every_segment_once_best_first() {
        let d = form_defaults();
        let groups: Vec<&str> = d.segment_groups.iter().map(|(g, _)| *g).collect();
        assert_eq!(groups, ["best", "growing", "attention", "lost"]);
        let all: Vec<Segment> = d.segment_groups.iter().flat_map(|(_, m)| m.iter().copied()).collect();
        assert_eq!(all, SEGMENTS);
        let json = serde_json::to_string(&d.segment_groups).unwrap();
        assert!(json.starts_with(r#"[["best",["champions","loyal"]],["growing",["#), "{json}");
    }
}
