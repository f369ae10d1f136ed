//! Fixed inputs: seeded keys and randomness, the statement texts, and helpers that sign
//! bodies as they are (to break one rule while keeping a valid signature).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use undersigned_core::bundle::Entry;
use undersigned_core::canonical::signed_message;
use undersigned_core::endorsement::{self, Endorsement, EndorsementBody, SignerDetails, SignerKind};
use undersigned_core::release::{self, Release};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::withdrawal::{self, Withdrawal, WithdrawalBody};
use undersigned_core::{Envelope, SecretKey};

/// A random number generator seeded with SHA-256("undersigned/vectors/" || label).
pub(super) fn rng(label: &str) -> ChaCha20Rng {
    ChaCha20Rng::from_seed(Sha256::digest(format!("undersigned/vectors/{label}")).into())
}

pub(super) fn key(label: &str) -> SecretKey {
    SecretKey::generate(&mut rng(label))
}

pub(super) fn random_hex(label: &str, n: usize) -> String {
    let mut b = vec![0u8; n];
    rng(label).fill_bytes(&mut b);
    hex::encode(b)
}

pub(super) const LEAD_NAME: &str = "Coalition for Transboundary Rivers";

pub(super) fn texts(version: u64) -> Vec<Text> {
    let mut en = String::from(
        "We, the undersigned organizations and individuals, call on the States negotiating the draft \
         treaty on transboundary watercourses to:\n\n\
         1. recognize the human right to safe drinking water and sanitation;\n\
         2. require prior environmental impact assessments for upstream works;\n\
         3. guarantee the participation of affected communities.",
    );
    let mut fr = String::from(
        "Nous, organisations et personnes soussignées, appelons les États qui négocient le projet \
         de traité sur les cours d’eau transfrontaliers à\u{a0}:\n\n\
         1. reconnaître le droit humain à l’eau potable et à l’assainissement\u{a0};\n\
         2. exiger des études d’impact environnemental préalables pour les ouvrages en amont\u{a0};\n\
         3. garantir la participation des communautés concernées.",
    );
    if version >= 2 {
        en.push_str("\n4. publish the data of joint monitoring stations.");
        fr.push_str("\n4. publier les données des stations de surveillance conjointes.");
    }
    vec![
        Text {
            language: "en".into(),
            title: "Joint statement on the protection of transboundary rivers".into(),
            body: en,
        },
        Text {
            language: "fr".into(),
            title: "Déclaration commune sur la protection des fleuves transfrontaliers".into(),
            body: fr,
        },
    ]
}

pub(super) fn details(
    name: &str,
    kind: SignerKind,
    country: &str,
    website: Option<&str>,
    title: Option<&str>,
    affiliation: Option<&str>,
) -> SignerDetails {
    SignerDetails {
        name: name.into(),
        kind,
        country: country.into(),
        website: website.map(Into::into),
        title: title.map(Into::into),
        affiliation: affiliation.map(Into::into),
    }
}

pub(super) fn open(
    statement_id: &str,
    version: u64,
    texts: Vec<Text>,
    opened_at: &str,
    closes_on: &str,
    lead: &SecretKey,
) -> StatementVersion {
    open_as(LEAD_NAME, statement_id, version, texts, opened_at, closes_on, lead)
}

/// [`open`] under a lead name of the vector's choosing.
pub(super) fn open_as(
    lead_name: &str,
    statement_id: &str,
    version: u64,
    texts: Vec<Text>,
    opened_at: &str,
    closes_on: &str,
    lead: &SecretKey,
) -> StatementVersion {
    statement::open(
        NewVersion {
            statement_id,
            version,
            texts,
            lead_name,
            opened_at: opened_at.into(),
            closes_on: Some(closes_on.into()),
        },
        lead,
    )
    .expect("the statement version is well formed")
}

pub(super) fn endorse(v: &StatementVersion, d: &SignerDetails, k: &SecretKey, at: &str) -> Endorsement {
    endorsement::sign(&v.signed, d, k, at.into()).expect("the endorsement is well formed")
}

/// Signs an endorsement body as it is, without the normalization or checks of
/// `endorsement::sign` (to make vectors that break a field rule yet carry a valid signature).
pub(super) fn sign_endorsement_body(body: EndorsementBody, k: &SecretKey) -> Endorsement {
    let signature = hex::encode(k.sign(&signed_message(endorsement::CONTEXT, &body)));
    Envelope { signed: body, signature }
}

pub(super) fn sign_withdrawal_body(body: WithdrawalBody, k: &SecretKey) -> Withdrawal {
    let signature = hex::encode(k.sign(&signed_message(withdrawal::CONTEXT, &body)));
    Envelope { signed: body, signature }
}

/// Re-signs a release after its body was changed.
pub(super) fn resign(r: &mut Release, lead: &SecretKey) {
    r.signature = hex::encode(lead.sign(&signed_message(release::CONTEXT, &r.signed)));
}

pub(super) fn endorsements(es: &[&Endorsement]) -> Vec<Entry> {
    es.iter().map(|e| Entry::Endorsement((*e).clone())).collect()
}

pub(super) fn json_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializes")
}

/// Inserts `line` (with a newline) after the first line of `text` that contains `after`.
pub(super) fn insert_line_after(text: &[u8], after: &str, line: &str) -> Vec<u8> {
    let s = String::from_utf8(text.to_vec()).expect("utf-8");
    let mut out = String::new();
    let mut done = false;
    for l in s.split_inclusive('\n') {
        out.push_str(l);
        if !done && l.contains(after) {
            out.push_str(line);
            out.push('\n');
            done = true;
        }
    }
    assert!(done, "no line contains {after:?}");
    out.into_bytes()
}
