//! The bundle 1.1 (FORMAT.md §14.6): statement versions of either format, the release 1.1, the
//! checkpoint as a C2SP signed note, the lead's attestations, and a log of five entry kinds; read
//! in the order of §14.3. Its verification is `verify11.rs`.

pub use crate::any_version::AnyVersion;
use crate::attestation::{self, Attestation};
use crate::canonical::{parse_strict_probing, to_jcs};
use crate::endorsement::{self, Endorsement};
use crate::error::{Code, ParseError};
use crate::hidden::{self, Hidden, Reveal, Vouch};
use crate::merkle::leaf_hash;
use crate::release11::{self, Release};
use crate::release_checks::VersionView;
use crate::statement;
use crate::withdrawal::{self, Withdrawal};
use crate::{bundle, FORMAT, FORMAT_1_1};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Over a whole bundle, the most attestations (§14.12), and of those with method `website`.
pub const MAX_ATTESTATIONS: usize = 1 << 20;
pub const MAX_WEBSITE_ATTESTATIONS: usize = 1 << 17;

/// One entry of a 1.1 log (§14.3, step 5): exactly one member, naming its kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    #[serde(rename = "endorsement")]
    Endorsement(Endorsement),
    #[serde(rename = "withdrawal")]
    Withdrawal(Withdrawal),
    #[serde(rename = "hidden")]
    Hidden(Hidden),
    #[serde(rename = "vouch")]
    Vouch(Vouch),
    #[serde(rename = "reveal")]
    Reveal(Reveal),
}

impl Entry {
    /// The entry id (§14.2): `SHA-256(0x00 || JCS(entry))`, the entry with its tag.
    pub fn id(&self) -> [u8; 32] {
        match self {
            Entry::Endorsement(e) => e.id(),
            Entry::Withdrawal(w) => w.id(),
            other => leaf_hash(&to_jcs(other)),
        }
    }

