//! The ad platforms' normalisation before SHA-256, so that the digest of our `Ann.Smith@Gmail.com ` equals the
//! platform's digest of the same person's address.
//!
//! Sources (as documented in 2026):
//! - Google Ads, "Customer Match: prepare your data / format guidelines" (support.google.com/google-ads,
//!   answer 7659867) and the Google Ads API guide "Customer Match: normalize and hash user-provided data"
//!   (developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started):
//!   e-mail trimmed and lower case, and for `gmail.com` and `googlemail.com` addresses the periods before
//!   the `@` removed; phone in E.164 (`+` and the country code, digits only); first and last name lower case
//!   without any whitespace ("remove all extra spaces before, after or in between email addresses and
//!   names", the Customer Match template's hashed-format instructions; Display & Video 360's "Prepare user
//!   data": "take out any whitespace from first name, last name, and email address values"); country
//!   (two-letter code) and zip are sent unhashed.
//! - Meta, Marketing API "Custom Audiences: hashing and normalizing data"
//!   (developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences#hash): `email` trimmed
//!   and lower case; `phone` digits only with the country code, symbols, letters and leading zeros removed;
//!   `fn`/`ln` lower case without punctuation; `ct`, `zip` lower case without spaces; `country` lower-case
//!   two-letter code; every one of them hashed (`extern_id` need not be).
//!
//! Nothing is guessed: a phone written without its country code (no leading `+` or `00`) keeps its digits
//! and is counted, because adding a country code would be a guess; a country written as a name stays a name
//! in lower case.

/// Which platform's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Google Ads Customer Match.
    Google,
    /// Meta custom audiences.
    Meta,
}

/// Trimmed, lower case; Google also drops the periods of a Gmail address's local part.
pub fn email(s: &str, rules: Rules) -> String {
    let s = s.trim().to_lowercase();
    if rules == Rules::Google
        && let Some((local, domain)) = s.rsplit_once('@')
        && (domain == "gmail.com" || domain == "googlemail.com")
    {
        return format!("{}@{domain}", local.replace('.', ""));
    }
    s
}

/// Whether the number is written with its country code (`+44 …` or `0044 …`).
pub fn phone_has_country_code(s: &str) -> bool {
    let s = s.trim_start();
    s.starts_with('+') || s.starts_with("00")
}

/// Digits only; a leading `00` (the international prefix) dropped; Google's E.164 adds `+` when the
/// number has its country code, Meta's form is the digits without leading zeros.
pub fn phone(s: &str, rules: Rules) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let intl = phone_has_country_code(s);
    let digits = if intl && !s.trim_start().starts_with('+') { digits.strip_prefix("00").unwrap_or(&digits).to_string() } else { digits };
    match rules {
        Rules::Google if intl => format!("+{digits}"),
        Rules::Google => digits,
        Rules::Meta => digits.trim_start_matches('0').to_string(),
    }
}

/// A first or last name: lower case; Google drops every whitespace, Meta trims and drops punctuation
/// (letters of any script stay).
pub fn name(s: &str, rules: Rules) -> String {
    let s = s.trim().to_lowercase();
    match rules {
        Rules::Google => s.chars().filter(|c| !c.is_whitespace()).collect(),
        Rules::Meta => s.chars().filter(|c| !c.is_ascii_punctuation()).collect(),
    }
}

/// Country or zip as Meta hashes them: lower case, no spaces.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platforms_examples() {
        // Google (format guidelines): trim, lower case, and the periods before @gmail.com / @googlemail.com removed.
        assert_eq!(email("  John.Doe@Gmail.com ", Rules::Google), "johndoe@gmail.com");
        assert_eq!(email("john.doe@googlemail.com", Rules::Google), "johndoe@googlemail.com");
        assert_eq!(email("John.Doe@Example.com", Rules::Google), "john.doe@example.com", "other domains keep their periods");
        assert_eq!(email("John.Doe@Gmail.com", Rules::Meta), "john.doe@gmail.com", "Meta: trim and lower case only");
        // Google: E.164, "+1 (555) 123-4567" → "+15551234567".
        assert_eq!(phone("+1 (555) 123-4567", Rules::Google), "+15551234567");
        assert_eq!(phone("0044 20 7946 0958", Rules::Google), "+442079460958");
        assert_eq!(phone("020 7946 0958", Rules::Google), "02079460958", "no country code: digits, nothing guessed");
        // Meta (hashing table): digits only with the country code, symbols removed; worked by hand from the rule.
        assert_eq!(phone("+1 (616) 954-78 88", Rules::Meta), "16169547888");
        assert_eq!(phone("0044 20 7946 0958", Rules::Meta), "442079460958");
        assert!(phone_has_country_code(" +49 30 1234") && phone_has_country_code("0049 30") && !phone_has_country_code("030 1234"));
        // Meta: fn "Mary-Ann" → "maryann"; Google keeps the hyphen.
        assert_eq!(name(" Mary-Ann ", Rules::Meta), "maryann");
        assert_eq!(name(" Mary-Ann ", Rules::Google), "mary-ann");
        assert_eq!(name("Van der Berg", Rules::Google), "vanderberg", "Google: no whitespace in between either");
        assert_eq!(name("Van der Berg", Rules::Meta), "van der berg");
        assert_eq!(name("Zoë", Rules::Meta), "zoë", "letters beyond ASCII stay (UTF-8)");
        assert_eq!(compact(" US "), "us");
        assert_eq!(compact("SW1A 1AA"), "sw1a1aa");
    }
}
