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

fn public_key(s: &Sandbox, file: &str) -> String {
    let kf: serde_json::Value = serde_json::from_str(&s.read(file)).unwrap();
    kf["public_key"].as_str().unwrap().to_owned()
}

#[test]
fn a_release_co_signed_by_its_witnesses() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    for (who, name) in [
        ("lead", "Coalition for Transboundary Rivers"),
        ("m1", "Green Rivers Alliance"),
        ("m2", "Coastal Voices Network"),
        ("w1", "Press Freedom Watch"),
        ("w2", "Centre for International Law"),
    ] {
        s.exits(0, None, &["key", "new", "--out", &format!("{who}.key"), "--name", name]);
    }
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
