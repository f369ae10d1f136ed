//! Bundles 1.1 (FORMAT.md §14.6, §14.10, §14.11): release 3 of statement A, of format 1.1,
//! chained to format 1 release 2; its version 3 lists three witnesses with a quorum of two; its
//! log holds release 2's entries, an endorsement of version 3, a hidden endorsement and a vouch;
//! its evidence a website snapshot, a check in person and a call. Then each rule of §14.10
//! broken once, every vector re-signed (release, checkpoint) unless a signature is its point.

use serde_json::{json, Value};
use undersigned_core::attestation::{self, Attestation};
use undersigned_core::bundle11::{self, AnyVersion, Bundle, Entry, NewBundle};
use undersigned_core::canonical::pretty;
use undersigned_core::endorsement::{self, EndorsedStatement, EndorsementBody, Signer};
use undersigned_core::hidden::{self, Hidden};
use undersigned_core::release11::Counts;
use undersigned_core::statement11::{self, StatementVersion as Version11};
use undersigned_core::well_known::WellKnown;
use undersigned_core::withdrawal::{self, StatementRef, WithdrawalBody};
use undersigned_core::{SecretKey, FORMAT};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::{key, random_hex, sign_endorsement_body, sign_withdrawal_body};

const KIND: &str = "bundle";
const ISSUED_AT: &str = "2026-12-20T12:00:00Z";
/// When the witnesses co-signed: 2026-12-20T13:00:00Z and 14:00:00Z (POSIX seconds).
const T_PRESS: u64 = 1_797_771_600;
const T_UNIVERSITY: u64 = 1_797_775_200;

