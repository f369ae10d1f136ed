//! What a file holds, and the names and media types files of each kind are written under
//! (FORMAT.md §15). The content decides; a name is only a hint for people and desktops.

use serde::Serialize;

/// What a file holds, decided by its content (FORMAT.md §15); its extension is only a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Invitation,
    Endorsement,
    Withdrawal,
    Bundle,
    Key,
    /// An object of a later version of the format (`"format": "undersigned/2"`, say), whatever
    /// its type: made by a newer version of the program, which this one cannot read (§1; format 1.1 is §14, §14.3).
    Newer,
    Unknown,
}

impl FileKind {
    /// The kinds that have a name and a media type of their own (all but `Newer` and `Unknown`).
    pub const NAMED: [FileKind; 5] =
        [FileKind::Invitation, FileKind::Endorsement, FileKind::Withdrawal, FileKind::Bundle, FileKind::Key];

    /// The object's `type` member (or `signed.type`) for this kind.
    pub fn type_name(self) -> Option<&'static str> {
        Some(match self {
            FileKind::Invitation => "invitation",
            FileKind::Endorsement => "endorsement",
            FileKind::Withdrawal => "withdrawal",
            FileKind::Bundle => "bundle",
            FileKind::Key => crate::keyfile::TYPE,
            FileKind::Newer | FileKind::Unknown => return None,
        })
    }

    /// The extension writers give files of this kind, without its dot.
    pub fn extension(self) -> Option<&'static str> {
        Some(match self {
            FileKind::Invitation => "undersigned-invitation",
            FileKind::Endorsement => "undersigned-endorsement",
            FileKind::Withdrawal => "undersigned-withdrawal",
            FileKind::Bundle => "undersigned-bundle",
            FileKind::Key => "undersigned-key",
            FileKind::Newer | FileKind::Unknown => return None,
        })
    }

    /// The media type of files of this kind (a JSON type, RFC 6839; not yet registered).
    pub fn media_type(self) -> Option<&'static str> {
        Some(match self {
            FileKind::Invitation => "application/vnd.undersigned.invitation+json",
            FileKind::Endorsement => "application/vnd.undersigned.endorsement+json",
            FileKind::Withdrawal => "application/vnd.undersigned.withdrawal+json",
            FileKind::Bundle => "application/vnd.undersigned.bundle+json",
            FileKind::Key => "application/vnd.undersigned.secret-key+json",
            FileKind::Newer | FileKind::Unknown => return None,
        })
    }

    /// The kind whose extension `ext` is (ASCII case ignored), if any.
    pub fn of_extension(ext: &str) -> Option<FileKind> {
        FileKind::NAMED.into_iter().find(|k| k.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
    }

    /// The largest file of any kind but a bundle (§10.4): a larger file can only be a bundle.
    pub const LARGEST_NOT_BUNDLE: usize = crate::invitation::MAX_BYTES;

    /// What the bytes of a whole file hold, by their `type` (or `signed.type`) member. An object
    /// that names a later version of the format anywhere (§1, reading order (3)) is `Newer`;
    /// bytes that are not a JSON object of our format, or of no type we know, are `Unknown`.
    pub fn of_bytes(bytes: &[u8]) -> FileKind {
        if crate::canonical::foreign_in_bytes(bytes).is_some_and(|f| is_later_format(&f)) {
            return FileKind::Newer;
        }
        let Some(t) = crate::canonical::sniff_type(bytes) else { return FileKind::Unknown };
        FileKind::NAMED.into_iter().find(|k| k.type_name() == Some(t.as_str())).unwrap_or(FileKind::Unknown)
    }
}

