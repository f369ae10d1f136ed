//! The commands through Tauri's IPC (tauri::test::mock_builder, no display): what the window
//! sends and what it gets back, errors included, for a lead and a member with separate stores.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};
use undersigned_app::state::AppState;
use undersigned_store::Store;

struct Party {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn party(dir: &Path) -> Party {
    party_opening(dir, &[])
}

/// A party whose app was started with `files` on its command line.
fn party_opening(dir: &Path, files: &[PathBuf]) -> Party {
    let store = Store::open(&dir.join("undersigned.db")).unwrap();
    let app = undersigned_app::with_commands(mock_builder())
        .manage(AppState::new(store, files, false))
        // The real context: the capability file's access control applies to these calls.
        .build(undersigned_app::context())
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Party { _app: app, window }
}

impl Party {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.call_from("http://localhost:5173/", cmd, args)
    }
    fn call_from(&self, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // The window's own origin: without the custom-protocol feature the app loads
                // the dev server, which the access control then counts as local.
                url: origin.parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|b| b.deserialize::<Value>().unwrap())
    }
    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args) {
            Err(e) => e,
            Ok(v) => panic!("{cmd} should have failed, returned {v}"),
        }
    }
}

fn details(name: &str, country: &str) -> Value {
    json!({"name": name, "kind": "organization", "country": country, "website": null, "title": null, "affiliation": null})
}

#[test]
fn errors_cross_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let lead = party(dir.path());
    let e = lead.err("statement_versions", json!({"id": "abcd"}));
    assert_eq!(e["code"], "not-found");
    assert!(e["message"].as_str().unwrap().contains("abcd"));
    assert_eq!(
        lead.err("statement_create", json!({"title": "T", "body": "B", "language": "en"}))["code"],
        "no-identity"
    );
    assert_eq!(lead.err("unlock", json!({"passphrase": "x"}))["code"], "no-identity");
    let e = lead.err("identity_create", json!({"details": details(" ", "KE"), "passphrase": "long enough pass"}));
    assert_eq!(e["code"], "invalid");
    let e = lead
        .err("identity_create", json!({"details": details("Green Rivers", "XX"), "passphrase": "long enough pass"}));
    assert_eq!(e["code"], "invalid");
}

#[test]
fn files_to_open_are_taken_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/vectors");
    let files = [vectors.join("endorsement-organization.json"), vectors.join("invitation-v1.json")];
    let p = party_opening(dir.path(), &files);
    let taken = p.ok("take_launch_files", json!({}));
    assert_eq!(
        taken,
        json!([
            {"path": files[0].display().to_string(), "kind": "endorsement"},
            {"path": files[1].display().to_string(), "kind": "invitation"},
        ])
    );
    assert_eq!(p.ok("take_launch_files", json!({})), json!([]), "taken once");
    assert!(p.ok("app_info", json!({})).get("launch").is_none(), "files are only taken, not told at start");
    // A later launch's files wait until the window takes them.
    let state = p.window.state::<AppState>();
    state.hand_over(&[vectors.join("bundle-format-2.json")]).unwrap();
    state.hand_over(&[vectors.join("bundle-release-1.json")]).unwrap();
    let kinds: Vec<Value> =
        p.ok("take_launch_files", json!({})).as_array().unwrap().iter().map(|f| f["kind"].clone()).collect();
    assert_eq!(kinds, [json!("newer"), json!("bundle")]);
}

