//! ISO 3166-1 alpha-2 country codes (FORMAT.md §5).

use crate::country_list::COUNTRIES;

/// The English short name of an officially assigned code, or `None` if the code is not one.
pub fn name(code: &str) -> Option<&'static str> {
    COUNTRIES.binary_search_by(|(c, _)| (*c).cmp(code)).ok().map(|i| COUNTRIES[i].1)
}

/// Every code with its name, sorted by code.
pub fn all() -> &'static [(&'static str, &'static str)] {
    COUNTRIES
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_is_sorted_complete_and_unique() {
        let all = super::all();
        assert_eq!(all.len(), 249);
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(all.iter().all(|(c, n)| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) && !n.is_empty()));
        assert_eq!(super::name("KE"), Some("Kenya"));
        assert_eq!(super::name("XK"), None);
    }
}
