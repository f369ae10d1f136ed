//! The CLI on hostile arguments and inputs: a clear error and exit code 2, never a panic.

use std::process::Command;

fn run(args: &[&std::ffi::OsStr], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_undersigned"))
        .args(args)
        .env("UNDERSIGNED_DB", dir.join("s.db"))
        .env("UNDERSIGNED_PASSPHRASE", "x")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn bad_arguments_exit_2_without_panicking() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.json"), b"").unwrap();
    std::fs::write(dir.path().join("big.json"), vec![b' '; 70 * 1024]).unwrap();
    let long = "x".repeat(100_000);
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![],
        vec!["frobnicate".as_ref()],
        vec!["verify".as_ref()],
        vec!["verify".as_ref(), "missing.json".as_ref()],
        vec!["verify".as_ref(), "empty.json".as_ref()],
        vec!["verify".as_ref(), ".".as_ref()],
        vec!["verify".as_ref(), long.as_str().as_ref()],
        vec!["verify".as_ref(), std::ffi::OsStr::from_bytes(b"\xff\xfe.json")],
        vec!["check".as_ref(), "big.json".as_ref()],
        vec!["check".as_ref(), "empty.json".as_ref()],
        vec!["key".as_ref(), "show".as_ref(), "empty.json".as_ref()],
        vec!["statement".as_ref(), "open".as_ref(), "../../etc".as_ref(), "--key".as_ref(), "nokey".as_ref()],
        vec![
            "statement".as_ref(),
            "open".as_ref(),
            "abc".as_ref(),
            "--key".as_ref(),
            "empty.json".as_ref(),
            "--closes".as_ref(),
            "2026-02-30".as_ref(),
        ],
        vec![
            "sign".as_ref(),
            "empty.json".as_ref(),
            "--key".as_ref(),
            "k".as_ref(),
            "--name".as_ref(),
            "n".as_ref(),
            "--country".as_ref(),
            "KE".as_ref(),
            "--out".as_ref(),
            "o".as_ref(),
        ],
        vec!["sign".as_ref(), "empty.json".as_ref(), "--kind".as_ref(), "robot".as_ref()],
        vec!["demo".as_ref(), "--signatories".as_ref(), "-5".as_ref(), "--out".as_ref(), "d".as_ref()],
        vec!["demo".as_ref(), "--signatories".as_ref(), "2000000".as_ref(), "--out".as_ref(), "d".as_ref()],
        vec!["review".as_ref(), "accept".as_ref(), "../../x".as_ref()],
        vec!["restore".as_ref(), "empty.json".as_ref()],
        vec!["import".as_ref()],
    ];
    for args in cases {
        let out = run(&args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: stdout {} stderr {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        let said = format!("{}{stderr}", String::from_utf8_lossy(&out.stdout));
        assert!(!said.trim().is_empty(), "{args:?}: no message");
    }
}

/// Files over their reader's size cap, named by the CLI as too large, exit 2, without reading
/// them whole: a bundle of 2 GiB + 1 byte (a sparse file, no disk used), and a key file, an
/// endorsement and an invitation one byte over their caps (valid JSON, padded with spaces).
#[test]
fn files_over_the_size_cap_are_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let vectors = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/vectors");
    let pad = |name: &str, src: &[u8], len: usize| {
        let mut out = vec![b'{'];
        out.resize(1 + len - src.len(), b' ');
        out.extend_from_slice(&src[1..]);
        std::fs::write(d.join(name), out).unwrap();
    };
    let big = std::fs::File::create(d.join("huge.json")).unwrap();
    big.set_len((2u64 << 30) + 1).unwrap();
    drop(big);
    let e = std::fs::read(format!("{vectors}/endorsement-organization.json")).unwrap();
    pad("e.json", &e, undersigned_core::endorsement::MAX_BYTES + 1);
    let i = std::fs::read(format!("{vectors}/invitation-v1.json")).unwrap();
    pad("i.json", &i, undersigned_core::invitation::MAX_BYTES + 1);
    assert_eq!(run(&["key".as_ref(), "new".as_ref(), "--out".as_ref(), "k.key".as_ref()], d).status.code(), Some(0));
    let k = std::fs::read(d.join("k.key")).unwrap();
    pad("k.key", &k, undersigned_core::keyfile::MAX_BYTES + 1);
    for args in [
        vec!["verify", "huge.json"],
        vec!["verify", "--json", "huge.json"],
        vec!["check", "huge.json"],
        vec!["check", "e.json"],
        vec!["check", "i.json"],
        vec!["sign", "i.json", "--key", "k.key", "--name", "n", "--country", "KE", "--out", "o.json"],
        vec!["key", "show", "k.key"],
        vec!["import", "e.json"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let out = run(&args, d);
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(
            said.contains("too-large") || said.contains("larger than") || said.contains("too large"),
            "{args:?}: {said}"
        );
        if args[0] != "import" {
            assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        }
    }
}

/// Output into a pipe its reader has closed (`undersigned verify … | head -1`): no panic and
/// status 141, as for a command killed by the closed pipe; the verdict's own status is not
/// claimed.
#[test]
fn a_closed_output_pipe_ends_the_command_quietly() {
    use std::io::Read;
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vectors");
    let dir = tempfile::tempdir().unwrap();
    for args in
        [vec!["verify", "bundle-release-2.json", "--json", "--entries"], vec!["verify", "bundle-release-2.json"]]
    {
        // The reader is gone before the command starts, so every write meets a closed pipe
        // (closing it after the spawn raced with a short report that fits the pipe's buffer).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut child = Command::new(env!("CARGO_BIN_EXE_undersigned"))
            .args(&args)
            .env("UNDERSIGNED_DB", dir.path().join("s.db"))
            .current_dir(&vectors)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(status.code(), Some(141), "{args:?}: {stderr}");
    }
}

/// `undersigned check` reads an equivocation proof (format 1.1, FORMAT.md §14.13) by its type:
/// a proof, one that shows nothing, and one of format 1, with the exit codes of §13.
#[test]
fn check_reads_an_equivocation_proof() {
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vectors");
    let dir = tempfile::tempdir().unwrap();
    for (file, status, says) in [
        ("equivocation-proof-not-a-prefix.json", 0, "equivocation-proof VALID"),
        ("equivocation-proof-consistent.json", 1, "equivocation-unproven"),
        ("equivocation-proof-format-1.json", 2, "unsupported-format"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_undersigned"))
            .args(["check", file])
            .env("UNDERSIGNED_DB", dir.path().join("s.db"))
            .current_dir(&vectors)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(status), "{file}: {text}");
        assert!(text.contains(says), "{file}: {text}");
    }
}

/// `undersigned key well-known` writes the file a member's website serves (FORMAT.md §14.7),
/// which `check` then reads as valid; it prints where to put it, and refuses a bad name.
#[test]
fn key_well_known_writes_what_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_undersigned"))
            .args(args)
            .env("UNDERSIGNED_DB", dir.path().join("s.db"))
            .env("UNDERSIGNED_PASSPHRASE", "a long passphrase for the test")
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert!(run(&["key", "new", "--out", "k.key", "--name", "Green Rivers Alliance"]).status.success());
    let out = run(&["key", "well-known", "k.key", "--out", "u.json", "--website", "https://GreenRivers.example/about"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("https://greenrivers.example/.well-known/undersigned.json"), "{text}");
    let check = run(&["check", "u.json"]);
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    assert!(String::from_utf8_lossy(&check.stdout).contains("well-known VALID"));
    let bad = run(&["key", "well-known", "k.key", "--out", "v.json", "--name", "Green\u{7}Rivers"]);
    assert_ne!(bad.status.code(), Some(0));
    assert!(!dir.path().join("v.json").exists());
}

/// `undersigned verify` reads a bundle of format 1.1 (FORMAT.md §14.10) by its own format: its
/// verdict, the exit codes of §13, and in words what 1.1 adds — the signatories not named, by
/// region, and the witnesses who co-signed against the quorum — alone and against release 2.
#[test]
fn verify_reads_a_bundle_of_format_1_1() {
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/vectors");
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_undersigned"))
            .args(args)
            .env("UNDERSIGNED_DB", dir.path().join("s.db"))
            .current_dir(&vectors)
            .output()
            .unwrap()
    };
    let cases: [(&[&str], i32, &[&str]); 6] = [
        (
            &["verify", "bundle-1-1-website-host-as-written.json", "--entries"],
            0,
            &[
                "#0 Green Rivers Alliance (KE) — active — website greenrivers.example, reported by the coalition on \
                 10 December 2026",
                "#5 Mekong Water Watch (KH) — active — checked by the coalition: call (11 December 2026)",
                "#7 River Keepers Uganda (UG) — active — website riverkeepers.example, reported by the coalition on \
                 10 December 2026",
                "#1 Réseau des femmes pour l’eau (SN) — active — self-declared",
                "#8 not named, vouched for by 1 named signatories with a website tier — active",
            ],
        ),
        (
            &["verify", "bundle-1-1-release-3.json"],
            0,
            &[
                "VALID",
                "7 signatories (6 named, 1 not named), 1 withdrawn",
                "Not named, for their safety: 1, each vouched for by the coalition; 1 also by named signatories \
                 whose key is on their own website. By region: Africa 1. Beyond those vouches, the count rests on \
                 the coalition’s word.",
                "Who is behind each key: 1 on their own website, 1 checked by the coalition, 4 self-declared",
                "Co-signed by 2 of 3 witnesses (quorum 2): Press Freedom Watch, Centre for International Law",
            ],
        ),
        (
            &["verify", "bundle-1-1-release-3.json", "--previous", "bundle-release-2.json"],
            0,
            &["Against release 2: 5 kept, 0 withdrawn by their signers, 2 added"],
        ),
        (
            &["verify", "bundle-1-1-cosignature-unlisted-key.json"],
            1,
            &[
                "Co-signed by 1 of 3 witnesses (quorum 2)",
                "1 signatures by keys this bundle does not list",
                "(quorum-not-met)",
            ],
        ),
        (&["verify", "bundle-1-1-release-format-1.json"], 2, &[]),
        (&["verify", "bundle-release-2.json", "--previous", "bundle-1-1-release-3.json"], 1, &["(previous-invalid)"]),
    ];
    for (args, status, says) in cases {
        let out = run(args);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {text}");
        for s in says {
            assert!(text.contains(s), "{args:?} must say {s:?}: {text}");
        }
    }
    let out = run(&["verify", "--json", "bundle-1-1-revealed.json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts = &report["format_1_1"]["counts"];
    assert_eq!((counts["revealed"].as_u64(), counts["unnamed"].as_u64()), (Some(1), Some(0)), "{report}");
    // Tiers in --json: per entry with --entries (the evidence beside it), counted per tier.
    let out = run(&["verify", "--json", "--entries", "bundle-1-1-revealed.json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_tier = &report["format_1_1"]["by_tier"];
    assert_eq!(
        (by_tier["website"].as_u64(), by_tier["attested"].as_u64(), by_tier["self-declared"].as_u64()),
        (Some(1), Some(2), Some(4)),
        "{report}"
    );
    let green = &report["entries"][0]["tier"];
    assert_eq!(green["tier"], "website");
    assert_eq!(green["evidence"][0]["website"]["finding"], "listed");
    assert_eq!(green["evidence"][0]["website"]["host"], "greenrivers.example");
    assert_eq!(report["entries"][8]["tier"]["tier"], "attested", "the revealed hidden entry");
    assert_eq!(report["entries"][8]["vouchers"], 1);
    assert!(report["entries"][6].get("tier").is_none(), "a withdrawal has no tier");
    let v1 = run(&["verify", "--json", "--entries", "bundle-release-2.json"]);
    assert!(!String::from_utf8_lossy(&v1.stdout).contains("\"tier\""), "format 1 reports have no tiers");
}
