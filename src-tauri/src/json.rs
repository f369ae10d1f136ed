//! Transport types that only the app sends across IPC (the store's and the core's own types,
//! such as `StatementSummary` or `VerificationReport`, cross as they are). Each derives
//! `ts_rs::TS`; `tests/types.rs` keeps `ui/src/lib/backend/generated/` in step with them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_core::{fields, Failure, Text};

/// What the signer says about itself: the endorsement's `signer`, without the key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Details {
    pub name: String,
    pub kind: SignerKind,
    pub country: String,
    pub website: Option<String>,
    pub title: Option<String>,
    pub affiliation: Option<String>,
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(fields::normalize)
}

impl Details {
    /// Trims and normalizes, drops empty optional fields and fields that do not apply.
    pub fn cleaned(&self) -> Details {
        let individual = self.kind == SignerKind::Individual;
        Details {
            name: fields::normalize(self.name.trim()),
            kind: self.kind,
            country: self.country.trim().to_uppercase(),
            website: opt(&self.website),
            title: if individual { opt(&self.title) } else { None },
            affiliation: if individual { opt(&self.affiliation) } else { None },
        }
    }

    /// The field rules of FORMAT.md §5, each broken rule as a sentence.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut check = |r: Result<(), String>| {
            if let Err(m) = r {
                out.push(m);
            }
        };
        check(fields::name("the name", &self.name, 200));
        check(fields::country(&self.country));
        if let Some(w) = &self.website {
            check(fields::website(w));
        }
        if let Some(t) = &self.title {
            check(fields::name("the title", t, 200));
        }
        if let Some(a) = &self.affiliation {
            check(fields::name("the affiliation", a, 200));
        }
        out
    }

    pub fn to_signer(&self) -> SignerDetails {
        SignerDetails {
            name: self.name.clone(),
            kind: self.kind,
            country: self.country.clone(),
            website: self.website.clone(),
            title: self.title.clone(),
            affiliation: self.affiliation.clone(),
        }
    }
}

/// The identity of this store's user: its public key and, once filled in, its details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Identity {
    pub public_key: String,
    /// The key's fingerprint in eight groups of four hex digits, for people to compare.
    pub fingerprint: String,
    pub details: Option<Details>,
    pub key_file: String,
}

/// What the app knows at start and after every change of identity or lock state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub store_path: String,
    /// The folder next to the store that holds `identity.key`, `identity.json` and demos.
    pub folder: String,
    pub identity: Option<Identity>,
    pub unlocked: bool,
    /// Minutes of inactivity after which the key is locked again.
    #[ts(type = "number")]
    pub lock_minutes: u64,
    /// A file given on the command line ("open with"): an invitation or a bundle.
    pub launch_file: Option<String>,
    /// Set by the end-to-end tests (UNDERSIGNED_E2E=1): file dialogs take their answers from the test.
    pub e2e: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Country {
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Opened {
    #[ts(type = "number")]
    pub version: u64,
    pub digest: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvitationSaved {
    pub path: String,
    #[ts(type = "number")]
    pub version: u64,
    pub lead_fingerprint: String,
}

/// Progress of long work, sent over a channel while a command runs: `done` of `total` `unit`s
/// ("files", "bytes", "signatories"), and what is being done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub stage: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    pub unit: String,
}

/// A publication written by `publication_export`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct PublicationSaved {
    pub dir: String,
    /// The readable page, to open in a browser.
    pub index: String,
    #[ts(type = "number")]
    pub release: u64,
    #[ts(type = "number")]
    pub signatories: u64,
    #[ts(type = "number")]
    pub withdrawn: u64,
}

/// An invitation as the member sees it before signing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct InvitationView {
    pub path: String,
    pub statement_id: String,
    #[ts(type = "number")]
    pub version: u64,
    pub texts: Vec<Text>,
    pub digest: String,
    pub lead_name: String,
    pub lead_key: String,
    pub lead_fingerprint: String,
    pub opened_at: String,
    pub closes_on: Option<String>,
    /// Empty when the invitation verifies; else every reason it does not (do not sign then).
    pub problems: Vec<Failure>,
    /// Whether this store already holds a signature of this version by the user.
    pub already_signed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Signed {
    pub entry: String,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DemoCreated {
    pub statement_id: String,
    pub folder: String,
    #[ts(type = "number")]
    pub signatories: u64,
    /// The demo lead's key file and its passphrase, to try publishing as the demo's lead.
    pub lead_key: String,
    pub passphrase: String,
}
