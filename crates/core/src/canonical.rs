//! Canonical JSON (FORMAT.md §2), strict parsing (§1), hex (§1) and the signed message (§3.1).

use crate::error::{Code, ParseError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// RFC 8785 canonical form of a value of this format (ASCII member names, strings, integers).
///
/// `serde_json::Value` keeps objects in a `BTreeMap`, which orders names by bytes: for ASCII
/// names that is RFC 8785's order; its string escaping is RFC 8785's (tested against the RFC's
/// vectors in `tests/jcs.rs`).
pub fn to_jcs<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Serializing these plain structs to a Value cannot fail: every key is a string and there
    // are no floats.
    match serde_json::to_value(value) {
        Ok(v) => value_to_jcs(&v),
        Err(e) => unreachable!("format types always serialize: {e}"),
    }
}

/// Canonical form of an already-parsed JSON value.
pub fn value_to_jcs(value: &serde_json::Value) -> Vec<u8> {
    match serde_json::to_vec(value) {
        Ok(bytes) => bytes,
        Err(e) => unreachable!("a Value always serializes: {e}"),
    }
}

/// The bytes signed for a body of the kind named by `context` (FORMAT.md §3.1).
pub fn signed_message<T: Serialize + ?Sized>(context: &str, body: &T) -> Vec<u8> {
    let jcs = to_jcs(body);
    let mut msg = Vec::with_capacity(context.len() + 1 + jcs.len());
    msg.extend_from_slice(context.as_bytes());
    msg.push(0);
    msg.extend_from_slice(&jcs);
    msg
}

#[derive(Deserialize)]
struct ProbeStr {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Parses `bytes` as `T` under the rules of FORMAT.md §1: size cap, UTF-8, no BOM, no duplicate
/// or unknown members, no nulls, nesting ≤ 128. A file whose `format` is not `undersigned/1`
/// (at the top or in `signed`) is reported as `unsupported-format`, anything else as `malformed`.
pub fn parse_strict<T: DeserializeOwned>(bytes: &[u8], cap: usize, what: &str) -> Result<T, ParseError> {
    parse_strict_probing(bytes, cap, what, (foreign_format, crate::FORMAT))
}

/// Finds, in bytes that do not parse, a format other than the reader's: [`parse_strict_probing`].
pub(crate) type Probe = fn(&[u8]) -> Option<String>;

/// [`parse_strict`] with the probe that decides, when the parse fails, which format the bytes
/// claim that this reader does not read (`unsupported-format`) rather than `malformed`: format
/// 1's ([`foreign_format`]) or format 1.1's (`equivocation::foreign_1_1`).
pub(crate) fn parse_strict_probing<T: DeserializeOwned>(
    bytes: &[u8],
    cap: usize,
    what: &str,
    (foreign, expected): (Probe, &str),
) -> Result<T, ParseError> {
    if bytes.len() > cap {
        return Err(ParseError::new(
            Code::TooLarge,
            format!("this {what} is {} bytes, more than the {} allowed", bytes.len(), cap),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(ParseError::new(Code::Malformed, format!("this {what} starts with a byte order mark")));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseError::new(Code::Malformed, format!("this {what} is empty")));
    }
    match serde_json::from_slice::<T>(bytes) {
        Ok(v) => Ok(v),
        Err(e) => {
            if let Some(found) = foreign(bytes) {
                return Err(ParseError::new(
                    Code::UnsupportedFormat,
                    format!("this {what} is in format {found:?}, not {expected}"),
                ));
            }
            Err(ParseError::new(Code::Malformed, format!("this is not a valid {what}: {e}")))
        }
    }
}

/// When a parse fails: a `format` the file claims anywhere in it (its top, a signed body, an
/// object nested in a bundle), if it is a string other than ours (FORMAT.md §1: the format is
/// checked before the members, so a later format's object is `unsupported-format`).
fn foreign_format(bytes: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    foreign_in(&v)
}

/// The first `format` member, at any depth of `v`, whose value is a string other than ours.
pub fn foreign_in(v: &serde_json::Value) -> Option<String> {
    foreign_in_by(v, &|f| f == crate::FORMAT)
}

/// The first `format` member, at any depth of `v`, whose value is a string `known` refuses.
pub(crate) fn foreign_in_by(v: &serde_json::Value, known: &dyn Fn(&str) -> bool) -> Option<String> {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(f) = o.get("format").and_then(|f| f.as_str()).filter(|f| !known(f)) {
                return Some(f.to_owned());
            }
            o.values().find_map(|x| foreign_in_by(x, known))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| foreign_in_by(x, known)),
        _ => None,
    }
}

