use super::index::INDEX_CSS;
use super::verify_page::{VERIFY_CSS, VERIFY_JS, VERIFY_JS_FILES};
use super::*;
use undersigned_core::bundle::Bundle;

#[test]
fn the_page_script_is_every_file_of_assets_verify_in_order() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/verify");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".js"))
        .collect();
    files.sort();
    assert_eq!(files, VERIFY_JS_FILES, "verify_page.rs must list every .js file of assets/verify/");
    let joined: String = files.iter().map(|f| std::fs::read_to_string(dir.join(f)).unwrap()).collect();
    assert_eq!(joined, VERIFY_JS);
}

#[test]
fn the_assets_are_safe_to_inline() {
    // What could make a request: in a stylesheet, and in a script (whose only workers are made
    // from its own text, a blob: URL; it loads no script, `importScripts` included).
    let css = ["url(", "@import"];
    let js =
        ["fetch(", "xmlhttprequest", "import(", "importscripts", "websocket", "eventsource", "sendbeacon", "innerhtml"];
    for (name, text, requests) in
        [("verify.js", VERIFY_JS, &js[..]), ("verify.css", VERIFY_CSS, &css[..]), ("index.css", INDEX_CSS, &css[..])]
    {
        let lower = text.to_ascii_lowercase();
        assert!(!lower.contains("</script") && !lower.contains("<!--") && !lower.contains("</style"), "{name}");
        for request in requests {
            assert!(!lower.contains(request), "{name} contains {request}");
        }
    }
    assert_eq!(VERIFY_JS.matches("new Worker(").count(), 1, "one place starts workers");
    assert!(VERIFY_JS.contains("new Blob([OWN_SCRIPT]"), "from the page's own script");
}

