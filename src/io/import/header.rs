//! Header aliases (SPEC §10): HubSpot exports, Salesforce API names, Japanese headers and
//! leadbench's own field ids; `--map "Header=field"` overrides them. Unknown columns are kept
//! as extra fields.

use super::ImportError;
use super::alias::{ALIASES, EXTERNAL_IDS};
/// A header folded for matching.
pub use crate::domain::text::fold_label as fold;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// Given name.
    FirstName,
    /// Family name.
    LastName,
    /// The whole name in one column.
    FullName,
    /// Kana reading of the whole name.
    Reading,
    /// Kana reading of the family name (セイ).
    ReadingLast,
    /// Kana reading of the given name (メイ).
    ReadingFirst,
    /// Company.
    Company,
    /// Department.
    Department,
    /// Job title.
    Title,
    /// Email.
    Email,
    /// Main phone.
    Phone,
    /// Mobile phone.
    Mobile,
    /// Direct line.
    DirectPhone,
    /// Company switchboard.
    Switchboard,
    /// IANA time zone.
    Timezone,
    /// Industry.
    Industry,
    /// Employee count or range.
    Employees,
    /// Lead source.
    Source,
    /// Created date in the source system.
    CreatedAt,
    /// Tags.
    Tags,
    /// An id in another system, under this key.
    ExternalId(String),
    /// Email opt-out flag.
    EmailOptOut,
    /// Do-not-call flag.
    DoNotCall,
    /// Lead status (mapped to a stage).
    Status,
    /// Notes (multi-line).
    Notes,
    /// The lead's country: the row's phones are read in it; kept as an extra field.
    Country,
    /// leadbench's own id in an export: not carried over.
    Ignored,
    /// Kept as an extra field under this name.
    Extra(String),
}

impl Field {
    /// The field for a lead field id of SPEC Appendix D (for `--map`).
    pub fn from_id(id: &str) -> Option<Field> {
        Some(match id.trim() {
            "first_name" => Field::FirstName,
            "last_name" => Field::LastName,
            "full_name" => Field::FullName,
            "reading" => Field::Reading,
            "company" => Field::Company,
            "department" => Field::Department,
            "title" => Field::Title,
            "email" => Field::Email,
            "phone" => Field::Phone,
            "mobile" => Field::Mobile,
            "direct_phone" => Field::DirectPhone,
            "switchboard" => Field::Switchboard,
            "timezone" => Field::Timezone,
            "industry" => Field::Industry,
            "employees" => Field::Employees,
            "source" => Field::Source,
            "created_at" => Field::CreatedAt,
            "tags" => Field::Tags,
            "external_id" => Field::ExternalId("external_id".into()),
            "email_opt_out" => Field::EmailOptOut,
            "do_not_call" => Field::DoNotCall,
            "status" | "stage" => Field::Status,
            "notes" => Field::Notes,
            "country" => Field::Country,
            "extra" => Field::Extra(String::new()),
            "ignore" => Field::Ignored,
            _ => return None,
        })
    }

    /// Whether the field keeps line breaks.
    pub fn is_multiline(&self) -> bool {
        matches!(self, Field::Notes)
    }
}

/// The field ids `--map` accepts.
pub const MAP_FIELDS: &str = "first_name, last_name, full_name, reading, company, department, title, email, phone, mobile, direct_phone, switchboard, timezone, industry, employees, source, created_at, tags, external_id, email_opt_out, do_not_call, status, notes, country, extra, ignore";

fn alias_field(folded: &str) -> Option<Field> {
    if let Some((_, key)) = EXTERNAL_IDS.iter().find(|(h, _)| *h == folded) {
        return Some(Field::ExternalId((*key).to_owned()));
    }
    // Folded once: a header of thousands of columns looks every one of them up.
    static FOLDED: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    let table = FOLDED.get_or_init(|| {
        let mut table = std::collections::HashMap::new();
        for (id, aliases) in ALIASES {
            for alias in *aliases {
                // The first field to claim an alias keeps it, as the list is read in order.
                table.entry(fold(alias)).or_insert(*id);
            }
        }
        table
    });
    let id = table.get(folded)?;
    Some(match *id {
        "reading_last" => Field::ReadingLast,
        "reading_first" => Field::ReadingFirst,
        "ignored" => Field::Ignored,
        other => Field::from_id(other)?,
    })
}

/// How many of `headers` name a lead field (by alias or `--map`): tells a header row from a
/// sheet's title lines above it.
pub fn known_columns(headers: &[String], maps: &[(String, String)]) -> usize {
    headers
        .iter()
        .map(|h| fold(h))
        .filter(|f| {
            !f.is_empty()
                && (maps.iter().any(|(m, _)| fold(m) == *f)
                    || f.starts_with("external_id:")
                    || alias_field(f).is_some_and(|field| field != Field::Ignored))
        })
        .count()
}