/// [`foreign_in`] of raw JSON bytes (none when they are not JSON).
pub fn foreign_in_bytes(raw: &[u8]) -> Option<String> {
    foreign_in(&serde_json::from_slice::<serde_json::Value>(raw).ok()?)
}

/// Checks that a parsed object is of our format and the expected type (FORMAT.md §1).
pub fn check_format(format: &str, kind: &str, expected_kind: &str, what: &str) -> Result<(), ParseError> {
    check_format_of(crate::FORMAT, format, kind, expected_kind, what)
}

/// [`check_format`] for an object of format `expected` (`undersigned/1.1`'s, §14.3 steps 3 and 6).
pub fn check_format_of(
    expected: &str,
    format: &str,
    kind: &str,
    expected_kind: &str,
    what: &str,
) -> Result<(), ParseError> {
    if format != expected {
        return Err(ParseError::new(
            Code::UnsupportedFormat,
            format!("this {what} is in format {format:?}, not {expected}"),
        ));
    }
    if kind != expected_kind {
        return Err(ParseError::new(Code::UnsupportedFormat, format!("this is a {kind:?}, not a {what}")));
    }
    Ok(())
}

/// What a file claims to be (its top-level `type`, or `signed.type`), to tell a user who gave
/// one kind of file where another was expected.
pub fn sniff_type(bytes: &[u8]) -> Option<String> {
    let p: ProbeStr = serde_json::from_slice(bytes).ok()?;
    p.kind.or_else(|| {
        let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        Some(v.get("signed")?.get("type")?.as_str()?.to_owned())
    })
}

/// Deserializes a present optional member; `null` is rejected (FORMAT.md §5).
pub fn non_null<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// The largest integer of the format (FORMAT.md §1): 2^53 − 1, exact in every JSON reader.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Deserializes an integer of the format: 0 to 2^53 − 1; larger ones are `malformed`.
pub fn safe_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = u64::deserialize(d)?;
    if v > MAX_SAFE_INTEGER {
        return Err(serde::de::Error::custom(format!("the integer {v} is larger than 2^53 - 1")));
    }
    Ok(v)
}

/// Decodes exactly `N` bytes from lowercase hex (FORMAT.md §1).
pub fn hex_array<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        let (hi, lo) = (HEX_DIGIT[pair[0] as usize], HEX_DIGIT[pair[1] as usize]);
        if (hi | lo) > 0x0f {
            return None;
        }
        *o = (hi << 4) | lo;
    }
    Some(out)
}

/// The value of each lowercase hex digit; 0xff for every other byte.
const HEX_DIGIT: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// SHA-256 of `context || 0x00 || data`.
pub fn tagged_hash(context: &str, data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(context.as_bytes());
    h.update([0u8]);
    h.update(data);
    h.finalize().into()
}

/// Pretty JSON for files people may open (writers' choice of layout, §1), ending in a newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = match serde_json::to_vec_pretty(value) {
        Ok(v) => v,
        Err(e) => unreachable!("format types always serialize: {e}"),
    };
    out.push(b'\n');
    out
}

// ---------------------------------------------------------------------------------------------
// Canonical JSON written directly: the same bytes as [`to_jcs`] (which goes through a
// `serde_json::Value`), without its allocations, for the paths that encode every entry of a
// bundle (`endorsement::write_body`, `withdrawal::write_body`). A test checks that they agree on
// any content.

