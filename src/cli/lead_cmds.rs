//! Commands that change one lead: add, edit, log-call, note, schedule, lost.

use std::io::Write;

use crate::domain::i18n::TextKey;
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{Lang, LeadId, Stage};
use crate::domain::{NextAction, Ts};
use crate::ops::{self, CallRequest, OpsError, Problem};

use super::args::{AddArgs, EditArgs, LogCallArgs, LostArgs, NoteArgs, ScheduleArgs};
use super::context::{Context, now};
use super::json;

/// Prints an error in the rep's language and returns its exit code.
fn report(err: &mut impl Write, lang: Lang, cmd: &str, what: &str, e: &OpsError) -> i32 {
    let hint = if matches!(e, OpsError::Refused(_)) {
        lang.text(TextKey::CliLeadForceHint)
    } else {
        ""
    };
    let _ = writeln!(err, "leadbench {cmd}: {what}: {}{hint}", e.text(lang));
    e.exit_code()
}

/// A stage change after a success line: stage ids, which scripts and reps both read.
pub(super) fn stage_moved(lang: Lang, from: Stage, to: Stage) -> String {
    lang.fill(
        TextKey::CliLeadStageMoved,
        &[("from", &from.id()), ("to", &to.id())],
    )
}

/// How an error names the lead it concerns.
fn lead_ref(lang: Lang, id: LeadId) -> String {
    lang.fill(TextKey::CliLeadLeadRef, &[("id", &id)])
}

fn when(ctx: &Context, flag: &str, text: &str, now: Ts) -> Result<Ts, OpsError> {
    parse_when(text, now, ctx.policy.rep_tz).map_err(|e| {
        OpsError::Invalid(Problem::BadTime {
            field: flag.to_owned(),
            error: e,
        })
    })
}

fn pairs(items: &[String]) -> Result<Vec<(String, String)>, OpsError> {
    items
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
                .ok_or_else(|| OpsError::Invalid(Problem::NotFieldValue(kv.clone())))
        })
        .collect()
}

fn find(
    ctx: &Context,
    cmd: &str,
    key: &str,
    err: &mut impl Write,
) -> Result<crate::domain::Lead, i32> {
    ctx.store.find_lead(key).map_err(|e| {
        let _ = writeln!(err, "leadbench {cmd}: {}", e.text(ctx.policy.lang));
        1
    })
}

/// `add`.
pub fn add(ctx: &mut Context, a: &AddArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let now = now();
    let mut fields = vec![("full_name".to_owned(), a.name.clone())];
    for (k, v) in [
        ("company", &a.company),
        ("email", &a.email),
        ("phone", &a.phone),
        ("title", &a.title),
        ("source", &a.source),
    ] {
        if let Some(v) = v {
            fields.push((k.to_owned(), v.clone()));
        }
    }
    let result = pairs(&a.set).and_then(|more| {
        fields.extend(more);
        ops::add_lead(
            &mut ctx.store,
            &ctx.policy,
            &fields,
            &ctx.config.calling.default_country,
            now,
        )
    });
    match result {
        Ok(id) => {
            if a.json {
                if let Ok(Some(l)) = ctx.store.lead(id) {
                    let _ = writeln!(
                        out,
                        "{:#}",
                        json::lead(&l, &ctx.policy, ctx.store.scoring(), now)
                    );
                }
            } else {
                let text = ctx.policy.lang.fill(TextKey::CliLeadAdded, &[("id", &id)]);
                let _ = writeln!(out, "{text}");
            }
            0
        }
        Err(e) => report(err, ctx.policy.lang, "add", &a.name, &e),
    }
}

