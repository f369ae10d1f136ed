//! "Every byte of meaning in a bundle is covered by a signature" (FORMAT.md §10.1), as a
//! property: in a valid bundle, change any string or integer anywhere, and the bundle no longer
//! parses or no longer verifies. And a round trip: writing a bundle and reading it back gives the
//! same bundle.

use proptest::prelude::*;
use proptest::sample::Index;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde_json::Value;
use undersigned_core::bundle::{self, Bundle, Entry};
use undersigned_core::canonical::to_jcs;
use undersigned_core::endorsement::{self, SignerDetails, SignerKind};
use undersigned_core::statement::{self, NewVersion, StatementVersion, Text};
use undersigned_core::{withdrawal, SecretKey};

const COUNTRIES: [&str; 8] = ["KE", "SN", "NG", "JO", "BR", "KH", "FR", "BD"];

fn version(id: &str, n: u64, lead: &SecretKey, title: &str) -> StatementVersion {
    let mut texts = vec![Text {
        language: "en".into(),
        title: title.into(),
        body: format!("We, the undersigned, support version {n} of this statement."),
    }];
    if n == 2 {
        texts.push(Text {
            language: "fr".into(),
            title: format!("{title} (fr)"),
            body: "Nous, soussignés, soutenons la version 2 de cette déclaration.".into(),
        });
    }
    statement::open(
        NewVersion {
            statement_id: id,
            version: n,
            texts,
            lead_name: "Coalition for Property Tests",
            opened_at: format!("2026-0{n}-01T09:00:00Z"),
            closes_on: (n == 1).then(|| "2026-12-31".to_string()),
        },
        lead,
    )
    .expect("a valid version")
}

/// A valid bundle: `n` entries (the last a withdrawal of one of the endorsements), one or two
/// statement versions, release 1 or release 2 (whose previous release covers a prefix).
fn build(seed: u64, n: usize, two_versions: bool, release_two: bool, names: &[String], title: &str) -> Bundle {
    assert!(n >= 3);
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let lead = SecretKey::generate(&mut rng);
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let id = hex::encode(id);
    let mut versions = vec![version(&id, 1, &lead, title)];
    if two_versions {
        versions.push(version(&id, 2, &lead, title));
    }
    let mut entries = Vec::new();
    let mut keys = Vec::new();
    for i in 0..n - 1 {
        let k = SecretKey::generate(&mut rng);
        let individual = i % 3 == 2;
        let details = SignerDetails {
            name: names[i % names.len()].clone(),
            kind: if individual { SignerKind::Individual } else { SignerKind::Organization },
            country: COUNTRIES[(seed as usize + i) % COUNTRIES.len()].into(),
            website: (i % 2 == 0).then(|| format!("https://signer-{i}.example")),
            title: individual.then(|| "Researcher".to_string()),
            affiliation: individual.then(|| "Institute of Rivers".to_string()),
        };
        let v = &versions[i % versions.len()];
        let e = endorsement::sign(&v.signed, &details, &k, format!("2026-07-{:02}T10:00:00Z", i + 1))
            .expect("a valid endorsement");
        entries.push(Entry::Endorsement(e));
        keys.push(k);
    }
    let target = (seed as usize) % (n - 1);
    let Entry::Endorsement(e) = &entries[target] else { unreachable!() };
    let w = withdrawal::sign(e, &keys[target], "2026-08-01T08:00:00Z".into()).expect("own endorsement");
    entries.push(Entry::Withdrawal(w));

    if release_two {
        let prefix = 1 + (seed as usize / 7) % (n - 1);
        let r1 =
            bundle::assemble(versions.clone(), entries[..prefix].to_vec(), None, "2026-08-02T12:00:00Z".into(), &lead);
        bundle::assemble(versions, entries, Some(&r1.release), "2026-08-03T12:00:00Z".into(), &lead)
    } else {
        bundle::assemble(versions, entries, None, "2026-08-02T12:00:00Z".into(), &lead)
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Item(usize),
}

/// Every string and integer leaf of a JSON value, with its path.
fn leaves(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::String(_) | Value::Number(_) => out.push(path.clone()),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(Step::Item(i));
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                path.push(Step::Key(k.clone()));
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Item(i) => &mut v[*i],
    })
}