/// `JCS(s)` of a string, appended to `out`.
pub fn write_string(s: &str, out: &mut Vec<u8>) {
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

/// `JCS(n)` of an integer, appended to `out`.
pub fn write_integer(n: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(n.to_string().as_bytes());
}

/// Opens the object (`{`) or adds a `,`, then writes the member name `k` (which needs no
/// escaping) and `:`.
pub fn write_key(k: &str, out: &mut Vec<u8>, first: &mut bool) {
    out.push(if *first { b'{' } else { b',' });
    *first = false;
    out.push(b'"');
    out.extend_from_slice(k.as_bytes());
    out.extend_from_slice(b"\":");
}

/// The entry id (§4): the Merkle leaf hash of `{"<tag>":{"signature":"<sig>","signed":BODY}}`
/// where `body` is `JCS(BODY)` and `tag` is `endorsement` or `withdrawal`.
pub fn entry_id(tag: &str, signature: &str, body: &[u8]) -> [u8; 32] {
    let mut sig = Vec::with_capacity(signature.len() + 2);
    write_string(signature, &mut sig);
    crate::merkle::leaf_hash_parts(&[b"{\"", tag.as_bytes(), b"\":{\"signature\":", &sig, b",\"signed\":", body, b"}}"])
}

/// `JCS({"signature": signature, "signed": BODY})` for `body` = `JCS(BODY)`.
pub fn write_envelope(signature: &str, body: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"signature\":");
    write_string(signature, out);
    out.extend_from_slice(b",\"signed\":");
    out.extend_from_slice(body);
    out.push(b'}');
}

/// The message signed for a body (§3.1): `context || 0x00 || JCS(body)`, with the body written by
/// `write_body`; `capacity` is a guess of the body's length.
pub fn message_with(context: &str, capacity: usize, write_body: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut msg = Vec::with_capacity(context.len() + 1 + capacity);
    msg.extend_from_slice(context.as_bytes());
    msg.push(0);
    write_body(&mut msg);
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_strict() {
        assert_eq!(hex_array::<2>("0aff"), Some([0x0a, 0xff]));
        assert_eq!(hex_array::<2>("0AFF"), None);
        assert_eq!(hex_array::<2>("0af"), None);
        assert_eq!(hex_array::<2>("0aff00"), None);
        assert_eq!(hex_array::<2>("0agg"), None);
        assert_eq!(hex_array::<2>("+aff"), None);
        for b in 0..=255u8 {
            let s = format!("0{}", b as char);
            let want =
                (b.is_ascii_digit() || (b'a'..=b'f').contains(&b)).then(|| [u8::from_str_radix(&s, 16).unwrap_or(0)]);
            assert_eq!(hex_array::<1>(&s), want, "{b}");
        }
    }

    #[test]
    fn jcs_sorts_and_escapes() {
        let v = serde_json::json!({"b": "x\u{1}\"\\\n\u{7f}é", "a": [2, 1], "c": {"z": 1, "y": "é"}});
        assert_eq!(
            String::from_utf8(value_to_jcs(&v)).unwrap(),
            "{\"a\":[2,1],\"b\":\"x\\u0001\\\"\\\\\\n\u{7f}é\",\"c\":{\"y\":\"é\",\"z\":1}}"
        );
    }

    #[test]
    fn parse_rejects_bom_empty_and_caps() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[allow(dead_code)]
            a: u64,
        }
        assert_eq!(parse_strict::<T>(b"", 100, "file").unwrap_err().code, Code::Malformed);
        assert_eq!(parse_strict::<T>(b"\xEF\xBB\xBF{\"a\":1}", 100, "file").unwrap_err().code, Code::Malformed);
        assert_eq!(parse_strict::<T>(b"{\"a\":1}", 3, "file").unwrap_err().code, Code::TooLarge);
        assert!(parse_strict::<T>(b"{\"a\":1}", 100, "file").is_ok());
        assert_eq!(parse_strict::<T>(b"{\"a\":1.0}", 100, "file").unwrap_err().code, Code::Malformed);
    }
}
