//! CSV export (SPEC §10): one row per lead, every field leadbench imports back, phones by kind
//! (several numbers of a kind joined with `; `), external ids as `external_id:KEY` columns and
//! extra fields under their own headers — so export → import round-trips. Spreadsheet-safe by
//! default (see [`super::neutralise`]); UTF-8 with a BOM (Excel reads it right), or CP932, which
//! fails listing every cell it cannot encode.

use std::io::{self, Write};

use chrono_tz::Tz;
use encoding_rs::SHIFT_JIS;

use crate::domain::employees::format_employees;
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

fn phones(lead: &Lead, kind: PhoneKind) -> String {
    lead.phones
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.raw.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The cells of one lead, in header order (not neutralised).
pub fn cells(lead: &Lead, tz: Tz, external_keys: &[String], extra_keys: &[String]) -> Vec<String> {
    let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
    let mut out = vec![
        lead.id.to_string(),
        lead.first_name.clone(),
        lead.last_name.clone(),
        lead.full_name.clone(),
        lead.reading.clone(),
        lead.company.clone(),
        lead.department.clone(),
        lead.title.clone(),
        lead.email.clone(),
        phones(lead, PhoneKind::Main),
        phones(lead, PhoneKind::Mobile),
        phones(lead, PhoneKind::Direct),
        phones(lead, PhoneKind::Switchboard),
        lead.timezone.clone().unwrap_or_default(),
        lead.industry.clone(),
        format_employees(&lead.employees),
        lead.source.clone(),
        lead.created_at.map_or(String::new(), |t| {
            t.with_timezone(&tz)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }),
        lead.stage.id().to_owned(),
        lead.tags.join(", "),
        flag(lead.email_opt_out),
        flag(lead.do_not_call),
        lead.notes.clone(),
    ];
    out.extend(
        external_keys
            .iter()
            .map(|k| lead.external_ids.get(k).cloned().unwrap_or_default()),
    );
    out.extend(
        extra_keys
            .iter()
            .map(|k| lead.extra.get(k).cloned().unwrap_or_default()),
    );
    out
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

/// A CSV export being written row by row.
#[derive(Debug)]
pub struct CsvExport<W: Write> {
    out: W,
    options: CsvOptions,
    external_keys: Vec<String>,
    extra_keys: Vec<String>,
    header: Vec<String>,
    failures: Vec<String>,
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
        let mut export = CsvExport {
            out,
            options,
            external_keys,
            extra_keys,
            header: header.clone(),
            failures: Vec::new(),
        };
        export.write_row(&header, None)?;
        Ok(export)
    }

    fn write_row(&mut self, cells: &[String], lead: Option<&Lead>) -> io::Result<()> {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(Vec::with_capacity(512));
        if self.options.raw {
            w.write_record(cells)?;
        } else {
            w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        match self.options.encoding {
            CsvEncoding::Utf8Bom => self.out.write_all(&bytes),
            CsvEncoding::Cp932 => {
                let text = String::from_utf8_lossy(&bytes);
                let (encoded, _, failed) = SHIFT_JIS.encode(&text);
                if failed {
                    self.note_failures(cells, lead);
                    return Ok(());
                }
                self.out.write_all(&encoded)
            }
        }
    }

    fn note_failures(&mut self, cells: &[String], lead: Option<&Lead>) {
        let who = lead.map_or("the header".to_owned(), |l| {
            format!("lead {} ({})", l.id, l.display_name())
        });
        for (name, cell) in self.header.iter().zip(cells) {
            if let Some(c) = cell.chars().find(|c| SHIFT_JIS.encode(&c.to_string()).2) {
                self.failures.push(format!(
                    "{who}: {name}: {c:?} (U+{:04X}) has no CP932 code",
                    c as u32
                ));
            }
        }
    }

    /// Writes one lead.
    pub fn write_lead(&mut self, lead: &Lead) -> io::Result<()> {
        let cells = cells(lead, self.options.tz, &self.external_keys, &self.extra_keys);
        self.write_row(&cells, Some(lead))
    }

    /// Cells CP932 cannot encode, one line each (the export must then fail).
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
