//! Who is behind each key, through the command line (issue 16, FORMAT.md §14.7): a lead whose
//! statement has no witnesses checks one signatory's website (its well-known file, served by a
//! real HTTPS server on 127.0.0.1 under the tests' own authority), records how it checked
//! another's key (a call), and leaves the third self-declared; the release that follows is of
//! format 1.1 and carries both attestations, signed; `verify` shows the three tiers, chains
//! release 2 to release 1 (of format 1), and the publication shows them beside each name and in
//! signatories.csv. Bad input is refused with its reason.

mod common;
#[path = "../crates/store/tests/https/mod.rs"]
mod https;
use common::{dump, stdout, Sandbox};

const PASSPHRASE: &str = "correct horse battery staple";

#[test]
fn an_attested_signatory_and_a_self_declared_one_through_release_publish_and_verify() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    for who in ["lead", "green", "coastal", "river"] {
        s.exits(0, None, &["key", "new", "--out", &format!("{who}.key")]);
    }
    s.write("statement.md", "We call on the states to protect the rivers.\n");
    let out =
        s.exits(0, lead, &["statement", "new", "--title", "Rivers", "--text", "statement.md", "--key", "lead.key"]);
    let id = stdout(&out).lines().last().unwrap_or("").trim().to_owned();
    s.exits(0, lead, &["statement", "open", &id, "--key", "lead.key"]);
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);
    let sign = |who: &str, name: &str, country: &str, website: &[&str]| {
        let (key, out, db) = (format!("{who}.key"), format!("{who}.json"), format!("{who}.db"));
        let mut args =
            vec!["sign", "invitation.json", "--key", &key, "--out", &out, "--name", name, "--country", country];
        args.extend_from_slice(website);
        s.exits(0, Some(&db), &args);
    };
    sign("green", "Green Rivers Alliance", "KE", &[]);
    sign("coastal", "Coastal Voices Network", "BR", &[]);
    sign("river", "River Keepers Uganda", "UG", &["--website", "https://RiverKeepers.test/en"]);
    let out = s.exits(0, lead, &["import", "green.json", "coastal.json", "river.json"]);
    assert!(stdout(&out).contains("river.json: accepted"), "{}", dump(&out));

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

    // River Keepers Uganda publishes its well-known file (as its app wrote it); the lead checks
    // the websites. Before it is served, the check records a 404, and says so.
    let server = https::Server::start(&["riverkeepers.test"]);
    s.write("ca.pem", &server.ca_pem);
    let fetch = |expect: i32| {
        let mut cmd = s.command(lead, &["attest", "websites", &id], PASSPHRASE);
        cmd.env("UNDERSIGNED_FETCH_CA_FILE", s.path("ca.pem"))
            .env("UNDERSIGNED_FETCH_RESOLVE", format!("riverkeepers.test={}", server.addr));
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(expect), "{}", dump(&out));
        out
    };
    let out = fetch(0);
    assert!(
        stdout(&out).contains("River Keepers Uganda: riverkeepers.test — the site did not serve the file (HTTP 404)"),
        "{}",
        dump(&out)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("UNDERSIGNED_FETCH_CA_FILE is set"), "{}", dump(&out));
    s.exits(
        0,
        Some("river.db"),
        &["key", "well-known", "river.key", "--name", "River Keepers Uganda", "--out", "river-well-known.json"],
    );
    // The member checks that its website serves the file, as the lead will: not yet, then live.
    let live = |expect_code: i32, says: &str| {
        let args = ["key", "check-website", "river.key", "--website", "https://RiverKeepers.test/en"];
        let mut cmd = s.command(None, &args, PASSPHRASE);
        cmd.env("UNDERSIGNED_FETCH_CA_FILE", s.path("ca.pem"))
            .env("UNDERSIGNED_FETCH_RESOLVE", format!("riverkeepers.test={}", server.addr));
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(expect_code), "{}", dump(&out));
        assert!(stdout(&out).contains(says), "{}", dump(&out));
    };
    live(1, "Not yet: https://riverkeepers.test/.well-known/undersigned.json answered HTTP 404, without the file.");
    server.well_known("riverkeepers.test", https::Answer::ok(s.read("river-well-known.json")));
    live(0, "Live: https://riverkeepers.test/.well-known/undersigned.json lists this key.");
    let out = fetch(0);
    assert!(
        stdout(&out).contains(
            "River Keepers Uganda: riverkeepers.test — lists this signatory's key: website tier (HTTP 200); recorded"
        ),
        "{}",
        dump(&out)
    );
    assert!(stdout(&out).contains("Green Rivers Alliance: no website to check"), "{}", dump(&out));

    // Release 2 is of format 1.1, carries the attestations signed by the lead, chains to release 1.
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b2.json"]);
    let b2: serde_json::Value = serde_json::from_str(&s.read("b2.json")).unwrap();
    assert_eq!(b2["format"], "undersigned/1.1");
    assert_eq!(b2["evidence"].as_array().map(Vec::len), Some(2), "{b2}");
    assert_eq!(b2["evidence"][0]["signed"]["entry"], green_entry.as_str());
    assert_eq!(b2["evidence"][1]["signed"]["website"]["url"], "https://riverkeepers.test/.well-known/undersigned.json");
    let out = s.exits(0, None, &["verify", "b2.json", "--previous", "b1.json", "--entries"]);
    let text = stdout(&out);
    assert!(
        text.contains("Who is behind each key: 1 on their own website, 1 checked by the coalition, 1 self-declared"),
        "{}",
        dump(&out)
    );
    assert!(text.contains("Green Rivers Alliance (KE) — active — checked by the coalition: call ("), "{}", dump(&out));
    assert!(text.contains("Coastal Voices Network (BR) — active — self-declared"), "{}", dump(&out));
    assert!(
        text.contains("River Keepers Uganda (UG) — active — website riverkeepers.test, reported by the coalition on"),
        "{}",
        dump(&out)
    );
    assert!(text.contains("consistent: nothing dropped or altered"), "{}", dump(&out));

    // Online, the website is fetched again: still there, changed, gone; never the verdict.
    let online = |expect: &str| {
        let mut cmd = s.command(None, &["verify", "b2.json", "--online"], PASSPHRASE);
        cmd.env("UNDERSIGNED_FETCH_CA_FILE", s.path("ca.pem"))
            .env("UNDERSIGNED_FETCH_RESOLVE", format!("riverkeepers.test={}", server.addr));
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", dump(&out));
        assert!(
            stdout(&out).contains(&format!("River Keepers Uganda — riverkeepers.test: {expect}")),
            "{}",
            dump(&out)
        );
    };
    online("still there: the same file as the lead reported");
    server.well_known("riverkeepers.test", https::Answer::ok(format!("{} ", s.read("river-well-known.json"))));
    online("CHANGED: the site now serves another file");
    server.well_known("riverkeepers.test", https::Answer::status(404, "gone"));
    online("GONE: the site answers HTTP 404");

    // The publication shows them: beside each name, and in signatories.csv.
    s.exits(0, None, &["publish", "b2.json", "--previous", "b1.json", "--out", "site"]);
    let index = s.read("site/index.html");
    assert!(index.contains("<span class=\"tier tier-attested\">checked by the coalition: call ("), "{index}");
    assert!(index.contains("<span class=\"tier tier-self-declared\">self-declared</span>"), "{index}");
    assert!(
        index.contains("<span class=\"tier tier-website\">website \u{2068}riverkeepers.test\u{2069}, reported by"),
        "{index}"
    );
    let csv = s.read("site/signatories.csv");
    assert!(
        csv.lines().any(|l| l.starts_with("Green Rivers Alliance,") && l.contains(",active,attested,call 20")),
        "{csv}"
    );
    assert!(
        csv.lines().any(|l| l.starts_with("Coastal Voices Network,") && l.ends_with(",active,self-declared,,yes,,")),
        "{csv}"
    );

    // Releases from then on stay of format 1.1, and carry the attestation again.
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b3.json"]);
    let b3: serde_json::Value = serde_json::from_str(&s.read("b3.json")).unwrap();
    assert_eq!((b3["format"].as_str(), b3["evidence"].as_array().map(Vec::len)), (Some("undersigned/1.1"), Some(2)));
    s.exits(0, None, &["verify", "b3.json", "--previous", "b2.json"]);
}
