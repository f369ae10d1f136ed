//! `undersigned sign`: a member signs the statement of an invitation.

use crate::cli::SignArgs;
use crate::common::{now, unlock, with_path, Fail};
use std::path::Path;
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_store::{files, Store};

pub fn run(args: SignArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let SignArgs { invitation, key, name, country, kind, website, title, affiliation, out } = args;
    let inv = undersigned_store::read_invitation(&invitation).map_err(|e| with_path(e, &invitation))?;
    let failures = inv.verify();
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}");
        }
        return Err(Fail { code: 1, err: anyhow::anyhow!("the invitation does not verify; do not sign it") });
    }
    let sk = unlock(&key)?;
    let details = SignerDetails {
        name,
        kind: SignerKind::parse(&kind).unwrap_or(SignerKind::Organization),
        country,
        website,
        title,
        affiliation,
    };
    let e = undersigned_store::sign_invitation(&inv, &details, &sk, &now())?;
    files::write_atomic(&out, &e.to_json(), false)?;
    if let Ok(mut store) = Store::open_default(db) {
        if let Err(err) = store.record_signature(&inv, &e) {
            eprintln!("warning: could not record this signature in the store: {err}");
        }
    }
    let v = inv.0.body();
    println!(
        "Signed version {} of \"{}\" as {}.",
        v.version,
        v.text(None).map(|t| t.title.as_str()).unwrap_or(""),
        e.signed.signer.name
    );
    println!("Endorsement written to {}: send it back to {}.", out.display(), v.lead_name);
    let (witnesses, quorum) = inv.0.witnesses();
    if !witnesses.is_empty() {
        let names: Vec<&str> = witnesses.iter().map(|w| w.name.as_str()).collect();
        println!(
            "You endorsed its witnesses too: {quorum} of {} must co-sign each release ({}).",
            witnesses.len(),
            names.join(", ")
        );
    }
    Ok(0)
}
