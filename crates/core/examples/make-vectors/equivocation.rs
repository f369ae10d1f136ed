//! Equivocation proofs (FORMAT.md §14.13, format 1.1): two checkpoints of statement A signed by
//! its lead that cannot both be honest, and the cases that prove nothing or cannot be read. The
//! checkpoints are those of releases 1 and 2 (§14.8), and of logs the lead forked from them.

use serde_json::{json, Value};
use undersigned_core::bundle::{entry_ids, Bundle};
use undersigned_core::canonical::pretty;
use undersigned_core::ed25519::SecretKey;
use undersigned_core::equivocation::{Consistency, EquivocationProof};
use undersigned_core::{base64, checkpoint, consistency, merkle};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::key;

const KIND: &str = "equivocation-proof";

/// The signed note of a checkpoint of `lead`'s log of statement `id`.
fn note(lead: &SecretKey, id: &str, size: u64, root: &[u8; 32]) -> String {
    let origin = checkpoint::origin(&hex::encode(lead.public_key().0), id);
    let text = checkpoint::text(&origin, size, root);
    format!("{text}\n{}", checkpoint::lead_line(&origin, &text, lead))
}

fn leaves(b: &Bundle) -> Vec<[u8; 32]> {
    entry_ids(&b.entries)
}

fn b64(h: &[u8; 32]) -> String {
    base64::encode(h)
}

impl Gen {
    pub(super) fn equivocation_proofs(&mut self, f: &Fixtures) {
        let Fixtures { lead, id_a, r1, r2, .. } = f;
        let (l1, l2) = (leaves(r1), leaves(r2));
        let (m, n) = (l1.len(), l2.len());
        assert!(0 < m && m < n && l2.starts_with(&l1), "release 2 extends release 1");
        let honest1 = note(lead, id_a, m as u64, &merkle::root(&l1));
        let honest2 = note(lead, id_a, n as u64, &merkle::root(&l2));
        let proof_1_2 = Consistency {
            old_root: b64(&merkle::root(&l1)),
            proof: consistency::prove(&l2, m).expect("0 < m ≤ n").iter().map(b64).collect(),
        };
        // A log the lead forked from release 2: its third entry is another one.
        let mut forked = l2.clone();
        forked[2] = merkle::leaf_hash(b"an entry the lead showed only to some");
        let fork_n = note(lead, id_a, n as u64, &merkle::root(&forked));
        let fork_m = note(lead, id_a, m as u64, &merkle::root(&forked[..m]));

        let proof = |a: &str, b: &str, c: Option<&Consistency>| EquivocationProof::new(a.into(), b.into(), c.cloned());
        let cases: Vec<(&str, EquivocationProof, &[&'static str], String)> = vec![
            (
                "equivocation-proof-same-size.json",
                proof(&honest2, &fork_n, None),
                &[],
                format!(
                    "(§14.13) Two checkpoints of statement A's log signed by its lead, both of size {n} with \
                     different roots: release 2 and a log whose third entry is another."
                ),
            ),
            (
                "equivocation-proof-not-a-prefix.json",
                proof(&fork_m, &honest2, Some(&proof_1_2)),
                &[],
                format!(
                    "(§14.13) A checkpoint of size {m} the lead signed for a forked log, and release 2's \
                     (size {n}) with the consistency proof from its first {m} entries, whose root differs: \
                     the size-{m} log is not a prefix of release 2's."
                ),
            ),
            (
                "equivocation-proof-from-empty.json",
                proof(&note(lead, id_a, 0, &[7; 32]), &honest2, None),
                &[],
                "(§14.13) A checkpoint of size 0 whose root is not SHA-256(\"\"), the only root of an empty \
                 tree, and release 2's."
                    .into(),
            ),
            (
                "equivocation-proof-consistent.json",
                proof(&honest1, &honest2, Some(&proof_1_2)),
                &["equivocation-unproven"],
                "(§14.13) Releases 1 and 2 with the proof that 2 extends 1: they are consistent.".into(),
            ),
            (
                "equivocation-proof-same-checkpoint.json",
                proof(&honest2, &honest2, None),
                &["equivocation-unproven"],
                "(§14.13) Release 2's checkpoint twice.".into(),
            ),
            (
                "equivocation-proof-proof-fails.json",
                proof(&fork_m, &honest2, Some(&Consistency { old_root: b64(&[5; 32]), ..proof_1_2.clone() })),
                &["equivocation-unproven"],
                "(§14.13) The not-a-prefix case with an old_root the proof does not lead to release 2's \
                 root from: it shows nothing."
                    .into(),
            ),
            (
                "equivocation-proof-bad-signature.json",
                proof(&tamper_signature(&fork_n), &honest2, None),
                &["signature-invalid"],
                "(§14.13) The same-size case with one byte of the lead's signature on note a changed.".into(),
            ),
            (
                "equivocation-proof-not-the-leads.json",
                proof(&resigned(&fork_n, &key("equivocation/impostor"), id_a, lead), &honest2, None),
                &["signature-invalid"],
                "(§14.13) The same-size case whose note a is signed under the lead's key name and key id by \
                 another key."
                    .into(),
            ),
            (
                "equivocation-proof-other-statement.json",
                proof(
                    &note(lead, "0123456789abcdef0123456789abcdef", n as u64, &merkle::root(&forked)),
                    &honest2,
                    None,
                ),
                &["field-invalid"],
                "(§14.13) Two checkpoints by the same lead of two statements (their origins differ).".into(),
            ),
            (
                "equivocation-proof-missing-consistency.json",
                proof(&fork_m, &honest2, None),
                &["field-invalid"],
                "(§14.13) The not-a-prefix case without its consistency proof (0 < m < n).".into(),
            ),
            (
                "equivocation-proof-sizes-reversed.json",
                proof(&honest2, &fork_m, Some(&proof_1_2)),
                &["field-invalid"],
                "(§14.13) Note a larger than note b.".into(),
            ),
            (
                "equivocation-proof-extension-line.json",
                proof(&with_extension(lead, id_a, n as u64, &merkle::root(&forked)), &honest2, None),
                &["field-invalid"],
                "(§14.8, §14.13) The same-size case whose note a's text has a fourth line (an extension \
                 line, which a checkpoint text of §14.8 does not have), signed by the lead."
                    .into(),
            ),
        ];
        for (file, p, codes, description) in cases {
            self.vector(file, KIND, p.to_json(), codes, &description);
        }

        // Reading order (§14.3), on the same-size case's JSON.
        let base: Value = serde_json::from_slice(&proof(&honest2, &fork_n, None).to_json()).expect("JSON");
        let edited = |edit: &dyn Fn(&mut Value)| {
            let mut v = base.clone();
            edit(&mut v);
            pretty(&v)
        };
        type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value), &'static str, &'a str);
        let reading: [Edit; 4] = [
            (
                "equivocation-proof-format-1.json",
                &|v| v["format"] = json!("undersigned/1"),
                "unsupported-format",
                "(§14.3, 2026-12-04, night) The same-size case marked \"format\": \"undersigned/1\": format 1 has no \
                 equivocation proof.",
            ),
            (
                "equivocation-proof-format-number.json",
                &|v| v["format"] = json!(1.1),
                "malformed",
                "(§14.3, 2026-12-04, night) The same-size case with \"format\": 1.1, a number: it claims no \
                 format, and its member has the wrong JSON type.",
            ),
            (
                "equivocation-proof-unknown-member.json",
                &|v| v["witness"] = json!("a note"),
                "malformed",
                "(§14.3) The same-size case with a member §14.13 does not define.",
            ),
            (
                "equivocation-proof-wrong-type.json",
                &|v| v["type"] = json!("cosignature"),
                "unsupported-format",
                "(§14.3) The same-size case with the type of a cosignature file.",
            ),
        ];
        for (file, edit, code, description) in reading {
            self.vector(file, KIND, edited(edit), &[code], description);
        }
    }
}

