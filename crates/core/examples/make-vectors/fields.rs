//! Statements and signer fields that break the rules of §5 and §6.

use undersigned_core::bundle::{self, Entry};
use undersigned_core::endorsement::{self, EndorsementBody};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// Entries that do not belong to the release's statement versions, and versions out of order.
    pub(super) fn statements(&mut self, f: &Fixtures) {
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
    pub(super) fn signer_fields(&mut self, f: &Fixtures) {
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
}
