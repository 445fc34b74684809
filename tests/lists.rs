//! Lists that act (issue 16, items 3 and 6): the platforms' layouts, hashing, best and worst customers,
//! on the hand-worked fixture `tests/data/lists_sales.csv` (five customers) and on random shops.
//!
//! The fixture by hand (Price × Quantity is what was paid; Discount is money taken off the line):
//!
//! | id | purchases          | monetary | returned | discount    | best-first place | contact in the file |
//! |----|--------------------|----------|----------|-------------|------------------|---------------------|
//! | C1 | 100 + 2 × 100      | 300      | 0        | 0           | 0                | Ann.Lee@Gmail.com, Ann Lee, +44 20 7946 0958, GB |
//! | C4 | 3 × 50             | 150      | 0        | 0           | 1                | dee@example.org, Dee, 0049 30 1234567, DE |
//! | C2 | 50                 | 50       | 40       | 0           | 2                | bob@example.com, Bob =Smith, 020 7946 0000, GB |
//! | C3 | 20                 | 20       | 0        | 80 of 100   | 3                | no e-mail, Cé Dias, BR |
//! | C5 | 10                 | 10       | 0        | 0           | 4                | eve@example.com, Eve "Ng, Jr.", +1 (616) 954-78 88, US |
//!
//! All revenue 530. Cost to serve `(low_value + returns_share + discount_share) / 3` with
//! `low_value = place / 4`: C1 0; C4 0.25/3 = 0.083333; C2 (0.5 + 40/90)/3 = 0.314815;
//! C3 (0.75 + 0.8)/3 = 0.516667; C5 1/3 = 0.333333. The deciles of five customers hold one each
//! (`⌈5/10⌉`): best = C1 (300, 300/530 = 0.566038 of revenue), worst = C3, its largest part the
//! discount (0.8 > 0.75).
//!
//! Layout sources (the module doc of `clientela::lists` has the full titles): Mailchimp Help "Format
//! guidelines for your import file"; Klaviyo Help "How to import a list of profiles"; Google Ads Help
//! "Customer Match data upload guidelines" (answer 7659867); Meta Marketing API "Custom Audiences"
//! hashing table. Digests below were computed with `printf %s VALUE | sha256sum` (GNU coreutils 9.1) on
//! the value normalised by hand as those documents say.

use crate::common;

use clientela::ingest::{IngestOptions, read_bytes};
use clientela::lists::{self, Layout, ListOptions, best_worst};
use clientela::segment::{SegmentOptions, segment};
use proptest::prelude::*;

const SALES: &str = include_str!("data/lists_sales.csv");
const CUSTOMERS: &str = include_str!("data/lists_customers.csv");

