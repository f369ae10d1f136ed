//! A release against the previous one (§10.3), including a previous bundle that cannot be read.

use undersigned_core::bundle::{self, Entry};

use super::fixtures::Fixtures;
use super::gen::Gen;
use super::inputs::*;

impl Gen {
    /// Releases against their predecessors (`previous` in index.json).
    pub(super) fn previous_releases(&mut self, f: &Fixtures) {
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
