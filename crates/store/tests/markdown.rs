//! The one Markdown renderer (src/markdown.rs): hostile statement text rendered, and checked for
//! what must not get through; and the published page embeds exactly what the renderer gives (the
//! app's preview command returns the same function's output: src-tauri/tests/ipc.rs).

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::collections::BTreeSet;
use undersigned_core::SecretKey;
use undersigned_store::markdown::to_html;
use undersigned_store::Store;

/// The tags the renderer may write, with the attributes each may carry.
fn allowed(tag: &str) -> Option<&'static [&'static str]> {
    match tag {
        "a" => Some(&["href", "title", "rel"]),
        "ol" => Some(&["start"]),
        "p" | "br" | "hr" | "h2" | "h3" | "h4" | "h5" | "h6" | "em" | "strong" | "del" | "code" | "pre"
        | "blockquote" | "ul" | "li" | "table" | "thead" | "tbody" | "tr" | "th" | "td" => Some(&[]),
        _ => None,
    }
}

/// The tags of `html` (as the sanitizer writes it: every `<` in text is `&lt;`, every attribute
/// value is double-quoted), each with its attributes in order.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        if closing {
            rest = &rest[1..];
        }
        let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
            let attr = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(r) = rest.strip_prefix("=\"") {
                let close = r.find('"').unwrap_or(r.len());
                value = r[..close].to_owned();
                rest = r.get(close + 1..).unwrap_or_default();
            } else {
                assert!(!rest.starts_with('='), "an unquoted attribute value in {html}");
            }
            attrs.push((attr, value));
        }
        if !closing {
            out.push((name, attrs));
        }
    }
    out
}

/// What holds for the HTML of any text: only allowed tags and attributes, links to http, https
/// and mailto only with the rel the renderer sets, no comment.
fn check_safe(input: &str, html: &str) {
    assert!(!html.contains("<!--"), "{input:?} gave a comment: {html}");
    for (tag, attrs) in tags(html) {
        let Some(ok) = allowed(&tag) else { panic!("{input:?} gave a <{tag}>: {html}") };
        for (attr, value) in attrs {
            assert!(ok.contains(&attr.as_str()), "{input:?} gave <{tag} {attr}>: {html}");
            match attr.as_str() {
                "href" => assert!(
                    ["https://", "http://", "mailto:"].iter().any(|p| value.starts_with(p)),
                    "{input:?} gave href={value:?}: {html}"
                ),
                "rel" => assert_eq!(value, "noopener noreferrer nofollow", "{input:?}: {html}"),
                _ => {}
            }
        }
    }
}

