//! The log: repeated entries and signers, withdrawals, and a release that does not match its log.

use sha2::{Digest, Sha256};
use undersigned_core::bundle::Entry;
use undersigned_core::release::Counts;
use undersigned_core::withdrawal::{self, StatementRef, WithdrawalBody};
use undersigned_core::FORMAT;

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// The log: the same entry twice, the same signer twice.
    pub(super) fn log_duplicates(&mut self, f: &Fixtures) {
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
    pub(super) fn log_withdrawals(&mut self, f: &Fixtures) {
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
    pub(super) fn release_vs_log(&mut self, f: &Fixtures) {
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
}
