//! The amendment of 2026-12-04 (evening), FORMAT.md §1 and §10.2: a `format` anywhere (inside
//! members format 1 does not define too) or of the wrong JSON type, members before type, an
//! entry failing a field rule and its signature, and one `counts-mismatch` for several counts.

use serde_json::{json, Value};
use undersigned_core::bundle::Entry;
use undersigned_core::canonical::pretty;

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

/// A vector made by editing release 1's JSON: its file, the edit, its one code, its description.
type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value), &'static str, &'a str);

impl Gen {
    pub(super) fn reading_order(&mut self, f: &Fixtures) {
        let Fixtures { lead, r1, .. } = f;
        let r1_json: Value = json_value(r1);
        let edited = |edit: &dyn Fn(&mut Value)| {
            let mut v = r1_json.clone();
            edit(&mut v);
            pretty(&v)
        };
        let cases: [Edit; 6] = [
            (
                "bundle-entry-format-number.json",
                &|v| v["entries"][0]["endorsement"]["signed"]["format"] = json!(1),
                "malformed",
                "(§1, 2026-12-04, reading) Release 1 whose entry 0 says \"format\": 1, a number: it claims \
                 no other format, so its members decide (a member of the wrong type).",
            ),
            (
                "bundle-release-format-null.json",
                &|v| v["release"]["signed"]["format"] = Value::Null,
                "malformed",
                "(§1, 2026-12-04, reading) Release 1 whose release says \"format\": null.",
            ),
            (
                "bundle-unknown-member-format-2.json",
                &|v| v["extensions"] = json!({ "format": "undersigned/2", "type": "checkpoint" }),
                "unsupported-format",
                "(§1, 2026-12-04, reading) Release 1 with a top-level member format 1 does not define, an \
                 object saying \"format\": \"undersigned/2\": a format is checked anywhere, before the \
                 members (the Rust verifier said malformed, verify.html unsupported-format).",
            ),
            (
                "bundle-signer-unknown-member-format-1-1.json",
                &|v| {
                    v["entries"][0]["endorsement"]["signed"]["signer"]["evidence"] =
                        json!({ "format": "undersigned/1.1", "type": "evidence" })
                },
                "unsupported-format",
                "(§1, 2026-12-04, reading) Release 1 whose entry 0's signer has a member format 1 does not \
                 define, an object saying \"format\": \"undersigned/1.1\".",
            ),
            (
                "bundle-signer-unknown-format-1.json",
                &|v| v["entries"][0]["endorsement"]["signed"]["signer"]["format"] = json!("undersigned/1"),
                "malformed",
                "(§1, 2026-12-04, reading) Release 1 whose entry 0's signer has a member \"format\": \
                 \"undersigned/1\": our format, so only a member the signer does not have (malformed).",
            ),
            (
                "bundle-version-with-release-members.json",
                &|v| v["statement_versions"][0]["signed"] = v["release"]["signed"].clone(),
                "malformed",
                "(§1, 2026-12-04, reading) Release 1 whose statement version's body is the release's body \
                 (its members and \"type\": \"release\"): members come before the type, so malformed, \
                 not unsupported-format.",
            ),
        ];
        for (file, edit, code, description) in cases {
            self.vector(file, "bundle", edited(edit), &[code], description);
        }
        {
            // Entry 0 with its country in lower case, not re-signed; the release re-signed over it.
            let mut entries = f.r1_entries.clone();
            let Some(Entry::Endorsement(e)) = entries.first_mut() else { unreachable!("entry 0 is an endorsement") };
            e.signed.signer.country = e.signed.signer.country.to_lowercase();
            let b = f.r1_over(entries);
            self.vector(
                "bundle-entry-field-and-signature.json",
                "bundle",
                b.to_json(),
                &["field-invalid", "signature-invalid"],
                "(§10.2, 2026-12-04, reading) Release 1 (re-signed over its entries) whose entry 0's \
                 country was changed to lower case after signing: a field rule broken and a signature \
                 that fails, two failures of one entry.",
            );
        }
        {
            let mut b = r1.clone();
            b.release.signed.counts.endorsements += 1;
            b.release.signed.counts.signatories += 1;
            resign(&mut b.release, lead);
            self.vector(
                "bundle-counts-two-wrong.json",
                "bundle",
                b.to_json(),
                &["counts-mismatch"],
                "(§10.2, 2026-12-04, reading) Release 1 (correctly signed) whose counts say one endorsement \
                 and one signatory more than its entries: one counts-mismatch, at release.",
            );
        }
    }
}