/// Whether `format` is `undersigned/` and a version later than ours (`1.1`, `2`): numbers
/// separated by dots, compared number by number (`1.0` is ours, `0.9` is not later).
fn is_later_format(format: &str) -> bool {
    fn version(f: &str) -> Option<Vec<u64>> {
        let mut v = f
            .strip_prefix("undersigned/")?
            .split('.')
            .map(|n| if n.bytes().all(|b| b.is_ascii_digit()) { n.parse().ok() } else { None })
            .collect::<Option<Vec<u64>>>()?;
        while v.last() == Some(&0) {
            v.pop();
        }
        Some(v)
    }
    matches!((version(format), version(crate::FORMAT)), (Some(theirs), Some(ours)) if theirs > ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_follow_the_types() {
        let mut exts: Vec<_> = FileKind::NAMED.iter().filter_map(|k| k.extension()).collect();
        exts.sort_unstable();
        exts.dedup();
        assert_eq!(exts.len(), 5);
        for k in FileKind::NAMED {
            let ext = k.extension().unwrap();
            assert_eq!(FileKind::of_extension(ext), Some(k));
            assert_eq!(FileKind::of_extension(&ext.to_ascii_uppercase()), Some(k));
            assert!(k.media_type().unwrap().ends_with("+json"));
            assert!(k.media_type().unwrap().contains(k.type_name().unwrap()), "{k:?}");
        }
        assert_eq!(FileKind::of_extension("json"), None);
        assert_eq!(FileKind::Unknown.extension(), None);
        assert_eq!(FileKind::Newer.extension(), None);
    }

    #[test]
    fn the_content_decides() {
        assert_eq!(FileKind::of_bytes(br#"{"format":"undersigned/1","type":"invitation"}"#), FileKind::Invitation);
        assert_eq!(FileKind::of_bytes(br#"{"signed":{"type":"endorsement"},"signature":""}"#), FileKind::Endorsement);
        assert_eq!(FileKind::of_bytes(br#"{"signed":{"type":"withdrawal"},"signature":""}"#), FileKind::Withdrawal);
        assert_eq!(FileKind::of_bytes(br#"{"type":"bundle","entries":[]}"#), FileKind::Bundle);
        assert_eq!(FileKind::of_bytes(br#"{"type":"secret-key"}"#), FileKind::Key);
        for other in [&b"not json"[..], b"[]", b"{}", br#"{"type":"statement-version"}"#, br#"{"type":7}"#] {
            assert_eq!(FileKind::of_bytes(other), FileKind::Unknown);
        }
    }

    #[test]
    fn a_later_format_of_ours_is_told_apart_from_an_unknown_file() {
        for newer in [
            &br#"{"format":"undersigned/2","type":"invitation"}"#[..],
            br#"{"format":"undersigned/1.1","type":"bundle","entries":[]}"#,
            br#"{"signed":{"format":"undersigned/2","type":"endorsement"},"signature":""}"#,
            // A type this version does not know, in a later format: still made by a newer version.
            br#"{"format":"undersigned/1.1","type":"attestation"}"#,
            // A bundle of ours whose release is of a later format (§1: any object, anywhere).
            br#"{"format":"undersigned/1","type":"bundle","release":{"signed":{"format":"undersigned/2"}}}"#,
        ] {
            assert_eq!(FileKind::of_bytes(newer), FileKind::Newer, "{}", String::from_utf8_lossy(newer));
        }
        // Not later, or not ours: read by their type as before.
        for (bytes, kind) in [
            (&br#"{"format":"undersigned/1.0","type":"invitation"}"#[..], FileKind::Invitation),
            (br#"{"format":"undersigned/0.9","type":"invitation"}"#, FileKind::Invitation),
            (br#"{"format":"undersigned/two","type":"invitation"}"#, FileKind::Invitation),
            (br#"{"format":"undersigned/1.-1","type":"invitation"}"#, FileKind::Invitation),
            (br#"{"format":"undersigned/","type":"invitation"}"#, FileKind::Invitation),
            (br#"{"format":"other/2","type":"invitation"}"#, FileKind::Invitation),
            (br#"{"format":"other/2"}"#, FileKind::Unknown),
            (br#"{"format":"undersigned/1","type":"invitation"}"#, FileKind::Invitation),
        ] {
            assert_eq!(FileKind::of_bytes(bytes), kind, "{}", String::from_utf8_lossy(bytes));
        }
        assert!(is_later_format("undersigned/1.0.1") && is_later_format("undersigned/10"));
        assert!(!is_later_format("undersigned/1") && !is_later_format("undersigned/1.0.0"));
    }
}
