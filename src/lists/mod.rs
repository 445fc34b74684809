//! Lists that act: any group of customers (an RFM segment, a cluster, a lifecycle stage, a rule label, a
//! spend band, a profitable class, the best or worst customers, or any ids such as a churn-risk list) as a
//! CSV file in the column layout an e-mail or advertising platform imports, with a tag column naming the
//! list. Files only: nothing here sends anything anywhere.
//!
//! In phases:
//! 1. [`contact`]: which columns hold e-mail, first and last name, phone, country and postal code, and each
//!    customer's first non-empty value;
//! 2. the group ([`ListGroup`], [`members`]): the customers in list order, each at most once, best and worst
//!    with their reason ([`best_worst`]);
//! 3. the layout ([`Layout`], [`build`]): the platform's header, values as the file has them or, with
//!    `hash`, normalised ([`normalize`]) and SHA-256 hashed ([`sha256`]) as the ad platforms specify.
//!
//! Layouts and their documented import columns (as of 2026):
//! - `mailchimp`: `Email Address, First Name, Last Name, Phone Number, Country, Tags, Customer ID`. Mailchimp
//!   Help, "Format guidelines for your import file" and "Import contacts to Mailchimp": the e-mail column is
//!   required, other columns map to audience fields, a `Tags` column's comma-separated values become tags
//!   (a comma in the list's name becomes a space, so the list is one tag).
//! - `klaviyo`: `Email, First Name, Last Name, Phone Number, Country, Zip Code, Segment, External ID`.
//!   Klaviyo Help, "How to create and add subscribers to a new list" (article 115005078967, re-read in
//!   December 2026: the first column's header is `Email`, `Email Address` or `Phone Number`; other columns
//!   in any order, Klaviyo property names map to its properties, other names become custom properties)
//!   and "Guide to importing and exporting profile properties": `Segment` is a custom property;
//!   `External ID` is Klaviyo's own identifier field.
//! - `google`: `Email, First Name, Last Name, Phone, Country, Zip, List, Customer ID`. Google Ads Help,
//!   "Format your customer data file" (answer 7659867), "Formatting guidelines for uploading plain text
//!   data" (answer 7475964) and the Customer Match CSV template: headers `Email, Phone, First Name, Last
//!   Name, Country, Zip` in English; e-mail, phone, first
//!   name and last name hashed with SHA-256 after normalisation; country and zip never hashed. Google's
//!   uploader takes only those six headers: `List` and `Customer ID` (which list, which customer) are to
//!   be deleted before uploading.
//! - `meta`: `email, phone, fn, ln, zip, country, extern_id, list`. Meta Business Help, "How to format a
//!   customer list when creating a custom audience" (article 2082575038703844, re-read in December 2026:
//!   column headers `email`, `phone`, `fn`, `ln`, `zip`, `ct`, `st`, `country`…; phone numbers need their
//!   country code) and the Marketing API's "Custom Audiences" hashing table (`EXTERN_ID`, not hashed):
//!   every identifier hashed after normalisation except `extern_id`; choose "do not upload" for `list`
//!   (the help page asks to leave internal codes out of what is uploaded).
//! - `plain`: `customer, email, first_name, last_name, phone, country, zip, tag` and `reason` for best and
//!   worst lists, values as the file has them (`prospect` instead of `customer` for top prospects,
//!   [`prospects`]).
//!
//! `hash` applies to `google` and `meta` only (Mailchimp and Klaviyo send e-mail, so they need the
//! address itself). Every text cell goes through [`safe_text`]: a value from the file that a spreadsheet
//! would run as a formula gets a leading apostrophe, except a phone number written with digits, spaces and
//! `+ ( ) - . /` only ([`phone_shaped`]: nothing in it can run, and the platforms need its `+`). Hashes are
//! hex and never begin with such a character.
//!
//! Notes (codes the page words; parameters in braces): `missing_columns` {`missing`: field keys such as
//! `["email", "phone"]`, `layout`}: the file has no such column, the list carries the customer id and the
//! columns it has; `empty_list` {`group`}: the group has no customers (the file still has its header);
//! `phones_without_country_code` {`count`}: hashed phones written without `+` or `00`, which the platforms
//! cannot match; `no_discount_column`: the worst list's cost to serve has no discount part;
//! `unknown_ids` {`count`}: ids asked for that are no customer with a purchase.

