//! The entries of a bundle 1.1 checked as they are read, a run at a time, on every core, when
//! its other members come before them (as writers put them): the reading then overlaps the
//! checking, as for format 1. What the checks are is the caller's ([`RunChecks`], the 1.1
//! verifier's); this file only cuts the runs and hands them to worker threads.

use crate::bundle11;
use std::sync::{mpsc, Mutex};

/// Checks of a bundle 1.1's entries while they are read.
pub(crate) trait RunChecks: Sync {
    /// Called at most once, when the bundle's members read before its entries (with `entries`
    /// empty) read as a whole bundle 1.1, with the entries to make room for (its log's size,
    /// bounded by the input's): the entries per run, or None to check nothing while reading.
    fn begin(&self, header: &bundle11::Bundle, threads: usize, reserve: usize) -> Option<usize>;
    /// Checks the run of entries from `first`, given as their JSON as read. Called from several
    /// threads, each run once, in any order.
    fn run(&self, first: usize, raws: &[&[u8]]);
}

/// Entries one after another in `buf`; entry `i` ends at `ends[i]`.
struct Run {
    first: usize,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

/// Runs `produce` (on this thread), which hands each entry's JSON to its sink, while `threads`
/// workers give `checks` every run of `size` entries. Returns `produce`'s result once every
/// run is checked.
pub(super) fn check_runs<E>(
    checks: &dyn RunChecks,
    threads: usize,
    size: usize,
    produce: impl FnOnce(&mut dyn FnMut(&[u8])) -> Result<(), E>,
) -> Result<(), E> {
    let threads = threads.max(1);
    let size = size.max(1);
    let (tx, rx) = mpsc::sync_channel::<Run>(threads);
    let rx = Mutex::new(rx);
    // Emptied runs go back to the reader, so that their buffers are allocated once.
    let (free_tx, free_rx) = mpsc::channel::<Run>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (rx, free_tx) = (&rx, free_tx.clone());
            s.spawn(move || {
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut run) = next else { return };
                    {
                        let starts = std::iter::once(0).chain(run.ends.iter().copied());
                        let raws: Vec<&[u8]> = starts.zip(&run.ends).map(|(a, &b)| &run.buf[a..b]).collect();
                        checks.run(run.first, &raws);
                    }
                    run.buf.clear();
                    run.ends.clear();
                    // The reader may be done already; the run is then dropped.
                    let _ = free_tx.send(run);
                }
            });
        }
        drop(free_tx);
        let empty = |first| Run { first, buf: Vec::with_capacity(size * 1024), ends: Vec::with_capacity(size) };
        let mut run = empty(0);
        let mut first = 0;
        let res = produce(&mut |raw| {
            run.buf.extend_from_slice(raw);
            run.ends.push(run.buf.len());
            if run.ends.len() >= size {
                first += run.ends.len();
                let mut next = free_rx.try_recv().unwrap_or_else(|_| empty(first));
                next.first = first;
                // A send fails only if every worker is gone, which a panic reports below.
                let _ = tx.send(std::mem::replace(&mut run, next));
            }
        });
        if !run.ends.is_empty() {
            let _ = tx.send(run);
        }
        drop(tx);
        res
    })
}
