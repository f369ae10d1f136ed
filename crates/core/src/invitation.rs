//! Invitations (FORMAT.md §6): the statement version a member is asked to sign.

use crate::canonical::{check_format, parse_strict};
use crate::error::{Failure, ParseError};
use crate::statement::{verify_version, StatementVersion};
use crate::FORMAT;
use serde::{Deserialize, Serialize};

pub const TYPE: &str = "invitation";
pub const MAX_BYTES: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invitation {
    pub format: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub statement: StatementVersion,
}

impl Invitation {
    pub fn new(statement: StatementVersion) -> Self {
        Invitation { format: FORMAT.into(), kind: TYPE.into(), statement }
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let inv: Invitation = parse_strict(bytes, MAX_BYTES, "invitation")?;
        check_format(&inv.format, &inv.kind, TYPE, "invitation")?;
        check_format(
            &inv.statement.signed.format,
            &inv.statement.signed.kind,
            crate::statement::TYPE,
            "statement version",
        )?;
        Ok(inv)
    }

    /// Every failure of the statement version it carries.
    pub fn verify(&self) -> Vec<Failure> {
        at_statement(verify_version(&self.statement))
    }

    pub fn to_json(&self) -> Vec<u8> {
        crate::canonical::pretty(self)
    }
}

/// The failures of an invitation's version, placed at `statement` (unless placed inside it).
pub(crate) fn at_statement(failures: Vec<Failure>) -> Vec<Failure> {
    failures.into_iter().map(|f| if f.at.is_none() { f.at("statement") } else { f }).collect()
}