pub mod best_worst;
pub mod contact;
pub mod normalize;
pub mod prospects;
pub mod sha256;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::dataset::Dataset;
use crate::error::BadParameter;
use crate::notice::Notice;
use crate::segment::Segmentation;
use crate::segment::export::safe_text;
use crate::segment::listing::{GroupBy, group_of};
pub use contact::{Contacts, Field, contacts};
use normalize::Rules;

/// A platform's column layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ListLayout"))]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Our own names, the customer id first.
    #[default]
    Plain,
    /// Mailchimp audience import.
    Mailchimp,
    /// Klaviyo list import.
    Klaviyo,
    /// Google Ads Customer Match.
    Google,
    /// Meta custom audience (customer list).
    Meta,
}

impl Layout {
    /// Every layout.
    pub const ALL: [Layout; 5] = [Layout::Plain, Layout::Mailchimp, Layout::Klaviyo, Layout::Google, Layout::Meta];

    /// The JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Layout::Plain => "plain",
            Layout::Mailchimp => "mailchimp",
            Layout::Klaviyo => "klaviyo",
            Layout::Google => "google",
            Layout::Meta => "meta",
        }
    }

    /// The columns and their headers; `id_header` names the id column of the plain layout.
    fn columns(self, reasons: bool, id_header: &'static str) -> Vec<(Col, &'static str)> {
        use Col::*;
        let mut c = match self {
            Layout::Plain => vec![
                (Id, id_header),
                (F(Field::Email), "email"),
                (F(Field::FirstName), "first_name"),
                (F(Field::LastName), "last_name"),
                (F(Field::Phone), "phone"),
                (F(Field::Country), "country"),
                (F(Field::Zip), "zip"),
                (Tag, "tag"),
            ],
            Layout::Mailchimp => vec![
                (F(Field::Email), "Email Address"),
                (F(Field::FirstName), "First Name"),
                (F(Field::LastName), "Last Name"),
                (F(Field::Phone), "Phone Number"),
                (F(Field::Country), "Country"),
                (Tag, "Tags"),
                (Id, "Customer ID"),
            ],
            Layout::Klaviyo => vec![
                (F(Field::Email), "Email"),
                (F(Field::FirstName), "First Name"),
                (F(Field::LastName), "Last Name"),
                (F(Field::Phone), "Phone Number"),
                (F(Field::Country), "Country"),
                (F(Field::Zip), "Zip Code"),
                (Tag, "Segment"),
                (Id, "External ID"),
            ],
            Layout::Google => vec![
                (F(Field::Email), "Email"),
                (F(Field::FirstName), "First Name"),
                (F(Field::LastName), "Last Name"),
                (F(Field::Phone), "Phone"),
                (F(Field::Country), "Country"),
                (F(Field::Zip), "Zip"),
                (Tag, "List"),
                (Id, "Customer ID"),
            ],
            Layout::Meta => vec![
                (F(Field::Email), "email"),
                (F(Field::Phone), "phone"),
                (F(Field::FirstName), "fn"),
                (F(Field::LastName), "ln"),
                (F(Field::Zip), "zip"),
                (F(Field::Country), "country"),
                (Id, "extern_id"),
                (Tag, "list"),
            ],
        };
        if reasons && self == Layout::Plain {
            c.push((Reason, "reason"));
        }
        c
    }
}

impl std::str::FromStr for Layout {
    type Err = String;
    /// `plain`, `mailchimp`, `klaviyo`, `google` or `meta`.
    fn from_str(s: &str) -> Result<Layout, String> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_lowercase()))
            .map_err(|_| "expected plain, mailchimp, klaviyo, google or meta".into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Id,
    F(Field),
    Tag,
    Reason,
}

