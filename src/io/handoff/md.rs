//! The handoff summary in Markdown, for people. Every piece of lead text is sanitised (no
//! escape or bidi characters) and Markdown-escaped (every ASCII punctuation character gets a
//! backslash), so a name such as `[click](http://x)` or `**boss**` shows as typed and cannot
//! add formatting, links, images or HTML.

use std::fmt::Write as _;

use crate::domain::i18n::TextKey;
use crate::domain::qualification::{framework_label, item_label};
use crate::domain::text::{sanitize_line, sanitize_multiline};
use crate::domain::{Activity, Lang, Ts};

use super::Summary;

/// Escapes one line of untrusted text for Markdown.
pub fn escape(s: &str) -> String {
    let clean = sanitize_line(s);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes untrusted multi-line text; lines end in a hard break so they stay lines.
pub fn escape_multiline(s: &str, indent: &str) -> String {
    sanitize_multiline(s)
        .lines()
        .map(|l| format!("{indent}{}", escape(l)))
        .collect::<Vec<_>>()
        .join("  \n")
}

fn time(t: Ts, s: &Summary) -> String {
    t.with_timezone(&s.tz)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn kind_label(a: &Activity, lang: Lang) -> String {
    use crate::domain::ActivityKind as K;
    let kind = match a.kind {
        K::Call => lang.text(TextKey::IoHandoffMdActivityCall),
        K::Inbound => lang.text(TextKey::IoHandoffMdActivityInboundCall),
        K::Reply => lang.text(TextKey::IoHandoffMdActivityReply),
        K::Mail => lang.text(TextKey::IoHandoffMdActivityMail),
        K::Note => lang.text(TextKey::IoHandoffMdActivityNote),
        K::Stage => lang.text(TextKey::IoHandoffMdActivityStage),
        K::Schedule => lang.text(TextKey::IoHandoffMdActivityScheduled),
        K::Meeting => lang.text(TextKey::IoHandoffMdActivityMeeting),
        K::Escalation => lang.text(TextKey::IoHandoffMdActivityEscalation),
        K::Feedback => lang.text(TextKey::IoHandoffMdActivityFeedback),
        K::Event => lang.text(TextKey::IoHandoffMdActivityEvent),
        K::Edit => lang.text(TextKey::IoHandoffMdActivityEdit),
        other => other.id(),
    };
    let detail = match a.kind {
        K::Stage => {
            let get = |k: &str| a.data.get(k).and_then(|v| v.as_str()).unwrap_or_default();
            format!("{} → {}", escape(get("from")), escape(get("to")))
        }
        _ => a.outcome.as_deref().map(escape).unwrap_or_default(),
    };
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {detail}")
    }
}

/// Renders one lead's summary.
pub fn render(s: &Summary) -> String {
    let l = s.lang;
    let t = |key: TextKey| l.text(key);
    let lead = &s.lead;
    let mut o = String::new();
    let name = escape(&lead.display_name());
    let company = escape(&lead.company);
    let _ = writeln!(
        o,
        "# {}: {name} — {company}\n",
        t(TextKey::IoHandoffMdHandoff)
    );
    let _ = writeln!(
        o,
        "{} {} · leadbench · {} \\#{}\n",
        t(TextKey::IoHandoffMdGenerated),
        time(s.generated_at, s),
        t(TextKey::IoHandoffMdLead),
        lead.id
    );

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdContact));
    let mut row = |label: &str, value: String| {
        if !value.is_empty() {
            let _ = writeln!(o, "- **{label}:** {value}");
        }
    };
    row(t(TextKey::IoHandoffMdName), name.clone());
    row(t(TextKey::IoHandoffMdReading), escape(&lead.reading));
    row(t(TextKey::IoHandoffMdCompany), company.clone());
    row(t(TextKey::IoHandoffMdDepartment), escape(&lead.department));
    row(t(TextKey::IoHandoffMdTitle), escape(&lead.title));
    row(t(TextKey::IoHandoffMdEmail), escape(&lead.email));
    for p in &lead.phones {
        let flag = if p.invalid {
            t(TextKey::IoHandoffMdInvalid)
        } else {
            ""
        };
        row(
            t(TextKey::IoHandoffMdPhone),
            format!("{} ({}){flag}", escape(p.dial_text()), p.kind.id()),
        );
    }
    row(
        t(TextKey::IoHandoffMdTimeZone),
        escape(lead.timezone.as_deref().unwrap_or_default()),
    );
    row(t(TextKey::IoHandoffMdIndustry), escape(&lead.industry));
    let emp = match (lead.employees.min, lead.employees.max) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("{a}\\+"),
        (None, Some(b)) => format!("≤{b}"),
        (None, None) => String::new(),
    };
    row(t(TextKey::IoHandoffMdEmployees), emp);
    if lead.do_not_call {
        row(
            t(TextKey::IoHandoffMdDoNotCall),
            t(TextKey::IoHandoffMdYes).to_owned(),
        );
    }
    if lead.email_opt_out {
        row(
            t(TextKey::IoHandoffMdMailOptOut),
            t(TextKey::IoHandoffMdYes).to_owned(),
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdSource));
    let _ = writeln!(
        o,
        "- **{}:** {}",
        t(TextKey::IoHandoffMdSource),
        escape(&lead.source)
    );
    if let Some(c) = lead.created_at {
        let _ = writeln!(
            o,
            "- **{}:** {}",
            t(TextKey::IoHandoffMdCreated),
            time(c, s)
        );
    }
    let _ = writeln!(
        o,
        "- **{}:** {}\n",
        t(TextKey::IoHandoffMdReachedTheRep),
        time(lead.handover_at, s)
    );

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdMeeting));
    match s.meeting() {
        Some(m) => {
            let _ = writeln!(o, "- **{}:** {}", t(TextKey::IoHandoffMdWhen), time(m, s));
            if let Some(tz) = lead
                .timezone
                .as_deref()
                .and_then(|z| z.parse::<chrono_tz::Tz>().ok())
            {
                if tz != s.tz {
                    let _ = writeln!(
                        o,
                        "- **{}:** {}",
                        t(TextKey::IoHandoffMdLeadLocalTime),
                        m.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z")
                    );
                }
            }
        }
        None => {
            let _ = writeln!(o, "- {}", t(TextKey::IoHandoffMdNoMeetingBooked));
        }
    }
    if let Some(e) = &s.escalation {
        let rep = if e.to.email.is_empty() {
            escape(&e.to.name)
        } else {
            format!("{} \\<{}\\>", escape(&e.to.name), escape(&e.to.email))
        };
        let _ = writeln!(o, "- **{}:** {rep}", t(TextKey::IoHandoffMdFieldRep));
        let _ = writeln!(
            o,
            "- **{}:** {}",
            t(TextKey::IoHandoffMdEscalated),
            time(e.at, s)
        );
        if let Some(r) = &e.override_reason {
            let _ = writeln!(
                o,
                "- **{}:** {}",
                t(TextKey::IoHandoffMdGateOverride),
                escape(r)
            );
        }
        if !e.note.trim().is_empty() {
            let _ = writeln!(o, "- **{}:**\n", t(TextKey::IoHandoffMdSummaryNote));
            let _ = writeln!(o, "{}", escape_multiline(&e.note, "> "));
        }
    }
    if let Some(f) = &s.feedback {
        let _ = writeln!(
            o,
            "- **{}:** {} ({}) {}",
            t(TextKey::IoHandoffMdFeedback),
            escape(&f.result),
            time(f.at, s),
            escape(&f.reason)
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdScore));
    let _ = writeln!(o, "- **{}:** {}", t(TextKey::IoHandoffMdScore), lead.score);
    if !s.score_breakdown.is_empty() {
        let _ = writeln!(
            o,
            "\n| {} | {} |\n|---|---:|",
            t(TextKey::IoHandoffMdRule),
            t(TextKey::IoHandoffMdPoints)
        );
        for (rule, pts) in &s.score_breakdown {
            let _ = writeln!(o, "| {} | {pts} |", escape(rule));
        }
    }
    let _ = writeln!(o);

    let _ = writeln!(
        o,
        "## {} ({})\n",
        t(TextKey::IoHandoffMdQualification),
        framework_label(&s.framework)
    );
    let _ = writeln!(
        o,
        "| {} | {} | {} |\n|---|---|---|",
        t(TextKey::IoHandoffMdItem),
        t(TextKey::IoHandoffMdState),
        t(TextKey::IoHandoffMdEvidence)
    );
    for id in &s.items {
        let item = lead.qualification.item(id);
        let req = if s.required.contains(id) { " \\*" } else { "" };
        let mark = if item.is_met() { "✓ " } else { "" };
        let evidence = item.evidence.as_ref().map_or(String::new(), |e| {
            let mut text = escape(&e.text);
            if let Some(at) = e.at {
                let _ = write!(text, " ({})", time(at, s));
            }
            if let Some(id) = e.activity_id {
                let _ = write!(text, " \\#{id}");
            }
            text
        });
        let _ = writeln!(
            o,
            "| {}{req} | {mark}{} | {evidence} |",
            item_label(id, l),
            item.state.label(l)
        );
    }
    let _ = writeln!(o, "\n\\* {}\n", t(TextKey::IoHandoffMdRequired));

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdLastConversations));
    let convs = s.conversations(3);
    if convs.is_empty() {
        let _ = writeln!(o, "- {}", t(TextKey::IoHandoffMdNoneYet));
    }
    for a in convs {
        let _ = writeln!(o, "- **{}** {}", time(a.at, s), kind_label(a, l));
        if !a.note.trim().is_empty() {
            let _ = writeln!(o, "{}", escape_multiline(&a.note, "  > "));
        }
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdTimeline));
    for a in &s.timeline {
        let note = if a.note.trim().is_empty() {
            String::new()
        } else {
            format!(" — {}", escape(&a.note))
        };
        let _ = writeln!(o, "- {} {}{note}", time(a.at, s), kind_label(a, l));
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "## {}\n", t(TextKey::IoHandoffMdNotes));
    let notes = s.note_rows();
    if lead.notes.trim().is_empty() && notes.is_empty() {
        let _ = writeln!(o, "- {}", t(TextKey::IoHandoffMdNone));
    }
    if !lead.notes.trim().is_empty() {
        let _ = writeln!(o, "{}\n", escape_multiline(&lead.notes, "> "));
    }
    for a in notes {
        let _ = writeln!(o, "- **{}**", time(a.at, s));
        let _ = writeln!(o, "{}", escape_multiline(&a.note, "  > "));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_lead_text_is_escaped() {
        assert_eq!(
            escape("[x](http://e.vil)"),
            "\\[x\\]\\(http\\:\\/\\/e\\.vil\\)"
        );
        assert_eq!(escape("**boss** <b>"), "\\*\\*boss\\*\\* \\<b\\>");
        assert_eq!(escape("山田\u{202E}太郎\x1b[2J"), "山田太郎");
    }

    #[test]
    fn multiline_text_keeps_its_lines() {
        assert_eq!(escape_multiline("a\nb_c", "> "), "> a  \n> b\\_c");
    }
}
