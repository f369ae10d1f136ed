//! `undersigned publish` (issue 4): the four files of a publication, from a demo bundle and from
//! a bundle made through the command line whose names, title, text and website are hostile HTML.
//!
//! - bundle.json is the input, byte for byte;
//! - signatories.csv, read back with the `csv` crate, equals the bundle's endorsements;
//! - index.html and verify.html show hostile values as text: no tag, attribute or script from a
//!   bundle reaches the markup, and the bundle embedded in verify.html parses back to the bundle;
//! - an invalid bundle is refused (exit 1, nothing written), an unreadable one is exit 2.
//!
//! That verify.html's own verifier gives the CLI's verdicts is checked in a real browser by
//! `make test-browser` (tests/browser/).

use std::collections::{BTreeSet, HashMap};
mod common;
use common::{dump, Sandbox};
use std::path::Path;

const PASSPHRASE: &str = "publish test passphrase";

const HOSTILE_ORG: &str = "<img src=x onerror=alert(1)>";
const HOSTILE_SCRIPT: &str = "</script><script>alert(2)</script>";
const HOSTILE_QUOTES: &str = "\"Quoted\" & 'Apostrophe' Coalition";
const HOSTILE_TITLE: &str = "\"><svg onload=alert(3)>";
const HOSTILE_AFFILIATION: &str = "<!-- University --> & <b>Institute</b>";
const HOSTILE_WEBSITE: &str = "https://x.example/\"><script>alert(5)</script>";
const HOSTILE_STATEMENT_TITLE: &str = "</title><script>alert(6)</script> Joint statement";
const HOSTILE_TEXT: &str = "We, the undersigned, <script>alert(7)</script> call on the states.\n\n\
<div onclick=\"alert(8)\">raw block</div>\n\n\
[a trap](javascript:alert(9)) and [a real link](https://example.org/treaty) and ![pixel](https://tracker.example/p.gif)\n";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Each entry's tier, as `verify --json --entries` reports it for `input` (format 1.1): its
/// id, its tier's name and whether the lead gave evidence for it.
fn tiers_by_verify(input: &Path) -> HashMap<String, (String, bool)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_undersigned"))
        .args(["verify", "--json", "--entries"])
        .arg(input)
        .output()
        .expect("run verify");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("verify --json");
    report["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["tier"].is_object())
        .map(|e| {
            let tier = &e["tier"];
            let evidence = tier["evidence"].as_array().is_some_and(|v| !v.is_empty());
            (e["id"].as_str().expect("id").to_owned(), (tier["tier"].as_str().expect("tier").to_owned(), evidence))
        })
        .collect()
}

/// The rows signatories.csv must have: one per endorsement of the bundle, in log order, read
/// from the bundle's JSON (not from the code that wrote the CSV); in format 1.1 the tier is
/// `verify`'s and the evidence column is compared by whether it is empty.
fn expected_rows(bundle: &serde_json::Value, tiers: &HashMap<String, (String, bool)>) -> Vec<Vec<String>> {
    let entries = bundle["entries"].as_array().expect("entries");
    let withdrawn: BTreeSet<&str> =
        entries.iter().filter_map(|e| e["withdrawal"]["signed"]["endorsement"].as_str()).collect();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    entries
        .iter()
        .filter(|e| e.get("endorsement").is_some())
        .map(|e| {
            let body = &e["endorsement"]["signed"];
            let signer = &body["signer"];
            let id =
                hex::encode(undersigned_core::bundle::Entry::id(&serde_json::from_value(e.clone()).expect("an entry")));
            let key: [u8; 32] = hex::decode(s(&signer["public_key"])).expect("hex").try_into().expect("32 bytes");
            vec![
                s(&signer["name"]),
                s(&signer["kind"]),
                s(&signer["country"]),
                s(&signer["website"]),
                s(&signer["title"]),
                s(&signer["affiliation"]),
                s(&body["signed_at"]),
                undersigned_core::fingerprint(&key),
                if withdrawn.contains(id.as_str()) { "withdrawn" } else { "active" }.to_owned(),
                // Format 1 carries no evidence: no tier (FORMAT.md §14.7).
                tiers.get(&id).map(|t| t.0.clone()).unwrap_or_default(),
                if tiers.get(&id).is_some_and(|t| t.1) { "(some evidence)" } else { "" }.to_owned(),
                // Named; a region and vouchers are a signatory not named's (none here).
                "yes".to_owned(),
                String::new(),
                String::new(),
            ]
        })
        .collect()
}

