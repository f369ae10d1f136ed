//! Writes the test vectors of FORMAT.md §12 into a folder (by default `docs/vectors`):
//!
//! ```text
//! cargo run -p undersigned-core --example make-vectors -- docs/vectors
//! ```
//!
//! Everything is derived from fixed seeds and fixed timestamps, so the output is the same byte
//! for byte on every run; `tests/vectors.rs` checks both that each vector verifies as
//! `index.json` says and that regenerating changes no byte. The expected verdicts and codes are
//! written here by hand (they are the specification), never copied from the verifier.
//!
//! Vectors that must fail for one reason only are re-signed wherever a signature is not the
//! point (a release with wrong counts is correctly signed by the lead, and so on).

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::scalar::Scalar;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::Path;
use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::canonical::{pretty, signed_message};
use undersigned_core::endorsement::{self, Endorsement, EndorsementBody, SignerDetails, SignerKind};
use undersigned_core::release::{self, Counts, Release};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::withdrawal::{self, StatementRef, Withdrawal, WithdrawalBody};
use undersigned_core::{Envelope, Invitation, SecretKey, FORMAT};

/// One line of `index.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Vector {
    pub file: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    pub description: String,
    pub valid: bool,
    /// Sorted as strings, without repeats; empty for a valid vector.
    pub codes: Vec<&'static str>,
}

/// Every file of the vector folder: the vectors, `index.json` and `README.md`, with their bytes.
pub fn generate() -> Vec<(String, Vec<u8>)> {
    let mut g = Gen::default();
    g.build();
    let mut files = g.files;
    files.push(("index.json".into(), pretty(&g.index)));
    files.push(("README.md".into(), readme(&g.index).into_bytes()));
    files
}

/// Writes every file of [`generate`] into `dir` (created if needed). Returns the file names.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut names = Vec::new();
    for (name, bytes) in generate() {
        std::fs::write(dir.join(&name), &bytes)?;
        names.push(name);
    }
    Ok(names)
}

