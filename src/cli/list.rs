//! `list` and `show`.

use std::io::Write;

use crate::domain::filter::Filter;
use crate::domain::i18n::TextKey;
use crate::domain::queue::{Bucket, Direction, Queue};
use crate::domain::text::{display_width, sanitize_line};
use crate::domain::{Lang, Lead, Stage};

use super::args::{ListArgs, ShowArgs};
use super::context::{Context, now};
use super::{json, table};

const PAGE: usize = 500;

/// `list`: stage by stage, each in queue order, read page by page.
pub fn list(ctx: &mut Context, args: &ListArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let filter = Filter {
        group: args.group.clone(),
        ..Filter::default()
    };
    if let Some(g) = &args.group {
        let known: Vec<&str> = ctx.config.groups.iter().map(|g| g.name.as_str()).collect();
        if !known.contains(&g.as_str()) {
            let lang = ctx.policy.lang;
            let known = if known.is_empty() {
                lang.text(TextKey::CliListNoGroups).to_owned()
            } else {
                known.join(", ")
            };
            let text = lang.fill(
                TextKey::CliListNoGroup,
                &[("group", &format!("{g:?}")), ("known", &known)],
            );
            let _ = writeln!(err, "leadbench list: {text}");
            return 2;
        }
    }
    let now = now();
    let clock = ctx.policy.clock(now);
    let limit = args.limit.unwrap_or(usize::MAX);
    let queues: Vec<Queue> = match (args.due, args.stage) {
        (true, _) => vec![Queue::Today],
        (false, Some(s)) => vec![Queue::Stage(s)],
        (false, None) => Stage::ALL.into_iter().map(Queue::Stage).collect(),
    };
    let mut leads: Vec<Lead> = Vec::new();
    let mut first = true;
    let mut count = 0usize;
    if args.json {
        let _ = write!(out, "[");
    }
    'outer: for queue in queues {
        let mut cursor = None;
        loop {
            let page =
                // With --group the page comes from the group's index (SPEC §3), not a scan.
                match ctx.store.queue_page_filtered(
                    queue,
                    clock,
                    &filter,
                    cursor,
                    false,
                    Direction::Forward,
                    PAGE,
                ) {
                    Ok(p) => p,
                    Err(e) => {
                        let _ = writeln!(err, "leadbench list: {}", e.text(ctx.policy.lang));
                        return 1;
                    }
                };
            if page.is_empty() {
                break;
            }
            cursor = page.last().map(|r| r.cursor());
            for row in page {
                if args.due && row.bucket == Bucket::Rest {
                    break 'outer;
                }
                if args.stage.is_some_and(|s| s != row.stage) {
                    continue;
                }
                if count >= limit {
                    break 'outer;
                }
                let Ok(Some(lead)) = ctx.store.lead(row.id) else {
                    continue;
                };
                count += 1;
                if args.json {
                    let sep = if first { "" } else { "," };
                    first = false;
                    let _ = write!(
                        out,
                        "{sep}\n{}",
                        json::lead(&lead, &ctx.policy, ctx.store.scoring(), now)
                    );
                } else {
                    leads.push(lead);
                }
            }
        }
    }
    if args.all && args.group.is_none() {
        // Transferred leads are out of every queue; --all lists them after the rest.
        if let Ok(ids) = ctx.store.transferred_lead_ids() {
            for id in ids.into_iter().take(limit.saturating_sub(count)) {
                if let Ok(Some(lead)) = ctx.store.lead(id) {
                    if args.stage.is_some_and(|s| s != lead.stage) {
                        continue;
                    }
                    if args.json {
                        let sep = if first { "" } else { "," };
                        first = false;
                        let _ = write!(
                            out,
                            "{sep}\n{}",
                            json::lead(&lead, &ctx.policy, ctx.store.scoring(), now)
                        );
                    } else {
                        leads.push(lead);
                    }
                }
            }
        }
    }
    if args.json {
        let _ = writeln!(out, "\n]");
        return 0;
    }
    let tz = ctx.policy.rep_tz;
    let lang = ctx.policy.lang;
    let rows: Vec<Vec<String>> = leads
        .iter()
        .map(|l| {
            vec![
                l.id.to_string(),
                l.display_name(),
                l.company.clone(),
                l.stage.label(lang).to_owned(),
                l.attempts.to_string(),
                l.next_action.as_ref().map_or(String::new(), |n| {
                    format!(
                        "{} {}",
                        n.kind.id(),
                        n.due_at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
                    )
                }),
            ]
        })
        .collect();
    let _ = table::write_table(
        out,
        &[
            "ID",
            lang.text(TextKey::CliListColumnName),
            lang.text(TextKey::CliListColumnCompany),
            lang.text(TextKey::CliListColumnStage),
            lang.text(TextKey::CliListColumnAttempts),
            lang.text(TextKey::CliListColumnNext),
        ],
        &rows,
        32,
    );
    0
}

