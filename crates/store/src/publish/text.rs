//! How values read on the pages: languages by name, the direction of a language, and which
//! websites may be links (dates, numbers and countries are in each page's language: `words`).

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
    fn languages() {
        assert_eq!(language_name("fr"), "Français");
        assert_eq!(language_name("pt-BR"), "Português (pt-BR)");
        assert_eq!(language_name("xx"), "xx");
        assert!(is_rtl("ar") && is_rtl("fa-IR") && !is_rtl("en"));
    }
}