#[test]
fn exports_a_release_of_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let opts = crate::demo::DemoOptions {
        dir: &dir.path().join("demo"),
        signatories: 5,
        files: false,
        pending: false,
        seed: 3,
        passphrase: "demo",
        evidence: true,
    };
    let r = crate::demo::run(&mut store, &opts, &mut |_, _, _| {}).unwrap();
    let out = dir.path().join("site");
    let p = store.export_publication(&r.statement_id, None, &out, &[7; 32], &|_, _, _| {}).unwrap();
    assert_eq!((p.release, p.signatories, p.withdrawn), (1, 5, 0));
    for f in FILES {
        assert!(out.join(f).is_file(), "{f}");
    }
    let csv = std::fs::read_to_string(out.join("signatories.csv")).unwrap();
    assert_eq!(csv.lines().count(), 6, "a header and five rows");
    for (page, html_tag) in
        [("index.html", "<html lang=\"en\" dir=\"ltr\">"), ("verify.html", "<html lang=\"en\" dir=\"ltr\">")]
    {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.starts_with(&format!("<!doctype html>\n{html_tag}\n<head>\n")), "{page}");
        assert!(
            html.ends_with("</footer>\n</body>\n</html>\n") || html.ends_with("--></div>\n</body>\n</html>\n"),
            "{page}"
        );
    }
    assert!(matches!(
        store.export_publication(&r.statement_id, Some(2), &out, &[7; 32], &|_, _, _| {}),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn verify_page_carries_the_bundles_as_json() {
    let mut out = Vec::new();
    write_verify(&mut out, &mut &br#"{"a":"</script>"}"#[..], None, "<b>T</b> & 'x'", &[]).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains("<title>Verify — &lt;b&gt;T&lt;/b&gt; &amp; &#39;x&#39;</title>"));
    // The script first, then the bundle: the script takes the bundle's parts as they arrive.
    assert!(
        page.contains("</script>\n<div id=\"bundle\" hidden><!--{\"a\":\"\\u003c/script\\u003e\"}--></div>\n</body>")
    );
    assert!(!page.contains("id=\"previous\""));
    let mut out = Vec::new();
    write_verify(&mut out, &mut &b"[1]"[..], Some(&mut &br#"["<!-->"]"#[..]), "T", &[Lang::En]).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains(
        "id=\"bundle\" hidden><!--[1]--></div>\n<div id=\"previous\" hidden><!--[\"\\u003c!--\\u003e\"]--></div>\n</body>"
    ));
    let csp = format!(
        "content=\"default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src data:; worker-src blob:; base-uri 'none'; form-action 'none'\"",
        html::csp_hash(VERIFY_JS),
        html::csp_hash(VERIFY_CSS)
    );
    assert!(page.contains(&csp), "the policy allows the page's own script and style");
    assert_eq!(page.matches("<script").count(), 2, "words, the script");
    assert_eq!(page.matches("<!--").count(), 2, "bundle, previous");
    assert!(page.ends_with("</html>\n"));
}

/// verify.html opens in the publication's first language, right to left in Arabic, and carries
/// the words of its languages for its switch (issue 19).
#[test]
fn verify_page_speaks_the_publications_languages() {
    let mut out = Vec::new();
    write_verify(&mut out, &mut &b"[1]"[..], None, "بيان", &[Lang::Ar, Lang::Fr]).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains("<title>تحقّق — بيان</title>"));
    assert!(page.contains("<span class=\"tagline\" data-w=\"tagline\">التحقق دون اتصال من قائمة موقّعين</span>"));
    assert!(page.contains("\"first\":\"ar\""));
    assert!(page.contains("\"verified\":\"Vérifiée\""), "French words for the switch");
    assert!(!page.contains("\"verified\":\"Verified\""), "no English: the statement has none");
}

#[test]
fn a_file_publishes_the_same_pages_as_its_bytes_and_leaves_nothing_else() {
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors");
    let read = |p: &std::path::Path| std::fs::read(p).unwrap();
    let listing = |d: &std::path::Path| {
        let mut names: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    for (bundle, previous) in [
        ("bundle-release-2.json", Some("bundle-release-1.json")),
        ("bundle-re-endorsement-after-withdrawal.json", None),
        ("bundle-release-1.json", None),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (b, p) = (vectors.join(bundle), previous.map(|p| vectors.join(p)));
        let (bytes, previous_bytes) = (read(&b), p.as_deref().map(read));
        let from_file =
            publish(Input::File(&b), p.as_deref().map(Input::File), &dir.path().join("file"), &[1; 32], &|_, _, _| {})
                .unwrap();
        let from_bytes = publish(
            Input::Bytes(&bytes),
            previous_bytes.as_deref().map(Input::Bytes),
            &dir.path().join("bytes"),
            &[2; 32],
            &|_, _, _| {},
        )
        .unwrap();
        assert_eq!(
            (from_file.release, from_file.signatories, from_file.withdrawn),
            (from_bytes.release, from_bytes.signatories, from_bytes.withdrawn),
            "{bundle}"
        );
        assert_eq!(from_file.files.len(), from_bytes.files.len(), "{bundle}");
        for path in &from_file.files {
            let f = path.file_name().unwrap();
            assert!(read(path) == read(&dir.path().join("bytes").join(f)), "{bundle}: {f:?}");
        }
        assert!(read(&dir.path().join("file/bundle.json")) == bytes, "{bundle}: the bundle as given");
        // The copy the pages were made from had no name: nothing but the two folders, each with
        // its four files and index.html in the statement's other languages the pages speak.
        assert_eq!(listing(dir.path()), ["bytes", "file"], "{bundle}");
        let mut files: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
        let bundle_value = Bundle::parse(&bytes).unwrap();
        let languages = page_languages(&commons(&bundle_value.statement_versions));
        files.extend(languages.iter().skip(1).map(|l| l.index_file(languages[0])));
        files.sort();
        assert_eq!(listing(&dir.path().join("file")), files, "{bundle}");
    }

    // The withdrawn endorsement of the re-endorsement vector: withdrawn in the CSV, and listed
    // under "Withdrawn" with the withdrawal's date; its key's new endorsement is active.
    let dir = tempfile::tempdir().unwrap();
    let b = vectors.join("bundle-re-endorsement-after-withdrawal.json");
    let p = publish(Input::File(&b), None, &dir.path().join("site"), &[1; 32], &|_, _, _| {}).unwrap();
    assert_eq!(p.withdrawn, 1);
    let csv = std::fs::read_to_string(dir.path().join("site/signatories.csv")).unwrap();
    assert_eq!(csv.lines().filter(|l| l.ends_with(",withdrawn,,,yes,,")).count(), 1, "{csv}");
    assert_eq!(csv.lines().filter(|l| l.ends_with(",active,,,yes,,")).count() as u64, p.signatories, "{csv}");
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    let withdrawn = index.split("id=\"withdrawn\"").nth(1).expect("a withdrawn section");
    assert!(withdrawn.contains("withdrawn on "), "with its date");

    // A bundle that does not verify, from a file: no folder, and no copy left behind.
    let dir = tempfile::tempdir().unwrap();
    let bad = vectors.join("bundle-tampered-name.json");
    assert!(bad.is_file(), "the vector exists");
    let out = dir.path().join("site");
    assert!(matches!(publish(Input::File(&bad), None, &out, &[1; 32], &|_, _, _| {}), Err(Error::Verification(_))));
    assert!(listing(dir.path()).is_empty(), "nothing was written");
    // Nor from one that cannot be read as a bundle.
    let unreadable = vectors.join("not-json.json");
    assert!(matches!(
        publish(Input::File(&unreadable), None, &out, &[1; 32], &|_, _, _| {}),
        Err(Error::Unreadable { code: undersigned_core::Code::Malformed, .. })
    ));
    assert!(listing(dir.path()).is_empty(), "nothing was written");
    // A file that does not exist, or a folder, cannot be read, as `verify` says.
    for path in [dir.path().join("missing.json"), dir.path().to_path_buf()] {
        assert!(matches!(
            publish(Input::File(&path), None, &out, &[1; 32], &|_, _, _| {}),
            Err(Error::Unreadable { code: undersigned_core::Code::Malformed, .. })
        ));
    }
    assert!(listing(dir.path()).is_empty(), "nothing was written");
}

/// index.html in each language the statement has and the pages speak: the page's own words in
/// that language (no English left), its dates and countries too, `lang` and `dir` on the page,
/// and links to the other languages' pages (issue 19).
/// A 1.1 bundle's publication says its bytes verified, its entries checked, then the files
/// written, each counting up to its whole in the unit [`unit`] names; format 1 has no checking
/// stage (its entries are checked as they are read).
#[test]
fn progress_names_each_stage_and_what_it_counts() {
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors");
    for (file, want) in [
        ("bundle-1-1-release-3.json", &[VERIFYING, CHECKING, WRITING][..]),
        ("bundle-release-2.json", &[VERIFYING, WRITING][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let b = vectors.join(file);
        let seen = std::cell::RefCell::new(Vec::<(String, u64, u64)>::new());
        let f = |stage: &str, done, total| seen.borrow_mut().push((stage.to_string(), done, total));
        let p = publish(Input::File(&b), None, &dir.path().join("site"), &[1; 32], &f).unwrap();
        let seen = seen.into_inner();
        let mut stages: Vec<&str> = seen.iter().map(|s| s.0.as_str()).collect();
        stages.dedup();
        assert_eq!(stages, want, "{file}");
        let size = std::fs::metadata(&b).unwrap().len();
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&b).unwrap()).unwrap();
        let entries = json["entries"].as_array().unwrap().len() as u64;
        for stage in want {
            let (_, done, total) = seen.iter().rfind(|s| s.0 == *stage).unwrap().clone();
            assert_eq!(done, total, "{file}: {stage} ends whole");
            let whole = match unit(stage) {
                "bytes" => size,
                "entries" => entries,
                _ => p.files.len() as u64,
            };
            assert_eq!(total, whole, "{file}: what {stage} counts");
        }
    }
}

#[test]
fn index_pages_speak_the_statements_languages() {
    let vectors = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vectors");
    let dir = tempfile::tempdir().unwrap();
    let b = vectors.join("bundle-release-2.json");
    let bundle = Bundle::parse(&std::fs::read(&b).unwrap()).unwrap();
    let languages = page_languages(&commons(&bundle.statement_versions));
    assert!(languages.len() >= 2, "the vector's statement is in several languages: {languages:?}");
    let p = publish(Input::File(&b), None, &dir.path().join("site"), &[1; 32], &|_, _, _| {}).unwrap();
    assert_eq!(p.files.len(), FILES.len() + languages.len() - 1);
    // English words that must not be left on a page in another language.
    let english = [
        "Signatories",
        "Verify this list",
        "Published by",
        "Joint statement",
        "Release ",
        "Contents",
        "withdrawn on",
        "Organizations",
        "Files of this publication",
    ];
    for l in &languages {
        let page = std::fs::read_to_string(dir.path().join("site").join(l.index_file(languages[0]))).unwrap();
        assert!(page.contains(&format!("<html lang=\"{}\" dir=\"{}\">", l.tag(), l.dir())), "{l:?}");
        assert!(page.contains(l.verify_this_list()) && page.contains(l.signatories_heading()), "{l:?}");
        assert!(page.contains(&l.date(&bundle.release.signed.issued_at)), "{l:?}");
        for other in languages.iter().filter(|o| *o != l) {
            let link = format!("<a href=\"{}\" hreflang=\"{}\"", other.index_file(languages[0]), other.tag());
            assert!(page.contains(&link), "{l:?} links to {other:?}");
        }
        if *l != words::Lang::En {
            // The page's own words, without the statement's texts (the coalition's, in each language).
            let (head, rest) = page.split_once("<section id=\"statement\"").unwrap();
            let own = format!("{head}{}", rest.split_once("</section>").unwrap().1);
            for w in english {
                assert!(!own.contains(w), "{l:?}: English left: {w:?}");
            }
        }
    }
    // Every language of the pages, from the same report: Arabic right to left, its names isolated.
    let report = undersigned_core::verify::verify_bundle(
        &std::fs::read(&b).unwrap()[..],
        None,
        &[1; 32],
        &Options { entries: true, ..Default::default() },
    )
    .report;
    for l in words::Lang::ALL {
        let page = render_index_in(
            &commons(&bundle.statement_versions),
            bundle.release.signed.previous.as_ref().map(|p| (p.number, p.id.as_str())),
            &report,
            l,
        );
        assert!(page.contains(&format!("<html lang=\"{}\" dir=\"{}\">", l.tag(), l.dir())), "{l:?}");
        let country = report.entries.iter().find(|e| e.status == "active").map(|e| l.country(&e.country)).unwrap();
        assert!(page.contains(country), "{l:?}: {country}");
        if l == words::Lang::Ar {
            assert!(page.contains("تحقّق من هذه القائمة") && page.contains('\u{2068}'));
        }
    }
}

/// What the pages show of each version.
fn commons(versions: &[undersigned_core::StatementVersion]) -> Vec<undersigned_core::statement::Common<'_>> {
    versions.iter().map(|v| v.signed.common()).collect()
}
