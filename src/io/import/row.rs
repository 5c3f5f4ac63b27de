//! One record to one lead: cleaning and validation (SPEC §10). NUL, control and bidi characters
//! go, line breaks in single-line fields become spaces, a field over 64 KiB rejects its row,
//! and a row with neither a usable email nor a usable phone is rejected with its reason.

use chrono_tz::Tz;

use crate::domain::employees::parse_employees;
use crate::domain::name::compose_full_name;
use crate::domain::phone::timezone_for_number;
use crate::domain::text::{sanitize_line, sanitize_multiline};
use crate::domain::{Lead, PhoneKind, Stage, Ts};

use super::date::{DateOrder, parse_datetime};
use super::header::{Column, Field};
use super::phone::phones_from_cell;
use super::reject::{Reject, RejectReason};
use super::warning::{Warning, WarningKind};
use crate::io::export::neutralise::unneutralise;

/// The largest field accepted; a larger one rejects its row (nothing is silently cut).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// What every row of one file is read with.
#[derive(Debug, Clone)]
pub struct RowContext {
    /// The columns.
    pub columns: Vec<Column>,
    /// Default country for national phone numbers.
    pub country: String,
    /// The rep's zone, for dates without one.
    pub tz: Tz,
    /// `--date-order`.
    pub date_order: Option<DateOrder>,
    /// The file's encoding name, for reasons.
    pub encoding: &'static str,
    /// The source was decoded from a legacy encoding: U+FFFD marks bytes it could not read.
    pub decoded: bool,
    /// When the import runs.
    pub now: Ts,
}

/// A row that became a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Physical line where the record starts.
    pub line: u64,
    /// The lead (stage from the status column, times set from `now`).
    pub lead: Lead,
    /// What was odd but kept (unknown status, unreadable date …).
    pub warnings: Vec<Warning>,
}

/// Maps a lead status of HubSpot, Salesforce, Zoho, a lifecycle stage or a Japanese sheet (the
/// labels of the Japanese editions included) to a stage; `None` for a status nobody uses.
/// Folded like a header, so `Open - Not Contacted`, `OPEN_NOT_CONTACTED` and full-width text
/// meet the same entry.
pub fn stage_for_status(status: &str) -> Option<Stage> {
    let s = super::header::fold(status);
    if let Some(stage) = Stage::ALL
        .into_iter()
        .find(|st| st.id().replace('_', "") == s)
    {
        return Some(stage);
    }
    Some(match s.as_str() {
        "opennotcontacted"
        | "open"
        | "new"
        | "newlead"
        | "notcontacted"
        | "subscriber"
        | "lead"
        | "marketingqualifiedlead"
        | "mql"
        | "未対応"
        | "新規"
        | "未着手"
        | "未アプローチ"
        | "未連絡"
        | "オープン"
        | "リード"
        | "サブスクライバー"
        | "マーケティングクオリファイドリード" => Stage::New,
        "attemptedtocontact"
        | "workingnotcontacted"
        | "notreached"
        | "noanswer"
        | "未接続"
        | "不在"
        | "架電中"
        | "不通"
        | "留守"
        | "連絡を試みた" => Stage::Unreached,
        "connected"
        | "contacted"
        | "workingcontacted"
        | "inprogress"
        | "working"
        | "nurturing"
        | "nurture"
        | "contactinfuture"
        | "prequalified"
        | "engaged"
        | "育成中"
        | "商談設定中"
        | "対応中"
        | "育成商談設定中"
        | "ナーチャリング"
        | "追客中"
        | "アプローチ中"
        | "コンタクト済"
        | "コンタクト済み"
        | "接続済み"
        | "進行中"
        | "保留" => Stage::Engaged,
        "unqualified"
        | "closednotconverted"
        | "badtiming"
        | "closedlost"
        | "notqualified"
        | "disqualified"
        | "junklead"
        | "lostlead"
        | "recycled"
        | "dead"
        | "失注"
        | "対象外"
        | "不適格"
        | "見込みなし"
        | "タイミングが悪い"
        | "リサイクル"
        | "成立せず" => Stage::Lost,
        "closedconverted"
        | "opendeal"
        | "qualified"
        | "handedoff"
        | "converted"
        | "salesqualifiedlead"
        | "sql"
        | "opportunity"
        | "customer"
        | "引き継ぎ済み"
        | "引継済"
        | "引継済み"
        | "取引開始済み"
        | "オープンディール"
        | "商談化"
        | "商談化済み"
        | "アポ獲得"
        | "商談"
        | "顧客"
        | "セールスクオリファイドリード" => Stage::HandedOff,
        _ => return None,
    })
}