/// Which of the first records is the header row: the first, unless it names no lead field
/// while a record among the next few names two or more (a title, an export date or a blank
/// line above the header, as sheets made for printing have).
pub fn header_record(records: &[Vec<String>], maps: &[(String, String)]) -> usize {
    match records.first() {
        Some(first) if known_columns(first, maps) == 0 => records
            .iter()
            .position(|r| known_columns(r, maps) >= 2)
            .unwrap_or(0),
        _ => 0,
    }
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written (cleaned).
    pub name: String,
    /// What it maps to.
    pub field: Field,
}

/// Maps the header row to fields. `maps` are `--map` pairs (header, field id). A field mapped by
/// two columns keeps the first; the later ones are kept as extra fields, so nothing is lost.
pub fn map_header(
    headers: &[String],
    maps: &[(String, String)],
) -> Result<Vec<Column>, ImportError> {
    let mut forced = Vec::new();
    for (h, f) in maps {
        let field = Field::from_id(f).ok_or_else(|| ImportError {
            line: 0,
            field: h.clone(),
            reason: format!("--map: unknown field {f:?}; fields: {MAP_FIELDS}"),
        })?;
        forced.push((fold(h), field));
    }
    let mut used: Vec<Field> = Vec::new();
    let mut out = Vec::with_capacity(headers.len());
    for (i, raw) in headers.iter().enumerate() {
        let name = if raw.trim().is_empty() {
            format!("column {}", i + 1)
        } else {
            raw.trim().to_owned()
        };
        let folded = fold(&name);
        // leadbench's own export names external ids `external_id:KEY`, the key as written.
        let prefixed = name
            .strip_prefix("external_id:")
            .filter(|k| !k.is_empty())
            .map(|k| Field::ExternalId(k.to_owned()));
        let field = forced
            .iter()
            .find(|(h, _)| *h == folded)
            .map(|(_, f)| f.clone())
            .or(prefixed)
            .or_else(|| alias_field(&folded))
            .unwrap_or_else(|| Field::Extra(name.clone()));
        let field = match field {
            Field::Extra(n) if n.is_empty() => Field::Extra(name.clone()),
            Field::Extra(n) => Field::Extra(n),
            Field::Ignored => Field::Ignored,
            f if used.contains(&f) => Field::Extra(name.clone()),
            f => {
                used.push(f.clone());
                f
            }
        };
        out.push(Column { name, field });
    }
    for (h, _) in &forced {
        if !out.iter().any(|c| fold(&c.name) == *h) {
            return Err(ImportError {
                line: 1,
                field: h.clone(),
                reason: "--map names a header the file does not have".into(),
            });
        }
    }
    Ok(out)
}

