//! The amendments of 2026-12-04 (FORMAT.md, "Amendments to version 1"): hex members that are
//! only compared, direction controls and languages in a statement's texts, time order, and the
//! versions a release carries from the one before.

use serde_json::Value;
use undersigned_core::bundle::{self, Entry};
use undersigned_core::canonical::pretty;
use undersigned_core::canonical::signed_message;
use undersigned_core::endorsement::SignerKind;
use undersigned_core::invitation::Invitation;
use undersigned_core::release::Counts;
use undersigned_core::statement::{self, StatementVersion, Text};
use undersigned_core::{withdrawal, Envelope};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

/// Version 1 of statement A with other texts, signed as it is (no normalization, no checks), so
/// that a vector can break a field rule with a valid signature and a right digest.
fn version_with_texts(f: &Fixtures, texts: Vec<Text>) -> StatementVersion {
    let mut body = f.v1.signed.clone();
    body.digest = hex::encode(statement::digest(&body.statement_id, body.version, &texts));
    body.texts = texts;
    let signature = hex::encode(f.lead.sign(&signed_message(statement::CONTEXT, &body)));
    Envelope { signed: body, signature }
}

fn text(language: &str, title: &str, body: &str) -> Text {
    Text { language: language.into(), title: title.into(), body: body.into() }
}