fn parse_flag(text: &str) -> Option<bool> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text.trim().nfkc().flat_map(char::to_lowercase).collect();
    match folded.as_str() {
        "1" | "true" | "yes" | "y" | "on" | "x" | "はい" | "○" | "〇" | "✓" | "✔" | "済"
        | "済み" | "停止" | "停止中" | "有" | "あり" | "不可" | "拒否" | "unsubscribed"
        | "opted out" | "optedout" | "opt out" | "opt-out" | "optout" | "do not call"
        | "do not email" | "dnc" | "配信停止" | "配信停止中" | "配信停止済み" | "配信拒否"
        | "希望しない" | "不要" | "送信不可" | "架電不可" | "ng" => Some(true),
        "0" | "false" | "no" | "n" | "off" | "いいえ" | "×" | "-" | "無" | "なし" | "可"
        | "subscribed" | "opted in" | "optedin" | "opt in" | "opt-in" | "optin" | "ok"
        | "希望する" | "配信可" | "送信可" | "架電可" | "許可" => Some(false),
        _ => None,
    }
}

/// The system an id column's value belongs to. The header alone guesses (`Record ID` is
/// HubSpot's, `Id` Salesforce's); the value knows better: Zoho's ids start `zcrm_`, and an `Id`
/// of digits alone is no Salesforce id (those mix letters and digits: `00Q5g00000AbCdE`) but
/// some other system's (Marketo's, a sheet's row number), kept under the neutral `external_id`.
fn external_key(key: &str, value: &str) -> String {
    let digits_only = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    if value.starts_with("zcrm_") {
        "zoho".to_owned()
    } else if key == "salesforce" && digits_only {
        "external_id".to_owned()
    } else {
        key.to_owned()
    }
}

/// A plausible email address: one `@`, text on both sides, a dot in the domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    // The last label is all ASCII or all not (`.jp`, `.みんな`): `example.jp代表取締役` is an
    // address with the next cell's text run into it.
    let tld = domain.rsplit('.').next().unwrap_or_default();
    let tld_whole = tld.is_ascii() || !tld.chars().any(|c| c.is_ascii_alphanumeric());
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && tld_whole
        && !s
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>'))
}

/// The address an email cell holds, as people and mail programs write it: full-width
/// (`ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ`), with a name (`山田 <taro@example.jp>`) or a
/// `mailto:`; `None` when there is no plausible address.
pub fn address_in(cell: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = cell.nfkc().collect();
    let mut text = folded.trim();
    if let (Some(open), Some(close)) = (text.rfind('<'), text.rfind('>')) {
        if open < close {
            text = text[open + 1..close].trim();
        }
    }
    let text = match text.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("mailto:") => &text[7..],
        _ => text,
    };
    let text = text.trim().trim_end_matches('.');
    is_email(text).then(|| text.to_owned())
}

