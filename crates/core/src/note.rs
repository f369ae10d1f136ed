//! C2SP signed notes, as FORMAT.md §14.8 ("The note") reads them: a text, an empty line, and
//! signature lines `— <key name> <base64(key id ‖ signature)>`. This module only reads and
//! writes the form; `checkpoint` decides whose lines count and checks them.

use crate::base64;
use sha2::{Digest, Sha256};

/// The most bytes and signature lines a note may have (§14.12).
pub const MAX_BYTES: usize = 65_536;
pub const MAX_LINES: usize = 64;

/// The signature type of an Ed25519 note signature, and of an Ed25519 `cosignature/v1`.
pub const TYPE_ED25519: u8 = 0x01;
pub const TYPE_COSIGNATURE_V1: u8 = 0x04;

/// A note read by [`parse`]: its text (final U+000A included) and its signature lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note<'a> {
    pub text: &'a str,
    pub lines: Vec<SignatureLine<'a>>,
}

/// One signature line: its key name, key id, and the bytes after the key id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureLine<'a> {
    pub name: &'a str,
    pub key_id: [u8; 4],
    pub signature: Vec<u8>,
}

/// Why a note is not of §14.8's form (`field-invalid` at `checkpoint`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note is larger than {MAX_BYTES} bytes")]
    TooLarge,
    #[error("the note holds a control character other than a line feed")]
    Control,
    #[error("the note does not end with a line feed")]
    Unterminated,
    #[error("the note has no empty line before its signatures")]
    NoSignatures,
    #[error("the note has more than {MAX_LINES} signature lines")]
    TooManyLines,
    #[error("signature line {0} is not of the form \"— name base64\"")]
    Line(usize),
}

/// Whether `name` can be a key name: non-empty, no White_Space, no `+`.
pub fn key_name_ok(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// Reads a note (§14.8): the text is everything up to the line feed before the note's last
/// empty line; after it, one or more signature lines.
pub fn parse(note: &str) -> Result<Note<'_>, NoteError> {
    if note.len() > MAX_BYTES {
        return Err(NoteError::TooLarge);
    }
    if note.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Control);
    }
    if !note.ends_with('\n') {
        return Err(NoteError::Unterminated);
    }
    let split = note.rfind("\n\n").ok_or(NoteError::NoSignatures)?;
    let (text, signatures) = (&note[..=split], &note[split + 2..]);
    if signatures.is_empty() {
        return Err(NoteError::NoSignatures);
    }
    let mut lines = Vec::new();
    for (i, line) in signatures.strip_suffix('\n').unwrap_or(signatures).split('\n').enumerate() {
        if i >= MAX_LINES {
            return Err(NoteError::TooManyLines);
        }
        let parsed = line.strip_prefix("— ").and_then(|rest| {
            let (name, b64) = rest.split_once(' ')?;
            let bytes = base64::decode(b64)?;
            if !key_name_ok(name) || bytes.len() < 4 {
                return None;
            }
            let (id, signature) = bytes.split_at(4);
            Some(SignatureLine { name, key_id: id.try_into().ok()?, signature: signature.to_vec() })
        });
        lines.push(parsed.ok_or(NoteError::Line(i + 1))?);
    }
    Ok(Note { text, lines })
}

/// The key id of a key named `name`, of signature type `kind`: the first 4 bytes of
/// SHA-256(name ‖ 0x0A ‖ kind ‖ key).
pub fn key_id(name: &str, kind: u8, key: &[u8; 32]) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', kind]);
    h.update(key);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// A signature line: `— name base64(key id ‖ bytes)` and its line feed.
pub fn line(name: &str, key_id: &[u8; 4], bytes: &[u8]) -> String {
    let mut all = key_id.to_vec();
    all.extend_from_slice(bytes);
    format!("— {name} {}\n", base64::encode(&all))
}

/// The verifier key of an Ed25519 note signer (`signed-note.md`, "Verifier keys"):
/// `name+<key id, 8 hex digits>+base64(0x01 ‖ key)`.
pub fn vkey(name: &str, key: &[u8; 32]) -> String {
    vkey_of(name, TYPE_ED25519, key)
}

/// The verifier key of a witness (`tlog-cosignature.md`): `name+<key id>+base64(0x04 ‖ key)`.
pub fn cosignature_vkey(name: &str, key: &[u8; 32]) -> String {
    vkey_of(name, TYPE_COSIGNATURE_V1, key)
}

