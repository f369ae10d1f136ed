//! End-to-end test of the `undersigned` binary (issue 2): a lead and three members (one of them
//! an individual) through open → invite → sign → import → release → verify → withdraw →
//! release 2 → verify --previous, then a tampered bundle, malformed input, a wrong passphrase,
//! a repeated import and garbage imports.
//!
//! Every command runs in a temporary folder with its own `--db`, and with `UNDERSIGNED_DB`,
//! `HOME` and `XDG_DATA_HOME` pointing into that folder, so the user's real store is never used.

mod common;
use common::{dump, stdout, Sandbox};
use std::process::Output;

const PASSPHRASE: &str = "correct horse battery staple";

/// Parses `verify --json` output.
#[track_caller]
fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("verify --json printed no JSON object: {e}\n{}", dump(out)))
}

/// The stdout line of an `import` that concerns `file`.
#[track_caller]
fn import_line(out: &Output, file: &str) -> String {
    stdout(out)
        .lines()
        .find(|l| l.contains(file))
        .unwrap_or_else(|| panic!("no import line names {file}\n{}", dump(out)))
        .to_lowercase()
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn a_statement_from_invitation_to_second_release() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");

    // Keys: the lead and three members; `key new` and `key show` print the public key.
    for who in ["lead", "green", "coastal", "diallo"] {
        let key = format!("{who}.key");
        let out = s.exits(0, None, &["key", "new", "--out", &key]);
        let file: serde_json::Value = serde_json::from_str(&s.read(&key)).expect("key file JSON");
        let public = file["public_key"].as_str().unwrap_or_default().to_owned();
        assert!(is_hex(&public, 64), "public key {public:?} in {key}");
        assert!(stdout(&out).contains(&public), "key new prints the key\n{}", dump(&out));
        let out = s.run_with(None, &["key", "show", &key], "not needed");
        assert!(stdout(&out).contains(&public), "key show prints the key\n{}", dump(&out));
    }

    // The lead drafts, opens and invites.
    s.write("statement.md", "We, the undersigned organizations, call on the states to act.\n");
    let title = "Joint statement on the draft treaty";
    let args = ["statement", "new", "--title", title, "--text", "statement.md", "--key", "lead.key"];
    let out = s.exits(0, lead, &args);
    let id = stdout(&out).lines().last().unwrap_or("").trim().to_owned();
    assert!(is_hex(&id, 32), "last line of stdout must be the id\n{}", dump(&out));
    s.exits(0, lead, &["statement", "open", &id, "--key", "lead.key"]);
    let out = s.exits(0, lead, &["statement", "list"]);
    assert!(stdout(&out).contains(&id), "statement list shows the id\n{}", dump(&out));
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);

    // Three members sign, each with its own store: two organizations and an individual.
    let sign = |who: &str, details: &[&str]| {
        let (key, out, db) = (format!("{who}.key"), format!("{who}.json"), format!("{who}.db"));
        let mut args = vec!["sign", "invitation.json", "--key", &key, "--out", &out];
        args.extend_from_slice(details);
        s.exits(0, Some(&db), &args);
    };
    let web = "https://greenrivers.example";
    let green = ["--name", "Green Rivers Alliance", "--country", "KE", "--website", web];
    sign("green", &[&green[..], &["--kind", "organization"]].concat());
    sign("coastal", &["--name", "Coastal Voices Network", "--country", "BR"]);
    let diallo = ["--name", "Amina Diallo", "--country", "SN", "--kind", "individual"];
    let about = ["--title", "Professor of Law", "--affiliation", "Cheikh Anta Diop University"];
    sign("diallo", &[&diallo[..], &about[..]].concat());

    // The lead imports all three, releases, and the bundle verifies.
    let out = s.exits(0, lead, &["import", "green.json", "coastal.json", "diallo.json"]);
    for file in ["green.json", "coastal.json", "diallo.json"] {
        let line = import_line(&out, file);
        assert!(line.contains("accepted"), "{file} must be accepted\n{}", dump(&out));
    }
    s.exits(0, lead, &["review", "list"]);
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b1.json"]);
    s.exits(0, None, &["verify", "b1.json"]);
    let out = s.exits(0, None, &["verify", "b1.json", "--json"]);
    let (r, ctx) = (report(&out), dump(&out));
    assert_eq!(r["valid"], true, "{ctx}");
    assert_eq!(r["signatories"], 3, "{ctx}");
    assert_eq!(r["withdrawn"], 0, "{ctx}");
    assert_eq!(r["statement"]["id"], id.as_str(), "{ctx}");
    assert_eq!(r["statement"]["title"], title, "{ctx}");
    assert_eq!(r["statement"]["version"], 1, "{ctx}");
    assert_eq!(r["release"]["number"], 1, "{ctx}");
    assert_eq!(r["errors"], serde_json::json!([]), "{ctx}");

    // A member withdraws; release 2 chains to release 1.
    let args = ["withdraw", "green.json", "--key", "green.key", "--out", "green-w.json"];
    s.exits(0, Some("green.db"), &args);
    let out = s.exits(0, lead, &["import", "green-w.json"]);
    let line = import_line(&out, "green-w.json");
    assert!(line.contains("accepted"), "withdrawal must be accepted\n{}", dump(&out));
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b2.json"]);
    s.exits(0, None, &["verify", "b2.json", "--previous", "b1.json"]);
    let out = s.exits(0, None, &["verify", "b2.json", "--previous", "b1.json", "--json"]);
    let (r, ctx) = (report(&out), dump(&out));
    assert_eq!(r["valid"], true, "{ctx}");
    assert_eq!(r["signatories"], 2, "{ctx}");
    assert_eq!(r["withdrawn"], 1, "{ctx}");
    assert_eq!(r["release"]["number"], 2, "{ctx}");
    assert_eq!(r["errors"], serde_json::json!([]), "{ctx}");

    // Release 1 is not a successor of release 2.
    s.exits(1, None, &["verify", "b1.json", "--previous", "b2.json"]);

    // A bundle with one signatory's name changed fails, with the reason.
    let b2 = s.read("b2.json");
    assert!(b2.contains("Coastal Voices Network"), "names must be plain JSON strings");
    s.write("forged.json", b2.replacen("Coastal Voices Network", "Coastal Voices Netw0rk", 1));
    s.exits(1, None, &["verify", "forged.json"]);
    let out = s.exits(1, None, &["verify", "forged.json", "--json"]);
    let (r, ctx) = (report(&out), dump(&out));
    assert_eq!(r["valid"], false, "{ctx}");
    let errors = r["errors"].as_array().cloned().unwrap_or_default();
    assert!(!errors.is_empty(), "errors must be a non-empty list\n{ctx}");
    let well_formed = errors.iter().all(|e| e["code"].is_string() && e["message"].is_string());
    assert!(well_formed, "each error is {{code, message}}\n{ctx}");
    assert!(errors.iter().any(|e| e["code"] == "signature-invalid"), "{ctx}");

    // A wrong passphrase is a clear error, and writes nothing.
    let args = ["sign", "invitation.json", "--key", "coastal.key", "--out", "again.json"];
    let args = [&args[..], &["--name", "Coastal Voices Network", "--country", "BR"]].concat();
    let out = s.run_with(Some("coastal.db"), &args, "not the passphrase");
    let ctx = dump(&out);
    assert!(matches!(out.status.code(), Some(1 | 2)), "must exit 1 or 2\n{ctx}");
    let stderr = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(stderr.contains("passphrase"), "stderr must name the passphrase\n{ctx}");
    assert!(!s.path("again.json").exists(), "nothing written with a wrong passphrase");

    // Importing the same file again changes nothing.
    let out = s.exits(0, lead, &["import", "coastal.json"]);
    let line = import_line(&out, "coastal.json");
    assert!(line.contains("already present"), "{}", dump(&out));

    // Garbage is rejected, one line per file, exit 1.
    s.write("garbage.json", "this is not an endorsement {");
    s.write("stranger.json", r#"{"hello": "world"}"#);
    let out = s.exits(1, lead, &["import", "garbage.json", "stranger.json"]);
    for file in ["garbage.json", "stranger.json"] {
        let line = import_line(&out, file);
        assert!(line.contains("rejected"), "{file} must be rejected\n{}", dump(&out));
    }
}

