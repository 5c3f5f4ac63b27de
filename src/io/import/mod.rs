//! Reading lead files (SPEC §10): encoding, delimiter, header aliases, cleaning and validation,
//! row by row and chunk by chunk, so a file of a million rows never sits in memory whole.
//! Deduplication against the database and the final copy happen in `ops::import`.

mod alias;
pub mod date;
pub mod dedupe;
pub mod encoding;
pub mod header;
pub mod phone;
mod quoting;
pub mod reject;
pub mod row;
pub mod sniff;
pub mod warning;

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono_tz::Tz;
use encoding_rs::{Encoding, UTF_8};

use crate::domain::Ts;
use crate::domain::text::sanitize_line;

pub use date::DateOrder;
use encoding::BlankLines;
pub use encoding::Detection;
pub use header::{Column, Field};
use quoting::{OpenQuote, UnclosedQuote};
pub use reject::{Reject, RejectReason};
pub use row::{Row, RowContext};
pub use warning::{Warning, WarningKind};

/// A file that cannot be imported at all, naming where: line 0 is the command line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{reason}", if *line > 0 { format!("line {line}: ") } else { String::new() }, if field.is_empty() { String::new() } else { format!("{field}: ") })]
pub struct ImportError {
    /// Physical line (0: not about a line).
    pub line: u64,
    /// Field or header (empty: the whole file).
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

impl ImportError {
    /// An error about the whole file.
    pub fn file(reason: impl Into<String>) -> ImportError {
        ImportError {
            line: 0,
            field: String::new(),
            reason: reason.into(),
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// `--encoding` (else detected).
    pub encoding: Option<&'static Encoding>,
    /// `--date-order`.
    pub date_order: Option<DateOrder>,
    /// `--map` pairs: header, field id.
    pub maps: Vec<(String, String)>,
    /// `calling.default_country`: national phone numbers and the Japan hint.
    pub country: String,
    /// `rep.timezone`: dates without a zone.
    pub tz: Tz,
    /// When the import runs.
    pub now: Ts,
}

/// Counts bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A lead file being read: detected, its header mapped, records converted chunk by chunk.
pub struct LeadFile {
    /// How it is read.
    pub detection: Detection,
    /// The delimiter.
    pub delimiter: u8,
    /// What each row is read with (columns included).
    pub ctx: RowContext,
    reader: csv::Reader<Box<dyn Read + Send>>,
    /// The lines above the header row, reported as warnings.
    pub preamble: Vec<Warning>,
    blanks: BlankLines,
    unclosed: UnclosedQuote,
    bytes: Arc<AtomicU64>,
    /// Size of the file in bytes.
    pub total_bytes: u64,
}

impl std::fmt::Debug for LeadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeadFile")
            .field("encoding", &self.detection.name())
            .field("delimiter", &(self.delimiter as char))
            .finish()
    }
}

const HEAD: usize = 64 * 1024;

fn io_error(e: &std::io::Error) -> ImportError {
    ImportError::file(e.to_string())
}

/// A CSV source opened for reading: encoding detected, delimiter sniffed, header row read.
pub struct CsvSource {
    /// How it is read.
    pub detection: Detection,
    /// The delimiter.
    pub delimiter: u8,
    /// Decoded from a legacy encoding (U+FFFD marks unreadable bytes).
    pub decoded: bool,
    /// The records after the header (UTF-8 bytes; possibly invalid in lenient UTF-8).
    pub reader: csv::Reader<Box<dyn Read + Send>>,
    /// The lines above the header row (a sheet's title), reported as warnings.
    pub preamble: Vec<Warning>,
    /// The physical line of the header row.
    pub header_line: u64,
    blanks: BlankLines,
    unclosed: UnclosedQuote,
    bytes: Arc<AtomicU64>,
}

impl std::fmt::Debug for CsvSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSource")
            .field("encoding", &self.detection.name())
            .field("delimiter", &(self.delimiter as char))
            .finish()
    }
}

impl CsvSource {
    /// The physical line where `record` (just read) starts.
    pub fn line_of(&self, record: &csv::ByteRecord) -> u64 {
        physical_line(&self.blanks, record.position())
    }

    /// Why `record` (just read) must be refused when it holds a quoted field left open, which
    /// then runs to the end of the file ([`RejectReason::UnclosedQuote`]).
    pub fn unclosed_in(&self, record: &csv::ByteRecord) -> Option<RejectReason> {
        unclosed_in(&self.unclosed, &self.reader, record).map(unclosed_reason)
    }