#[test]
fn lead_and_member_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let lead = party(&dir.path().join("lead"));
    let member = party(&dir.path().join("member"));
    let files = dir.path();

    // No identity yet: verifying and listing work all the same.
    let info = lead.ok("app_info", json!({}));
    assert_eq!(info["identity"], Value::Null);
    assert_eq!(info["unlocked"], false);
    assert_eq!(lead.ok("statements_list", json!({})), json!([]));

    // The lead: identity, statement, open, invitation.
    let id = lead.ok(
        "identity_create",
        json!({"details": details("Coalition for Rivers", "KE"), "passphrase": "lead pass phrase"}),
    );
    assert_eq!(id["fingerprint"].as_str().unwrap().len(), 39);
    assert_eq!(lead.ok("app_info", json!({}))["unlocked"], true);
    let sid = lead
        .ok("statement_create", json!({"title": "Joint statement", "body": "We, the undersigned…", "language": "en"}));
    let sid = sid.as_str().unwrap().to_owned();
    lead.ok("lock", json!({}));
    assert_eq!(lead.err("statement_open", json!({"id": sid, "closesOn": null}))["code"], "locked");
    assert_eq!(lead.err("unlock", json!({"passphrase": "wrong"}))["code"], "wrong-passphrase");
    lead.ok("unlock", json!({"passphrase": "lead pass phrase"}));
    assert_eq!(lead.err("statement_open", json!({"id": sid, "closesOn": "2026-13-01"}))["code"], "invalid");
    let opened = lead.ok("statement_open", json!({"id": sid, "closesOn": null}));
    assert_eq!(opened["version"], 1);
    let inv = files.join("invitation.json");
    lead.ok("invitation_export", json!({"id": sid, "path": inv}));

    // The member: identity, read the invitation, sign.
    member.ok(
        "identity_create",
        json!({"details": details("Green Rivers Alliance", "SN"), "passphrase": "member pass phrase"}),
    );
    let view = member.ok("invitation_read", json!({"path": inv}));
    assert_eq!(view["problems"], json!([]));
    assert_eq!(view["lead_name"], "Coalition for Rivers");
    assert_eq!(view["lead_fingerprint"], id["fingerprint"]);
    assert_eq!(view["already_signed"], false);
    let e1 = files.join("green.json");
    let signed = member
        .ok("invitation_sign", json!({"path": inv, "details": details("Green Rivers Alliance", "SN"), "out": e1}));
    assert_eq!(member.ok("invitation_read", json!({"path": inv}))["already_signed"], true);
    let mine = member.ok("my_signatures", json!({}));
    assert_eq!(mine[0]["entry"], signed["entry"]);
    assert_eq!(mine[0]["withdrawn"], false);

    // The lead imports, releases, exports; anyone verifies.
    let results = lead.ok("import_files", json!({"onProgress": "__CHANNEL__:1", "paths": [e1]}));
    assert_eq!(results[0]["outcome"], "accepted", "{results}");
    let rows = lead.ok("signatories_page", json!({"id": sid, "query": {}, "offset": 0, "limit": 10}))["rows"].clone();
    assert_eq!(rows[0]["name"], "Green Rivers Alliance");
    assert_eq!(rows[0]["status"], "active");
    let summary = lead.ok("signatories_summary", json!({"id": sid}));
    assert_eq!(
        (summary["total"].clone(), summary["active"].clone(), summary["pending"].clone()),
        (json!(1), json!(1), json!(1))
    );
    assert_eq!(summary["by_country"], json!([{"country": "SN", "count": 1}]));
    let query = json!({"search": "RIVERS", "country": "SN", "kind": "", "status": "active", "sort": "name", "descending": true});
    let page = lead.ok("signatories_page", json!({"id": sid, "query": query, "offset": 0, "limit": 100}));
    assert_eq!((page["total"].clone(), page["matched"].clone()), (json!(1), json!(1)));
    assert_eq!(page["rows"][0]["name"], "Green Rivers Alliance");
    let none =
        lead.ok("signatories_page", json!({"id": sid, "query": {"search": "no such name"}, "offset": 0, "limit": 100}));
    assert_eq!((none["matched"].clone(), none["rows"].clone()), (json!(0), json!([])));
    // An order the table does not have is refused by Tauri before the command runs.
    let bad = lead.err("signatories_page", json!({"id": sid, "query": {"sort": "salary"}, "offset": 0, "limit": 9}));
    assert!(bad.to_string().contains("salary"), "{bad}");
    let rel = lead.ok("release_publish", json!({"id": sid, "onProgress": "__CHANNEL__:1"}));
    assert_eq!(rel["number"], 1);
    assert_eq!(rel["signatories"], 1);
    let b1 = files.join("bundle1.json");
    lead.ok("bundle_export", json!({"id": sid, "number": null, "path": b1}));
    let report = member.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": b1, "previous": null}))
        ["report"]
        .clone();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["signatories"], 1);

    // Who is behind the key (FORMAT.md §14.7): the lead records a call, sees it in the table,
    // checks the websites (this signatory gave none), and the next release carries the check.
    let entry = signed["entry"].as_str().unwrap().to_owned();
    assert_eq!(rows[0]["tier"], "self-declared");
    let bad =
        lead.err("attest_check", json!({"entry": entry, "method": "other", "checkedOn": "2026-01-01", "note": null}));
    assert_eq!(bad["code"], "invalid", "{bad}");
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    lead.ok(
        "attest_check",
        json!({"entry": entry, "method": "call", "checkedOn": today, "note": "A call to the director."}),
    );
    let recorded = lead.ok("attestations_list", json!({"id": sid, "entry": null}));
    assert_eq!(
        (recorded[0]["method"].clone(), recorded[0]["note"].clone()),
        (json!("call"), json!("A call to the director."))
    );
    let page = lead.ok("signatories_page", json!({"id": sid, "query": {"tier": "attested"}, "offset": 0, "limit": 10}));
    assert_eq!(page["rows"][0]["tier"], "attested", "{page}");
    let checks = lead.ok("attest_websites", json!({"id": sid, "entry": null, "onProgress": "__CHANNEL__:1"}));
    assert_eq!(checks[0]["outcome"], json!({"kind": "no-website"}), "{checks}");

    // A tampered copy is not valid, with the failure's code.
    let tampered = files.join("tampered.json");
    let text = std::fs::read_to_string(&b1).unwrap().replace("Green Rivers Alliance", "Green Rivers Aliance");
    std::fs::write(&tampered, text).unwrap();
    let report = member.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": tampered, "previous": null}))
        ["report"]
        .clone();
    assert_eq!(report["valid"], false);
    assert!(report["errors"].as_array().unwrap().iter().any(|e| e["code"] == "signature-invalid"), "{report}");

    // The member withdraws; release 2 chains to release 1.
    let w = files.join("withdrawal.json");
    member.ok("withdraw", json!({"entry": signed["entry"], "out": w}));
    assert_eq!(member.ok("my_signatures", json!({}))[0]["withdrawn"], true);
    assert_eq!(lead.ok("import_files", json!({"onProgress": "__CHANNEL__:1", "paths": [w]}))[0]["outcome"], "accepted");
    assert_eq!(lead.ok("release_publish", json!({"id": sid, "onProgress": "__CHANNEL__:1"}))["number"], 2);
    let b2 = files.join("bundle2.json");
    lead.ok("bundle_export", json!({"id": sid, "number": 2, "path": b2}));
    let report =
        lead.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": b2, "previous": b1}))["report"].clone();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["previous"]["consistent"], true);
    // The call recorded above made release 2 of format 1.1: it carries the attestation, and the
    // withdrawn signatory keeps its tier.
    assert!(std::fs::read_to_string(&b2).unwrap().contains("A call to the director."));
    let run =
        lead.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": b2, "previous": null}))["run"].clone();
    let lines = lead.ok("verify_lines", json!({"run": run, "offset": 0, "limit": 10, "onlyProblems": false}));
    assert_eq!(
        (lines[0]["status"].clone(), lines[0]["tier"]["tier"].clone()),
        (json!("withdrawn"), json!("attested")),
        "{lines}"
    );
    // Its evidence is a call, not a website: nothing to fetch again online.
    assert_eq!(lead.ok("verify_online", json!({"run": run})), json!([]));
    assert_eq!(lead.ok("releases_list", json!({"id": sid})).as_array().unwrap().len(), 2);

    // The publication of release 2, as `undersigned publish` writes it: the withdrawal shows.
    let pubdir = files.join("publication");
    let p =
        lead.ok("publication_export", json!({"id": sid, "number": 2, "dir": pubdir, "onProgress": "__CHANNEL__:1"}));
    assert_eq!(p["release"], 2);
    assert_eq!(p["signatories"], 0);
    assert_eq!(p["withdrawn"], 1);
    assert_eq!(std::fs::read(pubdir.join("bundle.json")).unwrap(), std::fs::read(&b2).unwrap());
    let index = std::fs::read_to_string(pubdir.join("index.html")).unwrap();
    assert!(index.contains("Green Rivers Alliance") && index.contains("withdrawn"), "{index}");
    assert!(std::fs::read_to_string(pubdir.join("verify.html")).unwrap().contains(r#"id="verdict""#));
    let csv = std::fs::read_to_string(pubdir.join("signatories.csv")).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let e =
        lead.err("publication_export", json!({"id": sid, "number": 9, "dir": pubdir, "onProgress": "__CHANNEL__:1"}));
    assert_eq!(e["code"], "not-found", "{e}");

    // Backup of the whole store, then a restore over later changes brings the backup back.
    let backup = files.join("store-backup.db");
    lead.ok("store_backup", json!({"path": backup}));
    assert_eq!(lead.err("store_backup", json!({"path": backup}))["code"], "conflict");
    let other = lead.ok("statement_create", json!({"title": "Later", "body": "Text", "language": "en"}));
    assert_eq!(lead.ok("statements_list", json!({})).as_array().unwrap().len(), 2, "{other}");
    lead.ok("store_restore", json!({"path": backup}));
    let list = lead.ok("statements_list", json!({}));
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(lead.ok("releases_list", json!({"id": sid})).as_array().unwrap().len(), 2);
    // A file that is not a store backup changes nothing.
    let e = lead.err("store_restore", json!({"path": b2}));
    assert_eq!(e["code"], "invalid", "{e}");
    assert_eq!(lead.ok("statements_list", json!({})).as_array().unwrap().len(), 1);

    // Not a bundle at all: a report, not an error.
    let report = lead.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": inv, "previous": null}))
        ["report"]
        .clone();
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"][0]["code"], "malformed");
}

/// Paths come from the file dialogs: full paths. A relative or climbing path, or one inside the
/// app's own folder (its store and key), is refused before anything is read or written.
#[test]
fn paths_must_be_full_and_outside_the_app_folder() {
    let dir = tempfile::tempdir().unwrap();
    let app_dir = dir.path().join("app");
    std::fs::create_dir_all(&app_dir).unwrap();
    let lead = party(&app_dir);
    lead.ok("identity_create", json!({"details": details("Coalition", "KE"), "passphrase": "correct horse battery"}));
    lead.ok("unlock", json!({"passphrase": "correct horse battery"}));
    let sid = lead.ok("statement_create", json!({"title": "T", "body": "B", "language": "en"}));
    lead.ok("statement_open", json!({"id": sid, "closesOn": null}));
    let outside = dir.path().join("out");
    std::fs::create_dir_all(&outside).unwrap();
    let key_before = std::fs::read(app_dir.join("identity.key")).unwrap();
    let bad = [
        "invitation.json".to_string(),
        "../invitation.json".to_string(),
        format!("{}/../app/undersigned.db", outside.display()),
        app_dir.join("undersigned.db").display().to_string(),
        app_dir.join("identity.key").display().to_string(),
        app_dir.join("new-folder").join("x.json").display().to_string(),
    ];
    for p in &bad {
        let e = lead.err("invitation_export", json!({"id": sid, "path": p}));
        assert_eq!(e["code"], "invalid", "{p}: {e}");
        let e = lead.err("store_backup", json!({"path": p}));
        assert_eq!(e["code"], "invalid", "{p}: {e}");
        let e =
            lead.err("publication_export", json!({"id": sid, "number": null, "dir": p, "onProgress": "__CHANNEL__:1"}));
        assert_eq!(e["code"], "invalid", "{p}: {e}");
    }
    // A symbolic link to the app's folder is the app's folder.
    #[cfg(unix)]
    {
        let link = outside.join("link");
        std::os::unix::fs::symlink(&app_dir, &link).unwrap();
        let e = lead.err("invitation_export", json!({"id": sid, "path": link.join("identity.key")}));
        assert_eq!(e["code"], "invalid", "{e}");
    }
    assert_eq!(
        lead.err("import_files", json!({"onProgress": "__CHANNEL__:1", "paths": ["../e.json"]}))["code"],
        "invalid"
    );
    assert_eq!(lead.err("invitation_read", json!({"path": "invitation.json"}))["code"], "invalid");
    let r = lead
        .ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": "../bundle.json", "previous": null}))
        ["report"]
        .clone();
    assert_eq!(r["valid"], false);
    assert_eq!(std::fs::read(app_dir.join("identity.key")).unwrap(), key_before, "the key is untouched");
    assert!(!app_dir.join("new-folder").exists());
    // Outside the folder, with a full path: fine.
    let good = outside.join("invitation.json");
    lead.ok("invitation_export", json!({"id": sid, "path": good}));
    assert!(good.exists());
}

#[test]
fn markdown_preview_is_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let p = party(dir.path());
    let html = p.ok("markdown_html", json!({"text": "**bold** <script>alert(1)</script>"}));
    let html = html.as_str().unwrap();
    assert!(html.contains("<strong>bold</strong>"));
    assert!(!html.contains("<script"));
}

