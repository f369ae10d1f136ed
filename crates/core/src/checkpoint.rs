//! A release as a C2SP checkpoint, signed by the lead and co-signed by witnesses (FORMAT.md
//! §14.8): the origin, the checkpoint text, the lead's and the witnesses' key ids and lines, and
//! checks 14–18 of a bundle's `checkpoint`, whose failures carry the codes of §13.

use crate::base64;
use crate::canonical::hex_array;
use crate::ed25519::{self, SecretKey};
use crate::note::{self, Note, SignatureLine, TYPE_COSIGNATURE_V1, TYPE_ED25519};

/// The log's name: `undersigned/<lead key hex>/<statement id hex>`.
pub fn origin(lead_key_hex: &str, statement_id_hex: &str) -> String {
    format!("undersigned/{lead_key_hex}/{statement_id_hex}")
}

/// The checkpoint text: the origin, the size and the base64 root, each line ending in U+000A.
pub fn text(origin: &str, size: u64, root: &[u8; 32]) -> String {
    format!("{origin}\n{size}\n{}\n", base64::encode(root))
}

/// The largest timestamp a cosignature may carry (`tlog-cosignature.md`).
pub const MAX_TIMESTAMP: u64 = (1 << 63) - 1;

/// What a witness signs: `cosignature/v1`, `time <timestamp>`, then the checkpoint text.
pub fn cosignature_message(timestamp: u64, text: &str) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{text}").into_bytes()
}

/// The lead's signature line over `text`, under the key name `origin`.
pub fn lead_line(origin: &str, text: &str, key: &SecretKey) -> String {
    let id = note::key_id(origin, TYPE_ED25519, &key.public_key().0);
    note::line(origin, &id, &key.sign(text.as_bytes()))
}

/// The note of a checkpoint signed by the lead: the checkpoint text of `size` entries with root
/// `root`, an empty line and the lead's line (what a lead sends its witnesses, §14.13).
pub fn lead_note(origin: &str, size: u64, root: &[u8; 32], key: &SecretKey) -> String {
    let text = text(origin, size, root);
    let line = lead_line(origin, &text, key);
    format!("{text}\n{line}")
}

/// A witness's `cosignature/v1` line over `text` at `timestamp` (POSIX seconds).
pub fn cosignature_line(key_name: &str, text: &str, timestamp: u64, key: &SecretKey) -> String {
    let id = note::key_id(key_name, TYPE_COSIGNATURE_V1, &key.public_key().0);
    let mut bytes = timestamp.to_be_bytes().to_vec();
    bytes.extend_from_slice(&key.sign(&cosignature_message(timestamp, text)));
    note::line(key_name, &id, &bytes)
}

/// The largest tree size of the format (§1: integers at most 2^53 − 1).
const MAX_SIZE: u64 = (1 << 53) - 1;

/// A note read as a checkpoint signed by a lead: its note, origin, the lead key the origin names,
/// and the checkpoint's size and root. Nothing is verified yet.
pub(crate) struct Signed<'a> {
    pub(crate) note: Note<'a>,
    pub(crate) origin: &'a str,
    pub(crate) lead_key: [u8; 32],
    pub(crate) size: u64,
    pub(crate) root: [u8; 32],
}

/// Reads a note of §14.8's form whose text is a checkpoint text: origin `undersigned/<64
/// hex>/<32 hex>`, a size (decimal, no leading zero, at most 2^53 − 1), a root (base64 of 32
/// bytes). The reason, in words, when it is not one.
pub(crate) fn read(text: &str) -> Result<Signed<'_>, String> {
    let note = note::parse(text).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = note.text.strip_suffix('\n').unwrap_or(note.text).split('\n').collect();
    let [origin, size, root] = lines[..] else {
        return Err(format!("its text has {} lines, not the three of a checkpoint", lines.len()));
    };
    let lead_key = origin
        .strip_prefix("undersigned/")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, id)| hex_array::<16>(id).is_some())
        .and_then(|(key, _)| hex_array::<32>(key))
        .ok_or("its origin is not undersigned/<64 hex digits>/<32 hex digits>")?;
    let size = decimal(size).ok_or("its size is not a decimal number without leading zeros, at most 2^53 − 1")?;
    let root = hash(root).ok_or("its root is not the base64 of 32 bytes")?;
    Ok(Signed { origin, lead_key, size, root, note })
}

