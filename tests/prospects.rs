//! Prospects that match and share of wallet (`clientela::audience::{prospects, wallet}`): hand-worked
//! fixtures for the deciles, expected values, reasons and every share-of-wallet figure; a seeded
//! simulation where the best customers' attributes are known by construction; the error cases; any
//! bytes as a prospects file; the commands.

use crate::common;

use clientela::audience::{
    self, CustomerTable, CustomersOptions, ProfileOptions, ProspectsOptions, ProspectsReport, Sales, WalletOptions, WalletReport, logistic,
};
use clientela::ingest::{IngestOptions, read_bytes};
use clientela::rng::Rng;
use proptest::prelude::*;

const SALES: &[u8] = include_bytes!("data/profile_sales.csv");
const WALLET_SALES: &[u8] = include_bytes!("data/wallet_sales.csv");
const WALLET_CUSTOMERS: &[u8] = include_bytes!("data/wallet_customers.csv");

fn table(bytes: &[u8]) -> CustomerTable {
    audience::read_customers(bytes, &CustomersOptions::default()).expect("the customers file reads")
}

fn rows(bytes: &[u8]) -> CustomerTable {
    audience::customers::read_rows(bytes, &CustomersOptions::default()).expect("the prospects file reads")
}

fn score(sales: &[u8], customers: &[u8], prospects: &[u8], options: &ProspectsOptions) -> Result<ProspectsReport, audience::AudienceError> {
    let (data, report) = read_bytes(sales, IngestOptions::default()).expect("the sales file reads");
    audience::prospects(Sales { data: &data, number: audience::number_format(&report) }, &table(customers), &rows(prospects), options)
}

/// The profile fixture's 20 customers (see `tests/profile.rs`: c01..c17 spend 1..17, c18 and c19 50,
/// c20 100; the best decile is {c20, c18}) with a tier: gold for c18, c19, c20, silver for the rest.
fn tiers() -> String {
    let mut s = String::from("customer_id,tier\n");
    for k in 1..=20 {
        s.push_str(&format!("c{k:02},{}\n", if k >= 18 { "gold" } else { "silver" }));
    }
    s
}

/// By hand, on the tier fixture. Every gold customer has one score, every silver one a lower one (gold
/// holds both best customers, so its coefficient is the higher). Customers by score, ties by id:
/// c18, c19, c20 (gold), then c01, c02, … (silver); deciles of ⌈20/10⌉ = 2: decile 1 = {c18, c19},
/// decile 2 = {c20, c01}.
/// - A gold prospect: no customer scores above it, rank 0, decile 1, expected value (50 + 50) / 2 = 50.
/// - A silver prospect: 3 customers score above it, rank 3, decile 2, expected value (100 + 1) / 2 = 50.5.
/// - Reasons: gold's coefficient is above the customers' average (3 gold, 17 silver), so a gold
///   prospect's reason is tier gold; silver's is below it, so a silver prospect has none.
/// - Platinum: no customer has it, so it sets no feature (counted), and the file has no id column
///   (prospects named 1, 2, 3).
#[test]
fn hand_worked_deciles_and_reasons() {
    let r = score(SALES, tiers().as_bytes(), b"tier,note\ngold,a\nsilver,b\nplatinum,c\n", &ProspectsOptions::default()).unwrap();
    assert_eq!((r.model.customers, r.model.best, r.model.features), (20, 2, 2));
    assert_eq!(r.prospect_ids, "row_number");
    let by_id = |id: &str| r.prospects.iter().find(|p| p.prospect == id).unwrap_or_else(|| panic!("prospect {id}"));
    let (gold, silver, platinum) = (by_id("1"), by_id("2"), by_id("3"));
    assert_eq!((gold.decile, gold.expected_value), (1, 50.0));
    assert_eq!((silver.decile, silver.expected_value), (2, 50.5));
    assert_eq!(gold.reasons.len(), 1);
    assert_eq!((gold.reasons[0].attribute.as_str(), gold.reasons[0].value.as_str()), ("tier", "gold"));
    assert!(silver.reasons.is_empty());
    assert!(gold.score > silver.score);
    // Platinum sets no feature: its score is the intercept's.
    assert!((platinum.score - logistic::sigmoid(r.model.intercept)).abs() < 1e-15);
    assert_eq!(r.unplaced_values, 1);
    // Highest score first.
    assert_eq!(r.prospects[0].prospect, "1");
    let codes: Vec<&str> = r.notes.iter().map(|n| n.code).collect();
    assert!(codes.contains(&"prospect_row_numbers") && codes.contains(&"prospects_unplaced") && codes.contains(&"few_best"), "{codes:?}");
    // The deciles: sizes 2, the first holds c18 and c19 (best: c18), the second c20 (best) and c01.
    assert_eq!(r.deciles.iter().map(|d| d.customers).collect::<Vec<_>>(), vec![2; 10]);
    assert_eq!((r.deciles[0].best, r.deciles[0].mean_value), (1, 50.0));
    assert_eq!((r.deciles[1].best, r.deciles[1].mean_value), (1, 50.5));
    // The hold-out: round(25 % of 2) = 1 best and round(25 % of 18) = 5 others.
    assert_eq!((r.validation.holdout_customers, r.validation.holdout_best, r.validation.training_customers), (6, 1, 14));
}