/// Hostile statement text: the preview (the `markdown_html` command) shows byte for byte what the
/// published page (`publication_export`) embeds. The renderer's own rules and hostile inputs are
/// tested in crates/store/tests/markdown.rs.
#[test]
fn the_preview_and_the_published_page_render_the_text_alike() {
    const TEXT: &str = "# Title\n\nWe, the **undersigned**, <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n\
        <!-- hidden --> <iframe src=\"https://evil.example/\"></iframe> <p style=\"color:red\">red</p>\n\n\
        [a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](&#106;avascript:alert(5)) [d](data:text/html,x) \
        [e](vbscript:x) [f](https://example.org/treaty \"t\") <https://example.org> <g@example.org> [h][r] \
        ![i](https://tracker.example/p.gif)\n\n[r]: javascript:alert(6)\n\n\
        | a | b |\n|:--|--:|\n| *c* | ~~d~~ |\n\n\
        ###### deep\n\n3. \u{2067}evil\u{2069} and ***nested** emphasis*";
    let dir = tempfile::tempdir().unwrap();
    let lead = party(&dir.path().join("lead"));
    lead.ok("identity_create", json!({"details": details("Coalition", "KE"), "passphrase": "correct horse battery"}));
    let sid = lead.ok("statement_create", json!({"title": "T", "body": TEXT, "language": "en"}));
    lead.ok("statement_open", json!({"id": sid, "closesOn": null}));
    lead.ok("release_publish", json!({"id": sid, "onProgress": "__CHANNEL__:1"}));
    let pubdir = dir.path().join("publication");
    lead.ok("publication_export", json!({"id": sid, "number": null, "dir": pubdir, "onProgress": "__CHANNEL__:1"}));
    let index = std::fs::read_to_string(pubdir.join("index.html")).unwrap();
    let article = index.split("<article ").nth(1).unwrap();
    let page = &article[article.find(">\n").unwrap() + 2..article.find("</article>").unwrap()];

    let preview = lead.ok("markdown_html", json!({"text": TEXT}));
    assert_eq!(preview.as_str().unwrap(), page);
    assert_eq!(page, undersigned_store::markdown::to_html(TEXT));
    assert!(
        page.contains("<a href=\"https://example.org/treaty\" title=\"t\" rel=\"noopener noreferrer nofollow\">f</a>"),
        "{page}"
    );
    for bad in
        ["<script", "<img", "<iframe", "<p style", "<!--", "javascript", "data:", "vbscript", "tracker.example", "<h1"]
    {
        assert!(!page.contains(bad), "{bad}: {page}");
    }
}