#[allow(dead_code)] // unused when the test includes this file as a module
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "docs/vectors".into());
    let dir = Path::new(&dir);
    let names = match write_all(dir) {
        Ok(n) => n,
        Err(e) => {
            eprintln!("make-vectors: cannot write into {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    // Say at once if the verifier disagrees with a vector (the test says it too).
    let mut bad = 0;
    let index: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap_or_default()).unwrap_or_default();
    for v in &index {
        let file = v["file"].as_str().unwrap_or_default();
        let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
        let prev = v["previous"].as_str().map(|p| std::fs::read(dir.join(p)).unwrap_or_default());
        let (valid, codes) =
            undersigned_core::check::check_file(v["kind"].as_str().unwrap_or_default(), &bytes, prev.as_deref());
        let mut got: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        got.sort_unstable();
        let want: Vec<&str> = v["codes"].as_array().into_iter().flatten().filter_map(|c| c.as_str()).collect();
        if valid != v["valid"].as_bool().unwrap_or(false) || got != want {
            bad += 1;
            eprintln!("make-vectors: {file}: expected {want:?}, the verifier says {got:?}");
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if !names.contains(&n) {
                eprintln!("make-vectors: note: {n} in {} is not a generated file", dir.display());
            }
        }
    }
    println!("make-vectors: wrote {} files into {}", names.len(), dir.display());
    if bad > 0 {
        std::process::exit(1);
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed inputs.

/// A random number generator seeded with SHA-256("undersigned/vectors/" || label).
fn rng(label: &str) -> ChaCha20Rng {
    ChaCha20Rng::from_seed(Sha256::digest(format!("undersigned/vectors/{label}")).into())
}

fn key(label: &str) -> SecretKey {
    SecretKey::generate(&mut rng(label))
}

fn random_hex(label: &str, n: usize) -> String {
    let mut b = vec![0u8; n];
    rng(label).fill_bytes(&mut b);
    hex::encode(b)
}

const LEAD_NAME: &str = "Coalition for Transboundary Rivers";

fn texts(version: u64) -> Vec<Text> {
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

fn details(
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

fn open(
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
            lead_name: LEAD_NAME,
            opened_at: opened_at.into(),
            closes_on: Some(closes_on.into()),
        },
        lead,
    )
    .expect("the statement version is well formed")
}

fn endorse(v: &StatementVersion, d: &SignerDetails, k: &SecretKey, at: &str) -> Endorsement {
    endorsement::sign(&v.signed, d, k, at.into()).expect("the endorsement is well formed")
}

/// Signs an endorsement body as it is, without the normalization or checks of
/// `endorsement::sign` (to make vectors that break a field rule yet carry a valid signature).
fn sign_endorsement_body(body: EndorsementBody, k: &SecretKey) -> Endorsement {
    let signature = hex::encode(k.sign(&signed_message(endorsement::CONTEXT, &body)));
    Envelope { signed: body, signature }
}

fn sign_withdrawal_body(body: WithdrawalBody, k: &SecretKey) -> Withdrawal {
    let signature = hex::encode(k.sign(&signed_message(withdrawal::CONTEXT, &body)));
    Envelope { signed: body, signature }
}

/// Re-signs a release after its body was changed.
fn resign(r: &mut Release, lead: &SecretKey) {
    r.signature = hex::encode(lead.sign(&signed_message(release::CONTEXT, &r.signed)));
}

fn endorsements(es: &[&Endorsement]) -> Vec<Entry> {
    es.iter().map(|e| Entry::Endorsement((*e).clone())).collect()
}

fn json_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializes")
}

/// Inserts `line` (with a newline) after the first line of `text` that contains `after`.
fn insert_line_after(text: &[u8], after: &str, line: &str) -> Vec<u8> {
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

// ---------------------------------------------------------------------------------------------
// The vectors.

#[derive(Default)]
struct Gen {
    files: Vec<(String, Vec<u8>)>,
    index: Vec<Vector>,
}

impl Gen {
    fn file(&mut self, name: &str, bytes: Vec<u8>) {
        assert!(!self.files.iter().any(|(n, _)| n == name), "{name} written twice");
        self.files.push((name.into(), bytes));
    }

    fn list(
        &mut self,
        file: &str,
        kind: &'static str,
        previous: Option<&str>,
        codes: &[&'static str],
        description: &str,
    ) {
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        self.index.push(Vector {
            file: file.into(),
            kind,
            previous: previous.map(Into::into),
            description: description.into(),
            valid: codes.is_empty(),
            codes,
        });
    }

    /// Writes a file and lists it.
    fn vector(&mut self, file: &str, kind: &'static str, bytes: Vec<u8>, codes: &[&'static str], description: &str) {
        self.file(file, bytes);
        self.list(file, kind, None, codes, description);
    }

    /// Every vector, in the order of `index.json` and README.md.
    fn build(&mut self) {
        let f = Fixtures::new();
        self.valid_files(&f);
        self.valid_releases(&f);
        self.unreadable_files(&f);
        self.tampered(&f);
        self.keys_and_signatures(&f);
        self.statements(&f);
        self.signer_fields(&f);
        self.log_duplicates(&f);
        self.log_withdrawals(&f);
        self.release_vs_log(&f);
        self.previous_releases(&f);
    }

    /// Valid invitations, endorsements and a withdrawal.
    fn valid_files(&mut self, f: &Fixtures) {
        let Fixtures { v1, v2, e_green, e_amina, e_water, w_agua, .. } = f;
        self.vector(
            "invitation-v1.json",
            "invitation",
            Invitation::new(v1.clone()).to_json(),
            &[],
            "Invitation to sign version 1 of statement A (English and French texts, a closing date).",
        );
        self.vector(
            "invitation-v2.json",
            "invitation",
            Invitation::new(v2.clone()).to_json(),
            &[],
            "Invitation to sign version 2 of statement A (a fourth point added to both languages).",
        );
        self.vector(
            "endorsement-organization.json",
            "endorsement",
            e_green.to_json(),
            &[],
            "Endorsement of version 1 by an organization with a website.",
        );
        self.vector(
            "endorsement-individual.json",
            "endorsement",
            e_amina.to_json(),
            &[],
            "Endorsement of version 1 by an individual with a title and an affiliation.",
        );
        self.vector(
            "endorsement-arabic-name.json",
            "endorsement",
            e_water.to_json(),
            &[],
            "Endorsement of version 1 by an organization whose name is in Arabic script.",
        );
        self.vector(
            "withdrawal.json",
            "withdrawal",
            w_agua.to_json(),
            &[],
            "Withdrawal by Instituto Água Viva of its endorsement of version 1 (entry 4 of release 1).",
        );
    }

    /// Valid releases: release 1, release 2 (also against release 1), a re-endorsement after a
    /// withdrawal.
    fn valid_releases(&mut self, f: &Fixtures) {
        let Fixtures { lead, k_agua, v1, v2, w_agua, r1, r2, .. } = f;
        self.vector(
            "bundle-release-1.json",
            "bundle",
            r1.to_json(),
            &[],
            "Release 1: version 1 and five endorsements (four organizations, one individual).",
        );
        self.vector(
            "bundle-release-2.json",
            "bundle",
            r2.to_json(),
            &[],
            "Release 2: versions 1 and 2; the five entries of release 1, a new endorsement of version 2, \
             and the withdrawal of entry 4 (5 signatories, 1 withdrawn).",
        );
        self.list(
            "bundle-release-2.json",
            "bundle",
            Some("bundle-release-1.json"),
            &[],
            "Release 2 verified against release 1: release 1's log is a prefix of release 2's.",
        );
        {
            let e_agua_again = endorse(
                v2,
                &details(
                    "Instituto Água Viva",
                    SignerKind::Organization,
                    "BR",
                    Some("https://aguaviva.example"),
                    None,
                    None,
                ),
                k_agua,
                "2026-07-01T10:00:00Z",
            );
            let b = bundle::assemble(
                vec![v1.clone(), v2.clone()],
                f.with_r1(vec![Entry::Withdrawal(w_agua.clone()), Entry::Endorsement(e_agua_again)]),
                None,
                "2026-07-02T12:00:00Z".into(),
                lead,
            );
            self.vector(
                "bundle-re-endorsement-after-withdrawal.json",
                "bundle",
                b.to_json(),
                &[],
                "A key withdraws its endorsement of version 1, then endorses version 2: not a duplicate \
                 signer (5 signatories, 1 withdrawn).",
            );
        }
    }

    /// Files that cannot be read: not JSON, an unknown format, duplicate or unknown members,
    /// out-of-range values, a byte order mark, over the size cap.
    fn unreadable_files(&mut self, f: &Fixtures) {
        let Fixtures { k_green, e_green, r1, .. } = f;
        self.vector(
            "not-json.json",
            "bundle",
            b"This is not a bundle: it is not JSON at all.\n".to_vec(),
            &["malformed"],
            "Not JSON.",
        );
        {
            let mut b = r1.clone();
            b.format = "undersigned/2".into();
            self.vector(
                "bundle-format-2.json",
                "bundle",
                b.to_json(),
                &["unsupported-format"],
                "Release 1 with \"format\": \"undersigned/2\" at the top: a format this verifier does not know.",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.format = "undersigned/2".into();
            self.vector(
                "endorsement-format-2.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["unsupported-format"],
                "Endorsement whose signed body says \"format\": \"undersigned/2\" (correctly signed).",
            );
        }
        self.vector(
            "bundle-duplicate-json-key.json",
            "bundle",
            insert_line_after(&r1.to_json(), "\"type\": \"bundle\"", "  \"type\": \"bundle\","),
            &["malformed"],
            "Release 1 with the member \"type\" written twice in the top object (raw bytes).",
        );
        self.vector(
            "endorsement-duplicate-json-key.json",
            "endorsement",
            insert_line_after(
                &e_green.to_json(),
                "\"name\": \"Green Rivers Alliance\"",
                "      \"name\": \"Blue Rivers Alliance\",",
            ),
            &["malformed"],
            "Endorsement with the member \"name\" written twice in \"signer\" (raw bytes): a reader that \
             keeps the last one would show a name that was never signed.",
        );
        {
            let mut v = json_value(&e_green);
            v["signed"]["signer"]["comment"] = Value::String("not part of format 1".into());
            self.vector(
                "endorsement-unknown-field.json",
                "endorsement",
                pretty(&v),
                &["malformed"],
                "Endorsement with a member \"comment\" in \"signer\" that format 1 does not define.",
            );
        }
        {
            let mut v = json_value(&e_green);
            v["signed"]["signer"]["website"] = Value::Null;
            self.vector(
                "endorsement-null-website.json",
                "endorsement",
                pretty(&v),
                &["malformed"],
                "Endorsement with \"website\": null (an optional member is absent or has a value).",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.statement.version = (1 << 53) + 1;
            self.vector(
                "endorsement-integer-too-large.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["malformed"],
                "Endorsement of version 2^53 + 1 (correctly signed): integers of the format are at most \
                 2^53 - 1, which every JSON reader holds exactly.",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.signed_at = "2026-03-04T15:12:60Z".into();
            self.vector(
                "endorsement-leap-second.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "Endorsement signed at 15:12:60 (correctly signed): seconds run from 00 to 59.",
            );
        }
        {
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend(e_green.to_json());
            self.vector(
                "endorsement-bom.json",
                "endorsement",
                bytes,
                &["malformed"],
                "A valid endorsement preceded by a UTF-8 byte order mark.",
            );
        }
        {
            let mut bytes = e_green.to_json();
            bytes.resize(endorsement::MAX_BYTES + 1, b' ');
            bytes.pop();
            bytes.push(b'\n');
            self.vector(
                "endorsement-too-large.json",
                "endorsement",
                bytes,
                &["too-large"],
                "A valid endorsement padded with white space to 65,537 bytes, over the 64 KiB cap of \
                 endorsement files.",
            );
        }
    }

    /// Artefacts changed after signing: a name, a statement's text (with and without its digest).
    fn tampered(&mut self, f: &Fixtures) {
        let Fixtures { v1, e_green, r1, .. } = f;
        {
            let mut e = e_green.clone();
            e.signed.signer.name = "Green Rivers Alliance International".into();
            self.vector(
                "endorsement-tampered-name.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with its name changed after signing.",
            );
        }
        {
            let mut inv = Invitation::new(v1.clone());
            inv.statement.signed.texts[0].body = inv.statement.signed.texts[0].body.replace("guarantee", "consider");
            self.vector(
                "invitation-tampered-text.json",
                "invitation",
                inv.to_json(),
                &["digest-mismatch", "signature-invalid"],
                "Invitation to version 1 with a word of the English text changed (\"guarantee\" → \
                 \"consider\"), its digest left as it was.",
            );
        }
        {
            let mut b = r1.clone();
            if let Entry::Endorsement(e) = &mut b.entries[1] {
                e.signed.signer.name = "Réseau des hommes pour l’eau".into();
            }
            self.vector(
                "bundle-tampered-name.json",
                "bundle",
                b.to_json(),
                &["log-mismatch", "signature-invalid"],
                "Release 1 with the name in entry 1 changed: its signature fails, and its entry id, so \
                 the log root, changes.",
            );
        }
        {
            let mut b = r1.clone();
            let t = &mut b.statement_versions[0].signed.texts[0];
            t.body = t.body.replace("guarantee", "consider");
            self.vector(
                "bundle-tampered-statement-text.json",
                "bundle",
                b.to_json(),
                &["digest-mismatch", "signature-invalid"],
                "Release 1 with a word of the English text of version 1 changed, its digest left as it was.",
            );
            let v = &mut b.statement_versions[0].signed;
            v.digest = hex::encode(statement::digest(&v.statement_id, v.version, &v.texts));
            self.vector(
                "bundle-tampered-statement-text-and-digest.json",
                "bundle",
                b.to_json(),
                &["signature-invalid", "statement-mismatch", "version-invalid"],
                "Release 1 with a word of the English text changed and the digest recomputed: the lead's \
                 signature fails, the release lists another digest, and every endorsement names the \
                 original digest.",
            );
        }
    }

    /// Invalid keys and signatures: small-order and non-canonical keys, s not reduced, a
    /// small-order R, a signature of another kind.
    fn keys_and_signatures(&mut self, f: &Fixtures) {
        let Fixtures { k_green, k_other, e_green, .. } = f;
        let small_order_endorsement = {
            // A key of order 8 and a "signature" R = [r]B, s = r: [s]B − R − [k]A = −[k]A, which the
            // cofactor kills. Only the key check (§3.2 (2)) rejects this forgery.
            let a = EIGHT_TORSION[1].compress().0;
            let mut body = e_green.signed.clone();
            body.signer = endorsement::Signer {
                public_key: hex::encode(a),
                name: "Weak Key Foundation".into(),
                kind: SignerKind::Organization,
                country: "FR".into(),
                website: None,
                title: None,
                affiliation: None,
            };
            body.signed_at = "2026-03-10T09:00:00Z".into();
            let mut wide = [0u8; 64];
            rng("small-order-key/r").fill_bytes(&mut wide);
            let r = Scalar::from_bytes_mod_order_wide(&wide);
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&(r * ED25519_BASEPOINT_POINT).compress().0);
            sig[32..].copy_from_slice(r.as_bytes());
            Envelope { signed: body, signature: hex::encode(sig) }
        };
        self.vector(
            "endorsement-small-order-key.json",
            "endorsement",
            small_order_endorsement.to_json(),
            &["key-invalid"],
            "Endorsement under a public key of order 8, with a signature (R = [r]B, s = r) that satisfies \
             the cofactored equation for any message: rejected by the key check alone.",
        );
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(small_order_endorsement.clone())]));
            self.vector(
                "bundle-small-order-signer.json",
                "bundle",
                b.to_json(),
                &["key-invalid"],
                "Release 1 plus entry 5, the small-order-key endorsement, in a release correctly signed \
                 by the lead.",
            );
        }
        {
            // y = p + i for the first i whose point exists and has large order: a non-canonical
            // encoding (y ≥ p) of a valid point.
            let mut found = None;
            for i in 2u8..=18 {
                let mut y = [0xffu8; 32];
                y[31] = 0x7f;
                y[0] = 0xed + i; // p = 2^255 − 19 = 0x7fff…ffed; p + i for i ≤ 18 fits in one byte
                if let Some(p) = CompressedEdwardsY(y).decompress() {
                    if !p.is_small_order() && p.compress().0 != y {
                        found = Some(y);
                        break;
                    }
                }
            }
            let y = found.expect("a non-canonical encoding of a large-order point");
            let mut body = e_green.signed.clone();
            body.signer.public_key = hex::encode(y);
            // The signature is well formed (R canonical of large order, s < L) but made by another
            // key: nobody knows the discrete logarithm of this point.
            let e = sign_endorsement_body(body, k_other);
            self.vector(
                "endorsement-non-canonical-key.json",
                "endorsement",
                e.to_json(),
                &["key-invalid"],
                "Endorsement whose public key encodes y ≥ p (a non-canonical encoding of a point of large \
                 order).",
            );
        }
        {
            // s + L: the same scalar mod L, not reduced.
            let mut sig: [u8; 64] = hex::decode(&e_green.signature).expect("hex").try_into().expect("64 bytes");
            let l: [u8; 32] = hex::decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
                .expect("hex")
                .try_into()
                .expect("32 bytes");
            let mut carry = 0u16;
            for i in 0..32 {
                let v = sig[32 + i] as u16 + l[i] as u16 + carry;
                sig[32 + i] = v as u8;
                carry = v >> 8;
            }
            assert_eq!(carry, 0);
            let mut e = e_green.clone();
            e.signature = hex::encode(sig);
            self.vector(
                "endorsement-s-not-reduced.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with s replaced by s + L (same value mod L, s ≥ L).",
            );
        }
        {
            let mut sig = hex::decode(&e_green.signature).expect("hex");
            sig[..32].copy_from_slice(&EIGHT_TORSION[3].compress().0);
            let mut e = e_green.clone();
            e.signature = hex::encode(sig);
            self.vector(
                "endorsement-small-order-r.json",
                "endorsement",
                e.to_json(),
                &["signature-invalid"],
                "The organization endorsement with R replaced by a point of order 8.",
            );
        }
        {
            let mut w = withdrawal::sign(e_green, k_green, "2026-06-15T08:00:00Z".into()).expect("own endorsement");
            w.signature = e_green.signature.clone();
            self.vector(
                "withdrawal-replayed-endorsement-signature.json",
                "withdrawal",
                w.to_json(),
                &["signature-invalid"],
                "A withdrawal of the organization endorsement carrying the endorsement's own signature: \
                 a signature of one kind never verifies as another.",
            );
        }
    }

    /// Entries that do not belong to the release's statement versions, and versions out of order.
    fn statements(&mut self, f: &Fixtures) {
        let Fixtures { lead, v1, v2, e_green, e_mekong, e_delta_b, r1, r2_entries, .. } = f;
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(e_delta_b.clone())]));
            self.vector(
                "bundle-endorsement-of-other-statement.json",
                "bundle",
                b.to_json(),
                &["statement-mismatch"],
                "Release 1 plus entry 5, a genuine endorsement of another statement by the same lead.",
            );
        }
        {
            let mut e = e_delta_b.clone();
            e.signed.statement = e_green.signed.statement.clone();
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(e)]));
            self.vector(
                "bundle-endorsement-replayed-to-other-statement.json",
                "bundle",
                b.to_json(),
                &["signature-invalid"],
                "Release 1 plus entry 5, the endorsement of another statement with its \"statement\" \
                 rewritten to name this one, signature kept.",
            );
        }
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(e_mekong.clone())]));
            self.vector(
                "bundle-endorsement-of-uncarried-version.json",
                "bundle",
                b.to_json(),
                &["statement-mismatch"],
                "Release 1 (carrying version 1 only) plus entry 5, an endorsement of version 2.",
            );
        }
        {
            let b = bundle::assemble(
                vec![v2.clone(), v1.clone()],
                r2_entries.clone(),
                Some(&r1.release),
                "2026-10-01T12:00:00Z".into(),
                lead,
            );
            self.vector(
                "bundle-versions-not-ascending.json",
                "bundle",
                b.to_json(),
                &["version-invalid"],
                "Release 2 carrying version 2 before version 1 (the release lists them in that order too).",
            );
        }
    }

    /// Endorsements that break a field rule of the signer (zero-width, NFD, country), correctly
    /// signed.
    fn signer_fields(&mut self, f: &Fixtures) {
        let Fixtures { k_green, k_reseau, d_green, e_green, e_reseau, .. } = f;
        {
            let mut d = d_green.clone();
            d.name = "Green Rivers\u{200B} Alliance".into();
            let body = EndorsementBody {
                signer: endorsement::Signer { name: d.name, ..e_green.signed.signer.clone() },
                ..e_green.signed.clone()
            };
            self.vector(
                "endorsement-zero-width-name.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "Endorsement whose name contains a zero-width space (U+200B), correctly signed.",
            );
        }
        {
            let mut body = e_reseau.signed.clone();
            body.signer.name = "Re\u{301}seau des femmes pour l’eau".into();
            self.vector(
                "endorsement-non-nfc-name.json",
                "endorsement",
                sign_endorsement_body(body, k_reseau).to_json(),
                &["field-invalid"],
                "Endorsement whose name is in NFD (e + U+0301), not NFC, correctly signed.",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.signer.country = "UK".into();
            self.vector(
                "endorsement-bad-country.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "Endorsement with country \"UK\", which is not an officially assigned ISO 3166-1 code \
                 (the United Kingdom is GB), correctly signed.",
            );
        }
    }

    /// The log: the same entry twice, the same signer twice.
    fn log_duplicates(&mut self, f: &Fixtures) {
        let Fixtures { k_green, v1, d_green, e_reseau, .. } = f;
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(e_reseau.clone())]));
            self.vector(
                "bundle-duplicate-entry.json",
                "bundle",
                b.to_json(),
                &["duplicate-entry"],
                "Release 1 with entry 1 appended again as entry 5 (release re-signed over the 6 entries).",
            );
        }
        {
            let again = endorse(v1, d_green, k_green, "2026-03-15T16:00:00Z");
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(again)]));
            self.vector(
                "bundle-duplicate-signer.json",
                "bundle",
                b.to_json(),
                &["duplicate-signer"],
                "Release 1 plus a second endorsement by the key of entry 0, which did not withdraw.",
            );
        }
    }

    /// The log: withdrawals by the wrong key, of no entry, before their endorsement, twice.
    fn log_withdrawals(&mut self, f: &Fixtures) {
        let Fixtures { lead, k_water, k_agua, id_a, e_green, e_reseau, e_amina, e_water, e_agua, w_agua, .. } = f;
        // The counts the verifier computes when a withdrawal fails: it withdraws nothing.
        let counts_invalid_withdrawal = Counts { endorsements: 5, withdrawals: 1, signatories: 5, withdrawn: 0 };
        {
            let body = WithdrawalBody {
                format: FORMAT.into(),
                kind: withdrawal::TYPE.into(),
                statement: StatementRef { id: id_a.clone(), lead_key: lead.public_key().to_hex() },
                endorsement: hex::encode(e_agua.id()),
                signer_key: k_water.public_key().to_hex(),
                withdrawn_at: "2026-06-02T08:00:00Z".into(),
            };
            let w = sign_withdrawal_body(body, k_water);
            let mut b = f.r1_over(f.with_r1(vec![Entry::Withdrawal(w)]));
            b.release.signed.counts = counts_invalid_withdrawal;
            resign(&mut b.release, lead);
            self.vector(
                "bundle-withdrawal-wrong-key.json",
                "bundle",
                b.to_json(),
                &["withdrawal-wrong-key"],
                "Release 1 plus a withdrawal of entry 4 signed by the key of entry 3. The release's counts \
                 are those of a withdrawal that withdraws nothing (5 signatories, 0 withdrawn).",
            );
        }
        {
            let body = WithdrawalBody {
                format: FORMAT.into(),
                kind: withdrawal::TYPE.into(),
                statement: StatementRef { id: id_a.clone(), lead_key: lead.public_key().to_hex() },
                endorsement: random_hex("unmatched/endorsement-id", 32),
                signer_key: k_water.public_key().to_hex(),
                withdrawn_at: "2026-06-02T08:00:00Z".into(),
            };
            let b = f.r1_over(f.with_r1(vec![Entry::Withdrawal(sign_withdrawal_body(body, k_water))]));
            self.vector(
                "bundle-withdrawal-unmatched.json",
                "bundle",
                b.to_json(),
                &["withdrawal-unmatched"],
                "Release 1 plus a correctly signed withdrawal naming an entry id that is not in the log.",
            );
        }
        {
            let mut entries = endorsements(&[e_green, e_reseau, e_amina, e_water]);
            entries.push(Entry::Withdrawal(w_agua.clone()));
            entries.push(Entry::Endorsement(e_agua.clone()));
            let mut b = f.r1_over(entries);
            b.release.signed.counts = counts_invalid_withdrawal;
            resign(&mut b.release, lead);
            self.vector(
                "bundle-withdrawal-before-endorsement.json",
                "bundle",
                b.to_json(),
                &["withdrawal-unmatched"],
                "A log whose withdrawal (entry 4) comes before the endorsement it names (entry 5). The \
                 release's counts are those of a withdrawal that withdraws nothing.",
            );
        }
        {
            let again = withdrawal::sign(e_agua, k_agua, "2026-06-03T08:00:00Z".into()).expect("own endorsement");
            let b = f.r1_over(f.with_r1(vec![Entry::Withdrawal(w_agua.clone()), Entry::Withdrawal(again)]));
            self.vector(
                "bundle-withdrawal-duplicate.json",
                "bundle",
                b.to_json(),
                &["withdrawal-duplicate"],
                "Release 1 plus two different withdrawals of entry 4 (4 signatories, 1 withdrawn).",
            );
        }
    }

    /// Releases that do not match their log: reordered entries, wrong counts, root or size.
    fn release_vs_log(&mut self, f: &Fixtures) {
        let Fixtures { lead, r1, .. } = f;
        {
            let mut b = r1.clone();
            b.entries.swap(0, 1);
            self.vector(
                "bundle-reordered-entries.json",
                "bundle",
                b.to_json(),
                &["log-mismatch"],
                "Release 1 with entries 0 and 1 swapped, the lead's release unchanged.",
            );
        }
        {
            let mut b = r1.clone();
            b.release.signed.counts.endorsements = 6;
            b.release.signed.counts.signatories = 6;
            resign(&mut b.release, lead);
            self.vector(
                "bundle-wrong-counts.json",
                "bundle",
                b.to_json(),
                &["counts-mismatch"],
                "Release 1 whose release claims 6 endorsements and 6 signatories for 5 entries, correctly \
                 signed by the lead.",
            );
        }
        {
            let mut b = r1.clone();
            b.release.signed.log.root = hex::encode(Sha256::digest(b"not the root of this log"));
            resign(&mut b.release, lead);
            self.vector(
                "bundle-wrong-log-root.json",
                "bundle",
                b.to_json(),
                &["log-mismatch"],
                "Release 1 whose release states another log root, correctly signed by the lead.",
            );
        }
        {
            let mut b = r1.clone();
            b.release.signed.log.size = 6;
            resign(&mut b.release, lead);
            self.vector(
                "bundle-wrong-log-size.json",
                "bundle",
                b.to_json(),
                &["log-mismatch"],
                "Release 1 whose release states a log of 6 entries for 5, correctly signed by the lead.",
            );
        }
    }

    /// Releases against their predecessors (`previous` in index.json).
    fn previous_releases(&mut self, f: &Fixtures) {
        let Fixtures {
            lead, v1, v2, b1, e_green, e_reseau, e_water, e_agua, e_mekong, e_delta_b, r1, r2_entries, ..
        } = f;
        {
            let entries = endorsements(&[e_green, e_reseau, e_water, e_agua, e_mekong]);
            let b = bundle::assemble(
                vec![v1.clone(), v2.clone()],
                entries,
                Some(&r1.release),
                "2026-10-01T12:00:00Z".into(),
                lead,
            );
            self.file("bundle-release-2-drops-entry.json", b.to_json());
            self.list(
                "bundle-release-2-drops-entry.json",
                "bundle",
                Some("bundle-release-1.json"),
                &["previous-mismatch"],
                "A release 2, correctly signed and naming release 1, that silently drops entry 2 of \
                 release 1 (no withdrawal) and adds an endorsement of version 2.",
            );
        }
        {
            let mut entries = r2_entries.clone();
            entries.swap(0, 1);
            let b = bundle::assemble(
                vec![v1.clone(), v2.clone()],
                entries,
                Some(&r1.release),
                "2026-10-01T12:00:00Z".into(),
                lead,
            );
            self.file("bundle-release-2-reordered.json", b.to_json());
            self.list(
                "bundle-release-2-reordered.json",
                "bundle",
                Some("bundle-release-1.json"),
                &["previous-mismatch"],
                "A release 2, correctly signed and naming release 1, whose log swaps entries 0 and 1 of \
                 release 1.",
            );
        }
        self.list(
            "bundle-release-2.json",
            "bundle",
            Some("bundle-tampered-name.json"),
            &["previous-invalid", "previous-mismatch"],
            "The valid release 2 verified against a tampered release 1: the previous bundle does not \
             verify, and its entry 1 is not release 2's entry 1.",
        );
        // A previous release that cannot be read as a bundle: `previous-invalid` alone, beside
        // the full report of release 2, which is fine (FORMAT.md §10.3).
        for (previous, what) in [
            ("not-json.json", "a file that is not JSON"),
            ("endorsement-bom.json", "a file that starts with a byte order mark"),
            ("endorsement-organization.json", "an endorsement, not a bundle"),
            ("bundle-format-2.json", "a bundle in an unknown format"),
            ("bundle-duplicate-json-key.json", "a bundle with a duplicate JSON member"),
        ] {
            self.list(
                "bundle-release-2.json",
                "bundle",
                Some(previous),
                &["previous-invalid"],
                &format!(
                    "The valid release 2 verified against {what} as the previous release: the previous \
                     release cannot be read, which is previous-invalid; release 2 itself is still fully \
                     checked and has no failure of its own."
                ),
            );
        }
        {
            let b = bundle::assemble(
                vec![b1.clone()],
                vec![Entry::Endorsement(e_delta_b.clone())],
                None,
                "2026-04-10T12:00:00Z".into(),
                lead,
            );
            self.vector(
                "bundle-other-statement-release-1.json",
                "bundle",
                b.to_json(),
                &[],
                "Release 1 of statement B (same lead as statement A): one endorsement.",
            );
            self.list(
                "bundle-release-2.json",
                "bundle",
                Some("bundle-other-statement-release-1.json"),
                &["previous-mismatch"],
                "The valid release 2 of statement A verified against release 1 of statement B, which \
                 verifies on its own: another statement's release is not a predecessor.",
            );
        }
    }
}

