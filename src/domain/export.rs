//! What an export writes of its leads, a batch at a time: the store copies each row's columns
//! into one buffer (no `Lead` built, nothing allocated per row once the buffers have grown), the
//! writer reads the rows back as borrowed fields. One contiguous buffer rather than a string per
//! field, because the batch is filled on one core and read on the other: a stream of bytes the
//! reading core can prefetch, where scattered strings cost a cache miss each. It is checked to
//! be UTF-8 once, when read, not field by field (most fields are a few bytes long). The JSON
//! columns stay JSON text until the writer needs a key.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use super::{Employees, Lead, LeadId, PhoneKind, Stage, Ts};

/// The text fields of a row, in the order [`ExportBatch::push`] takes them.
pub const TEXT_FIELDS: usize = 15;

/// The fields of a row that are not text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowHead {
    /// Lead id.
    pub id: LeadId,
    /// Company size.
    pub employees: Employees,
    /// When the lead was created at its source.
    pub created_at: Option<Ts>,
    /// Stage.
    pub stage: Stage,
    /// Opted out of email.
    pub email_opt_out: bool,
    /// Do not call.
    pub do_not_call: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RowSpans {
    head: RowHead,
    /// Where the row's text fields start in the buffer.
    start: usize,
    /// Where each text field ends.
    ends: [usize; TEXT_FIELDS],
    /// The row's phones in `phones`.
    phones: Range<usize>,
}

/// A batch of rows to export, in id order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportBatch {
    text: Vec<u8>,
    rows: Vec<RowSpans>,
    /// Each phone: its kind and its E.164 number (its text when it has none) in `text`.
    phones: Vec<(PhoneKind, Range<usize>)>,
}

/// One row of a batch: the exported fields of a lead (SPEC §10), empty where it has none.
#[derive(Debug, Clone, Copy)]
pub struct ExportRow<'a> {
    /// The fields that are not text.
    pub head: RowHead,
    /// Given name.
    pub first_name: &'a str,
    /// Family name.
    pub last_name: &'a str,
    /// Full name as written.
    pub full_name: &'a str,
    /// Reading (furigana).
    pub reading: &'a str,
    /// Company.
    pub company: &'a str,
    /// Department.
    pub department: &'a str,
    /// Job title.
    pub title: &'a str,
    /// Email.
    pub email: &'a str,
    /// IANA zone, empty when none.
    pub timezone: &'a str,
    /// Industry.
    pub industry: &'a str,
    /// Lead source.
    pub source: &'a str,
    /// Tags, a JSON array of strings.
    pub tags_json: &'a str,
    /// Notes.
    pub notes: &'a str,
    /// External ids, a JSON object of strings.
    pub external_ids_json: &'a str,
    /// Extra fields, a JSON object of strings.
    pub extra_json: &'a str,
    text: &'a str,
    phones: &'a [(PhoneKind, Range<usize>)],
}

impl ExportBatch {
    /// Empties the batch, keeping what it has allocated.
    pub fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
        self.phones.clear();
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends a row: first name, last name, full name, reading, company, department, title,
    /// email, timezone, industry, source, tags (JSON), notes, external ids (JSON), extra fields
    /// (JSON).
    pub fn push(&mut self, head: RowHead, texts: [&[u8]; TEXT_FIELDS]) {
        let start = self.text.len();
        let mut ends = [0; TEXT_FIELDS];
        for (end, t) in ends.iter_mut().zip(texts) {
            self.text.extend_from_slice(t);
            *end = self.text.len();
        }
        let p = self.phones.len();
        self.rows.push(RowSpans {
            head,
            start,
            ends,
            phones: p..p,
        });
    }

    /// Appends a phone to the last row.
    pub fn push_phone(&mut self, kind: PhoneKind, raw: &[u8]) {
        let start = self.text.len();
        self.text.extend_from_slice(raw);
        self.phones.push((kind, start..self.text.len()));
        if let Some(row) = self.rows.last_mut() {
            row.phones.end = self.phones.len();
        }
    }

