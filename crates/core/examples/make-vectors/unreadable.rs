//! Files a verifier cannot read: not JSON, another format, unknown members, too large.

use serde_json::Value;
use undersigned_core::canonical::pretty;
use undersigned_core::endorsement;

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// Files that cannot be read: not JSON, an unknown format, duplicate or unknown members,
    /// out-of-range values, a byte order mark, over the size cap.
    pub(super) fn unreadable_files(&mut self, f: &Fixtures) {
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
}
