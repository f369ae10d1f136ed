//! The checks of a bundle's statement versions and release that both verifiers share (the
//! reference `bundle::verify` and the streaming one): checks 1–3 of FORMAT.md §10.2, which give
//! the [`Header`] the entries are checked against; checks 4–6, the release's log and counts
//! against the entries; and the releases' part of §10.3.

use crate::canonical::{signed_message, to_jcs};
use crate::ed25519::PublicKey;
use crate::error::{Code, Failure};
use crate::fields;
use crate::release::{self, Counts, Previous, Release, VersionDigest};
use crate::report::{ReleaseInfo, StatementInfo, VerificationReport};
use crate::statement::{self, StatementVersion};
use std::collections::HashMap;

/// Two statement ids that differ, both of their §1 form: an id that breaks it was reported by
/// the field rules and is compared with nothing (§1).
pub(crate) fn different_ids(a: &str, b: &str) -> bool {
    fields::is_statement_id(a) && fields::is_statement_id(b) && a != b
}

/// A version's `opened_at` when it has the §1 form (time order, §9, compares nothing else).
fn opened(v: &StatementVersion) -> Option<&str> {
    Some(v.signed.opened_at.as_str()).filter(|t| fields::timestamp("opened_at", t).is_ok())
}

/// What the statement versions establish for checking the release and the entries.
pub(crate) struct Header {
    pub statement_id: String,
    pub lead_key: String,
    /// Carried versions: number → digests (two versions may wrongly share a number: an entry
    /// naming either names a carried version, §10.2 check 8).
    pub versions: HashMap<u64, Vec<String>>,
}

/// Checks 1–3 of FORMAT.md §10.2 (statement versions and release), filling the report's
/// statement and release information and appending failures to `errors`.
pub(crate) fn verify_header(
    statement_versions: &[StatementVersion],
    r: &Release,
    report: &mut VerificationReport,
    errors: &mut Vec<Failure>,
) -> Header {
    // Statement versions (checks 1–2). The bundle's statement id and lead key are those of its
    // first version, or, when it carries none, the release's.
    let first = statement_versions.first();
    let lead_key = first.map_or_else(|| r.signed.lead_key.clone(), |v| v.signed.lead.public_key.clone());
    let statement_id = first.map_or_else(|| r.signed.statement_id.clone(), |v| v.signed.statement_id.clone());
    if first.is_none() {
        errors.push(
            Failure::new(Code::VersionInvalid, "the bundle carries no statement version").at("statement_versions"),
        );
    }
    let mut versions: HashMap<u64, Vec<String>> = HashMap::new();
    for (i, v) in statement_versions.iter().enumerate() {
        let at = format!("statement_versions[{i}]");
        for f in statement::verify_version(v) {
            errors.push(f.at(&at));
        }
        // Ascending, as written: each number above the one before it (a number below 1 is the
        // field rule's, §5, alone).
        if i > 0 && v.signed.version <= statement_versions[i - 1].signed.version {
            errors.push(Failure::new(Code::VersionInvalid, "statement versions are not in ascending order").at(&at));
        }
        // Compared with the version before it only when their numbers ascend (else that is
        // already `version-invalid`).
        let before = i.checked_sub(1).map(|j| &statement_versions[j]).filter(|b| b.signed.version < v.signed.version);
        if let (Some(before), Some(now)) = (before.and_then(opened), opened(v)) {
            if now <= before {
                errors.push(
                    Failure::new(
                        Code::TimeOrder,
                        format!("this version was opened at {now}, not after the one before it ({before})"),
                    )
                    .at(&at),
                );
            }
        }
        if different_ids(&v.signed.statement_id, &statement_id) || v.signed.lead.public_key != lead_key {
            errors.push(
                Failure::new(Code::StatementMismatch, "this version belongs to another statement or lead").at(&at),
            );
        }
        versions.entry(v.signed.version).or_default().push(v.signed.digest.clone());
    }
    if let Some(latest) = statement_versions.last() {
        let t = latest.signed.text(Some("en"));
        report.statement = StatementInfo {
            id: latest.signed.statement_id.clone(),
            title: t.map(|t| t.title.clone()).unwrap_or_default(),
            version: latest.signed.version,
            digest: latest.signed.digest.clone(),
            lead_name: latest.signed.lead.name.clone(),
            lead_key: latest.signed.lead.public_key.clone(),
            lead_fingerprint: PublicKey::from_hex(&latest.signed.lead.public_key)
                .map(|k| k.fingerprint())
                .unwrap_or_default(),
            languages: latest.signed.texts.iter().map(|t| t.language.clone()).collect(),
        };
    }

    // Release (check 3).
    let rb = &r.signed;
    let release_id = release::id(r);
    report.release = ReleaseInfo {
        number: rb.number,
        issued_at: rb.issued_at.clone(),
        id: hex::encode(release_id),
        log_size: rb.log.size,
        log_root: rb.log.root.clone(),
    };
    for f in release::check_fields(rb) {
        errors.push(f.at("release"));
    }
    if let Err(f) = statement::check_signature(&rb.lead_key, &r.signature, &signed_message(release::CONTEXT, rb)) {
        errors.push(f.at("release"));
    }
    if let Some(latest) = statement_versions.iter().filter_map(opened).max() {
        if fields::timestamp("issued_at", &rb.issued_at).is_ok() && rb.issued_at.as_str() < latest {
            errors.push(
                Failure::new(
                    Code::TimeOrder,
                    format!("the release is dated {}, before a version it carries was opened ({latest})", rb.issued_at),
                )
                .at("release"),
            );
        }
    }
    // A statement id that breaks its form was reported by the field rules and is compared with
    // nothing (§1).
    if different_ids(&rb.statement_id, &statement_id) || rb.lead_key != lead_key {
        errors
            .push(Failure::new(Code::StatementMismatch, "the release is for another statement or lead").at("release"));
    }
    let carried: Vec<VersionDigest> = statement_versions
        .iter()
        .map(|v| VersionDigest { version: v.signed.version, digest: v.signed.digest.clone() })
        .collect();
    let comparable = rb.versions.iter().chain(&carried).all(|v| fields::is_hex32(&v.digest));
    if comparable && carried != rb.versions {
        errors.push(
            Failure::new(Code::VersionInvalid, "the release lists other statement versions than the bundle carries")
                .at("release"),
        );
    }
    Header { statement_id, lead_key, versions }
}

