//! The checks of a bundle's statement versions and release that both verifiers share (the
//! reference `bundle::verify` and the streaming one): checks 1–3 of FORMAT.md §10.2, which give
//! the [`Header`] the entries are checked against; checks 4–6, the release's log and counts
//! against the entries; and the releases' part of §10.3.

use crate::canonical::{signed_message, to_jcs};
use crate::ed25519::PublicKey;
use crate::error::{Code, Failure};
use crate::fields;
use crate::release::{self, Previous, Release, VersionDigest};
use crate::report::{ReleaseInfo, StatementInfo, VerificationReport};
use crate::statement::{self, StatementVersion};
use std::collections::HashMap;

/// Two statement ids that differ, both of their §1 form: an id that breaks it was reported by
/// the field rules and is compared with nothing (§1).
pub(crate) fn different_ids(a: &str, b: &str) -> bool {
    fields::is_statement_id(a) && fields::is_statement_id(b) && a != b
}

/// A statement version of either format (§6, §14.4), as checks 1–3 and §10.3 read it.
pub(crate) trait VersionView {
    /// The members both formats have.
    fn common(&self) -> statement::Common<'_>;
    fn lead_key(&self) -> &str;
    /// Its own checks (check 2): field rules, digest, signature.
    fn verify(&self) -> Vec<Failure>;
    /// Its canonical JSON, envelope and all (to compare versions carried unchanged, §10.3).
    fn jcs(&self) -> Vec<u8>;
}

impl VersionView for StatementVersion {
    fn common(&self) -> statement::Common<'_> {
        self.signed.common()
    }
    fn lead_key(&self) -> &str {
        &self.signed.lead.public_key
    }
    fn verify(&self) -> Vec<Failure> {
        statement::verify_version(self)
    }
    fn jcs(&self) -> Vec<u8> {
        to_jcs(self)
    }
}

/// A release of either format (§9, §14.5), as check 3 and §10.3 read it.
pub(crate) struct ReleaseView<'a> {
    pub head: release::Head<'a>,
    /// Its release id (§4).
    pub id: [u8; 32],
    /// Its own failures: field rules and signature (check 3).
    pub own: Vec<Failure>,
}

impl Release {
    pub(crate) fn view(&self) -> ReleaseView<'_> {
        let mut own = release::check_fields(&self.signed);
        if let Err(f) = statement::check_signature(
            &self.signed.lead_key,
            &self.signature,
            &signed_message(release::CONTEXT, &self.signed),
        ) {
            own.push(f);
        }
        ReleaseView { head: self.signed.head(), id: release::id(self), own }
    }
}