/// Hostile statement texts: (the text, what the HTML must not contain, what it must contain).
/// Every one is also held to [`check_safe`].
const HOSTILE: &[(&str, &[&str], &[&str])] = &[
    ("<script>alert(1)</script>", &["<script"], &["&lt;script&gt;alert(1)&lt;/script&gt;"]),
    ("Text <script>alert(1)</script> inline", &["<script"], &["&lt;script&gt;alert(1)&lt;/script&gt;"]),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", &["<script", "<SCRIPT"], &["&lt;SCRIPT SRC=//evil.example/x.js&gt;"]),
    ("Hello <img src=x onerror=alert(1)>", &["<img"], &["&lt;img src=x onerror=alert(1)&gt;"]),
    ("<svg onload=alert(1)><circle/></svg>", &["<svg", "<circle"], &["&lt;svg onload=alert(1)&gt;"]),
    ("<iframe src=\"https://evil.example/\"></iframe>", &["<iframe"], &["&lt;iframe"]),
    (
        "<object data=x></object> <embed src=x> <base href=\"https://evil.example/\">",
        &["<object", "<embed", "<base"],
        &[],
    ),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", &["<meta"], &["&lt;meta"]),
    ("<form action=https://evil.example/><input name=p></form>", &["<form", "<input"], &[]),
    ("<style>body{display:none}</style>", &["<style"], &["&lt;style&gt;body{display:none}&lt;/style&gt;"]),
    (
        "<p style=\"color:red\">red</p> <span style=\"display:none\">hidden</span>",
        &["<p style", "<span"],
        &["&lt;span style=\"display:none\"&gt;hidden"],
    ),
    (
        "<a href=\"javascript:alert(1)\">raw link</a>",
        &["<a "],
        &["&lt;a href=\"javascript:alert(1)\"&gt;raw link&lt;/a&gt;"],
    ),
    ("<b onclick=alert(1)>bold</b>", &["<b "], &["&lt;b onclick=alert(1)&gt;bold&lt;/b&gt;"]),
    ("before <!-- a hidden comment --> after", &["<!--"], &["&lt;!-- a hidden comment --&gt;"]),
    ("<!--\nblock comment\n-->", &["<!--"], &["&lt;!--"]),
    ("<![CDATA[<script>x</script>]]>", &["<script", "<!["], &[]),
    ("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", &["<img", "<noscript"], &[]),
    ("<textarea><script>x</script></textarea>", &["<textarea", "<script"], &[]),
    ("[x](javascript:alert(1))", &["<a", "javascript"], &[">x<"]),
    ("[x](JaVaScRiPt:alert(1))", &["<a", "avascript"], &[]),
    ("[x](&#106;avascript:alert(1))", &["<a", "avascript", "&#106;"], &[]),
    ("[x](&#x6A;&#x61;vascript:alert(1))", &["<a", "vascript"], &[]),
    ("[x](java&#x09;script:alert(1))", &["<a", "script"], &[]),
    ("[x](%6Aavascript:alert(1))", &["<a", "avascript"], &[]),
    ("[x](<javascript:alert(1)>)", &["<a", "javascript"], &[]),
    ("[x]( javascript:alert(1))", &["<a", "javascript"], &[]),
    ("[x](vbscript:msgbox(1))", &["<a", "vbscript"], &[]),
    ("[x](VBScript:msgbox(1))", &["<a", "VBScript"], &[]),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", &["<a", "data:", "PHNjcmlwdD5"], &[]),
    ("[x](DATA:text/html,<script>alert(1)</script>)", &["<a", "<script"], &[]),
    (
        "[x](file:///etc/passwd) [y](//evil.example/) [z](page.html) [w](#signatories)",
        &["<a", "file:", "evil.example", "page.html", "#signatories"],
        &[],
    ),
    ("[x][r]\n\n[r]: javascript:alert(1)", &["<a", "javascript"], &[]),
    ("[x]\n\n[x]: JAVASCRIPT:alert(1) \"title\"", &["<a", "JAVASCRIPT"], &[]),
    ("[x][r]\n\n[r]: &#106;avascript:alert(1)", &["<a", "avascript"], &[]),
    ("<javascript:alert(1)>", &["<a", "href"], &["javascript:alert(1)"]),
    ("<vbscript:msgbox(1)> <data:text/html,x>", &["<a", "href"], &[]),
    (
        "![x](javascript:alert(1)) ![y](https://tracker.example/p.gif) ![z](data:image/png;base64,AAAA)",
        &["<img", "tracker.example", "data:", "javascript"],
        &["x", "y", "z"],
    ),
    (
        "[![a](https://tracker.example/p.gif)](https://example.org)",
        &["<img", "tracker.example"],
        &["href=\"https://example.org\""],
    ),
    (
        "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
        &["\" onmouseover"],
        &["title=\"t&quot; onmouseover=&quot;alert(1)\""],
    ),
    ("[x](https://example.org/\"onmouseover=\"alert(1))", &[" onmouseover="], &[]),
    ("```\"><script>alert(1)</script>\ncode\n```", &["<script", "class="], &["<pre><code>code\n</code></pre>"]),
    (
        "| a | b |\n|:--|--:|\n| <script>x</script> | <img src=x> |",
        &["<script", "<img", "style=", "align"],
        &["<table>", "<th>a</th>"],
    ),
    (
        "# h1\n## h2\n###### h6\n\nSetext\n===",
        &["<h1"],
        &["<h2>h1</h2>", "<h3>h2</h3>", "<h6>h6</h6>", "<h2>Setext</h2>"],
    ),
    (
        "***bold italic*** and *a **b *c* d** e* and ~~gone~~",
        &[],
        &["<em><strong>bold italic</strong></em>", "<em>a <strong>b <em>c</em> d</strong> e</em>", "<del>gone</del>"],
    ),
    (
        "Right-to-left \u{202E}evil.exe\u{202C} and \u{2066}isolate\u{2069} and \u{200F}mark \u{200B}zero",
        &["&#"],
        &["\u{202E}evil.exe\u{202C}", "\u{2066}isolate\u{2069}", "\u{200F}mark \u{200B}zero"],
    ),
    (
        "&lt;script&gt; &amp; &#60;img&#62; &#0; &#x110000;",
        &["<script", "<img"],
        &["&lt;script&gt;", "&lt;img&gt;", "\u{FFFD}"],
    ),
    // A NUL (which a statement's text may not hold anyway) is dropped by the HTML parser.
    ("a\u{0}b", &["\u{0}"], &["<p>ab</p>"]),
];

