//! The well-known file (FORMAT.md §14.7): what a member serves at
//! `https://<host>/.well-known/undersigned.json` to show that it holds its key(s), the host being
//! that of its website. The member's app writes it; a lead's app fetches it (a later part of
//! format 1.1). Read like any 1.1 artefact (§14.3); its failures are all `field-invalid`.

use crate::canonical::{hex_array, non_null, parse_strict_probing};
use crate::error::{Code, Failure, ParseError};
use crate::{fields, FORMAT_1_1};
use serde::{Deserialize, Serialize};

pub const TYPE: &str = "well-known";
/// The size cap of the file, as fetched and as decoded from a snapshot (§14.12).
pub const MAX_BYTES: usize = 65_536;
/// Where the file is served on the member's host.
pub const PATH: &str = "/.well-known/undersigned.json";
pub const MAX_KEYS: usize = 8;
pub const MAX_STATEMENTS: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WellKnown {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The member's name.
    pub name: String,
    /// Its public keys (64 hex digits each).
    pub keys: Vec<String>,
    /// When present, the statements the file speaks for, and only those.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_null")]
    pub statements: Option<Vec<String>>,
}

impl WellKnown {
    /// The file for a member: its name, its keys, and the statements it speaks for (none: all).
    pub fn new(name: &str, keys: Vec<String>, statements: Vec<String>) -> Self {
        WellKnown {
            format: FORMAT_1_1.into(),
            kind: TYPE.into(),
            name: name.into(),
            keys,
            statements: (!statements.is_empty()).then_some(statements),
        }
    }

    /// Reads the file in the order of §14.3.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let what = "well-known file";
        let w: WellKnown =
            parse_strict_probing(bytes, MAX_BYTES, what, (crate::equivocation::foreign_1_1, FORMAT_1_1))?;
        crate::canonical::check_format_of(FORMAT_1_1, &w.format, &w.kind, TYPE, what)?;
        Ok(w)
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }

    /// Its rules (§14.7), each broken one a `field-invalid`.
    pub fn verify(&self) -> Vec<Failure> {
        let mut out = Vec::new();
        let mut field = |at: &str, r: Result<(), String>| {
            if let Err(m) = r {
                out.push(Failure::new(Code::FieldInvalid, m).at(at));
            }
        };
        field("name", fields::name("name", &self.name, 200));
        field("keys", list("keys", &self.keys, MAX_KEYS, |k| hex_array::<32>(k).is_some(), "64 lowercase hex digits"));
        if let Some(s) = &self.statements {
            field(
                "statements",
                list("statements", s, MAX_STATEMENTS, |id| hex_array::<16>(id).is_some(), "32 lowercase hex digits"),
            );
        }
        out
    }

    /// Whether the file names `key` (64 hex digits) for statement `statement_id`.
    pub fn names(&self, key: &str, statement_id: &str) -> bool {
        self.keys.iter().any(|k| k == key)
            && self.statements.as_ref().is_none_or(|s| s.iter().any(|id| id == statement_id))
    }
}

/// 1 to `max` items, each of its form, none twice.
fn list(what: &str, items: &[String], max: usize, ok: impl Fn(&str) -> bool, form: &str) -> Result<(), String> {
    if items.is_empty() || items.len() > max {
        return Err(format!("{what}: {} items, not 1 to {max}", items.len()));
    }
    if let Some(bad) = items.iter().position(|i| !ok(i)) {
        return Err(format!("{what}[{bad}] is not {form}"));
    }
    if items.iter().enumerate().any(|(i, a)| items[..i].contains(a)) {
        return Err(format!("{what}: an item appears twice"));
    }
    Ok(())
}

/// The address of the well-known file on a member's website: `https://`, the website host of
/// §14.7 (the one rule, [`crate::tier::website_host`]) and [`PATH`]; none when the website has
/// no such host.
pub fn url_for(website: &str) -> Option<String> {
    crate::tier::website_host(website).map(|host| format!("https://{host}{PATH}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_and_addresses() {
        let key = "ab".repeat(32);
        let w = WellKnown::new("Green Rivers Alliance", vec![key.clone()], vec![]);
        assert_eq!(w.verify(), vec![]);
        assert!(w.names(&key, "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071"));
        let only = WellKnown::new("G", vec![key.clone()], vec!["00".repeat(16)]);
        assert!(!only.names(&key, "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071"));
        assert_eq!(WellKnown::new("G", vec![], vec![]).verify().len(), 1);
        assert_eq!(WellKnown::new("G", vec![key.clone(), key.clone()], vec![]).verify().len(), 1);
        assert_eq!(WellKnown::new("G", vec![key.to_uppercase()], vec![]).verify().len(), 1);
        assert_eq!(WellKnown::parse(&w.to_json()).unwrap(), w);
        assert_eq!(
            url_for("https://GreenRivers.example/about?x").as_deref(),
            Some("https://greenrivers.example/.well-known/undersigned.json")
        );
        // The host the verifier compares (§14.7): without a user or a port.
        let at = Some("https://host.example/.well-known/undersigned.json");
        assert_eq!(url_for("https://user@host.example").as_deref(), at);
        assert_eq!(url_for("https://host.example:8443/").as_deref(), at);
        assert_eq!(url_for("ftp://host.example"), None);
        assert_eq!(url_for("https://café.example"), None);
    }
}
