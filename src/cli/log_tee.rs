//! The error output: every line is made safe for the terminal (an error may quote lead data or
//! a hostile argument) and also goes to the log at error level (where contacts are taken out).

use std::io::{self, Write};

use crate::domain::text::sanitize_line;
use crate::io::log;

/// Writes whole, cleaned lines through to `inner` and logs each of them.
pub struct LogTee<'a, W: Write> {
    inner: &'a mut W,
    line: Vec<u8>,
}

impl<'a, W: Write> LogTee<'a, W> {
    /// Wraps a writer.
    pub fn new(inner: &'a mut W) -> Self {
        LogTee {
            inner,
            line: Vec::new(),
        }
    }

    /// Cleans, writes and logs what is buffered (a line, or the rest at a flush).
    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let rest = self.line.split_off(upto);
        let raw = std::mem::replace(&mut self.line, rest);
        let text = String::from_utf8_lossy(&raw);
        let newline = text.ends_with('\n');
        let clean = sanitize_line(text.trim_end_matches(['\n', '\r']));
        log::error(&clean);
        self.inner.write_all(clean.as_bytes())?;
        if newline {
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> Write for LogTee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(buf);
        while let Some(pos) = self.line.iter().position(|b| *b == b'\n') {
            self.emit(pos + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            let n = self.line.len();
            self.emit(n)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for LogTee<'_, W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
