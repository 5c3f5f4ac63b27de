//! CSV export (SPEC §10): one row per lead, every field leadbench imports back, phones by kind
//! in E.164 (their text when they are no number; several of a kind joined with `; `), external ids as `external_id:KEY` columns and
//! extra fields under their own headers — so export → import round-trips. Spreadsheet-safe by
//! default (see [`super::neutralise`]); UTF-8 with a BOM (Excel reads it right), or CP932, which
//! fails listing every cell it cannot encode.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono_tz::Tz;
use encoding_rs::SHIFT_JIS;

use crate::domain::employees::format_employees;
use crate::domain::export::{ExportBatch, ExportRow, string_list, string_map};
use crate::domain::{Lead, PhoneKind};

use super::neutralise::neutralise;

/// The fixed columns, in order (lead field ids of Appendix D; `stage` reads back as the status).
pub const FIXED: [&str; 23] = [
    "leadbench_id",
    "first_name",
    "last_name",
    "full_name",
    "reading",
    "company",
    "department",
    "title",
    "email",
    "phone",
    "mobile",
    "direct_phone",
    "switchboard",
    "timezone",
    "industry",
    "employees",
    "source",
    "created_at",
    "stage",
    "tags",
    "email_opt_out",
    "do_not_call",
    "notes",
];

/// The text encoding of a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// Microsoft's Shift_JIS.
    Cp932,
}

/// The header row.
pub fn header(external_keys: &[String], extra_keys: &[String]) -> Vec<String> {
    FIXED
        .iter()
        .map(|s| (*s).to_owned())
        .chain(external_keys.iter().map(|k| format!("external_id:{k}")))
        .chain(extra_keys.iter().cloned())
        .collect()
}

/// Options of a CSV export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// No neutralising quote (`--raw`).
    pub raw: bool,
    /// The encoding.
    pub encoding: CsvEncoding,
    /// Times are written in this zone.
    pub tz: Tz,
}

/// The UTF-8 rows go to the writer in pieces of about this size.
const CHUNK: usize = 1 << 16;

/// The header column of a phone kind (phone, mobile, direct_phone, switchboard).
fn phone_column(kind: PhoneKind) -> usize {
    match kind {
        PhoneKind::Main => 0,
        PhoneKind::Mobile => 1,
        PhoneKind::Direct => 2,
        PhoneKind::Switchboard => 3,
    }
}

/// The cells of a record that are formatted, not copied: strings kept from row to row.
#[derive(Debug, Default)]
struct Scratch {
    id: String,
    phones: [String; 4],
    created_at: String,
}

impl Scratch {
    fn fill(&mut self, r: &ExportRow<'_>, tz: Tz) {
        self.id.clear();
        let _ = write!(self.id, "{}", r.head.id);
        // Several numbers of a kind are joined with "; ", in the lead's order.
        let mut count = [0_usize; 4];
        for p in &mut self.phones {
            p.clear();
        }
        for (kind, raw) in r.phones() {
            let c = phone_column(kind);
            if count[c] > 0 {
                self.phones[c].push_str("; ");
            }
            self.phones[c].push_str(raw);
            count[c] += 1;
        }
        self.created_at.clear();
        if let Some(t) = r.head.created_at {
            let _ = write!(
                self.created_at,
                "{}",
                t.with_timezone(&tz)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
        }
    }
}

/// Rows into CSV: written into a buffer handed on in chunks (UTF-8) or row by row (CP932, whose
/// rows are encoded one at a time).
#[derive(Debug)]
struct Rows {
    options: CsvOptions,
    csv: ::csv::Writer<Vec<u8>>,
    header: Vec<String>,
    failures: Vec<String>,
}

impl Rows {
    /// Writes one row: neutralised unless raw, then handed on (UTF-8) or encoded (CP932; a row
    /// that cannot be encoded is noted for `who` and left out).
    fn write<'c>(
        &mut self,
        out: &mut impl Write,
        cells: impl Iterator<Item = &'c str> + Clone,
        who: impl FnOnce() -> String,
    ) -> io::Result<()> {
        for cell in cells.clone() {
            if self.options.raw {
                self.csv.write_field(cell)?;
            } else {
                self.csv.write_field(neutralise(cell).as_bytes())?;
            }
        }
        self.csv.write_record(None::<&[u8]>)?;
        match self.options.encoding {
            CsvEncoding::Utf8Bom => {
                if self.csv.get_ref().len() >= CHUNK {
                    self.hand_on(out)?;
                }
                Ok(())
            }
            CsvEncoding::Cp932 => {
                let mut bytes = self.take()?;
                let lossy = String::from_utf8_lossy(&bytes);
                let text = cp932_forms(&lossy);
                let (encoded, _, failed) = SHIFT_JIS.encode(&text);
                let result = if failed {
                    note_failures(&mut self.failures, &self.header, cells, &who());
                    Ok(())
                } else {
                    out.write_all(&encoded)
                };
                bytes.clear();
                self.csv = csv_writer(bytes);
                result
            }
        }
    }

