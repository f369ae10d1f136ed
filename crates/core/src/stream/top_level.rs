//! The top level of a bundle: its members read from the scanner, `format`, `type`,
//! `statement_versions` and `release` with the strict types, `entries` streamed through the
//! pipeline (or buffered until the header is known); then the verdict of the strict parse
//! (`malformed`, `unsupported-format`) or the report.

use super::assemble::{assemble, Streamed, Verified};
use super::probes::{value_valid, SignedProbe};
use super::raw_entries::RawEntries;
use super::runs11::{check_runs, RunChecks};
use super::scanner::{ScanError, Scanner};
use super::values::ScratchRef;
use super::workers::{default_batch, run_pipeline, EntryChecks};
use crate::canonical::{check_format, foreign_in_bytes};
use crate::error::{Code, ParseError};
use crate::release::{self, Release};
use crate::release_checks::{verify_header, Header};
use crate::report::{EntryReport, VerificationReport};
use crate::statement::{self, StatementVersion};
use crate::{bundle, bundle11};
use crate::{FORMAT, FORMAT_1_1};
use std::io::Read;
use std::sync::atomic::AtomicBool;

const MEMBERS: [&str; 5] = ["format", "type", "statement_versions", "release", "entries"];

enum EntriesState<'a> {
    Absent,
    /// Verified while they were read.
    Streamed(Box<Streamed<'a>>),
    /// Read before the header: raw JSON, verified once the header is known.
    Buffered(Vec<Vec<u8>>),
    /// The bundle cannot be verified (already a parse failure or a foreign format): only read.
    Skipped,
}

/// How the caller asked for the entries to be checked: what [`TopLevel`] hands on to the
/// pipeline once the release's log size is known.
pub(super) struct Pipeline<'a, 'r> {
    pub seed: [u8; 32],
    pub want_entries: bool,
    /// Where the entries' lines go, if not into the report ([`super::Options::on_entry`]).
    pub on_entry: Option<&'a (dyn Fn(EntryReport) + Sync)>,
    pub threads: usize,
    /// Entries per batch; 0: [`default_batch`] for the log's size.
    pub batch: usize,
    /// The most entries to reserve room for before they are read.
    pub reserve_cap: usize,
    /// Where the whole ids and keys go ([`super::Options::scratch`]).
    pub scratch: Option<ScratchRef<'a>>,
    /// What checks a bundle 1.1's entries as they are read, when its other members come first.
    pub runs11: Option<&'r dyn RunChecks>,
}

/// What the parse of the top level found.
pub(super) struct TopLevel<'a, 'r> {
    pipeline: Pipeline<'a, 'r>,
    seen: [bool; 5],
    /// `format` and `type` as the strict parse reads them (their first occurrence).
    format: Option<String>,
    kind: Option<String>,
    /// The last top-level `format` (`Some(None)` when not a string) and the `format` of a
    /// top-level `signed` object: what [`crate::canonical::parse_strict`] looks at to tell
    /// `unsupported-format` from `malformed` when the strict parse fails.
    last_format: Option<Option<String>>,
    signed_format: Option<Option<String>>,
    versions: Option<Vec<StatementVersion>>,
    release: Option<Release>,
    entries: EntriesState<'a>,
    /// The first reason the strict parse fails, if it does.
    typed: Option<String>,
    /// The first statement version, release or entry of another format or type than its place's
    /// (§10.2: the bundle is then `unsupported-format`, whatever else is wrong).
    /// With it, whether it is a type (which ranks after member errors) rather than a format.
    nested: Option<(String, bool)>,
    /// The input is an array of the members rather than an object.
    array_form: bool,
    /// A part of the input is not even valid JSON for a generic parser (too deep, a number out
    /// of range), so a format other than ours cannot be recognized: `malformed`.
    invalid: bool,
    /// Every member as read, in order (`entries` as its place only): a bundle whose `format`
    /// turns out to be 1.1 is handed whole to the 1.1 reader.
    raw_members: Vec<(String, Vec<u8>)>,
    /// The entries as read, kept while the bundle's format is 1.1 or not yet known.
    raw_entries: Option<RawEntries<'a>>,
}

