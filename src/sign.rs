//! `undersigned sign`: a member signs the statement of an invitation.

use crate::cli::SignArgs;
use crate::common::{now, unlock, with_path, Fail};
use std::path::Path;
use undersigned_core::endorsement::{SignerDetails, SignerKind};
use undersigned_store::{files, Store};

pub fn run(args: SignArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let SignArgs { invitation, key, name, country, kind, website, title, affiliation, out, unnamed, region, contact } =
        args;
    let inv = undersigned_store::read_invitation(&invitation).map_err(|e| with_path(e, &invitation))?;
    let failures = inv.verify();
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}");
        }
        return Err(Fail { code: 1, err: anyhow::anyhow!("the invitation does not verify; do not sign it") });
    }
    let details = SignerDetails {
        name,
        kind: SignerKind::parse(&kind).unwrap_or(SignerKind::Organization),
        country,
        website,
        title,
        affiliation,
    };
    if unnamed {
        return sign_unnamed(&inv, &details, &key, region.as_deref(), contact.as_deref(), &out, db);
    }
    let sk = unlock(&key)?;
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

/// `sign --unnamed`: the hidden endorsement at `out`, the vetting packet beside it, and the
/// member's sealed record in its store (kept first: without it, no reveal and no withdrawal).
fn sign_unnamed(
    inv: &undersigned_core::AnyInvitation,
    details: &SignerDetails,
    key: &Path,
    region: Option<&str>,
    contact: Option<&str>,
    out: &Path,
    db: Option<&Path>,
) -> Result<u8, Fail> {
    let sk = unlock(key)?;
    let mut store = Store::open_default(db)?;
    let signed = undersigned_store::workflows::unnamed::sign_hidden(
        inv,
        details,
        &sk,
        region,
        contact,
        &now(),
        &mut rand_core::OsRng,
    )?;
    store.record_hidden(&signed)?;
    let packet = out.with_extension("undersigned-vetting");
    files::write_atomic(out, &undersigned_core::canonical::pretty(&signed.hidden), false)?;
    files::write_atomic(&packet, &signed.packet, false)?;
    let v = inv.0.body();
    println!(
        "Signed version {} of \"{}\" without your name{}.",
        v.version,
        v.text(None).map(|t| t.title.as_str()).unwrap_or(""),
        region.map(|r| format!(", counted in {r}")).unwrap_or_default()
    );
    println!("Hidden endorsement written to {}, entry {}.", out.display(), signed.entry);
    println!(
        "Vetting packet written to {}: only {} can open it. Send both files to the lead; the packet tells the lead who \
         you are, the list does not.",
        packet.display(),
        v.lead_name
    );
    println!("Keep this store: it holds what you need to reveal yourself later (`undersigned reveal`) or withdraw.");
    Ok(0)
}