#[test]
fn hostile_markdown_renders_to_safe_html() {
    let mut failures = Vec::new();
    for (input, absent, present) in HOSTILE {
        let html = to_html(input);
        check_safe(input, &html);
        for a in absent.iter().filter(|a| html.contains(*a)) {
            failures.push(format!("{input:?} gave {a:?}: {html}"));
        }
        for p in present.iter().filter(|p| !html.contains(*p)) {
            failures.push(format!("{input:?} should give {p:?}: {html}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn safe_links_stay_links() {
    let html = to_html(
        "[a](https://example.org/a?b=1&c=2) [b](HTTP://example.org) [c](mailto:a@example.org) \
         <https://example.org/auto> <b@example.org> [d][r]\n\n[r]: https://example.org/ref",
    );
    let hrefs: BTreeSet<String> =
        tags(&html).into_iter().flat_map(|(_, attrs)| attrs).filter(|(a, _)| a == "href").map(|(_, v)| v).collect();
    let want: BTreeSet<String> = [
        "https://example.org/a?b=1&amp;c=2",
        "HTTP://example.org",
        "mailto:a@example.org",
        "https://example.org/auto",
        "mailto:b@example.org",
        "https://example.org/ref",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(hrefs, want, "{html}");
    assert_eq!(html.matches(" rel=\"noopener noreferrer nofollow\"").count(), 6, "{html}");
}

#[test]
fn a_statement_renders_as_expected() {
    assert_eq!(
        to_html("# Title\n\nWe, the **undersigned**, call on [the states](https://example.org/treaty):\n\n1. one\n2. \"two\"\n\n---\n> quoted  \n> text\n"),
        "<h2>Title</h2>\n<p>We, the <strong>undersigned</strong>, call on \
         <a href=\"https://example.org/treaty\" rel=\"noopener noreferrer nofollow\">the states</a>:</p>\n\
         <ol>\n<li>one</li>\n<li>\"two\"</li>\n</ol>\n<hr>\n<blockquote>\n<p>quoted<br>\ntext</p>\n</blockquote>\n"
    );
    assert_eq!(to_html("3. three\n4. four"), "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
    assert_eq!(to_html(""), "");
}

#[test]
fn deep_nesting_and_long_text_do_not_break_it() {
    for input in [
        "> ".repeat(2_000) + "deep",
        "*".repeat(10_000) + "x",
        "[".repeat(5_000) + "x" + &"](https://e.org)".repeat(5_000),
        "<a>".repeat(10_000),
    ] {
        let html = to_html(&input);
        check_safe(&input[..40], &html);
    }
}

/// The published page embeds each text exactly as [`to_html`] renders it (the preview's output).
#[test]
fn the_page_embeds_exactly_what_the_renderer_gives() {
    // Every hostile text but those a statement's text may not hold (FORMAT.md §5): a NUL, and
    // the direction overrides.
    let text = HOSTILE
        .iter()
        .map(|(t, _, _)| *t)
        .filter(|t| !t.contains('\u{0}') && !t.contains('\u{202E}'))
        .collect::<Vec<_>>()
        .join("\n\n");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(&dir.path().join("s.db")).expect("a store");
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let lead = SecretKey::generate(&mut rng);
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let t = "2026-03-01T09:00:00Z";
    let sid = store
        .create_statement(&lead.public_key(), "Coalition X", "Joint statement", &text, "en", t, id)
        .expect("the statement");
    store.open_statement(&sid, &lead, None, t).expect("opened");
    store.release(&sid, &lead, t, &[1; 32]).expect("released");
    let out = dir.path().join("site");
    store.export_publication(&sid, None, &out, &[7; 32], &|_, _, _| {}).expect("published");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let body = undersigned_core::statement::normalize_body(&text);
    let html = to_html(&body);
    assert!(html.len() > 1000, "{html}");
    let article = index.split("<article ").nth(1).expect("an article");
    let article =
        &article[article.find(">\n").expect("the article's start") + 2..article.find("</article>").expect("its end")];
    assert_eq!(article, html);
}