    /// Hands the rows written so far to `out`.
    fn hand_on(&mut self, out: &mut impl Write) -> io::Result<()> {
        let mut bytes = self.take()?;
        out.write_all(&bytes)?;
        bytes.clear();
        self.csv = csv_writer(bytes);
        Ok(())
    }

    /// The rows written so far (the CSV writer is left over an empty buffer).
    fn take(&mut self) -> io::Result<Vec<u8>> {
        std::mem::replace(&mut self.csv, csv_writer(Vec::new()))
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// A CSV writer as the export writes it: CRLF line ends, quotes where needed.
fn csv_writer(buf: Vec<u8>) -> ::csv::Writer<Vec<u8>> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(buf)
}

/// Characters that Japanese text holds in their JIS form (typed on a Mac, pasted from the web)
/// and CP932 codes under another code point: the same character to a Windows reader, so the
/// export writes CP932's code for it instead of refusing the row (the wave dash of
/// `100〜499名` above all).
const CP932_FORMS: [(char, char); 7] = [
    ('\u{301C}', '\u{FF5E}'), // 〜 wave dash → ～
    ('\u{2014}', '\u{2015}'), // — em dash → ―
    ('\u{2016}', '\u{2225}'), // ‖ double vertical line → ∥
    ('\u{00A2}', '\u{FFE0}'), // ¢
    ('\u{00A3}', '\u{FFE1}'), // £
    ('\u{00AC}', '\u{FFE2}'), // ¬
    ('\u{00A6}', '\u{FFE4}'), // ¦
];

/// `text` with the characters of [`CP932_FORMS`] in CP932's form.
fn cp932_forms(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| CP932_FORMS.iter().any(|(from, _)| *from == c))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            CP932_FORMS
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// Notes every cell of a row that CP932 cannot encode, under its column name.
fn note_failures<'c>(
    failures: &mut Vec<String>,
    header: &[String],
    cells: impl Iterator<Item = &'c str>,
    who: &str,
) {
    for (name, cell) in header.iter().zip(cells) {
        let cell = cp932_forms(cell);
        if let Some(c) = cell.chars().find(|c| SHIFT_JIS.encode(&c.to_string()).2) {
            failures.push(format!(
                "{who}: {name}: {c:?} (U+{:04X}) has no CP932 code",
                c as u32
            ));
        }
    }
}

/// A CSV export being written row by row.
#[derive(Debug)]
pub struct CsvExport<W: Write> {
    out: W,
    tz: Tz,
    external_keys: Vec<String>,
    extra_keys: Vec<String>,
    rows: Rows,
    scratch: Scratch,
}

