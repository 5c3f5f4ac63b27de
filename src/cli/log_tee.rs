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

    /// Cleans and writes what is buffered up to `upto` (a line, a progress update ending in
    /// `\r`, or the rest at a flush); logs it when it is a whole line (progress is not logged).
    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let rest = self.line.split_off(upto);
        let raw = std::mem::replace(&mut self.line, rest);
        let text = String::from_utf8_lossy(&raw);
        let (body, end) = match text.as_bytes().last() {
            Some(b'\n') => (text.trim_end_matches(['\n', '\r']), "\n"),
            Some(b'\r') => (&text[..text.len() - 1], "\r"),
            _ => (&text[..], ""),
        };
        let clean = sanitize_line(body);
        if end != "\r" && !clean.trim().is_empty() {
            log::error(&clean);
        }
        self.inner.write_all(clean.as_bytes())?;
        self.inner.write_all(end.as_bytes())
    }
}

impl<W: Write> Write for LogTee<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(buf);
        while let Some(pos) = self.line.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            // A CRLF stays one line end.
            let end = if self.line[pos] == b'\r' && self.line.get(pos + 1) == Some(&b'\n') {
                pos + 2
            } else if self.line[pos] == b'\r' && pos + 1 == self.line.len() {
                // A lone CR at the end may be the first half of a CRLF: wait for more.
                break;
            } else {
                pos + 1
            };
            self.emit(end)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_cleaned_and_progress_updates_pass_through() {
        let mut out = Vec::new();
        {
            let mut tee = LogTee::new(&mut out);
            let _ = write!(tee, "\rimport: 1/2");
            let _ = write!(tee, "\rimport: 2/2\n");
            let _ = writeln!(tee, "no lead x\u{1b}]0;pwned\u{7}\u{202e}y");
            let _ = write!(tee, "tail without newline");
        }
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\rimport: 1/2\rimport: 2/2\nno lead xy\ntail without newline"
        );
    }
}
