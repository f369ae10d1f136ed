//! The order of signatories' names, one for the app's table and the published page: the Unicode
//! Collation Algorithm's root order (CLDR, through ICU4X's `icu_collator`), at primary strength
//! (case and accents do not change the order) with numbers by value ("Org 9" before "Org 10").
//! It is the order a reader expects across scripts and letters that do not decompose: "Łódź"
//! with the L's, "Ørsted" with the O's, "Straße" as "Strasse", Greek before Cyrillic before
//! Arabic, all of them after the Latin letters. The app's former page sorted the same way with
//! `Intl.Collator(undefined, { sensitivity: 'base', numeric: true })`.
//!
//! Sorting compares sort keys (bytes, computed once per name), not strings pair by pair.

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Compares and sorts names (see the module's documentation).
pub(crate) struct NameOrder {
    /// `None` only if the collation data compiled into the binary failed to load, which the
    /// tests rule out; names then compare by their folded form ([`fold`]).
    collator: Option<CollatorBorrowed<'static>>,
}

impl NameOrder {
    pub(crate) fn new() -> NameOrder {
        let mut prefs = CollatorPreferences::default();
        prefs.numeric_ordering = Some(CollationNumericOrdering::True);
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Primary);
        NameOrder { collator: CollatorBorrowed::try_new(prefs, options).ok() }
    }

    /// Appends the sort key of `name` to `out`: byte order of keys is the order of names.
    pub(crate) fn key(&self, name: &str, out: &mut Vec<u8>) {
        match &self.collator {
            Some(c) => match c.write_sort_key_to(name, out) {
                Ok(()) => {}
            },
            None => {
                let mut s = String::new();
                fold(name, &mut s);
                out.extend_from_slice(s.as_bytes());
            }
        }
    }

    /// The order of two names (the same as their keys'), for tests that check the sort.
    #[cfg(test)]
    pub(crate) fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        match &self.collator {
            Some(c) => c.compare(a, b),
            None => {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                self.key(a, &mut x);
                self.key(b, &mut y);
                x.cmp(&y)
            }
        }
    }

    /// The indexes `0..n` in the order of `name(i)`; equal names keep their order. Each name's
    /// sort key (about 1.5 µs) is computed once, into one buffer.
    pub(crate) fn sort<'a>(&self, n: usize, name: impl Fn(usize) -> &'a str) -> Vec<u32> {
        let mut keys = Vec::with_capacity(n * 32);
        // Key i is keys[ends[i]..ends[i + 1]].
        let mut ends = Vec::with_capacity(n + 1);
        ends.push(0);
        for i in 0..n {
            self.key(name(i), &mut keys);
            ends.push(keys.len());
        }
        let key = |i: u32| &keys[ends[i as usize]..ends[i as usize + 1]];
        let mut idx: Vec<u32> = (0..n as u32).collect();
        idx.sort_by(|&a, &b| key(a).cmp(key(b)));
        idx
    }
}

/// Lower case without accents (Unicode canonical decomposition, combining marks dropped):
/// "São Tomé" and "sao tome" fold alike.
pub(crate) fn fold(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
            out.extend(c.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = String::new();
        fold(s, &mut out);
        out
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(folded("São Tomé"), "sao tome");
        assert_eq!(folded("ÉCOLE Ünïon"), "ecole union");
        assert_eq!(folded("Green Rivers"), "green rivers");
        assert_eq!(folded("Ωμέγα"), "ωμεγα");
        assert_eq!(folded(""), "");
    }

    use std::cmp::Ordering;

    fn sorted(names: &[&'static str]) -> Vec<&'static str> {
        let order = NameOrder::new();
        order.sort(names.len(), |i| names[i]).into_iter().map(|i| names[i as usize]).collect()
    }

    #[test]
    fn the_collation_data_loads() {
        assert!(NameOrder::new().collator.is_some());
    }

    #[test]
    fn names_sort_as_readers_expect() {
        let names = [
            "Zürich Forum",
            "Москва Хельсинки",
            "Łódź Women's League",
            "Ørsted Watch",
            "Ωμέγα Institute",
            "straße der Rechte",
            "Lima Network",
            "Ostrava Union",
            "Alpha",
            "Émile Rights",
            "Strasse Eins",
            "المرصد العربي",
            "Madrid Uno",
            "Org 10",
            "Org 9",
            "Org 009b",
            "org 1",
        ];
        assert_eq!(
            sorted(&names),
            [
                "Alpha",
                "Émile Rights",
                "Lima Network",
                "Łódź Women's League",
                "Madrid Uno",
                "org 1",
                "Org 9",
                "Org 009b",
                "Org 10",
                "Ørsted Watch",
                "Ostrava Union",
                "straße der Rechte",
                "Strasse Eins",
                "Zürich Forum",
                "Ωμέγα Institute",
                "Москва Хельсинки",
                "المرصد العربي",
            ]
        );
    }

    #[test]
    fn case_and_accents_tie_and_ties_keep_their_order() {
        let names = ["b", "ÉCOLE", "école", "Ecole", "a"];
        assert_eq!(sorted(&names), ["a", "b", "ÉCOLE", "école", "Ecole"]);
        let order = NameOrder::new();
        assert_eq!(order.compare("Société", "SOCIETE"), Ordering::Equal);
        assert_eq!(order.compare("Org 9", "Org 10"), Ordering::Less);
    }

    #[test]
    fn keys_order_as_compare_does() {
        let order = NameOrder::new();
        let names = [
            "", " ", "a", "A b", "ab", "a-b", "a1", "a01", "a10", "ß", "ss", "ø", "o", "ŀl", "ǆ", "دب", "中文", "😀",
            "x\u{301}",
        ];
        for a in names {
            for b in names {
                let (mut x, mut y) = (Vec::new(), Vec::new());
                order.key(a, &mut x);
                order.key(b, &mut y);
                assert_eq!(x.cmp(&y), order.compare(a, b), "{a:?} against {b:?}");
            }
        }
    }
}