/// A seeded shop of 2,000 customers whose spend is `exp(3 + μ + 0.5 z)`, μ = region (north 0, south 0.8,
/// east 1.6) + channel (store 0, web 1.0); colour is noise. Being in the best decile is by construction
/// a rising function of μ alone. Returns the sales CSV, the customers CSV, each customer's μ and whether
/// it is among the 200 biggest spenders (the best decile, from the spends written).
fn simulated_shop(seed: u64) -> (String, String, Vec<f64>, Vec<bool>) {
    let mut rng = Rng::new(seed);
    let mut sales = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    let mut customers = String::from("customer_id,region,channel,colour\n");
    let mut mu = Vec::new();
    let mut spends = Vec::new();
    for k in 0..2000 {
        let (region, a) = [("north", 0.0), ("south", 0.8), ("east", 1.6)][rng.below(3) as usize];
        let (channel, b) = [("store", 0.0), ("web", 1.0)][rng.below(2) as usize];
        let colour = ["red", "blue", "green", "grey"][rng.below(4) as usize];
        let spend = (3.0 + a + b + 0.5 * rng.normal()).exp();
        sales.push_str(&format!("{k},A,1,2024-0{}-1{} 10:00,{spend:.2},k{k:04}\n", 1 + k % 9, k % 10));
        customers.push_str(&format!("k{k:04},{region},{channel},{colour}\n"));
        mu.push(a + b);
        spends.push((spend * 100.0).round() / 100.0);
    }
    let mut sorted = spends.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let best = spends.iter().map(|&s| s >= sorted[199]).collect();
    (sales, customers, mu, best)
}

/// Prospects, one per region × channel cell (and a colour), and the cell's μ.
const CELLS: [(&str, &str, f64); 6] = [
    ("north", "store", 0.0),
    ("south", "store", 0.8),
    ("north", "web", 1.0),
    ("east", "store", 1.6),
    ("south", "web", 1.8),
    ("east", "web", 2.6),
];

