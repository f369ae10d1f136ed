//! The TypeScript declarations in ui/src/lib/backend/generated/ are generated from the Rust
//! types that cross IPC (ts-rs). This test fails when they are stale; regenerate them with
//! `UPDATE_TS_TYPES=1 cargo test -p undersigned-app --test types` (or `make ui-types`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    // Every integer that crosses is far below 2^53: numbers, not bigints.
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all(&cfg).expect(concat!("export ", stringify!($t))); )* };
    }
    use undersigned_app::{error::*, json::*};
    use undersigned_store::views::*;
    use undersigned_store::*;
    export!(
        AppError,
        AppInfo,
        Country,
        Opened,
        InvitationSaved,
        PublicationSaved,
        Progress,
        InvitationView,
        Signed,
        DemoCreated,
        Details,
        StatementSummary,
        ImportResult,
        ReviewItem,
        ReleaseSummary,
        VersionView,
        SignatoryRow,
        roster::RosterQuery,
        roster::RosterPage,
        roster::RosterSummary,
        ReleaseRow,
        MySignature,
        undersigned_core::VerificationReport,
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".ts") {
            out.insert(name, std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    out
}

#[test]
fn generated_typescript_is_up_to_date() {
    let committed: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "ui", "src", "lib", "backend", "generated"].iter().collect();
    if std::env::var("UPDATE_TS_TYPES").is_ok_and(|v| v == "1") {
        for name in read_dir(&committed).keys() {
            std::fs::remove_file(committed.join(name)).unwrap();
        }
        std::fs::create_dir_all(&committed).unwrap();
        export_all(&committed);
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    export_all(tmp.path());
    let fresh = read_dir(tmp.path());
    let old = read_dir(&committed);
    let stale: Vec<&String> = fresh.keys().chain(old.keys()).filter(|k| fresh.get(*k) != old.get(*k)).collect();
    assert!(
        stale.is_empty(),
        "ui/src/lib/backend/generated/ is stale ({stale:?}); run `make ui-types` and commit the result"
    );
}