/// How to write a list. `{}` writes every customer in the plain layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct ListOptions {
    /// Which customers: see [`ListGroup::parse`] (default `all`).
    pub group: Option<String>,
    /// Customer ids to list instead of a group (a churn-risk or overdue list), in this order.
    pub ids: Option<Vec<String>>,
    /// The column layout.
    pub layout: Layout,
    /// SHA-256 of the normalised identifiers (`google` and `meta` only).
    pub hash: bool,
    /// The tag column's value (default: the group's name, e.g. `At risk`, `stage:lapsing`).
    pub tag: Option<String>,
}

/// One listed customer: a profile row and, for best and worst lists, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Row in the profile table.
    pub row: usize,
    /// Why the customer is listed.
    pub reason: Option<Notice>,
}

/// Which customers a list holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ListGroup {
    /// Every customer.
    All,
    /// A group of the per-customer list (`segment`, `cluster`, `rule`, `stage`, `band`, `class`) and its
    /// value as [`crate::segment::listing`] names it.
    By(GroupBy, String),
    /// The top revenue decile.
    Best,
    /// The top decile by expected value (CLV).
    BestExpected,
    /// The top decile by cost to serve.
    Worst,
}

const GROUP_EXPECTED: &str =
    "expected all, best, best_expected, worst, or segment:NAME, cluster:N, stage:NAME, rule:LABEL, band:LABEL, class:NAME";

fn slug(s: &str) -> String {
    s.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect()
}

impl ListGroup {
    /// `all`, `best`, `best_expected`, `worst`, or `KIND:VALUE` with a kind of the customer list
    /// (`segment:at_risk` or `segment:At risk`, `cluster:0` (0-based), `stage:lapsing`, `rule:Regular`,
    /// `band:10–25`, `class:top`).
    pub fn parse(s: &str) -> Result<ListGroup, BadParameter> {
        let bad = || BadParameter::new("group", s, GROUP_EXPECTED);
        match s.split_once(':') {
            None => match slug(s).as_str() {
                "all" | "" => Ok(ListGroup::All),
                "best" | "best_value" => Ok(ListGroup::Best),
                "best_expected" | "expected" => Ok(ListGroup::BestExpected),
                "worst" | "worst_cost" => Ok(ListGroup::Worst),
                _ => Err(bad()),
            },
            Some((kind, value)) => {
                let by: GroupBy = kind.trim().to_lowercase().parse().map_err(|_| bad())?;
                if by == GroupBy::All || value.trim().is_empty() {
                    return Err(bad());
                }
                Ok(ListGroup::By(by, value.trim().to_string()))
            }
        }
    }

    /// The default tag: `best`, `worst`, the segment's or rule's name, `stage-lapsing`, `cluster-1`
    /// (numbered from 1 as the page shows clusters).
    fn tag(&self) -> String {
        match self {
            ListGroup::All => "all".into(),
            ListGroup::Best => "best-value".into(),
            ListGroup::BestExpected => "best-expected-value".into(),
            ListGroup::Worst => "worst-cost-to-serve".into(),
            ListGroup::By(GroupBy::Cluster, v) => {
                format!("cluster-{}", v.parse::<u64>().map_or_else(|_| v.clone(), |k| (k + 1).to_string()))
            }
            // The segment as the report names it (`at_risk` and `At risk` both tag `At risk`).
            ListGroup::By(GroupBy::Segment, v) => crate::segment::rfm::SEGMENTS
                .iter()
                .map(|g| g.name())
                .find(|n| slug(n) == slug(v))
                .map_or_else(|| v.clone(), str::to_string),
            ListGroup::By(GroupBy::Rule, v) => v.clone(),
            ListGroup::By(by, v) => {
                format!("{}-{v}", serde_json::to_value(by).ok().and_then(|j| j.as_str().map(String::from)).unwrap_or_default())
            }
        }
    }
}

