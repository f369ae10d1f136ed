use super::index::INDEX_CSS;
use super::verify_page::{VERIFY_CSS, VERIFY_JS, VERIFY_JS_FILES};
use super::*;

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
    for page in ["index.html", "verify.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n"), "{page}");
        assert!(
            html.ends_with("</footer>\n</body>\n</html>\n") || html.ends_with("</script>\n</body>\n</html>\n"),
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
    write_verify(&mut out, r#"{"a":"</script>"}"#, None, "<b>T</b> & 'x'").unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains("<title>Verify — &lt;b&gt;T&lt;/b&gt; &amp; &#39;x&#39;</title>"));
    assert!(page
        .contains("<script type=\"application/json\" id=\"bundle\">{\"a\":\"\\u003c/script>\"}</script>\n\n<script>"));
    assert!(!page.contains("id=\"previous\""));
    let mut out = Vec::new();
    write_verify(&mut out, "[1]", Some("[\"<!--\"]"), "T").unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains(
        "id=\"bundle\">[1]</script>\n<script type=\"application/json\" id=\"previous\" \
         data-name=\"the previous release in this page\">[\"\\u003c!--\"]</script>\n<script>"
    ));
    let csp = format!(
        "content=\"default-src 'none'; script-src 'sha256-{}'; style-src 'sha256-{}'; img-src data:; worker-src blob:; base-uri 'none'; form-action 'none'\"",
        html::csp_hash(VERIFY_JS),
        html::csp_hash(VERIFY_CSS)
    );
    assert!(page.contains(&csp), "the policy allows the page's own script and style");
    assert_eq!(page.matches("<script").count(), 3);
    assert!(page.ends_with("</html>\n"));
}
