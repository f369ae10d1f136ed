//! Signers not named (FORMAT.md §14.9) against real stores, as the app calls them: the lead's
//! list of them (state, checks, vouchers), a named member's vouch from "What I signed", and a
//! member's withdrawal and reveal of its signature without its name, kept in its sealed record.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_core::{canonical, AnyInvitation, SecretKey};
use undersigned_store::workflows::unnamed::{self, UnnamedCheck};
use undersigned_store::{Outcome, Store};

const T0: &str = "2026-03-01T09:00:00Z";
const T1: &str = "2026-03-05T09:00:00Z";
const T2: &str = "2026-04-01T09:00:00Z";
const T3: &str = "2026-04-02T09:00:00Z";

fn org(name: &str, country: &str) -> SignerDetails {
    SignerDetails {
        name: name.into(),
        kind: SignerKind::Organization,
        country: country.into(),
        website: None,
        title: None,
        affiliation: None,
    }
}

fn import(store: &mut Store, name: &str, bytes: Vec<u8>) -> Outcome {
    store.import(vec![(name.into(), bytes)], T3, &mut |_, _, _| {}).unwrap().remove(0).outcome
}

#[test]
fn the_lead_lists_them_and_members_vouch_withdraw_and_reveal() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha20Rng::from_seed([18; 32]);
    let lead = SecretKey::generate(&mut rng);
    let mut store = Store::open(&dir.path().join("lead.db")).unwrap();
    let mut idb = [0u8; 16];
    rng.fill_bytes(&mut idb);
    let id = store
        .create_statement(&lead.public_key(), "Coalition", "Inquiry", "We call for an inquiry.\n", "en", T0, idb)
        .unwrap();
    store.open_statement_witnessed(&id, &lead, None, T0, &[], None, true).unwrap();
    let inv = AnyInvitation::parse(&store.invitation(&id).unwrap().to_json()).unwrap();

    // A named member signs; another signs without its name and sends its vetting packet.
    let mut named = Store::open(&dir.path().join("named.db")).unwrap();
    let named_key = SecretKey::generate(&mut rng);
    let e = undersigned_store::sign_invitation(&inv, &org("River Keepers", "KE"), &named_key, T1).unwrap();
    named.record_signature(&inv, &e).unwrap();
    assert!(matches!(import(&mut store, "named", e.to_json()), Outcome::Accepted { .. }));
    let mut hidden = Store::open(&dir.path().join("hidden.db")).unwrap();
    let hidden_key = SecretKey::generate(&mut rng);
    let signed = unnamed::sign_hidden(
        &inv,
        &org("Mothers of the Disappeared", "SY"),
        &hidden_key,
        Some("asia"),
        None,
        T1,
        &mut rng,
    )
    .unwrap();
    hidden.record_hidden(&signed).unwrap();
    let entry = signed.entry.clone();
    assert!(store.unnamed_list(&id).unwrap().is_empty(), "nothing until it comes in");
    store.vetting_open(&signed.packet, &lead, T1).unwrap();

    let list = store.unnamed_list(&id).unwrap();
    assert_eq!(list.len(), 1);
    let it = &list[0];
    assert_eq!((it.entry.as_str(), it.region.as_deref(), it.state.as_str()), (entry.as_str(), Some("asia"), "waiting"));
    assert!(it.vetting_packet && it.checks.is_empty() && it.vouchers == 0 && it.revealed_as.is_none());
    assert!(!format!("{list:?}").contains("Mothers"), "the list never says who it is");

    store.attest(&entry, "call", "2026-03-04", None, T1).unwrap();
    let it = store.unnamed_list(&id).unwrap().remove(0);
    assert_eq!(it.state, "checked");
    assert_eq!(it.checks, [UnnamedCheck { method: "call".into(), checked_on: "2026-03-04".into() }]);

    // The named member vouches from "What I signed", with the key it signed with only.
    let mine = hex::encode(e.id());
    assert!(named.vouch_mine(&mine, &entry, &hidden_key, T1).is_err(), "another key");
    assert!(named.vouch_mine(&mine, "not an id", &named_key, T1).is_err(), "not an entry id");
    let spaced: String =
        entry.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
    let v = named.vouch_mine(&mine[..12], &spaced.to_uppercase(), &named_key, T1).unwrap();
    assert_eq!(v.signed.hidden, entry, "the id as the lead gave it, spaces and case aside");
    assert!(matches!(import(&mut store, "vouch", canonical::to_jcs(&v)), Outcome::Accepted { .. }));
    let it = store.unnamed_list(&id).unwrap().remove(0);
    assert_eq!((it.vouchers, it.vouchers_counted), (1, 0), "its voucher's key is not on its own website");

    // The member withdraws it; asked again later, the same withdrawal; its record says so.
    let w = hidden.withdraw_mine(&entry, &hidden_key, T2).unwrap();
    assert_eq!(hidden.withdraw_mine(&entry, &hidden_key, T3).unwrap().to_json(), w.to_json());
    assert!(hidden.withdraw_mine(&entry, &named_key, T2).is_err(), "another key opens no record");
    let view = hidden.my_hidden_view(&hidden_key).unwrap();
    assert!(view[0].withdrawn && !view[0].revealed);
    hidden.reveal_mine(&entry, &hidden_key).unwrap();
    assert!(hidden.my_hidden_view(&hidden_key).unwrap()[0].revealed);
    let o = import(&mut store, "withdrawal", w.to_json());
    assert!(matches!(o, Outcome::Accepted { .. }), "{o:?}");
    assert_eq!(store.unnamed_list(&id).unwrap()[0].state, "withdrawn");

    // A named signature withdrawn vouches no more.
    let wn = undersigned_store::withdraw(&e, &named_key, T2).unwrap();
    named.record_withdrawal(&wn).unwrap();
    assert!(named.vouch_mine(&mine, &entry, &named_key, T2).is_err());
}