/// `edit`.
pub fn edit(ctx: &mut Context, a: &EditArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match find(ctx, "edit", &a.lead, err) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let result = pairs(&a.fields).and_then(|f| {
        ops::edit_lead(
            &mut ctx.store,
            &ctx.policy,
            lead.id,
            None,
            &f,
            &ctx.config.calling.default_country,
            now(),
        )
    });
    match result {
        Ok(l) => {
            let text = ctx
                .policy
                .lang
                .fill(TextKey::CliLeadEdited, &[("id", &l.id)]);
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => report(
            err,
            ctx.policy.lang,
            "edit",
            &lead_ref(ctx.policy.lang, lead.id),
            &e,
        ),
    }
}

/// `log-call`.
pub fn log_call(
    ctx: &mut Context,
    a: &LogCallArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match find(ctx, "log-call", &a.lead, err) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let now = now();
    let req = (|| {
        Ok::<_, OpsError>(CallRequest {
            outcome: a.outcome,
            at: a
                .at
                .as_deref()
                .map(|t| when(ctx, "--at", t, now))
                .transpose()?,
            next: a
                .next
                .as_deref()
                .map(|t| when(ctx, "--next", t, now))
                .transpose()?,
            meeting: a
                .meeting
                .as_deref()
                .map(|t| when(ctx, "--meeting", t, now))
                .transpose()?,
            reason: a.reason.clone(),
            phone: a.phone.clone(),
            note: a.note.clone().unwrap_or_default(),
            duration: a.duration,
            force: a.force,
            check_window: a.at.is_some(),
        })
    })();
    let result =
        req.and_then(|req| ops::log_call(&mut ctx.store, &ctx.policy, lead.id, None, &req, now));
    match result {
        Ok((l, change)) => {
            let lang = ctx.policy.lang;
            let moved = change.map_or(String::new(), |c| stage_moved(lang, c.from, c.to));
            let text = lang.fill(
                TextKey::CliLeadLogged,
                &[
                    ("outcome", &a.outcome.id()),
                    ("id", &l.id),
                    ("moved", &moved),
                ],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => report(
            err,
            ctx.policy.lang,
            "log-call",
            &lead_ref(ctx.policy.lang, lead.id),
            &e,
        ),
    }
}

/// `note`.
pub fn note(ctx: &mut Context, a: &NoteArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match find(ctx, "note", &a.lead, err) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match ops::note(&mut ctx.store, &ctx.policy, lead.id, None, &a.text, now()) {
        Ok(l) => {
            let text = ctx
                .policy
                .lang
                .fill(TextKey::CliLeadNoted, &[("id", &l.id)]);
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => report(
            err,
            ctx.policy.lang,
            "note",
            &lead_ref(ctx.policy.lang, lead.id),
            &e,
        ),
    }
}

/// `schedule`.
pub fn schedule(
    ctx: &mut Context,
    a: &ScheduleArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let lead = match find(ctx, "schedule", &a.lead, err) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let now = now();
    let result = when(ctx, "WHEN", &a.when, now).and_then(|due| {
        let next = NextAction {
            kind: a.kind,
            due_at: due,
            note: a.note.clone().unwrap_or_default(),
        };
        ops::schedule(&mut ctx.store, &ctx.policy, lead.id, None, &next, now)
    });
    match result {
        Ok((l, moved)) => {
            let tz = ctx.policy.rep_tz;
            let due = l
                .next_action
                .as_ref()
                .map(|n| {
                    n.due_at
                        .with_timezone(&tz)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            let lang = ctx.policy.lang;
            let text = lang.fill(
                TextKey::CliLeadScheduled,
                &[("id", &l.id), ("kind", &a.kind.id()), ("due", &due)],
            );
            let _ = writeln!(out, "{text}");
            if moved.is_some() {
                let _ = writeln!(err, "{}", lang.text(TextKey::CliLeadMovedIntoWindow));
            }
            0
        }
        Err(e) => report(
            err,
            ctx.policy.lang,
            "schedule",
            &lead_ref(ctx.policy.lang, lead.id),
            &e,
        ),
    }
}

/// `lost`.
pub fn lost(ctx: &mut Context, a: &LostArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let lead = match find(ctx, "lost", &a.lead, err) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let now = now();
    let reengage = match a.reengage.as_deref() {
        None => None,
        Some(t) => match parse_date(t).or_else(|_| {
            parse_when(t, now, ctx.policy.rep_tz)
                .map(|w| w.with_timezone(&ctx.policy.rep_tz).date_naive())
        }) {
            Ok(d) => Some(d),
            Err(e) => {
                let e = OpsError::Invalid(Problem::BadTime {
                    field: "--reengage".into(),
                    error: e,
                });
                return report(
                    err,
                    ctx.policy.lang,
                    "lost",
                    &lead_ref(ctx.policy.lang, lead.id),
                    &e,
                );
            }
        },
    };
    match ops::mark_lost(
        &mut ctx.store,
        &ctx.policy,
        lead.id,
        None,
        &a.reason,
        reengage,
        now,
    ) {
        Ok(l) => {
            let text = ctx.policy.lang.fill(
                TextKey::CliLeadLost,
                &[("id", &l.id), ("reason", &a.reason)],
            );
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => report(
            err,
            ctx.policy.lang,
            "lost",
            &lead_ref(ctx.policy.lang, lead.id),
            &e,
        ),
    }
}
