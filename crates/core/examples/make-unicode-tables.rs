//! Writes the Unicode data of verify.html's verifier (FORMAT.md §5, "Unicode"):
//!
//! ```text
//! cargo run -p undersigned-core --example make-unicode-tables -- crates/store/assets/verify/08-unicode-data.js
//! ```
//!
//! The tables are those of Unicode 18.0.0 as the Rust verifier holds them (the crates
//! `unicode-normalization` and `unicode-properties`, whose version a test pins), so that the
//! page's verdict depends on neither the browser's own tables nor its version: the general
//! categories the field rules name, the canonical combining classes, the full canonical
//! decompositions and the primary composites of NFC. `make vectors` runs this, and
//! `tests/unicode_tables.rs` checks that regenerating changes no byte.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// The classes the field rules use, by the name the script knows them by.
fn class_of(c: char) -> Vec<&'static str> {
    let mut out = Vec::new();
    match c.general_category() {
        GeneralCategory::Control => out.push("Cc"),
        GeneralCategory::Format => out.push("Cf"),
        GeneralCategory::LineSeparator => out.push("Zl"),
        GeneralCategory::ParagraphSeparator => out.push("Zp"),
        GeneralCategory::PrivateUse => out.push("Co"),
        GeneralCategory::Unassigned => out.push("Cn"),
        _ => {}
    }
    match c.general_category_group() {
        GeneralCategoryGroup::Letter => out.push("L"),
        GeneralCategoryGroup::Mark => out.push("M"),
        _ => {}
    }
    out
}

/// Base-36, the shortest way to write the numbers in a script without a decoder of its own.
fn b36(mut n: u32) -> String {
    const D: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut v = Vec::new();
    while n > 0 {
        v.push(D[(n % 36) as usize]);
        n /= 36;
    }
    v.reverse();
    String::from_utf8(v).unwrap_or_default()
}

fn is_hangul_syllable(c: u32) -> bool {
    (0xAC00..0xAC00 + 11172).contains(&c)
}

/// Ranges as "start-delta,length" pairs separated by spaces (start-delta from the end of the
/// previous range), base-36.
fn ranges(points: &[u32]) -> String {
    let mut out = String::new();
    let mut prev_end = 0u32;
    let mut i = 0;
    while i < points.len() {
        let start = points[i];
        let mut end = start;
        while i + 1 < points.len() && points[i + 1] == end + 1 {
            i += 1;
            end += 1;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", b36(start - prev_end), b36(end - start + 1));
        prev_end = end + 1;
        i += 1;
    }
    out
}

fn chars() -> impl Iterator<Item = char> {
    (0u32..=0x10FFFF).filter_map(char::from_u32)
}

pub fn generate() -> String {
    // Categories.
    let mut classes: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for c in chars() {
        for k in class_of(c) {
            classes.entry(k).or_default().push(c as u32);
        }
    }
    // Canonical combining classes: runs of one class.
    let mut ccc = String::new();
    let mut prev_end = 0u32;
    let mut run: Option<(u32, u32, u8)> = None;
    let flush = |run: Option<(u32, u32, u8)>, ccc: &mut String, prev_end: &mut u32| {
        if let Some((s, e, k)) = run {
            if !ccc.is_empty() {
                ccc.push(' ');
            }
            let _ = write!(ccc, "{},{},{}", b36(s - *prev_end), b36(e - s + 1), b36(u32::from(k)));
            *prev_end = e + 1;
        }
    };
    for c in chars() {
        let k = canonical_combining_class(c);
        let cp = c as u32;
        run = match run {
            Some((s, e, rk)) if k == rk && k != 0 && e + 1 == cp => Some((s, cp, rk)),
            r => {
                flush(r, &mut ccc, &mut prev_end);
                (k != 0).then_some((cp, cp, k))
            }
        };
    }
    flush(run, &mut ccc, &mut prev_end);

    // Full canonical decompositions (Hangul syllables are the script's, by the algorithm).
    let mut decomposition: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for c in chars() {
        if is_hangul_syllable(c as u32) {
            continue;
        }
        let mut d = Vec::new();
        decompose_canonical(c, |x| d.push(x as u32));
        if d != [c as u32] {
            decomposition.insert(c as u32, d);
        }
    }
    // Primary composites: c whose decomposition is (a's, then b) and that `compose(a, b)` gives.
    let mut by_full: HashMap<Vec<u32>, Vec<u32>> = HashMap::new();
    for c in chars() {
        let mut d = Vec::new();
        decompose_canonical(c, |x| d.push(x as u32));
        by_full.entry(d).or_default().push(c as u32);
    }
    let mut pairs: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for (&c, d) in &decomposition {
        let Some((&b, prefix)) = d.split_last() else { continue };
        for &a in by_full.get(prefix).map(Vec::as_slice).unwrap_or_default() {
            let (Some(ac), Some(bc)) = (char::from_u32(a), char::from_u32(b)) else { continue };
            if compose(ac, bc).map(|x| x as u32) == Some(c) {
                pairs.insert((a, b), c);
            }
        }
    }

    let mut js = String::new();
    js.push_str(
        "  // ---------------------------------------------------------------------------------------------\n  \
         // Unicode 18.0.0 data for the field rules and NFC (FORMAT.md §5): generated by\n  \
         // `cargo run -p undersigned-core --example make-unicode-tables` (`make vectors`) from the\n  \
         // tables of the Rust verifier; do not edit. Numbers are base 36; ranges are \"gap,length\".\n  \
         // ---------------------------------------------------------------------------------------------\n\n",
    );
    js.push_str("  const UNICODE_DATA = {\n    version: '18.0.0',\n    classes: {\n");
    for (k, v) in &classes {
        let _ = writeln!(js, "      {k}: '{}',", ranges(v));
    }
    js.push_str("    },\n");
    let _ = writeln!(js, "    ccc: '{ccc}',");
    let mut dec = String::new();
    let mut prev = 0u32;
    for (c, d) in &decomposition {
        if !dec.is_empty() {
            dec.push(' ');
        }
        let parts: Vec<String> = d.iter().map(|&x| b36(x)).collect();
        let _ = write!(dec, "{}:{}", b36(c - prev), parts.join(","));
        prev = *c;
    }
    let _ = writeln!(js, "    decompositions: '{dec}',");
    let mut comp = String::new();
    for ((a, b), c) in &pairs {
        if !comp.is_empty() {
            comp.push(' ');
        }
        let _ = write!(comp, "{},{},{}", b36(*a), b36(*b), b36(*c));
    }
    let _ = writeln!(js, "    compositions: '{comp}',");
    js.push_str("  };\n");
    js
}

#[allow(dead_code)] // unused when the test includes this file as a module
fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "crates/store/assets/verify/08-unicode-data.js".into());
    if let Err(e) = std::fs::write(&path, generate()) {
        eprintln!("make-unicode-tables: cannot write {path}: {e}");
        std::process::exit(2);
    }
    println!("make-unicode-tables: wrote {path}");
}
