//! What the pages' templates need to put values into HTML safely: the escaper askama applies to
//! every value of an `.html` template (configured in `crates/store/askama.toml`), JSON text
//! carried in HTML comments, and the CSP source of an inline script or style.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read};

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

/// JSON text carried in HTML comments (`<!--…-->`, the template writes the first comment's
/// opening and the last one's closing): written with every `<` as `\u003c` and every `>` as
/// `\u003e`, so that neither `-->`, `--!>` nor `<!--` can appear, and the comment is a plain one
/// (HTML §13.1.6: none of those, and it does not start with `>` or `->`, nor end with `<!-`).
/// In valid JSON `<` and `>` occur only inside strings, where the escapes mean the same
/// characters. Comments rather than `<script type="application/json">`: Chromium reads a
/// comment of 70 MB in about two thirds of the time it takes over a script element's text
/// (measured, issue 21), and a million-entry bundle is 700 MB of page. The white space between
/// its tokens is left out (in valid JSON, white space outside strings separates tokens and means
/// nothing; a pretty-printed bundle is about a quarter white space, which the browser would parse
/// and the page turn into bytes for nothing). So the page carries the bundle's value, the same
/// text but for white space, `<` and `>`, which is all a verifier reads. It is read from `source`
/// and written to the page's writer piece by piece (a bundle of a million entries is never held
/// in memory), and inserted with `|safe`: HTML escaping would change the JSON, and a comment's
/// content is not parsed as HTML.
///
/// A text longer than [`JSON_PART`] bytes is cut, at character boundaries, into parts of at
/// most that size, each in a comment of its own (`--><!--` between two): a browser cannot hold a
/// million-entry bundle (930 MiB) as one string (V8's limit is about 2^29 characters);
/// verify.html joins the parts as bytes. The parts are small so that the page, whose script comes
/// before them, can take each one and check the entries it holds while the browser is still
/// reading the rest (the browser reads a million-entry page for ten seconds, on one core).
///
/// The text must be UTF-8 (a bundle that verifies is); one that is not, or a source that cannot
/// be read, fails the page: [`CommentJson::error`] says why.
pub struct CommentJson<'r> {
    source: RefCell<&'r mut dyn Read>,
    error: RefCell<Option<io::Error>>,
}

/// The largest part of a [`CommentJson`], in bytes.
pub const JSON_PART: usize = 4 << 20;

/// What separates two parts of a [`CommentJson`]: the end of one comment, the start of the next.
pub const PART_GLUE: &str = "--><!--";

impl<'r> CommentJson<'r> {
    pub fn new(source: &'r mut dyn Read) -> Self {
        CommentJson { source: RefCell::new(source), error: RefCell::new(None) }
    }

    /// Why writing the text failed, if it did (the template then fails with a bare
    /// formatting error).
    pub fn error(&self) -> Option<io::Error> {
        self.error.borrow_mut().take()
    }

    /// Writes `text`, the next piece of the JSON text, with `<` and `>` escaped and the white space
    /// outside strings left out; `lexer` says where the text is as the piece begins and ends.
    fn write_compact(f: &mut fmt::Formatter<'_>, text: &str, lexer: &mut Lexer) -> fmt::Result {
        let mut start = 0;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            // Each byte dropped or replaced is ASCII: `i` and `i + 1` are character boundaries.
            let replace = match b {
                b'<' => Some("\\u003c"),
                b'>' => Some("\\u003e"),
                b' ' | b'\n' | b'\r' | b'\t' if !lexer.in_string => Some(""),
                _ => None,
            };
            if lexer.in_string {
                match b {
                    _ if lexer.escaped => lexer.escaped = false,
                    b'\\' => lexer.escaped = true,
                    b'"' => lexer.in_string = false,
                    _ => {}
                }
            } else if b == b'"' {
                lexer.in_string = true;
            }
            if let Some(with) = replace {
                f.write_str(&text[start..i])?;
                f.write_str(with)?;
                start = i + 1;
            }
        }
        f.write_str(&text[start..])
    }

    fn fail(&self, e: io::Error) -> fmt::Error {
        *self.error.borrow_mut() = Some(e);
        fmt::Error
    }
}

/// Where a JSON text read piece by piece is, between pieces: inside a string, and just after its
/// backslash.
#[derive(Default)]
struct Lexer {
    in_string: bool,
    escaped: bool,
}

