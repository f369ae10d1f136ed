//! The generator: the files written, the lines of `index.json`, the order of the families,
//! and README.md.

use super::fixtures::Fixtures;
use super::Vector;

#[derive(Default)]
pub(super) struct Gen {
    pub(super) files: Vec<(String, Vec<u8>)>,
    pub(super) index: Vec<Vector>,
}

impl Gen {
    pub(super) fn file(&mut self, name: &str, bytes: Vec<u8>) {
        assert!(!self.files.iter().any(|(n, _)| n == name), "{name} written twice");
        self.files.push((name.into(), bytes));
    }

    pub(super) fn list(
        &mut self,
        file: &str,
        kind: &'static str,
        previous: Option<&str>,
        codes: &[&'static str],
        description: &str,
    ) {
        let mut codes = codes.to_vec();
        codes.sort_unstable();
        codes.dedup();
        self.index.push(Vector {
            file: file.into(),
            kind,
            previous: previous.map(Into::into),
            description: description.into(),
            valid: codes.is_empty(),
            codes,
            tiers: None,
            vouchers: None,
        });
    }

    /// Gives the last vector listed its expected tiers and vouchers, one letter or digit per
    /// entry: `W` website, `A` attested, `S` self-declared, `.` none; a digit is a hidden entry's
    /// number of vouchers.
    pub(super) fn tiers(&mut self, tiers: &str, vouchers: &str) {
        assert_eq!(tiers.len(), vouchers.len(), "one letter and one digit per entry");
        let v = self.index.last_mut().expect("a vector listed");
        v.tiers = Some(
            tiers
                .chars()
                .map(|c| match c {
                    'W' => Some("website"),
                    'A' => Some("attested"),
                    'S' => Some("self-declared"),
                    _ => None,
                })
                .collect(),
        );
        v.vouchers = Some(vouchers.chars().map(|c| c.to_digit(10).map(u64::from)).collect());
    }

    /// Writes a file and lists it.
    pub(super) fn vector(
        &mut self,
        file: &str,
        kind: &'static str,
        bytes: Vec<u8>,
        codes: &[&'static str],
        description: &str,
    ) {
        self.file(file, bytes);
        self.list(file, kind, None, codes, description);
    }

    /// Every vector, in the order of `index.json` and README.md.
    pub(super) fn build(&mut self) {
        let f = Fixtures::new();
        self.valid_files(&f);
        self.valid_releases(&f);
        self.unreadable_files(&f);
        self.tampered(&f);
        self.keys_and_signatures(&f);
        self.statements(&f);
        self.signer_fields(&f);
        self.log_duplicates(&f);
        self.log_withdrawals(&f);
        self.release_vs_log(&f);
        self.previous_releases(&f);
        self.nested_formats(&f);
        self.version_numbers(&f);
        self.log_order(&f);
        self.compared_hex(&f);
        self.unicode_classes(&f);
        self.small_field_rules(&f);
        self.texts_rules(&f);
        self.time_order(&f);
        self.versions_across_releases(&f);
        self.reading_order(&f);
        self.equivocation_proofs(&f);
        self.invitations_1_1(&f);
        self.well_known_files(&f);
        self.bundles_1_1(&f);
    }
}

/// The sections of FORMAT.md whose rules decide a vector's verdict: those owning its codes, or
/// those defining its kind (and §10.3 with a previous release).
fn rules(v: &Vector) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if v.kind == "equivocation-proof" {
        // Format 1.1: its reading order, the note and checkpoint forms, and the proof's checks.
        let mut own = vec!["§14.13"];
        if v.codes.iter().any(|c| *c == "malformed" || *c == "unsupported-format") {
            own.push("§14.3");
        }
        if v.codes.iter().any(|c| *c == "field-invalid" || *c == "signature-invalid") {
            own.push("§14.8");
        }
        return own;
    }
    if v.kind == "well-known" {
        return if v.codes.iter().any(|c| *c == "malformed" || *c == "unsupported-format") {
            vec!["§14.3", "§14.7"]
        } else {
            vec!["§14.7"]
        };
    }
    if v.kind == "invitation" && v.file.contains("-1-1") {
        // Format 1.1's versions: their rules, and the reading order or the signature rule.
        let mut own = vec!["§14.4"];
        if v.codes.iter().any(|c| *c == "malformed" || *c == "unsupported-format") {
            own.push("§14.3");
        }
        if v.codes.iter().any(|c| *c == "key-invalid" || *c == "signature-invalid") {
            own.push("§3.2");
        }
        return own;
    }
    if v.kind == "bundle" && v.file.starts_with("bundle-1-1") {
        // Format 1.1's bundles: the sections of §14 that own each code, or §14.10 (and §14.11).
        for code in &v.codes {
            out.extend(match *code {
                "malformed" | "unsupported-format" => &["§14.3"][..],
                "evidence-invalid" | "attestation-invalid" => &["§14.7", "§14.10 (19–21)"],
                "checkpoint-mismatch" | "cosignature-invalid" | "quorum-not-met" => &["§14.8"],
                "commitment-mismatch" | "vouch-invalid" | "reveal-unmatched" | "reveal-duplicate" => {
                    &["§14.9", "§14.10 (12–13)"]
                }
                "field-invalid" | "signature-invalid" if v.file.contains("checkpoint") => &["§14.8"],
                "key-invalid" | "signature-invalid" => &["§3.2"],
                "counts-mismatch" => &["§14.5", "§14.10 (6)"],
                "time-order" => &["§14.7", "§14.10 (20)"],
                _ => &["§14.10"],
            });
        }
        if v.valid {
            out.push("§14.10");
        }
        if v.previous.is_some() {
            out.push("§14.11");
        }
        out.sort_unstable();
        out.dedup();
        return out;
    }
    for code in &v.codes {
        let owners: &[&'static str] = match *code {
            "malformed" | "unsupported-format" => &["§1"],
            "too-large" => &["§10.4"],
            "field-invalid" => &["§1", "§5"],
            "key-invalid" | "signature-invalid" => &["§3.2"],
            "digest-mismatch" => &["§6"],
            "statement-mismatch" => &["§10.2 (1, 3, 8, 11)"],
            "version-invalid" => &["§10.2 (1, 3)"],
            "log-mismatch" => &["§10.2 (4)"],
            "counts-mismatch" => &["§9", "§10.2 (6)"],
            "duplicate-entry" => &["§10.2 (9)"],
            "duplicate-signer" => &["§10.2 (10)"],
            "withdrawal-unmatched" | "withdrawal-wrong-key" | "withdrawal-duplicate" => &["§10.2 (11)"],
            "time-order" => &["§9"],
            "previous-mismatch" | "previous-invalid" => &["§10.3"],
            _ => &["§13"],
        };
        out.extend(owners);
    }
    if v.valid {
        out.push(match v.kind {
            "invitation" => "§6",
            "endorsement" => "§7",
            "withdrawal" => "§8",
            _ => "§10.2",
        });
        if v.previous.is_some() {
            out.push("§10.3");
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

pub(super) fn readme(index: &[Vector]) -> String {
    let mut s = String::from(
        "# Undersigned test vectors\n\
         \n\
         Generated by `cargo run -p undersigned-core --example make-vectors -- docs/vectors` \
         (`crates/core/examples/make-vectors/`) from fixed seeds and fixed timestamps; do not edit \
         by hand. `cargo test -p undersigned-core --test vectors` checks that every vector verifies as \
         listed and that regenerating them changes no byte.\n\
         \n\
         ## Using them\n\
         \n\
         `index.json` is a list of objects:\n\
         \n\
         - `file`: the artefact, in this folder;\n\
         - `kind`: what to read it as: `bundle` (of format 1 or, for `bundle-1-1*`, 1.1: a \
         verifier reads each by its own `format`, FORMAT.md §14.3), `endorsement`, `withdrawal`, \
         `invitation` (of format 1 or, for `invitation-1-1*`, 1.1), and of format 1.1 \
         `equivocation-proof` (FORMAT.md §14.13) or `well-known` (§14.7);\n\
         - `previous` (bundles only, optional): the previous release's bundle, to verify the file \
         against (FORMAT.md §10.3);\n\
         - `description`: what the vector is about;\n\
         - `valid`: the expected verdict;\n\
         - `codes`: the expected set of error codes (FORMAT.md §13), sorted, without repeats; empty \
         when `valid` is true;\n\
         - `tiers` and `vouchers` (1.1 bundles about tiers, optional): one item per entry in log \
         order, the entry's tier (`website`, `attested`, `self-declared`; FORMAT.md §14.7) or null, \
         and a hidden entry's number of vouchers (§14.9) or null. A verifier computes them besides \
         the verdict and must compute the same.\n\
         \n\
         A conforming verifier reads each `file` as its `kind` (with `previous` when given), verifies \
         it under docs/FORMAT.md, and must give the same verdict and exactly the same set of codes \
         (how often a code occurs, the messages and the places are free). A file may appear more than \
         once with different `previous` files. Verifying an endorsement, a withdrawal or an invitation \
         here means verifying it alone (field rules, digest, signature), not against a bundle.\n\
         \n\
         Files are pretty-printed JSON as Undersigned writes them, except the deliberately broken \
         ones, whose raw bytes are the point (a duplicate member, a byte order mark, padding).\n\
         \n\
         Keys are Ed25519 keys generated from ChaCha20 seeded with SHA-256(\"undersigned/vectors/\" || \
         label); signatures are deterministic (RFC 8032), so the same inputs give the same bytes.\n\
         \n\
         One signature check gives one code: the key is checked first (FORMAT.md §3.2 (2), \
         `key-invalid`), and a signature under an invalid key is not checked further; then s < L, R, \
         and the equation (`signature-invalid`).\n\
         \n\
         On the counts of a release (FORMAT.md §9): an endorsement counts as withdrawn only when a \
         withdrawal withdraws it (one with no failure at all, naming the first occurrence of the id); \
         the vectors with an invalid withdrawal carry counts computed that way, so that the \
         withdrawal's own code is the only failure.\n\
         \n\
         Vectors whose description begins \"(§…, 2026-12-04)\" pin the amendments of that date \
         (FORMAT.md, \"Amendments to version 1\"): each names the section of the rule it pins. The \
         column \"rules\" names, for every vector, the sections of FORMAT.md whose rules decide its \
         verdict: those that own each expected code (FORMAT.md §13), or for a valid vector those \
         that define its kind.\n\
         \n\
         ## The vectors\n\
         \n\
         | file | kind | previous | expected | rules | description |\n\
         |------|------|----------|----------|-------|-------------|\n",
    );
    for v in index {
        let expected = if v.valid { "valid".to_string() } else { v.codes.join(", ") };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            v.file,
            v.kind,
            v.previous.as_deref().map(|p| format!("`{p}`")).unwrap_or_default(),
            expected,
            rules(v).join(", "),
            v.description.replace('|', "\\|"),
        ));
    }
    s
}