/// Every lead row needs an email or a phone: a header row with neither column would have every
/// row rejected for it. Said once, about the header, with what to do — and when the "header"
/// holds an address or a number, the file has no header row at all.
pub fn check_contact_columns(columns: &[Column], line: u64) -> Result<(), ImportError> {
    let contact = |f: &Field| {
        matches!(
            f,
            Field::Email | Field::Phone | Field::Mobile | Field::DirectPhone | Field::Switchboard
        )
    };
    if columns.iter().any(|c| contact(&c.field)) {
        return Ok(());
    }
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let looks_like_data = names
        .iter()
        .any(|n| n.contains('@') || n.chars().filter(char::is_ascii_digit).count() >= 7);
    let reason = if looks_like_data {
        format!(
            "the first row looks like a lead, not a header row ({}): add a header row naming the columns (email, phone, name …)",
            names.join(", ")
        )
    } else {
        format!(
            "no column of the header row is an email or a phone ({}): every row would be rejected; name them with --map \"Header=email\" or --map \"Header=phone\"",
            names.join(", ")
        )
    };
    Err(ImportError {
        line,
        field: String::new(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(h: &[&str]) -> Vec<Field> {
        let h: Vec<String> = h.iter().map(|s| (*s).to_owned()).collect();
        map_header(&h, &[])
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|c| c.field)
            .collect()
    }

    #[test]
    fn full_width_half_width_and_form_marks_fold_away() {
        assert_eq!(fold("Ｅ－ｍａｉｌ"), "email");
        assert_eq!(fold("ﾌﾘｶﾞﾅ"), "フリガナ");
        assert_eq!(fold("氏名（カナ）"), "氏名カナ");
        assert_eq!(fold("【必須】会社名 *"), "必須会社名");
        assert_eq!(fold("Company / Account"), "companyaccount");
        assert_eq!(fold("Phone #"), "phone");
        // The long-vowel mark is a letter, not a hyphen.
        assert_eq!(fold("メールアドレス"), "メールアドレス");
        assert_eq!(
            fields(&[
                "ＴＥＬ",
                "ﾌﾘｶﾞﾅ",
                "携帯TEL",
                "メール送信除外",
                "電話連絡不可"
            ]),
            vec![
                Field::Phone,
                Field::Reading,
                Field::Mobile,
                Field::EmailOptOut,
                Field::DoNotCall
            ]
        );
    }

    #[test]
    fn the_header_is_the_first_record_unless_titles_sit_above_it() {
        let rows = |r: &[&[&str]]| -> Vec<Vec<String>> {
            r.iter()
                .map(|x| x.iter().map(|c| (*c).to_owned()).collect())
                .collect()
        };
        let titled = rows(&[
            &["リード一覧"],
            &["出力日 2026/11/01"],
            &["氏名", "会社名", "TEL"],
        ]);
        assert_eq!(header_record(&titled, &[]), 2);
        let plain = rows(&[&["Name", "Kunde"], &["Email", "Phone"]]);
        assert_eq!(header_record(&plain, &[]), 0);
        let unknown = rows(&[&["Kunde", "Firma"], &["Müller", "X GmbH"]]);
        assert_eq!(header_record(&unknown, &[]), 0);
        let mapped = rows(&[&["Liste"], &["Kunde", "Mail"]]);
        let maps = [
            ("Kunde".to_owned(), "full_name".to_owned()),
            ("Mail".to_owned(), "email".to_owned()),
        ];
        assert_eq!(header_record(&mapped, &maps), 1);
    }

    #[test]
    fn hubspot_salesforce_and_japanese_headers_map() {
        assert_eq!(
            fields(&[
                "Record ID",
                "First Name",
                "Last Name",
                "Email",
                "Phone Number",
                "Mobile Phone Number",
                "Company Name",
                "Job Title",
                "Lead Status",
                "Create Date",
                "Original Source",
                "Number of Employees"
            ]),
            vec![
                Field::ExternalId("hubspot".into()),
                Field::FirstName,
                Field::LastName,
                Field::Email,
                Field::Phone,
                Field::Mobile,
                Field::Company,
                Field::Title,
                Field::Status,
                Field::CreatedAt,
                Field::Source,
                Field::Employees
            ]
        );
        assert_eq!(
            fields(&[
                "Id",
                "FirstName",
                "LastName",
                "Company",
                "Title",
                "Email",
                "Phone",
                "MobilePhone",
                "LeadSource",
                "Status",
                "NumberOfEmployees",
                "CreatedDate",
                "HasOptedOutOfEmail",
                "DoNotCall"
            ]),
            vec![
                Field::ExternalId("salesforce".into()),
                Field::FirstName,
                Field::LastName,
                Field::Company,
                Field::Title,
                Field::Email,
                Field::Phone,
                Field::Mobile,
                Field::Source,
                Field::Status,
                Field::Employees,
                Field::CreatedAt,
                Field::EmailOptOut,
                Field::DoNotCall
            ]
        );
        assert_eq!(
            fields(&[
                "氏名",
                "姓",
                "名",
                "フリガナ",
                "会社名",
                "部署名",
                "役職",
                "メールアドレス",
                "電話番号",
                "携帯電話",
                "業種",
                "従業員数",
                "流入経路",
                "登録日時"
            ]),
            vec![
                Field::FullName,
                Field::LastName,
                Field::FirstName,
                Field::Reading,
                Field::Company,
                Field::Department,
                Field::Title,
                Field::Email,
                Field::Phone,
                Field::Mobile,
                Field::Industry,
                Field::Employees,
                Field::Source,
                Field::CreatedAt
            ]
        );
    }

    #[test]
    fn unknown_and_repeated_columns_are_kept_as_extra() {
        assert_eq!(
            fields(&["email", "Favourite colour", "E-mail", ""]),
            vec![
                Field::Email,
                Field::Extra("Favourite colour".into()),
                Field::Extra("E-mail".into()),
                Field::Extra("column 4".into())
            ]
        );
    }

    #[test]
    fn map_overrides_aliases_and_checks_its_names() {
        let h = vec!["Kontakt".to_owned(), "Name".to_owned()];
        let cols =
            map_header(&h, &[("Kontakt".into(), "email".into())]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cols[0].field, Field::Email);
        assert!(map_header(&h, &[("Kontakt".into(), "colour".into())]).is_err());
        assert!(map_header(&h, &[("Nope".into(), "email".into())]).is_err());
    }
}
