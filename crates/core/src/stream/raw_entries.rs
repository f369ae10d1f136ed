//! The entries of a bundle whose format is 1.1, as read: each one's JSON, kept apart from the
//! bundle's members until the 1.1 verifier reads them, a run at a time. In memory; or, given a
//! scratch file ([`Options::scratch`](super::Options::scratch)) and a bundle that says it is
//! 1.1 before its entries, appended to the scratch (a million entries are about a gigabyte of
//! text), with only where each one is kept in memory (12 bytes an entry).

use super::values::ScratchRef;
use std::io::{self, SeekFrom};
use std::ops::Range;

/// Bytes of entries written to the scratch at a time.
const PENDING: usize = 8 << 20;

pub(crate) enum RawEntries<'s> {
    Memory(Vec<Vec<u8>>),
    Spilled(Spilled<'s>),
}

pub(crate) struct Spilled<'s> {
    scratch: ScratchRef<'s>,
    /// Where each entry starts in the scratch, and its length. Entries written together are
    /// contiguous; the scratch may hold other things between two writes.
    starts: Vec<u64>,
    lens: Vec<u32>,
    /// Entries not written yet, one after another, from `starts.len() - pending_count`.
    pending: Vec<u8>,
    pending_count: usize,
    /// The first error; the bundle is then reported unreadable with it.
    failed: Option<io::Error>,
}

impl<'s> RawEntries<'s> {
    /// Where a bundle's entries go: the scratch, when there is one.
    pub(crate) fn new(scratch: Option<ScratchRef<'s>>) -> Self {
        match scratch {
            None => RawEntries::Memory(Vec::new()),
            Some(scratch) => RawEntries::Spilled(Spilled {
                scratch,
                starts: Vec::new(),
                lens: Vec::new(),
                pending: Vec::new(),
                pending_count: 0,
                failed: None,
            }),
        }
    }

    pub(crate) fn push(&mut self, raw: &[u8]) {
        match self {
            RawEntries::Memory(v) => v.push(raw.to_vec()),
            RawEntries::Spilled(s) => s.push(raw),
        }
    }

    /// Writes what is pending (after the last entry).
    pub(crate) fn flush(&mut self) {
        if let RawEntries::Spilled(s) = self {
            s.flush();
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            RawEntries::Memory(v) => v.len(),
            RawEntries::Spilled(s) => s.starts.len(),
        }
    }

    /// Whether every entry was kept (a scratch file may have failed to take them).
    pub(crate) fn intact(&self) -> bool {
        match self {
            RawEntries::Memory(_) => true,
            RawEntries::Spilled(s) => s.failed.is_none(),
        }
    }

    /// Calls `f` with each entry of `range`, in order. An error when they cannot be read back
    /// (or could not be written).
    pub(crate) fn each(&self, range: Range<usize>, mut f: impl FnMut(&[u8])) -> io::Result<()> {
        match self {
            RawEntries::Memory(v) => {
                v[range].iter().for_each(|e| f(e));
                Ok(())
            }
            RawEntries::Spilled(s) => s.each(range, f),
        }
    }
}

impl Spilled<'_> {
    fn push(&mut self, raw: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let Ok(len) = u32::try_from(raw.len()) else {
            self.failed = Some(io::Error::other("an entry is larger than 4 GiB"));
            return;
        };
        self.starts.push(self.pending.len() as u64);
        self.lens.push(len);
        self.pending.extend_from_slice(raw);
        self.pending_count += 1;
        if self.pending.len() >= PENDING {
            self.flush();
        }
    }

    /// Appends the pending entries to the scratch, and makes their starts absolute.
    fn flush(&mut self) {
        if self.pending_count == 0 || self.failed.is_some() {
            return;
        }
        let written = match self.scratch.lock() {
            Ok(mut s) => s.seek(SeekFrom::End(0)).and_then(|at| s.write_all(&self.pending).map(|()| at)),
            Err(_) => Err(io::Error::other("the scratch file is unusable")),
        };
        match written {
            Ok(at) => {
                let from = self.starts.len() - self.pending_count;
                self.starts[from..].iter_mut().for_each(|s| *s += at);
            }
            Err(e) => self.failed = Some(e),
        }
        self.pending.clear();
        self.pending_count = 0;
    }

    fn each(&self, range: Range<usize>, mut f: impl FnMut(&[u8])) -> io::Result<()> {
        if let Some(e) = &self.failed {
            return Err(io::Error::new(e.kind(), format!("cannot keep this bundle's entries in a scratch file: {e}")));
        }
        let unusable = || io::Error::other("the scratch file is unusable");
        let mut i = range.start;
        while i < range.end {
            // The entries from i written together, read at once.
            let mut j = i + 1;
            while j < range.end && self.starts[j] == self.starts[j - 1] + u64::from(self.lens[j - 1]) {
                j += 1;
            }
            let end = self.starts[j - 1] + u64::from(self.lens[j - 1]);
            let mut buf = vec![0u8; (end - self.starts[i]) as usize];
            {
                let mut s = self.scratch.lock().map_err(|_| unusable())?;
                s.seek(SeekFrom::Start(self.starts[i]))?;
                s.read_exact(&mut buf)?;
            }
            for k in i..j {
                let at = (self.starts[k] - self.starts[i]) as usize;
                f(&buf[at..at + self.lens[k] as usize]);
            }
            i = j;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Seek, Write};
    use std::sync::Mutex;

    fn entries(n: usize) -> Vec<Vec<u8>> {
        (0..n).map(|i| format!("{{\"entry\":{i},\"pad\":\"{}\"}}", "x".repeat(i % 97)).into_bytes()).collect()
    }

    #[test]
    fn entries_come_back_as_written_whatever_else_the_scratch_holds() {
        let scratch = Mutex::new(Cursor::new(b"something else first".to_vec()));
        let mut raw = RawEntries::new(Some(&scratch));
        let all = entries(200_000);
        for (i, e) in all.iter().enumerate() {
            raw.push(e);
            if i == 100_000 {
                // Another writer between two of our writes.
                raw.flush();
                let mut s = scratch.lock().expect("lock");
                s.seek(SeekFrom::End(0)).expect("seek");
                s.write_all(b"another writer").expect("write");
            }
        }
        raw.flush();
        assert_eq!(raw.len(), all.len());
        for range in [0..1, 0..all.len(), 99_990..100_010, 150_000..150_001, 199_999..200_000] {
            let mut got = Vec::new();
            raw.each(range.clone(), |e| got.push(e.to_vec())).expect("read back");
            assert_eq!(got, all[range].to_vec());
        }
    }

    // A scratch that cannot be written: `tests/stream.rs`, through the whole pipeline.
}