/// The keys, statement versions, endorsements and releases the vectors are made from, built once.
struct Fixtures {
    lead: SecretKey,
    k_green: SecretKey,
    k_reseau: SecretKey,
    k_water: SecretKey,
    k_agua: SecretKey,
    k_other: SecretKey,
    id_a: String,
    v1: StatementVersion,
    v2: StatementVersion,
    b1: StatementVersion,
    d_green: SignerDetails,
    e_green: Endorsement,
    e_reseau: Endorsement,
    e_amina: Endorsement,
    e_water: Endorsement,
    e_agua: Endorsement,
    e_mekong: Endorsement,
    e_delta_b: Endorsement,
    w_agua: Withdrawal,
    r1_entries: Vec<Entry>,
    r1: Bundle,
    r2_entries: Vec<Entry>,
    r2: Bundle,
}

impl Fixtures {
    fn new() -> Self {
        // Keys.
        let lead = key("lead");
        let k_green = key("signer/green-rivers");
        let k_reseau = key("signer/reseau-femmes");
        let k_amina = key("signer/amina-yusuf");
        let k_water = key("signer/water-justice");
        let k_agua = key("signer/agua-viva");
        let k_mekong = key("signer/mekong-watch");
        let k_delta = key("signer/delta-fishers");
        let k_other = key("other");

        // Statement A, versions 1 and 2 (English and French); statement B by the same lead.
        let id_a = random_hex("statement-a/id", 16);
        let id_b = random_hex("statement-b/id", 16);
        let v1 = open(&id_a, 1, texts(1), "2026-03-01T09:00:00Z", "2026-06-30", &lead);
        let v2 = open(&id_a, 2, texts(2), "2026-05-01T09:00:00Z", "2026-09-30", &lead);
        let b1 = open(
            &id_b,
            1,
            vec![Text {
                language: "en".into(),
                title: "Open letter on coastal fisheries".into(),
                body: "We, the undersigned, ask for a moratorium on bottom trawling in coastal waters.".into(),
            }],
            "2026-04-01T09:00:00Z",
            "2026-07-31",
            &lead,
        );

        // Endorsements of release 1 (version 1), one of version 2, a withdrawal.
        let d_green = details(
            "Green Rivers Alliance",
            SignerKind::Organization,
            "KE",
            Some("https://greenrivers.example"),
            None,
            None,
        );
        let e_green = endorse(&v1, &d_green, &k_green, "2026-03-04T15:12:09Z");
        let e_reseau = endorse(
            &v1,
            &details(
                "Réseau des femmes pour l’eau",
                SignerKind::Organization,
                "SN",
                Some("https://reseau-femmes-eau.example"),
                None,
                None,
            ),
            &k_reseau,
            "2026-03-05T10:30:00Z",
        );
        let e_amina = endorse(
            &v1,
            &details(
                "Amina Yusuf",
                SignerKind::Individual,
                "NG",
                None,
                Some("Professor of Hydrology"),
                Some("University of Lagos"),
            ),
            &k_amina,
            "2026-03-06T08:45:00Z",
        );
        let e_water = endorse(
            &v1,
            &details(
                "شبكة العدالة المائية",
                SignerKind::Organization,
                "JO",
                Some("https://water-justice.example"),
                None,
                None,
            ),
            &k_water,
            "2026-03-07T19:05:30Z",
        );
        let e_agua = endorse(
            &v1,
            &details(
                "Instituto Água Viva",
                SignerKind::Organization,
                "BR",
                Some("https://aguaviva.example"),
                None,
                None,
            ),
            &k_agua,
            "2026-03-09T13:00:00Z",
        );
        let e_mekong = endorse(
            &v2,
            &details(
                "Mekong Water Watch",
                SignerKind::Organization,
                "KH",
                Some("https://mekongwatch.example"),
                None,
                None,
            ),
            &k_mekong,
            "2026-05-12T07:20:00Z",
        );
        let w_agua = withdrawal::sign(&e_agua, &k_agua, "2026-06-02T08:00:00Z".into()).expect("own endorsement");

        let r1_entries = endorsements(&[&e_green, &e_reseau, &e_amina, &e_water, &e_agua]);
        let r1 = bundle::assemble(vec![v1.clone()], r1_entries.clone(), None, "2026-03-20T12:00:00Z".into(), &lead);
        let mut r2_entries = r1_entries.clone();
        r2_entries.push(Entry::Endorsement(e_mekong.clone()));
        r2_entries.push(Entry::Withdrawal(w_agua.clone()));
        let r2 = bundle::assemble(
            vec![v1.clone(), v2.clone()],
            r2_entries.clone(),
            Some(&r1.release),
            "2026-10-01T12:00:00Z".into(),
            &lead,
        );

        // Statement B's endorsement.
        let e_delta_b = endorse(
            &b1,
            &details("Delta Fishers Union", SignerKind::Organization, "BD", None, None, None),
            &k_delta,
            "2026-04-03T11:00:00Z",
        );
        Fixtures {
            lead,
            k_green,
            k_reseau,
            k_water,
            k_agua,
            k_other,
            id_a,
            v1,
            v2,
            b1,
            d_green,
            e_green,
            e_reseau,
            e_amina,
            e_water,
            e_agua,
            e_mekong,
            e_delta_b,
            w_agua,
            r1_entries,
            r1,
            r2_entries,
            r2,
        }
    }