/// Decodes, checks and cleans one cell; `Err` is the reject reason.
fn clean_cell(ctx: &RowContext, col: &Column, raw: &[u8]) -> Result<String, RejectReason> {
    if raw.len() > MAX_FIELD_BYTES {
        return Err(RejectReason::FieldTooLarge {
            field: col.name.clone(),
            bytes: Some(raw.len()),
        });
    }
    let invalid = || RejectReason::InvalidBytes {
        field: col.name.clone(),
        encoding: Some(ctx.encoding.to_owned()),
    };
    let text = std::str::from_utf8(raw).map_err(|_| invalid())?;
    if ctx.decoded && text.contains('\u{FFFD}') {
        return Err(invalid());
    }
    let text = unneutralise(text);
    let clean = if col.field.is_multiline() {
        sanitize_multiline(text)
    } else {
        sanitize_line(text)
    };
    Ok(clean.trim().to_owned())
}

/// Turns one record into a lead or a reject.
pub fn convert(ctx: &RowContext, line: u64, record: &csv::ByteRecord) -> Result<Row, Reject> {
    let reject = |reason: RejectReason| Reject { line, reason };
    let width = ctx.columns.len();
    let extra_filled = record
        .iter()
        .skip(width)
        .any(|f| !f.iter().all(u8::is_ascii_whitespace));
    if record.len() < width || extra_filled {
        return Err(reject(RejectReason::WrongColumnCount {
            fields: record.len(),
            header: width,
        }));
    }
    let mut cells = Vec::with_capacity(width);
    for (col, raw) in ctx.columns.iter().zip(record.iter()) {
        cells.push(clean_cell(ctx, col, raw).map_err(&reject)?);
    }
    let mut row = Row {
        line,
        lead: Lead {
            stage: Stage::New,
            handover_at: ctx.now,
            stage_entered_at: ctx.now,
            imported_at: Some(ctx.now),
            version: 1,
            ..Lead::default()
        },
        warnings: Vec::new(),
    };
    // National numbers are read in the lead's own country when a column names it.
    let country = ctx
        .columns
        .iter()
        .zip(&cells)
        .find(|(col, _)| col.field == Field::Country)
        .and_then(|(_, value)| crate::domain::country::country_code(value));
    let country = country.as_deref().unwrap_or(&ctx.country);
    let (mut reading_last, mut reading_first) = (None, None);
    for (col, value) in ctx.columns.iter().zip(cells) {
        if !value.is_empty() {
            apply(
                ctx,
                country,
                &mut row,
                col,
                value,
                &mut reading_last,
                &mut reading_first,
            );
        }
    }
    finish(&mut row, reading_last, reading_first);
    let has_email = !row.lead.email.is_empty();
    let has_phone = row.lead.phones.iter().any(|p| p.number.is_some());
    if !has_email && !has_phone {
        return Err(reject(RejectReason::NoEmailNoPhone));
    }
    Ok(row)
}

/// Keeps a value leadbench could not read as an extra field, with a warning.
fn keep(row: &mut Row, col: &Column, value: String, kind: WarningKind) {
    row.warnings.push(Warning {
        line: row.line,
        column: col.name.clone(),
        kind,
        value: value.clone(),
    });
    row.lead.extra.insert(col.name.clone(), value);
}

