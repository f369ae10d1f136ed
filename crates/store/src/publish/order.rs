//! The order of the lists on the page: names as readers expect them, countries by their names.

use crate::names::NameOrder;
use std::collections::HashMap;

/// See [`name_key`].
pub type NameKey = (Vec<u8>, String);

/// The sort key of a name: the order of names (`crate::names`: no case, no accents, numbers by
/// value, letters and scripts as readers expect), then the exact name, so that the page does not
/// depend on the order of the bundle's entries.
pub fn name_key(order: &NameOrder, name: &str) -> NameKey {
    let mut key = Vec::with_capacity(name.len() * 2);
    order.key(name, &mut key);
    (key, name.to_owned())
}

/// `items` grouped by their country's code, in the order of the countries' names as the page
/// shows them (`name`: "Åland Islands" before "Albania", "Switzerland" after "Sweden"); two
/// names that tie, by code. Each group keeps the items' order.
pub fn by_country<'a, T>(
    order: &NameOrder,
    items: impl IntoIterator<Item = T>,
    code: impl Fn(&T) -> &'a str,
    name: impl Fn(&'a str) -> &'a str,
) -> Vec<(&'a str, Vec<T>)> {
    let mut groups: HashMap<&str, Vec<T>> = HashMap::new();
    for item in items {
        groups.entry(code(&item)).or_default().push(item);
    }
    let mut groups: Vec<(NameKey, &str, Vec<T>)> =
        groups.into_iter().map(|(c, list)| (name_key(order, name(c)), c, list)).collect();
    groups.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    groups.into_iter().map(|(_, c, list)| (c, list)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::words::Lang;

    #[test]
    fn the_page_lists_names_as_readers_expect_whatever_the_entries_order() {
        let names = [
            "Zoe Banda",
            "émile Roux",
            "Łódź Women's League",
            "Emile Roux",
            "lima network",
            "Org 10",
            "Org 9",
            "Émile Roux",
        ];
        let order = NameOrder::new();
        let sorted = |mut v: Vec<&'static str>| {
            v.sort_by_cached_key(|n| name_key(&order, n));
            v
        };
        let want = [
            "Emile Roux",
            "Émile Roux",
            "émile Roux",
            "lima network",
            "Łódź Women's League",
            "Org 9",
            "Org 10",
            "Zoe Banda",
        ];
        assert_eq!(sorted(names.to_vec()), want);
        assert_eq!(sorted(names.iter().rev().copied().collect()), want);
    }

    #[test]
    fn countries_are_listed_in_the_order_of_their_names() {
        let order = NameOrder::new();
        // Sweden, Switzerland, Åland Islands, Albania, Germany, Tunisia, Türkiye, an unknown code.
        let codes = ["SE", "CH", "AX", "AL", "DE", "TN", "TR", "QZ", "CH", "AX"];
        let groups = by_country(&order, codes.iter().enumerate(), |(_, c)| **c, |c| Lang::En.country(c));
        let listed: Vec<&str> = groups.iter().map(|(c, _)| *c).collect();
        assert_eq!(listed, ["AX", "AL", "DE", "QZ", "SE", "CH", "TN", "TR"]);
        // Each group keeps the order it was given.
        let ch: Vec<usize> = groups[5].1.iter().map(|(i, _)| *i).collect();
        assert_eq!(ch, [1, 8]);
        // In French, by the French names: Albanie, Allemagne, Îles Åland, QZ, Suède, Suisse, Tunisie, Turquie.
        let groups = by_country(&order, codes.iter().enumerate(), |(_, c)| **c, |c| Lang::Fr.country(c));
        let listed: Vec<&str> = groups.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            listed,
            ["AL", "DE", "AX", "QZ", "SE", "CH", "TN", "TR"],
            "{:?}",
            listed.iter().map(|c| Lang::Fr.country(c)).collect::<Vec<_>>()
        );
    }
}
