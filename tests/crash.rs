//! Crash safety of import: SIGKILL at random moments, many times. After each kill the store
//! passes `PRAGMA integrity_check`, every file reported imported is in it, no file is
//! half-imported, and a last import completes.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_undersigned")
}

/// A small deterministic generator (xorshift), so a failing run can be replayed.
struct Xs(u64);
impl Xs {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn import_survives_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lead.db");
    let demo = dir.path().join("demo");
    let out = Command::new(bin())
        .args(["--db", db.to_str().unwrap(), "demo", "--signatories", "2500", "--files", "--pending", "--out"])
        .arg(&demo)
        .env("UNDERSIGNED_PASSPHRASE", "demo")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let folder = demo.join("endorsements");

    // How long an uninterrupted import takes on this machine (on a copy of the store), so that
    // the kills fall inside the import whatever the machine's speed: the faster of two, as the
    // first reads the files from the disk and the rounds find them in the page cache.
    let pristine = dir.path().join("pristine.db");
    std::fs::copy(&db, &pristine).unwrap();
    let full_ms = (0..2)
        .map(|k| {
            let probe = dir.path().join(format!("probe-{k}.db"));
            std::fs::copy(&db, &probe).unwrap();
            let start = Instant::now();
            let out =
                Command::new(bin()).args(["--db", probe.to_str().unwrap(), "import"]).arg(&folder).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            start.elapsed().as_millis() as u64
        })
        .min()
        .unwrap_or(0)
        .max(20);

    let mut rng = Xs(0x9e37_79b9_7f4a_7c15);
    let mut kills = 0;
    let mut killed_db = None;
    for round in 0..30 {
        // Each round starts from the store as the demo left it and is killed at a random moment
        // of a full import.
        let db = dir.path().join(format!("round-{round}.db"));
        std::fs::copy(&pristine, &db).unwrap();
        let mut child = Command::new(bin())
            .args(["--db", db.to_str().unwrap(), "import"])
            .arg(&folder)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Only whole lines count: a group of lines is one write, which the kill can cut short.
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = std::io::BufReader::new(stdout).read_to_end(&mut out);
            let whole = out.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            String::from_utf8_lossy(&out[..whole]).lines().map(str::to_owned).collect::<Vec<_>>()
        });
        let delay = Duration::from_millis(rng.next() % full_ms);
        let start = Instant::now();
        let mut finished = false;
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !finished {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        let reported = reader.join().unwrap();

        // Nothing reported is missing; nothing is half-imported; the file is sound.
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "round {round}");
        for line in &reported {
            let (file, rest) = line.split_once(": ").unwrap_or_else(|| panic!("odd line {line:?}"));
            assert!(rest.starts_with("accepted"), "{line}");
            let sha = sha256_hex(&std::fs::read(file).unwrap());
            let n: i64 = conn.query_row("SELECT count(*) FROM files WHERE sha256 = ?1", [&sha], |r| r.get(0)).unwrap();
            assert_eq!(n, 1, "round {round}: {file} was reported but is not in the store");
        }
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM files f WHERE f.outcome IN ('accepted', 'review')
                   AND (SELECT count(*) FROM entries e WHERE e.file_sha256 = f.sha256) != 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half, 0, "round {round}: a file without exactly one entry");
        let orphans: i64 = conn
            .query_row("SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = e.file_sha256)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphans, 0, "round {round}: an entry without its file");
        if !finished {
            killed_db = Some(db);
        }
    }
    assert!(kills >= 20, "the import was killed only {kills} times in 30: the test did not exercise crashes");
    let db = killed_db.unwrap();

    // A last import completes, and every endorsement is in.
    let out = Command::new(bin()).args(["--db", db.to_str().unwrap(), "import"]).arg(&folder).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM entries WHERE status = 'accepted'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2500);
}
