//! JSON (one array, written element by element) and JSON Lines.

use std::io::{self, Write};

use serde_json::Value;

/// Writes values as a JSON array or as JSON Lines, one at a time.
#[derive(Debug)]
pub struct JsonWriter<W> {
    out: W,
    lines: bool,
    count: u64,
}

impl<W: Write> JsonWriter<W> {
    /// `lines`: JSON Lines; else one array.
    pub fn new(out: W, lines: bool) -> JsonWriter<W> {
        JsonWriter {
            out,
            lines,
            count: 0,
        }
    }

    /// Writes one value.
    pub fn write(&mut self, v: &Value) -> io::Result<()> {
        if self.lines {
            serde_json::to_writer(&mut self.out, v)?;
            self.out.write_all(b"\n")?;
        } else {
            self.out
                .write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.out, v)?;
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the array and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.lines {
            self.out
                .write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_and_lines() {
        let mut w = JsonWriter::new(Vec::new(), false);
        w.write(&serde_json::json!({"a": 1}))
            .unwrap_or_else(|e| panic!("{e}"));
        w.write(&serde_json::json!({"a": 2}))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = w.finish().unwrap_or_else(|e| panic!("{e}"));
        let v: Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.as_array().map(Vec::len), Some(2));
        let empty = JsonWriter::new(Vec::new(), false)
            .finish()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(empty, b"[]\n");
        let mut l = JsonWriter::new(Vec::new(), true);
        l.write(&serde_json::json!(1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(l.finish().unwrap_or_else(|e| panic!("{e}")), b"1\n");
    }
}