/// A version's `opened_at` when it has the §1 form (time order, §9, compares nothing else).
fn opened<V: VersionView>(v: &V) -> Option<&str> {
    Some(v.common().opened_at).filter(|t| fields::timestamp("opened_at", t).is_ok())
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
pub(crate) fn verify_header<V: VersionView>(
    statement_versions: &[V],
    r: &ReleaseView<'_>,
    report: &mut VerificationReport,
    errors: &mut Vec<Failure>,
) -> Header {
    // Statement versions (checks 1–2). The bundle's statement id and lead key are those of its
    // first version, or, when it carries none, the release's.
    let first = statement_versions.first();
    let rb = &r.head;
    let lead_key = first.map_or_else(|| rb.lead_key.to_owned(), |v| v.lead_key().to_owned());
    let statement_id = first.map_or_else(|| rb.statement_id.to_owned(), |v| v.common().statement_id.to_owned());
    if first.is_none() {
        errors.push(
            Failure::new(Code::VersionInvalid, "the bundle carries no statement version").at("statement_versions"),
        );
    }
    let mut versions: HashMap<u64, Vec<String>> = HashMap::new();
    for (i, v) in statement_versions.iter().enumerate() {
        let at = format!("statement_versions[{i}]");
        let c = v.common();
        for f in v.verify() {
            errors.push(f.at(&at));
        }
        // Ascending, as written: each number above the one before it (a number below 1 is the
        // field rule's, §5, alone).
        if i > 0 && c.version <= statement_versions[i - 1].common().version {
            errors.push(Failure::new(Code::VersionInvalid, "statement versions are not in ascending order").at(&at));
        }
        // Compared with the version before it only when their numbers ascend (else that is
        // already `version-invalid`).
        let before = i.checked_sub(1).map(|j| &statement_versions[j]).filter(|b| b.common().version < c.version);
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
        if different_ids(c.statement_id, &statement_id) || v.lead_key() != lead_key {
            errors.push(
                Failure::new(Code::StatementMismatch, "this version belongs to another statement or lead").at(&at),
            );
        }
        versions.entry(c.version).or_default().push(c.digest.to_owned());
    }
    if let Some(latest) = statement_versions.last() {
        let c = latest.common();
        let t = c.text(Some("en"));
        report.statement = StatementInfo {
            id: c.statement_id.to_owned(),
            title: t.map(|t| t.title.clone()).unwrap_or_default(),
            version: c.version,
            digest: c.digest.to_owned(),
            lead_name: c.lead_name.to_owned(),
            lead_key: latest.lead_key().to_owned(),
            lead_fingerprint: PublicKey::from_hex(latest.lead_key()).map(|k| k.fingerprint()).unwrap_or_default(),
            languages: c.texts.iter().map(|t| t.language.clone()).collect(),
        };
    }

    // Release (check 3).
    report.release = ReleaseInfo {
        number: rb.number,
        issued_at: rb.issued_at.to_owned(),
        id: hex::encode(r.id),
        log_size: rb.log.size,
        log_root: rb.log.root.clone(),
    };
    for f in &r.own {
        errors.push(f.clone().at("release"));
    }
    if let Some(latest) = statement_versions.iter().filter_map(opened).max() {
        if fields::timestamp("issued_at", rb.issued_at).is_ok() && rb.issued_at < latest {
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
    if different_ids(rb.statement_id, &statement_id) || rb.lead_key != lead_key {
        errors
            .push(Failure::new(Code::StatementMismatch, "the release is for another statement or lead").at("release"));
    }
    let carried: Vec<VersionDigest> = statement_versions
        .iter()
        .map(|v| VersionDigest { version: v.common().version, digest: v.common().digest.to_owned() })
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
    rb: &release::Head<'_>,
    n: u64,
    root: [u8; 32],
    prefix_root: Option<[u8; 32]>,
    counts_right: bool,
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
    if let Some(p) = rb.previous.filter(|p| fields::is_hex32(&p.log.root)) {
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
    if !counts_right {
        errors.push(Failure::new(Code::CountsMismatch, "the release's counts differ from its entries").at("release"));
    }
}

/// FORMAT.md §10.3, the releases' part: the previous release verifies on its own (`prev_report`)
/// and release `r` names it as its predecessor, of the same statement and lead, no earlier. The
/// entries' part is the caller's (the reference's in `bundle`, the streaming verifier's in `stream`).
pub(crate) fn previous_release_checks<V: VersionView, P: VersionView>(
    (r, versions): (&ReleaseView<'_>, &[V]),
    (prev, prev_versions): (&ReleaseView<'_>, &[P]),
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
    let (rb, pb) = (&r.head, &prev.head);
    if different_ids(rb.statement_id, pb.statement_id) || rb.lead_key != pb.lead_key {
        errors.push(mismatch("the previous release is of another statement or lead".into()));
    }
    let expected = Previous { number: pb.number, id: hex::encode(prev.id), log: pb.log.clone() };
    // A previous id or root that breaks its form was reported by the field rules (§1).
    let comparable = rb.previous.is_none_or(|p| fields::is_hex32(&p.id) && fields::is_hex32(&p.log.root));
    if comparable && rb.previous != Some(&expected) {
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
        let n = pv.common().version;
        let jcs = pv.jcs();
        let same = versions.iter().any(|v| v.common().version == n && v.jcs() == jcs);
        if !same {
            errors.push(mismatch(format!(
                "version {n} of the statement is not carried unchanged from the previous release"
            )));
        }
    }
    errors
}