fn apply(
    ctx: &RowContext,
    country: &str,
    row: &mut Row,
    col: &Column,
    value: String,
    reading_last: &mut Option<(String, String)>,
    reading_first: &mut Option<(String, String)>,
) {
    let lead = &mut row.lead;
    let phones = |kind| phones_from_cell(&value, kind, country);
    match &col.field {
        Field::FirstName => lead.first_name = value,
        Field::LastName => lead.last_name = value,
        Field::FullName => lead.full_name = value,
        Field::Reading => lead.reading = value,
        Field::ReadingLast => *reading_last = Some((col.name.clone(), value)),
        Field::ReadingFirst => *reading_first = Some((col.name.clone(), value)),
        Field::Company => lead.company = value,
        Field::Department => lead.department = value,
        Field::Title => lead.title = value,
        Field::Email => match address_in(&value) {
            Some(address) => lead.email = address,
            None => keep(row, col, value, WarningKind::NotAnEmail),
        },
        Field::Phone => lead
            .phones
            .splice(0..0, phones(PhoneKind::Main))
            .for_each(drop),
        Field::Mobile => lead.phones.extend(phones(PhoneKind::Mobile)),
        Field::DirectPhone => lead.phones.extend(phones(PhoneKind::Direct)),
        Field::Switchboard => lead.phones.extend(phones(PhoneKind::Switchboard)),
        Field::Timezone if value.parse::<Tz>().is_ok() => lead.timezone = Some(value),
        Field::Timezone => keep(row, col, value, WarningKind::NotATimeZone),
        Field::Industry => lead.industry = value,
        Field::Employees => match parse_employees(&value) {
            Some(e) => lead.employees = e,
            None => keep(row, col, value, WarningKind::NoEmployeeCount),
        },
        Field::Source => lead.source = value,
        Field::CreatedAt => match parse_datetime(&value, ctx.tz, ctx.date_order) {
            // A day's grace: a file written in a zone ahead of the rep's.
            Some(t) if t > ctx.now + chrono::Duration::days(1) => {
                keep(row, col, value, WarningKind::FutureDate);
            }
            Some(t) => lead.created_at = Some(t),
            None => keep(row, col, value, WarningKind::NotADate),
        },
        Field::Tags => {
            lead.tags = value
                .split([',', '、', ';'])
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect();
        }
        Field::ExternalId(key) => {
            lead.external_ids.insert(external_key(key, &value), value);
        }
        // A value that is neither yes nor no in an opt-out column is taken as yes: mailing or
        // calling someone who asked not to be is the mistake that cannot be taken back.
        Field::EmailOptOut => match parse_flag(&value) {
            Some(b) => lead.email_opt_out = b,
            None => {
                lead.email_opt_out = true;
                keep(row, col, value, WarningKind::UnclearOptOut);
            }
        },
        Field::DoNotCall => match parse_flag(&value) {
            Some(b) => lead.do_not_call = b,
            None => {
                lead.do_not_call = true;
                keep(row, col, value, WarningKind::UnclearOptOut);
            }
        },
        Field::Status => match stage_for_status(&value) {
            Some(stage) => lead.stage = stage,
            None => keep(row, col, value, WarningKind::UnknownStatus),
        },
        Field::Notes => lead.notes = value,
        Field::Ignored => {}
        Field::Country => {
            lead.extra.insert(col.name.clone(), value);
        }
        Field::Extra(name) => {
            lead.extra.insert(name.clone(), value);
        }
    }
}

/// Composes what depends on several columns: name, reading, zone, hand-over time.
fn finish(
    row: &mut Row,
    reading_last: Option<(String, String)>,
    reading_first: Option<(String, String)>,
) {
    let lead = &mut row.lead;
    if lead.full_name.is_empty() {
        lead.full_name = compose_full_name(&lead.first_name, &lead.last_name);
    }
    if lead.reading.is_empty() {
        let part =
            |p: &Option<(String, String)>| p.as_ref().map_or(String::new(), |(_, v)| v.clone());
        lead.reading = compose_full_name(&part(&reading_first), &part(&reading_last));
    } else {
        // A reading column and reading parts both: the parts are kept, not dropped.
        for (name, value) in reading_last.into_iter().chain(reading_first) {
            lead.extra.insert(name, value);
        }
    }
    if lead.timezone.is_none() {
        lead.timezone = lead
            .primary_phone()
            .and_then(|p| p.number.as_deref())
            .and_then(timezone_for_number)
            .map(str::to_owned);
    }
    // Speed-to-lead starts at the later of the file's created date and the import time: the
    // hand-over already holds the import time, and a created date after it (one within the
    // day's grace of `Field::CreatedAt`) is not taken — a hand-over ahead of now would make the
    // lead worth more than its score.
}
