//! The Unicode tables of verify.html's verifier (`crates/store/assets/verify/08-unicode-data.js`)
//! are exactly what `make-unicode-tables` generates from the Rust verifier's own tables (Unicode
//! 18.0.0, FORMAT.md §5): regenerating them changes no byte. (That the page's NFC computed from
//! them agrees with an independent implementation is `tests/browser/verifier.test.mjs`'s.)

#[path = "../examples/make-unicode-tables.rs"]
mod make_unicode_tables;

#[test]
fn the_pages_unicode_tables_are_the_rust_verifiers() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/assets/verify/08-unicode-data.js");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        on_disk == make_unicode_tables::generate(),
        "{} differs from what make-unicode-tables writes: run `make vectors`",
        path.display()
    );
}
