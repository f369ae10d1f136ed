//! verify.html's own words in the four languages of the pages (issue 19): one table,
//! `assets/verify-words.json`, which the template reads for the page's first language and the
//! page's script for the others (its language switch), carried in the page as JSON.
//!
//! Besides the table, the page carries for each of its languages: the explanations of the error
//! codes, which are the app's (`ui/src/lib/i18n/<lang>.json`, member `codes`: written once,
//! shown by both); the names of the months and of the countries, which are index.html's
//! ([`Lang::months`], [`Lang::country`]), so that both pages write a date or a country alike.
//!
//! A message is a string with `{name}` placeholders, or, where it counts something, an object of
//! Unicode plural categories (`one`, `other`) the script picks from with `Intl.PluralRules`;
//! Arabic writes its counts "عدد X: n" (as words.rs does), which needs a single form.

use super::words::Lang;
use serde_json::{Map, Value};
use std::sync::OnceLock;
use undersigned_core::country;

const TABLE: &str = include_str!("../../assets/verify-words.json");
const CODES: [&str; 4] = [
    include_str!("../../../../ui/src/lib/i18n/en.json"),
    include_str!("../../../../ui/src/lib/i18n/fr.json"),
    include_str!("../../../../ui/src/lib/i18n/es.json"),
    include_str!("../../../../ui/src/lib/i18n/ar.json"),
];

/// The table, parsed once: language tag → message key → message. The files are the crate's own,
/// checked by the tests below; a file that does not parse gives an empty table (and fails them).
pub(super) fn table() -> &'static Map<String, Value> {
    static TABLE_VALUE: OnceLock<Map<String, Value>> = OnceLock::new();
    TABLE_VALUE.get_or_init(|| serde_json::from_str(TABLE).unwrap_or_default())
}

/// The app's explanations of the error codes in a language.
fn codes(lang: Lang) -> Map<String, Value> {
    let app: Value = serde_json::from_str(CODES[lang as usize]).unwrap_or_default();
    app.get("codes").and_then(Value::as_object).cloned().unwrap_or_default()
}

/// The words of one language, for the template.
#[derive(Clone, Copy, Debug)]
pub(super) struct PageWords {
    lang: Lang,
}

impl PageWords {
    pub(super) fn new(lang: Lang) -> PageWords {
        PageWords { lang }
    }

    pub(super) fn lang(&self) -> &'static str {
        self.lang.tag()
    }

    pub(super) fn dir(&self) -> &'static str {
        self.lang.dir()
    }

    /// A message of the table, as written (a plural message in its `other` form); the key itself
    /// if the table lacks it, which the tests forbid.
    pub(super) fn get<'k>(&self, key: &'k str) -> &'k str
    where
        'static: 'k,
    {
        let message = table().get(self.lang.tag()).and_then(|m| m.get(key));
        match message {
            Some(Value::String(s)) => s,
            Some(Value::Object(forms)) => forms.get("other").and_then(Value::as_str).unwrap_or(key),
            _ => key,
        }
    }

    /// A message with its `{name}` placeholders filled in.
    /// In one pass over the message, so that a value is never read as a placeholder.
    pub(super) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.get(key);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], &after[close + 1..])) {
                Some((name, tail)) if values.iter().any(|(n, _)| *n == name) => {
                    out.push_str(values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v));
                    rest = tail;
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `pageTitle` with the statement's title.
    pub(super) fn title(&self, title: &str) -> String {
        self.get("pageTitle").replace("{title}", title)
    }
}