    /// Detects, sniffs and reads the header row (cleaned names).
    pub fn open<R: Read + Seek + Send + 'static>(
        mut source: R,
        opts: &ParseOptions,
    ) -> Result<(CsvSource, Vec<String>), ImportError> {
        let japan = opts.country.eq_ignore_ascii_case("JP");
        let mut head = Vec::with_capacity(HEAD);
        (&mut source)
            .take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(|e| io_error(&e))?;
        source.seek(SeekFrom::Start(0)).map_err(|e| io_error(&e))?;
        let detection = match opts.encoding {
            Some(e) => encoding::forced(e, &head),
            None => {
                let d = encoding::detect(BufReader::new(&mut source), japan)
                    .map_err(|e| io_error(&e))?;
                source.seek(SeekFrom::Start(0)).map_err(|e| io_error(&e))?;
                d
            }
        };
        let sample_bytes = head.get(detection.bom_len..).unwrap_or_default();
        let (sample, _) = detection.encoding.decode_without_bom_handling(sample_bytes);
        // Excel writes `sep=;` as the first line of files meant for another locale's Excel:
        // that line names the delimiter and is not the header.
        let excel_sep = sniff::excel_separator(&sample);
        let delimiter = excel_sep.unwrap_or_else(|| sniff::sniff_delimiter(&sample));
        let bytes = Arc::new(AtomicU64::new(0));
        let mut counted = Counting {
            inner: source,
            count: Arc::clone(&bytes),
        };
        let mut bom = vec![0u8; detection.bom_len];
        counted.read_exact(&mut bom).map_err(|e| io_error(&e))?;
        let decoded = detection.encoding != UTF_8;
        let text: Box<dyn Read + Send> = if decoded {
            Box::new(encoding::DecodingReader::new(
                BufReader::with_capacity(1 << 16, counted),
                detection.encoding,
            ))
        } else {
            Box::new(counted)
        };
        let mut lf = encoding::LfReader::new(text);
        let blanks = lf.blank_lines();
        let unclosed = lf.track_quotes(delimiter);
        let stream: Box<dyn Read + Send> = Box::new(lf);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(stream);
        let mut header = csv::ByteRecord::new();
        let mut next = |record: &mut csv::ByteRecord| {
            reader
                .read_byte_record(record)
                .map_err(|e| ImportError::file(e.to_string()))
        };
        if excel_sep.is_some() {
            next(&mut header)?;
        }
        let skip = header_index(&sample, delimiter, excel_sep.is_some(), &opts.maps);
        let mut preamble = Vec::with_capacity(skip);
        for _ in 0..skip {
            next(&mut header)?;
            let cells: Vec<String> = header
                .iter()
                .map(|c| sanitize_line(&String::from_utf8_lossy(c)).trim().to_owned())
                .collect();
            preamble.push(Warning {
                line: physical_line(&blanks, header.position()),
                column: String::new(),
                kind: WarningKind::BeforeHeader,
                value: cells.join(&char::from(delimiter).to_string()),
            });
        }
        let got = next(&mut header)?;
        let names: Vec<String> = header
            .iter()
            .map(|h| sanitize_line(&String::from_utf8_lossy(h)).trim().to_owned())
            .collect();
        if !got || names.iter().all(String::is_empty) {
            return Err(ImportError {
                line: 1,
                field: String::new(),
                reason: "the file has no header row".into(),
            });
        }
        let header_line = physical_line(&blanks, header.position()).max(1);
        if let Some(q) = unclosed_in(&unclosed, &reader, &header) {
            return Err(ImportError {
                line: q.line,
                field: String::new(),
                reason: unclosed_reason(q).to_string(),
            });
        }
        Ok((
            CsvSource {
                detection,
                delimiter,
                decoded,
                reader,
                preamble,
                header_line,
                blanks,
                unclosed,
                bytes,
            },
            names,
        ))
    }
}

/// See [`CsvSource::unclosed_in`]: the record runs from its start to where the reader now is.
fn unclosed_in<R: Read>(
    unclosed: &UnclosedQuote,
    reader: &csv::Reader<R>,
    record: &csv::ByteRecord,
) -> Option<OpenQuote> {
    let start = record.position().map_or(0, csv::Position::byte);
    unclosed.holds(start, reader.position().byte())
}

