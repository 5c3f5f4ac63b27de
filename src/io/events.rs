//! Engagement events from marketing automation (SPEC §10 `import-events`): email, kind and
//! timestamp per row, in any encoding and delimiter the lead import reads.

use std::fs::File;
use std::path::Path;

use crate::domain::Ts;
use crate::domain::text::sanitize_line;

use super::import::date::parse_datetime;
use super::import::header::fold;
use super::import::reject::{Reject, RejectReason};
use super::import::row::{MAX_FIELD_BYTES, is_email};
use super::import::{CsvSource, ImportError, ParseOptions};

/// One event read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Physical line.
    pub line: u64,
    /// The lead's email as written.
    pub email: String,
    /// The engagement kind (Appendix D; unknown kinds are `other`).
    pub kind: &'static str,
    /// The kind as written.
    pub raw_kind: String,
    /// When it happened.
    pub at: Ts,
}

/// The engagement kind of a marketing-automation event name.
pub fn event_kind(raw: &str) -> &'static str {
    let k = fold(raw);
    match k.as_str() {
        "emailopen" | "open" | "opened" | "emailopened" | "メール開封" | "開封" => {
            "email_open"
        }
        "emailclick"
        | "click"
        | "clicked"
        | "emailclicked"
        | "linkclick"
        | "クリック"
        | "メールクリック" => "email_click",
        "webvisit" | "visit" | "pageview" | "websitevisit" | "sitevisit" | "サイト訪問"
        | "web訪問" | "ページ閲覧" => "web_visit",
        "form" | "formsubmission" | "formsubmit" | "formfill" | "フォーム送信" | "問い合わせ"
        | "資料請求" => "form",
        "webinar"
        | "webinarattended"
        | "webinarregistration"
        | "ウェビナー"
        | "セミナー"
        | "ウェビナー参加" => "webinar",
        "pricingpage" | "pricing" | "pricingpageview" | "料金ページ" | "価格ページ" => {
            "pricing_page"
        }
        _ => "other",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Email,
    Kind,
    At,
    Other,
}

fn column(header: &str) -> Col {
    match fold(header).as_str() {
        "email" | "emailaddress" | "mail" | "contactemail" | "メールアドレス" | "メール" => {
            Col::Email
        }
        "kind" | "event" | "eventtype" | "type" | "activity" | "activitytype" | "eventname"
        | "イベント" | "種別" | "イベント種別" => Col::Kind,
        "timestamp" | "time" | "date" | "at" | "occurredat" | "eventdate" | "datetime" | "日時"
        | "発生日時" | "日付" => Col::At,
        _ => Col::Other,
    }
}

/// The events of a file, each read or refused, and the encoding used.
pub type EventRows = (Vec<Result<Event, Reject>>, &'static str);

/// Reads every event of a file (events files are small next to lead files) with the encoding
/// used.
pub fn read_events(path: &Path, opts: &ParseOptions) -> Result<EventRows, ImportError> {
    let file =
        File::open(path).map_err(|e| ImportError::file(format!("{}: {e}", path.display())))?;
    let (mut csv, names) = CsvSource::open(file, opts)?;
    let cols: Vec<Col> = names.iter().map(|n| column(n)).collect();
    for (need, what) in [
        (Col::Email, "email"),
        (Col::Kind, "kind"),
        (Col::At, "timestamp"),
    ] {
        if !cols.contains(&need) {
            return Err(ImportError {
                line: 1,
                field: what.into(),
                reason: format!("no {what} column (headers: {})", names.join(", ")),
            });
        }
    }
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while csv
        .reader
        .read_byte_record(&mut rec)
        .map_err(|e| ImportError::file(e.to_string()))?
    {
        let line = csv.line_of(&rec);
        if let Some(reason) = csv.unclosed_in(&rec) {
            out.push(Err(Reject { line, reason }));
            continue;
        }
        out.push(event(&rec, &cols, &names, line, opts, csv.decoded));
    }
    Ok((out, csv.detection.name()))
}

fn event(
    rec: &csv::ByteRecord,
    cols: &[Col],
    names: &[String],
    line: u64,
    opts: &ParseOptions,
    decoded: bool,
) -> Result<Event, Reject> {
    let reject = |reason: RejectReason| Reject { line, reason };
    if rec.len() < cols.len() {
        return Err(reject(RejectReason::WrongColumnCount {
            fields: rec.len(),
            header: cols.len(),
        }));
    }
    let (mut email, mut kind, mut at) = (String::new(), String::new(), String::new());
    for ((col, name), raw) in cols.iter().zip(names).zip(rec.iter()) {
        if raw.len() > MAX_FIELD_BYTES {
            return Err(reject(RejectReason::FieldTooLarge {
                field: name.clone(),
                bytes: None,
            }));
        }
        let text = std::str::from_utf8(raw)
            .ok()
            .filter(|t| !(decoded && t.contains('\u{FFFD}')))
            .ok_or_else(|| {
                reject(RejectReason::InvalidBytes {
                    field: name.clone(),
                    encoding: None,
                })
            })?;
        let clean = sanitize_line(text).trim().to_owned();
        match col {
            Col::Email => email = clean,
            Col::Kind => kind = clean,
            Col::At => at = clean,
            Col::Other => {}
        }
    }
    if !is_email(&email) {
        return Err(reject(RejectReason::NoUsableEmail(email)));
    }
    let at = parse_datetime(&at, opts.tz, opts.date_order)
        .ok_or_else(|| reject(RejectReason::NotADate(at.clone())))?;
    // An engagement ahead of now (a day's grace for a zone ahead of the rep's) has not
    // happened: as the lead's latest sign of life it would make it worth more than its score.
    if at > opts.now + chrono::Duration::days(1) {
        return Err(reject(RejectReason::InTheFuture(
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        )));
    }
    Ok(Event {
        line,
        email,
        kind: event_kind(&kind),
        raw_kind: kind,
        // Within the grace it is a clock ahead of ours: the event happened by now.
        at: at.min(opts.now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_and_unknown_kinds_are_other() {
        assert_eq!(event_kind("Email Open"), "email_open");
        assert_eq!(event_kind("pricing_page"), "pricing_page");
        assert_eq!(event_kind("Webinar attended"), "webinar");
        assert_eq!(event_kind("ウェビナー"), "webinar");
        assert_eq!(event_kind("tweet"), "other");
    }
}
