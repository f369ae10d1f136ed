//! Invitations 1.1 (FORMAT.md §14.4): a 1.1 version of statement A with its lead's website and
//! vetting recipient, three witnesses and a quorum of two, and each rule of §14.4 broken once.
//! Every vector is re-signed (digest and signature) unless its point is the digest or the
//! signature.

use serde_json::{json, Value};
use undersigned_core::bech32::encode_age_recipient;
use undersigned_core::canonical::pretty;
use undersigned_core::checkpoint;
use undersigned_core::ed25519::SecretKey;
use undersigned_core::statement11::{self, Invitation, Lead, StatementVersionBody, Witness};
use undersigned_core::{Envelope, FORMAT_1_1};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::{key, texts, LEAD_NAME};

const KIND: &str = "invitation";

fn witness(label: &str, key_name: &str, name: &str) -> Witness {
    Witness {
        key_name: key_name.into(),
        name: name.into(),
        public_key: hex::encode(key(label).public_key().0),
        website: Some(format!("https://{}", key_name.split('/').next().unwrap_or(key_name))),
    }
}

pub(super) fn body(f: &Fixtures) -> StatementVersionBody {
    StatementVersionBody {
        format: FORMAT_1_1.into(),
        kind: "statement-version".into(),
        statement_id: f.id_a.clone(),
        version: 3,
        texts: texts(2),
        lead: Lead {
            public_key: hex::encode(f.lead.public_key().0),
            name: LEAD_NAME.into(),
            website: Some("https://rivers-coalition.example".into()),
            vetting_recipient: Some(encode_age_recipient(&[0x42; 32])),
        },
        witnesses: vec![
            witness("witness/press", "press-freedom.example/witness", "Press Freedom Watch"),
            witness("witness/university", "law.university.example/log-witness", "Centre for International Law"),
            witness("witness/coalition", "water-alliance.example/w1", "Global Water Alliance"),
        ],
        quorum: 2,
        opened_at: "2026-12-04T09:00:00Z".into(),
        closes_on: Some("2027-03-31".into()),
        digest: String::new(),
    }
}

fn invitation(v: Envelope<StatementVersionBody>) -> Vec<u8> {
    Invitation::new(v).to_json()
}