/// The witness through IPC: a checkpoint request co-signed with the unlocked key, the answer
/// exported for the lead (a line that verifies for this witness), a fork refused with a proof
/// kept and exported (which verifies), the logs followed; a locked key and a bad name refused.
#[test]
fn a_witness_cosigns_and_keeps_proof() {
    use undersigned_core::merkle::{leaf_hash, root};
    use undersigned_core::{checkpoint, consistency, ed25519::SecretKey, witness};
    let dir = tempfile::tempdir().unwrap();
    let w = party(&dir.path().join("witness"));
    let files = dir.path();
    let id =
        w.ok("identity_create", json!({"details": details("Press Freedom Watch", "SN"), "passphrase": "witness pass"}));
    let lead = SecretKey::from_seed(&[1; 32]);
    let origin = checkpoint::origin(&lead.public_key().to_hex(), "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071");
    let log: Vec<[u8; 32]> = (0..6u8).map(|i| leaf_hash(&[i])).collect();
    let note = |leaves: &[[u8; 32]]| checkpoint::lead_note(&origin, leaves.len() as u64, &root(leaves), &lead);
    std::fs::write(files.join("r1.txt"), witness::request(0, &[], &note(&log[..3]))).unwrap();
    let name = "press.example/witness";

    assert_eq!(
        w.err("witness_add_checkpoint", json!({"path": files.join("r1.txt"), "keyName": "two words"}))["code"],
        "invalid"
    );
    w.ok("lock", json!({}));
    assert_eq!(
        w.err("witness_add_checkpoint", json!({"path": files.join("r1.txt"), "keyName": name}))["code"],
        "locked"
    );
    w.ok("unlock", json!({"passphrase": "witness pass"}));
    let done = w.ok("witness_add_checkpoint", json!({"path": files.join("r1.txt"), "keyName": name}));
    assert_eq!(done, json!({"outcome": "cosigned", "origin": origin, "size": 3}));
    w.ok("witness_cosignature_export", json!({"origin": origin, "path": files.join("c.undersigned-cosignature")}));
    let file: Value = serde_json::from_slice(&std::fs::read(files.join("c.undersigned-cosignature")).unwrap()).unwrap();
    let key: [u8; 32] = hex::decode(id["public_key"].as_str().unwrap()).unwrap().try_into().unwrap();
    let listed = checkpoint::Witness { key_name: name.into(), public_key: key };
    let text = checkpoint::text(&origin, 3, &root(&log[..3]));
    let checked = checkpoint::check(file["note"].as_str().unwrap(), &text, &origin, &lead.public_key().0, &[listed], 1);
    assert!(checked.faults.is_empty(), "{:?}", checked.faults);

    let mut forked = log.clone();
    forked[1] = leaf_hash(b"replaced");
    let proof = consistency::prove(&forked, 3).unwrap();
    std::fs::write(files.join("r2.txt"), witness::request(3, &proof, &note(&forked))).unwrap();
    let refused = w.ok("witness_add_checkpoint", json!({"path": files.join("r2.txt"), "keyName": name}));
    assert_eq!((refused["outcome"].as_str(), refused["status"].as_u64()), (Some("refused"), Some(422)));
    let kept = refused["proof"].as_i64().expect("a proof kept");
    w.ok("witness_proof_export", json!({"id": kept, "path": files.join("p.undersigned-equivocation")}));
    let p = undersigned_core::equivocation::EquivocationProof::parse(
        &std::fs::read(files.join("p.undersigned-equivocation")).unwrap(),
    )
    .unwrap();
    assert!(p.verify().is_empty());
    let logs = w.ok("witness_logs", json!({}));
    assert_eq!(
        (logs[0]["size"].as_u64(), logs[0]["refused"].as_u64(), logs[0]["proofs"][0]["id"].as_i64()),
        (Some(3), Some(1), Some(kept))
    );
    assert_eq!(
        w.err("witness_proof_export", json!({"id": kept + 1, "path": files.join("q.json")}))["code"],
        "not-found"
    );
}