/// A size: decimal digits, no leading zero, at most 2^53 − 1.
pub(crate) fn decimal(s: &str) -> Option<u64> {
    let ok =
        !s.is_empty() && s.len() <= 16 && s.bytes().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    ok.then(|| s.parse().ok()).flatten().filter(|n| *n <= MAX_SIZE)
}

/// A hash in canonical standard base64.
pub(crate) fn hash(s: &str) -> Option<[u8; 32]> {
    base64::decode(s)?.try_into().ok()
}

/// A witness a statement version lists (§14.4): its C2SP key name and Ed25519 key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witness {
    pub key_name: String,
    pub public_key: [u8; 32],
}

/// A verifier's own witnesses and how many of them it wants (§14.8, last paragraph): checked
/// as the listed ones are, reported apart, never in the bundle's verdict.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnWitnesses {
    pub witnesses: Vec<Witness>,
    pub quorum: u64,
}

impl Witness {
    /// A witness as a verifier names it: `KEY_NAME,PUBLIC_KEY` (64 hex digits), or its C2SP
    /// verifier key `KEY_NAME+KEY_ID+base64(0x04 ‖ key)` (`tlog-cosignature.md`), whose key id
    /// must be the one its name and key give.
    pub fn parse(s: &str) -> Result<Witness, String> {
        let (key_name, public_key) = if let Some((name, hex_key)) = s.split_once(',') {
            let key = hex::decode(hex_key.trim())
                .ok()
                .and_then(|k| <[u8; 32]>::try_from(k).ok())
                .ok_or_else(|| format!("{hex_key:?} is not a public key (64 hexadecimal digits)"))?;
            (name.trim().to_owned(), key)
        } else {
            // The key's base64 may itself hold a '+': the name and the id hold none.
            let mut parts = s.splitn(3, '+');
            let (Some(name), Some(id), Some(typed)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("{s:?} is neither KEY_NAME,PUBLIC_KEY nor a verifier key NAME+ID+KEY"));
            };
            let typed = base64::decode(typed).ok_or_else(|| format!("the key of {s:?} is not base64"))?;
            let key = match typed.split_first() {
                Some((&TYPE_COSIGNATURE_V1, key)) => <[u8; 32]>::try_from(key).ok(),
                _ => None,
            }
            .ok_or_else(|| format!("{s:?} is not a cosignature/v1 verifier key (type 0x04, 32 bytes)"))?;
            if hex::encode(note::key_id(name, TYPE_COSIGNATURE_V1, &key)) != id {
                return Err(format!("the key id of {s:?} is not that of its name and key"));
            }
            (name.to_owned(), key)
        };
        if !note::key_name_ok(&key_name) {
            return Err(format!("{key_name:?} is not a key name (no spaces, no '+')"));
        }
        Ok(Witness { key_name, public_key })
    }
}

/// A failure of checks 14–18, each with its code of §13.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 14: the note is not of §14.8's form (`field-invalid`).
    Form(note::NoteError),
    /// 15: the note's text is not the checkpoint text built from the release
    /// (`checkpoint-mismatch`).
    Mismatch,
    /// 16: no line of the lead's, or one that does not verify (`signature-invalid`).
    LeadSignature,
    /// 17: signature line `line` (from 1) of a listed witness does not verify
    /// (`cosignature-invalid`).
    Cosignature { line: usize },
    /// 18: fewer listed witnesses co-signed than the quorum (`quorum-not-met`).
    QuorumNotMet { cosigned: usize, quorum: usize },
}

