//! The scanner under the streaming parser: it cuts JSON values out of a reader as raw bytes, for
//! `serde_json` to parse each one, and reads only the punctuation of the top level itself.

use std::io::{self, Read};

/// Why the input is not JSON at all.
pub(super) enum ScanError {
    Io(io::Error),
    /// A message and the offset where it was found.
    Syntax(String, u64),
}

impl From<io::Error> for ScanError {
    fn from(e: io::Error) -> Self {
        ScanError::Io(e)
    }
}

/// Cuts JSON values out of a reader as raw bytes, for `serde_json` to parse each one: the
/// structure of the top level is all it reads itself (white space, `{`, `:`, `,`, …), and it
/// finds the end of a value by its brackets, skipping strings with `memchr`.
pub(super) struct Scanner<R> {
    r: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// Bytes consumed before `buf`.
    base: u64,
    eof: bool,
}

impl<R: Read> Scanner<R> {
    pub(super) fn new(r: R) -> Self {
        Scanner { r, buf: vec![0u8; 1 << 20].into_boxed_slice(), pos: 0, len: 0, base: 0, eof: false }
    }

    pub(super) fn syntax(&self, m: &str) -> ScanError {
        ScanError::Syntax(m.to_owned(), self.base + self.pos as u64)
    }

    /// Makes at least one byte available, unless at the end. Returns false at the end.
    fn fill(&mut self) -> Result<bool, ScanError> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.base += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.r.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ScanError::Io(e)),
            }
        }
    }

    pub(super) fn peek(&mut self) -> Result<Option<u8>, ScanError> {
        Ok(if self.fill()? { Some(self.buf[self.pos]) } else { None })
    }

    pub(super) fn bump(&mut self) {
        self.pos += 1;
    }

    pub(super) fn next(&mut self) -> Result<Option<u8>, ScanError> {
        let c = self.peek()?;
        if c.is_some() {
            self.pos += 1;
        }
        Ok(c)
    }

    pub(super) fn expect(&mut self, c: u8) -> Result<(), ScanError> {
        if self.next()? == Some(c) {
            Ok(())
        } else {
            Err(self.syntax(&format!("expected `{}`", c as char)))
        }
    }

    /// Skips JSON white space (space, tab, line feed, carriage return).
    pub(super) fn skip_ws(&mut self) -> Result<(), ScanError> {
        while self.fill()? {
            match self.buf[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// Appends the next value's bytes to `out`. Only its extent is found here; whether it is
    /// valid JSON is for the parser given the bytes.
    pub(super) fn capture(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        match self.peek()? {
            None => Err(self.syntax("EOF while parsing a value")),
            Some(b'"' | b'{' | b'[') => self.capture_nested(out),
            Some(_) => self.capture_scalar(out),
        }
    }

    /// A string, list or object: up to the closing quote or bracket that ends it. Strings are
    /// skipped with `memchr`; bytes are copied once per buffer, except the white space that
    /// follows `{`, `[`, `,` and `:` (insignificant, and never between two tokens it separates),
    /// which is dropped: the pretty layout's indentation is a quarter of a bundle.
    fn capture_nested(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        let mut depth = 0usize;
        let mut in_str = false;
        let mut escaped = false;
        let mut skip_ws = false;
        let mut start = self.pos;
        loop {
            if self.pos == self.len {
                out.extend_from_slice(&self.buf[start..self.len]);
                if !self.fill()? {
                    return Err(self.syntax("EOF while parsing a value"));
                }
                start = self.pos;
            }
            if escaped {
                // The byte after a backslash belongs to the escape, whatever it is.
                escaped = false;
                self.pos += 1;
                continue;
            }
            if skip_ws {
                let rest = &self.buf[self.pos..self.len];
                let n = rest.iter().position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')).unwrap_or(rest.len());
                self.pos += n;
                start = self.pos;
                if self.pos == self.len {
                    continue;
                }
                skip_ws = false;
            }
            let rest = &self.buf[self.pos..self.len];
            if in_str {
                match memchr::memchr2(b'"', b'\\', rest) {
                    None => self.pos = self.len,
                    Some(i) => {
                        self.pos += i + 1;
                        if rest[i] == b'\\' {
                            escaped = true;
                        } else {
                            in_str = false;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
            } else {
                match rest.iter().position(|&c| matches!(c, b'"' | b'{' | b'}' | b'[' | b']' | b',' | b':')) {
                    None => self.pos = self.len,
                    Some(i) => {
                        self.pos += i + 1;
                        match rest[i] {
                            b'"' => in_str = true,
                            b'}' | b']' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            c => {
                                if c == b'{' || c == b'[' {
                                    depth += 1;
                                }
                                out.extend_from_slice(&self.buf[start..self.pos]);
                                start = self.pos;
                                skip_ws = true;
                            }
                        }
                    }
                }
            }
        }
        out.extend_from_slice(&self.buf[start..self.pos]);
        Ok(())
    }

    fn capture_scalar(&mut self, out: &mut Vec<u8>) -> Result<(), ScanError> {
        let start = out.len();
        while self.fill()? {
            let buf = &self.buf[self.pos..self.len];
            let i = buf
                .iter()
                .position(|&c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(buf.len());
            out.extend_from_slice(&buf[..i]);
            self.pos += i;
            if i < buf.len() {
                break;
            }
        }
        if out.len() == start {
            return Err(self.syntax("expected a value"));
        }
        Ok(())
    }
}
