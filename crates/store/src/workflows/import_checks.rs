//! What can be known about an imported file without the store: parsed, its fields checked and
//! its signature verified (in batches, on every core), before any row is written.

use super::*;
use crate::Result;
use rusqlite::{params, OptionalExtension};
use undersigned_core::bundle;
use undersigned_core::bundle11::Entry;
use undersigned_core::endorsement::{self, Endorsement};
use undersigned_core::hidden;
use undersigned_core::withdrawal::{self, Withdrawal};
use undersigned_core::{canonical, Code};

/// What can be known about an imported file without the store: its hash, and either why it is
/// rejected or the parsed, verified entry with what its rows need.
pub(super) struct Checked {
    pub(super) sha: String,
    pub(super) pre: Pre,
}

pub(super) enum Pre {
    Endorsement(Box<PreEndorsement>),
    Withdrawal(Box<PreWithdrawal>),
    /// A hidden endorsement, a vouch or a reveal (FORMAT.md §14.9).
    Unnamed(Box<super::classify_unnamed::PreUnnamed>),
    Reject(Code, String),
}

pub(super) struct PreEndorsement {
    pub(super) e: Endorsement,
    pub(super) id: String,
    pub(super) envelope: String,
    pub(super) skeleton: String,
    pub(super) host: Option<String>,
    pub(super) single_script: bool,
}

pub(super) struct PreWithdrawal {
    pub(super) w: Withdrawal,
    pub(super) id: String,
    pub(super) envelope: String,
}

impl Checked {
    pub(super) fn empty() -> Checked {
        Checked { sha: String::new(), pre: Pre::Reject(Code::Malformed, String::new()) }
    }
}

/// A file read, before its field rules and signature are checked.
pub(super) enum Parsed {
    Endorsement(Endorsement),
    Withdrawal(Withdrawal),
    Unnamed(Box<undersigned_core::bundle11::Entry>),
    Reject(Code, String),
}

/// The batch verifier's seed for imports. Its coefficients also hash every signature, key and
/// message of the batch (see `ed25519::verify_batch`), and the verdicts never depend on it.
pub(super) const IMPORT_BATCH_SEED: [u8; 32] = *b"undersigned/store/import-batch/1";

/// Checks files: each parsed alone, the signatures of all of them verified in one batch, with
/// exactly the failures of `endorsement::verify` and `withdrawal::verify`.
pub(super) fn check_chunk(files: &[(String, Result<Vec<u8>>)]) -> Vec<Checked> {
    let parsed: Vec<(String, Parsed)> = files
        .iter()
        .map(|(_, b)| match b {
            Ok(bytes) => (sha256_hex(bytes), parse_file(bytes)),
            Err(_) => (String::new(), Parsed::Reject(Code::Malformed, String::new())),
        })
        .collect();
    let refs: Vec<bundle::EntryRef<'_>> = parsed
        .iter()
        .filter_map(|(_, p)| match p {
            Parsed::Endorsement(e) => Some(bundle::EntryRef::Endorsement(e)),
            Parsed::Withdrawal(w) => Some(bundle::EntryRef::Withdrawal(w)),
            Parsed::Unnamed(_) | Parsed::Reject(..) => None,
        })
        .collect();
    let mut failures = undersigned_core::check::verify_entries(&refs, &IMPORT_BATCH_SEED).into_iter();
    drop(refs);
    let first_failure = |f: Vec<undersigned_core::Failure>| -> Option<(Code, String)> {
        let first = f.first()?;
        Some((first.code, f.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join("; ")))
    };
    parsed
        .into_iter()
        .map(|(sha, p)| {
            let pre = match p {
                Parsed::Reject(code, reason) => Pre::Reject(code, reason),
                Parsed::Endorsement(e) => match first_failure(failures.next().unwrap_or_default()) {
                    Some((code, reason)) => Pre::Reject(code, reason),
                    None => {
                        use unicode_security::MixedScript;
                        let signer = &e.signed.signer;
                        Pre::Endorsement(Box::new(PreEndorsement {
                            id: hex::encode(e.id()),
                            envelope: envelope_json(&e.signature, |out| {
                                undersigned_core::endorsement::write_body(&e.signed, out)
                            }),
                            skeleton: skeleton(&signer.name),
                            host: signer.website.as_deref().and_then(website_host),
                            single_script: signer.name.as_str().is_single_script(),
                            e,
                        }))
                    }
                },
                // Few of these: each verified alone, as `undersigned check` would.
                Parsed::Unnamed(entry) => {
                    use undersigned_core::bundle11::Entry;
                    let fails = match entry.as_ref() {
                        Entry::Hidden(x) => hidden::verify_hidden(x),
                        Entry::Vouch(x) => hidden::verify_vouch(x),
                        Entry::Reveal(x) => hidden::verify_reveal(x),
                        Entry::Endorsement(_) | Entry::Withdrawal(_) => Vec::new(),
                    };
                    match first_failure(fails) {
                        Some((code, reason)) => Pre::Reject(code, reason),
                        None => Pre::Unnamed(Box::new(super::classify_unnamed::PreUnnamed {
                            id: hex::encode(entry.id()),
                            envelope: match entry.as_ref() {
                                Entry::Hidden(x) => json(x),
                                Entry::Vouch(x) => json(x),
                                Entry::Reveal(x) => json(x),
                                Entry::Endorsement(x) => json(x),
                                Entry::Withdrawal(x) => json(x),
                            },
                            entry: *entry,
                        })),
                    }
                }
                Parsed::Withdrawal(w) => match first_failure(failures.next().unwrap_or_default()) {
                    Some((code, reason)) => Pre::Reject(code, reason),
                    None => Pre::Withdrawal(Box::new(PreWithdrawal {
                        id: hex::encode(w.id()),
                        envelope: envelope_json(&w.signature, |out| {
                            undersigned_core::withdrawal::write_body(&w.signed, out)
                        }),
                        w,
                    })),
                },
            };
            Checked { sha, pre }
        })
        .collect()
}