#[test]
fn unreadable_input_exits_2() {
    let s = Sandbox::new(PASSPHRASE);
    s.write("not-json.json", "this is not JSON {");
    s.write("other.json", r#"{"format": "undersigned/9", "type": "bundle"}"#);
    s.exits(2, None, &["verify", "not-json.json"]);
    s.exits(2, None, &["verify", "not-json.json", "--json"]);
    s.exits(2, None, &["verify", "missing.json"]);
    s.exits(2, None, &["verify", "other.json"]);
    s.exits(2, None, &["no-such-command"]);
}

/// No secret ever reaches the output, the logs or the store: the passphrase and the secret seed
/// (in hex, and its raw bytes) appear nowhere in what any command prints, with every log turned on
/// (`RUST_LOG=trace`, `RUST_BACKTRACE=full`), nor in the store's file, nor in a wrong-passphrase
/// error.
#[test]
fn no_secret_reaches_output_logs_or_store() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    let member = Some("member.db");
    let mut outputs = Vec::new();
    // Every command with every log turned on.
    let run = |db: Option<&str>, args: &[&str], pass: &str| -> (String, Option<i32>, Vec<u8>) {
        let out = s
            .command(db, args, pass)
            .env("RUST_LOG", "trace")
            .env("RUST_BACKTRACE", "full")
            .output()
            .expect("start the undersigned binary");
        (args.join(" "), out.status.code(), [out.stdout, out.stderr].concat())
    };
    outputs.push(run(None, &["key", "new", "--out", "lead.key"], PASSPHRASE));
    outputs.push(run(None, &["key", "new", "--out", "member.key"], PASSPHRASE));
    s.write("statement.md", "Text.\n");
    outputs.push(run(
        lead,
        &["statement", "new", "--title", "T", "--text", "statement.md", "--key", "lead.key"],
        PASSPHRASE,
    ));
    let printed = String::from_utf8_lossy(&outputs.last().unwrap().2).into_owned();
    let id = printed.split_whitespace().find(|w| is_hex(w, 32)).unwrap_or_default().to_owned();
    outputs.push(run(lead, &["statement", "open", &id, "--key", "lead.key"], PASSPHRASE));
    outputs.push(run(lead, &["statement", "invite", &id, "--out", "invitation.json"], PASSPHRASE));
    outputs.push(run(
        member,
        &[
            "sign",
            "invitation.json",
            "--key",
            "member.key",
            "--out",
            "e.json",
            "--name",
            "Green Rivers",
            "--country",
            "KE",
        ],
        PASSPHRASE,
    ));
    outputs.push(run(lead, &["import", "e.json"], PASSPHRASE));
    outputs.push(run(lead, &["release", &id, "--key", "lead.key", "--out", "bundle.json"], PASSPHRASE));
    outputs.push(run(
        lead,
        &["release", &id, "--key", "lead.key", "--out", "bundle2.json"],
        "a wrong passphrase, typed in",
    ));
    outputs.push(run(
        member,
        &["sign", "invitation.json", "--key", "member.key", "--out", "e2.json", "--name", "G", "--country", "KE"],
        "a wrong passphrase, typed in",
    ));
    outputs.push(run(lead, &["backup", "--out", "backup.db"], PASSPHRASE));
    for (args, code, out) in outputs.iter().take(8).chain(outputs.iter().skip(10)) {
        assert_eq!(*code, Some(0), "`undersigned {args}`: {}", String::from_utf8_lossy(out));
    }
    assert!(outputs[8].1 != Some(0) && outputs[9].1 != Some(0), "a wrong passphrase fails");

    let mut secrets = vec![PASSPHRASE.as_bytes().to_vec(), b"a wrong passphrase, typed in".to_vec()];
    for key in ["lead.key", "member.key"] {
        let sk = undersigned_store::keys::unlock(&s.path(key), PASSPHRASE).expect("unlock");
        let seed = sk.seed();
        secrets.push(hex::encode(*seed).into_bytes());
        secrets.push(hex::encode_upper(*seed).into_bytes());
        secrets.push(seed[..16].to_vec());
    }
    let mut places: Vec<(String, Vec<u8>)> =
        outputs.into_iter().map(|(args, _, bytes)| (format!("output of `undersigned {args}`"), bytes)).collect();
    for f in ["lead.db", "member.db", "backup.db", "e.json", "bundle.json", "invitation.json"] {
        places.push((f.into(), std::fs::read(s.path(f)).unwrap_or_default()));
    }
    for (place, bytes) in &places {
        assert!(!bytes.is_empty() || place.starts_with("output"), "{place} is missing");
        for secret in &secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_slice()),
                "a secret ({} bytes) appears in {place}",
                secret.len()
            );
        }
    }
}