#[test]
fn review_and_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let lead = party(&dir.path().join("lead"));
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    assert_eq!(lead.err("inbox_set", json!({"path": dir.path().join("nope")}))["code"], "not-found");
    lead.ok("inbox_set", json!({"path": inbox}));
    assert_eq!(lead.ok("inbox_get", json!({})), json!(inbox));
    assert_eq!(lead.ok("inbox_scan", json!({})), json!([]));
    std::fs::write(inbox.join("junk.json"), b"{}").unwrap();
    let r = lead.ok("inbox_scan", json!({}));
    assert_eq!(r[0]["outcome"], "rejected");
    // Seen files are not imported twice.
    assert_eq!(lead.ok("inbox_scan", json!({})), json!([]));
    assert_eq!(lead.ok("review_list", json!({"id": null})), json!([]));
    assert_eq!(lead.err("review_reject", json!({"entry": "abcd", "reason": ""}))["code"], "invalid");
}

#[test]
fn a_remote_page_cannot_call_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let p = party(dir.path());
    let e = p.call_from("https://evil.example/", "app_info", json!({})).unwrap_err();
    assert!(e.as_str().unwrap_or_default().contains("not allowed"), "{e}");
    // Plugins the app does not grant are not there at all.
    assert!(p.call("plugin:fs|read_file", json!({"path": "/etc/passwd"})).is_err());
    // Tauri's own core commands that the capability does not grant are refused too.
    for (cmd, args) in [
        ("plugin:window|close", json!({"label": "main"})),
        ("plugin:window|set_title", json!({"label": "main", "value": "x"})),
        ("plugin:path|resolve_directory", json!({"directory": 11})),
        ("plugin:webview|create_webview_window", json!({"options": {"label": "x", "url": "https://evil.example/"}})),
    ] {
        let e = p.call(cmd, args).unwrap_err();
        assert!(e.as_str().unwrap_or_default().contains("not allowed"), "{cmd}: {e}");
    }
}