    /// The tag of the entry (`endorsement`, `withdrawal`, `hidden`, `vouch`, `reveal`).
    pub fn tag(&self) -> &'static str {
        match self {
            Entry::Endorsement(_) => "endorsement",
            Entry::Withdrawal(_) => "withdrawal",
            Entry::Hidden(_) => "hidden",
            Entry::Vouch(_) => "vouch",
            Entry::Reveal(_) => "reveal",
        }
    }

    /// The format a place allows (§14.3, step 4), the format it has, its type and the type the
    /// place requires (step 6).
    fn formats(&self) -> (&'static str, &str, &str, &'static str) {
        match self {
            Entry::Endorsement(e) => (FORMAT, &e.signed.format, &e.signed.kind, endorsement::TYPE),
            Entry::Withdrawal(w) => (FORMAT, &w.signed.format, &w.signed.kind, withdrawal::TYPE),
            Entry::Hidden(h) => (FORMAT_1_1, &h.signed.format, &h.signed.kind, hidden::HIDDEN_TYPE),
            Entry::Vouch(v) => (FORMAT_1_1, &v.signed.format, &v.signed.kind, hidden::VOUCH_TYPE),
            Entry::Reveal(r) => (FORMAT_1_1, &r.signed.format, &r.signed.kind, hidden::REVEAL_TYPE),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement_versions: Vec<AnyVersion>,
    pub release: Release,
    pub checkpoint: String,
    pub evidence: Vec<Attestation>,
    pub entries: Vec<Entry>,
}

impl Bundle {
    /// Reads a bundle 1.1 in the order of §14.3: its size, JSON, its own format, the formats of
    /// the objects in it, their members, their types, and the bundle-wide limits.
    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let b: Bundle = parse_strict_probing(bytes, bundle::MAX_BYTES as usize, "bundle", (probe, FORMAT_1_1))?;
        if b.format != FORMAT_1_1 {
            return Err(unsupported(format!("this bundle is in format {:?}, not undersigned/1.1", b.format)));
        }
        // Step 4: the format of each object at its place.
        let mut places: Vec<(String, &str, &[&str])> = Vec::new();
        for (i, v) in b.statement_versions.iter().enumerate() {
            places.push((format!("statement_versions[{i}]"), v.format(), &[FORMAT, FORMAT_1_1]));
        }
        places.push(("release".into(), &b.release.signed.format, &[FORMAT_1_1]));
        for (i, a) in b.evidence.iter().enumerate() {
            places.push((format!("evidence[{i}]"), &a.signed.format, &[FORMAT_1_1]));
        }
        for (place, format, allowed) in &places {
            if !allowed.contains(format) {
                return Err(unsupported(format!(
                    "{place} is in format {format:?}, which a bundle 1.1 does not allow there"
                )));
            }
        }
        for (i, e) in b.entries.iter().enumerate() {
            let (allowed, format, _, _) = e.formats();
            if format != allowed {
                return Err(unsupported(format!(
                    "entries[{i}], a {}, is in format {format:?}, not {allowed}",
                    e.tag()
                )));
            }
        }
        // Step 6: types.
        if b.kind != bundle::TYPE {
            return Err(unsupported(format!("this is a {:?}, not a bundle", b.kind)));
        }
        for (i, v) in b.statement_versions.iter().enumerate() {
            if v.kind() != statement::TYPE {
                return Err(unsupported(format!(
                    "statement_versions[{i}] is a {:?}, not a statement version",
                    v.kind()
                )));
            }
        }
        if b.release.signed.kind != crate::release::TYPE {
            return Err(unsupported(format!("the release is a {:?}, not a release", b.release.signed.kind)));
        }
        for (i, a) in b.evidence.iter().enumerate() {
            if a.signed.kind != attestation::TYPE {
                return Err(unsupported(format!("evidence[{i}] is a {:?}, not an attestation", a.signed.kind)));
            }
        }
        for (i, e) in b.entries.iter().enumerate() {
            let (_, _, kind, expected) = e.formats();
            if kind != expected {
                return Err(unsupported(format!("entries[{i}] is a {kind:?}, not a {expected}")));
            }
        }
        // Step 7: the evidence a verifier must hold.
        let websites = b.evidence.iter().filter(|a| a.signed.method == "website").count();
        if b.evidence.len() > MAX_ATTESTATIONS || websites > MAX_WEBSITE_ATTESTATIONS {
            return Err(ParseError::new(
                Code::TooLarge,
                format!(
                    "this bundle carries {} attestations ({websites} of a website), more than the {MAX_ATTESTATIONS} \
                     ({MAX_WEBSITE_ATTESTATIONS}) allowed",
                    b.evidence.len()
                ),
            ));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

/// One entry of a bundle's log, read from its raw JSON as [`Bundle::parse`] reads it in the
/// whole document, and passing steps 4 and 6 at its place; None otherwise. When the bundle
/// without its entries reads and each entry reads here, the whole document reads to the same
/// value: serde reads an entry alone as it reads it inside the list, and every type of an entry
/// refuses unknown members, so an entry that reads is never too deep to read two levels down.
/// Any other case is left to [`Bundle::parse`] of the whole, for its verdict.
pub fn read_entry(raw: &[u8]) -> Option<Entry> {
    let e: Entry = serde_json::from_slice(raw).ok()?;
    let (allowed, format, kind, expected) = e.formats();
    (format == allowed && kind == expected).then_some(e)
}

fn unsupported(m: String) -> ParseError {
    ParseError::new(Code::UnsupportedFormat, m)
}

/// When the strict parse of a bundle 1.1 fails: a format it claims that this reader does not
/// read there (§14.3 steps 3–4), so that the bundle is `unsupported-format` rather than
/// `malformed`. Its own format; that of each object at a place of step 4's table; any other
/// format, unless format 1's or 1.1's.
fn probe(bytes: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(bytes).ok()?;
    let wrong = |f: Option<&Value>, allowed: &[&str]| {
        f.and_then(Value::as_str).filter(|f| !allowed.contains(f)).map(str::to_owned)
    };
    let signed_format = |x: &Value| x.get("signed").and_then(|s| s.get("format")).cloned();
    if let Some(f) = wrong(v.get("format"), &[FORMAT_1_1]) {
        return Some(f);
    }
    let list = |name: &str| v.get(name).and_then(Value::as_array).cloned().unwrap_or_default();
    for x in list("statement_versions") {
        if let Some(f) = wrong(signed_format(&x).as_ref(), &[FORMAT, FORMAT_1_1]) {
            return Some(f);
        }
    }
    if let Some(r) = v.get("release") {
        if let Some(f) = wrong(signed_format(r).as_ref(), &[FORMAT_1_1]) {
            return Some(f);
        }
    }
    for x in list("evidence") {
        if let Some(f) = wrong(signed_format(&x).as_ref(), &[FORMAT_1_1]) {
            return Some(f);
        }
    }
    for e in list("entries") {
        let Some(o) = e.as_object() else { continue };
        for (tag, allowed) in [
            ("endorsement", FORMAT),
            ("withdrawal", FORMAT),
            ("hidden", FORMAT_1_1),
            ("vouch", FORMAT_1_1),
            ("reveal", FORMAT_1_1),
        ] {
            if let Some(f) = o.get(tag).and_then(|x| wrong(signed_format(x).as_ref(), &[allowed])) {
                return Some(f);
            }
        }
    }
    crate::canonical::foreign_in_by(&v, &|f| f == FORMAT || f == FORMAT_1_1)
}

pub use release11::evidence_digest;

/// The counts (§14.5) and the log head of a list of entries, as a lead states them: every
/// withdrawal withdraws and every reveal reveals the entry it names when that entry is earlier
/// and of its kind (what the verifier computes for a valid log, §14.10).
pub fn summarize(entries: &[Entry]) -> (release11::Counts, crate::release::LogHead) {
    let ids: Vec<[u8; 32]> = entries.iter().map(Entry::id).collect();
    let mut tree = crate::merkle::Tree::new();
    let mut position = std::collections::HashMap::new();
    let mut withdrawn = vec![false; entries.len()];
    let mut revealed = vec![false; entries.len()];
    let mut c = release11::Counts::default();
    for (i, e) in entries.iter().enumerate() {
        tree.push(ids[i]);
        position.entry(ids[i]).or_insert(i);
        let named = |id: &str| crate::canonical::hex_array::<32>(id).and_then(|id| position.get(&id).copied());
        match e {
            Entry::Endorsement(_) => c.endorsements += 1,
            Entry::Hidden(_) => c.hidden += 1,
            Entry::Vouch(_) => c.vouches += 1,
            Entry::Withdrawal(w) => {
                c.withdrawals += 1;
                if let Some(j) = named(&w.signed.endorsement).filter(|&j| j < i) {
                    withdrawn[j] = matches!(entries[j], Entry::Endorsement(_) | Entry::Hidden(_));
                }
            }
            Entry::Reveal(r) => {
                c.reveals += 1;
                if let Some(j) = named(&r.signed.hidden).filter(|&j| j < i) {
                    revealed[j] = matches!(entries[j], Entry::Hidden(_));
                }
            }
        }
    }
    for (i, e) in entries.iter().enumerate() {
        match e {
            Entry::Endorsement(_) => c.withdrawn += u64::from(withdrawn[i]),
            Entry::Hidden(_) => {
                c.hidden_withdrawn += u64::from(withdrawn[i]);
                c.revealed += u64::from(revealed[i] && !withdrawn[i]);
            }
            _ => {}
        }
    }
    (c.with_totals(), crate::release::LogHead { size: tree.size(), root: hex::encode(tree.root()) })
}

/// What a lead puts in a release 1.1 (the counts, log and evidence digest are computed).
pub struct NewBundle {
    pub versions: Vec<AnyVersion>,
    pub entries: Vec<Entry>,
    pub evidence: Vec<Attestation>,
    /// The previous release, of either format: its number, release id and log.
    pub previous: Option<crate::release::Previous>,
    pub issued_at: String,
}

/// Assembles and signs a bundle 1.1: the release (§14.5) and the checkpoint with the lead's
/// line (§14.8); witnesses' lines are added with [`Bundle::cosign`].
pub fn assemble(new: NewBundle, lead: &crate::ed25519::SecretKey) -> Bundle {
    let (counts, log) = summarize(&new.entries);
    let statement_id = new.versions.first().map(|v| v.common().statement_id.to_owned()).unwrap_or_default();
    let release = release11::sign(
        release11::NewRelease {
            statement_id,
            number: new.previous.as_ref().map_or(1, |p| p.number + 1),
            issued_at: new.issued_at,
            versions: new
                .versions
                .iter()
                .map(|v| crate::release::VersionDigest {
                    version: v.common().version,
                    digest: v.common().digest.to_owned(),
                })
                .collect(),
            log,
            previous: new.previous,
            counts,
            evidence: hex::encode(release11::evidence_digest(&new.evidence)),
        },
        lead,
    );
    let mut b = Bundle {
        format: FORMAT_1_1.into(),
        kind: bundle::TYPE.into(),
        statement_versions: new.versions,
        release,
        checkpoint: String::new(),
        evidence: new.evidence,
        entries: new.entries,
    };
    b.checkpoint = b.lead_note(lead);
    b
}

impl Bundle {
    /// The checkpoint text of the release (§14.8).
    pub fn checkpoint_text(&self) -> String {
        let r = &self.release.signed;
        let root = crate::canonical::hex_array::<32>(&r.log.root).unwrap_or_default();
        crate::checkpoint::text(&self.origin(), r.log.size, &root)
    }

    /// The log's origin (§14.8).
    pub fn origin(&self) -> String {
        crate::checkpoint::origin(&self.release.signed.lead_key, &self.release.signed.statement_id)
    }

    /// The checkpoint note with the lead's line alone.
    pub fn lead_note(&self, lead: &crate::ed25519::SecretKey) -> String {
        let text = self.checkpoint_text();
        let line = crate::checkpoint::lead_line(&self.origin(), &text, lead);
        format!("{text}\n{line}")
    }

    /// The body of the `add-checkpoint` request (`tlog-witness.md`, §14.13) for this release,
    /// from `old`, the size of the last checkpoint the witness co-signed for this statement (0
    /// the first time): the consistency proof from it, made from the bundle's own entries, and
    /// the checkpoint with the lead's lines alone. None when `old` is larger than the log.
    /// What the lead sends a witness, and what a witness handed the bundle itself makes.
    pub fn cosignature_request(&self, old: u64) -> Option<String> {
        let size = self.release.signed.log.size;
        if old > size {
            return None;
        }
        let leaves: Vec<[u8; 32]> = self.entries.iter().map(Entry::id).collect();
        let proof =
            if old == 0 { Vec::new() } else { crate::consistency::prove(&leaves, old as usize).unwrap_or_default() };
        let origin = self.origin();
        let lead_lines: String = self
            .checkpoint
            .lines()
            .filter(|l| l.strip_prefix("— ").and_then(|r| r.split_once(' ')).is_some_and(|(name, _)| name == origin))
            .map(|l| format!("{l}\n"))
            .collect();
        let note = format!("{}\n{lead_lines}", self.checkpoint_text());
        Some(crate::witness::request(old, &proof, &note))
    }

    /// Appends a witness's `cosignature/v1` line at `timestamp` to the checkpoint.
    pub fn cosign(&mut self, key_name: &str, key: &crate::ed25519::SecretKey, timestamp: u64) {
        let line = crate::checkpoint::cosignature_line(key_name, &self.checkpoint_text(), timestamp, key);
        self.checkpoint.push_str(&line);
    }
}

/// What [`Bundle::add_cosignatures`] did with a cosignature file's lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// The key names of the listed witnesses whose lines were added.
    pub added: Vec<String>,
    /// Lines of listed witnesses that were already in the checkpoint.
    pub already: usize,
    /// Lines by keys the bundle does not list (the lead's among them): ignored.
    pub ignored: usize,
    /// Lines of listed witnesses that do not verify (`cosignature-invalid`): not added.
    pub invalid: Vec<String>,
}

impl Bundle {
    /// Adds to the checkpoint the lines of a cosignature file's note (§14.13) by witnesses the
    /// bundle's last version lists, each once, when they verify over this checkpoint's text
    /// (check 17). A note of another form is `field-invalid`; one over another checkpoint text,
    /// `checkpoint-mismatch`.
    pub fn add_cosignatures(&mut self, note_text: &str) -> Result<Merged, crate::Failure> {
        use crate::note;
        let n = note::parse(note_text)
            .map_err(|e| crate::Failure::new(Code::FieldInvalid, format!("the cosignature file's note: {e}")))?;
        if n.text != self.checkpoint_text() {
            return Err(crate::Failure::new(
                Code::CheckpointMismatch,
                "the cosignature file co-signs another checkpoint than this release's",
            ));
        }
        let listed = match self.statement_versions.last() {
            Some(AnyVersion::V11(v)) => {
                crate::statement11::listed_witnesses(&v.signed).map(|l| l.0).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let mut out = Merged::default();
        for line in &n.lines {
            let w = listed.iter().find(|w| {
                line.name == w.key_name
                    && line.key_id == note::key_id(&w.key_name, note::TYPE_COSIGNATURE_V1, &w.public_key)
            });
            let Some(w) = w else {
                out.ignored += 1;
                continue;
            };
            if !crate::checkpoint::cosignature_verifies(&n, line, &w.public_key) {
                out.invalid.push(w.key_name.clone());
                continue;
            }
            let text = note::line(line.name, &line.key_id, &line.signature);
            if self.checkpoint.lines().any(|l| format!("{l}\n") == text) {
                out.already += 1;
            } else {
                self.checkpoint.push_str(&text);
                out.added.push(w.key_name.clone());
            }
        }
        Ok(out)
    }
}

/// The `previous` member naming a release of either format: its number, release id and log.
pub fn previous_of<T: Serialize>(release: &T, number: u64, log: &crate::release::LogHead) -> crate::release::Previous {
    crate::release::Previous { number, id: hex::encode(crate::release::id_of(release)), log: log.clone() }
}