    /// A release 1 with its log, from any list of entries, correctly signed.
    fn r1_over(&self, entries: Vec<Entry>) -> Bundle {
        bundle::assemble(vec![self.v1.clone()], entries, None, "2026-03-20T12:00:00Z".into(), &self.lead)
    }

    /// Release 1's entries followed by `extra`.
    fn with_r1(&self, extra: Vec<Entry>) -> Vec<Entry> {
        let mut e = self.r1_entries.clone();
        e.extend(extra);
        e
    }
}

// ---------------------------------------------------------------------------------------------

fn readme(index: &[Vector]) -> String {
    let mut s = String::from(
        "# Undersigned test vectors\n\
         \n\
         Generated by `cargo run -p undersigned-core --example make-vectors -- docs/vectors` \
         (`crates/core/examples/make-vectors.rs`) from fixed seeds and fixed timestamps; do not edit \
         by hand. `cargo test -p undersigned-core --test vectors` checks that every vector verifies as \
         listed and that regenerating them changes no byte.\n\
         \n\
         ## Using them\n\
         \n\
         `index.json` is a list of objects:\n\
         \n\
         - `file`: the artefact, in this folder;\n\
         - `kind`: what to read it as: `bundle`, `endorsement`, `withdrawal` or `invitation`;\n\
         - `previous` (bundles only, optional): the previous release's bundle, to verify the file \
         against (FORMAT.md §10.3);\n\
         - `description`: what the vector is about;\n\
         - `valid`: the expected verdict;\n\
         - `codes`: the expected set of error codes (FORMAT.md §13), sorted, without repeats; empty \
         when `valid` is true.\n\
         \n\
         A conforming verifier reads each `file` as its `kind` (with `previous` when given), verifies \
         it under docs/FORMAT.md, and must give the same verdict and exactly the same set of codes \
         (how often a code occurs, the messages and the places are free). A file may appear more than \
         once with different `previous` files. Verifying an endorsement, a withdrawal or an invitation \
         here means verifying it alone (field rules, digest, signature), not against a bundle.\n\
         \n\
         Files are pretty-printed JSON as Undersigned writes them, except the deliberately broken \
         ones, whose raw bytes are the point (a duplicate member, a byte order mark, padding).\n\
         \n\
         Keys are Ed25519 keys generated from ChaCha20 seeded with SHA-256(\"undersigned/vectors/\" || \
         label); signatures are deterministic (RFC 8032), so the same inputs give the same bytes.\n\
         \n\
         One signature check gives one code: the key is checked first (FORMAT.md §3.2 (2), \
         `key-invalid`), and a signature under an invalid key is not checked further; then s < L, R, \
         and the equation (`signature-invalid`).\n\
         \n\
         On the counts of a release (FORMAT.md §9): an endorsement counts as withdrawn only when a \
         withdrawal that has no failure of its own names it; the vectors with an invalid withdrawal \
         carry counts computed that way, so that the withdrawal's own code is the only failure.\n\
         \n\
         ## The vectors\n\
         \n\
         | file | kind | previous | expected | description |\n\
         |------|------|----------|----------|-------------|\n",
    );
    for v in index {
        let expected = if v.valid { "valid".to_string() } else { v.codes.join(", ") };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            v.file,
            v.kind,
            v.previous.as_deref().map(|p| format!("`{p}`")).unwrap_or_default(),
            expected,
            v.description.replace('|', "\\|"),
        ));
    }
    s
}