fn unclosed_reason(q: OpenQuote) -> RejectReason {
    RejectReason::UnclosedQuote {
        line: q.line,
        last_line: q.last_line,
    }
}

/// The physical line a record starts on: the CSV reader's line, moved past the blank lines it
/// skipped (it points at the first of them).
fn physical_line(blanks: &BlankLines, position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| p.line() + blanks.skipped_at(p.byte()))
}

/// How many records of the decoded `sample` come before the header row (see
/// [`header::header_record`]); the Excel `sep=` line, already read, is not counted.
fn header_index(sample: &str, delimiter: u8, excel_sep: bool, maps: &[(String, String)]) -> usize {
    const LOOK: usize = 10;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(sample.as_bytes());
    let records: Vec<Vec<String>> = reader
        .records()
        .skip(usize::from(excel_sep))
        .take(LOOK)
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|c| sanitize_line(c).trim().to_owned())
                .collect()
        })
        .collect();
    header::header_record(&records, maps)
}

impl LeadFile {
    /// Opens a file on disk.
    pub fn open(path: &Path, opts: &ParseOptions) -> Result<LeadFile, ImportError> {
        let file =
            File::open(path).map_err(|e| ImportError::file(format!("{}: {e}", path.display())))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        LeadFile::from_reader(file, len, opts)
    }

    /// Reads any seekable source (tests use byte slices).
    pub fn from_reader<R: Read + Seek + Send + 'static>(
        source: R,
        total_bytes: u64,
        opts: &ParseOptions,
    ) -> Result<LeadFile, ImportError> {
        let (csv, names) = CsvSource::open(source, opts)?;
        let columns = header::map_header(&names, &opts.maps)?;
        header::check_contact_columns(&columns, csv.header_line)?;
        let ctx = RowContext {
            columns,
            country: opts.country.clone(),
            tz: opts.tz,
            date_order: opts.date_order,
            encoding: csv.detection.name(),
            decoded: csv.decoded,
            now: opts.now,
        };
        Ok(LeadFile {
            detection: csv.detection,
            delimiter: csv.delimiter,
            ctx,
            reader: csv.reader,
            preamble: csv.preamble,
            blanks: csv.blanks,
            unclosed: csv.unclosed,
            bytes: csv.bytes,
            total_bytes,
        })
    }

    /// Bytes of the file read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// A handle on the bytes-read counter, for progress from another thread.
    pub fn bytes_handle(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.bytes)
    }

    /// Reads up to `max` records and converts them (on two threads); `None` at the end.
    pub fn next_chunk(
        &mut self,
        max: usize,
    ) -> Result<Option<Vec<Result<Row, Reject>>>, ImportError> {
        self.next_chunk_map(max, |r| r)
    }

    /// Like [`LeadFile::next_chunk`], with `f` applied to each converted row on the same two
    /// threads (the caller's per-row work rides along).
    pub fn next_chunk_map<T: Send>(
        &mut self,
        max: usize,
        f: impl Fn(Result<Row, Reject>) -> T + Sync,
    ) -> Result<Option<Vec<T>>, ImportError> {
        let mut records = Vec::with_capacity(max.min(1 << 14));
        let mut rec = csv::ByteRecord::new();
        // The record holding a quoted field left open (it runs to the end of the file).
        let mut open_record = None;
        while records.len() < max {
            let more = self.reader.read_byte_record(&mut rec).map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                ImportError {
                    line,
                    field: String::new(),
                    reason: e.to_string(),
                }
            })?;
            if !more {
                break;
            }
            let line = physical_line(&self.blanks, rec.position());
            if let Some(q) = unclosed_in(&self.unclosed, &self.reader, &rec) {
                open_record = Some((records.len(), line, q));
            }
            records.push((line, std::mem::take(&mut rec)));
        }
        if records.is_empty() {
            return Ok(None);
        }
        let ctx = &self.ctx;
        let mut rows = phone::map_parallel(&records, |(line, r)| f(row::convert(ctx, *line, r)));
        if let Some((i, line, q)) = open_record {
            if let Some(row) = rows.get_mut(i) {
                *row = f(Err(Reject {
                    line,
                    reason: unclosed_reason(q),
                }));
            }
        }
        Ok(Some(rows))
    }
}

#[cfg(test)]
mod tests;