impl fmt::Display for CommentJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut source = self.source.borrow_mut();
        let mut lexer = Lexer::default();
        let mut buf = vec![0u8; 1 << 20];
        // Bytes of a character cut by the last read, moved to the front of `buf`.
        let mut carry = 0;
        // Bytes of the text in the current part.
        let mut in_part = 0;
        loop {
            let n = match source.read(&mut buf[carry..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.fail(e)),
            };
            let len = carry + n;
            let not_utf8 = || io::Error::new(io::ErrorKind::InvalidData, "the bundle is not UTF-8 text");
            let valid = match std::str::from_utf8(&buf[..len]) {
                Ok(s) => s,
                // A character cut by the end of this read: the next read completes it.
                Err(e) if e.error_len().is_none() && n > 0 => {
                    std::str::from_utf8(&buf[..e.valid_up_to()]).map_err(|_| self.fail(not_utf8()))?
                }
                Err(_) => return Err(self.fail(not_utf8())),
            };
            let mut text = valid;
            while !text.is_empty() {
                if in_part == JSON_PART {
                    f.write_str(PART_GLUE)?;
                    in_part = 0;
                }
                let mut cut = text.len().min(JSON_PART - in_part);
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                if cut == 0 {
                    // The next character does not fit in this part: it starts the next one.
                    in_part = JSON_PART;
                    continue;
                }
                Self::write_compact(f, &text[..cut], &mut lexer)?;
                in_part += cut;
                text = &text[cut..];
            }
            if n == 0 {
                return Ok(());
            }
            let used = valid.len();
            buf.copy_within(used..len, 0);
            carry = len - used;
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

    fn comment_json(mut bytes: &[u8]) -> String {
        CommentJson::new(&mut bytes).to_string()
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
        assert_eq!(escape("é</style>ü"), "é&lt;/style&gt;ü");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn comment_json_cannot_close_the_comment() {
        // Every way out of a comment (HTML §13.2.5.43–52), and a script's.
        let name = "--><script>alert(1)</script>--!><!--<!-->-></script>";
        let s = comment_json(format!(r#"{{"name":"{name}"}}"#).as_bytes());
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["name"], name);
        // Outside strings too (a text that is not JSON stays not JSON).
        assert_eq!(comment_json(b"->1<"), "-\\u003e1\\u003c");
    }

    #[test]
    fn long_json_is_cut_into_parts_at_character_boundaries() {
        // A text of JSON_PART + 1 bytes whose cut falls inside a two-byte character and
        // whose parts hold a `<`: two parts, the first a byte short, nothing lost or split.
        let mut text = "<".to_string();
        text.push_str(&"a".repeat(JSON_PART - 2));
        text.push('é');
        assert_eq!(text.len(), JSON_PART + 1);
        let out = comment_json(text.as_bytes());
        let parts: Vec<&str> = out.split(PART_GLUE).collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[1], "é");
        assert!(!parts[0].contains('<') && parts[0].starts_with("\\u003caaa"));
        assert_eq!(parts[0].len(), JSON_PART - 1 + 5);
        let short = comment_json(b"[1]");
        assert_eq!(short, "[1]", "a short text is one part");
    }

    #[test]
    fn comment_json_reads_its_source_in_any_pieces_and_only_utf8() {
        // One byte per read: every character of more than one byte is cut by a read.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let k = out.len().min(self.0.len()).min(1);
                out[..k].copy_from_slice(&self.0[..k]);
                self.0 = &self.0[k..];
                Ok(k)
            }
        }
        let text = "{\n  \"name\": \"Łódź <b>\\t\\\"\\\\ 東京 🎉\",\r\n\t\"x\" : [ \"</script>\" , 1 ]\n}\n";
        let whole = comment_json(text.as_bytes());
        assert!(!whole.contains('<') && !whole.contains('>'));
        // The white space between tokens left out, that in strings kept, escapes and all.
        assert_eq!(whole, r#"{"name":"Łódź \u003cb\u003e\t\"\\ 東京 🎉","x":["\u003c/script\u003e",1]}"#);
        let (a, b): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(text).unwrap(), serde_json::from_str(&whole).unwrap());
        assert_eq!(a, b);
        assert_eq!(CommentJson::new(&mut Trickle(text.as_bytes())).to_string(), whole);
        for bad in [&b"[\"\xff\"]"[..], &"é".as_bytes()[..1], &b"[\"\xed\xa0\x80\"]"[..]] {
            let mut source = bad;
            let s = CommentJson::new(&mut source);
            assert!(fmt::write(&mut String::new(), format_args!("{s}")).is_err(), "{bad:?}");
            assert_eq!(s.error().map(|e| e.kind()), Some(io::ErrorKind::InvalidData), "{bad:?}");
        }
    }

    #[test]
    fn csp_hash_known_answer() {
        // printf '' | openssl dgst -sha256 -binary | base64
        assert_eq!(csp_hash(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }
}