/// Everything release 3 is made of; each vector edits a copy.
#[derive(Clone)]
pub(super) struct Scene {
    pub(super) versions: Vec<AnyVersion>,
    pub(super) entries: Vec<Entry>,
    pub(super) evidence: Vec<Attestation>,
    pub(super) previous: Option<undersigned_core::release::Previous>,
    /// Witnesses that co-sign: key name, key, timestamp.
    cosigners: Vec<(String, &'static str, u64)>,
}

/// The keys and objects the scene is made of.
pub(super) struct Cast {
    v3: Version11,
    statement3: EndorsedStatement,
    pub(super) k_river: SecretKey,
    k_nile: SecretKey,
    one_time: SecretKey,
    nile: Signer,
    salt: [u8; 32],
    pub(super) hidden: Hidden,
    press: (String, &'static str),
    university: (String, &'static str),
}

fn cast(f: &Fixtures) -> Cast {
    let v3 = statement11::sign(super::invitations11::body(f), &f.lead);
    let statement3 = EndorsedStatement {
        id: f.id_a.clone(),
        version: 3,
        digest: v3.signed.digest.clone(),
        lead_key: v3.signed.lead.public_key.clone(),
    };
    let k_nile = key("signer/nile-defenders");
    let nile = Signer {
        public_key: hex::encode(k_nile.public_key().0),
        name: "Defenders of the Nile Delta".into(),
        kind: "organization".into(),
        country: "EG".into(),
        website: None,
        title: None,
        affiliation: None,
    };
    let salt: [u8; 32] = hex::decode(random_hex("hidden/salt-1", 32)).expect("hex").try_into().expect("32 bytes");
    let one_time = key("hidden/one-time-1");
    let commitment = hidden::commitment(&hex::encode(salt), &nile).expect("hex");
    let hidden = hidden::sign_hidden(
        statement3.clone(),
        &one_time,
        commitment,
        Some("africa".into()),
        "2026-12-06T18:02:44Z".into(),
    );
    Cast {
        statement3,
        k_river: key("signer/river-keepers"),
        k_nile,
        one_time,
        nile,
        salt,
        hidden,
        press: ("press-freedom.example/witness".into(), "witness/press"),
        university: ("law.university.example/log-witness".into(), "witness/university"),
        v3,
    }
}

pub(super) fn endorse3(
    c: &Cast,
    k: &SecretKey,
    name: &str,
    website: Option<&str>,
    at: &str,
) -> endorsement::Endorsement {
    sign_endorsement_body(
        EndorsementBody {
            format: FORMAT.into(),
            kind: endorsement::TYPE.into(),
            statement: c.statement3.clone(),
            signer: Signer {
                public_key: hex::encode(k.public_key().0),
                name: name.into(),
                kind: "organization".into(),
                country: "UG".into(),
                website: website.map(Into::into),
                title: None,
                affiliation: None,
            },
            signed_at: at.into(),
        },
        k,
    )
}

pub(super) fn website_attestation(f: &Fixtures, entry: [u8; 32], host: &str, body: &[u8]) -> Attestation {
    let snap = attestation::snapshot(host, "2026-12-10T10:00:00Z", 200, body);
    attestation::sign(&f.id_a, entry, "website", "2026-12-10", None, Some(snap), &f.lead)
}

fn base(f: &Fixtures, c: &Cast) -> Scene {
    let mut entries: Vec<Entry> = f.r2_entries.iter().map(to11).collect();
    let e_river =
        endorse3(c, &c.k_river, "River Keepers Uganda", Some("https://riverkeepers.example"), "2026-12-05T09:30:00Z");
    entries.push(Entry::Endorsement(e_river));
    entries.push(Entry::Hidden(c.hidden.clone()));
    let hidden_id = Entry::Hidden(c.hidden.clone()).id();
    entries.push(Entry::Vouch(hidden::sign_vouch(
        c.statement3.clone(),
        hidden_id,
        &f.k_green,
        "2026-12-08T09:15:00Z".into(),
    )));
    let green_id = entries[0].id();
    let mekong_id = entries[5].id();
    let well_known = WellKnown::new(&f.d_green.name, vec![hex::encode(f.k_green.public_key().0)], vec![f.id_a.clone()]);
    let evidence = vec![
        website_attestation(f, green_id, "greenrivers.example", &well_known.to_json()),
        attestation::sign(&f.id_a, hidden_id, "in-person", "2026-12-07", None, None, &f.lead),
        attestation::sign(
            &f.id_a,
            mekong_id,
            "call",
            "2026-12-11",
            Some("Video call with the director, whom the coalition has known since 2019.".into()),
            None,
            &f.lead,
        ),
    ];
    let r2 = &f.r2.release;
    Scene {
        versions: vec![AnyVersion::V1(f.v1.clone()), AnyVersion::V1(f.v2.clone()), AnyVersion::V11(c.v3.clone())],
        entries,
        evidence,
        previous: Some(bundle11::previous_of(r2, r2.signed.number, &r2.signed.log)),
        cosigners: vec![
            (c.press.0.clone(), c.press.1, T_PRESS),
            (c.university.0.clone(), c.university.1, T_UNIVERSITY),
        ],
    }
}

fn to11(e: &undersigned_core::bundle::Entry) -> Entry {
    match e {
        undersigned_core::bundle::Entry::Endorsement(x) => Entry::Endorsement(x.clone()),
        undersigned_core::bundle::Entry::Withdrawal(x) => Entry::Withdrawal(x.clone()),
    }
}

pub(super) fn build(f: &Fixtures, s: &Scene) -> Bundle {
    let mut b = bundle11::assemble(
        NewBundle {
            versions: s.versions.clone(),
            entries: s.entries.clone(),
            evidence: s.evidence.clone(),
            previous: s.previous.clone(),
            issued_at: ISSUED_AT.into(),
        },
        &f.lead,
    );
    for (name, k, t) in &s.cosigners {
        b.cosign(name, &key(k), *t);
    }
    b
}

/// Re-signs the release and the checkpoint after the release was edited.
fn resign(f: &Fixtures, b: &mut Bundle, cosigners: &[(String, &'static str, u64)]) {
    b.release = undersigned_core::release11::sign(
        undersigned_core::release11::NewRelease {
            statement_id: b.release.signed.statement_id.clone(),
            number: b.release.signed.number,
            issued_at: b.release.signed.issued_at.clone(),
            versions: b.release.signed.versions.clone(),
            log: b.release.signed.log.clone(),
            previous: b.release.signed.previous.clone(),
            counts: b.release.signed.counts,
            evidence: b.release.signed.evidence.clone(),
        },
        &f.lead,
    );
    b.checkpoint = b.lead_note(&f.lead);
    for (name, k, t) in cosigners {
        b.cosign(name, &key(k), *t);
    }
}

/// A bundle's JSON with one edit made to its value (for the reading order's vectors).
fn edited(b: &Bundle, edit: &dyn Fn(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&b.to_json()).expect("JSON");
    edit(&mut v);
    pretty(&v)
}

impl Gen {
    pub(super) fn bundles_1_1(&mut self, f: &Fixtures) {
        let c = cast(f);
        let scene = base(f, &c);
        let valid = build(f, &scene);
        self.vector(
            "bundle-1-1-release-3.json",
            KIND,
            valid.to_json(),
            &[],
            "(§14.10) Release 3 of statement A, format 1.1: versions 1 and 2 (format 1) and 3 (1.1, three \
             witnesses, quorum 2); release 2's seven entries, an endorsement of version 3, a hidden \
             endorsement (region africa) and a vouch for it by Green Rivers Alliance; a website snapshot, \
             a check in person of the hidden entry and a call; co-signed by two of the three witnesses. Its tiers: Green Rivers Alliance `website` \
             (its well-known file lists its key, for this statement), Mekong Watch `attested` (a call), the \
             withdrawn Instituto Água Viva keeps its tier, the others `self-declared` (River Keepers Uganda \
             gave a website, but nothing was fetched); the hidden entry has one voucher.",
        );
        self.tiers(super::tiers::TIERS, super::tiers::VOUCHERS);
        self.list(
            "bundle-1-1-release-3.json",
            KIND,
            Some("bundle-release-2.json"),
            &[],
            "(§14.11) Release 3 (format 1.1) verified against release 2 (format 1): a 1.1 release chains to a \
             format 1 release of the same statement.",
        );
        self.list(
            "bundle-release-2.json",
            KIND,
            Some("bundle-1-1-release-3.json"),
            &["previous-invalid"],
            "(§14.11) Release 2 (format 1) given release 3 (format 1.1) as its previous: a format 1 \
             verification cannot read a 1.1 release, so it is one previous-invalid.",
        );
        self.witnessed(f, &c, &scene);
        self.hidden_signers(f, &c, &scene);
        self.evidence_rules(f, &c, &scene);
        self.tier_rules(f, &c, &scene);
        self.reading_1_1(&valid);
    }

    fn witnessed(&mut self, f: &Fixtures, c: &Cast, scene: &Scene) {
        let one = |s: &Scene| Scene { cosigners: s.cosigners[..1].to_vec(), ..s.clone() };
        self.vector(
            "bundle-1-1-quorum-not-met.json",
            KIND,
            build(f, &one(scene)).to_json(),
            &["quorum-not-met"],
            "(§14.8, check 18) Release 3 co-signed by one witness of the three; the version's quorum is 2.",
        );
        let mut s = scene.clone();
        s.cosigners.push(("elsewhere.example/witness".into(), "witness/unlisted", T_UNIVERSITY));
        s.cosigners.remove(1);
        self.vector(
            "bundle-1-1-cosignature-unlisted-key.json",
            KIND,
            build(f, &s).to_json(),
            &["quorum-not-met"],
            "(§14.8) Co-signed by one listed witness and by a key the version does not list: the unknown \
             line is ignored, so one witness of a quorum of two co-signed.",
        );
        let mut s = one(scene);
        s.cosigners.push((c.press.0.clone(), c.press.1, T_UNIVERSITY));
        s.cosigners.push(("press-freedom.example/alias".into(), c.press.1, T_UNIVERSITY));
        self.vector(
            "bundle-1-1-same-witness-twice.json",
            KIND,
            build(f, &s).to_json(),
            &["quorum-not-met"],
            "(§14.8, check 18) One witness co-signs twice under its key name and once under another key name \
             (another key id): it counts once, and the other line is by an unknown key; one of a quorum of two.",
        );
        // A witness's line over another root, placed in this bundle's note.
        let mut other = build(f, scene);
        let mut moved = scene.clone();
        moved.entries.pop();
        let elsewhere = build(f, &moved);
        let line = undersigned_core::checkpoint::cosignature_line(
            &c.university.0,
            &elsewhere.checkpoint_text(),
            T_UNIVERSITY,
            &key(c.university.1),
        );
        other.checkpoint = other.lead_note(&f.lead);
        other.cosign(&c.press.0, &key(c.press.1), T_PRESS);
        other.checkpoint.push_str(&line);
        self.vector(
            "bundle-1-1-cosignature-other-root.json",
            KIND,
            other.to_json(),
            &["cosignature-invalid", "quorum-not-met"],
            "(§14.8, checks 17–18) The second witness's line signs the checkpoint of another log (one entry \
             fewer): it does not verify over this one, and one witness of two co-signed.",
        );
        let mut b = build(f, scene);
        b.checkpoint = b.checkpoint.replacen(
            &format!("\n{}\n", b.release.signed.log.size),
            &format!("\n{}\n", b.release.signed.log.size - 1),
            1,
        );
        self.vector(
            "bundle-1-1-checkpoint-other-size.json",
            KIND,
            b.to_json(),
            &["checkpoint-mismatch"],
            "(§14.8, check 15) The checkpoint's text gives a size one less than the release's log.",
        );
        let mut b = build(f, scene);
        b.checkpoint = b.checkpoint_text();
        self.vector(
            "bundle-1-1-checkpoint-no-signature.json",
            KIND,
            b.to_json(),
            &["field-invalid"],
            "(§14.8, check 14) The checkpoint is the text alone, without the empty line and signature lines \
             of a note.",
        );
        let mut b = build(f, scene);
        let note = b.checkpoint.clone();
        let text = b.checkpoint_text();
        let lead_line = note[text.len() + 1..].lines().next().expect("a line").to_owned() + "\n";
        b.checkpoint = note.replacen(&lead_line, "", 1);
        self.vector(
            "bundle-1-1-checkpoint-no-lead-line.json",
            KIND,
            b.to_json(),
            &["signature-invalid"],
            "(§14.8, check 16) The checkpoint carries the witnesses' lines but not the lead's.",
        );
        let mut s = scene.clone();
        s.versions[2] = AnyVersion::V11({
            let mut body = c.v3.signed.clone();
            body.witnesses.clear();
            body.quorum = 0;
            statement11::sign(body, &f.lead)
        });
        // Release 2's entries only (the endorsement of version 3 names the version's old digest),
        // with their two attestations; no witness signs.
        s.cosigners.clear();
        s.entries.truncate(7);
        s.evidence = vec![scene.evidence[0].clone(), scene.evidence[2].clone()];
        self.vector(
            "bundle-1-1-no-witnesses.json",
            KIND,
            build(f, &s).to_json(),
            &[],
            "(§14.8) A version 3 without witnesses (quorum 0): the lead's line alone suffices. Release 2's \
             entries only.",
        );
    }

    fn hidden_signers(&mut self, f: &Fixtures, c: &Cast, scene: &Scene) {
        let hidden_id = Entry::Hidden(c.hidden.clone()).id();
        let reveal = |salt: [u8; 32], signer: Signer, k: &SecretKey| {
            Entry::Reveal(hidden::sign_reveal(c.statement3.clone(), hidden_id, salt, signer, k))
        };
        let with = |extra: Vec<Entry>| {
            let mut s = scene.clone();
            s.entries.extend(extra);
            s
        };
        self.vector(
            "bundle-1-1-revealed.json",
            KIND,
            build(f, &with(vec![reveal(c.salt, c.nile.clone(), &c.k_nile)])).to_json(),
            &[],
            "(§14.9, check 13) Release 3 plus the reveal of the hidden entry by Defenders of the Nile Delta: \
             its salt, its details and its long-term key open the commitment. Revealed, it is `attested` (the \
             lead met it in person), never `website`.",
        );
        self.tiers("WSSSSA.SA..", "........1..");
        let mut wrong_salt = c.salt;
        wrong_salt[0] ^= 1;
        let mut s = with(vec![reveal(wrong_salt, c.nile.clone(), &c.k_nile)]);
        let mut b = build(f, &s);
        b.release.signed.counts = Counts { revealed: 0, unnamed: 1, ..b.release.signed.counts };
        resign(f, &mut b, &s.cosigners);
        self.vector(
            "bundle-1-1-reveal-wrong-salt.json",
            KIND,
            b.to_json(),
            &["commitment-mismatch"],
            "(§14.9, check 13) A reveal whose salt differs in one bit: the commitment it recomputes is not \
             the hidden entry's. The counts are those of a reveal that reveals nothing.",
        );
        let mut other = c.nile.clone();
        other.public_key = hex::encode(f.k_other.public_key().0);
        s = with(vec![reveal(c.salt, other, &f.k_other)]);
        let mut b = build(f, &s);
        b.release.signed.counts = Counts { revealed: 0, unnamed: 1, ..b.release.signed.counts };
        resign(f, &mut b, &s.cosigners);
        self.vector(
            "bundle-1-1-reveal-other-key.json",
            KIND,
            b.to_json(),
            &["commitment-mismatch"],
            "(§14.9, check 13) A reveal with the right salt and details, signed by another long-term key, \
             which it names: the commitment holds the signer's key, so it does not match.",
        );
        s = with(vec![Entry::Reveal({
            let mut r = hidden::sign_reveal(c.statement3.clone(), hidden_id, c.salt, c.nile.clone(), &c.k_nile);
            r.signature = hex::encode(f.k_other.sign(&hidden::reveal_message(&r.signed)));
            r
        })]);
        let mut b = build(f, &s);
        b.release.signed.counts = Counts { revealed: 0, unnamed: 1, ..b.release.signed.counts };
        resign(f, &mut b, &s.cosigners);
        self.vector(
            "bundle-1-1-reveal-signed-by-other-key.json",
            KIND,
            b.to_json(),
            &["signature-invalid"],
            "(§14.9, check 7) A reveal that opens the commitment but is signed by a key other than the one \
             it reveals.",
        );
        s = with(vec![reveal(c.salt, c.nile.clone(), &c.k_nile), reveal(c.salt, c.nile.clone(), &c.k_nile)]);
        let twice = build(f, &s);
        self.vector(
            "bundle-1-1-reveal-twice.json",
            KIND,
            twice.to_json(),
            &["duplicate-entry"],
            "(§14.10, check 9) The same reveal twice: the second is a repeated entry.",
        );
        s = with(vec![
            reveal(c.salt, c.nile.clone(), &c.k_nile),
            Entry::Reveal({
                // Another reveal of the same entry (another statement version named), also opening it.
                let mut st = c.statement3.clone();
                st.version = 1;
                st.digest = f.v1.signed.digest.clone();
                hidden::sign_reveal(st, hidden_id, c.salt, c.nile.clone(), &c.k_nile)
            }),
        ]);
        let mut b = build(f, &s);
        b.release.signed.counts = Counts { revealed: 1, unnamed: 0, ..b.release.signed.counts };
        resign(f, &mut b, &s.cosigners);
        self.vector(
            "bundle-1-1-reveal-duplicate.json",
            KIND,
            b.to_json(),
            &["reveal-duplicate"],
            "(§14.9, check 13) Two different reveals of the hidden entry (naming versions 3 and 1), both \
             opening it: the second is a reveal of an entry already revealed.",
        );
        s = with(vec![Entry::Reveal(hidden::sign_reveal(
            c.statement3.clone(),
            Entry::Endorsement(f.e_green.clone()).id(),
            c.salt,
            c.nile.clone(),
            &c.k_nile,
        ))]);
        self.vector(
            "bundle-1-1-reveal-unmatched.json",
            KIND,
            build(f, &s).to_json(),
            &["reveal-unmatched"],
            "(§14.9, check 13) A reveal naming an endorsement, not a hidden entry.",
        );
        s = with(vec![Entry::Vouch(hidden::sign_vouch(
            c.statement3.clone(),
            Entry::Endorsement(f.e_green.clone()).id(),
            &f.k_reseau,
            "2026-12-09T10:00:00Z".into(),
        ))]);
        self.vector(
            "bundle-1-1-vouch-invalid.json",
            KIND,
            build(f, &s).to_json(),
            &["vouch-invalid"],
            "(§14.9, check 12) A vouch naming an endorsement, not a hidden entry.",
        );
        s = with(vec![Entry::Vouch(hidden::sign_vouch(
            c.statement3.clone(),
            hidden_id,
            &f.k_other,
            "2026-12-09T10:00:00Z".into(),
        ))]);
        self.vector(
            "bundle-1-1-vouch-by-non-signatory.json",
            KIND,
            build(f, &s).to_json(),
            &[],
            "(§14.9) A vouch by a key that is no signatory of the release: valid, and it does not count as a \
             voucher.",
        );
        let w = |k: &SecretKey| {
            Entry::Withdrawal(sign_withdrawal_body(
                WithdrawalBody {
                    format: FORMAT.into(),
                    kind: withdrawal::TYPE.into(),
                    statement: StatementRef { id: f.id_a.clone(), lead_key: c.statement3.lead_key.clone() },
                    endorsement: hex::encode(hidden_id),
                    signer_key: hex::encode(k.public_key().0),
                    withdrawn_at: "2026-12-15T08:00:00Z".into(),
                },
                k,
            ))
        };
        self.vector(
            "bundle-1-1-hidden-withdrawn.json",
            KIND,
            build(f, &with(vec![w(&c.one_time)])).to_json(),
            &[],
            "(§14.9) The hidden entry withdrawn by its one-time key (hidden_withdrawn 1, no unnamed signatory).",
        );
        s = with(vec![w(&c.k_nile)]);
        let mut b = build(f, &s);
        b.release.signed.counts = Counts { hidden_withdrawn: 0, ..b.release.signed.counts }.with_totals();
        resign(f, &mut b, &s.cosigners);
        self.vector(
            "bundle-1-1-hidden-withdrawn-by-long-term-key.json",
            KIND,
            b.to_json(),
            &["withdrawal-wrong-key"],
            "(§14.9, check 11) A withdrawal of the hidden entry signed by the signer's long-term key: only \
             the one-time key withdraws a hidden entry.",
        );
        s = with(vec![Entry::Hidden(hidden::sign_hidden(
            c.statement3.clone(),
            &f.k_green,
            [7; 32],
            None,
            "2026-12-12T10:00:00Z".into(),
        ))]);
        let dup_id = s.entries.last().map(Entry::id).expect("an entry");
        s.evidence.push(attestation::sign(&f.id_a, dup_id, "call", "2026-12-12", None, None, &f.lead));
        self.vector(
            "bundle-1-1-hidden-key-of-signatory.json",
            KIND,
            build(f, &s).to_json(),
            &["duplicate-signer"],
            "(§14.10, check 10) A hidden entry whose one-time key is the key of an active endorsement \
             (Green Rivers Alliance).",
        );
        s = with(vec![
            reveal(c.salt, c.nile.clone(), &c.k_nile),
            Entry::Endorsement(endorse3(c, &c.k_nile, "Defenders of the Nile Delta", None, "2026-12-16T10:00:00Z")),
        ]);
        self.vector(
            "bundle-1-1-endorsement-by-revealed-key.json",
            KIND,
            build(f, &s).to_json(),
            &["duplicate-signer"],
            "(§14.10, check 10) After the hidden entry is revealed, its long-term key endorses by name too.",
        );
        let mut s = scene.clone();
        s.evidence.remove(1);
        self.vector(
            "bundle-1-1-hidden-without-attestation.json",
            KIND,
            build(f, &s).to_json(),
            &["attestation-invalid"],
            "(§14.10, check 21) The hidden entry without the lead's attestation.",
        );
    }

    fn evidence_rules(&mut self, f: &Fixtures, c: &Cast, scene: &Scene) {
        let hidden_id = Entry::Hidden(c.hidden.clone()).id();
        let mut b = build(f, scene);
        b.evidence.pop();
        self.vector(
            "bundle-1-1-evidence-dropped.json",
            KIND,
            b.to_json(),
            &["evidence-invalid"],
            "(§14.10, check 19) The call attestation dropped from the bundle after the release was signed: \
             the evidence digest differs.",
        );
        let mut s = scene.clone();
        let a = &s.evidence[2].signed;
        s.evidence[2] = attestation::sign(
            &a.statement_id,
            hex::decode(&a.entry).expect("hex").try_into().expect("32"),
            &a.method,
            &a.checked_on,
            a.note.clone(),
            None,
            &f.k_other,
        );
        self.vector(
            "bundle-1-1-attestation-by-other-key.json",
            KIND,
            build(f, &s).to_json(),
            &["attestation-invalid"],
            "(§14.7, check 20) The call attestation signed by a key other than the lead's.",
        );
        let mut s = scene.clone();
        s.evidence[1] = attestation::sign(
            &f.id_a,
            hidden_id,
            "in-person",
            "2026-12-07",
            Some("Met in Cairo.".into()),
            None,
            &f.lead,
        );
        self.vector(
            "bundle-1-1-hidden-attestation-with-note.json",
            KIND,
            build(f, &s).to_json(),
            &["attestation-invalid", "evidence-invalid"],
            "(§14.7, check 20) The attestation of the hidden entry carries a note: nothing is written about a \
             hidden signer. (It is then not valid, but the hidden entry still has none: check 21 too.)",
        );
        let mut s = scene.clone();
        s.evidence.push(attestation::sign(
            &f.id_a,
            hex::decode(&s.evidence[2].signed.entry).expect("hex").try_into().expect("32"),
            "call",
            "2026-12-12",
            None,
            None,
            &f.lead,
        ));
        self.vector(
            "bundle-1-1-attestation-repeated.json",
            KIND,
            build(f, &s).to_json(),
            &["evidence-invalid"],
            "(§14.7, check 20) A second call attestation of the same entry.",
        );
        let mut s = scene.clone();
        let mut snap = s.evidence[0].signed.website.clone().expect("a snapshot");
        snap.body_sha256 = hex::encode([0u8; 32]);
        s.evidence[0] = attestation::sign(
            &f.id_a,
            hex::decode(&s.evidence[0].signed.entry).expect("hex").try_into().expect("32"),
            "website",
            "2026-12-10",
            None,
            Some(snap),
            &f.lead,
        );
        self.vector(
            "bundle-1-1-snapshot-wrong-hash.json",
            KIND,
            build(f, &s).to_json(),
            &["evidence-invalid"],
            "(§14.7, check 20) A website snapshot whose body_sha256 is not the hash of its body.",
        );
        let mut s = scene.clone();
        s.evidence[2] = attestation::sign(
            &f.id_a,
            hex::decode(&s.evidence[2].signed.entry).expect("hex").try_into().expect("32"),
            "call",
            "2026-12-21",
            None,
            None,
            &f.lead,
        );
        self.vector(
            "bundle-1-1-attestation-after-release.json",
            KIND,
            build(f, &s).to_json(),
            &["time-order"],
            "(§14.7, check 20) A call attestation checked on 2026-12-21, the day after the release was issued.",
        );
        let mut s = scene.clone();
        s.evidence[2] = attestation::sign(&f.id_a, [9; 32], "call", "2026-12-11", None, None, &f.lead);
        self.vector(
            "bundle-1-1-attestation-of-no-entry.json",
            KIND,
            build(f, &s).to_json(),
            &["evidence-invalid"],
            "(§14.7, check 20) An attestation naming an entry id that is not in the log.",
        );
        let mut b = build(f, scene);
        b.release.signed.counts.hidden = 0;
        b.release.signed.counts = b.release.signed.counts.with_totals();
        resign(f, &mut b, &scene.cosigners);
        self.vector(
            "bundle-1-1-wrong-counts.json",
            KIND,
            b.to_json(),
            &["counts-mismatch"],
            "(§14.5, check 6) The release counts no hidden entry (and one signatory fewer), correctly signed.",
        );
    }

    fn reading_1_1(&mut self, valid: &Bundle) {
        type Edit = (&'static str, Box<dyn Fn(&mut Value)>, &'static str, &'static str);
        let cases: Vec<Edit> = vec![
            (
                "bundle-1-1-release-format-1.json",
                Box::new(|v: &mut Value| v["release"]["signed"]["format"] = json!("undersigned/1")),
                "unsupported-format",
                "(§14.3, step 4) A bundle 1.1 whose release says format 1.",
            ),
            (
                "bundle-1-1-endorsement-format-1-1.json",
                Box::new(|v: &mut Value| v["entries"][0]["endorsement"]["signed"]["format"] = json!("undersigned/1.1")),
                "unsupported-format",
                "(§14.3, step 4) An endorsement body marked undersigned/1.1: there is no 1.1 endorsement.",
            ),
            (
                "bundle-1-1-hidden-format-1.json",
                Box::new(|v: &mut Value| v["entries"][8]["hidden"]["signed"]["format"] = json!("undersigned/1")),
                "unsupported-format",
                "(§14.3, step 4) A hidden endorsement marked undersigned/1.",
            ),
            (
                "bundle-1-1-unknown-member.json",
                Box::new(|v: &mut Value| v["witnesses"] = json!([])),
                "malformed",
                "(§14.3, step 5) A bundle 1.1 with a top-level member `witnesses` that it does not define.",
            ),
            (
                "bundle-1-1-no-checkpoint.json",
                Box::new(|v: &mut Value| {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("checkpoint");
                    }
                }),
                "malformed",
                "(§14.3, step 5) A bundle 1.1 without its checkpoint.",
            ),
            (
                "bundle-1-1-entry-two-kinds.json",
                Box::new(|v: &mut Value| v["entries"][9]["hidden"] = v["entries"][8]["hidden"].clone()),
                "malformed",
                "(§14.3, step 5) An entry with two members, `vouch` and `hidden`.",
            ),
            (
                "bundle-1-1-attestation-type.json",
                Box::new(|v: &mut Value| v["evidence"][1]["signed"]["type"] = json!("vouch")),
                "unsupported-format",
                "(§14.3, step 6) An attestation whose type is `vouch`.",
            ),
        ];
        for (file, edit, code, description) in cases {
            self.vector(file, KIND, edited(valid, &*edit), &[code], description);
        }
    }
}