#[test]
fn simulation_with_known_best_attributes() {
    let (sales, customers, mu, best) = simulated_shop(16);
    let mut prospects = String::from("lead,region,channel,colour,source\n");
    for (k, (r, c, _)) in CELLS.iter().enumerate() {
        prospects.push_str(&format!("p{k},{r},{c},{},fair\n", ["red", "blue"][k % 2]));
    }
    let (data, report) = read_bytes(sales.as_bytes(), IngestOptions::default()).unwrap();
    let ct = table(customers.as_bytes());
    let opts = CustomersOptions { id_column: Some("lead".into()), ..Default::default() };
    let pt = audience::customers::read_rows(prospects.as_bytes(), &opts).unwrap();
    let r = audience::prospects(Sales { data: &data, number: audience::number_format(&report) }, &ct, &pt, &ProspectsOptions::default())
        .unwrap();
    assert_eq!(r.prospect_ids, "column");
    assert_eq!(r.shared_attributes.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["region", "channel", "colour"]);
    assert_eq!(r.prospects_only_attributes, ["source"]);
    assert_eq!((r.model.customers, r.model.best), (2000, 200));
    assert!(r.model.converged);

    // The ranking by construction: μ itself scores the customers as well as anything on these
    // attributes can. The best decile in the simulation is a function of μ and noise; the model's
    // hold-out AUC must come near μ's AUC over all customers (500 held out: a standard error of about
    // 0.02), and well above chance.
    assert_eq!(best.iter().filter(|&&b| b).count(), 200);
    let oracle = logistic::auc(&mu, &best).unwrap();
    let auc = r.validation.auc.unwrap();
    assert!(oracle > 0.85, "oracle {oracle}");
    assert!((auc - oracle).abs() < 0.06, "model {auc} vs μ {oracle}");
    assert!(!r.notes.iter().any(|n| n.code == "prospects_weak"));

    // Coefficients: east > south > north, web > store; colour, noise, near 0.
    let coef = |a: &str, v: &str| r.coefficients.iter().find(|c| c.attribute == a && c.value == v).unwrap().coefficient;
    assert!(coef("region", "east") > coef("region", "south") + 0.5 && coef("region", "south") > coef("region", "north") + 0.5);
    assert!(coef("channel", "web") > coef("channel", "store") + 0.5);
    for colour in ["red", "blue", "green", "grey"] {
        assert!(coef("colour", colour).abs() < 0.5, "{colour}: {}", coef("colour", colour));
    }
    // Prospects: cells whose μ differ by at least 0.6 in μ's order; the top one's reasons are region
    // east and channel web; expected values follow the customers' decile means.
    let score_of = |k: usize| r.prospects.iter().find(|p| p.prospect == format!("p{k}")).unwrap().score;
    for i in 0..6 {
        for j in 0..6 {
            if CELLS[j].2 - CELLS[i].2 >= 0.6 {
                assert!(score_of(j) > score_of(i), "{:?} above {:?}", CELLS[j], CELLS[i]);
            }
        }
    }
    let top = &r.prospects[0];
    assert_eq!(top.prospect, "p5");
    let reasons: Vec<(&str, &str)> = top.reasons.iter().map(|x| (x.attribute.as_str(), x.value.as_str())).collect();
    assert_eq!(&reasons[..2], [("region", "east"), ("channel", "web")]);
    assert_eq!(top.expected_value, r.deciles[top.decile as usize - 1].mean_value);
    assert!(r.deciles[0].mean_value > 3.0 * r.deciles[9].mean_value);
    assert!(r.deciles[0].best > r.deciles[9].best);
}

/// The same shop with the attributes shuffled away from the spend: nothing to separate, the AUC near
/// one half and the warning given.
#[test]
fn unrelated_attributes_warn() {
    let (sales, customers, ..) = simulated_shop(16);
    // Attributes drawn from another seed: independent of the spend by construction.
    let (_, other, ..) = simulated_shop(99);
    let other: String = other
        .lines()
        .zip(customers.lines())
        .map(|(o, c)| format!("{}{}\n", c.split(',').next().unwrap(), &o[o.find(',').unwrap()..]))
        .collect();
    let r = score(sales.as_bytes(), other.as_bytes(), b"region,channel\neast,web\n", &ProspectsOptions::default()).unwrap();
    let auc = r.validation.auc.unwrap();
    assert!(auc < 0.6, "{auc}");
    let weak = r.notes.iter().find(|n| n.code == "prospects_weak").expect("the warning");
    assert_eq!(weak.params["auc"], serde_json::json!(auc));
}