/// The members of a group in list order (best first: revenue descending, ties by customer id, as the
/// per-customer list), each at most once. `clv` gives `(id, clv, p_alive)` for `best_expected`; without it
/// that group is an error saying so.
pub fn members(
    ds: &Dataset,
    s: &Segmentation,
    group: &ListGroup,
    clv: Option<&mut dyn Iterator<Item = (&str, Option<f64>, f64)>>,
) -> Result<Vec<Listed>, BadParameter> {
    let p = &s.profiles;
    let best_first = |mut rows: Vec<usize>| {
        rows.sort_by(|&a, &b| p.rows[b].monetary.total_cmp(&p.rows[a].monetary).then(p.id_rank[a].cmp(&p.id_rank[b])));
        rows.into_iter().map(|row| Listed { row, reason: None }).collect()
    };
    Ok(match group {
        ListGroup::All => best_first((0..p.rows.len()).collect()),
        ListGroup::By(by, value) => {
            let want = if *by == GroupBy::Segment { slug(value) } else { value.clone() };
            best_first(
                (0..p.rows.len())
                    .filter(|&i| group_of(s, *by, i).is_some_and(|g| if *by == GroupBy::Segment { slug(&g) == want } else { g == want }))
                    .collect(),
            )
        }
        ListGroup::Best => best_worst::best_by_value(p),
        ListGroup::Worst => best_worst::worst_by_cost(p),
        ListGroup::BestExpected => match clv {
            Some(values) => best_worst::best_by_expected(ds, p, values),
            None => {
                return Err(BadParameter::new(
                    "group",
                    "best_expected",
                    "expected value needs the lifetime-value model, which this list was not given: run the lifetime value first, or list best (by past value)",
                ));
            }
        },
    })
}

/// A list laid out, ready to write.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ListFile {
    /// The header row.
    pub header: Vec<String>,
    /// One row per listed customer.
    pub rows: Vec<Vec<String>>,
    /// The layout.
    pub layout: Layout,
    /// Whether identifiers are hashed.
    pub hashed: bool,
    /// The tag written in every row.
    pub tag: String,
    /// The contact columns used.
    pub found: Vec<contact::Found>,
    /// Notes (see the module doc).
    pub notes: Vec<Notice>,
}

/// Lays out `listed` in the options' layout.
pub fn build(
    ds: &Dataset,
    s: &Segmentation,
    contacts: &Contacts,
    listed: &[Listed],
    tag: &str,
    options: &ListOptions,
) -> Result<ListFile, BadParameter> {
    let p = &s.profiles;
    let entries: Vec<Entry> = listed
        .iter()
        .filter_map(|l| Some(Entry { contact: l.row, id: ds.customers.get(p.rows.get(l.row)?.customer), reason: l.reason.as_ref() }))
        .collect();
    let mut file = lay_out(contacts, &entries, p.rows.len(), "customer", tag, options)?;
    if !p.has_discount && listed.iter().any(|l| l.reason.as_ref().is_some_and(|r| matches!(r.code, "low_value" | "high_returns"))) {
        file.notes.push(Notice::plain(
            "no_discount_column",
            "the file has no discount column: the cost to serve counts low value and returns only",
        ));
    }
    Ok(file)
}

/// One row of a list: where its contact values are (index into [`Contacts`]), its id and why it is listed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    pub contact: usize,
    pub id: &'a str,
    pub reason: Option<&'a Notice>,
}