impl Fault {
    /// The code of §13.
    pub fn code(&self) -> &'static str {
        match self {
            Fault::Form(_) => "field-invalid",
            Fault::Mismatch => "checkpoint-mismatch",
            Fault::LeadSignature => "signature-invalid",
            Fault::Cosignature { .. } => "cosignature-invalid",
            Fault::QuorumNotMet { .. } => "quorum-not-met",
        }
    }
}

/// The outcome of checks 14–18.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// The failures, in the order of the checks.
    pub faults: Vec<Fault>,
    /// The listed witnesses (by position) with at least one line that passes check 17.
    pub cosigned: Vec<usize>,
    /// Lines by keys the bundle does not list (ignored, shown as a number).
    pub unknown: usize,
}

/// Checks 14–18 of `note` against the checkpoint text the release gives (`expected`), the
/// release's `lead_key`, and the listed witnesses with their quorum (§14.8).
pub fn check(
    note_text: &str,
    expected: &str,
    origin: &str,
    lead_key: &[u8; 32],
    witnesses: &[Witness],
    quorum: usize,
) -> Checked {
    let mut out = Checked::default();
    let note = match note::parse(note_text) {
        Ok(n) => n,
        Err(e) => {
            out.faults.push(Fault::Form(e));
            return out;
        }
    };
    if note.text != expected {
        out.faults.push(Fault::Mismatch);
        return out;
    }
    let lead_id = note::key_id(origin, TYPE_ED25519, lead_key);
    let witness_ids: Vec<[u8; 4]> =
        witnesses.iter().map(|w| note::key_id(&w.key_name, TYPE_COSIGNATURE_V1, &w.public_key)).collect();
    for (i, line) in note.lines.iter().enumerate() {
        if line.name == origin && line.key_id == lead_id {
            // The lead's lines: check 16, below.
        } else if let Some(w) =
            (0..witnesses.len()).find(|&w| line.name == witnesses[w].key_name && line.key_id == witness_ids[w])
        {
            if cosignature_verifies(&note, line, &witnesses[w].public_key) {
                if !out.cosigned.contains(&w) {
                    out.cosigned.push(w);
                }
            } else {
                out.faults.push(Fault::Cosignature { line: i + 1 });
            }
        } else {
            out.unknown += 1;
        }
    }
    if !lead_signed(&note, origin, lead_key) {
        // Check 16 comes before 17: its failure is reported first.
        out.faults.insert(0, Fault::LeadSignature);
    }
    if out.cosigned.len() < quorum {
        out.faults.push(Fault::QuorumNotMet { cosigned: out.cosigned.len(), quorum });
    }
    out.cosigned.sort_unstable();
    out
}

/// Whether the lead signed the note (check 16 of §14.8, and the second check of an equivocation
/// proof, §14.13): it has at least one line of the lead's (key name `origin`, the lead's key id)
/// and every such line decodes to 68 bytes and verifies over the note's text under `lead_key`.
pub fn lead_signed(note: &Note<'_>, origin: &str, lead_key: &[u8; 32]) -> bool {
    let lead_id = note::key_id(origin, TYPE_ED25519, lead_key);
    let mut lines = note.lines.iter().filter(|l| l.name == origin && l.key_id == lead_id).peekable();
    lines.peek().is_some() && lines.all(|l| lead_verifies(note, l, lead_key))
}

fn lead_verifies(note: &Note<'_>, line: &SignatureLine<'_>, key: &[u8; 32]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(line.signature.as_slice()) else { return false };
    ed25519::verify(key, &sig, note.text.as_bytes()).is_ok()
}

