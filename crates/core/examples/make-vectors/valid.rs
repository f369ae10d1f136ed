//! Valid files and releases: what a verifier must accept.

use undersigned_core::bundle::{self, Entry};
use undersigned_core::endorsement::SignerKind;
use undersigned_core::Invitation;

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// Valid invitations, endorsements and a withdrawal.
    pub(super) fn valid_files(&mut self, f: &Fixtures) {
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
    pub(super) fn valid_releases(&mut self, f: &Fixtures) {
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
}