impl<W: Write> CsvExport<W> {
    /// Starts the export: BOM (UTF-8) and header row.
    pub fn new(
        mut out: W,
        options: CsvOptions,
        external_keys: Vec<String>,
        extra_keys: Vec<String>,
    ) -> io::Result<CsvExport<W>> {
        if options.encoding == CsvEncoding::Utf8Bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let header = header(&external_keys, &extra_keys);
        let mut rows = Rows {
            options,
            csv: csv_writer(Vec::with_capacity(CHUNK + (CHUNK >> 2))),
            header: header.clone(),
            failures: Vec::new(),
        };
        rows.write(&mut out, header.iter().map(String::as_str), || {
            "the header".to_owned()
        })?;
        Ok(CsvExport {
            out,
            tz: options.tz,
            external_keys,
            extra_keys,
            rows,
            scratch: Scratch::default(),
        })
    }

    /// Writes one lead.
    pub fn write_lead(&mut self, lead: &Lead) -> io::Result<()> {
        self.write_batch(&ExportBatch::of_lead(lead))
    }

    /// Writes a batch of export rows.
    pub fn write_batch(&mut self, batch: &ExportBatch) -> io::Result<()> {
        let rows = batch
            .rows()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        for r in rows {
            self.write_row(&r)?;
        }
        Ok(())
    }

    /// Writes one lead's row: the fixed columns of [`FIXED`], then its external ids and extra
    /// fields under the header's keys.
    fn write_row(&mut self, r: &ExportRow<'_>) -> io::Result<()> {
        let CsvExport {
            out,
            tz,
            external_keys,
            extra_keys,
            rows,
            scratch,
        } = self;
        scratch.fill(r, *tz);
        let employees = format_employees(&r.head.employees);
        let tags = string_list(r.tags_json).join(", ");
        let external = string_map(r.external_ids_json);
        let extra = string_map(r.extra_json);
        let flag = |b: bool| if b { "true" } else { "false" };
        let s = &*scratch;
        let fixed: [&str; 23] = [
            &s.id,
            r.first_name,
            r.last_name,
            r.full_name,
            r.reading,
            r.company,
            r.department,
            r.title,
            r.email,
            &s.phones[0],
            &s.phones[1],
            &s.phones[2],
            &s.phones[3],
            r.timezone,
            r.industry,
            &employees,
            r.source,
            &s.created_at,
            r.head.stage.id(),
            &tags,
            flag(r.head.email_opt_out),
            flag(r.head.do_not_call),
            r.notes,
        ];
        let cells = fixed
            .into_iter()
            .chain(
                external_keys
                    .iter()
                    .map(|k| external.get(k.as_str()).map_or("", |v| v.as_ref())),
            )
            .chain(
                extra_keys
                    .iter()
                    .map(|k| extra.get(k.as_str()).map_or("", |v| v.as_ref())),
            );
        rows.write(out, cells, || {
            format!("lead {} ({})", r.head.id, r.display_name())
        })
    }

    /// Cells CP932 cannot encode, one line each (the export must then fail).
    pub fn failures(&self) -> &[String] {
        &self.rows.failures
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.rows.hand_on(&mut self.out)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jis_forms_are_written_in_their_cp932_codes() {
        for (from, to) in CP932_FORMS {
            let text = cp932_forms(&from.to_string()).into_owned();
            assert_eq!(text, to.to_string());
            let (bytes, _, failed) = SHIFT_JIS.encode(&text);
            assert!(!failed, "{from:?} → {to:?} has no CP932 code");
            // Without the mapping the row would have been refused.
            assert!(SHIFT_JIS.encode(&from.to_string()).2 || bytes.len() == 2);
        }
        let text = cp932_forms("100〜499名 — A‖B");
        let (bytes, _, failed) = SHIFT_JIS.encode(&text);
        assert!(!failed);
        assert_eq!(SHIFT_JIS.decode(&bytes).0, "100～499名 ― A∥B");
        // Text without them is not copied.
        assert!(matches!(cp932_forms("山田"), std::borrow::Cow::Borrowed(_)));
    }
}
