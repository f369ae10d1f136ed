//! Signers counted but not named (issue 18, FORMAT.md §14.9), through the binary: a lead opens a
//! version that accepts them; a member at risk signs without its name (a one-time key, a
//! commitment, a region) and sends its vetting packet; the lead opens the packet with its key,
//! records its check (no note) and releases; a named member vouches; the list counts the
//! signer without naming it. Then the signer reveals itself, and release 2, verified against
//! release 1, names it. Nothing the lead publishes, keeps in clear or prints outside the vetting
//! command holds the hidden signer's name or salt before the reveal.

mod common;
use common::{dump, stdout, Sandbox};

const PASS: &str = "unnamed story passphrase";
const HIDDEN_NAME: &str = "Mothers of the Disappeared Committee";
const CONTACT: &str = "Ask for Rasha on the number the coalition already has";

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", dump(out)))
}

/// Every file under `dir`, as bytes, with its path.
fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).expect("read file")));
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn sign_unnamed_vet_release_verify_reveal() {
    let s = Sandbox::new(PASS);
    // Everything the lead sees or writes (but for the vetting command's own report): checked
    // for the hidden signer's name and salt below.
    let lead_output = std::cell::RefCell::new(Vec::<u8>::new());
    let lead = |code: i32, args: &[&str]| -> std::process::Output {
        let out = s.exits(code, Some("lead/lead.db"), args);
        lead_output.borrow_mut().extend_from_slice(&out.stdout);
        lead_output.borrow_mut().extend_from_slice(&out.stderr);
        out
    };
    std::fs::create_dir_all(s.path("lead")).unwrap();
    std::fs::create_dir_all(s.path("member")).unwrap();
    s.write("text.md", "We call for an independent inquiry into the disappearances.\n");
    s.exits(0, None, &["key", "new", "--out", "lead/lead.key", "--name", "Coalition for Truth"]);
    s.exits(0, None, &["key", "new", "--out", "member/named.key"]);
    s.exits(0, None, &["key", "new", "--out", "member/hidden.key"]);
    let out = lead(
        0,
        &["statement", "new", "--title", "Joint call for an inquiry", "--text", "text.md", "--key", "lead/lead.key"],
    );
    let id = stdout(&out).trim().lines().last().unwrap().to_owned();
    let out = lead(0, &["statement", "open", &id, "--key", "lead/lead.key", "--unnamed"]);
    assert!(stdout(&out).contains("Signers may sign without being named"), "{}", dump(&out));
    lead(0, &["statement", "invite", &id, "--out", "lead/invitation.json"]);

    // A named member signs as usual; the member at risk signs without its name.
    s.exits(
        0,
        Some("member/named.db"),
        &[
            "sign",
            "lead/invitation.json",
            "--key",
            "member/named.key",
            "--name",
            "Lawyers for Justice",
            "--country",
            "GB",
            "--out",
            "member/named.json",
        ],
    );
    let out = s.exits(
        0,
        Some("member/hidden.db"),
        &[
            "sign",
            "lead/invitation.json",
            "--key",
            "member/hidden.key",
            "--name",
            HIDDEN_NAME,
            "--country",
            "SY",
            "--unnamed",
            "--region",
            "asia",
            "--contact",
            CONTACT,
            "--out",
            "member/hidden.undersigned-hidden",
        ],
    );
    let said = stdout(&out);
    assert!(said.contains("without your name, counted in asia"), "{}", dump(&out));
    let hidden_file = s.read("member/hidden.undersigned-hidden");
    assert!(!hidden_file.contains(HIDDEN_NAME) && !hidden_file.contains("SY"), "the hidden endorsement names no one");
    let entry = said.split("entry ").nth(1).unwrap().split('.').next().unwrap().to_owned();
    assert_eq!(entry.len(), 64, "{said}");
    let packet = std::fs::read(s.path("member/hidden.undersigned-vetting")).unwrap();
    assert!(packet.starts_with(b"age-encryption.org/v1\n") && !contains(&packet, HIDDEN_NAME.as_bytes()));
    // The member's store keeps its record sealed: neither the name nor the statement in clear.
    let member_db = std::fs::read(s.path("member/hidden.db")).unwrap();
    assert!(!contains(&member_db, HIDDEN_NAME.as_bytes()) && !contains(&member_db, id.as_bytes()));

    // The lead: the packet is not an entry to import; opened with the lead's key it says who
    // signed, and imports the hidden endorsement, held until the lead records its check.
    let out = lead(1, &["import", "member/hidden.undersigned-vetting"]);
    assert!(stdout(&out).contains("vetting packet"), "{}", dump(&out));
    lead(0, &["import", "member/named.json", "member/hidden.undersigned-hidden"]);
    let out = s.exits(
        0,
        Some("lead/lead.db"),
        &["vetting", "open", "member/hidden.undersigned-vetting", "--key", "lead/lead.key"],
    );
    let read = stdout(&out);
    assert!(read.contains(HIDDEN_NAME) && read.contains(CONTACT) && read.contains("asia"), "{}", dump(&out));
    assert!(read.contains("imported before"), "the hidden endorsement came in the import first: {read}");
    // A packet for another lead's statement, or damaged: refused.
    s.exits(0, None, &["key", "new", "--out", "lead/other.key"]);
    s.exits(
        1,
        Some("lead/lead.db"),
        &["vetting", "open", "member/hidden.undersigned-vetting", "--key", "lead/other.key"],
    );
    // Nothing is written about it: a note is refused; the release waits for the check.
    lead(1, &["attest", "check", &entry[..12], "--method", "call", "--note", "Rasha, by phone"]);
    let out = lead(0, &["review", "list"]);
    assert!(stdout(&out).contains("not named"), "{}", dump(&out));
    let out = lead(0, &["vetting", "list", &id]);
    assert_eq!(
        stdout(&out).trim(),
        format!("{entry}  asia  waiting for your check (its vetting packet is kept)"),
        "{}",
        dump(&out)
    );
    lead(0, &["attest", "check", &entry[..12], "--method", "call", "--on", "2026-12-01"]);

    // Release 1: one named signatory, one not named (in asia), vouched for by the named one
    // (whose vouch counts only with a website tier: none here).
    s.exits(
        0,
        Some("member/named.db"),
        &[
            "vouch",
            &entry,
            "--invitation",
            "lead/invitation.json",
            "--key",
            "member/named.key",
            "--out",
            "member/vouch.json",
        ],
    );
    lead(0, &["import", "member/vouch.json"]);
    let out = lead(0, &["vetting", "list", &id]);
    assert_eq!(
        stdout(&out).trim(),
        format!(
            "{entry}  asia  checked: call 2026-12-01; vouched for by 1 named signatory (0 with their key on their own \
             website)"
        ),
        "{}",
        dump(&out)
    );
    lead(0, &["release", &id, "--key", "lead/lead.key", "--out", "lead/release-1.json"]);
    let out = lead(0, &["verify", "lead/release-1.json", "--json"]);
    let r = json(&out);
    assert_eq!(r["valid"], true, "{}", dump(&out));
    assert_eq!(r["signatories"], 1);
    let x = &r["format_1_1"];
    assert_eq!(x["counts"]["unnamed"], 1);
    assert_eq!(x["counts"]["vouches"], 1);
    assert_eq!(x["unnamed_by_region"]["asia"], 1);
    assert_eq!(x["vouched"], 0, "the voucher has no website tier");
    let out = lead(0, &["verify", "lead/release-1.json"]);
    assert!(stdout(&out).contains("(1 named, 1 not named)"), "{}", dump(&out));
    assert!(stdout(&out).contains("By region: Asia 1."), "{}", dump(&out));
    lead(0, &["publish", "lead/release-1.json", "--out", "lead/site-1"]);
    let site = s.read("lead/site-1/index.html");
    assert!(site.contains("Not named, for their safety"), "index.html counts the signer not named");
    assert!(site.contains("By region: Asia 1."), "index.html counts it by region");
    // signatories.csv: a row for it, without a name, with its region and (website) vouchers.
    let mut csv = csv::Reader::from_path(s.path("lead/site-1/signatories.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_owned).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one named, one not named");
    let hidden_row = rows.iter().find(|r| &r[col("named")] == "no").expect("a row not named");
    assert_eq!(
        [
            &hidden_row[col("name")],
            &hidden_row[col("country")],
            &hidden_row[col("region")],
            &hidden_row[col("vouchers")]
        ],
        ["", "", "asia", "0"]
    );
    assert_eq!(&hidden_row[col("status")], "active");

    // Nothing of the hidden signer reaches what the lead published, keeps in clear or printed.
    let mut everything = files_under(&s.path("lead"));
    everything.retain(|(p, _)| !p.ends_with("lead.key") && !p.ends_with("other.key"));
    everything.push(("the lead's output".into(), lead_output.borrow().clone()));
    let before_reveal = everything;

    // The signer reveals itself; release 2, verified against release 1, names it.
    s.exits(
        1,
        Some("member/named.db"),
        &["reveal", "member/hidden.undersigned-hidden", "--key", "member/named.key", "--out", "member/x.json"],
    );
    let out = s.exits(
        0,
        Some("member/hidden.db"),
        &["reveal", "member/hidden.undersigned-hidden", "--key", "member/hidden.key", "--out", "member/reveal.json"],
    );
    assert!(stdout(&out).contains(HIDDEN_NAME), "{}", dump(&out));
    let reveal: serde_json::Value = serde_json::from_str(&s.read("member/reveal.json")).unwrap();
    let salt = reveal["signed"]["salt"].as_str().unwrap().to_owned();
    lead(0, &["import", "member/reveal.json"]);
    let out = lead(0, &["vetting", "list", &id]);
    assert!(stdout(&out).contains(&format!("{entry}  asia  revealed as \"{HIDDEN_NAME}\"")), "{}", dump(&out));
    lead(0, &["release", &id, "--key", "lead/lead.key", "--out", "lead/release-2.json"]);
    let out = lead(0, &["verify", "lead/release-2.json", "--previous", "lead/release-1.json", "--json", "--entries"]);
    let r = json(&out);
    assert_eq!(r["valid"], true, "{}", dump(&out));
    assert_eq!(r["signatories"], 2, "the revealed signer is named from release 2 on");
    assert_eq!(r["format_1_1"]["counts"]["unnamed"], 0);
    assert_eq!(r["format_1_1"]["counts"]["revealed"], 1);
    let names: Vec<&str> = r["entries"].as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(names.contains(&HIDDEN_NAME), "{names:?}");
    // Its publication lists it by name, and has no row not named left.
    lead(0, &["publish", "lead/release-2.json", "--previous", "lead/release-1.json", "--out", "lead/site-2"]);
    assert!(s.read("lead/site-2/index.html").contains(HIDDEN_NAME));
    let csv2 = s.read("lead/site-2/signatories.csv");
    assert!(csv2.lines().any(|l| l.starts_with(HIDDEN_NAME) && l.ends_with(",yes,,")), "{csv2}");
    assert_eq!(csv2.lines().count(), 3, "a header and two named rows: {csv2}");

    for (path, bytes) in &before_reveal {
        for secret in [HIDDEN_NAME, CONTACT, salt.as_str(), "Rasha"] {
            assert!(!contains(bytes, secret.as_bytes()), "{} holds {secret:?}", path.display());
        }
    }
}

#[test]
fn a_withdrawn_hidden_signature_and_refusals() {
    let s = Sandbox::new(PASS);
    s.write("text.md", "We call for an inquiry.\n");
    s.exits(0, None, &["key", "new", "--out", "lead.key"]);
    s.exits(0, None, &["key", "new", "--out", "member.key"]);
    let out =
        s.exits(0, Some("lead.db"), &["statement", "new", "--title", "Call", "--text", "text.md", "--key", "lead.key"]);
    let id = stdout(&out).trim().lines().last().unwrap().to_owned();
    // A version that does not accept signers not named: refused, with the reason.
    s.exits(0, Some("lead.db"), &["statement", "open", &id, "--key", "lead.key"]);
    s.exits(0, Some("lead.db"), &["statement", "invite", &id, "--out", "plain.json"]);
    let out = s.run(
        Some("member.db"),
        &[
            "sign",
            "plain.json",
            "--key",
            "member.key",
            "--name",
            "Anyone",
            "--country",
            "KE",
            "--unnamed",
            "--out",
            "h.json",
        ],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("does not let signers sign without being named"),
        "{}",
        dump(&out)
    );
    // A region not in the list: a usage error.
    s.exits(
        2,
        Some("member.db"),
        &[
            "sign",
            "plain.json",
            "--key",
            "member.key",
            "--name",
            "Anyone",
            "--country",
            "KE",
            "--unnamed",
            "--region",
            "Syria",
            "--out",
            "h.json",
        ],
    );

    // Version 2 accepts them (opened after version 1: not in the same second, which is refused);
    // a signer withdraws its hidden signature with its one-time key.
    s.exits(0, Some("lead.db"), &["statement", "edit", &id, "--title", "Call (2)"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.exits(0, Some("lead.db"), &["statement", "open", &id, "--key", "lead.key", "--unnamed"]);
    s.exits(0, Some("lead.db"), &["statement", "invite", &id, "--out", "inv.json"]);
    let out = s.exits(
        0,
        Some("member.db"),
        &[
            "sign",
            "inv.json",
            "--key",
            "member.key",
            "--name",
            "Anyone",
            "--country",
            "KE",
            "--unnamed",
            "--out",
            "h.undersigned-hidden",
        ],
    );
    let entry = stdout(&out).split("entry ").nth(1).unwrap().split('.').next().unwrap().to_owned();
    s.exits(0, Some("lead.db"), &["vetting", "open", "h.undersigned-vetting", "--key", "lead.key"]);
    s.exits(0, Some("lead.db"), &["attest", "check", &entry, "--method", "in-person"]);
    s.exits(0, Some("member.db"), &["withdraw", "h.undersigned-hidden", "--key", "member.key", "--out", "w.json"]);
    // Asked again, the same withdrawal (its date is kept in the member's sealed record).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    s.exits(
        0,
        Some("member.db"),
        &["withdraw", "h.undersigned-hidden", "--key", "member.key", "--out", "w-again.json"],
    );
    assert_eq!(s.read("w.json"), s.read("w-again.json"));
    // Another store (without the sealed record) cannot withdraw it.
    s.exits(1, Some("other.db"), &["withdraw", "h.undersigned-hidden", "--key", "member.key", "--out", "w2.json"]);
    s.exits(0, Some("lead.db"), &["import", "w.json"]);
    let out = s.exits(0, Some("lead.db"), &["vetting", "list", &id]);
    assert_eq!(stdout(&out).trim(), format!("{entry}  not-stated  withdrawn"), "{}", dump(&out));
    s.exits(0, Some("lead.db"), &["release", &id, "--key", "lead.key", "--out", "r1.json"]);
    let out = s.exits(0, None, &["verify", "r1.json", "--json"]);
    let r = json(&out);
    assert_eq!(r["valid"], true, "{}", dump(&out));
    assert_eq!(r["format_1_1"]["counts"]["hidden_withdrawn"], 1);
    assert_eq!(r["format_1_1"]["counts"]["unnamed"], 0);
}