fn vkey_of(name: &str, kind: u8, key: &[u8; 32]) -> String {
    let mut typed = vec![kind];
    typed.extend_from_slice(key);
    format!("{name}+{}+{}", hex::encode(key_id(name, kind, key)), base64::encode(&typed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ed25519::{self, SecretKey};

    /// Go's golang.org/x/mod/sumdb/note example: its private key, verifier key and note.
    const SKEY_B64: &str = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const TEXT: &str =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const SIG_LINE: &str =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    #[test]
    fn the_go_example_is_reproduced_and_read() {
        let seed = base64::decode(SKEY_B64).unwrap();
        assert_eq!(seed[0], TYPE_ED25519);
        let key = SecretKey::from_seed(seed[1..].try_into().unwrap());
        let public = key.public_key().0;
        assert_eq!(vkey("PeterNeumann", &public), VKEY);
        let id = key_id("PeterNeumann", TYPE_ED25519, &public);
        assert_eq!(line("PeterNeumann", &id, &key.sign(TEXT.as_bytes())), SIG_LINE);
        let note = format!("{TEXT}\n{SIG_LINE}");
        let n = parse(&note).unwrap();
        assert_eq!(n.text, TEXT);
        assert_eq!(n.lines.len(), 1);
        assert_eq!((n.lines[0].name, n.lines[0].key_id), ("PeterNeumann", [0xc7, 0x4f, 0x20, 0xa3]));
        let sig: [u8; 64] = n.lines[0].signature.as_slice().try_into().unwrap();
        assert!(ed25519::verify(&public, &sig, n.text.as_bytes()).is_ok());
        assert!(ed25519::verify(&public, &sig, n.text.replace("cryptography", "cryptographY").as_bytes()).is_err());
    }

    #[test]
    fn the_text_ends_at_the_last_empty_line() {
        let n = parse("a\n\nb\n\n— k AAAAAA==\n").unwrap();
        assert_eq!(n.text, "a\n\nb\n");
        assert_eq!(n.lines, [SignatureLine { name: "k", key_id: [0; 4], signature: vec![] }]);
    }

    #[test]
    fn notes_out_of_form_are_refused() {
        let ok = "a\n\n— k AAAAAA==\n";
        assert!(parse(ok).is_ok());
        let cases: &[(&str, NoteError)] = &[
            ("a\n\n— k AAAAAA==", NoteError::Unterminated),
            ("a\r\n\n— k AAAAAA==\n", NoteError::Control),
            ("a\t\n\n— k AAAAAA==\n", NoteError::Control),
            ("a\n— k AAAAAA==\n", NoteError::NoSignatures),
            ("a\n\n", NoteError::NoSignatures),
            ("a\n\n- k AAAAAA==\n", NoteError::Line(1)),
            ("a\n\n— k AAAAAA==\n— AAAAAA==\n", NoteError::Line(2)),
            ("a\n\n— k+1 AAAAAA==\n", NoteError::Line(1)),
            ("a\n\n— k\u{a0}1 AAAAAA==\n", NoteError::Line(1)),
            ("a\n\n— k AAAA\n", NoteError::Line(1)),
            ("a\n\n— k AAAAAA=\n", NoteError::Line(1)),
            ("a\n\n— k AAAAAA== \n", NoteError::Line(1)),
            ("a\n\n— k AAAAAB==\n", NoteError::Line(1)),
            ("a\n\n— k AAAAAA==\n\n", NoteError::NoSignatures),
        ];
        for (note, want) in cases {
            assert_eq!(parse(note).as_ref().map(|_| ()), Err(want), "{note:?}");
        }
        let many = format!("a\n\n{}", "— k AAAAAA==\n".repeat(MAX_LINES + 1));
        assert_eq!(parse(&many).map(|_| ()), Err(NoteError::TooManyLines));
        assert!(parse(&format!("a\n\n{}", "— k AAAAAA==\n".repeat(MAX_LINES))).is_ok());
        let big = format!("{}\n\n— k AAAAAA==\n", "a".repeat(MAX_BYTES));
        assert_eq!(parse(&big).map(|_| ()), Err(NoteError::TooLarge));
    }
}
