//! How values read on the pages: dates (chrono, English month names), numbers, countries and
//! languages by name, the direction of a language, and which websites may be links.

use chrono::{NaiveDate, NaiveDateTime};
use undersigned_core::country;

/// `2026-10-01T12:00:00Z` → `1 October 2026`; anything else as it is.
pub fn human_date(ts: &str) -> String {
    match ts.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(date) => date.format("%-d %B %Y").to_string(),
        None => ts.to_owned(),
    }
}

/// `2026-10-01T12:00:00Z` → `1 October 2026, 12:00 UTC`; anything else as it is.
pub fn human_time(ts: &str) -> String {
    match NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M:%SZ") {
        Ok(t) if ts.len() == 20 => t.format("%-d %B %Y, %H:%M UTC").to_string(),
        _ => ts.to_owned(),
    }
}

/// `1234567` → `1,234,567`.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> =
        digits.as_bytes().rchunks(3).rev().map(|g| std::str::from_utf8(g).unwrap_or_default()).collect();
    groups.join(",")
}

/// `1, "country", "countries"` → `1 country`; `1234` → `1,234 countries`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", number(n), if n == 1 { one } else { many })
}

/// The English name of a country, or its code if it has none.
pub fn country_name(code: &str) -> &str {
    country::name(code).unwrap_or(code)
}

/// Languages written right to left, for `dir="rtl"`.
pub fn is_rtl(language: &str) -> bool {
    let primary = language.split('-').next().unwrap_or_default();
    matches!(primary, "ar" | "arc" | "ckb" | "dv" | "fa" | "he" | "ks" | "ps" | "sd" | "ug" | "ur" | "yi")
}

/// A language by its own name (`fr` → `Français`, `pt-BR` → `Português (pt-BR)`), or its tag.
pub fn language_name(language: &str) -> String {
    let primary = language.split('-').next().unwrap_or_default();
    let name = match primary {
        "ar" => "العربية",
        "de" => "Deutsch",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "hi" => "हिन्दी",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "nl" => "Nederlands",
        "pt" => "Português",
        "ru" => "Русский",
        "sw" => "Kiswahili",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "zh" => "中文",
        _ => return language.to_owned(),
    };
    if primary == language {
        name.to_owned()
    } else {
        format!("{name} ({language})")
    }
}

/// Whether a signatory's website may be a link on the page (the statement text's links follow
/// the rules of [`crate::markdown`]).
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_formats() {
        assert_eq!(human_date("2026-10-01T12:00:00Z"), "1 October 2026");
        assert_eq!(human_date("2026-05-31T23:59:59Z"), "31 May 2026");
        assert_eq!(human_date("not a date"), "not a date");
        assert_eq!(human_time("2026-10-01T12:07:00Z"), "1 October 2026, 12:07 UTC");
        assert_eq!(human_time("2026-10-01T12:07:00.5Z"), "2026-10-01T12:07:00.5Z");
        assert_eq!(number(1234567), "1,234,567");
        assert_eq!(number(123456), "123,456");
        assert_eq!(number(12), "12");
        assert_eq!(number(0), "0");
        assert_eq!(plural(1, "country", "countries"), "1 country");
        assert_eq!(plural(1000, "country", "countries"), "1,000 countries");
    }

    #[test]
    fn languages() {
        assert_eq!(language_name("fr"), "Français");
        assert_eq!(language_name("pt-BR"), "Português (pt-BR)");
        assert_eq!(language_name("xx"), "xx");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && !is_rtl("en"));
    }
}