#[test]
fn errors() {
    // No shared attribute.
    let e = score(SALES, tiers().as_bytes(), b"age,note\n30,a\n", &ProspectsOptions::default()).unwrap_err();
    assert_eq!(clientela::error::ErrorCode::code(&e), "no_shared_attributes");
    assert!(e.to_string().contains("tier") && e.to_string().contains("age"), "{e}");
    // No best customer among the customers with attributes: the file holds c01..c10 only.
    let low: String = tiers().lines().take(11).map(|l| format!("{l}\n")).collect();
    let e = score(SALES, low.as_bytes(), b"tier,note\ngold,a\n", &ProspectsOptions::default()).unwrap_err();
    assert_eq!(clientela::error::ErrorCode::code(&e), "no_contrast");
    // More values to weigh than the model takes: the simulated shop's 2,000 customers with 21 shared
    // attributes of 60 values each, 51 bins each (50 values and "other values"): 1,071 > 1,024.
    let (sales, ..) = simulated_shop(16);
    let mut wide = String::from("customer_id");
    let mut leads = String::from("lead");
    for a in 0..21 {
        wide.push_str(&format!(",a{a}"));
        leads.push_str(&format!(",a{a}"));
    }
    leads.push_str("\nL1");
    for _ in 0..21 {
        leads.push_str(",v1");
    }
    leads.push('\n');
    wide.push('\n');
    for k in 0..2000 {
        wide.push_str(&format!("k{k:04}"));
        for a in 0..21 {
            wide.push_str(&format!(",v{}", (k + 7 * a) % 60));
        }
        wide.push('\n');
    }
    let e = score(sales.as_bytes(), wide.as_bytes(), leads.as_bytes(), &ProspectsOptions::default()).unwrap_err();
    assert_eq!(clientela::error::ErrorCode::code(&e), "too_many_features", "{e}");
    assert!(e.to_string().contains("1071"), "{e}");
    // A hold-out that is no share.
    let e = score(SALES, tiers().as_bytes(), b"tier,note\ngold,a\n", &ProspectsOptions { holdout: 1.0, ..Default::default() }).unwrap_err();
    assert_eq!(clientela::error::ErrorCode::code(&e), "bad_parameter");
    // An unreadable prospects file: nothing in it, a binary blob, one column only.
    assert_eq!(audience::customers::read_rows(b"tier\ngold\n", &CustomersOptions::default()).unwrap_err().code(), "one_column");
    assert!(audience::customers::read_rows(b"", &CustomersOptions::default()).is_err());
    assert!(audience::customers::read_rows(&[0u8, 159, 146, 150, 0, 0, 255], &CustomersOptions::default()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    /// Any bytes as a prospects file read or are refused with a typed error; what reads scores.
    #[test]
    fn any_bytes_as_a_prospects_file(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let customers = table(tiers().as_bytes());
        let (data, report) = read_bytes(SALES, IngestOptions::default()).unwrap();
        if let Ok(t) = audience::customers::read_rows(&bytes, &CustomersOptions::default()) {
            let r = audience::prospects(Sales { data: &data, number: audience::number_format(&report) }, &customers, &t, &ProspectsOptions::default());
            if let Ok(r) = r {
                prop_assert_eq!(r.prospects.len() as u64, t.summary.ids);
                prop_assert!(r.prospects.iter().all(|p| p.score > 0.0 && p.score < 1.0 && (1..=10).contains(&p.decile)));
            }
        }
    }

    /// Any bytes as a customers file with a survey column never panic the share of wallet.
    #[test]
    fn any_bytes_as_a_wallet_file(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(t) = audience::read_customers(&bytes, &CustomersOptions::default()) {
            let _ = wallet(WALLET_SALES, Some(&t), WalletOptions::default());
        }
    }
}

fn wallet(sales: &[u8], customers: Option<&CustomerTable>, w: WalletOptions) -> WalletReport {
    let (data, report) = read_bytes(sales, IngestOptions::default()).unwrap();
    let options = ProfileOptions { wallet: w, ..Default::default() };
    audience::profile(Sales { data: &data, number: audience::number_format(&report) }, customers, &options).unwrap().share_of_wallet
}

/// `wallet_sales.csv` and `wallet_customers.csv` by hand. Purchases in the 365 days before the as-of
/// date 2024-07-01 (from 2023-07-02, 2024 being a leap year): c1 100, c2 200, c3 300, c4 400, c5 50, c6 80, c7 500 (c1's 1,000
/// of 2023-01-10 is before). Surveyed spend: c1 1,000, c2 250, c3 3,000, c4 300, c5 100, c6 none,
/// c7 1,200. Shares: c1 0.1, c2 0.8, c3 0.1, c4 400/300 = 1.333 (over 100 %), c5 0.5, c7 500/1200 =
/// 0.41667. Values of the six surveyed, sorted: 50, 100, 200, 300, 400, 500 → median 250.
/// High value (≥ 250): c3, c4, c7. Cells: loyal {c4}; growth {c3 (headroom 2,700), c7 (700)};
/// convenience {c2 (0.8), c5 (0.5, at the split)}; low {c1}. Median share: (0.41667 + 0.5) / 2 = 11/24.
#[test]
fn share_of_wallet_by_hand() {
    let t = table(WALLET_CUSTOMERS);
    let w = wallet(WALLET_SALES, Some(&t), WalletOptions { period_days: Some(365), ..Default::default() });
    assert!(w.available);
    assert_eq!(w.column.as_deref(), Some("Category spend (12 months)"));
    let p = w.period.as_ref().unwrap();
    assert_eq!((p.basis, p.days, p.from.as_str(), p.to.as_str()), ("given", 365, "2023-07-02", "2024-06-30"));
    assert_eq!((w.customers_with_survey, w.customers_without_survey, w.over_100), (6, 1, 1));
    assert_eq!(w.value_split, Some(250.0));
    assert!((w.median_share.unwrap() - 11.0 / 24.0).abs() < 1e-15);
    let cells: Vec<(&str, u64)> = w.grid.iter().map(|c| (c.key, c.customers)).collect();
    assert_eq!(cells, [("loyal", 1), ("growth", 2), ("convenience", 2), ("low", 1)]);
    assert_eq!((w.grid[1].spend, w.grid[1].category_spend), (800.0, 4200.0));
    let ww: Vec<(&str, f64, f64)> = w.worth_winning.iter().map(|c| (c.customer.as_str(), c.share, c.headroom)).collect();
    assert_eq!(ww, [("c3", 0.1, 2700.0), ("c7", 500.0 / 1200.0, 700.0)]);
    assert_eq!(w.notes.iter().map(|n| n.code).collect::<Vec<_>>(), ["wallet_over_100"]);

    // The default period is the sales window (2023-01-10 to 2024-06-30): c1 spends 1,100 of a
    // surveyed 1,000 (share 1.1, over 100 %). Values sorted 50, 200, 300, 400, 500, 1,100 → median
    // 350: loyal {c1, c4}, growth {c7}, convenience {c2, c5}, low {c3}.
    let w = wallet(WALLET_SALES, Some(&t), WalletOptions::default());
    let p = w.period.as_ref().unwrap();
    assert_eq!((p.basis, p.days, p.from.as_str()), ("sales_window", 538, "2023-01-10"));
    assert_eq!((w.over_100, w.value_split), (2, Some(350.0)));
    let cells: Vec<(&str, u64)> = w.grid.iter().map(|c| (c.key, c.customers)).collect();
    assert_eq!(cells, [("loyal", 2), ("growth", 1), ("convenience", 2), ("low", 1)]);
    assert_eq!(w.worth_winning.iter().map(|c| c.customer.as_str()).collect::<Vec<_>>(), ["c7"]);

    // Chosen splits: value ≥ 100 and share ≥ 0.9 → loyal {c1 1.1, c4 1.33}, growth {c2 0.8, c3, c7},
    // convenience none, low {c5}.
    let w = wallet(WALLET_SALES, Some(&t), WalletOptions { value_split: Some(100.0), share_split: 0.9, ..Default::default() });
    let cells: Vec<(&str, u64)> = w.grid.iter().map(|c| (c.key, c.customers)).collect();
    assert_eq!(cells, [("loyal", 2), ("growth", 3), ("convenience", 0), ("low", 1)]);
}

/// Missing is said, never guessed: no customers file, or one without a survey column.
#[test]
fn share_of_wallet_missing() {
    let w = wallet(WALLET_SALES, None, WalletOptions::default());
    assert!(!w.available && w.grid.is_empty());
    assert_eq!(w.notes[0].code, "no_customers_file");
    let t = table(b"customer_id,city\nc1,Leeds\nc2,York\n");
    let w = wallet(WALLET_SALES, Some(&t), WalletOptions::default());
    assert!(!w.available && w.median_share.is_none());
    assert_eq!(w.notes[0].code, "no_wallet_column");
    assert_eq!(w.notes[0].params["columns"], serde_json::json!(["city"]));
    // A named column that is not there is a bad option.
    let (data, report) = read_bytes(WALLET_SALES, IngestOptions::default()).unwrap();
    let options = ProfileOptions { wallet: WalletOptions { column: Some("nope".into()), ..Default::default() }, ..Default::default() };
    let e = audience::profile(Sales { data: &data, number: audience::number_format(&report) }, Some(&t), &options).unwrap_err();
    assert_eq!(clientela::error::ErrorCode::code(&e), "bad_parameter");
}

/// The commands: `prospects` with JSON and its CSV, `profile` with the share-of-wallet section and the
/// worth-winning CSV.
#[test]
fn commands() {
    let dir = std::env::temp_dir().join(format!("clientela-prospects-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let customers = dir.join("tiers.csv");
    std::fs::write(&customers, tiers()).unwrap();
    let prospects = dir.join("prospects.csv");
    std::fs::write(&prospects, "tier,note\ngold,a\nsilver,b\n").unwrap();
    let csv = dir.join("scores.csv");
    let (c, p, o) = (customers.to_str().unwrap(), prospects.to_str().unwrap(), csv.to_str().unwrap());
    let out = common::cli(&["prospects", "tests/data/profile_sales.csv", "--customers", c, "--prospects", p, "--out", o, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["prospects"][0]["prospect"], "1");
    assert_eq!(json["prospects"][0]["expected_value"], 50.0);
    assert!(json["validation"]["auc"].is_number());
    let scores = std::fs::read_to_string(&csv).unwrap();
    let mut lines = scores.lines();
    assert_eq!(lines.next(), Some("prospect,score,decile,expected_value,reason_1,effect_1,reason_2,effect_2,reason_3,effect_3"));
    assert!(lines.next().unwrap().starts_with("1,"));
    let text = common::cli(&["prospects", "tests/data/profile_sales.csv", "--customers", c, "--prospects", p]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("ranks a group customer above another"), "{text}");

    let e = common::cli(&["prospects", "tests/data/profile_sales.csv", "--customers", c, "--prospects", "tests/data/nope.csv", "--json"]);
    assert!(!e.status.success());

    let ww = dir.join("ww.csv");
    let out = common::cli(&[
        "profile",
        "tests/data/wallet_sales.csv",
        "--customers",
        "tests/data/wallet_customers.csv",
        "--wallet-days",
        "365",
        "--wallet-out",
        ww.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["share_of_wallet"]["worth_winning"][0]["customer"], "c3");
    assert_eq!(std::fs::read_to_string(&ww).unwrap().lines().nth(1), Some("c3,300,3000,0.1,0,2700"));
    let text = common::cli(&["profile", "tests/data/wallet_sales.csv"]);
    assert!(String::from_utf8(text.stdout).unwrap().contains("missing: share of wallet needs a customers file"));
    std::fs::remove_dir_all(&dir).ok();
}