/// No secret crosses IPC or lands in the app's files: neither the passphrase nor the seed (in
/// hex or raw) appears in any response (errors included), in identity.json, settings.json or
/// the store.
#[test]
fn no_secret_crosses_ipc_or_lands_in_files() {
    const PASS: &str = "lantern harbour quietly 42";
    const WRONG: &str = "a wrong passphrase typed in";
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir_all(&files).unwrap();
    let app_dir = dir.path().join("app");
    std::fs::create_dir_all(&app_dir).unwrap();
    let p = party(&app_dir);
    let mut seen = Vec::new();
    let mut call = |cmd: &str, args: Value| {
        let r = p.call(cmd, args);
        seen.push(match &r {
            Ok(v) | Err(v) => v.to_string(),
        });
        r
    };
    call("identity_create", json!({"details": details("Green Rivers", "KE"), "passphrase": PASS})).unwrap();
    call("lock", json!({})).unwrap();
    assert!(call("unlock", json!({"passphrase": WRONG})).is_err());
    call("unlock", json!({"passphrase": PASS})).unwrap();
    call("app_info", json!({})).unwrap();
    let sid = call("statement_create", json!({"title": "T", "body": "B", "language": "en"})).unwrap();
    call("statement_open", json!({"id": sid, "closesOn": null})).unwrap();
    let inv = files.join("inv.json");
    call("invitation_export", json!({"id": sid, "path": inv})).unwrap();
    call("invitation_read", json!({"path": inv})).unwrap();
    let e = files.join("e.json");
    call("invitation_sign", json!({"path": inv, "details": details("Green Rivers", "KE"), "out": e})).unwrap();
    call("identity_backup", json!({"path": files.join("backup.key")})).unwrap();
    let site = call("well_known_export", json!({"path": files.join("undersigned.json")})).unwrap();
    assert_eq!(site, serde_json::Value::Null, "details without a website: no address");
    let served = std::fs::read(files.join("undersigned.json")).unwrap();
    let file = undersigned_core::well_known::WellKnown::parse(&served).unwrap();
    assert!(file.verify().is_empty() && file.name == "Green Rivers" && file.keys.len() == 1);
    call("my_signatures", json!({})).unwrap();

    let seed = undersigned_store::keys::unlock(&app_dir.join("identity.key"), PASS).unwrap().seed();
    let secrets: Vec<Vec<u8>> = vec![
        PASS.as_bytes().to_vec(),
        WRONG.as_bytes().to_vec(),
        hex::encode(*seed).into_bytes(),
        hex::encode_upper(*seed).into_bytes(),
        seed[..16].to_vec(),
    ];
    let mut places: Vec<(String, Vec<u8>)> =
        seen.into_iter().enumerate().map(|(i, s)| (format!("response {i}"), s.into_bytes())).collect();
    for f in ["identity.json", "settings.json", "undersigned.db", "undersigned.db-wal"] {
        if let Ok(b) = std::fs::read(app_dir.join(f)) {
            places.push((f.into(), b));
        }
    }
    places.push(("e.json".into(), std::fs::read(&e).unwrap()));
    places.push(("undersigned.json".into(), served));
    assert!(places.iter().any(|(p, _)| p == "identity.json"), "identity.json was written");
    for (place, bytes) in &places {
        for s in &secrets {
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_slice()),
                "a secret ({} bytes) appears in {place}",
                s.len()
            );
        }
    }
}

