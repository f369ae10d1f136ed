//! Witnessed releases end to end with the `undersigned` binary (issue 17, FORMAT.md §14.8,
//! §14.13): the lead opens a version with two witnesses and a quorum of two; a member signs the
//! invitation (of format 1.1); release 1 does not verify until co-signed (`quorum-not-met`);
//! each witness co-signs from the lead's request in its own store; the lead adds their files and
//! exports the release again: valid, co-signed by both. Release 2 extends it, the witnesses
//! co-sign from the size they last co-signed, and it verifies against release 1. A cosignature
//! file of release 1 does not go into release 2.

mod common;
use common::{dump, stdout, Sandbox};

const PASSPHRASE: &str = "a passphrase for witnessed releases";

/// A key file `WHO.key` for each party.
fn new_keys(s: &Sandbox, who: &[&str]) {
    for w in who {
        s.exits(0, None, &["key", "new", "--out", &format!("{w}.key"), "--name", w]);
    }
}

fn public_key(s: &Sandbox, file: &str) -> String {
    let kf: serde_json::Value = serde_json::from_str(&s.read(file)).unwrap();
    kf["public_key"].as_str().unwrap().to_owned()
}

#[test]
fn a_release_co_signed_by_its_witnesses() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    new_keys(&s, &["lead", "m1", "m2", "w1", "w2"]);
    let (w1, w2) = (public_key(&s, "w1.key"), public_key(&s, "w2.key"));

    s.write("statement.md", "We, the undersigned, call on the states to protect the rivers they share.\n");
    let new =
        ["statement", "new", "--title", "Joint statement on rivers", "--text", "statement.md", "--key", "lead.key"];
    let out = s.exits(0, lead, &new);
    let id = stdout(&out).lines().last().unwrap().trim().to_owned();
    let witness1 = format!("press.example/w1,{w1},Press Freedom Watch,https://press.example");
    let witness2 = format!("law.example/w2,{w2},Centre for International Law");
    let out = s.exits(
        0,
        lead,
        &["statement", "open", &id, "--key", "lead.key", "--witness", &witness1, "--witness", &witness2],
    );
    assert!(
        stdout(&out).contains("co-signed by 2 of these 2 witnesses: Press Freedom Watch, Centre for International Law"),
        "{}",
        dump(&out)
    );
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);
    let inv: serde_json::Value = serde_json::from_str(&s.read("invitation.json")).unwrap();
    assert_eq!(inv["format"], "undersigned/1.1");
    assert_eq!(inv["statement"]["signed"]["quorum"], 2);

    // A member signs it, and is told it endorses the witnesses too.
    let sign = |who: &str, name: &str| {
        let args = [
            "sign",
            "invitation.json",
            "--key",
            &format!("{who}.key"),
            "--out",
            &format!("{who}.json"),
            "--name",
            name,
            "--country",
            "KE",
        ];
        let out = s.exits(0, Some(&format!("{who}.db")), &args);
        assert!(stdout(&out).contains("You endorsed its witnesses too: 2 of 2 must co-sign"), "{}", dump(&out));
    };
    sign("m1", "Green Rivers Alliance");
    s.exits(0, lead, &["import", "m1.json"]);

    // Release 1: made, and not valid until co-signed.
    let out = s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "r1.json"]);
    assert!(stdout(&out).contains("It needs the cosignatures of 2 of its 2 witnesses"), "{}", dump(&out));
    let out = s.exits(1, None, &["verify", "r1.json"]);
    assert!(stdout(&out).contains("(quorum-not-met)"), "{}", dump(&out));
    assert!(stdout(&out).contains("Co-signed by 0 of 2 witnesses (quorum 2)"), "{}", dump(&out));

    // Each witness co-signs from the request, in its own store, under its key name.
    let cosign = |who: &str, name: &str, req: &str, out: &str| {
        let args = ["witness", "add-checkpoint", req, "--key", &format!("{who}.key"), "--name", name, "--out", out];
        s.exits(0, Some(&format!("{who}.db")), &args);
    };
    s.exits(0, lead, &["request-cosignature", &id, "--out", "request-1.txt"]);
    cosign("w1", "press.example/w1", "request-1.txt", "w1-r1.json");
    cosign("w2", "law.example/w2", "request-1.txt", "w2-r1.json");
    let out = s.exits(0, lead, &["add-cosignatures", &id, "w1-r1.json", "w2-r1.json"]);
    assert!(stdout(&out).contains("Release 1 is co-signed by 2 of the 2 witnesses it needs"), "{}", dump(&out));
    // Adding a file again adds nothing.
    let out = s.exits(0, lead, &["add-cosignatures", &id, "w1-r1.json"]);
    assert!(stdout(&out).contains("w1-r1.json: nothing new"), "{}", dump(&out));
    s.exits(0, lead, &["export", &id, "--out", "r1-cosigned.json"]);
    let out = s.exits(0, None, &["verify", "r1-cosigned.json"]);
    let text = stdout(&out);
    assert!(text.contains("VALID"), "{text}");
    assert!(
        text.contains("Co-signed by 2 of 2 witnesses (quorum 2): Press Freedom Watch, Centre for International Law"),
        "{text}"
    );

    // Release 2 extends release 1; each witness co-signs from the size it co-signed last.
    sign("m2", "Coastal Voices Network");
    s.exits(0, lead, &["import", "m2.json"]);
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "r2.json"]);
    s.exits(0, lead, &["request-cosignature", &id, "--old", "1", "--out", "request-2.txt"]);
    cosign("w1", "press.example/w1", "request-2.txt", "w1-r2.json");
    cosign("w2", "law.example/w2", "request-2.txt", "w2-r2.json");
    // Release 1's files co-sign another checkpoint: not added to release 2.
    let out = s.run(lead, &["add-cosignatures", &id, "w1-r1.json"]);
    assert_ne!(out.status.code(), Some(0), "{}", dump(&out));
    assert!(dump(&out).contains("another checkpoint"), "{}", dump(&out));
    s.exits(0, lead, &["add-cosignatures", &id, "w1-r2.json", "w2-r2.json"]);
    s.exits(0, lead, &["export", &id, "--out", "r2-cosigned.json"]);
    let out = s.exits(0, None, &["verify", "r2-cosigned.json", "--previous", "r1-cosigned.json"]);
    let text = stdout(&out);
    assert!(text.contains("VALID") && text.contains("Co-signed by 2 of 2 witnesses"), "{text}");
    assert!(text.contains("Against release 1: 1 kept, 0 withdrawn by their signers, 1 added"), "{text}");

    // A witness asked to co-sign release 1 again after release 2 refuses: it is at size 2.
    let out = s.run(
        Some("w1.db"),
        &[
            "witness",
            "add-checkpoint",
            "request-1.txt",
            "--key",
            "w1.key",
            "--name",
            "press.example/w1",
            "--out",
            "again.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
}

/// Issue 17's story: a lead, three witnesses and a quorum of two. Release 1 is co-signed by all
/// three. The lead shows release 2 to the third witness only, then rewinds its store (a backup
/// from before release 2) and makes another release 2 with another signatory, which the first
/// two co-sign. The third refuses it, and its proof that the lead signed two lists verifies.
/// The rewritten release still verifies (2 of 3 co-signed): a verifier that names the third as
/// its own witness learns that it did not co-sign. The publication says who co-signed.
#[test]
fn three_witnesses_and_one_refuses_a_rewritten_release() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    new_keys(&s, &["lead", "m1", "m2", "m3", "w1", "w2", "w3"]);
    let keys = [public_key(&s, "w1.key"), public_key(&s, "w2.key"), public_key(&s, "w3.key")];
    let names = ["press.example/w1", "law.example/w2", "uni.example/w3"];
    s.write("statement.md", "We, the undersigned, call on the states to protect the rivers they share.\n");
    let new =
        ["statement", "new", "--title", "Joint statement on rivers", "--text", "statement.md", "--key", "lead.key"];
    let out = s.exits(0, lead, &new);
    let id = stdout(&out).lines().last().unwrap().trim().to_owned();
    let w = [
        format!("{},{},Press Freedom Watch", names[0], keys[0]),
        format!("{},{},Centre for International Law", names[1], keys[1]),
        format!("{},{},University Observatory", names[2], keys[2]),
    ];
    let open = ["statement", "open", &id, "--key", "lead.key", "--witness", &w[0], "--witness", &w[1]];
    let out = s.exits(0, lead, &[&open[..], &["--witness", &w[2], "--quorum", "2"]].concat());
    assert!(stdout(&out).contains("co-signed by 2 of these 3 witnesses"), "{}", dump(&out));
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);
    let sign = |who: &str, name: &str| {
        let (key, file) = (format!("{who}.key"), format!("{who}.json"));
        let args = ["sign", "invitation.json", "--key", &key, "--out", &file, "--name", name, "--country", "KE"];
        s.exits(0, Some(&format!("{who}.db")), &args);
        s.exits(0, lead, &["import", &file]);
    };
    let cosign = |i: usize, req: &str, out: &str| {
        let (db, key) = (format!("w{}.db", i + 1), format!("w{}.key", i + 1));
        let args = ["witness", "add-checkpoint", req, "--key", &key, "--name", names[i], "--out", out];
        s.run(Some(&db), &[&args[..], &["--proof-out", &format!("proof-w{}.json", i + 1)]].concat())
    };

    // Release 1, co-signed by all three.
    sign("m1", "Green Rivers Alliance");
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "r1-draft.json"]);
    s.exits(0, lead, &["request-cosignature", &id, "--out", "request-1.txt"]);
    for i in 0..2 {
        let out = cosign(i, "request-1.txt", &format!("w{}-r1.json", i + 1));
        assert_eq!(out.status.code(), Some(0), "{}", dump(&out));
    }
    // The third is handed the release itself: its bundle, checked in full, names its key name.
    let by_bundle = |bundle: &str, out: &str, name: Option<&str>| {
        let mut args = vec!["witness", "add-checkpoint", bundle, "--key", "w3.key", "--out", out];
        args.extend(["--proof-out", "proof-w3.json"]);
        if let Some(n) = name {
            args.extend(["--name", n]);
        }
        s.run(Some("w3.db"), &args)
    };
    let out = by_bundle("r1-draft.json", "w3-r1.json", Some("uni.example/other"));
    assert_eq!(out.status.code(), Some(1), "another key name than the version lists: {}", dump(&out));
    assert!(dump(&out).contains("under the key name \"uni.example/w3\""), "{}", dump(&out));
    let tampered = s.read("r1-draft.json").replace("Green Rivers Alliance", "Green Rivers Aliance");
    s.write("r1-tampered.json", tampered);
    let out = by_bundle("r1-tampered.json", "w3-r1.json", None);
    assert_eq!(out.status.code(), Some(1), "a release that does not verify: {}", dump(&out));
    assert!(dump(&out).contains("signature-invalid"), "{}", dump(&out));
    let out = by_bundle("r1-draft.json", "w3-r1.json", None);
    assert_eq!(out.status.code(), Some(0), "{}", dump(&out));
    assert!(stdout(&out).contains("at size 1 as uni.example/w3"), "{}", dump(&out));
    let out = s.exits(0, lead, &["add-cosignatures", &id, "w1-r1.json", "w2-r1.json", "w3-r1.json"]);
    assert!(stdout(&out).contains("Release 1 is co-signed by 3"), "{}", dump(&out));
    s.exits(0, lead, &["export", &id, "--out", "r1.json"]);
    let out = s.exits(0, None, &["verify", "r1.json"]);
    assert!(stdout(&out).contains("Co-signed by 3 of 3 witnesses (quorum 2)"), "{}", dump(&out));
    s.exits(0, lead, &["backup", "--out", "lead-after-r1.db"]);

    // The honest release 2 (with m2), shown to the third witness only, which co-signs it.
    sign("m2", "Coastal Voices Network");
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "r2-honest.json"]);
    // From its bundle: the consistency proof from size 1 is made from the bundle's own entries.
    let out = by_bundle("r2-honest.json", "w3-r2-honest.json", None);
    assert_eq!(out.status.code(), Some(0), "{}", dump(&out));
    assert!(stdout(&out).contains("at size 2 as uni.example/w3"), "{}", dump(&out));

    // The lead rewinds its store and makes another release 2, with m3 instead of m2.
    s.exits(0, lead, &["restore", "lead-after-r1.db"]);
    sign("m3", "Delta Farmers Union");
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "r2-draft.json"]);
    s.exits(0, lead, &["request-cosignature", &id, "--old", "1", "--out", "request-2.txt"]);
    for i in 0..2 {
        let out = cosign(i, "request-2.txt", &format!("w{}-r2.json", i + 1));
        assert_eq!(out.status.code(), Some(0), "{}", dump(&out));
    }
    // The third is at size 2 already (409), and, asked from there, refuses with a proof (422).
    let out = cosign(2, "request-2.txt", "w3-r2.json");
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(dump(&out).contains("Refused (409)"), "{}", dump(&out));
    s.exits(0, lead, &["request-cosignature", &id, "--old", "2", "--out", "request-2-from-2.txt"]);
    let out = cosign(2, "request-2-from-2.txt", "w3-r2.json");
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(dump(&out).contains("Refused (422): the lead signed two different lists"), "{}", dump(&out));
    // Handed the rewritten release's bundle instead, it refuses it the same way.
    let out = by_bundle("r2-draft.json", "w3-r2.json", None);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    assert!(dump(&out).contains("Refused (422): the lead signed two different lists"), "{}", dump(&out));
    assert!(!s.path("w3-r2.json").exists(), "no cosignature is written for a refused checkpoint");
    let out = s.exits(0, None, &["check", "proof-w3.json"]);
    assert!(stdout(&out).contains("equivocation-proof VALID"), "{}", dump(&out));
    let out = s.exits(0, Some("w3.db"), &["witness", "list"]);
    assert!(stdout(&out).contains("size 2"), "{}", dump(&out));

    // The rewritten release 2, co-signed by two of three: valid, and consistent with release 1.
    // Their files are imported as endorsements are (and the inbox's); the honest release's
    // cosignature co-signs a checkpoint this store does not have: rejected.
    let out = s.run(lead, &["import", "w1-r2.json", "w2-r2.json", "w3-r2-honest.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", dump(&out));
    let text = stdout(&out);
    assert!(text.contains("w1-r2.json: cosignatures of release 2: added press.example/w1"), "{}", dump(&out));
    assert!(
        text.contains("w2-r2.json: cosignatures of release 2: added law.example/w2; co-signed by 2 of the 2 it needs"),
        "{}",
        dump(&out)
    );
    assert!(text.contains("w3-r2-honest.json: rejected ("), "{}", dump(&out));
    assert!(
        dump(&out).contains(
            "3 files: 0 accepted, 0 held for review, 1 rejected, 0 already present, 2 witnesses' cosignature files"
        ),
        "{}",
        dump(&out)
    );
    s.exits(0, lead, &["export", &id, "--out", "r2.json"]);
    let out = s.exits(0, None, &["verify", "r2.json", "--previous", "r1.json"]);
    let text = stdout(&out);
    assert!(text.contains("VALID"), "{text}");
    assert!(
        text.contains("Co-signed by 2 of 3 witnesses (quorum 2): Press Freedom Watch, Centre for International Law"),
        "{text}"
    );
    assert!(text.contains("Against release 1: 1 kept, 0 withdrawn by their signers, 1 added"), "{text}");

    // A verifier's own witnesses: reported apart, never in the verdict (FORMAT.md §14.8).
    let w3_vkey = undersigned_core::note::cosignature_vkey(names[2], &hex32(&keys[2]));
    let out = s.exits(0, None, &["verify", "r2.json", "--witness", &w3_vkey]);
    assert!(
        stdout(&out).contains("Your witnesses: co-signed by 0 of your 1 — FEWER than the 1 you asked for"),
        "{}",
        dump(&out)
    );
    let mine = [&w[0][..w[0].rfind(',').unwrap()], &w3_vkey];
    let args = ["verify", "r2.json", "--witness", mine[0], "--witness", mine[1], "--witness-quorum", "1"];
    let out = s.exits(0, None, &args);
    assert!(
        stdout(&out)
            .contains("Your witnesses: co-signed by 1 of your 2: press.example/w1 — as many as you asked for (1)"),
        "{}",
        dump(&out)
    );
    let out = s.exits(0, None, &[&args[..], &["--json"]].concat());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let own = &report["format_1_1"]["own_witnesses"];
    assert_eq!((own["cosigned"].as_u64(), own["quorum"].as_u64()), (Some(1), Some(1)), "{own}");
    // A key id that is not that of its name and key is refused, as is a bad quorum.
    let wrong = w3_vkey.replacen("uni.example/w3", "uni.example/w4", 1);
    let out = s.run(None, &["verify", "r2.json", "--witness", &wrong]);
    assert_eq!(out.status.code(), Some(2), "{}", dump(&out));
    assert!(dump(&out).contains("key id"), "{}", dump(&out));
    let out = s.run(None, &["verify", "r2.json", "--witness", &w3_vkey, "--witness-quorum", "2"]);
    assert_eq!(out.status.code(), Some(2), "{}", dump(&out));

    // The publication says who co-signed, in index.html; verify.html carries both releases.
    let out = s.exits(0, None, &["publish", "r2.json", "--previous", "r1.json", "--out", "site"]);
    assert!(stdout(&out).contains("Release 2 published with 2 signatories"), "{}", dump(&out));
    let index = s.read("site/index.html");
    assert!(
        index.contains(
            "Witnesses: co-signed by 2 of 3, 2 needed: \u{2068}Press Freedom Watch\u{2069}, \u{2068}Centre for International Law\u{2069}"
        ),
        "{index}"
    );
    assert!(index.contains("Delta Farmers Union") && !index.contains("Coastal Voices Network"), "{index}");
    assert!(s.read("site/verify.html").contains("University Observatory"));
}

fn hex32(s: &str) -> [u8; 32] {
    hex::decode(s).unwrap().try_into().unwrap()
}
