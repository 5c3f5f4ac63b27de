//! Following a CSV stream's quoting byte by byte, to tell a quoted field that is never closed.
//!
//! The CSV reader takes everything after an opening quote that has no closing one — the rest
//! of the file — for one field, and says nothing: a stray `"` in a hand-typed note would turn
//! every row below it into text of one lead. [`QuoteTracker`] reads the same bytes the reader
//! does (after line endings became LF) with the reader's own rules, and at the end of the
//! stream notes where a field left open began ([`UnclosedQuote`]), so the import can refuse
//! that record and name its lines instead.

use std::sync::{Arc, Mutex};

/// Where a quoted field left open at the end of the stream began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenQuote {
    /// Offset of the opening quote in the LF stream (the CSV reader's byte positions).
    pub offset: u64,
    /// Its physical line.
    pub line: u64,
    /// The physical line the stream ended on.
    pub last_line: u64,
}

/// Shared between the tracker, which fills it at the end of the stream, and the code that reads
/// records, which asks it about each record.
#[derive(Debug, Clone, Default)]
pub struct UnclosedQuote(Arc<Mutex<Option<OpenQuote>>>);

impl UnclosedQuote {
    /// The field left open, once the stream has ended with one.
    pub fn get(&self) -> Option<OpenQuote> {
        self.0.lock().ok().and_then(|q| *q)
    }

    /// Whether the record at `start..end` (the reader's byte positions) holds the field left
    /// open: that record runs to the end of the file.
    pub fn holds(&self, start: u64, end: u64) -> Option<OpenQuote> {
        self.get().filter(|q| start <= q.offset && q.offset < end)
    }

    fn set(&self, q: OpenQuote) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(q);
        }
    }
}

/// Where in a field the stream is, by the rules of the `csv` crate's reader (RFC 4180 with
/// doubled quotes; a quote inside an unquoted field is a plain character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: a second one is a literal quote, anything else ends it.
    QuoteInQuoted,
}

/// Follows the quoting of an LF stream.
#[derive(Debug)]
pub struct QuoteTracker {
    delimiter: u8,
    state: State,
    line: u64,
    /// The last byte was a line feed.
    after_lf: bool,
    opened: OpenQuote,
    out: UnclosedQuote,
}

impl QuoteTracker {
    /// A tracker for a stream split by `delimiter`.
    pub fn new(delimiter: u8) -> QuoteTracker {
        QuoteTracker {
            delimiter,
            state: State::FieldStart,
            line: 1,
            after_lf: false,
            opened: OpenQuote {
                offset: 0,
                line: 1,
                last_line: 1,
            },
            out: UnclosedQuote::default(),
        }
    }

    /// Where the field left open is reported.
    pub fn unclosed(&self) -> UnclosedQuote {
        self.out.clone()
    }

    /// One byte of the stream at `offset`.
    #[inline]
    pub fn step(&mut self, b: u8, offset: u64) {
        let ends_field = b == self.delimiter || b == b'\n';
        self.state = match (self.state, b) {
            (State::FieldStart, b'"') => {
                self.opened.offset = offset;
                self.opened.line = self.line;
                State::Quoted
            }
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart | State::Unquoted | State::QuoteInQuoted, _) if ends_field => {
                State::FieldStart
            }
            _ => State::Unquoted,
        };
        self.after_lf = b == b'\n';
        if self.after_lf {
            self.line += 1;
        }
    }

    /// The stream ended: reports a field still open.
    pub fn finish(&mut self) {
        if self.state == State::Quoted {
            // A stream ending in a line feed ends on the line before it.
            let last_line = if self.after_lf {
                self.line.saturating_sub(1).max(self.opened.line)
            } else {
                self.line
            };
            self.out.set(OpenQuote {
                last_line,
                ..self.opened
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Option<OpenQuote> {
        let mut t = QuoteTracker::new(b',');
        for (i, b) in text.bytes().enumerate() {
            t.step(b, i as u64);
        }
        t.finish();
        t.unclosed().get()
    }

    #[test]
    fn closed_quotes_doubled_quotes_and_bare_quotes_are_fine() {
        assert_eq!(run("a,\"b, c\"\n\"x\"\"y\",z\n"), None);
        assert_eq!(run("a,\"multi\nline\"\nnext,row\n"), None);
        // A quote inside an unquoted field is a plain character: 5" floppy.
        assert_eq!(run("disk,5\" floppy\nnext,row\n"), None);
        // A closing quote followed by more text: the reader appends it, the field is closed.
        assert_eq!(run("a,\"b\"c\nnext,row\n"), None);
        assert_eq!(run(""), None);
    }

    #[test]
    fn a_field_left_open_is_found_with_its_lines() {
        let text = "email,name,notes\na@x.com,Taro,\"called, left vm\nb@x.com,Hanako,ok\nc@x.com,Jiro,ok\n";
        let q = run(text).unwrap_or_else(|| panic!("not found"));
        assert_eq!(q.line, 2);
        assert_eq!(q.last_line, 4);
        assert_eq!(text.as_bytes()[q.offset as usize], b'"');
        // Without a final line feed the last line is the same.
        let q = run(text.trim_end()).unwrap_or_else(|| panic!("not found"));
        assert_eq!((q.line, q.last_line), (2, 4));
    }

    #[test]
    fn the_open_field_is_the_last_one_opened() {
        let q = run("a,\"ok\"\nb,\"open\nc,d\n").unwrap_or_else(|| panic!("not found"));
        assert_eq!(q.line, 2);
        assert_eq!(q.offset, 9);
    }

    #[test]
    fn holds_names_the_record_that_spans_the_quote() {
        let q = UnclosedQuote::default();
        q.set(OpenQuote {
            offset: 10,
            line: 2,
            last_line: 5,
        });
        assert!(q.holds(0, 10).is_none());
        assert!(q.holds(8, 40).is_some());
        assert!(q.holds(11, 40).is_none());
    }
}