impl Gen {
    /// §5 Unicode, as amended on 2026-12-04: the classes a name or a body may not hold, under
    /// Unicode 18.0.0 whatever the verifier's platform knows, and the joiners' context.
    pub(super) fn unicode_classes(&mut self, f: &Fixtures) {
        let Fixtures { k_green, e_green, .. } = f;
        let names: [(&str, &str, &[&'static str], &str); 15] = [
            ("endorsement-name-private-use.json", "Green Rivers \u{E000} Alliance", &["field-invalid"], "a private-use character (U+E000, Co)"),
            ("endorsement-name-unassigned.json", "Green Rivers \u{0378} Alliance", &["field-invalid"], "a code point unassigned in Unicode 18.0.0 (U+0378, Cn)"),
            ("endorsement-name-noncharacter.json", "Green Rivers \u{FDD0} Alliance", &["field-invalid"], "a noncharacter (U+FDD0, Cn)"),
            ("endorsement-name-soft-hyphen.json", "Green Rivers Al\u{AD}liance", &["field-invalid"], "a soft hyphen (U+00AD, Cf)"),
            ("endorsement-name-line-separator.json", "Green Rivers\u{2028}Alliance", &["field-invalid"], "a line separator (U+2028, Zl)"),
            ("endorsement-name-c1-control.json", "Green Rivers\u{85}Alliance", &["field-invalid"], "a C1 control, next line (U+0085, Cc)"),
            ("endorsement-name-joiner-between-ascii.json", "Green\u{200C}Rivers Alliance", &["field-invalid"], "a zero-width non-joiner (U+200C) between two ASCII letters"),
            ("endorsement-name-persian-non-joiner.json", "\u{0627}\u{0646}\u{062C}\u{0645}\u{0646} \u{0645}\u{06CC}\u{200C}\u{0647}\u{0627}", &[], "a Persian name with a zero-width non-joiner (U+200C) between two Arabic letters, as Persian spelling needs: valid"),
            ("endorsement-name-unicode-15.json", "Kawi Heritage \u{11F04}", &[], "a letter assigned in Unicode 15.0 (U+11F04, Kawi): valid"),
            ("endorsement-name-unicode-16.json", "Todhri Circle \u{105C0}", &[], "a letter assigned in Unicode 16.0 (U+105C0, Todhri): valid"),
            ("endorsement-name-unicode-17.json", "Sidetic Society \u{10940}", &[], "a letter assigned in Unicode 17.0 (U+10940, Sidetic): valid"),
            ("endorsement-name-recategorised-in-16.json", "Ahom Heritage \u{11700}\u{1171E}", &[], "U+1171E (an Ahom consonant sign) after an Ahom letter: a mark whose category changed from Mn to Mc in Unicode 16.0, a mark either way: valid"),
            ("endorsement-name-recategorised-in-17.json", "Hiwar \u{0295}Ayn Circle", &[], "U+0295 (Latin letter pharyngeal voiced fricative), whose category changed from Ll to Lo in Unicode 17.0, a letter either way: valid"),
            ("endorsement-name-unicode-18.json", "Latin Letters \u{A7DD}", &[], "a letter assigned in Unicode 18.0 (U+A7DD), which a verifier with the tables of Unicode 17 (Node 20's ICU, Chromium) would call unassigned: valid under the format's Unicode 18.0.0"),
            ("endorsement-name-unicode-18-unassigned.json", "Latin Letters \u{A7DD}\u{A7DE}", &["field-invalid"], "U+A7DD, assigned in Unicode 18.0, then U+A7DE, which 18.0 leaves unassigned (Cn)"),
        ];
        for (file, name, codes, what) in names {
            let mut body = e_green.signed.clone();
            body.signer.name = name.into();
            self.vector(
                file,
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                codes,
                &format!("(§5, 2026-12-04) Endorsement whose name holds {what}, correctly signed."),
            );
        }
        let title = "Joint statement on the protection of transboundary rivers";
        for (file, body, what) in [
            (
                "invitation-body-private-use.json",
                "We call on the States \u{F8FF} to act.",
                "a private-use character (U+F8FF)",
            ),
            (
                "invitation-body-unassigned.json",
                "We call on the States \u{0378} to act.",
                "a code point unassigned in Unicode 18.0.0 (U+0378)",
            ),
        ] {
            let inv = Invitation::new(version_with_texts(f, vec![text("en", title, body)]));
            self.vector(
                file,
                "invitation",
                inv.to_json(),
                &["field-invalid"],
                &format!("(§5, 2026-12-04) Invitation whose body holds {what}, correctly signed with a right digest."),
            );
        }
    }

    /// §10.2 check 1, as amended on 2026-12-04: each fact about the versions is one code.
    pub(super) fn version_numbers(&mut self, f: &Fixtures) {
        let Fixtures { lead, id_a, v1, r1, r1_entries, .. } = f;
        {
            let mut body = v1.signed.clone();
            body.version = 0;
            body.digest = hex::encode(statement::digest(id_a, 0, &body.texts));
            let signature = hex::encode(lead.sign(&signed_message(statement::CONTEXT, &body)));
            let zero = Envelope { signed: body, signature };
            let b = bundle::assemble(vec![zero], Vec::new(), None, "2026-03-20T12:00:00Z".into(), lead);
            self.vector(
                "bundle-version-zero.json",
                "bundle",
                b.to_json(),
                &["field-invalid"],
                "(§10.2, 2026-12-04) A release carrying one version numbered 0 and no entries: the field \
                 rule (version ≥ 1) alone, not also version-invalid.",
            );
        }
        {
            let other = open(id_a, 1, texts(2), "2026-05-01T09:00:00Z", "2026-09-30", lead);
            let b = bundle::assemble(
                vec![v1.clone(), other],
                r1_entries.clone(),
                None,
                "2026-10-01T12:00:00Z".into(),
                lead,
            );
            self.vector(
                "bundle-version-1-twice.json",
                "bundle",
                b.to_json(),
                &["version-invalid"],
                "(§10.2, 2026-12-04) Release 1's entries with two versions numbered 1 (other texts, so other \
                 digests), both listed by the release: version-invalid alone; an entry naming either \
                 names a carried version.",
            );
        }
        {
            let mut b = r1.clone();
            b.statement_versions.clear();
            b.release.signed.versions.clear();
            resign(&mut b.release, lead);
            self.vector(
                "bundle-no-versions.json",
                "bundle",
                b.to_json(),
                &["version-invalid"],
                "(§10.2, 2026-12-04) Release 1 carrying no statement version (the release lists none): \
                 version-invalid alone; the bundle's statement and lead are then the release's.",
            );
        }
        {
            let b2 = open_as(
                super::inputs::LEAD_NAME,
                &random_hex("statement-b/id", 16),
                2,
                texts(2),
                "2026-05-01T09:00:00Z",
                "2026-09-30",
                lead,
            );
            let b =
                bundle::assemble(vec![v1.clone(), b2], r1_entries.clone(), None, "2026-10-01T12:00:00Z".into(), lead);
            self.vector(
                "bundle-versions-of-two-statements.json",
                "bundle",
                b.to_json(),
                &["statement-mismatch"],
                "(§10.2, 2026-12-04) Release 1 plus a version 2 of another statement by the same lead: the \
                 bundle's statement is its first version's, so the second version alone is \
                 statement-mismatch.",
            );
        }
    }

    /// §10.2 checks 9–11 read in log order, as stated on 2026-12-04 (what both verifiers did).
    pub(super) fn log_order(&mut self, f: &Fixtures) {
        let Fixtures { k_green, k_agua, v1, d_green, e_green, e_agua, w_agua, .. } = f;
        let again = endorse(v1, d_green, k_green, "2026-03-15T16:00:00Z");
        {
            let w = withdrawal::sign(e_green, k_green, "2026-06-01T08:00:00Z".into()).expect("own endorsement");
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(again.clone()), Entry::Withdrawal(w)]));
            self.vector(
                "bundle-duplicate-signer-then-withdrawal.json",
                "bundle",
                b.to_json(),
                &["duplicate-signer"],
                "(§10.2, 2026-12-04) Release 1 plus a second endorsement by the key of entry 0 (entry 5), then \
                 the withdrawal of entry 0 (entry 6): entry 0 was active when entry 5 came, so entry 5 is a \
                 duplicate signer; the withdrawal is valid.",
            );
        }
        {
            let w = withdrawal::sign(&again, k_green, "2026-06-01T08:00:00Z".into()).expect("own endorsement");
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(again.clone()), Entry::Withdrawal(w)]));
            self.vector(
                "bundle-duplicate-signer-withdrawn.json",
                "bundle",
                b.to_json(),
                &["duplicate-signer"],
                "(§10.2, 2026-12-04) Release 1 plus a second endorsement by the key of entry 0 (entry 5), then \
                 its own withdrawal (entry 6): a withdrawal names an endorsement whatever that endorsement's \
                 failures, and it withdraws it; entry 5 is still a duplicate signer.",
            );
        }
        {
            let mut b =
                f.r1_over(f.with_r1(vec![Entry::Endorsement(e_agua.clone()), Entry::Withdrawal(w_agua.clone())]));
            // Entry 5, a repeat, is not withdrawn: the withdrawal withdrew entry 4 (§9 counts).
            b.release.signed.counts = Counts { endorsements: 6, withdrawals: 1, signatories: 5, withdrawn: 1 };
            resign(&mut b.release, &f.lead);
            self.vector(
                "bundle-withdrawal-of-repeated-entry.json",
                "bundle",
                b.to_json(),
                &["duplicate-entry"],
                "(§10.2, 2026-12-04) Release 1 plus entry 4 again (entry 5), then the withdrawal of that id \
                 (entry 6): it names the first occurrence, entry 4, and withdraws it; the counts say 6 \
                 endorsements, 1 withdrawn, 5 signatories.",
            );
        }
        {
            let mut forged = withdrawal::sign(e_agua, k_agua, "2026-06-01T08:00:00Z".into()).expect("own endorsement");
            forged.signed.withdrawn_at = "2026-06-01T08:00:01Z".into();
            let b = f.r1_over(f.with_r1(vec![Entry::Withdrawal(forged), Entry::Withdrawal(w_agua.clone())]));
            self.vector(
                "bundle-withdrawal-after-invalid-withdrawal.json",
                "bundle",
                b.to_json(),
                &["signature-invalid"],
                "(§10.2, 2026-12-04) Release 1 plus a withdrawal of entry 4 whose signature fails (entry 5), \
                 then a valid one (entry 6): only a withdrawal with no failure withdraws, so entry 6 is not \
                 withdrawal-duplicate.",
            );
        }
        {
            let mut forged = e_green.clone();
            forged.signed.signer.name = "Green Rivers Alliance (forged)".into();
            let mut entries = vec![Entry::Endorsement(forged)];
            entries.extend(f.r1_entries[1..].iter().cloned());
            entries.push(Entry::Endorsement(again));
            let b = f.r1_over(entries);
            self.vector(
                "bundle-signer-again-after-invalid-endorsement.json",
                "bundle",
                b.to_json(),
                &["signature-invalid"],
                "(§10.2, 2026-12-04) Release 1 whose entry 0 has a signature that fails, plus a valid \
                 endorsement by the same key (entry 5): an endorsement with a failure of its own is never \
                 active, so entry 5 is not a duplicate signer.",
            );
        }
    }

    /// §1, §5: small rules stated on 2026-12-04 (already what both verifiers did): a closing
    /// date is a real date from 2000; an escape that is not a surrogate pair is malformed, a pair
    /// is one character; a website's scheme is lower case.
    pub(super) fn small_field_rules(&mut self, f: &Fixtures) {
        let Fixtures { k_green, e_green, .. } = f;
        for (file, closes_on, description) in [
            ("invitation-closes-on-february-30.json", "2026-02-30", "a day February does not have"),
            ("invitation-closes-on-1999.json", "1999-12-31", "a date before 2000"),
        ] {
            let mut body = f.v1.signed.clone();
            body.closes_on = Some(closes_on.into());
            let signature = hex::encode(f.lead.sign(&signed_message(statement::CONTEXT, &body)));
            let inv = Invitation::new(Envelope { signed: body, signature });
            self.vector(
                file,
                "invitation",
                inv.to_json(),
                &["field-invalid"],
                &format!(
                    "(§1, 2026-12-04) Invitation to version 1 closing on {closes_on}, {description}, correctly signed."
                ),
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.signer.kind = "company".into();
            self.vector(
                "endorsement-kind-company.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "(§5, 2026-12-04) Endorsement whose signer's kind is \"company\", correctly signed: a \
                 string outside the two kinds breaks a field rule (a kind that is not a string is \
                 malformed).",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.signer.website = Some("HTTPS://greenrivers.example".into());
            self.vector(
                "endorsement-website-upper-case-scheme.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "(§5, 2026-12-04) Endorsement whose website starts with \"HTTPS://\", correctly signed: the \
                 scheme is compared byte for byte, in lower case.",
            );
        }
        {
            let mut body = e_green.signed.clone();
            body.signer.name = "Green Rivers Alliance \u{1F30A}".into();
            let json = sign_endorsement_body(body, k_green).to_json();
            let text = String::from_utf8(json).expect("UTF-8").replace('\u{1F30A}', "\\ud83c\\udf0a");
            self.vector(
                "endorsement-escaped-surrogate-pair.json",
                "endorsement",
                text.into_bytes(),
                &[],
                "(§1, 2026-12-04) Endorsement whose name ends with U+1F30A (water wave), written in the file as \
                 the escaped surrogate pair \\ud83c\\udf0a: one character, the signature is over it.",
            );
        }
        {
            let text = String::from_utf8(e_green.to_json())
                .expect("UTF-8")
                .replace("Green Rivers Alliance", "Green Rivers \\ud800Alliance");
            self.vector(
                "endorsement-lone-surrogate.json",
                "endorsement",
                text.into_bytes(),
                &["malformed"],
                "(§1, 2026-12-04) Endorsement whose name contains the escape \\ud800, a surrogate with no pair: \
                 not a Unicode scalar value.",
            );
        }
    }

    /// §1, §10.2: a statement version, the release or an entry of another format (or a
    /// statement version of another type) makes the whole bundle `unsupported-format`, exit 2,
    /// nothing else checked; members are checked after the format.
    pub(super) fn nested_formats(&mut self, f: &Fixtures) {
        let Fixtures { lead, k_other, v1, r1, r1_entries, .. } = f;
        {
            let mut v = v1.clone();
            v.signed.format = "undersigned/1.1".into();
            v.signature = hex::encode(lead.sign(&signed_message(statement::CONTEXT, &v.signed)));
            let b = bundle::assemble(vec![v], r1_entries.clone(), None, "2026-03-20T12:00:00Z".into(), lead);
            self.vector(
                "bundle-version-format-1-1.json",
                "bundle",
                b.to_json(),
                &["unsupported-format"],
                "(§10.2, 2026-12-04) Release 1 whose statement version says \"format\": \"undersigned/1.1\" \
                 (correctly signed): the whole bundle is unsupported-format, nothing else is checked.",
            );
        }
        {
            let mut v = v1.clone();
            v.signed.kind = "release".into();
            v.signature = hex::encode(lead.sign(&signed_message(statement::CONTEXT, &v.signed)));
            let b = bundle::assemble(vec![v], r1_entries.clone(), None, "2026-03-20T12:00:00Z".into(), lead);
            self.vector(
                "bundle-version-of-type-release.json",
                "bundle",
                b.to_json(),
                &["unsupported-format"],
                "(§10.2, 2026-12-04) Release 1 whose statement version says \"type\": \"release\" \
                 (correctly signed): a type other than its place's.",
            );
        }
        {
            let mut b = r1.clone();
            b.release.signed.format = "undersigned/2".into();
            resign(&mut b.release, lead);
            self.vector(
                "bundle-release-format-2.json",
                "bundle",
                b.to_json(),
                &["unsupported-format"],
                "(§10.2, 2026-12-04) Release 1 whose release says \"format\": \"undersigned/2\" (correctly signed).",
            );
        }
        let d = details("Mountain Springs Trust", SignerKind::Organization, "NP", None, None, None);
        let mut body = endorse(v1, &d, k_other, "2026-03-07T10:00:00Z").signed;
        body.format = "undersigned/1.1".into();
        let later = sign_endorsement_body(body, k_other);
        {
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(later.clone())]));
            self.vector(
                "bundle-entry-format-1-1.json",
                "bundle",
                b.to_json(),
                &["unsupported-format"],
                "(§10.2, 2026-12-04) Release 1 plus entry 5, an endorsement whose body says \"format\": \
                 \"undersigned/1.1\" (correctly signed, the release re-signed over it).",
            );
        }
        {
            // The same with a member format 1 does not define: the format is checked first.
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(later)]));
            let mut v: Value = json_value(&b);
            v["entries"][5]["endorsement"]["signed"]["evidence"] = Value::Array(Vec::new());
            self.vector(
                "bundle-entry-format-1-1-new-member.json",
                "bundle",
                pretty(&v),
                &["unsupported-format"],
                "(§1, 2026-12-04) The same, the endorsement also carrying a member \"evidence\" that format 1 \
                 does not define: the format is checked before the members.",
            );
        }
        {
            // A withdrawal's envelope under the tag "endorsement": members of another kind.
            let mut v: Value = json_value(&r1);
            let w = json_value(&f.w_agua);
            v["entries"][4] = serde_json::json!({ "endorsement": w });
            self.vector(
                "bundle-entry-tag-mismatch.json",
                "bundle",
                pretty(&v),
                &["malformed"],
                "(§1, 2026-12-04) Release 1 whose entry 4 is a withdrawal's envelope under the tag \
                 \"endorsement\": its members are not an endorsement's (malformed; its format is ours).",
            );
        }
    }

    /// §1: hex members that are only compared are `field-invalid` when they break their form,
    /// and are then compared with nothing.
    pub(super) fn compared_hex(&mut self, f: &Fixtures) {
        let Fixtures { k_green, k_agua, k_other, v1, e_green, e_agua, .. } = f;
        {
            let mut body = e_green.signed.clone();
            body.statement.lead_key = body.statement.lead_key.to_uppercase();
            self.vector(
                "endorsement-upper-case-lead-key.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "(§1, 2026-12-04) Endorsement naming the lead's key in upper-case hex, correctly signed: \
                 a hex member that is only compared breaks its form.",
            );
        }
        {
            // The bundle's own members: version 1's digest, then its statement id, in upper case
            // (the version and the release re-signed by the lead).
            for (file, what, upper) in [
                ("bundle-version-digest-upper-case.json", "digest", true),
                ("bundle-statement-id-upper-case.json", "statement id", false),
            ] {
                let mut v = f.v1.clone();
                if upper {
                    v.signed.digest = v.signed.digest.to_uppercase();
                } else {
                    v.signed.statement_id = v.signed.statement_id.to_uppercase();
                }
                v.signature = hex::encode(f.lead.sign(&signed_message(statement::CONTEXT, &v.signed)));
                let b = bundle::assemble(vec![v], f.r1_entries.clone(), None, "2026-03-20T12:00:00Z".into(), &f.lead);
                self.vector(
                    file,
                    "bundle",
                    b.to_json(),
                    &["field-invalid"],
                    &format!(
                        "(§1, 2026-12-04) Release 1 whose version 1 has its {what} in upper-case hex (the release, \
                         assembled from it, too): field-invalid, and compared with nothing, so no \
                         digest-mismatch, version-invalid or statement-mismatch besides."
                    ),
                );
            }
        }
        {
            let mut body = e_green.signed.clone();
            body.statement.digest = body.statement.digest.to_uppercase();
            self.vector(
                "endorsement-upper-case-digest.json",
                "endorsement",
                sign_endorsement_body(body, k_green).to_json(),
                &["field-invalid"],
                "(§1, 2026-12-04) Endorsement naming the statement digest in upper-case hex, correctly signed.",
            );
        }
        {
            let mut w = withdrawal::sign(e_agua, k_agua, "2026-06-02T08:00:00Z".into()).expect("own endorsement");
            w.signed.statement.lead_key = w.signed.statement.lead_key.to_uppercase();
            self.vector(
                "withdrawal-upper-case-lead-key.json",
                "withdrawal",
                sign_withdrawal_body(w.signed, k_agua).to_json(),
                &["field-invalid"],
                "(§1, 2026-12-04) Withdrawal naming the lead's key in upper-case hex, correctly signed.",
            );
        }
        {
            let d = details("Mountain Springs Trust", SignerKind::Organization, "NP", None, None, None);
            let mut body = endorse(v1, &d, k_other, "2026-03-07T10:00:00Z").signed;
            body.statement.lead_key = body.statement.lead_key.to_uppercase();
            let e = sign_endorsement_body(body, k_other);
            let b = f.r1_over(f.with_r1(vec![Entry::Endorsement(e)]));
            self.vector(
                "bundle-endorsement-upper-case-lead-key.json",
                "bundle",
                b.to_json(),
                &["field-invalid"],
                "(§1, 2026-12-04) Release 1 plus entry 5, an endorsement naming the lead's key in upper-case \
                 hex: field-invalid, and not also statement-mismatch (a member that breaks its form is \
                 compared with nothing).",
            );
        }
    }

    /// §5: direction controls in a body, and a language twice in other capitals.
    pub(super) fn texts_rules(&mut self, f: &Fixtures) {
        let title = "Joint statement on the protection of transboundary rivers";
        let cases: [(&str, Vec<Text>, &[&'static str], &str); 4] = [
            (
                "invitation-bidi-isolates.json",
                vec![text(
                    "en",
                    title,
                    "We call on the \u{2067}\u{627}\u{644}\u{62c}\u{627}\u{645}\u{639}\u{629} \
                     \u{627}\u{644}\u{639}\u{631}\u{628}\u{64a}\u{629}\u{2069} (the Arab League) to act.\n\
                     \u{200F}\u{2068}Second line\u{2069}, isolates closed on their line.",
                )],
                &[],
                "(§5, 2026-12-04) Invitation whose English body names an organization in Arabic inside a \
                 right-to-left isolate (U+2067 … U+2069), and a right-to-left mark: balanced isolates \
                 are allowed.",
            ),
            (
                "invitation-bidi-override.json",
                vec![text("en", title, "We call on the States to \u{202E}reject\u{202C} the draft treaty.")],
                &["field-invalid"],
                "(§5, 2026-12-04) Invitation whose body contains a right-to-left override (U+202E … \
                 U+202C), correctly signed with a right digest: the same bytes could display as another \
                 sentence.",
            ),
            (
                "invitation-bidi-isolate-open.json",
                vec![text("en", title, "We call on the States \u{2067}to act.\nThe isolate closes here\u{2069}.")],
                &["field-invalid"],
                "(§5, 2026-12-04) Invitation whose body opens an isolate (U+2067) on one line and closes \
                 it (U+2069) on the next: isolates are balanced within each line.",
            ),
            (
                "invitation-language-twice-by-case.json",
                vec![
                    text("en-GB", title, "We call on the States to act."),
                    text("en-gb", title, "We call on the States to act now."),
                ],
                &["field-invalid"],
                "(§5, 2026-12-04) Invitation with texts in \"en-GB\" and \"en-gb\", sorted by bytes: one \
                 language twice, in other capitals.",
            ),
        ];
        for (file, texts, codes, description) in cases {
            let inv = Invitation::new(version_with_texts(f, texts));
            self.vector(file, "invitation", inv.to_json(), codes, description);
        }
    }

    /// §9: time order, where one party signed both timestamps.
    pub(super) fn time_order(&mut self, f: &Fixtures) {
        let Fixtures { lead, k_agua, id_a, v1, e_agua, r1, r1_entries, r2_entries, .. } = f;
        {
            // Version 2 opened before version 1, texts (so digest) unchanged.
            let early = open(id_a, 2, texts(2), "2026-02-01T09:00:00Z", "2026-09-30", lead);
            let b = bundle::assemble(
                vec![v1.clone(), early],
                r2_entries.clone(),
                Some(&r1.release),
                "2026-10-01T12:00:00Z".into(),
                lead,
            );
            self.vector(
                "bundle-version-opened-before-previous-version.json",
                "bundle",
                b.to_json(),
                &["time-order"],
                "(§9, 2026-12-04) Release 2 whose version 2 was opened on 2026-02-01, before version 1 \
                 (2026-03-01); everything else as release 2.",
            );
        }
        {
            let b = bundle::assemble(vec![v1.clone()], r1_entries.clone(), None, "2026-02-20T12:00:00Z".into(), lead);
            self.vector(
                "bundle-release-before-version.json",
                "bundle",
                b.to_json(),
                &["time-order"],
                "(§9, 2026-12-04) Release 1 issued on 2026-02-20, before the version it carries was opened \
                 (2026-03-01). The endorsements are dated later: two parties' clocks are not compared.",
            );
        }
        {
            let w = withdrawal::sign(e_agua, k_agua, "2026-03-01T08:00:00Z".into()).expect("own endorsement");
            let mut b = f.r1_over(f.with_r1(vec![Entry::Withdrawal(w)]));
            b.release.signed.counts = Counts { endorsements: 5, withdrawals: 1, signatories: 5, withdrawn: 0 };
            resign(&mut b.release, lead);
            self.vector(
                "bundle-withdrawal-dated-before-endorsement.json",
                "bundle",
                b.to_json(),
                &["time-order"],
                "(§9, 2026-12-04) Release 1 plus a withdrawal of entry 4 by its key, dated 2026-03-01, \
                 before the endorsement's signed_at: it withdraws nothing (5 signatories, 0 withdrawn).",
            );
        }
    }

    /// §10.3: release R carries every version of release R−1 unchanged.
    pub(super) fn versions_across_releases(&mut self, f: &Fixtures) {
        let Fixtures { lead, id_a, v2, r1, r2_entries, .. } = f;
        // Version 1 re-signed with another lead name: the digest (id, number, texts) is the same,
        // so every endorsement still matches it.
        let renamed =
            open_as("Coalition of Friendly Governments", id_a, 1, texts(1), "2026-03-01T09:00:00Z", "2026-06-30", lead);
        let b = bundle::assemble(
            vec![renamed, v2.clone()],
            r2_entries.clone(),
            Some(&r1.release),
            "2026-10-01T12:00:00Z".into(),
            lead,
        );
        let file = "bundle-release-2-resigned-version-1.json";
        self.vector(
            file,
            "bundle",
            b.to_json(),
            &[],
            "(§10.3, 2026-12-04) Release 2 carrying version 1 re-signed by the lead under another lead \
             name (same texts, so the same digest): valid on its own.",
        );
        self.list(
            file,
            "bundle",
            Some("bundle-release-1.json"),
            &["previous-mismatch"],
            "(§10.3, 2026-12-04) The same, against release 1: version 1 is not carried unchanged.",
        );
    }
}