/// Checks 4–6: the log's size and root, the previous release's prefix, the counts.
pub(crate) fn log_checks(
    rb: &release::ReleaseBody,
    n: u64,
    root: [u8; 32],
    prefix_root: Option<[u8; 32]>,
    computed: &Counts,
    errors: &mut Vec<Failure>,
) {
    if rb.log.size != n {
        errors.push(
            Failure::new(Code::LogMismatch, format!("the release says {} entries, the bundle has {n}", rb.log.size))
                .at("release"),
        );
    } else if fields::is_hex32(&rb.log.root) && rb.log.root != hex::encode(root) {
        errors.push(Failure::new(Code::LogMismatch, "the entries do not hash to the release's log root").at("release"));
    }
    if let Some(p) = rb.previous.as_ref().filter(|p| fields::is_hex32(&p.log.root)) {
        if prefix_root.map(hex::encode).as_deref() != Some(p.log.root.as_str()) {
            errors.push(
                Failure::new(
                    Code::PreviousMismatch,
                    format!(
                        "the first {} entries are not those of release {}: an entry was dropped, changed or reordered",
                        p.log.size, p.number
                    ),
                )
                .at("release"),
            );
        }
    }
    if *computed != rb.counts {
        errors.push(Failure::new(Code::CountsMismatch, "the release's counts differ from its entries").at("release"));
    }
}

/// FORMAT.md §10.3, the releases' part: the previous release verifies on its own (`prev_report`)
/// and release `r` names it as its predecessor, of the same statement and lead, no earlier. The
/// entries' part is the caller's (the reference's in `bundle`, the streaming verifier's in `stream`).
pub(crate) fn previous_release_checks(
    (r, versions): (&Release, &[StatementVersion]),
    (prev, prev_versions): (&Release, &[StatementVersion]),
    prev_report: &VerificationReport,
) -> Vec<Failure> {
    let mut errors = Vec::new();
    let mismatch = |m: String| Failure::new(Code::PreviousMismatch, m).at("previous");
    if !prev_report.valid {
        errors.push(
            Failure::new(
                Code::PreviousInvalid,
                format!("the previous release does not verify ({} failures)", prev_report.errors.len()),
            )
            .at("previous"),
        );
    }
    let (rb, pb) = (&r.signed, &prev.signed);
    if different_ids(&rb.statement_id, &pb.statement_id) || rb.lead_key != pb.lead_key {
        errors.push(mismatch("the previous release is of another statement or lead".into()));
    }
    let expected = Previous { number: pb.number, id: hex::encode(release::id(prev)), log: pb.log.clone() };
    // A previous id or root that breaks its form was reported by the field rules (§1).
    let comparable = rb.previous.as_ref().is_none_or(|p| fields::is_hex32(&p.id) && fields::is_hex32(&p.log.root));
    if comparable && rb.previous.as_ref() != Some(&expected) {
        errors.push(mismatch(format!(
            "release {} does not name this release {} as its predecessor",
            rb.number, pb.number
        )));
    }
    if rb.issued_at < pb.issued_at {
        errors.push(mismatch("this release is dated before the previous one".into()));
    }
    // Every version the previous release carries, carried unchanged.
    for pv in prev_versions {
        let n = pv.signed.version;
        let same = versions.iter().any(|v| v.signed.version == n && to_jcs(v) == to_jcs(pv));
        if !same {
            errors.push(mismatch(format!(
                "version {n} of the statement is not carried unchanged from the previous release"
            )));
        }
    }
    errors
}
