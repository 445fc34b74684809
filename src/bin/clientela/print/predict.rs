//! The readable text of the prediction: the windows, the back-test against the baselines, the gains and
//! calibration tables, the spend check, and the customers most likely to buy with their reasons.

use std::io::Write;

use clientela::predict::{PredictReport, Target};

/// Customers shown in the text (the JSON and the CSV hold them all).
const SHOWN: usize = 20;

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

/// `predict`.
pub fn predict(out: &mut impl Write, r: &PredictReport) -> std::io::Result<()> {
    let target = match r.target {
        Target::NextPurchase => "a purchase",
        Target::BestCustomer => "a place in the top revenue decile",
    };
    writeln!(out, "Predicts  the chance of {target} within {} days after {} (purchases before it only)", r.horizon_days, r.as_of)?;
    let t = &r.training;
    writeln!(
        out,
        "Learned   features at {}, labels up to {}: {} customers, {} positive ({:.1} %)",
        t.features_date,
        t.label_end,
        t.customers,
        t.positives,
        100.0 * t.rate
    )?;
    writeln!(out, "Model     {}", r.model.method)?;
    match &r.backtest {
        Some(b) => {
            writeln!(
                out,
                "\nBack-test one horizon earlier: learned at {}, checked on {} customers known at {} ({} positive)",
                b.training.features_date, b.validation.customers, b.validation.features_date, b.validation.positives
            )?;
            writeln!(out, "  {:<24} {:>7} {:>9} {:>7}", "", "AUC", "log loss", "Brier")?;
            let mut line = |name: &str, m: Option<&clientela::predict::backtest::Metrics>| {
                writeln!(
                    out,
                    "  {name:<24} {:>7} {:>9} {:>7}",
                    opt(m.and_then(|m| m.auc), 3),
                    opt(m.and_then(|m| m.log_loss), 3),
                    opt(m.and_then(|m| m.brier), 3)
                )
            };
            line("model", Some(&b.model))?;
            line("recency alone", Some(&b.recency))?;
            line("lifetime-value model", b.clv.as_ref())?;
            writeln!(out, "\n  Decile  Customers  Mean p  Positive   Rate   Lift   Gain")?;
            for g in &b.gains {
                writeln!(
                    out,
                    "  {:>6} {:>10} {:>7.3} {:>9} {:>6.3} {:>6} {:>6}",
                    g.decile,
                    g.customers,
                    g.mean_probability,
                    g.positives,
                    g.rate,
                    opt(g.lift, 2),
                    g.cumulative_gain.map_or_else(|| "-".into(), |v| format!("{:.0} %", 100.0 * v))
                )?;
            }
            writeln!(out, "\n  Calibration  Customers  Predicted  Observed")?;
            for c in &b.calibration {
                writeln!(out, "  {:.1}–{:.1} {:>12} {:>10.3} {:>9.3}", c.from, c.to, c.customers, c.mean_probability, c.observed_rate)?;
            }
            let s = &b.spend;
            writeln!(out, "\n  Spend in the window: actual {:.2}", s.actual_total)?;
            for (name, e) in [("model", &s.model), ("lifetime-value model", &s.clv)] {
                match e {
                    Some(e) => writeln!(
                        out,
                        "  {name:<22} predicted {:.2}, error per customer {:.2} (RMSE {:.2})",
                        e.predicted_total, e.mae, e.rmse
                    )?,
                    None => writeln!(out, "  {name:<22} -")?,
                }
            }
        }
        None => writeln!(out, "\nNo back-test (see the warnings)")?,
    }
    writeln!(
        out,
        "\nScored    {} customers at {}: {:.1} expected to have {target}, expected spend {:.2}",
        r.customers_scored, r.as_of, r.expected_positives, r.expected_spend
    )?;
    writeln!(out, "\n  {:<16} {:>7} {:>10} {:>6}  Reasons", "Customer", "Chance", "Spend", "Decile")?;
    for c in r.customers.iter().take(SHOWN) {
        let reasons: Vec<String> = c.reasons.iter().map(clientela::predict::export::reason_text).collect();
        writeln!(
            out,
            "  {:<16} {:>6.1}% {:>10.2} {:>6}  {}",
            c.customer,
            100.0 * c.probability,
            c.expected_spend,
            c.decile,
            reasons.join("; ")
        )?;
    }
    if r.lines_after_as_of > 0 {
        writeln!(out, "\n{} lines dated on or after {} were left out", r.lines_after_as_of, r.as_of)?;
    }
    for w in &r.warnings {
        writeln!(out, "Warning: {}", w.text())?;
    }
    Ok(())
}