/// What the page carries for its script: `{"first": tag, "languages": [{tag, name, dir}, …],
/// "words": {tag: {…the table's messages…, "codes": {…}, "months": […], "countries": {…}}}}` for
/// the publication's languages (English names the countries with the verifier's own list).
pub(super) fn page_json(languages: &[Lang]) -> String {
    let mut words = Map::new();
    for &lang in languages {
        let mut messages = table().get(lang.tag()).and_then(Value::as_object).cloned().unwrap_or_default();
        messages.insert("codes".into(), Value::Object(codes(lang)));
        messages.insert("months".into(), lang.months().iter().map(|m| Value::from(*m)).collect());
        if lang != Lang::En {
            let names = country::all().iter().map(|(code, _)| (code.to_string(), Value::from(lang.country(code))));
            messages.insert("countries".into(), Value::Object(names.collect()));
        }
        words.insert(lang.tag().into(), Value::Object(messages));
    }
    let listed: Vec<Value> =
        languages.iter().map(|l| serde_json::json!({ "tag": l.tag(), "name": l.own_name(), "dir": l.dir() })).collect();
    let first = languages.first().copied().unwrap_or(Lang::En);
    let page = serde_json::json!({ "first": first.tag(), "languages": listed, "words": words });
    // Inside <script type="application/json">: no `<`, which could end it.
    page.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(message: &Value) -> BTreeSet<String> {
        let texts: Vec<&str> = match message {
            Value::String(s) => vec![s],
            Value::Object(forms) => forms.values().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let mut out = BTreeSet::new();
        for t in texts {
            for part in t.split('{').skip(1) {
                if let Some((name, _)) = part.split_once('}') {
                    out.insert(name.to_owned());
                }
            }
        }
        out
    }

    /// Every language has every message of English, no other, with the same placeholders; a
    /// plural message has an `other` form; and every language of the app has every error code.
    #[test]
    fn every_language_has_every_message() {
        let en = table().get("en").and_then(Value::as_object).expect("the table has English");
        assert!(en.len() > 90, "the table parses: {} messages", en.len());
        assert_eq!(table().len(), 4);
        for lang in Lang::ALL {
            let words = table().get(lang.tag()).and_then(Value::as_object).expect("a language of the table");
            let keys: BTreeSet<_> = words.keys().collect();
            assert_eq!(keys, en.keys().collect(), "{}: the keys of English", lang.tag());
            for (key, message) in words {
                assert_eq!(placeholders(message), placeholders(&en[key]), "{}.{key}: placeholders", lang.tag());
                if let Value::Object(forms) = message {
                    assert!(forms.contains_key("other"), "{}.{key}: an `other` form", lang.tag());
                }
                assert!(!PageWords::new(lang).get(key).is_empty());
            }
            let codes = codes(lang);
            for code in ["malformed", "signature-invalid", "log-mismatch", "previous-mismatch", "time-order"] {
                assert!(codes.get(code).and_then(Value::as_str).is_some(), "{}: code {code}", lang.tag());
            }
            assert_eq!(codes.len(), super::codes(Lang::En).len(), "{}: every code", lang.tag());
        }
    }

    /// Every message is used by the template or the page's script, and every message they use
    /// is in the table. A use is `t('key'`, `tn('key'`, `data-w="key"` (and its `-placeholder`,
    /// `-aria-label` forms) or `w.get("key")`; a message is used if its key is quoted in them.
    #[test]
    fn every_message_is_used_and_every_use_is_a_message() {
        let sources = [include_str!("../../templates/verify.html"), super::super::verify_page::VERIFY_JS];
        let mut used = BTreeSet::new();
        for source in sources {
            for pattern in ["t('", "tn('", "data-w=\"", "data-w-placeholder=\"", "data-w-aria-label=\"", "w.get(\""] {
                for (at, _) in source.match_indices(pattern) {
                    // `t('` itself, not the end of `get('`.
                    let before = source[..at].chars().next_back().unwrap_or(' ');
                    if before.is_ascii_alphanumeric() || before == '_' || before == '.' && pattern.starts_with('t') {
                        continue;
                    }
                    let rest = &source[at + pattern.len()..];
                    used.insert(rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>());
                }
            }
        }
        let en = table().get("en").and_then(Value::as_object).expect("the table has English");
        let defined: BTreeSet<String> = en.keys().cloned().collect();
        assert!(used.len() > 50, "the uses are found: {}", used.len());
        assert_eq!(used.difference(&defined).collect::<Vec<_>>(), Vec::<&String>::new(), "used but not in the table");
        let unquoted: Vec<&String> = defined
            .iter()
            .filter(|k| !sources.iter().any(|s| s.contains(&format!("'{k}'")) || s.contains(&format!("\"{k}\""))))
            .collect();
        assert_eq!(unquoted, Vec::<&String>::new(), "in the table but not used");
    }

    #[test]
    fn the_page_json_carries_its_languages_only() {
        let json: Value = serde_json::from_str(&page_json(&[Lang::Fr, Lang::Ar])).unwrap();
        assert_eq!(json["first"], "fr");
        assert_eq!(json["languages"][1]["dir"], "rtl");
        assert_eq!(json["words"].as_object().unwrap().len(), 2);
        assert_eq!(json["words"]["fr"]["verified"], "Vérifiée");
        assert_eq!(json["words"]["ar"]["countries"]["DE"], Lang::Ar.country("DE"));
        assert_eq!(json["words"]["fr"]["months"][9], "octobre");
        assert!(json["words"]["fr"]["codes"]["signature-invalid"].as_str().unwrap().len() > 10);
        assert!(!page_json(&Lang::ALL).contains('<'));
    }
}
