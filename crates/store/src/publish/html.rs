//! What the pages' templates need to put values into HTML safely: the escaper askama applies to
//! every value of an `.html` template (configured in `crates/store/askama.toml`), JSON text for
//! a `<script type="application/json">` block, and the CSP source of an inline script or style.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::fmt;

/// The HTML escaper of the pages' templates: `& < > " '` become `&amp; &lt; &gt; &quot; &#39;`,
/// which is safe in text and in quoted attribute values.
///
/// askama's own `Html` escaper is as safe, but writes numeric references (`&#60;` for `<`); this
/// one keeps the named references the pages have always had, so that they read as before and
/// stay byte for byte the same.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl askama::filters::Escaper for Html {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, s: &str) -> fmt::Result {
        let mut last = 0;
        for (i, b) in s.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            // The five bytes are ASCII: `i` and `i + 1` are character boundaries.
            dest.write_str(&s[last..i])?;
            dest.write_str(entity)?;
            last = i + 1;
        }
        dest.write_str(&s[last..])
    }
}

/// Escapes text for HTML content and quoted attribute values, as the templates do.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Writing into a String cannot fail.
    let _ = askama::filters::Escaper::write_escaped_str(&Html, &mut out, s);
    out
}

/// JSON text made safe inside `<script type="application/json">…</script>`: written with every
/// `<` as `\u003c`, so that neither `</script>` nor `<!--` can appear. In valid JSON `<` occurs
/// only inside strings, where the escape means the same character. It is written piece by piece
/// to the page's writer (a large bundle is never copied), and inserted with `|safe`: HTML
/// escaping would change the JSON, and the script element's content is not parsed as HTML.
///
/// A text longer than [`SCRIPT_PART`] bytes is cut, at character boundaries, into parts of at
/// most that size, each in an element of its own: the template's element holds the first, and
/// each next one follows it in `<script type="application/json" data-part-of="ID">`, where ID is
/// the first element's id. A browser cannot hold a million-entry bundle (930 MiB) as one string
/// (V8's limit is about 2^29 characters); verify.html joins the parts as bytes.
pub struct ScriptJson<'a> {
    pub text: &'a str,
    /// The id of the template's element, which the parts after the first name.
    pub id: &'static str,
}

/// The largest part of a [`ScriptJson`], in bytes.
pub const SCRIPT_PART: usize = 64 << 20;

impl ScriptJson<'_> {
    fn write_part(f: &mut fmt::Formatter<'_>, mut rest: &str) -> fmt::Result {
        while let Some(i) = rest.find('<') {
            f.write_str(&rest[..i])?;
            f.write_str("\\u003c")?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

impl fmt::Display for ScriptJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.text;
        let mut first = true;
        loop {
            let mut cut = rest.len().min(SCRIPT_PART);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            if !first {
                write!(f, "</script>\n<script type=\"application/json\" data-part-of=\"{}\">", self.id)?;
            }
            Self::write_part(f, &rest[..cut])?;
            first = false;
            rest = &rest[cut..];
            if rest.is_empty() {
                return Ok(());
            }
        }
    }
}

/// The hash of an inline script or style for the Content Security Policy: base64 of the SHA-256
/// of its exact text (the template writes it as `'sha256-…'`).
pub fn csp_hash(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
        assert_eq!(escape("é</style>ü"), "é&lt;/style&gt;ü");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = ScriptJson { text: r#"{"name":"</script><script>alert(1)</script><!--"}"#, id: "bundle" }.to_string();
        assert!(!s.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], "</script><script>alert(1)</script><!--");
    }

    #[test]
    fn long_json_is_cut_into_parts_at_character_boundaries() {
        // A text of SCRIPT_PART + 1 bytes whose cut falls inside a two-byte character and
        // whose parts hold a `<`: two parts, the first a byte short, nothing lost or split.
        let mut text = "<".to_string();
        text.push_str(&"a".repeat(SCRIPT_PART - 2));
        text.push('é');
        assert_eq!(text.len(), SCRIPT_PART + 1);
        let out = ScriptJson { text: &text, id: "previous" }.to_string();
        let glue = "</script>\n<script type=\"application/json\" data-part-of=\"previous\">";
        let parts: Vec<&str> = out.split(glue).collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1], "é");
        assert!(!parts[0].contains('<') && parts[0].starts_with("\\u003caaa"));
        assert_eq!(parts[0].len(), SCRIPT_PART - 1 + 5);
        let short = ScriptJson { text: "[1]", id: "bundle" }.to_string();
        assert_eq!(short, "[1]", "a short text is one part");
    }

    #[test]
    fn csp_hash_known_answer() {
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(csp_hash(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }
}