/// Lays out `entries` (contact indices below `n`, each written once) in the options' layout; `id_header`
/// names the id column of the plain layout.
pub(crate) fn lay_out(
    contacts: &Contacts,
    entries: &[Entry],
    n: usize,
    id_header: &'static str,
    tag: &str,
    options: &ListOptions,
) -> Result<ListFile, BadParameter> {
    let rules = match options.layout {
        Layout::Google => Some(Rules::Google),
        Layout::Meta => Some(Rules::Meta),
        _ => None,
    };
    if options.hash && rules.is_none() {
        return Err(BadParameter::new(
            "hash",
            options.layout.key(),
            "hashing applies to the google and meta layouts; Mailchimp and Klaviyo need the e-mail address itself",
        ));
    }
    let hash = options.hash.then_some(rules).flatten();
    let reasons = entries.iter().any(|e| e.reason.is_some());
    let columns = options.layout.columns(reasons, id_header);
    let tag_cell = if options.layout == Layout::Mailchimp { tag.replace(',', " ") } else { tag.to_string() };
    let mut notes = Vec::new();
    let missing: Vec<&str> =
        columns.iter().filter_map(|(c, _)| if let Col::F(f) = c { (!contacts.has(*f)).then_some(f.key()) } else { None }).collect();
    if !missing.is_empty() {
        notes.push(Notice::new(
            "missing_columns",
            &[("missing", json!(missing)), ("layout", json!(options.layout.key()))],
            format!("the file has no {} column: the list holds the customer id and the columns it has", missing.join(", ")),
        ));
    }
    let mut seen = vec![false; n];
    let mut rows = Vec::with_capacity(entries.len());
    let mut local_phones = 0u64;
    for e in entries {
        match seen.get_mut(e.contact) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let row = columns
            .iter()
            .map(|(c, _)| match c {
                Col::Id => safe_text(e.id).into_owned(),
                Col::Tag => safe_text(&tag_cell).into_owned(),
                Col::Reason => e.reason.map_or(String::new(), |r| safe_text(r.text()).into_owned()),
                Col::F(f) => {
                    let v = contacts.get(*f, e.contact);
                    match hash {
                        Some(r) if !v.is_empty() => {
                            if *f == Field::Phone && !normalize::phone_has_country_code(v) {
                                local_phones += 1;
                            }
                            hashed(*f, v, r)
                        }
                        _ if *f == Field::Phone && phone_shaped(v) => v.to_string(),
                        _ => safe_text(v).into_owned(),
                    }
                }
            })
            .collect();
        rows.push(row);
    }
    if rows.is_empty() {
        notes.push(Notice::new(
            "empty_list",
            &[("group", json!(tag))],
            format!("the list {tag} has no customers: the file holds the header only"),
        ));
    }
    if local_phones > 0 {
        notes.push(Notice::new(
            "phones_without_country_code",
            &[("count", json!(local_phones))],
            format!("phone numbers without a country code (+ or 00): {local_phones}; the platform cannot match them"),
        ));
    }
    Ok(ListFile {
        header: columns.iter().map(|(_, h)| h.to_string()).collect(),
        rows,
        layout: options.layout,
        hashed: hash.is_some(),
        tag: tag.to_string(),
        found: contacts.found.clone(),
        notes,
    })
}

/// Digits, spaces and `+ ( ) - . /` only, with a digit: a phone number written for people. Such a cell is
/// written as it is even when it begins with `+` or `-`: it cannot call anything in a spreadsheet (no
/// letters, no `!` or `|`), and the platforms need the `+` of the country code, which an apostrophe would
/// hide.
pub fn phone_shaped(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit()) && v.bytes().all(|b| b.is_ascii_digit() || b" +()-./".contains(&b))
}

/// One identifier, normalised by the platform's rules and hashed; country and zip stay plain for Google.
fn hashed(f: Field, v: &str, r: Rules) -> String {
    let norm = match f {
        Field::Email => normalize::email(v, r),
        Field::Phone => normalize::phone(v, r),
        Field::FirstName | Field::LastName => normalize::name(v, r),
        Field::Country | Field::Zip if r == Rules::Google => return safe_text(v.trim()).into_owned(),
        Field::Country | Field::Zip => normalize::compact(v),
    };
    if norm.is_empty() { String::new() } else { sha256::hex(&norm) }
}

/// The whole list of `options`: its group (or ids), contacts, layout. `clv` as for [`members`].
pub fn list(
    ds: &Dataset,
    s: &Segmentation,
    customers: Option<&crate::audience::CustomerTable>,
    options: &ListOptions,
    clv: Option<&mut dyn Iterator<Item = (&str, Option<f64>, f64)>>,
) -> Result<ListFile, BadParameter> {
    list_with(ds, s, customers, options, clv).map(|(f, _)| f)
}