    /// The rows, in order; an error when the text is not UTF-8. A field cut inside a
    /// character reads as empty (the store copies whole columns, so none is).
    pub fn rows(&self) -> Result<impl Iterator<Item = ExportRow<'_>>, std::str::Utf8Error> {
        let text = std::str::from_utf8(&self.text)?;
        Ok(self.rows.iter().map(move |r| {
            let t = |i: usize| {
                let from = if i == 0 { r.start } else { r.ends[i - 1] };
                text.get(from..r.ends[i]).unwrap_or_default()
            };
            ExportRow {
                head: r.head,
                first_name: t(0),
                last_name: t(1),
                full_name: t(2),
                reading: t(3),
                company: t(4),
                department: t(5),
                title: t(6),
                email: t(7),
                timezone: t(8),
                industry: t(9),
                source: t(10),
                tags_json: t(11),
                notes: t(12),
                external_ids_json: t(13),
                extra_json: t(14),
                text,
                phones: self.phones.get(r.phones.clone()).unwrap_or_default(),
            }
        }))
    }

    /// A batch of one lead (the JSON columns written as the store writes them).
    pub fn of_lead(lead: &Lead) -> ExportBatch {
        let tags = serde_json::to_string(&lead.tags).unwrap_or_default();
        let external = serde_json::to_string(&lead.external_ids).unwrap_or_default();
        let extra = serde_json::to_string(&lead.extra).unwrap_or_default();
        let mut b = ExportBatch::default();
        b.push(
            RowHead {
                id: lead.id,
                employees: lead.employees,
                created_at: lead.created_at,
                stage: lead.stage,
                email_opt_out: lead.email_opt_out,
                do_not_call: lead.do_not_call,
            },
            [
                &lead.first_name,
                &lead.last_name,
                &lead.full_name,
                &lead.reading,
                &lead.company,
                &lead.department,
                &lead.title,
                &lead.email,
                lead.timezone.as_deref().unwrap_or_default(),
                &lead.industry,
                &lead.source,
                &tags,
                &lead.notes,
                &external,
                &extra,
            ]
            .map(str::as_bytes),
        );
        // As the store reads them: the number, or the text of a phone that has none.
        for p in &lead.phones {
            b.push_phone(p.kind, p.number.as_deref().unwrap_or(&p.raw).as_bytes());
        }
        b
    }
}

impl<'a> ExportRow<'a> {
    /// The phones' kinds and numbers (or texts), in order.
    pub fn phones(&self) -> impl Iterator<Item = (PhoneKind, &'a str)> + use<'a> {
        let text = self.text;
        self.phones
            .iter()
            .map(move |(kind, r)| (*kind, text.get(r.clone()).unwrap_or_default()))
    }

    /// The name shown for the lead.
    pub fn display_name(&self) -> String {
        super::name::display_name(self.first_name, self.last_name, self.full_name)
    }
}

/// A JSON object of strings as the store's reader of leads decodes it (`{}` when it is not
/// one), borrowing the text where it holds no escapes.
pub fn string_map(json: &str) -> BTreeMap<Cow<'_, str>, Cow<'_, str>> {
    if json == "{}" {
        return BTreeMap::new();
    }
    if let Ok(m) = serde_json::from_str::<BTreeMap<&str, &str>>(json) {
        return m
            .into_iter()
            .map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v)))
            .collect();
    }
    serde_json::from_str::<BTreeMap<String, String>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
        .collect()
}

/// A JSON array of strings as the store's reader of leads decodes it (empty when it is not one).
pub fn string_list(json: &str) -> Vec<String> {
    if json == "[]" {
        return Vec::new();
    }
    serde_json::from_str(json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Phone;

    #[test]
    fn a_batch_gives_back_each_rows_fields_and_phones() {
        let mut lead = Lead {
            id: 7,
            first_name: "Ann".into(),
            notes: "note".into(),
            timezone: Some("Asia/Tokyo".into()),
            ..Lead::default()
        };
        for (kind, raw) in [
            (PhoneKind::Main, "03-1"),
            (PhoneKind::Mobile, ""),
            (PhoneKind::Main, "03-2"),
        ] {
            lead.phones.push(Phone {
                raw: raw.into(),
                kind,
                ..Phone::default()
            });
        }
        lead.extra.insert("県".into(), "a\"b\\c\n".into());
        lead.tags = vec!["x".into(), "y\"".into()];
        let mut b = ExportBatch::of_lead(&lead);
        b.push(
            RowHead {
                id: 8,
                ..RowHead::default()
            },
            [b""; TEXT_FIELDS],
        );
        b.push_phone(PhoneKind::Switchboard, b"+81");
        let rows: Vec<_> = b.rows().unwrap_or_else(|e| panic!("{e}")).collect();
        assert_eq!(rows.len(), 2);
        let r = rows[0];
        assert_eq!((r.head.id, r.first_name, r.notes), (7, "Ann", "note"));
        assert_eq!(r.timezone, "Asia/Tokyo");
        let phones: Vec<_> = r.phones().collect();
        assert_eq!(
            phones,
            [
                (PhoneKind::Main, "03-1"),
                (PhoneKind::Mobile, ""),
                (PhoneKind::Main, "03-2")
            ]
        );
        let extra = string_map(r.extra_json);
        assert_eq!(extra.get("県").map(AsRef::as_ref), Some("a\"b\\c\n"));
        assert_eq!(string_list(r.tags_json), lead.tags);
        assert_eq!(rows[1].first_name, "");
        assert_eq!(
            rows[1].phones().collect::<Vec<_>>(),
            [(PhoneKind::Switchboard, "+81")]
        );
        assert!(string_map("[1]").is_empty());
        assert!(string_map(r#"{"a": 1}"#).is_empty());
        b.clear();
        assert!(b.is_empty());
        b.push(RowHead::default(), [b"\xff"; TEXT_FIELDS]);
        assert!(b.rows().is_err(), "text that is not UTF-8 is an error");
    }
}
