//! The meeting as an iCalendar file (RFC 5545): CRLF line ends, content lines folded at 75
//! octets without splitting a UTF-8 character, UID, DTSTAMP, DTSTART/DTEND in UTC, TEXT values
//! escaped, the rep as ORGANIZER and the field rep as ATTENDEE. A small emitter of our own: the
//! calendar is one event, and owning the folding keeps multi-byte Japanese text intact.

use chrono::Duration;

use crate::domain::Ts;
use crate::domain::i18n::TextKey;
use crate::domain::qualification::{framework_label, item_label};
use crate::domain::text::{sanitize_line, sanitize_multiline};

use super::{MEETING_MINUTES, Person, Summary};

/// The longest content line in octets, CRLF not counted (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in sanitize_multiline(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, always quoted (a DQUOTE cannot appear inside one, so it is dropped).
fn param(s: &str) -> String {
    let clean: String = sanitize_line(s).chars().filter(|&c| c != '"').collect();
    format!("\"{clean}\"")
}

/// A `mailto:` URI for an address (whitespace and quotes removed).
fn mailto(email: &str) -> String {
    let clean: String = sanitize_line(email)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    format!("mailto:{clean}")
}

/// Folds a content line: at most 75 octets per physical line, continuation lines starting
/// with one space, never inside a UTF-8 character nor between a backslash and the character it
/// escapes (some readers unescape before unfolding); every line ends with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let mut unit = String::from(c);
        if c == '\\' {
            if let Some(next) = chars.next() {
                unit.push(next);
            }
        }
        if used + unit.len() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&unit);
        used += unit.len();
    }
    out.push_str("\r\n");
    out
}

fn utc(t: Ts) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn description(s: &Summary) -> String {
    let l = s.lang;
    let lead = &s.lead;
    let mut lines = vec![format!("{} — {}", lead.display_name(), lead.company)];
    let role: Vec<&str> = [lead.title.as_str(), lead.department.as_str()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    if !role.is_empty() {
        lines.push(role.join(", "));
    }
    if !lead.email.is_empty() {
        lines.push(format!(
            "{}: {}",
            l.text(TextKey::IoHandoffIcsEmail),
            lead.email
        ));
    }
    if let Some(p) = lead.primary_phone() {
        lines.push(format!(
            "{}: {}",
            l.text(TextKey::IoHandoffIcsPhone),
            p.dial_text()
        ));
    }
    lines.push(format!(
        "{}: {}",
        l.text(TextKey::IoHandoffIcsScore),
        lead.score
    ));
    lines.push(format!(
        "{} ({}):",
        l.text(TextKey::IoHandoffIcsQualification),
        framework_label(&s.framework)
    ));
    for id in &s.items {
        let item = lead.qualification.item(id);
        let mut line = format!("- {}: {}", item_label(id, l), item.state.label(l));
        if let Some(e) = item.evidence.as_ref().filter(|e| !e.text.trim().is_empty()) {
            line.push_str(" — ");
            line.push_str(&sanitize_line(&e.text));
        }
        lines.push(line);
    }
    if let Some(e) = &s.escalation {
        if !e.note.trim().is_empty() {
            lines.push(format!("{}:", l.text(TextKey::IoHandoffIcsNote)));
            lines.push(e.note.clone());
        }
        if let Some(r) = &e.override_reason {
            lines.push(format!(
                "{}: {r}",
                l.text(TextKey::IoHandoffIcsGateOverride)
            ));
        }
    }
    if !s.rep.name.trim().is_empty() {
        lines.push(format!(
            "{}: {}",
            l.text(TextKey::IoHandoffIcsInsideSales),
            s.rep.name
        ));
    }
    lines.join("\n")
}

fn uid(s: &Summary, start: Ts) -> String {
    let domain = s
        .rep
        .email
        .rsplit_once('@')
        .map(|(_, d)| d.trim())
        .filter(|d| {
            !d.is_empty()
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
        .unwrap_or("leadbench.invalid");
    let esc = s.escalation.as_ref().map_or(0, |e| e.activity_id);
    format!(
        "leadbench-lead-{}-{esc}-{}@{domain}",
        s.lead.id,
        start.timestamp()
    )
}

fn person_line(prop: &str, p: &Person, extra: &str) -> Option<String> {
    if p.email.trim().is_empty() {
        return None;
    }
    let cn = if p.name.trim().is_empty() {
        String::new()
    } else {
        format!(";CN={}", param(&p.name))
    };
    Some(format!("{prop}{cn}{extra}:{}", mailto(&p.email)))
}

/// The calendar for the summary's meeting; `None` when no meeting is booked. `dtstamp` is when
/// the file is made.
pub fn render(s: &Summary, dtstamp: Ts) -> Option<String> {
    let start = s.meeting()?;
    let end = start + Duration::minutes(MEETING_MINUTES);
    let lead = &s.lead;
    let title = s.lang.fill(
        TextKey::IoHandoffIcsMeetingTitle,
        &[("name", &lead.display_name()), ("company", &lead.company)],
    );
    let organizer = person_line("ORGANIZER", &s.rep, "");
    let attendee = person_line(
        "ATTENDEE",
        &s.field_rep(),
        ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
    );
    let method = if organizer.is_some() && attendee.is_some() {
        "REQUEST"
    } else {
        "PUBLISH"
    };
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//leadbench//handoff//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{method}"),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", uid(s, start)),
        format!("DTSTAMP:{}", utc(dtstamp)),
        format!("DTSTART:{}", utc(start)),
        format!("DTEND:{}", utc(end)),
        format!("SUMMARY:{}", escape_text(&sanitize_line(&title))),
        format!("DESCRIPTION:{}", escape_text(&description(s))),
        "STATUS:CONFIRMED".to_owned(),
    ];
    lines.extend(organizer);
    lines.extend(attendee);
    lines.push("END:VEVENT".to_owned());
    lines.push("END:VCALENDAR".to_owned());
    Some(lines.iter().map(|l| fold(l)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_never_splits_a_character_and_respects_75_octets() {
        let line = format!("DESCRIPTION:{}", "山田太郎".repeat(20));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for (i, l) in folded.trim_end_matches("\r\n").split("\r\n").enumerate() {
            assert!(l.len() <= MAX_LINE_OCTETS, "{l}");
            assert_eq!(l.starts_with(' '), i > 0);
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn folding_keeps_escape_sequences_whole() {
        for pad in 0..4 {
            let line = format!(
                "DESCRIPTION:{}{}",
                "x".repeat(60 + pad),
                "\\,\\;\\n".repeat(4)
            );
            let folded = fold(&line);
            for l in folded.trim_end_matches("\r\n").split("\r\n") {
                assert!(l.len() <= MAX_LINE_OCTETS);
                assert!(!l.ends_with('\\'), "{l:?}");
            }
            assert_eq!(folded.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        }
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape_text("x\u{202E}y\x1b"), "xy");
    }
}