fn list_with(
    ds: &Dataset,
    s: &Segmentation,
    customers: Option<&crate::audience::CustomerTable>,
    options: &ListOptions,
    clv: Option<&mut dyn Iterator<Item = (&str, Option<f64>, f64)>>,
) -> Result<(ListFile, Vec<Listed>), BadParameter> {
    let p = &s.profiles;
    let c = contacts(ds, p, customers);
    let (listed, tag, unknown) = match &options.ids {
        Some(ids) => {
            let mut row_of = vec![usize::MAX; ds.customers.len()];
            for (i, r) in p.rows.iter().enumerate() {
                row_of[r.customer as usize] = i;
            }
            let mut unknown = 0u64;
            let listed: Vec<Listed> = ids
                .iter()
                .filter_map(|id| {
                    let row = ds.customers.find(id).and_then(|k| row_of.get(k as usize).copied()).filter(|&r| r != usize::MAX);
                    unknown += row.is_none() as u64;
                    Some(Listed { row: row?, reason: None })
                })
                .collect();
            (listed, options.tag.clone().unwrap_or_else(|| "list".into()), unknown)
        }
        None => {
            let group = ListGroup::parse(options.group.as_deref().unwrap_or("all"))?;
            let listed = members(ds, s, &group, clv)?;
            (listed, options.tag.clone().unwrap_or_else(|| group.tag()), 0)
        }
    };
    let mut file = build(ds, s, &c, &listed, &tag, options)?;
    if unknown > 0 {
        file.notes.push(Notice::new(
            "unknown_ids",
            &[("count", json!(unknown))],
            format!("{unknown} ids are no customer with a purchase in the file and are not listed"),
        ));
    }
    Ok((file, listed))
}

/// What the page receives: the CSV text and what to say about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ListOut {
    /// The file.
    pub csv: String,
    /// Customers listed (rows below the header).
    pub customers: usize,
    /// The layout.
    pub layout: Layout,
    /// Whether identifiers are hashed.
    pub hashed: bool,
    /// The tag.
    pub tag: String,
    /// The contact columns used.
    pub found: Vec<contact::Found>,
    /// Notes (see the module doc).
    pub notes: Vec<Notice>,
    /// Best and worst lists: each customer's id and reason, in list order (empty for other lists).
    pub reasons: Vec<Reason>,
}

/// A listed customer's reason, for the page to word.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "ListReason"))]
pub struct Reason {
    /// Customer id.
    pub customer: String,
    /// Why.
    pub reason: Notice,
}

/// Like [`list`], with the CSV text and the reasons for the page.
pub fn list_out(
    ds: &Dataset,
    s: &Segmentation,
    customers: Option<&crate::audience::CustomerTable>,
    options: &ListOptions,
    clv: Option<&mut dyn Iterator<Item = (&str, Option<f64>, f64)>>,
) -> Result<ListOut, BadParameter> {
    let (file, listed) = list_with(ds, s, customers, options, clv)?;
    let reasons = listed
        .into_iter()
        .filter_map(|l| Some(Reason { customer: ds.customers.get(s.profiles.rows.get(l.row)?.customer).to_string(), reason: l.reason? }))
        .collect();
    Ok(ListOut::of(file, reasons))
}

impl ListOut {
    /// The page's form of a laid-out list, with the listed ids' reasons.
    pub fn of(file: ListFile, reasons: Vec<Reason>) -> ListOut {
        ListOut {
            csv: csv_text(&file),
            customers: file.rows.len(),
            layout: file.layout,
            hashed: file.hashed,
            tag: file.tag,
            found: file.found,
            notes: file.notes,
            reasons,
        }
    }
}

/// Writes the list as CSV (RFC 4180 quoting, line ends as the other exports of the core).
pub fn write_csv(out: impl std::io::Write, file: &ListFile) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&file.header)?;
    for r in &file.rows {
        w.write_record(r)?;
    }
    w.flush()
}

/// The list as CSV text.
pub fn csv_text(file: &ListFile) -> String {
    let mut buf = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_csv(&mut buf, file);
    String::from_utf8(buf).unwrap_or_default()
}