fn show(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!(".{k}"),
            Step::Item(i) => format!("[{i}]"),
        })
        .collect()
}

/// Characters to append or substitute: ASCII, hex digits, white space, a precomposed and a
/// combining accent, a zero-width space.
const CHARS: [char; 8] = ['a', 'f', '0', 'Z', ' ', 'é', '\u{301}', '\u{200B}'];

fn names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[A-Z][a-zé]{1,8}( [A-Z][a-zàâçèêëîïôûü]{1,8}){0,3}", 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn changing_any_value_breaks_the_bundle(
        seed in any::<u64>(),
        n in 3usize..=6,
        two_versions in any::<bool>(),
        release_two in any::<bool>(),
        names in names(),
        leaf in any::<Index>(),
        append in any::<bool>(),
        position in any::<Index>(),
        ch in 0usize..CHARS.len(),
    ) {
        let b = build(seed, n, two_versions, release_two, &names, "Statement on property testing");
        let original = undersigned_core::bundle::verify(&b, None, &[7; 32]);
        prop_assert!(original.valid, "the unchanged bundle verifies: {:?}", original.errors);

        let mut v = serde_json::to_value(&b).expect("serializes");
        let mut all = Vec::new();
        leaves(&v, &mut Vec::new(), &mut all);
        let path = leaf.get(&all).clone();
        let target = at(&mut v, &path);
        let before = target.clone();
        match target {
            Value::String(s) => {
                let c = CHARS[ch];
                let chars: Vec<char> = s.chars().collect();
                if append || chars.is_empty() {
                    s.push(c);
                } else {
                    let i = position.index(chars.len());
                    let c = if chars[i] == c { if c == 'a' { 'b' } else { 'a' } } else { c };
                    *s = chars[..i].iter().chain(std::iter::once(&c)).chain(&chars[i + 1..]).collect();
                }
            }
            Value::Number(x) => {
                let n = x.as_u64().expect("every integer of the format is unsigned");
                *target = Value::from(n + 1);
            }
            _ => unreachable!(),
        }
        prop_assert_ne!(&before, at(&mut v, &path));
        let bytes = serde_json::to_vec(&v).expect("serializes");
        if let Ok(changed) = Bundle::parse(&bytes) {
            let report = undersigned_core::bundle::verify(&changed, None, &[7; 32]);
            prop_assert!(
                !report.valid,
                "changing {} from {} to {} went unnoticed",
                show(&path), before, at(&mut v, &path)
            );
        }
    }

    #[test]
    fn writing_and_reading_gives_the_same_bundle(
        seed in any::<u64>(),
        n in 3usize..=6,
        two_versions in any::<bool>(),
        release_two in any::<bool>(),
        names in names(),
        // Any text at all (control characters, quotes, escapes, astral planes): the round trip
        // does not depend on validity.
        wild in prop::collection::vec(any::<String>(), 3),
    ) {
        let mut b = build(seed, n, two_versions, release_two, &names, "Round trip");
        prop_assert_eq!(&Bundle::parse(&b.to_json()).expect("parses"), &b);

        b.statement_versions[0].signed.texts[0].body = wild[0].clone();
        b.statement_versions[0].signed.lead.name = wild[1].clone();
        if let Entry::Endorsement(e) = &mut b.entries[0] {
            e.signed.signer.name = wild[2].clone();
        }
        let json = b.to_json();
        let back = Bundle::parse(&json).expect("parses");
        prop_assert_eq!(&back, &b);
        prop_assert_eq!(back.to_json(), json);
        prop_assert_eq!(to_jcs(&back), to_jcs(&b));
    }
}
