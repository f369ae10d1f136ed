//! The witness on the command line (FORMAT.md §14.8, §14.13): `undersigned witness
//! add-checkpoint` co-signs a lead's checkpoint that extends the last one it co-signed, refuses
//! one that does not (exit 1), and writes the proof when the lead signed two logs, which
//! `undersigned check` then verifies. The requests are made here with the core crate, as a
//! lead's app would make them.

mod common;

use common::{dump, stdout, Sandbox};
use undersigned_core::ed25519::SecretKey;
use undersigned_core::merkle::{leaf_hash, root};
use undersigned_core::{checkpoint, consistency, witness};

const STATEMENT: &str = "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071";
const NAME: &str = "press-freedom.example/witness";

fn note(lead: &SecretKey, leaves: &[[u8; 32]]) -> String {
    let origin = checkpoint::origin(&lead.public_key().to_hex(), STATEMENT);
    checkpoint::lead_note(&origin, leaves.len() as u64, &root(leaves), lead)
}

#[test]
fn a_witness_cosigns_refuses_and_proves() {
    let sb = Sandbox::new("witness pass");
    let db = sb.path("witness.db");
    let db = db.to_str().unwrap();
    sb.exits(0, None, &["key", "new", "--out", "w.key", "--name", "Press Freedom Watch"]);
    let kf: serde_json::Value = serde_json::from_str(&sb.read("w.key")).unwrap();
    let witness_key: [u8; 32] = hex::decode(kf["public_key"].as_str().unwrap()).unwrap().try_into().unwrap();

    let lead = SecretKey::from_seed(&[1; 32]);
    let log: Vec<[u8; 32]> = (0..9u8).map(|i| leaf_hash(&[i])).collect();
    let add = |req: &str, out: &str| -> Vec<String> {
        ["witness", "add-checkpoint", req, "--key", "w.key", "--name", NAME, "--out", out]
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let run = |code: i32, args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        sb.exits(code, Some(db), &args)
    };

    // Release 1 (5 entries), then release 2 (7), which extends it.
    sb.write("r1.txt", witness::request(0, &[], &note(&lead, &log[..5])));
    let out = run(0, &add("r1.txt", "c1.json"));
    assert!(stdout(&out).contains("at size 5"), "{}", dump(&out));
    sb.write("r2.txt", witness::request(5, &consistency::prove(&log[..7], 5).unwrap(), &note(&lead, &log[..7])));
    run(0, &add("r2.txt", "c2.json"));
    // The cosignature file holds a line that passes checks 14–18 with this witness listed.
    let file: serde_json::Value = serde_json::from_str(&sb.read("c2.json")).unwrap();
    assert_eq!((file["format"].as_str(), file["type"].as_str()), (Some("undersigned/1.1"), Some("cosignature")));
    let origin = checkpoint::origin(&hex::encode(lead.public_key().0), STATEMENT);
    let text = checkpoint::text(&origin, 7, &root(&log[..7]));
    let listed = checkpoint::Witness { key_name: NAME.into(), public_key: witness_key };
    let checked = checkpoint::check(file["note"].as_str().unwrap(), &text, &origin, &lead.public_key().0, &[listed], 1);
    assert!(checked.faults.is_empty(), "{:?}", checked.faults);

    // The same request again: the witness is at 7 now (409), nothing written.
    let out = run(1, &add("r2.txt", "again.json"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Refused (409)"), "{}", dump(&out));
    assert!(!sb.path("again.json").exists());

    // A fork of the log: refused, and the proof written and valid for anyone.
    let mut forked = log.clone();
    forked[2] = leaf_hash(b"replaced");
    sb.write("r3.txt", witness::request(7, &consistency::prove(&forked, 7).unwrap(), &note(&lead, &forked)));
    let mut args = add("r3.txt", "c3.json");
    args.extend(["--proof-out".to_string(), "fork.undersigned-equivocation".to_string()]);
    let out = run(1, &args);
    assert!(String::from_utf8_lossy(&out.stderr).contains("the lead signed two different lists"), "{}", dump(&out));
    assert!(!sb.path("c3.json").exists());
    let out = sb.exits(0, None, &["check", "fork.undersigned-equivocation"]);
    assert!(stdout(&out).contains("equivocation-proof VALID"), "{}", dump(&out));

    // What the witness follows.
    let out = run(0, &["witness".into(), "list".into()]);
    let listed = stdout(&out);
    assert!(listed.contains(&format!("{origin}  size 7")), "{listed}");
    assert!(listed.contains("2 refused, 1 of them proving"), "{listed}");
    // The kept proof, written again, is the one written before.
    let id = listed.split("proof ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    run(0, &["witness".into(), "proof".into(), id, "--out".into(), "again.proof".into()]);
    assert_eq!(sb.read("again.proof"), sb.read("fork.undersigned-equivocation"));

    // Not a request (refused, 400), not text (unreadable, 2), a key name C2SP refuses (2), the
    // wrong passphrase (2).
    sb.write("junk.txt", "hello");
    run(1, &add("junk.txt", "c.json"));
    sb.write("binary.txt", [0xff, 0xfe, 0x00]);
    run(2, &add("binary.txt", "c.json"));
    let mut bad_name = add("r1.txt", "c.json");
    bad_name[6] = "two words".into();
    run(2, &bad_name);
    let args: Vec<String> = add("r1.txt", "c.json");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sb.run_with(Some(db), &args, "not the passphrase");
    assert_eq!(out.status.code(), Some(2), "{}", dump(&out));
}