/// Reads signatories.csv with the `csv` crate: its header and rows.
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("open the CSV");
    let header = r.headers().expect("a header").iter().map(str::to_owned).collect();
    let rows = r.records().map(|rec| rec.expect("an RFC 4180 record").iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

/// The names of every tag in `html` (`<name` and `</name`), lowercased.
fn tag_names(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in html.match_indices('<') {
        let rest = html[i + 1..].trim_start_matches('/');
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '!').collect();
        out.insert(name.to_ascii_lowercase());
    }
    out
}

/// The text between `<script type="application/json" id="ID"…>` and the next `</script>`.
fn data_block(html: &str, id: &str) -> Option<String> {
    // The JSON text in the comments of `<div id="ID" hidden>`, its parts joined.
    let open = format!("<div id=\"{id}\" hidden>");
    let start = html.find(&open)? + open.len();
    let end = start + html[start..].find("</div>")?;
    let inner = html[start..end].strip_prefix("<!--")?.strip_suffix("-->")?;
    Some(inner.split("--><!--").collect())
}

/// Checks the parts of a publication that do not depend on what the bundle holds.
#[track_caller]
fn check_publication(dir: &Path, input: &Path, previous: Option<&Path>) -> (String, String) {
    for f in ["bundle.json", "index.html", "signatories.csv", "verify.html"] {
        assert!(dir.join(f).is_file(), "{f} written");
    }
    let input_bytes = std::fs::read(input).expect("input");
    assert_eq!(
        std::fs::read(dir.join("bundle.json")).expect("bundle.json"),
        input_bytes,
        "bundle.json is the input unchanged"
    );
    let bundle = json(input);

    let (header, rows) = csv_rows(&dir.join("signatories.csv"));
    assert_eq!(
        header,
        [
            "name",
            "kind",
            "country",
            "website",
            "title",
            "affiliation",
            "signed_at",
            "key_fingerprint",
            "status",
            "tier",
            "evidence",
            "named",
            "region",
            "vouchers"
        ]
    );
    let tiers = if bundle["format"] == "undersigned/1.1" { tiers_by_verify(input) } else { HashMap::new() };
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        // The evidence column (the eleventh), compared by whether it is empty.
        .map(|mut r| {
            if let Some(e) = r.get_mut(10).filter(|e| !e.is_empty()) {
                *e = "(some evidence)".into();
            }
            r
        })
        .collect();
    assert_eq!(rows, expected_rows(&bundle, &tiers), "signatories.csv equals the bundle's endorsements");

    let index = read(&dir.join("index.html"));
    let verify = read(&dir.join("verify.html"));
    for (name, page) in [("index.html", &index), ("verify.html", &verify)] {
        assert!(page.starts_with("<!doctype html>"), "{name}");
        assert!(
            page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"),
            "{name} has a CSP"
        );
        assert!(
            !page.contains("unsafe-inline") && !page.contains("unsafe-eval"),
            "{name}: scripts and styles are allowed by hash only"
        );
    }

    // index.html: no script at all, and only the tags the renderer writes.
    let allowed: BTreeSet<&str> = [
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "nav",
        "main",
        "section",
        "article",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "ul",
        "ol",
        "li",
        "a",
        "span",
        "strong",
        "em",
        "code",
        "div",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "br",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
    ]
    .into_iter()
    .collect();
    let tags = tag_names(&index);
    let unexpected: Vec<&String> = tags.iter().filter(|t| !allowed.contains(t.as_str())).collect();
    assert!(unexpected.is_empty(), "index.html has unexpected tags {unexpected:?}");
    assert!(!index.to_ascii_lowercase().contains("javascript:"), "index.html has no javascript: URL");
    for e in bundle["entries"].as_array().expect("entries") {
        if let Some(name) = e["endorsement"]["signed"]["signer"]["name"].as_str() {
            let escaped = name
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert!(index.contains(&escaped), "index.html shows {name:?} as text");
        }
    }

    // verify.html: two script elements (its words, the verifier), the bundle and the previous
    // release in comments (one comment each, or more for a large one), and the embedded bundle
    // parses back to the bundle.
    assert_eq!(verify.matches("<script").count(), 2, "verify.html's script elements");
    assert_eq!(verify.matches("</script").count(), 2, "verify.html's script ends");
    let comments = if previous.is_some() { 2 } else { 1 };
    assert_eq!(verify.matches("<!--").count(), comments, "verify.html's comments");
    assert_eq!(verify.matches("-->").count(), comments, "verify.html's comment ends");
    let embedded = data_block(&verify, "bundle").expect("the bundle block");
    assert!(!embedded.contains('<') && !embedded.contains('>'), "the bundle block has no '<' or '>'");
    let parsed: serde_json::Value = serde_json::from_str(&embedded).expect("the bundle block is JSON");
    assert_eq!(parsed, bundle, "the bundle block is the bundle");
    if let Some(p) = previous {
        let block = data_block(&verify, "previous").expect("the previous block");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&block).expect("JSON"), json(p), "the previous block");
    }
    (index, verify)
}

