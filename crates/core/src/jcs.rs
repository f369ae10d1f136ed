//! Canonical JSON (RFC 8785, FORMAT.md §2) of the entry bodies, written directly: the same
//! bytes as [`crate::canonical::to_jcs`] (which goes through a `serde_json::Value`), without its
//! allocations, for the paths that encode every entry of a bundle. A test checks that they agree
//! on any content.

use crate::endorsement::EndorsementBody;
use crate::merkle::leaf_hash_parts;
use crate::withdrawal::WithdrawalBody;

/// `JCS(s)` of a string, appended to `out`.
pub fn string(s: &str, out: &mut Vec<u8>) {
    // Most strings (hex, names, dates) have nothing to escape: copied as they are.
    // (A fold without early exit, which the compiler turns into vector instructions.)
    if !s.bytes().fold(false, |bad, b| bad | (b < 0x20) | (b == b'"') | (b == b'\\')) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    // serde_json escapes strings exactly as RFC 8785 does (see `canonical::to_jcs`).
    if let Err(e) = serde_json::to_writer(&mut *out, s) {
        unreachable!("writing a string to memory cannot fail: {e}");
    }
}

fn integer(n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(n.to_string().as_bytes());
}

fn key(k: &str, out: &mut Vec<u8>, first: &mut bool) {
    out.push(if *first { b'{' } else { b',' });
    *first = false;
    out.push(b'"');
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(b"\":");
}

/// `JCS(b)` of an endorsement body, appended to `out`.
pub fn endorsement_body(b: &EndorsementBody, out: &mut Vec<u8>) {
    // Members sorted by name: format, signed_at, signer, statement, type.
    let mut first = true;
    key("format", out, &mut first);
    string(&b.format, out);
    key("signed_at", out, &mut first);
    string(&b.signed_at, out);
    key("signer", out, &mut first);
    {
        // affiliation, country, kind, name, public_key, title, website.
        let s = &b.signer;
        let mut first = true;
        if let Some(a) = &s.affiliation {
            key("affiliation", out, &mut first);
            string(a, out);
        }
        key("country", out, &mut first);
        string(&s.country, out);
        key("kind", out, &mut first);
        string(s.kind.as_str(), out);
        key("name", out, &mut first);
        string(&s.name, out);
        key("public_key", out, &mut first);
        string(&s.public_key, out);
        if let Some(t) = &s.title {
            key("title", out, &mut first);
            string(t, out);
        }
        if let Some(w) = &s.website {
            key("website", out, &mut first);
            string(w, out);
        }
        out.push(b'}');
    }
    key("statement", out, &mut first);
    {
        // digest, id, lead_key, version.
        let s = &b.statement;
        let mut first = true;
        key("digest", out, &mut first);
        string(&s.digest, out);
        key("id", out, &mut first);
        string(&s.id, out);
        key("lead_key", out, &mut first);
        string(&s.lead_key, out);
        key("version", out, &mut first);
        integer(s.version, out);
        out.push(b'}');
    }
    key("type", out, &mut first);
    string(&b.kind, out);
    out.push(b'}');
}

/// `JCS(b)` of a withdrawal body, appended to `out`.
pub fn withdrawal_body(b: &WithdrawalBody, out: &mut Vec<u8>) {
    // endorsement, format, signer_key, statement, type, withdrawn_at.
    let mut first = true;
    key("endorsement", out, &mut first);
    string(&b.endorsement, out);
    key("format", out, &mut first);
    string(&b.format, out);
    key("signer_key", out, &mut first);
    string(&b.signer_key, out);
    key("statement", out, &mut first);
    {
        let mut first = true;
        key("id", out, &mut first);
        string(&b.statement.id, out);
        key("lead_key", out, &mut first);
        string(&b.statement.lead_key, out);
        out.push(b'}');
    }
    key("type", out, &mut first);
    string(&b.kind, out);
    key("withdrawn_at", out, &mut first);
    string(&b.withdrawn_at, out);
    out.push(b'}');
}

/// The entry id (§4): the Merkle leaf hash of `{"<tag>":{"signature":"<sig>","signed":BODY}}`
/// where `body` is `JCS(BODY)` and `tag` is `endorsement` or `withdrawal`.
pub fn entry_id(tag: &str, signature: &str, body: &[u8]) -> [u8; 32] {
    let mut sig = Vec::with_capacity(signature.len() + 2);
    string(signature, &mut sig);
    leaf_hash_parts(&[b"{\"", tag.as_bytes(), b"\":{\"signature\":", &sig, b",\"signed\":", body, b"}}"])
}

/// `JCS({"signature": signature, "signed": BODY})` for `body` = `JCS(BODY)`.
pub fn envelope(signature: &str, body: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"signature\":");
    string(signature, out);
    out.extend_from_slice(b",\"signed\":");
    out.extend_from_slice(body);
    out.push(b'}');
}

/// The message signed for an endorsement body: CONTEXT || 0x00 || JCS(body) (§3.1).
pub fn endorsement_message(b: &EndorsementBody) -> Vec<u8> {
    let context = crate::endorsement::CONTEXT.as_bytes();
    let mut msg = Vec::with_capacity(context.len() + 1 + 640);
    msg.extend_from_slice(context);
    msg.push(0);
    endorsement_body(b, &mut msg);
    msg
}

/// The message signed for a withdrawal body.
pub fn withdrawal_message(b: &WithdrawalBody) -> Vec<u8> {
    let context = crate::withdrawal::CONTEXT.as_bytes();
    let mut msg = Vec::with_capacity(context.len() + 1 + 400);
    msg.extend_from_slice(context);
    msg.push(0);
    withdrawal_body(b, &mut msg);
    msg
}