fn list_text(sales: &str, customers: Option<&str>, options: ListOptions) -> (String, lists::ListFile) {
    let (ds, _) = read_bytes(sales.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let table = customers.map(|c| clientela::audience::read_customers(c.as_bytes(), &Default::default()).unwrap());
    let file = lists::list(&ds, &s, table.as_ref(), &options, None).unwrap();
    (lists::csv_text(&file), file)
}

fn layout(l: Layout) -> ListOptions {
    ListOptions { layout: l, ..Default::default() }
}

#[test]
fn every_layout_by_hand() {
    // Best first (300, 150, 50, 20, 10); values as the file has them; "=Smith" gets its apostrophe,
    // phone numbers keep their "+"; "Ng, Jr." is quoted (RFC 4180).
    let rows = [
        ("C1", "Ann.Lee@Gmail.com", "Ann", "Lee", "+44 20 7946 0958", "GB"),
        ("C4", "dee@example.org", "Dee", "", "0049 30 1234567", "DE"),
        ("C2", "bob@example.com", "Bob", "'=Smith", "020 7946 0000", "GB"),
        ("C3", "", "Cé", "Dias", "", "BR"),
        ("C5", "eve@example.com", "Eve", "\"Ng, Jr.\"", "+1 (616) 954-78 88", "US"),
    ];
    let expect = |header: &str, row: &dyn Fn(&(&str, &str, &str, &str, &str, &str)) -> String| {
        let mut s = format!("{header}\n");
        for r in &rows {
            s.push_str(&row(r));
            s.push('\n');
        }
        s
    };
    let cases: [(Layout, String); 5] = [
        (
            Layout::Plain,
            expect("customer,email,first_name,last_name,phone,country,zip,tag", &|r| {
                format!("{},{},{},{},{},{},,all", r.0, r.1, r.2, r.3, r.4, r.5)
            }),
        ),
        (
            Layout::Mailchimp,
            expect("Email Address,First Name,Last Name,Phone Number,Country,Tags,Customer ID", &|r| {
                format!("{},{},{},{},{},all,{}", r.1, r.2, r.3, r.4, r.5, r.0)
            }),
        ),
        (
            Layout::Klaviyo,
            expect("Email,First Name,Last Name,Phone Number,Country,Zip Code,Segment,External ID", &|r| {
                format!("{},{},{},{},{},,all,{}", r.1, r.2, r.3, r.4, r.5, r.0)
            }),
        ),
        (
            Layout::Google,
            expect("Email,First Name,Last Name,Phone,Country,Zip,List,Customer ID", &|r| {
                format!("{},{},{},{},{},,all,{}", r.1, r.2, r.3, r.4, r.5, r.0)
            }),
        ),
        (
            Layout::Meta,
            expect("email,phone,fn,ln,zip,country,extern_id,list", &|r| format!("{},{},{},{},,{},{},all", r.1, r.4, r.2, r.3, r.5, r.0)),
        ),
    ];
    for (l, want) in cases {
        let (got, file) = list_text(SALES, None, layout(l));
        assert_eq!(got, want, "{l:?}");
        // No zip column in the file: said, never silently empty (Mailchimp's layout has no zip).
        let missing: Vec<String> = file
            .notes
            .iter()
            .filter(|n| n.code == "missing_columns")
            .flat_map(|n| n.params["missing"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(missing, if l == Layout::Mailchimp { Vec::<String>::new() } else { vec!["zip".to_string()] }, "{l:?}");
    }
}

#[test]
fn hashed_as_the_platforms_specify() {
    // Google, worst list (C3 only): first name "cé" and last name "dias" hashed, country plain.
    let o = ListOptions { layout: Layout::Google, hash: true, group: Some("worst".into()), ..Default::default() };
    let (got, _) = list_text(SALES, None, o);
    // sha256sum of "cé" and "dias".
    assert_eq!(
        got,
        "Email,First Name,Last Name,Phone,Country,Zip,List,Customer ID\n\
         ,c6f202244ac4466db60f18785e7bdc8dc313ed1e2e18847acbbb327ce63bdb87,d470eac94870d2f30148c2063ca54c90ae50401b8efd23f199bf56191be7cf22,,BR,,worst-cost-to-serve,C3\n"
    );
    // Google, everyone: C1's Gmail address loses its periods, its phone is E.164.
    let (got, file) = list_text(SALES, None, ListOptions { layout: Layout::Google, hash: true, ..Default::default() });
    let c1 = got.lines().nth(1).unwrap();
    // sha256sum of "annlee@gmail.com" and "+442079460958".
    assert!(c1.starts_with("16e202bdcd9646af11faa3a5a3b9c07a6303e9629583246f8208e43c529087de,"), "{c1}");
    assert!(c1.contains(",f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d,GB,"), "{c1}");
    // C2's "020 7946 0000" has no country code: counted, not guessed.
    let phones = file.notes.iter().find(|n| n.code == "phones_without_country_code").unwrap();
    assert_eq!(phones.params["count"], 1);

    // Meta with the customers file: its e-mail wins for C1 ("ann@crm.example"), fills C3's gap; every
    // identifier hashed, country too; extern_id plain.
    let (got, _) = list_text(SALES, Some(CUSTOMERS), ListOptions { layout: Layout::Meta, hash: true, ..Default::default() });
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!(lines[0], "email,phone,fn,ln,zip,country,extern_id,list");
    // sha256sum of "ann@crm.example", "442079460958" (Meta: digits with the country code), "ann", "lee", "gb".
    assert_eq!(
        lines[1],
        "1092816ad47e24f8da9927c628856b8cd209c65fbb99d9f5845c7038fc5eff9b,35e206e5dec4c89b9e8b71b8c32724a5bb518483ac5a20c6617d738375b3b823,\
         49915e0d7d4b402e3017d010bc1c0e83cac6c797d6c16e66340fe3268693a6a1,1508b697895abf03d55c3841f59236ab92c9ba6ba89795c8337fcf392fdee8b4,,\
         0b407281768f0e833afef47ed464b6571d01ca4d53c12ce5c51d1462f4ad6677,C1,all"
    );
    // C2: "=Smith" → "smith" (no punctuation), "020 7946 0000" → "2079460000" (leading zero dropped).
    assert!(lines[3].contains(",6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd,"), "{}", lines[3]);
    assert!(lines[3].contains(",5b49e646802848b92dafd8e68d8c1a2fefd64b6b3c9ea0a5a2b184958851b3c0,"), "{}", lines[3]);
    // C5: "+1 (616) 954-78 88" → "16169547888" (digits only with the country code, by hand); "Ng, Jr." → "ng jr".
    assert!(lines[5].contains("bb2fa2e6d2cea4746530c99686d0c7886ab2019875dca2d7e9e171c0e6ada00d"), "{}", lines[5]);
    assert!(lines[5].contains("d994d152fad8b5d03c864b2755ed37da536c0196365f893c363a779274048f5f"), "{}", lines[5]);
    // C3's e-mail came from the customers file (hashed: not empty any more).
    assert!(!lines[4].starts_with(','), "{}", lines[4]);

    // Mailchimp and Klaviyo need the address itself: hashing them is refused and says why.
    let (ds, _) = read_bytes(SALES.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let e = lists::list(&ds, &s, None, &ListOptions { layout: Layout::Mailchimp, hash: true, ..Default::default() }, None).unwrap_err();
    assert_eq!(e.option, "hash");
}

#[test]
fn best_and_worst_by_hand() {
    let (ds, _) = read_bytes(SALES.as_bytes(), IngestOptions::default()).unwrap();
    let s = segment(&ds, &SegmentOptions::default()).unwrap();
    let p = &s.profiles;
    let id = |row: usize| ds.customers.get(p.rows[row].customer).to_string();
    // The table in the module comment.
    let want =
        [("C1", 0.0, 0.0, 0.0), ("C2", 0.5, 40.0 / 90.0, 0.0), ("C3", 0.75, 0.0, 0.8), ("C4", 0.25, 0.0, 0.0), ("C5", 1.0, 0.0, 0.0)];
    let costs = best_worst::costs(p);
    for (row, c) in costs.iter().enumerate() {
        let w = want.iter().find(|w| w.0 == id(row)).unwrap();
        assert!(
            (c.low_value - w.1).abs() < 1e-12 && (c.returns_share - w.2).abs() < 1e-12 && (c.discount_share - w.3).abs() < 1e-12,
            "{} {c:?}",
            w.0
        );
        assert!((c.score - (w.1 + w.2 + w.3) / 3.0).abs() < 1e-12);
    }
    let best = best_worst::best_by_value(p);
    assert_eq!(best.len(), 1);
    assert_eq!(id(best[0].row), "C1");
    let r = best[0].reason.as_ref().unwrap();
    assert_eq!((r.code, r.params["rank"].as_u64(), r.params["value"].as_f64()), ("best_value", Some(1), Some(300.0)));
    assert_eq!(r.params["share"].as_f64(), Some(0.566038), "300 / 530 to 6 decimals");
    let worst = best_worst::worst_by_cost(p);
    assert_eq!(worst.len(), 1);
    assert_eq!(id(worst[0].row), "C3");
    let r = worst[0].reason.as_ref().unwrap();
    assert_eq!((r.code, r.params["discount_share"].as_f64(), r.params["score"].as_f64()), ("high_discounts", Some(0.8), Some(0.5167)));

    // Expected value: the top decile of what the model says, here given by hand (C5 valued most).
    let values = [("C1", Some(10.0), 0.2), ("C5", Some(99.0), 0.9), ("C2", None, 0.5), ("nobody", Some(1e9), 1.0)];
    let expected = best_worst::best_by_expected(&ds, p, values.iter().map(|&(i, v, a)| (i, v, a)));
    assert_eq!(expected.len(), 1, "⌈2/10⌉ of the two valued customers");
    assert_eq!(id(expected[0].row), "C5");
    // Without the model's values the list says so instead of guessing.
    let e = lists::list(&ds, &s, None, &ListOptions { group: Some("best_expected".into()), ..Default::default() }, None).unwrap_err();
    assert_eq!(e.option, "group");
}

#[test]
fn a_file_without_contact_columns_still_lists_its_customers() {
    let sales =
        "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,A,1,2024-01-02,5,17850\n2,A,1,2024-01-03,7,=cmd|' /C calc'!A0\n";
    let (got, file) = list_text(sales, None, layout(Layout::Mailchimp));
    assert_eq!(
        got,
        "Email Address,First Name,Last Name,Phone Number,Country,Tags,Customer ID\n,,,,,all,'=cmd|' /C calc'!A0\n,,,,,all,17850\n"
    );
    let n = file.notes.iter().find(|n| n.code == "missing_columns").unwrap();
    assert_eq!(n.params["missing"], serde_json::json!(["email", "first_name", "last_name", "phone", "country"]));
    // An empty group: the header and a note, never a silent empty file.
    let (got, file) = list_text(sales, None, ListOptions { group: Some("stage:lapsed".into()), ..Default::default() });
    assert_eq!(got, "customer,email,first_name,last_name,phone,country,zip,tag\n");
    assert!(file.notes.iter().any(|n| n.code == "empty_list"));
}

#[test]
fn customer_ids_that_are_emails_are_the_emails() {
    let sales = "Email,Date,Total\nann@example.com,2024-01-02,5\nbob@example.com,2024-01-03,7\n";
    let (got, file) = list_text(sales, None, layout(Layout::Klaviyo));
    assert_eq!(got.lines().nth(1), Some("bob@example.com,,,,,,all,bob@example.com"));
    assert_eq!(file.found[0].source, "customer_id");
}

#[test]
fn the_command_line_writes_the_same_bytes() {
    let dir = std::env::temp_dir().join(format!("clientela-lists-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("l.csv");
    let sales = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lists_sales.csv");
    let o = common::cli(&["list", sales, "--group", "segment:at_risk", "--format", "meta", "--hash", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (want, _) = list_text(
        SALES,
        None,
        ListOptions { group: Some("segment:at_risk".into()), layout: Layout::Meta, hash: true, ..Default::default() },
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    let o = common::cli(&["list", sales, "--group", "nonsense", "--out", "-", "--json"]);
    assert_eq!(o.status.code(), Some(2), "a bad group is a usage error");
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"option\":\"--group\""));
    let _ = std::fs::remove_dir_all(&dir);
}

fn shop(ids: &[String], names: &[String], lines: usize) -> String {
    let mut s = String::from("Order,Date,CustomerID,Amount,Email,First Name,Phone\n");
    for k in 0..lines {
        let c = k % ids.len();
        let id = ids[c].replace('"', "\"\"");
        let name = names[k % names.len()].replace('"', "\"\"");
        s.push_str(&format!("O{k},2024-0{}-1{},\"{id}\",{},\"{name}@x.io\",\"{name}\",\"{name}\"\n", 1 + k % 9, k % 10, 1 + (k * 7) % 50));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every listed customer appears exactly once, and no text cell of any layout begins with a character
    /// a spreadsheet runs (unless it is a phone number of digits and + ( ) - . / only).
    #[test]
    fn each_customer_once_and_every_cell_safe(
        ids in proptest::collection::vec("[=+@a-c0-9-][a-c0-9 =+-]{0,5}", 1..12),
        names in proptest::collection::vec("[=+@\\-a-z][a-z!|=]{0,4}", 1..5),
        lines in 1usize..40,
        group in prop::sample::select(vec!["all", "best", "worst", "stage:active", "stage:new", "segment:champions", "class:top"]),
        l in prop::sample::select(Layout::ALL.to_vec()),
        hash in any::<bool>(),
    ) {
        let mut ids: Vec<String> = ids.into_iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect();
        ids.sort();
        ids.dedup();
        prop_assume!(!ids.is_empty());
        let hash = hash && matches!(l, Layout::Google | Layout::Meta);
        let csv = shop(&ids, &names, lines);
        let Ok((ds, _)) = read_bytes(csv.as_bytes(), IngestOptions::default()) else { return Ok(()) };
        let Ok(s) = segment(&ds, &SegmentOptions::default()) else { return Ok(()) };
        let o = ListOptions { group: Some(group.into()), layout: l, hash, ..Default::default() };
        let file = lists::list(&ds, &s, None, &o, None).unwrap();
        let idcol = file.header.iter().position(|h| ["customer", "Customer ID", "External ID", "extern_id"].contains(&h.as_str())).unwrap();
        let mut seen = std::collections::HashSet::new();
        for r in &file.rows {
            prop_assert!(seen.insert(r[idcol].clone()), "{} twice", r[idcol]);
            for cell in r {
                let risky = matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
                prop_assert!(!risky || lists::phone_shaped(cell), "unsafe cell {cell:?}");
            }
        }
        // Exactly the group: its size is the segmentation's count (all, stage, segment, class) or a decile.
        let n = s.profiles.rows.len();
        let want = match group {
            "all" => n,
            "best" | "worst" => n.div_ceil(10),
            g => {
                let (by, v) = g.split_once(':').unwrap();
                clientela::segment::listing::customers(&ds, &s, &clientela::segment::listing::CustomerQuery {
                    by: by.parse().unwrap(),
                    value: Some(if by == "segment" { "Champions".into() } else { v.into() }),
                    offset: 0,
                    limit: 1000,
                }).unwrap().total
            }
        };
        prop_assert_eq!(file.rows.len(), want);
    }
}

#[test]
fn ids_keep_their_order_and_unknown_ones_are_counted() {
    let o = ListOptions {
        ids: Some(vec!["C5".into(), "nobody".into(), "C1".into(), "C5".into()]),
        tag: Some("churn-risk".into()),
        ..Default::default()
    };
    let (got, file) = list_text(SALES, None, o);
    let ids: Vec<&str> = got.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(ids, ["C5", "C1"], "in the order asked, each once");
    assert_eq!(file.notes.iter().find(|n| n.code == "unknown_ids").unwrap().params["count"], 1);
}

#[test]
fn the_churn_risk_list_is_the_lifetime_value_reports() {
    let dir = std::env::temp_dir().join(format!("clientela-churn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let shop = dir.join("shop.csv");
    // Large enough that more customers are at risk than the report lists (its first 500).
    assert!(common::cli(&["generate", "--rows", "60000", "--seed", "3", "-o", shop.to_str().unwrap()]).status.success());
    let out = dir.join("churn.csv");
    let o = common::cli(&["list", shop.to_str().unwrap(), "--group", "churn_risk", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let listed: Vec<String> =
        std::fs::read_to_string(&out).unwrap().lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    // The same list as `clientela clv --json`'s churn_risk.customers, in its order (largest risk first),
    // calibrated up to the last date as the list's defaults are (the day before the segmentation's as-of).
    let seg: serde_json::Value = serde_json::from_slice(&common::cli(&["segment", shop.to_str().unwrap(), "--json"]).stdout).unwrap();
    let as_of = chrono::NaiveDate::parse_from_str(seg["as_of"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let last = (as_of - chrono::Days::new(1)).to_string();
    let clv = common::cli(&["clv", shop.to_str().unwrap(), "--calibration-end", &last, "--json"]);
    let clv: serde_json::Value = serde_json::from_slice(&clv.stdout).unwrap();
    // The whole list, not only the report's first entries: every customer with a `risk_rank`, by it.
    let mut ranked: Vec<(u64, String)> = clv["customers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| Some((c["risk_rank"].as_u64()?, c["customer"].as_str().unwrap().to_string())))
        .collect();
    ranked.sort();
    let want: Vec<String> = ranked.into_iter().map(|(_, c)| c).collect();
    let head: Vec<String> =
        clv["churn_risk"]["customers"].as_array().unwrap().iter().map(|c| c["customer"].as_str().unwrap().to_string()).collect();
    assert!(want.len() > head.len(), "the file must put more customers at risk than the report lists ({})", head.len());
    assert_eq!(want[..head.len()], head[..], "the report's list is the whole list's head");
    assert_eq!(listed, want);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The top prospects as a list (issue 16, item 6), by hand on the prospects fixture of
/// `tests/prospects.rs` (`hand_worked_deciles_and_reasons`): on `profile_sales.csv` with tiers gold
/// (c18–c20) and silver, a gold prospect falls in the customers' score decile 1 with the reason
/// "tier = gold", a silver one in decile 2 with none. The prospects file is keyed by e-mail (its `email`
/// column is the prospect id), so the ids are the e-mails; its other contact columns are found by header.
/// Ann and Cy (gold, equal scores, file order) are the default list (decile 1); Bob (silver) joins with
/// two deciles. Digests: `printf %s ann@example.com | sha256sum` = 71d4f55f…, `printf %s 442079460000 |
/// sha256sum` (Meta: digits with the country code) = the phone's, `printf %s ann` = the first name's.
#[test]
fn top_prospects_in_every_layout_by_hand() {
    use clientela::audience::{self, Sales};
    use clientela::lists::prospects::{ProspectListOptions, prospect_list};
    let sales = include_bytes!("data/profile_sales.csv");
    let mut tiers = String::from("customer_id,tier\n");
    for k in 1..=20 {
        tiers.push_str(&format!("c{k:02},{}\n", if k >= 18 { "gold" } else { "silver" }));
    }
    let leads = "email,first_name,phone,tier\nann@example.com,Ann,+44 20 7946 0000,gold\nbob@example.com,Bob,020 7946 0001,silver\ncy@example.com,Cy,,gold\n";
    let (data, report) = read_bytes(sales, IngestOptions::default()).unwrap();
    let customers = audience::read_customers(tiers.as_bytes(), &Default::default()).unwrap();
    let prospects = audience::customers::read_rows(leads.as_bytes(), &Default::default()).unwrap();
    let r =
        audience::prospects(Sales { data: &data, number: audience::number_format(&report) }, &customers, &prospects, &Default::default())
            .unwrap();
    let text = |o: ProspectListOptions| lists::csv_text(&prospect_list(&prospects, &r, &o).unwrap());
    assert_eq!(
        text(ProspectListOptions::default()),
        "prospect,email,first_name,last_name,phone,country,zip,tag,reason\n\
         ann@example.com,ann@example.com,Ann,,+44 20 7946 0000,,,prospects-best,tier = gold\n\
         cy@example.com,cy@example.com,Cy,,,,,prospects-best,tier = gold\n"
    );
    assert_eq!(
        text(ProspectListOptions { layout: Layout::Mailchimp, deciles: 2, tag: Some("look, alike".into()), ..Default::default() }),
        "Email Address,First Name,Last Name,Phone Number,Country,Tags,Customer ID\n\
         ann@example.com,Ann,,+44 20 7946 0000,,look  alike,ann@example.com\n\
         cy@example.com,Cy,,,,look  alike,cy@example.com\n\
         bob@example.com,Bob,,020 7946 0001,,look  alike,bob@example.com\n"
    );
    assert_eq!(
        text(ProspectListOptions { layout: Layout::Klaviyo, top: Some(1), ..Default::default() }),
        "Email,First Name,Last Name,Phone Number,Country,Zip Code,Segment,External ID\n\
         ann@example.com,Ann,,+44 20 7946 0000,,,prospects-best,ann@example.com\n"
    );
    let meta =
        prospect_list(&prospects, &r, &ProspectListOptions { layout: Layout::Meta, hash: true, deciles: 2, ..Default::default() }).unwrap();
    assert_eq!(meta.header, ["email", "phone", "fn", "ln", "zip", "country", "extern_id", "list"]);
    assert_eq!(meta.rows[0][0], "71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476");
    assert_eq!(meta.rows[0][1], "38e62b3e091778f9214de3aa00ae498aa4b78433d73dec5977eb2ec1c8be4a69");
    assert_eq!(meta.rows[0][2], "49915e0d7d4b402e3017d010bc1c0e83cac6c797d6c16e66340fe3268693a6a1");
    assert_eq!(meta.rows[2][6], "bob@example.com", "extern_id is not hashed");
    let codes: Vec<&str> = meta.notes.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["missing_columns", "phones_without_country_code"], "no last name, country or zip; Bob's phone is local");
    assert_eq!(
        meta.found.iter().map(|f| (f.field.key(), f.source, f.column.as_str())).collect::<Vec<_>>(),
        [("email", "prospects", "email"), ("first_name", "prospects", "first_name"), ("phone", "prospects", "phone")]
    );
    // Ten deciles list every prospect; a bad count is an error naming the option.
    assert_eq!(prospect_list(&prospects, &r, &ProspectListOptions { deciles: 10, ..Default::default() }).unwrap().rows.len(), 3);
    for bad in [ProspectListOptions { deciles: 0, ..Default::default() }, ProspectListOptions { deciles: 11, ..Default::default() }] {
        assert_eq!(prospect_list(&prospects, &r, &bad).unwrap_err().option, "deciles");
    }
    assert_eq!(prospect_list(&prospects, &r, &ProspectListOptions { top: Some(0), ..Default::default() }).unwrap_err().option, "top");
    // The command line writes the same bytes.
    let dir = std::env::temp_dir().join(format!("clientela-prospect-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (t, l, out) = (dir.join("tiers.csv"), dir.join("leads.csv"), dir.join("list.csv"));
    std::fs::write(&t, &tiers).unwrap();
    std::fs::write(&l, leads).unwrap();
    let sales_path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/profile_sales.csv");
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let o = common::cli(&[
        "prospects",
        sales_path,
        "--customers",
        &path(&t),
        "--prospects",
        &path(&l),
        "--list-out",
        &path(&out),
        "--format",
        "meta",
        "--hash",
        "--deciles",
        "2",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), lists::csv_text(&meta));
    assert!(String::from_utf8_lossy(&o.stdout).contains("3 prospects listed as prospects-best (meta), hashed"));
    let _ = std::fs::remove_dir_all(&dir);
}
