//! Who is behind each key, through the command line (issue 16, FORMAT.md §14.7): a lead whose
//! statement has no witnesses records how it checked one signatory's key (a call), leaves the
//! other self-declared; the release that follows is of format 1.1 and carries the attestation,
//! signed; `verify` shows the tiers, chains release 2 to release 1 (of format 1), and the
//! publication shows them beside each name and in signatories.csv. Bad input is refused with
//! its reason.

mod common;
use common::{dump, stdout, Sandbox};

const PASSPHRASE: &str = "correct horse battery staple";

#[test]
fn an_attested_signatory_and_a_self_declared_one_through_release_publish_and_verify() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    for who in ["lead", "green", "coastal"] {
        s.exits(0, None, &["key", "new", "--out", &format!("{who}.key")]);
    }
    s.write("statement.md", "We call on the states to protect the rivers.\n");
    let out =
        s.exits(0, lead, &["statement", "new", "--title", "Rivers", "--text", "statement.md", "--key", "lead.key"]);
    let id = stdout(&out).lines().last().unwrap_or("").trim().to_owned();
    s.exits(0, lead, &["statement", "open", &id, "--key", "lead.key"]);
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);
    let sign = |who: &str, name: &str, country: &str| {
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
            country,
        ];
        s.exits(0, Some(&format!("{who}.db")), &args);
    };
    sign("green", "Green Rivers Alliance", "KE");
    sign("coastal", "Coastal Voices Network", "BR");
    s.exits(0, lead, &["import", "green.json", "coastal.json"]);

    // Release 1, before any attestation: format 1, no tiers.
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b1.json"]);
    assert!(s.read("b1.json").contains("\"format\": \"undersigned/1\""));
    let out = s.exits(0, None, &["verify", "b1.json"]);
    assert!(!stdout(&out).contains("Who is behind each key"), "{}", dump(&out));

    // The entries, from the bundle: green's is first.
    let b1: serde_json::Value = serde_json::from_str(&s.read("b1.json")).unwrap();
    let green_entry = {
        let e: undersigned_core::bundle::Entry = serde_json::from_value(b1["entries"][0].clone()).unwrap();
        hex::encode(e.id())
    };

    // Bad input, each refused with its reason and nothing recorded.
    let out = s.exits(1, lead, &["attest", "check", &green_entry[..12], "--method", "other"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("say in a note how you checked"), "{}", dump(&out));
    let out = s.exits(1, lead, &["attest", "check", &green_entry[..12], "--method", "call", "--on", "2999-01-01"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("after today"), "{}", dump(&out));
    let out = s.exits(1, lead, &["attest", "check", &green_entry[..12], "--method", "call", "--on", "yesterday"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("checked_on"), "{}", dump(&out));
    s.exits(2, lead, &["attest", "check", "ffffffffffff", "--method", "call"]);
    let out = s.exits(0, lead, &["attest", "list", &id]);
    assert!(stdout(&out).contains("No attestation recorded"), "{}", dump(&out));

    // The lead called Green Rivers Alliance's director: recorded, then listed.
    let note = "Video call with the director, known to the coalition since 2019.";
    let out = s.exits(0, lead, &["attest", "check", &green_entry[..12], "--method", "call", "--note", note]);
    assert!(stdout(&out).contains("The next release carries it"), "{}", dump(&out));
    let out = s.exits(0, lead, &["attest", "list", &id]);
    assert!(
        stdout(&out).contains(&format!("{}  call, checked on", &green_entry[..16])) && stdout(&out).contains(note),
        "{}",
        dump(&out)
    );

    // Release 2 is of format 1.1, carries the attestation signed by the lead, chains to release 1.
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b2.json"]);
    let b2: serde_json::Value = serde_json::from_str(&s.read("b2.json")).unwrap();
    assert_eq!(b2["format"], "undersigned/1.1");
    assert_eq!(b2["evidence"].as_array().map(Vec::len), Some(1), "{b2}");
    assert_eq!(b2["evidence"][0]["signed"]["entry"], green_entry.as_str());
    let out = s.exits(0, None, &["verify", "b2.json", "--previous", "b1.json", "--entries"]);
    let text = stdout(&out);
    assert!(
        text.contains("Who is behind each key: 0 on their own website, 1 checked by the coalition, 1 self-declared"),
        "{}",
        dump(&out)
    );
    assert!(text.contains("Green Rivers Alliance (KE) — active — checked by the coalition: call ("), "{}", dump(&out));
    assert!(text.contains("Coastal Voices Network (BR) — active — self-declared"), "{}", dump(&out));
    assert!(text.contains("consistent: nothing dropped or altered"), "{}", dump(&out));

    // The publication shows them: beside each name, and in signatories.csv.
    s.exits(0, None, &["publish", "b2.json", "--previous", "b1.json", "--out", "site"]);
    let index = s.read("site/index.html");
    assert!(index.contains("<span class=\"tier tier-attested\">checked by the coalition: call ("), "{index}");
    assert!(index.contains("<span class=\"tier tier-self-declared\">self-declared</span>"), "{index}");
    let csv = s.read("site/signatories.csv");
    assert!(
        csv.lines().any(|l| l.starts_with("Green Rivers Alliance,") && l.contains(",active,attested,call 20")),
        "{csv}"
    );
    assert!(
        csv.lines().any(|l| l.starts_with("Coastal Voices Network,") && l.ends_with(",active,self-declared,")),
        "{csv}"
    );

    // Releases from then on stay of format 1.1, and carry the attestation again.
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b3.json"]);
    let b3: serde_json::Value = serde_json::from_str(&s.read("b3.json")).unwrap();
    assert_eq!((b3["format"].as_str(), b3["evidence"].as_array().map(Vec::len)), (Some("undersigned/1.1"), Some(1)));
    s.exits(0, None, &["verify", "b3.json", "--previous", "b2.json"]);
}