#[test]
fn capability_grants_exactly_the_commands() {
    let cap: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/default.json")).unwrap(),
    )
    .unwrap();
    let perms: Vec<&str> = cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    let mut expected: Vec<String> =
        undersigned_app::command_list::COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.extend(
        ["core:event:allow-listen", "core:event:allow-unlisten", "dialog:allow-open", "dialog:allow-save"]
            .map(String::from),
    );
    let mut got: Vec<String> = perms.iter().map(|s| s.to_string()).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = conf["app"]["security"]["csp"].to_string();
    assert!(!csp.contains("unsafe-eval") && !csp.contains("http://") || csp.contains("http://ipc.localhost"));
    assert!(!csp.contains("https://"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
}

/// The settings reviewed against Tauri's security guide (docs/SECURITY.md, "The desktop app
/// against Tauri's security guide"): each assertion is one line of that review.
#[test]
fn security_settings_as_reviewed() {
    let read = |p: &str| std::fs::read_to_string(format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let sec = &conf["app"]["security"];
    let csp = &sec["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'", "no inline or remote script, no eval");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost", "the window talks to the app only");
    for d in ["object-src", "base-uri", "form-action", "frame-src"] {
        assert_eq!(csp[d], "'none'", "{d}");
    }
    for (d, v) in csp.as_object().unwrap() {
        let v = v.as_str().unwrap();
        assert!(!v.contains("unsafe-eval") && !v.contains("https:") && !v.contains('*'), "{d}: {v}");
    }
    assert_eq!(sec["freezePrototype"], true);
    assert_eq!(sec["assetProtocol"]["enable"], false);
    assert!(sec.get("dangerousDisableAssetCspModification").is_none());
    assert!(sec.get("pattern").is_none() || sec["pattern"]["use"] == "isolation");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert!(!read("tauri.conf.json").contains("dangerous"), "no dangerous* option");
    let cap: Value = serde_json::from_str(&read("capabilities/default.json")).unwrap();
    assert_eq!(cap["windows"], json!(["main"]), "the capability is for the main window only");
    assert!(cap.get("remote").is_none(), "no remote origin may call the commands");
    assert_eq!(
        std::fs::read_dir(format!("{}/capabilities", env!("CARGO_MANIFEST_DIR"))).unwrap().count(),
        1,
        "one capability file"
    );
    // Plugins: the dialog plugin, and single-instance (which the window cannot call: it only
    // hands a second launch's file to the running app); no fs, shell, http, opener. Devtools
    // are not compiled in.
    let manifest = read("Cargo.toml");
    let mut plugins: Vec<&str> = manifest
        .lines()
        .filter(|l| l.trim_start().starts_with("tauri-plugin-"))
        .map(|l| l.split([' ', '=']).next().unwrap_or(""))
        .collect();
    plugins.sort_unstable();
    assert_eq!(plugins, ["tauri-plugin-dialog", "tauri-plugin-single-instance"]);
    assert!(!manifest.contains("devtools"), "devtools stay out of the app");
}

/// The Verify screen's command gives, for every bundle vector and previous-release case of
/// `docs/vectors/index.json`, the report of the store's `verify_files`, which `tests/front_ends.rs`
/// holds equal to the CLI's, core's and publish's (issue 15: one pipeline for every front end).
#[test]
fn the_verify_command_gives_the_pipeline_report_for_every_vector() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/vectors").canonicalize().unwrap();
    let index: Vec<Value> = serde_json::from_slice(&std::fs::read(vectors.join("index.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let member = party(dir.path());
    let mut checked = 0;
    for v in index.iter().filter(|v| v["kind"] == "bundle") {
        let path = vectors.join(v["file"].as_str().unwrap());
        let previous = v["previous"].as_str().map(|p| vectors.join(p));
        let got =
            member.ok("verify_bundle", json!({"onProgress": "__CHANNEL__:1", "path": path, "previous": previous}));
        let mut want =
            undersigned_store::verify::verify_files(&path, previous.as_deref(), &[3; 32], true, &|_, _, _, _| {})
                .report;
        let entries = std::mem::take(&mut want.entries);
        assert_eq!(got["report"], serde_json::to_value(&want).unwrap(), "{}", v["file"]);
        assert_eq!(got["report"]["valid"], v["valid"], "{} after {}", v["file"], v["previous"]);
        assert_eq!(got["error_count"], want.errors.len(), "{}", v["file"]);
        assert_eq!(got["entries"], entries.len(), "{}", v["file"]);
        // The lines, read a page at a time, are the pipeline's own; those with a problem too.
        let lines = |offset: usize, limit: usize, problems: bool| {
            let args = json!({"run": got["run"], "offset": offset, "limit": limit, "onlyProblems": problems});
            member.ok("verify_lines", args)
        };
        let mut paged = Vec::new();
        for offset in (0..entries.len()).step_by(3) {
            paged.extend(lines(offset, 3, false).as_array().unwrap().iter().cloned());
        }
        assert_eq!(Value::Array(paged), serde_json::to_value(&entries).unwrap(), "{}", v["file"]);
        let bad: Vec<_> = entries.iter().filter(|e| e.status == "invalid").collect();
        assert_eq!(got["problems"], bad.len(), "{}", v["file"]);
        assert_eq!(lines(0, 1000, true), serde_json::to_value(&bad).unwrap(), "{}", v["file"]);
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
    // Only the last verification's list is kept.
    let e = member.err("verify_lines", json!({"run": 1, "offset": 0, "limit": 10, "onlyProblems": false}));
    assert_eq!(e["code"], "not-found", "{e}");
}

/// Issue 17, the lead's side over IPC: a version opened with a witness (its quorum by default),
/// a release listed with it, its request written; the witness co-signs in its own app (from the
/// release's bundle, which names it); the lead
/// imports the file; the exported bundle verifies, and a verifier that names the witness as its
/// own learns it co-signed. A witness the format refuses is a `verification` error; a key a
/// verifier cannot read, `invalid`.
#[test]
fn a_lead_has_a_release_cosigned_and_a_verifier_checks_its_own_witness() {
    let dir = tempfile::tempdir().unwrap();
    let (lead, w) = (party(&dir.path().join("lead")), party(&dir.path().join("witness")));
    let files = dir.path();
    lead.ok("identity_create", json!({"details": details("Coalition for Rivers", "KE"), "passphrase": "lead pass"}));
    let id = w.ok("identity_create", json!({"details": details("Press Freedom Watch", "SN"), "passphrase": "w pass"}));
    let key = id["public_key"].as_str().unwrap();
    let sid = lead.ok("statement_create", json!({"title": "Witnessed", "body": "We…", "language": "en"}));
    let witness = json!({"key_name": "press.example/w", "name": "Press Freedom Watch", "public_key": key});
    let bad = json!({"key_name": "two words", "name": "X", "public_key": key});
    let e = lead.err("statement_open", json!({"id": sid, "closesOn": null, "witnesses": [bad], "quorum": null}));
    assert_eq!(e["code"], "verification", "{e}");
    assert!(e["message"].as_str().unwrap().contains("key name"), "{e}");
    lead.ok("statement_open", json!({"id": sid, "closesOn": null, "witnesses": [witness], "quorum": null}));
    lead.ok("release_publish", json!({"id": sid, "onProgress": "__CHANNEL__:1"}));
    let rows = lead.ok("releases_list", json!({"id": sid}));
    assert_eq!((rows[0]["quorum"].clone(), rows[0]["witnesses"][0]["cosigned"].clone()), (json!(1), json!(false)));

    let request = files.join("request.txt");
    lead.ok("cosignature_request", json!({"id": sid, "number": 1, "old": 0, "path": request}));
    assert!(std::fs::read_to_string(&request).unwrap().starts_with("old 0\n"));
    // A request needs the witness's key name; the release's bundle, which lists the key, does not.
    assert_eq!(w.err("witness_add_checkpoint", json!({"path": request, "keyName": ""}))["code"], "invalid");
    let draft = files.join("draft.undersigned-bundle");
    lead.ok("bundle_export", json!({"id": sid, "number": 1, "path": draft}));
    let done = w.ok("witness_add_checkpoint", json!({"path": draft, "keyName": ""}));
    assert_eq!(done["outcome"], "cosigned", "{done}");
    let cosignature = files.join("w.undersigned-cosignature");
    w.ok("witness_cosignature_export", json!({"origin": done["origin"], "path": cosignature}));
    let results = lead.ok("import_files", json!({"onProgress": "__CHANNEL__:1", "paths": [cosignature]}));
    assert_eq!(
        (results[0]["outcome"].clone(), results[0]["cosigned"].clone()),
        (json!("cosigned"), json!(["Press Freedom Watch"]))
    );
    assert_eq!(lead.ok("releases_list", json!({"id": sid}))[0]["witnesses"][0]["cosigned"], true);

    let bundle = files.join("bundle.json");
    lead.ok("bundle_export", json!({"id": sid, "number": 1, "path": bundle}));
    let mine = format!("press.example/w,{key}");
    let args = json!({"onProgress": "__CHANNEL__:1", "path": bundle, "previous": null, "ownWitnesses": [mine], "ownQuorum": null});
    let report = lead.ok("verify_bundle", args)["report"].clone();
    assert_eq!(report["valid"], true, "{report}");
    let own = &report["format_1_1"]["own_witnesses"];
    assert_eq!((own["cosigned"].clone(), own["quorum"].clone()), (json!(1), json!(1)), "{own}");
    let args = json!({"onProgress": "__CHANNEL__:1", "path": bundle, "previous": null, "ownWitnesses": ["not a key"], "ownQuorum": null});
    assert_eq!(lead.err("verify_bundle", args)["code"], "invalid");
}
