//! The keys, statement versions, endorsements and releases the vectors are made from.

use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::endorsement::{Endorsement, SignerDetails, SignerKind};
use undersigned_core::statement::{StatementVersion, Text};
use undersigned_core::withdrawal::{self, Withdrawal};
use undersigned_core::SecretKey;

use super::inputs::*;

/// The keys, statement versions, endorsements and releases the vectors are made from, built once.
pub(super) struct Fixtures {
    pub(super) lead: SecretKey,
    pub(super) k_green: SecretKey,
    pub(super) k_reseau: SecretKey,
    pub(super) k_water: SecretKey,
    pub(super) k_agua: SecretKey,
    pub(super) k_other: SecretKey,
    pub(super) id_a: String,
    pub(super) v1: StatementVersion,
    pub(super) v2: StatementVersion,
    pub(super) b1: StatementVersion,
    pub(super) d_green: SignerDetails,
    pub(super) e_green: Endorsement,
    pub(super) e_reseau: Endorsement,
    pub(super) e_amina: Endorsement,
    pub(super) e_water: Endorsement,
    pub(super) e_agua: Endorsement,
    pub(super) e_mekong: Endorsement,
    pub(super) e_delta_b: Endorsement,
    pub(super) w_agua: Withdrawal,
    pub(super) r1_entries: Vec<Entry>,
    pub(super) r1: Bundle,
    pub(super) r2_entries: Vec<Entry>,
    pub(super) r2: Bundle,
}

impl Fixtures {
    pub(super) fn new() -> Self {
        // Keys.
        let lead = key("lead");
        let k_green = key("signer/green-rivers");
        let k_reseau = key("signer/reseau-femmes");
        let k_amina = key("signer/amina-yusuf");
        let k_water = key("signer/water-justice");
        let k_agua = key("signer/agua-viva");
        let k_mekong = key("signer/mekong-watch");
        let k_delta = key("signer/delta-fishers");
        let k_other = key("other");

        // Statement A, versions 1 and 2 (English and French); statement B by the same lead.
        let id_a = random_hex("statement-a/id", 16);
        let id_b = random_hex("statement-b/id", 16);
        let v1 = open(&id_a, 1, texts(1), "2026-03-01T09:00:00Z", "2026-06-30", &lead);
        let v2 = open(&id_a, 2, texts(2), "2026-05-01T09:00:00Z", "2026-09-30", &lead);
        let b1 = open(
            &id_b,
            1,
            vec![Text {
                language: "en".into(),
                title: "Open letter on coastal fisheries".into(),
                body: "We, the undersigned, ask for a moratorium on bottom trawling in coastal waters.".into(),
            }],
            "2026-04-01T09:00:00Z",
            "2026-07-31",
            &lead,
        );

        // Endorsements of release 1 (version 1), one of version 2, a withdrawal.
        let d_green = details(
            "Green Rivers Alliance",
            SignerKind::Organization,
            "KE",
            Some("https://greenrivers.example"),
            None,
            None,
        );
        let e_green = endorse(&v1, &d_green, &k_green, "2026-03-04T15:12:09Z");
        let e_reseau = endorse(
            &v1,
            &details(
                "Réseau des femmes pour l’eau",
                SignerKind::Organization,
                "SN",
                Some("https://reseau-femmes-eau.example"),
                None,
                None,
            ),
            &k_reseau,
            "2026-03-05T10:30:00Z",
        );
        let e_amina = endorse(
            &v1,
            &details(
                "Amina Yusuf",
                SignerKind::Individual,
                "NG",
                None,
                Some("Professor of Hydrology"),
                Some("University of Lagos"),
            ),
            &k_amina,
            "2026-03-06T08:45:00Z",
        );
        let e_water = endorse(
            &v1,
            &details(
                "شبكة العدالة المائية",
                SignerKind::Organization,
                "JO",
                Some("https://water-justice.example"),
                None,
                None,
            ),
            &k_water,
            "2026-03-07T19:05:30Z",
        );
        let e_agua = endorse(
            &v1,
            &details(
                "Instituto Água Viva",
                SignerKind::Organization,
                "BR",
                Some("https://aguaviva.example"),
                None,
                None,
            ),
            &k_agua,
            "2026-03-09T13:00:00Z",
        );
        let e_mekong = endorse(
            &v2,
            &details(
                "Mekong Water Watch",
                SignerKind::Organization,
                "KH",
                Some("https://mekongwatch.example"),
                None,
                None,
            ),
            &k_mekong,
            "2026-05-12T07:20:00Z",
        );
        let w_agua = withdrawal::sign(&e_agua, &k_agua, "2026-06-02T08:00:00Z".into()).expect("own endorsement");

        let r1_entries = endorsements(&[&e_green, &e_reseau, &e_amina, &e_water, &e_agua]);
        let r1 = bundle::assemble(vec![v1.clone()], r1_entries.clone(), None, "2026-03-20T12:00:00Z".into(), &lead);
        let mut r2_entries = r1_entries.clone();
        r2_entries.push(Entry::Endorsement(e_mekong.clone()));
        r2_entries.push(Entry::Withdrawal(w_agua.clone()));
        let r2 = bundle::assemble(
            vec![v1.clone(), v2.clone()],
            r2_entries.clone(),
            Some(&r1.release),
            "2026-10-01T12:00:00Z".into(),
            &lead,
        );

        // Statement B's endorsement.
        let e_delta_b = endorse(
            &b1,
            &details("Delta Fishers Union", SignerKind::Organization, "BD", None, None, None),
            &k_delta,
            "2026-04-03T11:00:00Z",
        );
        Fixtures {
            lead,
            k_green,
            k_reseau,
            k_water,
            k_agua,
            k_other,
            id_a,
            v1,
            v2,
            b1,
            d_green,
            e_green,
            e_reseau,
            e_amina,
            e_water,
            e_agua,
            e_mekong,
            e_delta_b,
            w_agua,
            r1_entries,
            r1,
            r2_entries,
            r2,
        }
    }

    /// A release 1 with its log, from any list of entries, correctly signed.
    pub(super) fn r1_over(&self, entries: Vec<Entry>) -> Bundle {
        bundle::assemble(vec![self.v1.clone()], entries, None, "2026-03-20T12:00:00Z".into(), &self.lead)
    }

    /// Release 1's entries followed by `extra`.
    pub(super) fn with_r1(&self, extra: Vec<Entry>) -> Vec<Entry> {
        let mut e = self.r1_entries.clone();
        e.extend(extra);
        e
    }
}
