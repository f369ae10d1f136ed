//! The app's Verify without its window (issue 21, BENCHMARKS.md): times the store's
//! `list_files` (every entry's line kept, to be read a page at a time) or `verify_files` (the
//! CLI's `verify`, with or without `--entries`) of one bundle, and prints when each stage of its
//! progress starts and ends, on standard error.
//!
//!   cargo run --release -p undersigned-store --example verify-listed -- BUNDLE [list|plain|entries]

#![forbid(unsafe_code)]

use std::cell::Cell;
use std::path::Path;
use std::time::Instant;
use undersigned_store::verify::{list_files, verify_files, Stage};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1).map(Path::new) else {
        eprintln!("usage: verify-listed BUNDLE [list|plain|entries]");
        std::process::exit(2);
    };
    let mode = args.get(2).map_or("list", String::as_str);
    let t = Instant::now();
    let at = || t.elapsed().as_secs_f64();
    let last = Cell::new(None);
    let progress = |_: &Path, stage: Stage, done: u64, total: u64| {
        if last.replace(Some(stage)) != Some(stage) {
            eprintln!("{:>7.2} s  {stage:?} starts", at());
        }
        if done == total {
            eprintln!("{:>7.2} s  {stage:?} done", at());
        }
    };
    let seed = [7; 32];
    match mode {
        "list" => {
            let listed = list_files(path, None, &seed, None, &progress);
            eprintln!("{:>7.2} s  listed {} entries, valid {}", at(), listed.len(false), listed.report().valid);
            let page = Instant::now();
            let lines = listed.page(listed.len(false) / 2, 100, false);
            eprintln!("a page of {} lines from the middle in {:?}", lines.len(), page.elapsed());
        }
        "plain" | "entries" => {
            let v = verify_files(path, None, &seed, mode == "entries", &progress);
            eprintln!("{:>7.2} s  verified, valid {}, {} lines", at(), v.report.valid, v.report.entries.len());
        }
        _ => {
            eprintln!("usage: verify-listed BUNDLE [list|plain|entries]");
            std::process::exit(2);
        }
    }
}