/// `show`.
pub fn show(ctx: &mut Context, args: &ShowArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match ctx.store.find_lead(&args.lead) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "leadbench show: {}", e.text(ctx.policy.lang));
            return 1;
        }
    };
    let activities = match ctx.store.activities(lead.id) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(err, "leadbench show: {}", e.text(ctx.policy.lang));
            return 1;
        }
    };
    let now = now();
    if args.json {
        let _ = writeln!(out, "{:#}", {
            let mut v =
                json::lead_detail(&lead, &activities, &ctx.policy, ctx.store.scoring(), now);
            v["qualification"] = super::handoff_cmd::qualification_json(&ctx.config, &lead);
            v
        });
        return 0;
    }
    let tz = ctx.policy.rep_tz;
    let lang = ctx.policy.lang;
    let s = |x: &str| sanitize_line(x);
    let _ = writeln!(
        out,
        "#{}  {}  {}",
        lead.id,
        s(&lead.display_name()),
        s(&lead.company)
    );
    // A flag after a value, two spaces apart; none when it does not apply.
    let flag = |on: bool, key: TextKey| {
        if on {
            format!("  {}", lang.text(key))
        } else {
            String::new()
        }
    };
    let attempts = lang.fill(TextKey::CliShowAttempts, &[("count", &lead.attempts)]);
    let _ = writeln!(
        out,
        "{}{}  {attempts}",
        field(lang, TextKey::CliShowStage),
        lead.stage.label(lang),
    );
    if !lead.email.is_empty() {
        let _ = writeln!(
            out,
            "{}{}{}",
            field(lang, TextKey::CliShowEmail),
            s(&lead.email),
            flag(lead.email_opt_out, TextKey::CliShowOptedOut)
        );
    }
    for p in &lead.phones {
        let _ = writeln!(
            out,
            "{}{}  {}{}",
            field(lang, TextKey::CliShowPhone),
            s(p.dial_text()),
            p.kind.id(),
            flag(p.invalid, TextKey::CliShowInvalid)
        );
    }
    if lead.do_not_call {
        let indent = " ".repeat(FIELD_CELLS);
        let _ = writeln!(out, "{indent}{}", lang.text(TextKey::CliShowDoNotCall));
    }
    if let Some(n) = &lead.next_action {
        let _ = writeln!(
            out,
            "{}{} {}  {}",
            field(lang, TextKey::CliShowNext),
            n.kind.id(),
            n.due_at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            s(&n.note)
        );
    }
    if let Some(m) = lead.meeting_at {
        let _ = writeln!(
            out,
            "{}{}",
            field(lang, TextKey::CliShowMeeting),
            m.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        );
    }
    if let Some(r) = &lead.lost_reason {
        let reengage = lead.reengage_on.map_or(String::new(), |d| {
            format!("  {}", lang.fill(TextKey::CliShowReengage, &[("date", &d)]))
        });
        let _ = writeln!(
            out,
            "{}{}{reengage}",
            field(lang, TextKey::CliShowLost),
            s(r)
        );
    }
    let _ = writeln!(out);
    for a in &activities {
        let _ = writeln!(
            out,
            "{}  {:<10} {:<14} {}{}",
            a.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
            a.kind.id(),
            s(a.outcome.as_deref().unwrap_or("")),
            s(&a.note),
            flag(a.undone, TextKey::CliShowUndone)
        );
    }
    0
}

/// Cells of the label column of `show`; the values line up after it.
const FIELD_CELLS: usize = 10;

/// A `show` label padded to [`FIELD_CELLS`] terminal cells (Japanese letters take two).
fn field(lang: Lang, key: TextKey) -> String {
    let label = lang.text(key);
    let pad = FIELD_CELLS.saturating_sub(display_width(label)).max(1);
    format!("{label}{}", " ".repeat(pad))
}
