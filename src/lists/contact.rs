//! Contact columns: which of the sales file's extra columns and the customers file's columns hold a
//! customer's e-mail, first and last name, phone, country and postal code, and each listed customer's
//! values.
//!
//! Columns are found by their header (lower case, letters and digits only): `email`, `emailaddress`,
//! `customeremail`, `courriel`, `correo`…; `firstname`, `givenname`, `vorname`, `prenom`, `nome`,
//! `nombre`; `lastname`, `surname`, `familyname`, `nachname`, `sobrenome`, `apellido`; `phone`,
//! `telephone`, `mobile`, `telefon`, `telefone`, `telefono`; `country`, `countrycode`, `land`, `pays`,
//! `pais`; `zip`, `postcode`, `postalcode`, `plz`, `cep`, `codigopostal`. Prefixes such as `billing` or
//! `shipping` are allowed (Shopify's `Billing Phone`, `Shipping Country`); the first matching column in
//! file order wins. When no column holds e-mails but the customer ids do (the ingest takes an `Email`
//! column as the customer id, [`crate::ingest::roles`]), the ids are the e-mails.
//!
//! A customer's value is the first non-empty one in file order, as for every attribute
//! ([`crate::segment::profile`]); a customers file's value wins over the sales file's (a CRM export is
//! where contact details are kept up to date), the sales file's fills its gaps.

use crate::audience::CustomerTable;
use crate::dataset::{Dataset, Interner, NONE};
use crate::segment::Profiles;

/// The contact fields a list can carry, in the order of [`Field::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// E-mail address.
    Email,
    /// First (given) name.
    FirstName,
    /// Last (family) name.
    LastName,
    /// Phone number.
    Phone,
    /// Country (name or code, as the file writes it).
    Country,
    /// Postal code.
    Zip,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 6] = [Field::Email, Field::FirstName, Field::LastName, Field::Phone, Field::Country, Field::Zip];

    /// The JSON key (`email`, `first_name`…).
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Phone => "phone",
            Field::Country => "country",
            Field::Zip => "zip",
        }
    }

    /// Whether a header (lower case, letters and digits only) names this field.
    fn matches(self, h: &str) -> bool {
        let h = ["billing", "shipping", "customer", "contact", "buyer", "primary", "default"]
            .iter()
            .find_map(|p| h.strip_prefix(p).filter(|r| !r.is_empty()))
            .unwrap_or(h);
        let any = |words: &[&str]| words.contains(&h);
        match self {
            Field::Email => any(&[
                "email",
                "emailaddress",
                "mail",
                "courriel",
                "adressemail",
                "adresseemail",
                "correo",
                "correoelectronico",
                "emailadresse",
            ]),
            Field::FirstName => any(&[
                "firstname",
                "givenname",
                "fname",
                "forename",
                "vorname",
                "prenom",
                "nome",
                "primeironome",
                "nombre",
                "jmeno",
                "imya",
            ]),
            Field::LastName => any(&[
                "lastname",
                "surname",
                "familyname",
                "lname",
                "nachname",
                "nomdefamille",
                "sobrenome",
                "apellido",
                "apellidos",
                "prijmeni",
                "familiya",
            ]),
            Field::Phone => any(&[
                "phone",
                "phonenumber",
                "telephone",
                "tel",
                "mobile",
                "mobilephone",
                "cellphone",
                "cell",
                "telefon",
                "telefone",
                "telefono",
                "celular",
                "handy",
            ]),
            Field::Country => any(&["country", "countrycode", "land", "pays", "pais", "countryname"]),
            Field::Zip => any(&["zip", "zipcode", "postcode", "postalcode", "plz", "postleitzahl", "cep", "codigopostal", "codepostal"]),
        }
    }
}

/// Lower case, letters and digits only (`E-Mail Address` → `emailaddress`), accents folded for the
/// few words above that carry them (`Prénom`, `País`, `Código postal`).
fn header_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ě' => 'e',
            'í' | 'î' | 'ï' => 'i',
            'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
            'ř' => 'r',
            'ç' => 'c',
            'ý' => 'y',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Where a field's values were found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Found {
    /// The field.
    pub field: Field,
    /// `sales`, `customers`, `prospects`, or `customer_id` (the ids are e-mails).
    pub source: &'static str,
    /// The column's header.
    pub column: String,
}

/// The listed customers' contact values: per field, one value per profile row (empty when not given).
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    /// Values per field in [`Field::ALL`] order; `None` when no column holds the field.
    pub values: [Option<Vec<String>>; 6],
    /// Which columns were used (a field may come from both files).
    pub found: Vec<Found>,
}

impl Contacts {
    /// The value of `field` for profile row `i` (empty when not given or not found).
    pub fn get(&self, field: Field, i: usize) -> &str {
        self.values[field as usize].as_ref().and_then(|v| v.get(i)).map_or("", String::as_str)
    }

    /// Whether some column holds `field`.
    pub fn has(&self, field: Field) -> bool {
        self.values[field as usize].is_some()
    }
}

fn first_match<'a>(field: Field, names: impl Iterator<Item = (usize, &'a str)>) -> Option<(usize, &'a str)> {
    names.into_iter().find(|(_, n)| field.matches(&header_key(n)))
}