pub(super) fn parse_file(bytes: &[u8]) -> Parsed {
    if crate::vetting::is_age(bytes) {
        return Parsed::Reject(
            Code::UnsupportedFormat,
            "this is a vetting packet, encrypted to the coalition's lead: open it with the lead's key \
             (`undersigned vetting open`), which imports the hidden endorsement it carries"
                .into(),
        );
    }
    // Most files are endorsements: a file that parses as one is one (it has no top-level `type`
    // and its `signed.type` is `endorsement`, which is what `sniff_type` would find).
    if let Ok(e) = endorsement::parse(bytes) {
        return Parsed::Endorsement(e);
    }
    match canonical::sniff_type(bytes).as_deref() {
        Some("endorsement") => match endorsement::parse(bytes) {
            Ok(e) => Parsed::Endorsement(e),
            Err(p) => Parsed::Reject(p.code, p.message),
        },
        Some("withdrawal") => match withdrawal::parse(bytes) {
            Ok(w) => Parsed::Withdrawal(w),
            Err(p) => Parsed::Reject(p.code, p.message),
        },
        Some(hidden::HIDDEN_TYPE) => unnamed(hidden::parse_hidden(bytes).map(Entry::Hidden)),
        Some(hidden::VOUCH_TYPE) => unnamed(hidden::parse_vouch(bytes).map(Entry::Vouch)),
        Some(hidden::REVEAL_TYPE) => unnamed(hidden::parse_reveal(bytes).map(Entry::Reveal)),
        Some(other) => Parsed::Reject(
            Code::UnsupportedFormat,
            format!("this is a {other}, not an endorsement, a withdrawal, a hidden endorsement, a vouch or a reveal"),
        ),
        None => {
            // Let the endorsement parser say precisely what is wrong.
            let p = endorsement::parse(bytes).err();
            Parsed::Reject(
                p.as_ref().map_or(Code::Malformed, |p| p.code),
                p.map_or_else(|| "not an endorsement or a withdrawal".into(), |p| p.message),
            )
        }
    }
}

fn unnamed(parsed: std::result::Result<Entry, undersigned_core::ParseError>) -> Parsed {
    match parsed {
        Ok(e) => Parsed::Unnamed(Box::new(e)),
        Err(p) => Parsed::Reject(p.code, p.message),
    }
}

/// The canonical JSON of an envelope (as `json(&envelope)` gives it), from its body's writer.
pub(super) fn envelope_json(signature: &str, body: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut b = Vec::with_capacity(640);
    body(&mut b);
    let mut out = Vec::with_capacity(b.len() + 160);
    undersigned_core::canonical::write_envelope(signature, &b, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Open statement versions looked up during one import transaction (nothing else writes to the
/// store meanwhile): (statement, lead key, version) → the version and its closing date.
#[derive(Default)]
pub(super) struct VersionCache(std::collections::HashMap<(String, String, u64), Option<OpenVersion>>);

/// An open version and its closing date.
pub(super) type OpenVersion = (undersigned_core::AnyVersion, Option<String>);

impl VersionCache {
    pub(super) fn get(
        &mut self,
        tx: &rusqlite::Transaction<'_>,
        id: &str,
        lead_key: &str,
        version: u64,
    ) -> Result<Option<&OpenVersion>> {
        let k = (id.to_owned(), lead_key.to_owned(), version);
        if !self.0.contains_key(&k) {
            let row: Option<(String, Option<String>)> = tx
                .prepare_cached(
                    "SELECT v.envelope, v.closes_on FROM versions v JOIN statements st ON st.id = v.statement_id
                     WHERE v.statement_id = ?1 AND st.lead_key = ?2 AND v.version = ?3 AND v.state = 'open'",
                )?
                .query_row(params![id, lead_key, version], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let v = match row {
                Some((env, closes_on)) => Some((parse_json(&env, "statement version")?, closes_on)),
                None => None,
            };
            self.0.insert(k.clone(), v);
        }
        Ok(self.0.get(&k).and_then(Option::as_ref))
    }
}