/// What the top level of a bundle turned out to be.
pub(crate) enum Outcome<'a> {
    /// A format 1 bundle, verified.
    V1(Box<Verified<'a>>),
    /// A bundle whose `format` is 1.1: its members as read, to read by the 1.1 reader (§14.3).
    V11(Doc11<'a>),
}

/// A bundle of format 1.1 as read: each top-level member, in order, and each entry apart.
pub(crate) struct Doc11<'a> {
    /// Each member's name and raw value (`entries`: empty, its place only, or its value when it
    /// is not a list).
    members: Vec<(String, Vec<u8>)>,
    entries: RawEntries<'a>,
}

impl<'a> Doc11<'a> {
    /// The bundle without its entries, when its members read as [`bundle11::Bundle::parse`]
    /// reads them.
    pub(crate) fn header(&self) -> Option<bundle11::Bundle> {
        bundle11::Bundle::parse(&Self::document(&self.members, |_| {})).ok().filter(|b| b.entries.is_empty())
    }

    /// Each entry's JSON as read.
    pub(crate) fn entries(&self) -> &RawEntries<'a> {
        &self.entries
    }

    /// The whole document, read by [`bundle11::Bundle::parse`]: the reference's verdict.
    pub(crate) fn parse(self) -> Result<bundle11::Bundle, ParseError> {
        let mut entries = Some(&self.entries);
        let mut read = Ok(());
        let doc = Self::document(&self.members, |doc| {
            // The first `entries` member gets them all.
            let Some(entries) = entries.take() else { return };
            read = entries.each(0..entries.len(), |e| {
                if doc.last() != Some(&b'[') {
                    doc.push(b',');
                }
                doc.extend_from_slice(e);
            });
        });
        read.map_err(|e| ParseError::new(Code::Malformed, format!("cannot read this bundle: {e}")))?;
        bundle11::Bundle::parse(&doc)
    }

    /// The document of the members as they were written, `entries` writing the entries into
    /// the (first) `entries` array.
    fn document(members: &[(String, Vec<u8>)], mut entries: impl FnMut(&mut Vec<u8>)) -> Vec<u8> {
        let mut doc = b"{".to_vec();
        for (i, (name, raw)) in members.iter().enumerate() {
            if i > 0 {
                doc.push(b',');
            }
            crate::canonical::write_string(name, &mut doc);
            doc.push(b':');
            if name == "entries" && raw.is_empty() {
                doc.push(b'[');
                entries(&mut doc);
                doc.push(b']');
            } else {
                doc.extend_from_slice(raw);
            }
        }
        doc.push(b'}');
        doc
    }
}

impl<'a, 'r> TopLevel<'a, 'r> {
    /// Nothing read yet. `reserve_cap` bounds the per-entry vectors reserved at the start.
    pub(super) fn new(pipeline: Pipeline<'a, 'r>) -> Self {
        TopLevel {
            pipeline,
            seen: [false; 5],
            format: None,
            kind: None,
            last_format: None,
            signed_format: None,
            versions: None,
            release: None,
            entries: EntriesState::Absent,
            typed: None,
            nested: None,
            array_form: false,
            invalid: false,
            raw_members: Vec::new(),
            raw_entries: None,
        }
    }

    fn typed_error(&mut self, m: impl Into<String>) {
        if self.typed.is_none() {
            self.typed = Some(m.into());
        }
    }

    /// A member's raw value that the strict parse refused: is it still valid JSON for a generic
    /// parser at this depth?
    fn refused(&mut self, raw: &[u8], base_depth: usize, e: serde_json::Error) {
        self.typed_error(e.to_string());
        if !value_valid(raw, base_depth) {
            self.invalid = true;
        }
    }

