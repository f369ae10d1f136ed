//! Field rules of FORMAT.md §5. Each check returns a sentence for people when it fails.

use unicode_normalization::is_nfc;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

type Check = Result<(), String>;

fn nfc(field: &str, s: &str) -> Check {
    // ASCII text is always in NFC.
    if s.is_ascii() || is_nfc(s) {
        Ok(())
    } else {
        Err(format!("{field} is not in Unicode normalization form C"))
    }
}

fn length(field: &str, s: &str, min: usize, max: usize) -> Check {
    let n = s.chars().count();
    if n < min {
        return Err(format!("{field} is empty"));
    }
    if n > max {
        return Err(format!("{field} is {n} characters long, more than {max}"));
    }
    Ok(())
}

/// Zero-width joiners are part of the spelling of words in several scripts (Persian, the
/// Indic scripts); they are allowed only between two characters that are each a non-ASCII
/// letter (general category L) or a mark (M), under Unicode 18.0.0 (§5).
fn joiner_in_context(prev: Option<char>, next: Option<char>) -> bool {
    let letter = |c: Option<char>| c.is_some_and(|c| is_letter(c) && !c.is_ascii() || is_mark(c));
    letter(prev) && letter(next)
}

fn is_letter(c: char) -> bool {
    c.general_category_group() == GeneralCategoryGroup::Letter
}

/// Private use (Co) or unassigned (Cn, the noncharacters included) under Unicode 18.0.0.
fn unassigned_or_private(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::Unassigned | GeneralCategory::PrivateUse)
}

fn is_mark(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark | GeneralCategory::EnclosingMark
    )
}

fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// A name of a person, an organization, a title or an affiliation (one line of plain text).
pub fn name(field: &str, s: &str, max: usize) -> Check {
    nfc(field, s)?;
    length(field, s, 1, max)?;
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return Err(format!("{field} starts or ends with white space"));
    }
    if s.is_ascii() {
        // Among ASCII characters only the controls (Cc) break the rules below.
        return match s.chars().find(char::is_ascii_control) {
            Some(c) => Err(format!("{field} contains a control character ({})", describe(c))),
            None => Ok(()),
        };
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii() && !c.is_ascii_control() {
            continue;
        }
        match c.general_category() {
            GeneralCategory::Control => return Err(format!("{field} contains a control character ({})", describe(c))),
            GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator => {
                return Err(format!("{field} contains a line break ({})", describe(c)))
            }
            GeneralCategory::Format => {
                let joiner = c == '\u{200C}' || c == '\u{200D}';
                let prev = i.checked_sub(1).map(|j| chars[j]);
                let next = chars.get(i + 1).copied();
                if !(joiner && joiner_in_context(prev, next)) {
                    return Err(format!(
                        "{field} contains an invisible formatting character ({}), such as a \
                         zero-width space or a text-direction override",
                        describe(c)
                    ));
                }
            }
            GeneralCategory::Unassigned | GeneralCategory::PrivateUse | GeneralCategory::Surrogate => {
                return Err(format!("{field} contains an unassigned or private-use character ({})", describe(c)))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The Markdown body of a statement: any text but control characters other than tab and `\n`.
pub fn body(field: &str, s: &str) -> Check {
    nfc(field, s)?;
    length(field, s, 1, 1_000_000)?;
    if let Some(c) = s.chars().find(|&c| c.is_control() && c != '\t' && c != '\n') {
        return Err(format!("{field} contains a control character ({})", describe(c)));
    }
    if !s.is_ascii() {
        if let Some(c) = s.chars().find(|&c| unassigned_or_private(c)) {
            return Err(format!("{field} contains an unassigned or private-use character ({})", describe(c)));
        }
        directions(field, s)?;
    }
    Ok(())
}

/// The direction rule of a body (§5): no embedding or override (U+202A–U+202E), and the
/// isolates (U+2066–U+2068, closed by U+2069) balanced within each line.
fn directions(field: &str, s: &str) -> Check {
    for line in s.split('\n') {
        let mut open = 0usize;
        for c in line.chars() {
            match c {
                '\u{202A}'..='\u{202E}' => {
                    return Err(format!(
                        "{field} contains a text-direction override ({}), which can make it display \
                         otherwise than it reads",
                        describe(c)
                    ))
                }
                '\u{2066}'..='\u{2068}' => open += 1,
                '\u{2069}' if open == 0 => {
                    return Err(format!("{field} closes a direction isolate (U+2069) that no line opened"))
                }
                '\u{2069}' => open -= 1,
                _ => {}
            }
        }
        if open > 0 {
            return Err(format!("{field} leaves a direction isolate open at the end of a line"));
        }
    }
    Ok(())
}

pub fn language(s: &str) -> Check {
    let ok = s.len() <= 35 && {
        let mut parts = s.split('-');
        let first = parts.next().unwrap_or_default();
        (2..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_lowercase())
            && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    if ok {
        Ok(())
    } else {
        Err(format!("language {s:?} is not a language tag such as \"en\", \"fr\" or \"pt-BR\""))
    }
}

pub fn country(s: &str) -> Check {
    if crate::country::name(s).is_some() {
        Ok(())
    } else {
        Err(format!("country {s:?} is not an ISO 3166-1 alpha-2 code such as \"KE\" or \"FR\""))
    }
}

pub fn website(s: &str) -> Check {
    nfc("website", s)?;
    length("website", s, 1, 2048)?;
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() => {}
        _ => return Err(format!("website {s:?} does not start with https:// or http://")),
    }
    if s.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || (!c.is_ascii() && matches!(c.general_category(), GeneralCategory::Format))
    }) {
        return Err("website contains white space or invisible characters".into());
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SSZ`, a real UTC date-time from 2000 to 9999.
pub fn timestamp(field: &str, s: &str) -> Check {
    // The common case without chrono: digits where they belong, a real date, a time of day.
    // What this accepts, the full check below accepts too; anything else goes to it.
    if plain_timestamp(s.as_bytes()) {
        return Ok(());
    }
    let ok = s.len() == 20
        && s.ends_with('Z')
        && s.as_bytes()[10] == b'T'
        && s.get(17..19).is_some_and(|sec| sec < "60")
        && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S")
            .is_ok_and(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string() == s && s[..4] >= *"2000");
    if ok {
        Ok(())
    } else {
        Err(format!("{field} {s:?} is not a UTC time of the form 2026-03-01T09:00:00Z"))
    }
}

/// A timestamp of the §1 form as a number that orders as the times do (its digits:
/// YYYYMMDDHHMMSS), for the time-order rule (§9); `None` when it breaks §1 (then it is compared
/// with nothing).
pub fn time_order_key(s: &str) -> Option<u64> {
    timestamp("", s).ok()?;
    Some(s.bytes().filter(u8::is_ascii_digit).fold(0u64, |n, c| n * 10 + u64::from(c - b'0')))
}

/// Whether timestamp `a` is earlier than `b`, both of the §1 form (§9: a timestamp that breaks
/// §1 is compared with nothing).
pub fn earlier(a: &str, b: &str) -> bool {
    matches!((time_order_key(a), time_order_key(b)), (Some(a), Some(b)) if a < b)
}

/// `YYYY-MM-DDTHH:MM:SSZ` with 2000 ≤ YYYY, a valid month and day, HH < 24, MM < 60, SS < 60.
fn plain_timestamp(b: &[u8]) -> bool {
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z'
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
    else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 2000 && (1..=days).contains(&d) && h < 24 && mi < 60 && sec < 60
}

/// `YYYY-MM-DD`, a real date from 2000 to 9999.
pub fn date(field: &str, s: &str) -> Check {
    let ok = s.len() == 10
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .is_ok_and(|d| d.format("%Y-%m-%d").to_string() == s && s[..4] >= *"2000");
    if ok {
        Ok(())
    } else {
        Err(format!("{field} {s:?} is not a date of the form 2026-06-30"))
    }
}

/// Formats a time as the format's timestamp.
pub fn format_timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub fn digest_hex(field: &str, s: &str) -> Check {
    if crate::canonical::hex_array::<32>(s).is_some() {
        Ok(())
    } else {
        Err(format!("{field} is not 64 lowercase hex digits"))
    }
}

/// A public key that is only compared with another, never verified (§1): 64 lowercase hex digits.
pub fn key_hex(field: &str, s: &str) -> Check {
    if crate::canonical::hex_array::<32>(s).is_some() {
        Ok(())
    } else {
        Err(format!("{field} is not 64 lowercase hex digits"))
    }
}

/// Two language tags that are one language (§5): equal when ASCII letters are compared
/// without case.
pub fn same_language(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A statement id of its §1 form (32 lowercase hex digits).
pub fn is_statement_id(s: &str) -> bool {
    crate::canonical::hex_array::<16>(s).is_some()
}

/// A key, digest, entry id or root of its §1 form (64 lowercase hex digits).
pub fn is_hex32(s: &str) -> bool {
    crate::canonical::hex_array::<32>(s).is_some()
}

pub fn statement_id(s: &str) -> Check {
    if crate::canonical::hex_array::<16>(s).is_some() {
        Ok(())
    } else {
        Err("statement id is not 32 lowercase hex digits".into())
    }
}

/// Normalizes user input for signing: NFC, trimmed.
pub fn normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(name("name", "Amnesty International", 200).is_ok());
        assert!(name("name", "Réseau des femmes", 200).is_ok());
        assert!(name("name", "Re\u{301}seau", 200).is_err(), "NFD rejected");
        assert!(name("name", "", 200).is_err());
        assert!(name("name", " x", 200).is_err());
        assert!(name("name", "a\u{0}b", 200).is_err());
        assert!(name("name", "abc\u{202E}def", 200).is_err());
        assert!(name("name", "ab\u{200B}c", 200).is_err());
        assert!(name("name", "ab\u{200D}c", 200).is_err(), "ZWJ between ASCII letters");
        assert!(
            name("name", "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}", 200).is_ok(),
            "ZWNJ in Persian"
        );
        assert!(name("name", "a\u{2028}b", 200).is_err());
        assert!(name("name", &"x".repeat(201), 200).is_err());
        assert!(name("name", "\u{E000}", 200).is_err());
    }

    /// The fast path accepts only what the chrono check accepts, and agrees with it on every
    /// string it accepts; the whole check is unchanged.
    #[test]
    fn plain_timestamps_agree_with_chrono() {
        let slow = |s: &str| {
            s.len() == 20
                && s.ends_with('Z')
                && s.as_bytes()[10] == b'T'
                && s.get(17..19).is_some_and(|sec| sec < "60")
                && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S")
                    .is_ok_and(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string() == s && s[..4] >= *"2000")
        };
        let mut cases = vec![
            "2026-03-01T09:00:00Z".to_string(),
            "2000-01-01T00:00:00Z".into(),
            "1999-12-31T23:59:59Z".into(),
            "9999-12-31T23:59:59Z".into(),
            "2024-02-29T12:00:00Z".into(),
            "2023-02-29T12:00:00Z".into(),
            "2100-02-29T12:00:00Z".into(),
            "2000-02-29T12:00:00Z".into(),
            "2026-04-31T12:00:00Z".into(),
            "2026-13-01T12:00:00Z".into(),
            "2026-00-01T12:00:00Z".into(),
            "2026-01-00T12:00:00Z".into(),
            "2026-01-01T24:00:00Z".into(),
            "2026-01-01T23:60:00Z".into(),
            "2026-01-01T23:59:60Z".into(),
            "2026-01-01T23:59:61Z".into(),
            "2026-01-01t23:59:59Z".into(),
            "2026-01-01T23:59:59z".into(),
            "+026-01-01T23:59:59Z".into(),
            "2026-1-01T23:59:59ZZ".into(),
            "2026-01-01T23:59:5 Z".into(),
            "٢٠٢٦-01-01T23:59:59Z".into(),
        ];
        for y in [1999u32, 2000, 2023, 2024, 2100, 2400] {
            for mo in 0..=13u32 {
                for d in [0u32, 1, 28, 29, 30, 31, 32] {
                    cases.push(format!("{y:04}-{mo:02}-{d:02}T12:34:56Z"));
                }
            }
        }
        for c in &cases {
            if plain_timestamp(c.as_bytes()) {
                assert!(slow(c), "{c} accepted by the fast path only");
            }
            assert_eq!(timestamp("t", c).is_ok(), slow(c), "{c}");
        }
    }

    #[test]
    fn times() {
        assert!(timestamp("t", "2026-03-01T09:00:00Z").is_ok());
        assert!(timestamp("t", "2026-02-30T09:00:00Z").is_err());
        assert!(timestamp("t", "2026-03-01T09:00:00.5Z").is_err());
        assert!(timestamp("t", "2026-03-01T09:00:00+00:00").is_err());
        assert!(timestamp("t", "1999-03-01T09:00:00Z").is_err());
        assert!(timestamp("t", "2026-03-01t09:00:00Z").is_err());
        assert!(timestamp("t", "2026-03-01T10:15:60Z").is_err(), "no leap seconds");
        assert!(timestamp("t", "2016-12-31T23:59:60Z").is_err(), "not even real ones");
        assert!(date("d", "2026-06-30").is_ok());
        assert!(date("d", "2026-6-30").is_err());
    }

    #[test]
    fn the_unicode_version_is_the_formats() {
        // FORMAT.md §5: every table the rules use is Unicode 18.0.0's.
        assert_eq!(unicode_normalization::UNICODE_VERSION, (18, 0, 0));
        assert_eq!(unicode_properties::UNICODE_VERSION, (18, 0, 0));
        // The standard library's `is_control` and `is_whitespace` (of its own Unicode version)
        // are Cc and White_Space, which have not changed since Unicode 6.
        const WHITE_SPACE: [u32; 25] = [
            0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
            0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
        ];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(c.is_control(), c.general_category() == GeneralCategory::Control, "{c:?}");
            assert_eq!(c.is_whitespace(), WHITE_SPACE.contains(&(c as u32)), "{c:?}");
        }
        // Unassigned and private use in a body; a noncharacter is unassigned.
        assert!(body("body", "text \u{E000}").is_err());
        assert!(body("body", "text \u{FFFF}").is_err());
        assert!(body("body", "text \u{10FFFD}").is_err());
    }

    #[test]
    fn directions_in_a_body() {
        for ok in
            ["plain", "\u{2067}عربي\u{2069} and Latin", "a\u{2066}b\u{2068}c\u{2069}d\u{2069}\nnext", "\u{200F}mark"]
        {
            assert!(body("body", ok).is_ok(), "{ok:?}");
        }
        for bad in ["\u{202E}evil", "a\u{202A}b\u{202C}", "\u{2067}open\nclosed\u{2069}", "\u{2069}", "x\u{2066}"] {
            assert!(body("body", bad).is_err(), "{bad:?}");
        }
        assert!(same_language("en-GB", "en-gb"));
        assert_eq!(time_order_key("2026-03-04T15:12:09Z"), Some(20260304151209));
        assert_eq!(time_order_key("2026-03-04T15:12:60Z"), None);
        assert!(!same_language("en", "en-gb"));
    }

    #[test]
    fn others() {
        assert!(language("en").is_ok());
        assert!(language("pt-BR").is_ok());
        assert!(language("EN").is_err());
        assert!(language("e").is_err());
        assert!(country("KE").is_ok());
        assert!(country("ke").is_err());
        assert!(country("XX").is_err());
        assert!(website("https://example.org").is_ok());
        assert!(website("https://").is_err());
        assert!(website("ftp://x").is_err());
        assert!(website("https://a b").is_err());
        assert!(body("b", "line\n\tline").is_ok());
        assert!(body("b", "line\r\n").is_err());
    }
}