/// Release 1 of `undersigned demo --out demo`, as the demo names it.
const DEMO_BUNDLE: &str = "demo/signatories-release-1.undersigned-bundle";

#[test]
fn publishes_a_demo_bundle() {
    let s = Sandbox::new(PASSPHRASE);
    let made = s.exits(0, Some("demo.db"), &["demo", "--signatories", "30", "--out", "demo"]);
    let out = s.exits(0, None, &["publish", DEMO_BUNDLE, "--out", "site"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Release 1 published with 30 signatories"), "{}", dump(&out));
    let (index, verify) = check_publication(&s.path("site"), &s.path(DEMO_BUNDLE), None);
    assert!(index.contains("Signatories <span class=\"count\">30</span>"), "index.html counts the signatories");
    assert!(index.contains("@media print"), "index.html has a print stylesheet");
    assert!(index.contains("id=\"text-en\"") && index.contains("id=\"text-fr\""), "index.html shows every language");
    // The demo's release is of format 1.1 and has all three tiers, in index.html and the CSV.
    assert!(String::from_utf8_lossy(&made.stdout).contains("Who is behind each key: "), "{}", dump(&made));
    assert!(
        index.contains(" on their own website, ") && index.contains(" self-declared"),
        "index.html counts the tiers"
    );
    let (_, rows) = csv_rows(&s.path("site/signatories.csv"));
    for tier in ["website", "attested", "self-declared"] {
        assert!(rows.iter().any(|r| r[9] == tier), "the CSV has a signatory of the {tier} tier");
    }
    assert!(verify.contains("id=\"verdict\""), "verify.html has the verdict element");
    // Publishing again replaces the files.
    s.exits(0, None, &["publish", DEMO_BUNDLE, "--out", "site"]);
}

#[test]
fn refuses_invalid_and_unreadable_bundles() {
    let s = Sandbox::new(PASSPHRASE);
    s.exits(0, Some("demo.db"), &["demo", "--signatories", "3", "--out", "demo"]);
    let good = read(&s.path(DEMO_BUNDLE));

    // A name changed after signing: the bundle does not verify, nothing is written.
    let mut v: serde_json::Value = serde_json::from_str(&good).expect("JSON");
    v["entries"][1]["endorsement"]["signed"]["signer"]["name"] = "Someone Else".into();
    std::fs::write(s.path("tampered.json"), serde_json::to_vec_pretty(&v).expect("JSON")).expect("write");
    let out = s.exits(1, None, &["publish", "tampered.json", "--out", "site"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("signature-invalid") && err.contains("nothing was published"), "{}", dump(&out));
    assert!(!s.path("site").exists(), "nothing written for an invalid bundle");

    // Not a bundle, a missing file: exit 2.
    std::fs::write(s.path("garbage.json"), "{\"format\": ").expect("write");
    s.exits(2, None, &["publish", "garbage.json", "--out", "site"]);
    s.exits(2, None, &["publish", "missing.json", "--out", "site"]);
    // A previous release that cannot be read: the bundle does not verify against it
    // (`previous-invalid`, FORMAT.md §10.3), exit 1, as `verify` says.
    let out = s.exits(1, None, &["publish", DEMO_BUNDLE, "--previous", "garbage.json", "--out", "site"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("previous-invalid") && err.contains("nothing was published"), "{}", dump(&out));
    assert!(!s.path("site").exists(), "nothing written for unreadable input");
}

#[test]
fn hostile_names_come_out_as_text() {
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    for who in ["lead", "m1", "m2", "m3", "m4"] {
        s.exits(0, None, &["key", "new", "--out", &format!("{who}.key")]);
    }
    std::fs::write(s.path("statement.md"), HOSTILE_TEXT).expect("write the text");
    let out = s.exits(
        0,
        lead,
        &[
            "statement",
            "new",
            "--title",
            HOSTILE_STATEMENT_TITLE,
            "--text",
            "statement.md",
            "--key",
            "lead.key",
            "--lead-name",
            "<b>Lead</b> & Co",
        ],
    );
    let id = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().trim().to_owned();
    s.exits(0, lead, &["statement", "open", &id, "--key", "lead.key"]);
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);

    let sign = |who: &str, details: &[&str]| {
        let (key, out, db) = (format!("{who}.key"), format!("{who}.json"), format!("{who}.db"));
        let mut args = vec!["sign", "invitation.json", "--key", &key, "--out", &out];
        args.extend_from_slice(details);
        s.exits(0, Some(&db), &args);
    };
    sign("m1", &["--name", HOSTILE_ORG, "--country", "KE", "--website", HOSTILE_WEBSITE]);
    sign("m2", &["--name", HOSTILE_SCRIPT, "--country", "FR"]);
    sign("m3", &["--name", HOSTILE_QUOTES, "--country", "BR"]);
    sign(
        "m4",
        &[
            "--name",
            "Amina <em>Diallo</em>",
            "--country",
            "SN",
            "--kind",
            "individual",
            "--title",
            HOSTILE_TITLE,
            "--affiliation",
            HOSTILE_AFFILIATION,
        ],
    );
    let out = s.exits(0, lead, &["import", "m1.json", "m2.json", "m3.json", "m4.json"]);
    let imported = String::from_utf8_lossy(&out.stdout).to_lowercase();
    assert_eq!(imported.matches("accepted").count(), 4, "{}", dump(&out));
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b1.json"]);

    // m2 withdraws; release 2 keeps it as withdrawn.
    s.exits(0, Some("m2.db"), &["withdraw", "m2.json", "--key", "m2.key", "--out", "m2-w.json"]);
    s.exits(0, lead, &["import", "m2-w.json"]);
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b2.json"]);

    s.exits(0, None, &["publish", "b1.json", "--out", "site1"]);
    let (index1, verify1) = check_publication(&s.path("site1"), &s.path("b1.json"), None);
    let out = s.exits(0, None, &["publish", "b2.json", "--previous", "b1.json", "--out", "site2"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("and 1 withdrawn"), "{}", dump(&out));
    let (index2, verify2) = check_publication(&s.path("site2"), &s.path("b2.json"), Some(&s.path("b1.json")));

    for (name, page) in
        [("index.html", &index1), ("index.html", &index2), ("verify.html", &verify1), ("verify.html", &verify2)]
    {
        for raw in [
            HOSTILE_ORG,
            HOSTILE_SCRIPT,
            HOSTILE_TITLE,
            HOSTILE_AFFILIATION,
            HOSTILE_WEBSITE,
            HOSTILE_STATEMENT_TITLE,
            "<b>Lead</b>",
        ] {
            assert!(!page.contains(raw), "{name} contains {raw:?} unescaped");
        }
        assert!(
            !page.contains("<img") && !page.contains("<svg") && !page.contains("<em>") && !page.contains("<b>"),
            "{name}"
        );
    }
    for index in [&index1, &index2] {
        assert!(index.contains("&lt;img src=x onerror=alert(1)&gt;"), "the hostile name is shown as text");
        assert!(index.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
        assert!(index.contains("&quot;Quoted&quot; &amp; &#39;Apostrophe&#39; Coalition"));
        assert!(index.contains("&quot;&gt;&lt;svg onload=alert(3)&gt;"), "a hostile title is text");
        assert!(
            index.contains("&lt;!-- University --&gt; &amp; &lt;b&gt;Institute&lt;/b&gt;"),
            "a hostile affiliation is text"
        );
        assert!(
            index.contains("<title>&lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt; Joint statement — Release"),
            "the page title"
        );
        assert!(
            index.contains("&lt;script&gt;alert(7)&lt;/script&gt;"),
            "raw HTML in the statement text is shown as text"
        );
        assert!(
            index.contains("&lt;div onclick=\"alert(8)\"&gt;raw block&lt;/div&gt;"),
            "a raw HTML block is shown as text"
        );
        assert!(
            index.contains(
                "<a href=\"https://example.org/treaty\" rel=\"noopener noreferrer nofollow\">a real link</a>"
            ),
            "an https link stays a link"
        );
        assert!(index.contains("a trap") && !index.contains("alert(9)"), "a javascript: link keeps only its text");
        assert!(!index.contains("tracker.example"), "an image is not loaded");
        // The hostile website: a link whose href is escaped, so no attribute or element escapes it.
        assert!(
            index.contains("href=\"https://x.example/&quot;&gt;&lt;script&gt;alert(5)&lt;/script&gt;\""),
            "the website link"
        );
    }
    // Release 2: the withdrawn endorsement is shown as withdrawn, not dropped.
    let withdrawn = index2.split("id=\"withdrawn\"").nth(1).expect("a withdrawn section");
    assert!(withdrawn.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "the withdrawn name is listed");
    assert!(withdrawn.contains("withdrawn "), "with its status");
    let signatories = index2
        .split("id=\"signatories\"")
        .nth(1)
        .and_then(|s| s.split("id=\"withdrawn\"").next())
        .expect("signatories");
    assert!(!signatories.contains("alert(2)"), "a withdrawn endorsement is not among the signatories");
    let counts: HashMap<&str, usize> = [("active", 3), ("withdrawn", 1)].into_iter().collect();
    let (_, rows) = csv_rows(&s.path("site2/signatories.csv"));
    for (status, n) in counts {
        assert_eq!(rows.iter().filter(|r| r[8] == status).count(), n, "{status} rows");
    }
}

/// A hostile statement title, lead name and signatory name (markup, both quotes, `&`, and
/// `</style>`, which would end the page's stylesheet) are escaped in every place each appears:
/// the escaped value is there as many times as the page shows it, the raw one nowhere.
#[test]
fn hostile_values_are_escaped_wherever_they_appear() {
    const TITLE: &str = "</style><script>alert(\"t\")</script> 'Joint' & \"statement\"";
    const LEAD: &str = "</style><b>Lead</b> & 'Co' \"x\"";
    const NAME: &str = "</style><script>alert('n')</script> & \"Org\"";
    const AFFILIATION: &str = "</style><i>Institute</i> & 'x'";
    let escaped = |s: &str| {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
    };
    let s = Sandbox::new(PASSPHRASE);
    let lead = Some("lead.db");
    for who in ["lead", "m1", "m2"] {
        s.exits(0, None, &["key", "new", "--out", &format!("{who}.key")]);
    }
    std::fs::write(s.path("statement.md"), "We call on the states.\n").expect("write the text");
    let out = s.exits(
        0,
        lead,
        &["statement", "new", "--title", TITLE, "--text", "statement.md", "--key", "lead.key", "--lead-name", LEAD],
    );
    let id = String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().trim().to_owned();
    s.exits(0, lead, &["statement", "open", &id, "--key", "lead.key"]);
    s.exits(0, lead, &["statement", "invite", &id, "--out", "invitation.json"]);
    s.exits(
        0,
        Some("m1.db"),
        &["sign", "invitation.json", "--key", "m1.key", "--out", "m1.json", "--name", NAME, "--country", "KE"],
    );
    s.exits(
        0,
        Some("m2.db"),
        &[
            "sign",
            "invitation.json",
            "--key",
            "m2.key",
            "--out",
            "m2.json",
            "--name",
            "Amina Diallo",
            "--country",
            "SN",
            "--kind",
            "individual",
            "--affiliation",
            AFFILIATION,
        ],
    );
    s.exits(0, lead, &["import", "m1.json", "m2.json"]);
    s.exits(0, lead, &["release", &id, "--key", "lead.key", "--out", "b1.json"]);
    s.exits(0, None, &["publish", "b1.json", "--out", "site"]);
    let (index, verify) = check_publication(&s.path("site"), &s.path("b1.json"), None);

    let (title, lead_name, name, affiliation) = (escaped(TITLE), escaped(LEAD), escaped(NAME), escaped(AFFILIATION));
    for (what, page, value, places) in [
        // <title>, the heading, the footer.
        ("the title", &index, &title, 3),
        // The byline, twice in "Verify this list", its facts.
        ("the lead's name", &index, &lead_name, 4),
        ("the signatory's name", &index, &name, 1),
        ("the affiliation", &index, &affiliation, 1),
        // <title>, and the body's data-title (for the title in another language's <title>).
        ("the title", &verify, &title, 2),
    ] {
        assert_eq!(page.matches(value.as_str()).count(), places, "{what} escaped in each of its places");
    }
    for raw in [TITLE, LEAD, NAME, AFFILIATION, "<b>", "<i>", "'Co'", "\"Org\"", "alert(\"t\")"] {
        assert!(!index.contains(raw), "index.html contains {raw:?} unescaped");
    }
    assert!(index.contains(&format!("<title>{title} — Release 1</title>")), "the page title");
    assert!(index.contains(&format!("<h1 dir=\"auto\">{title}</h1>")), "the heading");
    assert!(index.contains(&format!("<footer>Release 1 of “{title}”, published")), "the footer");
    assert!(index.contains(&format!("Published by <strong dir=\"auto\">{lead_name}</strong>")), "the byline");
    assert!(index.contains(&format!("<dt>Lead</dt><dd><span dir=\"auto\">{lead_name}</span></dd>")), "the facts");
    assert!(index.contains(&format!("<span class=\"name\" dir=\"auto\">{name}</span>")), "the list");
    assert!(verify.contains(&format!("<title>Verify — {title}</title>")), "verify.html's title");
    // Only the pages' own style and script elements: none ends early, none is added.
    for (page, html, scripts) in [("index.html", &index, 0), ("verify.html", &verify, 2)] {
        assert_eq!(html.matches("<style").count(), 1, "{page}");
        assert_eq!(html.matches("</style").count(), 1, "{page}");
        assert_eq!(html.matches("<script").count(), scripts, "{page}");
    }
}
