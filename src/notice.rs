//! Notes and warnings for people in any language: a stable code, the values the sentence is made from,
//! and the same sentence in English.
//!
//! The command line prints [`Notice::text`]; the page looks up `<prefix>.<code>` in its translations
//! (`note.`, `warn.`, `clv.warn.`, `reason.`) and fills in [`Notice::params`], falling back to the English
//! text for a code it does not know. Codes are stable: add, don't rename. Each module that makes notices
//! lists its codes and their parameters in its documentation.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// One note or warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Notice {
    /// Stable key.
    pub code: &'static str,
    /// Values the text is made from (numbers stay numbers, so the page formats them in its language).
    pub params: BTreeMap<&'static str, Value>,
    /// English sentence.
    pub text: String,
}

impl Notice {
    /// A notice with its parameters and English text.
    pub fn new(code: &'static str, params: &[(&'static str, Value)], text: impl Into<String>) -> Notice {
        Notice { code, params: params.iter().cloned().collect(), text: text.into() }
    }

    /// A notice without parameters.
    pub fn plain(code: &'static str, text: impl Into<String>) -> Notice {
        Notice { code, params: BTreeMap::new(), text: text.into() }
    }

    /// The same notice about a later date: parameter `as_of` and the text prefixed with it.
    pub fn as_of(mut self, date: &str) -> Notice {
        self.params.insert("as_of", Value::from(date));
        self.text = format!("as of {date}: {}", self.text);
        self
    }

    /// The English sentence (what the command line prints).
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
