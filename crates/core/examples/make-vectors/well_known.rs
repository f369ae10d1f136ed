//! Well-known files (FORMAT.md §14.7, format 1.1): what a member serves on its website to show
//! that it holds its key, and each of its rules broken once.

use serde_json::{json, Value};
use undersigned_core::canonical::pretty;
use undersigned_core::well_known::WellKnown;

use super::fixtures::Fixtures;
use super::gen::Gen;

const KIND: &str = "well-known";

impl Gen {
    pub(super) fn well_known_files(&mut self, f: &Fixtures) {
        let green = hex::encode(f.k_green.public_key().0);
        let other = hex::encode(f.k_other.public_key().0);
        let valid = WellKnown::new(&f.d_green.name, vec![green.clone(), other.clone()], vec![f.id_a.clone()]);
        self.vector(
            "well-known.json",
            KIND,
            valid.to_json(),
            &[],
            "(§14.7) The well-known file of Green Rivers Alliance: its two keys, for statement A only.",
        );
        self.vector(
            "well-known-every-statement.json",
            KIND,
            WellKnown::new(&f.d_green.name, vec![green.clone()], vec![]).to_json(),
            &[],
            "(§14.7) A well-known file without `statements`: it speaks for every statement.",
        );
        let base: Value = serde_json::from_slice(&valid.to_json()).expect("JSON");
        type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value), &'static str, &'a str);
        let cases: [Edit; 9] = [
            ("well-known-no-key.json", &|v| v["keys"] = json!([]), "field-invalid", "(§14.7) No key."),
            (
                "well-known-nine-keys.json",
                &|v| v["keys"] = json!((0..9).map(|i| format!("{i:02x}").repeat(32)).collect::<Vec<_>>()),
                "field-invalid",
                "(§14.7) Nine keys, one more than eight.",
            ),
            (
                "well-known-key-twice.json",
                &|v| v["keys"] = json!([green, green]),
                "field-invalid",
                "(§14.7) One key listed twice.",
            ),
            (
                "well-known-key-upper-case.json",
                &|v| v["keys"] = json!([green.to_uppercase()]),
                "field-invalid",
                "(§14.7, §1) A key in upper-case hex.",
            ),
            (
                "well-known-statement-twice.json",
                &|v| v["statements"] = json!([f.id_a, f.id_a]),
                "field-invalid",
                "(§14.7) One statement id listed twice.",
            ),
            (
                "well-known-name-control.json",
                &|v| v["name"] = json!("Green Rivers\u{7}Alliance"),
                "field-invalid",
                "(§14.7, §5) A name with a control character.",
            ),
            (
                "well-known-format-1.json",
                &|v| v["format"] = json!("undersigned/1"),
                "unsupported-format",
                "(§14.3) A well-known file marked \"format\": \"undersigned/1\": format 1 has none.",
            ),
            (
                "well-known-unknown-member.json",
                &|v| v["website"] = json!("https://greenrivers.example"),
                "malformed",
                "(§14.3) A well-known file with a member §14.7 does not define.",
            ),
            (
                "well-known-statements-empty.json",
                &|v| v["statements"] = json!([]),
                "field-invalid",
                "(§14.7) An empty `statements` (absent means every statement; present, 1 to 1,000).",
            ),
        ];
        for (file, edit, code, description) in cases {
            let mut v = base.clone();
            edit(&mut v);
            self.vector(file, KIND, pretty(&v), &[code], description);
        }
    }
}
