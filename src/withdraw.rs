//! `undersigned withdraw`: a member signs the withdrawal of an endorsement they signed.

use crate::cli::WithdrawArgs;
use crate::common::{now, unlock, with_path, Fail};
use std::path::Path;
use undersigned_store::{files, Store};

pub fn run(args: WithdrawArgs, db: Option<&Path>) -> Result<u8, Fail> {
    let WithdrawArgs { endorsement, key, out } = args;
    let bytes = files::read_capped(&endorsement, undersigned_core::endorsement::MAX_BYTES, "endorsement")?;
    if undersigned_core::canonical::sniff_type(&bytes).as_deref() == Some(undersigned_core::hidden::HIDDEN_TYPE) {
        // A hidden endorsement: withdrawn by its one-time key, from the member's sealed record.
        let (sk, record, mut store) = crate::unnamed::record_for(&endorsement, &key, db)?;
        let w = store.withdraw_mine(&record.entry(), &sk, &now())?;
        files::write_atomic(&out, &w.to_json(), false)?;
        println!("Withdrawal written to {}: send it to the coalition lead.", out.display());
        return Ok(0);
    }
    let e = undersigned_core::endorsement::parse(&bytes).map_err(|x| with_path(x.into(), &endorsement))?;
    let sk = unlock(&key)?;
    let w = undersigned_store::withdraw(&e, &sk, &now())?;
    files::write_atomic(&out, &w.to_json(), false)?;
    if let Ok(mut store) = Store::open_default(db) {
        let _ = store.record_withdrawal(&w);
    }
    println!("Withdrawal written to {}: send it to the coalition lead.", out.display());
    Ok(0)
}