/// The note with one byte of its (first) signature line's signature changed.
fn tamper_signature(note: &str) -> String {
    let (text, line) = note.split_once("\n\n").expect("a signed note");
    let (head, b64) = line.trim_end().rsplit_once(' ').expect("a signature line");
    let mut bytes = base64::decode(b64).expect("base64");
    bytes[10] ^= 1;
    format!("{text}\n\n{head} {}\n", base64::encode(&bytes))
}

/// The note's text signed by `other` under the lead's key name and key id.
fn resigned(note: &str, other: &SecretKey, id: &str, lead: &SecretKey) -> String {
    let text = &note[..=note.find("\n\n").expect("a signed note")];
    let origin = checkpoint::origin(&hex::encode(lead.public_key().0), id);
    let key_id = undersigned_core::note::key_id(&origin, undersigned_core::note::TYPE_ED25519, &lead.public_key().0);
    format!("{text}\n{}", undersigned_core::note::line(&origin, &key_id, &other.sign(text.as_bytes())))
}

/// A checkpoint text with an extension line, signed by the lead.
fn with_extension(lead: &SecretKey, id: &str, size: u64, root: &[u8; 32]) -> String {
    let origin = checkpoint::origin(&hex::encode(lead.public_key().0), id);
    let text = format!("{}extension\n", checkpoint::text(&origin, size, root));
    format!("{text}\n{}", checkpoint::lead_line(&origin, &text, lead))
}