    fn typed<T: serde::de::DeserializeOwned>(&mut self, raw: &[u8]) -> Option<T> {
        match serde_json::from_slice::<T>(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.refused(raw, 1, e);
                None
            }
        }
    }

    /// Another format at the top or nested: nothing more is read but the JSON.
    fn foreign(&self) -> bool {
        self.format.as_deref().is_some_and(|f| f != FORMAT) || self.nested.as_ref().is_some_and(|n| !n.1)
    }

    /// A nested object of another format (`is_type` false) or type; a format ranks first.
    fn nested_error(&mut self, m: String, is_type: bool) {
        if self.nested.as_ref().is_none_or(|n| n.1 && !is_type) {
            self.nested = Some((m, is_type));
        }
    }

    /// The nested format check of a member that was read (`parsed`), or that the strict parse
    /// refused (its `raw` bytes are then probed for a `format` of another version).
    fn nested_format(&mut self, place: &str, raw: &[u8], parsed: Option<Result<(), (ParseError, bool)>>) {
        match parsed {
            Some(Ok(())) => {}
            Some(Err((e, is_type))) => self.nested_error(format!("{place}: {}", e.message), is_type),
            None => {
                if let Some(f) = foreign_in_bytes(raw) {
                    self.nested_error(format!("{place}: in format {f:?}, not undersigned/1"), false);
                }
            }
        }
    }

    /// The whole input: one top-level object (or, as serde also reads a struct, an array of the
    /// members in order), then only white space.
    pub(super) fn document<R: Read>(&mut self, sc: &mut Scanner<R>) -> Result<(), ScanError> {
        sc.skip_ws()?;
        match sc.peek()? {
            Some(b'{') => {
                sc.bump();
                sc.skip_ws()?;
                if sc.peek()? == Some(b'}') {
                    sc.bump();
                } else {
                    loop {
                        if sc.peek()? != Some(b'"') {
                            return Err(sc.syntax("expected a member name"));
                        }
                        let mut raw = Vec::new();
                        sc.capture(&mut raw)?;
                        let key: String = serde_json::from_slice(&raw).map_err(|e| sc.syntax(&e.to_string()))?;
                        sc.skip_ws()?;
                        sc.expect(b':')?;
                        sc.skip_ws()?;
                        self.member(&key, sc, true)?;
                        sc.skip_ws()?;
                        match sc.next()? {
                            Some(b',') => sc.skip_ws()?,
                            Some(b'}') => break,
                            _ => return Err(sc.syntax("expected `,` or `}`")),
                        }
                    }
                }
            }
            Some(b'[') => {
                sc.bump();
                self.array_form = true;
                for (i, name) in MEMBERS.iter().enumerate() {
                    sc.skip_ws()?;
                    if i > 0 {
                        match sc.peek()? {
                            Some(b',') => {
                                sc.bump();
                                sc.skip_ws()?;
                                if sc.peek()? == Some(b']') {
                                    return Err(sc.syntax("trailing comma"));
                                }
                            }
                            Some(b']') => {}
                            _ => return Err(sc.syntax("expected `,` or `]`")),
                        }
                    }
                    if sc.peek()? == Some(b']') {
                        self.typed_error(format!("invalid length {i}, expected struct Bundle with 5 elements"));
                        // The strict parse fails; no more members will be missing.
                        self.seen = [true; 5];
                        break;
                    }
                    self.member(name, sc, false)?;
                }
                sc.skip_ws()?;
                if sc.next()? != Some(b']') {
                    return Err(sc.syntax("expected `]`"));
                }
            }
            Some(_) => {
                // Not an object: never a bundle, whatever it is.
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                return Err(sc.syntax("expected a bundle object"));
            }
            None => return Err(sc.syntax("EOF while parsing a value")),
        }
        sc.skip_ws()?;
        if sc.peek()?.is_some() {
            return Err(sc.syntax("trailing characters"));
        }
        Ok(())
    }

    /// One member of the top-level object (or element of the top-level array), by name.
    fn member<R: Read>(&mut self, name: &str, sc: &mut Scanner<R>, dup_check: bool) -> Result<(), ScanError> {
        let slot = MEMBERS.iter().position(|m| *m == name);
        let dup = match slot {
            Some(i) if dup_check => std::mem::replace(&mut self.seen[i], true),
            Some(i) => {
                self.seen[i] = true;
                false
            }
            None => false,
        };
        if dup {
            self.typed_error(format!("duplicate field `{name}`"));
        }
        match name {
            "format" | "type" | "statement_versions" | "release" => {
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                self.raw_members.push((name.to_owned(), raw.clone()));
                match name {
                    "format" => {
                        let v: Option<String> = self.typed(&raw);
                        self.last_format = Some(v.clone());
                        if !dup {
                            self.format = v;
                        }
                    }
                    "type" => {
                        let v: Option<String> = self.typed(&raw);
                        if !dup {
                            self.kind = v;
                        }
                    }
                    "statement_versions" => {
                        let v: Option<Vec<StatementVersion>> = self.typed(&raw);
                        // The first version of another format, else the first of another type.
                        let checked = v.as_ref().map(|vs| {
                            let mut found: Option<(ParseError, bool)> = None;
                            for (i, x) in vs.iter().enumerate() {
                                if let Err(e) =
                                    check_format(&x.signed.format, &x.signed.kind, statement::TYPE, "statement version")
                                {
                                    let is_type = x.signed.format == FORMAT;
                                    if found.as_ref().is_none_or(|f| f.1 && !is_type) {
                                        found =
                                            Some((ParseError::new(e.code, format!("[{i}]: {}", e.message)), is_type));
                                    }
                                }
                            }
                            found.map_or(Ok(()), Err)
                        });
                        self.nested_format("statement_versions", &raw, checked);
                        if !dup {
                            self.versions = v;
                        }
                    }
                    _ => {
                        let v: Option<Release> = self.typed(&raw);
                        let checked = v.as_ref().map(|r| {
                            check_format(&r.signed.format, &r.signed.kind, release::TYPE, "release")
                                .map_err(|e| (e, r.signed.format == FORMAT))
                        });
                        self.nested_format("release", &raw, checked);
                        if !dup {
                            self.release = v;
                        }
                    }
                }
            }
            "entries" => {
                self.raw_members.push((name.to_owned(), Vec::new()));
                let keep = self.format.as_deref().is_none_or(|f| f == FORMAT_1_1);
                // A bundle that says it is 1.1 before its entries: to the scratch, if any.
                let spill = self.format.as_deref() == Some(FORMAT_1_1) && !self.array_form;
                let mut kept = RawEntries::new(self.pipeline.scratch.filter(|_| spill));
                let result = self.entries_member(dup, sc, keep.then_some(&mut kept));
                kept.flush();
                if keep {
                    self.raw_entries = Some(kept);
                }
                result?;
            }
            _ => {
                self.typed_error(unknown_field(name));
                let mut raw = Vec::new();
                sc.capture(&mut raw)?;
                self.raw_members.push((name.to_owned(), raw.clone()));
                if !value_valid(&raw, 1) {
                    self.invalid = true;
                } else {
                    if name == "signed" {
                        if let Ok(p) = serde_json::from_slice::<SignedProbe>(&raw) {
                            self.signed_format = Some(p.0);
                        }
                    }
                    // A format is checked anywhere, inside members format 1 does not define too
                    // (FORMAT.md §1, reading order, step 3).
                    self.nested_format(name, &raw, None);
                }
            }
        }
        Ok(())
    }

    /// The `entries` member: verified as they stream when the header is known, else buffered or
    /// only read; each element's raw JSON also handed to `keep` when given.
    fn entries_member<R: Read>(
        &mut self,
        dup: bool,
        sc: &mut Scanner<R>,
        mut keep: Option<&mut RawEntries<'a>>,
    ) -> Result<(), ScanError> {
        let keeping = keep.is_some();
        let mut kept = |raw: &[u8]| {
            if let Some(k) = keep.as_mut() {
                k.push(raw);
            }
        };
        {
            {
                if dup || self.typed.is_some() || self.invalid || self.foreign() {
                    // Only read: every element must still be valid JSON, and one of another
                    // format still makes the bundle `unsupported-format`.
                    // Not for a bundle already known to be 1.1: the 1.1 reader decides then.
                    let v11 = self.format.as_deref() == Some(FORMAT_1_1) && !self.array_form;
                    let mut invalid = false;
                    let mut nested = None;
                    let early = if v11 && !dup { self.begin11() } else { None };
                    let list = match early {
                        // Checked as they are read (what the 1.1 reader then decides from).
                        Some((checks, size)) => {
                            let mut list = None;
                            check_runs::<ScanError>(checks, self.pipeline.threads, size, |sink| {
                                list = entries_list(sc, &mut |raw| {
                                    kept(raw);
                                    sink(raw);
                                })?;
                                Ok(())
                            })?;
                            list
                        }
                        None => entries_list(sc, &mut |raw| {
                            kept(raw);
                            if !v11 {
                                invalid |= !value_valid(raw, 2);
                                if nested.is_none() {
                                    nested = foreign_in_bytes(raw);
                                }
                            }
                        })?,
                    };
                    self.invalid |= invalid;
                    if let Some(f) = nested {
                        self.nested_error(format!("entries: an entry in format {f:?}, not undersigned/1"), false);
                    }
                    if let Some(n) = list {
                        self.not_a_list(n, keeping);
                    }
                    if !dup {
                        self.entries = EntriesState::Skipped;
                    }
                } else if let (Some(versions), Some(release)) = (&self.versions, &self.release) {
                    let mut report = VerificationReport::default();
                    let mut errors = Vec::new();
                    let header = verify_header(versions, &release.view(), &mut report, &mut errors);
                    let ctx = self.ctx(&header, release);
                    let mut list = None;
                    let (res, collected) = run_pipeline::<ScanError>(&ctx, |sink| {
                        list = entries_list(sc, &mut |raw| {
                            kept(raw);
                            sink(raw)
                        })?;
                        Ok(())
                    });
                    res?;
                    if let Some(n) = list {
                        self.not_a_list(n, keeping);
                    }
                    self.entries = EntriesState::Streamed(Box::new(Streamed { header, report, errors, collected }));
                } else {
                    let mut raws = Vec::new();
                    if let Some(n) = entries_list(sc, &mut |raw| {
                        kept(raw);
                        raws.push(raw.to_vec())
                    })? {
                        self.not_a_list(n, keeping);
                    }
                    self.entries = EntriesState::Buffered(raws);
                }
            }
        }
        Ok(())
    }

    /// The checks of a bundle 1.1's entries as they are read, and the entries per run, when the
    /// members read so far (with `entries` empty) read as a whole bundle 1.1: any member after
    /// the entries would then make the bundle unreadable, so that the 1.1 reader finds the same
    /// members.
    fn begin11(&self) -> Option<(&'r dyn RunChecks, usize)> {
        let checks = self.pipeline.runs11?;
        let doc = Doc11::document(&self.raw_members, |_| {});
        let header = bundle11::Bundle::parse(&doc).ok().filter(|b| b.entries.is_empty())?;
        let size = checks.begin(&header, self.pipeline.threads)?;
        Some((checks, if self.pipeline.batch > 0 { self.pipeline.batch } else { size }))
    }

    /// An `entries` member that is not a list: the strict parse fails; a bundle that may be 1.1
    /// (`keeping` its entries) keeps the value as written, for the 1.1 reader's verdict.
    fn not_a_list(&mut self, n: NotAList, keeping: bool) {
        self.typed_error(n.message);
        self.invalid |= !n.valid;
        if keeping {
            if let Some((_, raw)) = self.raw_members.last_mut() {
                *raw = n.raw;
            }
        }
    }

    fn ctx<'h>(&self, header: &'h Header, release: &Release) -> EntryChecks<'h, 'a>
    where
        'a: 'h,
    {
        EntryChecks {
            header,
            seed: self.pipeline.seed,
            entries: self.pipeline.want_entries,
            on_entry: self.pipeline.on_entry,
            threads: self.pipeline.threads.max(1),
            batch: if self.pipeline.batch == 0 {
                default_batch(release.signed.log.size, self.pipeline.threads.max(1))
            } else {
                self.pipeline.batch
            },
            prefix: release.signed.previous.as_ref().map(|p| p.log.size),
            reserve: (release.signed.log.size.min(self.pipeline.reserve_cap as u64)) as usize,
            scratch: self.pipeline.scratch,
            cancel: AtomicBool::new(false),
        }
    }

    /// After the whole input was read as JSON: the verdict of the strict parse, then the
    /// verification.
    pub(super) fn finish(mut self) -> Result<Outcome<'a>, ParseError> {
        // The bundle's own format decides how it is read (§14.3, step 3): a 1.1 bundle is read
        // whole by the 1.1 reader, from the members as they were written.
        if self.format.as_deref() == Some(FORMAT_1_1) && !self.array_form {
            let entries = self.raw_entries.take().unwrap_or_else(|| RawEntries::new(None));
            return Ok(Outcome::V11(Doc11 { members: std::mem::take(&mut self.raw_members), entries }));
        }
        for (i, m) in MEMBERS.iter().enumerate() {
            if !self.seen[i] {
                self.typed_error(format!("missing field `{m}`"));
            }
        }
        if self.typed.is_none() && !self.invalid && !self.foreign() && matches!(self.entries, EntriesState::Buffered(_))
        {
            if let EntriesState::Buffered(raws) = std::mem::replace(&mut self.entries, EntriesState::Skipped) {
                if let (Some(versions), Some(release)) = (&self.versions, &self.release) {
                    let mut report = VerificationReport::default();
                    let mut errors = Vec::new();
                    let header = verify_header(versions, &release.view(), &mut report, &mut errors);
                    let ctx = self.ctx(&header, release);
                    let (_, collected) = run_pipeline::<()>(&ctx, |sink| {
                        raws.iter().for_each(|raw| sink(raw));
                        Ok(())
                    });
                    self.entries = EntriesState::Streamed(Box::new(Streamed { header, report, errors, collected }));
                }
            }
        }
        if let EntriesState::Streamed(s) = &mut self.entries {
            let typed = s.collected.typed.take();
            self.invalid |= s.collected.invalid;
            if let Some((i, m, is_type)) = s.collected.foreign.take() {
                self.nested_error(format!("entries[{i}]: {m}"), is_type);
            }
            if let Some((i, m)) = typed {
                self.typed_error(format!("entries[{i}]: {m}"));
            }
        }
        if self.invalid {
            // Not even valid JSON for a generic parser (so the strict parse fails too).
            let m = self.typed.take().unwrap_or_else(|| "too deeply nested, or a number out of range".into());
            return Err(ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m}")));
        }
        if let Some(m) = self.typed.take() {
            // Only an object can claim a format (an array never does).
            let claimed = match &self.last_format {
                _ if self.array_form => None,
                Some(f) => f.clone(),
                None => self.signed_format.clone().flatten(),
            };
            // Reading order (§1): a format anywhere, then the members, then the types.
            return Err(match (claimed.filter(|f| f != FORMAT), self.nested.take()) {
                (Some(found), _) => ParseError::new(
                    Code::UnsupportedFormat,
                    format!("this bundle is in format {found:?}, not undersigned/1"),
                ),
                (None, Some((n, false))) => ParseError::new(Code::UnsupportedFormat, format!("this bundle holds {n}")),
                (None, _) => ParseError::new(Code::Malformed, format!("this is not a valid bundle: {m}")),
            });
        }
        if let Some((n, _)) = self.nested.take() {
            check_format(
                self.format.as_deref().unwrap_or_default(),
                self.kind.as_deref().unwrap_or_default(),
                bundle::TYPE,
                "bundle",
            )?;
            return Err(ParseError::new(Code::UnsupportedFormat, format!("this bundle holds {n}")));
        }
        // Without a parse failure every member was read (and, in our format, verified).
        let unreachable = || ParseError::new(Code::Malformed, "this is not a valid bundle");
        let (Some(format), Some(kind)) = (&self.format, &self.kind) else { return Err(unreachable()) };
        check_format(format, kind, bundle::TYPE, "bundle")?;
        let (Some(release), Some(versions), EntriesState::Streamed(s)) = (self.release, self.versions, self.entries)
        else {
            return Err(unreachable());
        };
        assemble(*s, release, versions).map(|v| Outcome::V1(Box::new(v)))
    }
}