impl Gen {
    pub(super) fn invitations_1_1(&mut self, f: &Fixtures) {
        let lead: &SecretKey = &f.lead;
        let signed = |edit: &dyn Fn(&mut StatementVersionBody)| {
            let mut b = body(f);
            edit(&mut b);
            statement11::sign(b, lead)
        };
        let valid = signed(&|_| {});
        self.vector(
            "invitation-1-1.json",
            KIND,
            invitation(valid.clone()),
            &[],
            "(§14.4) Invitation 1.1 to sign version 3 of statement A: the lead's website and vetting \
             recipient, three witnesses, a quorum of two.",
        );
        let origin = checkpoint::origin(&valid.signed.lead.public_key, &valid.signed.statement_id);
        let cases: Vec<(&str, Envelope<StatementVersionBody>, &[&'static str], &str)> = vec![
            (
                "invitation-1-1-no-witnesses.json",
                signed(&|b| {
                    b.witnesses.clear();
                    b.quorum = 0;
                    b.lead.website = None;
                    b.lead.vetting_recipient = None;
                }),
                &[],
                "(§14.4) Invitation 1.1 with no witness (quorum 0), no website and no vetting recipient.",
            ),
            (
                "invitation-1-1-quorum-half.json",
                signed(&|b| {
                    b.witnesses.push(witness("witness/fourth", "fourth.example/w", "Fourth Witness"));
                    b.quorum = 2;
                }),
                &["field-invalid"],
                "(§14.4) A quorum of 2 of 4 witnesses: two such quorums need not share a witness (2k > n).",
            ),
            (
                "invitation-1-1-quorum-above.json",
                signed(&|b| b.quorum = 4),
                &["field-invalid"],
                "(§14.4) A quorum of 4 of 3 witnesses.",
            ),
            (
                "invitation-1-1-quorum-zero.json",
                signed(&|b| b.quorum = 0),
                &["field-invalid"],
                "(§14.4) A quorum of 0 with three witnesses.",
            ),
            (
                "invitation-1-1-witness-is-lead.json",
                signed(&|b| b.witnesses[1].public_key = b.lead.public_key.clone()),
                &["field-invalid"],
                "(§14.4) A witness whose key is the lead's: a lead cannot witness itself.",
            ),
            (
                "invitation-1-1-witness-key-twice.json",
                signed(&|b| b.witnesses[2].public_key = b.witnesses[0].public_key.clone()),
                &["field-invalid"],
                "(§14.4) One witness key listed twice, under two key names (so two key ids): it would \
                 count twice.",
            ),
            (
                "invitation-1-1-key-name-twice.json",
                signed(&|b| b.witnesses[2].key_name = b.witnesses[0].key_name.clone()),
                &["field-invalid"],
                "(§14.4) One key name for two witnesses.",
            ),
            (
                "invitation-1-1-key-name-plus.json",
                signed(&|b| b.witnesses[0].key_name = "press-freedom.example+witness".into()),
                &["field-invalid"],
                "(§14.4, §14.8) A witness key name with a +.",
            ),
            (
                "invitation-1-1-key-name-origin.json",
                signed(&|b| b.witnesses[0].key_name = origin.clone()),
                &["field-invalid"],
                "(§14.4, §14.8) A witness key name that is the statement's origin, the lead's key name.",
            ),
            (
                "invitation-1-1-witness-key-small-order.json",
                signed(&|b| b.witnesses[1].public_key = format!("01{}", "00".repeat(31))),
                &["key-invalid"],
                "(§14.4, §3.2) A witness key that encodes the identity point, of small order.",
            ),
            (
                "invitation-1-1-recipient-checksum.json",
                signed(&|b| {
                    let r = encode_age_recipient(&[0x42; 32]);
                    let last = if r.ends_with('q') { 'p' } else { 'q' };
                    b.lead.vetting_recipient = Some(format!("{}{last}", &r[..r.len() - 1]));
                }),
                &["field-invalid"],
                "(§14.4) A vetting recipient whose Bech32 checksum does not hold.",
            ),
            (
                "invitation-1-1-lead-website.json",
                signed(&|b| b.lead.website = Some("ftp://rivers-coalition.example".into())),
                &["field-invalid"],
                "(§14.4, §5) A lead website that is not http or https.",
            ),
        ];
        for (file, v, codes, description) in cases {
            self.vector(file, KIND, invitation(v), codes, description);
        }

        // The digest covers everything the lead said: a witness renamed after signing.
        let mut renamed = valid.clone();
        renamed.signed.witnesses[0].name = "Press Freedom Watch (renamed)".into();
        self.vector(
            "invitation-1-1-witness-renamed.json",
            KIND,
            invitation(renamed),
            &["digest-mismatch", "signature-invalid"],
            "(§14.4) The valid invitation 1.1 with a witness's display name changed after the lead signed.",
        );
        // A digest over the texts alone (format 1's statement digest) is not the version digest.
        let mut b = body(f);
        b.digest = hex::encode(undersigned_core::statement::digest(&b.statement_id, b.version, &b.texts));
        let signature = hex::encode(lead.sign(&undersigned_core::canonical::signed_message(statement11::CONTEXT, &b)));
        self.vector(
            "invitation-1-1-text-digest.json",
            KIND,
            invitation(Envelope { signed: b, signature }),
            &["digest-mismatch"],
            "(§14.2, §14.4) A 1.1 version whose digest is format 1's statement digest of its texts, \
             signed by the lead.",
        );

        // Reading order (§14.3).
        let base: Value = serde_json::from_slice(&invitation(valid.clone())).expect("JSON");
        let edited = |edit: &dyn Fn(&mut Value)| {
            let mut v = base.clone();
            edit(&mut v);
            pretty(&v)
        };
        type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value), &'static str, &'a str);
        let v1_in_11 = serde_json::to_value(&f.v1).expect("JSON");
        let reading: [Edit; 3] = [
            (
                "invitation-1-1-carrying-v1.json",
                &|v| v["statement"] = v1_in_11.clone(),
                "unsupported-format",
                "(§14.3, step 4) An invitation 1.1 carrying version 1 of statement A, a format 1 version.",
            ),
            (
                "invitation-v1-carrying-1-1.json",
                &|v| v["format"] = json!("undersigned/1"),
                "unsupported-format",
                "(§1, §14.1) A format 1 invitation carrying a 1.1 version: to format 1, an object of \
                 another format.",
            ),
            (
                "invitation-1-1-witness-unknown-member.json",
                &|v| v["statement"]["signed"]["witnesses"][0]["url"] = json!("https://press-freedom.example"),
                "malformed",
                "(§14.3, step 5) A witness with a member §14.4 does not define.",
            ),
        ];
        for (file, edit, code, description) in reading {
            self.vector(file, KIND, edited(edit), &[code], description);
        }
    }
}
