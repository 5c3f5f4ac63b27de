//! The values of the merge fields (SPEC Appendix D) for one lead.

use chrono::{Datelike, Weekday};
use chrono_tz::Tz;

use super::name::family_name_or_full;
use super::template::MERGE_FIELDS;
use super::text::sanitize_line;
use super::{Lang, Lead};

/// What a mail knows besides the lead: the rep and the field rep.
#[derive(Debug, Clone, Default)]
pub struct MergeContext {
    /// The language of the mail (picks the salutation and date formats).
    pub lang: Lang,
    /// `rep.name`.
    pub rep_name: String,
    /// `rep.email`.
    pub rep_email: String,
    /// `rep.signature`.
    pub rep_signature: String,
    /// The field rep the lead was escalated to, if any.
    pub field_rep: Option<String>,
    /// The lead's time zone (meeting times are shown in it).
    pub lead_tz: Option<Tz>,
}

/// The value of merge field `field` for `lead`; `None` for a field that does not exist.
pub fn field_value(lead: &Lead, ctx: &MergeContext, field: &str) -> Option<String> {
    if !MERGE_FIELDS.contains(&field) {
        return None;
    }
    let line = |s: &str| sanitize_line(s).trim().to_owned();
    let full = || line(&lead.display_name());
    Some(match field {
        "first_name" => line(&lead.first_name),
        "last_name" => line(&lead.last_name),
        "full_name" => full(),
        "salutation" => salutation(lead, ctx.lang),
        "company" => line(&lead.company),
        "department" => line(&lead.department),
        "title" => line(&lead.title),
        "rep.name" => line(&ctx.rep_name),
        "rep.email" => line(&ctx.rep_email),
        "rep.signature" => ctx.rep_signature.trim_end().to_owned(),
        "meeting_at" => lead
            .meeting_at
            .map(|m| {
                meeting_at(
                    m.with_timezone(&ctx.lead_tz.unwrap_or(chrono_tz::UTC)),
                    ctx.lang,
                )
            })
            .unwrap_or_default(),
        "meeting_date" => lead
            .meeting_at
            .map(|m| {
                date(
                    m.with_timezone(&ctx.lead_tz.unwrap_or(chrono_tz::UTC)),
                    ctx.lang,
                )
            })
            .unwrap_or_default(),
        "field_rep" => ctx.field_rep.as_deref().map(line).unwrap_or_default(),
        _ => return None,
    })
}

/// "Dear {first name, else full name}" in English; "{company} {family name, else full name}様"
/// in Japanese. Empty when the lead has no name.
pub fn salutation(lead: &Lead, lang: Lang) -> String {
    let clean = |s: &str| sanitize_line(s).trim().to_owned();
    match lang {
        Lang::En => {
            let first = clean(&lead.first_name);
            let name = if first.is_empty() {
                clean(&lead.display_name())
            } else {
                first
            };
            if name.is_empty() {
                String::new()
            } else {
                format!("Dear {name}")
            }
        }
        Lang::Ja => {
            let family = clean(&family_name_or_full(&lead.last_name, &lead.display_name()));
            if family.is_empty() {
                return String::new();
            }
            let company = clean(&lead.company);
            if company.is_empty() {
                format!("{family}様")
            } else {
                format!("{company} {family}様")
            }
        }
    }
}

fn weekday_ja(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "月",
        Weekday::Tue => "火",
        Weekday::Wed => "水",
        Weekday::Thu => "木",
        Weekday::Fri => "金",
        Weekday::Sat => "土",
        Weekday::Sun => "日",
    }
}

fn date(t: chrono::DateTime<Tz>, lang: Lang) -> String {
    match lang {
        Lang::En => t.format("%A, %B %-d, %Y").to_string(),
        Lang::Ja => format!(
            "{}年{}月{}日({})",
            t.year(),
            t.month(),
            t.day(),
            weekday_ja(t.weekday())
        ),
    }
}

fn meeting_at(t: chrono::DateTime<Tz>, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{} at {}", date(t, lang), t.format("%-I:%M %p %Z")),
        Lang::Ja => format!("{} {}", date(t, lang), t.format("%H:%M (%Z)")),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn lead() -> Lead {
        Lead {
            first_name: "太郎".into(),
            last_name: "山田".into(),
            company: "山田商事株式会社".into(),
            meeting_at: chrono::Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).single(),
            ..Lead::default()
        }
    }

    #[test]
    fn the_japanese_salutation_is_company_family_name_sama() {
        assert_eq!(salutation(&lead(), Lang::Ja), "山田商事株式会社 山田様");
        let one = Lead {
            full_name: "佐藤花子".into(),
            ..Lead::default()
        };
        assert_eq!(salutation(&one, Lang::Ja), "佐藤花子様");
        assert_eq!(salutation(&Lead::default(), Lang::Ja), "");
    }

    #[test]
    fn the_english_salutation_uses_the_first_name_else_the_full_name() {
        let jane = Lead {
            first_name: "Jane".into(),
            last_name: "Smith".into(),
            ..Lead::default()
        };
        assert_eq!(salutation(&jane, Lang::En), "Dear Jane");
        let one = Lead {
            full_name: "Jane Smith".into(),
            ..Lead::default()
        };
        assert_eq!(salutation(&one, Lang::En), "Dear Jane Smith");
    }

    #[test]
    fn meeting_times_are_shown_in_the_lead_zone() {
        let ctx = MergeContext {
            lang: Lang::Ja,
            lead_tz: Some(chrono_tz::Asia::Tokyo),
            ..MergeContext::default()
        };
        assert_eq!(
            field_value(&lead(), &ctx, "meeting_at").as_deref(),
            Some("2026年12月1日(火) 14:00 (JST)")
        );
        let en = MergeContext {
            lang: Lang::En,
            lead_tz: Some(chrono_tz::America::New_York),
            ..MergeContext::default()
        };
        assert_eq!(
            field_value(&lead(), &en, "meeting_at").as_deref(),
            Some("Tuesday, December 1, 2026 at 12:00 AM EST")
        );
        assert_eq!(field_value(&lead(), &ctx, "shoe_size"), None);
    }
}
