//! The entries of a bundle 1.1 checked as they are read, a run at a time, on every core, when
//! its other members come before them (as writers put them): the reading then overlaps the
//! checking, as for format 1. What the checks are is the caller's ([`RunChecks`], the 1.1
//! verifier's); this file only cuts the runs and hands them to worker threads.

use crate::bundle11;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Mutex, PoisonError};

/// Checks of a bundle 1.1's entries while they are read.
pub(crate) trait RunChecks: Sync {
    /// Called at most once, when the bundle's members read before its entries (with `entries`
    /// empty) read as a whole bundle 1.1: the entries per run, or None to check nothing while
    /// reading.
    fn begin(&self, header: &bundle11::Bundle, threads: usize) -> Option<usize>;
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
    let panicked: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let res = std::thread::scope(|s| {
        for _ in 0..threads {
            let (rx, free_tx, panicked) = (&rx, free_tx.clone(), &panicked);
            s.spawn(move || {
                loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut run) = next else { return };
                    if panicked.lock().is_ok_and(|p| p.is_none()) {
                        let starts = std::iter::once(0).chain(run.ends.iter().copied());
                        let raws: Vec<&[u8]> = starts.zip(&run.ends).map(|(a, &b)| &run.buf[a..b]).collect();
                        // A panic is the caller's, once the reader is done: until then the
                        // workers take the runs without checking them, so that it never waits.
                        let checked = panic::catch_unwind(AssertUnwindSafe(|| checks.run(run.first, &raws)));
                        if let (Err(p), Ok(mut first)) = (checked, panicked.lock()) {
                            first.get_or_insert(p);
                        }
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
                // The workers take every run until the channel closes.
                let _ = tx.send(std::mem::replace(&mut run, next));
            }
        });
        if !run.ends.is_empty() {
            let _ = tx.send(run);
        }
        drop(tx);
        res
    });
    if let Some(p) = panicked.into_inner().unwrap_or_else(PoisonError::into_inner) {
        panic::resume_unwind(p);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Records each run's first entry and entries; panics on the run from `panic_at`.
    struct Record {
        runs: Mutex<Vec<(usize, Vec<Vec<u8>>)>>,
        panic_at: Option<usize>,
        calls: AtomicUsize,
    }

    impl RunChecks for Record {
        fn begin(&self, _: &bundle11::Bundle, _: usize) -> Option<usize> {
            None
        }
        fn run(&self, first: usize, raws: &[&[u8]]) {
            self.calls.fetch_add(1, Ordering::Relaxed);
            assert_ne!(Some(first), self.panic_at, "a check that panics");
            self.runs.lock().unwrap().push((first, raws.iter().map(|r| r.to_vec()).collect()));
        }
    }

    fn entries(n: usize) -> Vec<Vec<u8>> {
        (0..n).map(|i| format!("{{\"entry\":{i}}}").into_bytes()).collect()
    }

    #[test]
    fn every_entry_reaches_the_checks_once_in_runs_that_say_where_they_start() {
        for (threads, size, n) in [(1, 1, 5), (3, 2, 101), (2, 7, 7), (2, 64, 0), (4, 10, 1000)] {
            let all = entries(n);
            let checks = Record { runs: Mutex::new(Vec::new()), panic_at: None, calls: AtomicUsize::new(0) };
            let res: Result<(), ()> = check_runs(&checks, threads, size, |sink| {
                all.iter().for_each(|e| sink(e));
                Ok(())
            });
            assert_eq!(res, Ok(()));
            let mut runs = checks.runs.into_inner().unwrap();
            runs.sort_by_key(|r| r.0);
            let mut at = 0;
            for (first, run) in &runs {
                assert_eq!(*first, at, "threads {threads}, size {size}");
                assert!(!run.is_empty() && run.len() <= size);
                at += run.len();
            }
            let got: Vec<Vec<u8>> = runs.into_iter().flat_map(|r| r.1).collect();
            assert_eq!(got, all, "threads {threads}, size {size}, {n} entries");
        }
    }

    #[test]
    fn a_check_that_panics_is_the_callers_and_the_reader_never_waits_for_it() {
        for threads in [1, 2] {
            let all = entries(500);
            let checks = Record { runs: Mutex::new(Vec::new()), panic_at: Some(10), calls: AtomicUsize::new(0) };
            let res = panic::catch_unwind(AssertUnwindSafe(|| {
                check_runs::<()>(&checks, threads, 5, |sink| {
                    all.iter().for_each(|e| sink(e));
                    Ok(())
                })
            }));
            assert!(res.is_err(), "the panic reaches the caller ({threads} threads)");
            // No run is checked after the panic is seen (a worker may have taken one already).
            assert!(checks.calls.load(Ordering::Relaxed) < 100, "{}", checks.calls.load(Ordering::Relaxed));
        }
    }
}
