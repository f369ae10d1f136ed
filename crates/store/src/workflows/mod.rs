//! The lead's, the member's and the witness's workflows, as plain functions the CLI and the app both call.
//! Times (`now`, RFC 3339 UTC as the format writes it) and randomness are passed in.
//!
//! By concept: [`statements`] (drafts and versions), [`import`] (with `import_checks`,
//! `classify` and `classify_unnamed`, the entries of signers not named), [`review`], [`attestations`] (the lead's evidence of who holds a key), [`unnamed`] (signers not named: the member's hidden signature and reveal, the lead's vetting packets), [`releases`] (and [`cosign`], their witnesses' cosignatures), [`member`],
//! [`witness`]; what they return is in
//! [`summaries`].

use crate::{Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use undersigned_core::canonical;

pub mod attestations;
mod classify;
mod classify_unnamed;
pub mod cosign;
pub mod import;
mod import_checks;
pub mod member;
pub mod releases;
pub mod review;
pub mod statements;
pub mod summaries;
pub mod unnamed;
pub mod witness;

use summaries::*;

/// Files committed per transaction during an import.
pub(crate) const IMPORT_GROUP: usize = 2048;

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The UTS #39 skeleton of a name, case-folded: two names with the same skeleton look alike.
pub fn skeleton(name: &str) -> String {
    let s: String = unicode_security::skeleton(name).collect();
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn website_host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
    Some(host.trim_start_matches("www.").to_owned())
}

fn json<T: Serialize>(v: &T) -> String {
    String::from_utf8(canonical::to_jcs(v)).unwrap_or_default()
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Invalid(format!("the store holds a damaged {what}: {e}")))
}