/// The contact values of every profile row, from the sales file's attributes and, when given, a customers
/// file joined by id.
pub fn contacts(ds: &Dataset, p: &Profiles, customers: Option<&CustomerTable>) -> Contacts {
    let n = p.rows.len();
    let mut c = Contacts::default();
    let joined = customers.map(|t| (t, crate::audience::customers::join(t, p.rows.iter().map(|r| ds.customers.get(r.customer))).0));
    for field in Field::ALL {
        let mut values: Option<Vec<String>> = None;
        let fill = |vals: &mut Option<Vec<String>>, get: &dyn Fn(usize) -> Option<String>| {
            let v = vals.get_or_insert_with(|| vec![String::new(); n]);
            for (i, slot) in v.iter_mut().enumerate() {
                if slot.is_empty()
                    && let Some(s) = get(i)
                {
                    *slot = s;
                }
            }
        };
        if let Some((t, rows)) = &joined
            && let Some((k, name)) = first_match(field, t.columns.iter().map(|c| c.name.as_str()).enumerate())
        {
            let col = &t.columns[k];
            let get = |i: usize| value(&col.dict, rows.get(i).and_then(|&r| col.first.get(r as usize)).copied());
            fill(&mut values, &get);
            c.found.push(Found { field, source: "customers", column: name.to_string() });
        }
        if let Some((k, name)) = first_match(field, p.attributes.iter().map(|a| a.name.as_str()).enumerate())
            && let (Some(attr), Some(col)) = (p.attributes.get(k), ds.attributes.get(k))
        {
            let get = |i: usize| value(&col.dict, attr.values.get(i).copied());
            fill(&mut values, &get);
            c.found.push(Found { field, source: "sales", column: name.to_string() });
        }
        if values.is_none() && field == Field::Email {
            // The customer ids are the e-mails when most of them look like one.
            values = emails_of_ids(p.rows.iter().map(|r| ds.customers.get(r.customer)));
            if values.is_some() {
                c.found.push(Found { field, source: "customer_id", column: String::new() });
            }
        }
        c.values[field as usize] = values;
    }
    c
}

/// The ids as e-mails, when more than half of them look like one (the others empty).
fn emails_of_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Option<Vec<String>> {
    let ids: Vec<&str> = ids.collect();
    let like = ids.iter().filter(|s| looks_like_email(s)).count();
    (like * 2 > ids.len() && like > 0)
        .then(|| ids.iter().map(|s| if looks_like_email(s) { s.to_string() } else { String::new() }).collect())
}

/// The contact values of some entries of a people file read on its own (a prospects file): `entries`
/// are entry numbers of `t` in list order, and value `i` of each field belongs to `entries[i]`. Columns
/// are found by their header as for customers; when none holds e-mails but most ids look like one (a
/// prospects file keyed by e-mail), the ids are the e-mails. `source` names the file in [`Found`].
pub fn table_contacts(t: &CustomerTable, entries: &[u32], source: &'static str) -> Contacts {
    let mut c = Contacts::default();
    for field in Field::ALL {
        let mut values = None;
        if let Some((k, name)) = first_match(field, t.columns.iter().map(|c| c.name.as_str()).enumerate())
            && let Some(col) = t.columns.get(k)
        {
            values = Some(entries.iter().map(|&e| value(&col.dict, col.first.get(e as usize).copied()).unwrap_or_default()).collect());
            c.found.push(Found { field, source, column: name.to_string() });
        } else if field == Field::Email {
            values = emails_of_ids(entries.iter().map(|&e| t.ids.get(e)));
            if values.is_some() {
                c.found.push(Found { field, source, column: t.summary.id_column.clone() });
            }
        }
        c.values[field as usize] = values;
    }
    c
}

fn value(dict: &Interner, v: Option<u32>) -> Option<String> {
    v.filter(|&v| v != NONE).map(|v| dict.get(v).trim().to_string()).filter(|s| !s.is_empty())
}

/// `local@domain.tld`: one `@`, something before it, a dot after it, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_by_name() {
        let f = |h: &str| Field::ALL.into_iter().find(|f| f.matches(&header_key(h)));
        assert_eq!(f("E-Mail Address"), Some(Field::Email));
        assert_eq!(f("Email"), Some(Field::Email));
        assert_eq!(f("Billing Phone"), Some(Field::Phone));
        assert_eq!(f("Shipping Country"), Some(Field::Country));
        assert_eq!(f("Prénom"), Some(Field::FirstName));
        assert_eq!(f("Nachname"), Some(Field::LastName));
        assert_eq!(f("Código postal"), Some(Field::Zip));
        assert_eq!(f("Customer"), None, "a prefix alone is not a field");
        assert_eq!(f("Description"), None);
    }

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("ann@example.com"));
        assert!(looks_like_email(" Ann.B@Example.co.uk "));
        for s in ["", "ann", "@example.com", "ann@example", "ann@.com", "ann@example.", "a b@c.d", "a@b@c.d"] {
            assert!(!looks_like_email(s), "{s}");
        }
    }
}