pub(crate) fn cosignature_verifies(note: &Note<'_>, line: &SignatureLine<'_>, key: &[u8; 32]) -> bool {
    if line.signature.len() != 72 {
        return false;
    }
    let (time, sig) = line.signature.split_at(8);
    let timestamp = u64::from_be_bytes(time.try_into().unwrap_or_default());
    let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
    timestamp <= MAX_TIMESTAMP && ed25519::verify(key, &sig, &cosignature_message(timestamp, note.text)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn a_verifier_names_its_witness_by_key_or_by_verifier_key() {
        let key = SecretKey::from_seed(&sha("undersigned example witness")).public_key().0;
        let want = Witness { key_name: "witness.example/w1".into(), public_key: key };
        let vkey = note::cosignature_vkey("witness.example/w1", &key);
        assert_eq!(Witness::parse(&vkey), Ok(want.clone()));
        assert_eq!(Witness::parse(&format!("witness.example/w1,{}", hex::encode(key))), Ok(want));
        // Another name under the same id, an Ed25519 (note signer) key, a bad key, a bad name.
        let renamed = vkey.replacen("w1", "w2", 1);
        assert!(Witness::parse(&renamed).unwrap_err().contains("key id"));
        assert!(Witness::parse(&note::vkey("witness.example/w1", &key)).unwrap_err().contains("cosignature/v1"));
        assert!(Witness::parse("witness.example/w1,abcd").unwrap_err().contains("64 hexadecimal"));
        assert!(Witness::parse(&format!("a witness,{}", hex::encode(key))).unwrap_err().contains("key name"));
        assert!(Witness::parse("nothing").is_err());
    }

    fn sha(s: &str) -> [u8; 32] {
        Sha256::digest(s.as_bytes()).into()
    }

    /// The worked example of FORMAT.md §14.8, byte for byte.
    const EXAMPLE: &str = "undersigned/3686fe9bebcec8fbbbabfb50169a480e2fccc12fd1480faf3d798a3db3585096/9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071
412
o2/GmcRGLVM4kg6/NzaFmvWx7hw1dReYVoj/tFitn5o=

— undersigned/3686fe9bebcec8fbbbabfb50169a480e2fccc12fd1480faf3d798a3db3585096/9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071 scoOLJSNBb3lRwl5lD/GXIcwmbvku4w+kM4fTMm+hjcJ457U0j32A3X38bNyK/fZKA37zKEchaBboukZJqmv/CaeUwg=
— witness.example/w1 d8I/1wAAAABrEnMAHpfTSdWs/hCKbJIgbYcOwvCEC4WxwZtFWyPDEazHcXgkU1zTqrOHeA4NbNPXX7jxIx3s9+IcEEBO7DW55+GFAw==
";

    struct Example {
        lead: SecretKey,
        witness: SecretKey,
        origin: String,
        text: String,
    }

    fn example() -> Example {
        let lead = SecretKey::from_seed(&sha("undersigned example lead"));
        let witness = SecretKey::from_seed(&sha("undersigned example witness"));
        let origin = origin(&lead.public_key().to_hex(), "9f1c0e6a4b2d8e7f0a1b2c3d4e5f6071");
        let text = text(&origin, 412, &sha("undersigned example root"));
        Example { lead, witness, origin, text }
    }

    fn listed(e: &Example) -> Vec<Witness> {
        vec![Witness { key_name: "witness.example/w1".into(), public_key: e.witness.public_key().0 }]
    }

    #[test]
    fn the_worked_example_of_the_format_is_reproduced_and_checks() {
        let e = example();
        assert_eq!(e.lead.public_key().to_hex(), "3686fe9bebcec8fbbbabfb50169a480e2fccc12fd1480faf3d798a3db3585096");
        assert_eq!(e.text.len(), 159);
        let note = format!(
            "{}\n{}{}",
            e.text,
            lead_line(&e.origin, &e.text, &e.lead),
            cosignature_line("witness.example/w1", &e.text, 1_796_371_200, &e.witness)
        );
        assert_eq!(note, EXAMPLE);
        assert_eq!(note.len(), 495);
        assert_eq!(hex::encode(note::key_id(&e.origin, TYPE_ED25519, &e.lead.public_key().0)), "b1ca0e2c");
        assert_eq!(
            note::vkey(&e.origin, &e.lead.public_key().0),
            format!("{}+b1ca0e2c+ATaG/pvrzsj7u6v7UBaaSA4vzMEv0UgPrz15ij2zWFCW", e.origin)
        );
        let c = check(EXAMPLE, &e.text, &e.origin, &e.lead.public_key().0, &listed(&e), 1);
        assert_eq!(c, Checked { faults: vec![], cosigned: vec![0], unknown: 0 });
    }

    #[test]
    fn each_check_fails_as_the_format_says() {
        let e = example();
        let key = e.lead.public_key().0;
        let w = listed(&e);
        let lead = lead_line(&e.origin, &e.text, &e.lead);
        let cosig = |t: u64| cosignature_line("witness.example/w1", &e.text, t, &e.witness);
        let run = |note: &str, quorum| check(note, &e.text, &e.origin, &key, &w, quorum);
        // 14: the form.
        assert!(matches!(run("not a note", 0).faults[..], [Fault::Form(_)]));
        // 15: another text (a size of 413), even correctly signed.
        let other = text(&e.origin, 413, &sha("undersigned example root"));
        let note = format!("{other}\n{}", lead_line(&e.origin, &other, &e.lead));
        assert_eq!(run(&note, 0).faults, [Fault::Mismatch]);
        // 16: no line of the lead's; a lead line that fails; a line by another key under the
        // origin's name is an unknown key's.
        let stranger = SecretKey::from_seed(&[9; 32]);
        let note = format!("{}\n{}", e.text, lead_line(&e.origin, &e.text, &stranger));
        let c = run(&note, 0);
        assert_eq!((c.faults.as_slice(), c.unknown), ([Fault::LeadSignature].as_slice(), 1));
        let bad_lead = lead_line(&e.origin, "another text\n", &e.lead);
        assert_eq!(run(&format!("{}\n{lead}{bad_lead}", e.text), 0).faults, [Fault::LeadSignature]);
        // 17 and 18: a witness line over another time fails; two good lines count once; a
        // quorum of 1 not met without the witness.
        let mut forged = cosig(1_796_371_200);
        forged.replace_range(forged.len() - 20..forged.len() - 17, "AAA");
        let c = run(&format!("{}\n{lead}{forged}", e.text), 1);
        assert_eq!(c.faults, [Fault::Cosignature { line: 2 }, Fault::QuorumNotMet { cosigned: 0, quorum: 1 }]);
        let c = run(&format!("{}\n{lead}{}{}", e.text, cosig(1), cosig(2)), 1);
        assert_eq!((c.faults.len(), c.cosigned.as_slice()), (0, [0].as_slice()));
        assert_eq!(run(&format!("{}\n{lead}", e.text), 1).faults, [Fault::QuorumNotMet { cosigned: 0, quorum: 1 }]);
        // A timestamp over 2^63 − 1 fails, however signed.
        let c = run(&format!("{}\n{lead}{}", e.text, cosig(MAX_TIMESTAMP + 1)), 0);
        assert_eq!(c.faults, [Fault::Cosignature { line: 2 }]);
        // The witness's key under another name, or another key under its name: unknown keys.
        let renamed = cosignature_line("witness.example/w2", &e.text, 5, &e.witness);
        let impostor = cosignature_line("witness.example/w1", &e.text, 5, &stranger);
        let c = run(&format!("{}\n{lead}{renamed}{impostor}", e.text), 0);
        assert_eq!((c.faults.len(), c.unknown), (0, 2));
        assert_eq!(Fault::QuorumNotMet { cosigned: 0, quorum: 1 }.code(), "quorum-not-met");
    }
}