fn unknown_field(name: &str) -> String {
    format!("unknown field `{name}`, expected one of `format`, `type`, `statement_versions`, `release`, `entries`")
}

/// An `entries` member that is not a list: the strict parse's complaint, whether the value is
/// valid JSON, and the value as read.
struct NotAList {
    message: String,
    valid: bool,
    raw: Vec<u8>,
}

/// The `entries` member: each element of the list handed to `sink`. `None` for a list.
fn entries_list<R: Read>(sc: &mut Scanner<R>, sink: &mut dyn FnMut(&[u8])) -> Result<Option<NotAList>, ScanError> {
    if sc.peek()? != Some(b'[') {
        let mut raw = Vec::new();
        sc.capture(&mut raw)?;
        let valid = value_valid(&raw, 1);
        return Ok(Some(NotAList { message: "invalid type: expected a sequence of entries".into(), valid, raw }));
    }
    sc.bump();
    sc.skip_ws()?;
    if sc.peek()? == Some(b']') {
        sc.bump();
        return Ok(None);
    }
    // One buffer for every entry in turn: the sink copies what it keeps.
    let mut raw = Vec::with_capacity(4096);
    loop {
        raw.clear();
        sc.capture(&mut raw)?;
        sink(&raw);
        sc.skip_ws()?;
        match sc.next()? {
            Some(b',') => {
                sc.skip_ws()?;
                if sc.peek()? == Some(b']') {
                    return Err(sc.syntax("trailing comma"));
                }
            }
            Some(b']') => return Ok(None),
            _ => return Err(sc.syntax("expected `,` or `]`")),
        }
    }
}
