//! Executes effects against the store and turns their results into messages.

use crate::app::{Anchor, Detail, Effect, Figures, Msg};
use crate::cli::Context;
use crate::domain::filter::Filter;
use crate::domain::i18n::TextKey;
use crate::domain::queue::{Cursor, Direction, Queue};
use crate::domain::{Lead, Ts};
use crate::ops::{self, OpsError};
use crate::store::StoreError;

/// Journal rows the detail pane shows.
const TIMELINE_ROWS: usize = 30;

/// Runs one effect; returns the messages it produced.
pub fn execute(ctx: &mut Context, effect: Effect, now: Ts) -> Vec<Msg> {
    match run(ctx, effect.clone(), now) {
        Ok(msgs) => msgs,
        Err(OpsError::Refused(r)) => {
            let retry = match effect {
                Effect::LogCall {
                    id,
                    version,
                    mut req,
                    select_after,
                } => {
                    req.force = true;
                    Effect::LogCall {
                        id,
                        version,
                        req,
                        select_after,
                    }
                }
                other => other,
            };
            vec![Msg::Refused {
                reasons: vec![r.text(ctx.policy.lang)],
                retry: Box::new(retry),
            }]
        }
        Err(OpsError::Store(StoreError::Conflict { id })) => vec![Msg::Failed(format!(
            "{} #{id}",
            ctx.policy.lang.text(TextKey::TuiRuntimeChangedElsewhere)
        ))],
        Err(e) => vec![Msg::Failed(e.text(ctx.policy.lang))],
    }
}

fn name_of(lead: &Lead) -> String {
    crate::domain::text::sanitize_line(&lead.display_name())
}

fn run(ctx: &mut Context, effect: Effect, now: Ts) -> Result<Vec<Msg>, OpsError> {
    // While mail waits to leave, `u` takes it back first (SPEC §7 undo-send).
    if effect == Effect::Undo {
        if let Some(msgs) = super::mail::cancel_latest(ctx)? {
            return Ok(msgs);
        }
    }
    let policy = ctx.policy.clone();
    let lang = policy.lang;
    let store = &mut ctx.store;
    let written = |status: String, select| Ok(vec![Msg::Written { status, select }]);
    match effect {
        Effect::LoadPage {
            queue,
            filter,
            zones,
            call_block,
            anchor,
            window_index,
            select,
        } => Ok(vec![load_page(
            ctx,
            queue,
            &filter,
            (zones.as_ref(), call_block),
            anchor,
            window_index,
            select,
            now,
        )?]),
        Effect::LoadDetail(id) => match store.lead(id)? {
            Some(lead) => {
                let activities = store.recent_activities(id, TIMELINE_ROWS)?;
                let sequence = super::mail::sequence_line(ctx, &lead);
                let scored = Some(ctx.config.scoring_rules().score(&lead));
                Ok(vec![Msg::Detail(Box::new(Detail {
                    lead,
                    activities,
                    sequence,
                    scored,
                }))])
            }
            None => Ok(Vec::new()),
        },
        Effect::LoadCounts => {
            let day = policy.rep_day(now);
            let (dials, conversations) = store.call_counts_between(day.start, day.end)?;
            let figures = Msg::Figures(Figures {
                stages: store.stage_counts()?,
                dials_today: dials,
                conversations_today: conversations,
                queued_mail: store.queued_count()?,
                ..Figures::default()
            });
            // (Field-sales capacity follows the clock and escalations: LoadStuck, Escalate.)
            Ok(vec![figures])
        }
        Effect::LogCall {
            id,
            version,
            mut req,
            select_after,
        } => {
            // A call placed through the dialer was asked about before it rang (and it
            // happened); every other call logged here is checked against the window.
            req.check_window = req.duration.is_none();
            let (lead, change) = ops::log_call(store, &policy, id, version, &req, now)?;
            let moved = change.map_or(String::new(), |c| format!(" → {}", c.to.label(lang)));
            // The time typed, as it was read (`12/1` in December is next year's).
            let when = req.next.or(req.meeting).map_or(String::new(), |t| {
                let t = t.with_timezone(&policy.rep_tz);
                format!(" · {}", t.format("%Y-%m-%d %H:%M"))
            });
            let mut msgs = vec![Msg::Written {
                status: format!(
                    "{}: {}{when} — {}{moved}",
                    lang.text(TextKey::TuiRuntimeLogged),
                    req.outcome.label(lang),
                    name_of(&lead)
                ),
                select: select_after,
            }];
            // A booked meeting is the moment to hand over (SPEC §8): offer the form.
            if req.outcome == crate::domain::Outcome::Meeting {
                msgs.push(Msg::OfferEscalation {
                    id,
                    name: name_of(&lead),
                });
            }
            Ok(msgs)
        }
        Effect::Inbound { id, version, note } => {
            let lead = ops::inbound_call(store, &policy, id, version, &note, now)?;
            written(
                format!(
                    "{} — {}",
                    lang.text(TextKey::TuiRuntimeInboundCallLogged),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::Schedule {
            id,
            version,
            kind,
            due,
            note,
        } => {
            let next = crate::domain::NextAction {
                kind,
                due_at: due,
                note,
            };
            let (lead, moved) = ops::schedule(store, &policy, id, version, &next, now)?;
            let due = lead.next_action.as_ref().map_or(due, |n| n.due_at);
            let when = due.with_timezone(&policy.rep_tz).format("%Y-%m-%d %H:%M");
            let extra = if moved.is_some() {
                lang.text(TextKey::TuiRuntimeMovedIntoCallingWindow)
            } else {
                ""
            };
            written(
                format!(
                    "{} {when}{extra} — {}",
                    lang.text(TextKey::TuiRuntimeScheduled),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::MarkLost {
            id,
            version,
            reason,
            reengage,
        } => {
            let lead = ops::mark_lost(store, &policy, id, version, &reason, reengage, now)?;
            // The reason as the rep picked it, in their language, not its id.
            let label = ctx
                .config
                .lost_reasons()
                .iter()
                .find(|r| r.id == reason)
                .map_or(reason.clone(), |r| r.label(lang).to_owned());
            written(
                format!(
                    "{} ({label}) — {}",
                    lang.text(TextKey::TuiRuntimeMarkedLost),
                    name_of(&lead)
                ),
                None,
            )
        }
        Effect::Note { id, version, text } => {
            let lead = ops::note(store, &policy, id, version, &text, now)?;
            written(
                format!(
                    "{} — {}",
                    lang.text(TextKey::TuiRuntimeNoteAdded),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::AddLead { fields } => {
            let country = ctx.config.calling.default_country.clone();
            let id = ops::add_lead(&mut ctx.store, &policy, &fields, &country, now)?;
            written(
                format!("{} #{id}", lang.text(TextKey::TuiRuntimeAddedLead)),
                Some(id),
            )
        }
        Effect::EditLead {
            id,
            version,
            fields,
        } => {
            let country = ctx.config.calling.default_country.clone();
            let lead =
                ops::edit_lead(&mut ctx.store, &policy, id, version, &fields, &country, now)?;
            written(
                format!(
                    "{} — {}",
                    lang.text(TextKey::TuiRuntimeSaved),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::Reply { id, version, note } => {
            let lead = ops::reply_received(store, &policy, id, version, &note, now)?;
            written(
                format!(
                    "{} — {}",
                    lang.text(TextKey::TuiRuntimeReplyLogged),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::MeetingOutcome {
            id,
            version,
            outcome,
            note,
        } => {
            let lead = ops::meeting_outcome(store, &policy, id, version, outcome, &note, now)?;
            written(
                format!(
                    "{}: {} — {}",
                    lang.text(TextKey::TuiRuntimeMeeting),
                    outcome.id(),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::Dial { phone, .. } => {
            match super::dial::start(&ctx.config.calling.dial_command, &phone) {
                Ok(()) => Ok(Vec::new()),
                Err(e) => Ok(vec![Msg::Failed(format!(
                    "{}: {} (calling.dial_command)",
                    lang.text(TextKey::TuiRuntimeDialerFailed),
                    e.text(lang)
                ))]),
            }
        }
        Effect::Copy(text) => match super::clipboard::copy(&text) {
            Ok(()) => Ok(Vec::new()),
            Err(e) => Ok(vec![Msg::Failed(
                lang.fill(TextKey::TuiClipboardFailed, &[("detail", &e)]),
            )]),
        },
        Effect::Search(query) => {
            let found = ops::search::search(store, &query, ops::search::SEARCH_LIMIT)?;
            Ok(vec![Msg::SearchResults {
                query,
                rows: found.rows,
                total: found.total,
                capped: found.capped,
            }])
        }
        Effect::OpenFilter => {
            let c = ops::search::filter_choices(store)?;
            Ok(vec![Msg::FilterChoices(c.groups, c.sources, c.tags)])
        }
        Effect::SaveView { name, filter } => {
            ops::search::save_view(store, &name, &filter)?;
            let views = ops::search::saved_views(store)?;
            Ok(vec![
                Msg::SavedViews(views),
                Msg::Written {
                    status: format!("{}: {name}", lang.text(TextKey::TuiRuntimeSavedView)),
                    select: None,
                },
            ])
        }
        Effect::LoadSavedViews => Ok(vec![Msg::SavedViews(ops::search::saved_views(store)?)]),
        Effect::LoadZones => Ok(vec![Msg::Zones(store.lead_zones()?)]),
        Effect::LoadTodayCount | Effect::LoadStuck | Effect::LoadDashboard => {
            clock_figures(store, &ctx.config, &effect, now)
        }
        Effect::Import { .. } => Ok(Vec::new()), // started by the event loop (it owns the jobs)
        Effect::Merge { keep, other } => {
            let lead = ops::merge::merge_leads(store, &policy, keep, other, now)?;
            written(
                format!(
                    "{} #{other} → {}",
                    lang.text(TextKey::TuiRuntimeMerged),
                    name_of(&lead)
                ),
                Some(keep),
            )
        }
        Effect::OverSla(stage) => {
            let rows: Vec<_> = ops::kpi::over_sla_page(
                store,
                &ctx.config,
                stage,
                now,
                None,
                ops::search::SEARCH_LIMIT,
            )?
            .into_iter()
            .map(|(_, r)| r)
            .collect();
            Ok(vec![Msg::OverSlaList {
                title: format!(
                    "{} — {}",
                    lang.text(TextKey::TuiRuntimeOverSla),
                    stage.label(lang)
                ),
                rows,
            }])
        }
        Effect::OpenCompose(lead) => super::mail::open_compose(ctx, lead),
        Effect::PreviewMail { lead, template } => Ok(super::mail::preview_msg(ctx, lead, template)),
        Effect::QueueMail {
            lead,
            template,
            edited,
        } => super::mail::queue(ctx, lead, &template, edited.as_deref(), now),
        Effect::SendDueMail => Ok(super::mail::send_due(ctx, now)),
        Effect::FlushMail => {
            super::mail::flush_or_cancel(ctx, true, now);
            Ok(Vec::new())
        }
        Effect::CancelAllMail => {
            super::mail::flush_or_cancel(ctx, false, now);
            Ok(Vec::new())
        }
        Effect::OpenBulk => Ok(super::mail::open_bulk(ctx)),
        Effect::BulkMail {
            ids,
            view,
            template,
        } => {
            let ids = match view {
                None => ids,
                Some((queue, filter)) => view_ids(ctx, queue, &filter, now)?,
            };
            super::mail::bulk(ctx, &ids, &template, now)
        }
        Effect::Enrol { id, version, name } => {
            let lead = ops::sequence::enrol(&mut ctx.store, &policy, id, version, &name, now)?;
            written(
                format!(
                    "{}: {name} — {}",
                    lang.text(TextKey::TuiRuntimeEnrolled),
                    name_of(&lead)
                ),
                Some(id),
            )
        }
        Effect::Undo | Effect::Redo => {
            let redo = matches!(effect, Effect::Redo);
            let done = if redo { store.redo()? } else { store.undo()? };
            match done {
                Some(u) => written(
                    format!(
                        "{}: {}",
                        if redo {
                            lang.text(TextKey::TuiRuntimeRedid)
                        } else {
                            lang.text(TextKey::TuiRuntimeUndid)
                        },
                        u.label
                    ),
                    u.leads.first().copied(),
                ),
                None => Ok(vec![Msg::Failed(
                    if redo {
                        lang.text(TextKey::TuiRuntimeNothingToRedo)
                    } else {
                        lang.text(TextKey::TuiRuntimeNothingToUndo)
                    }
                    .to_owned(),
                )]),
            }
        }
        Effect::OpenEscalation(id) => super::handoff::open_escalation(ctx, id, now),
        Effect::Escalate(plan) => {
            let mut msgs = super::handoff::escalate(ctx, &plan, now)?;
            msgs.extend(super::handoff::capacity(&ctx.store, &ctx.config, now));
            Ok(msgs)
        }
        Effect::Feedback {
            id,
            version,
            accepted,
            reason,
            to,
            lost_reason,
        } => {
            let input = super::handoff::FeedbackInput {
                id,
                version,
                accepted,
                reason,
                to,
                lost_reason,
            };
            super::handoff::feedback(ctx, input, now)
        }
        Effect::ExportSummary(ids) => super::handoff::export(ctx, &ids, now),
        Effect::Quit => Ok(Vec::new()),
    }
}

/// The ids of a whole (filtered) view, in queue order, up to the bulk cap.
fn view_ids(
    ctx: &Context,
    queue: Queue,
    filter: &Filter,
    now: Ts,
) -> Result<Vec<crate::domain::LeadId>, StoreError> {
    let clock = ctx.policy.clock(now);
    let mut ids = Vec::new();
    let mut cursor = None;
    while ids.len() < crate::app::mail::BULK_CAP {
        let page = ctx.store.queue_page_filtered(
            queue,
            clock,
            filter,
            cursor,
            false,
            Direction::Forward,
            500,
        )?;
        let Some(last) = page.last() else { break };
        cursor = Some(last.cursor());
        ids.extend(page.iter().map(|r| r.id));
    }
    ids.truncate(crate::app::mail::BULK_CAP);
    Ok(ids)
}

#[allow(clippy::too_many_arguments)]
fn load_page(
    ctx: &Context,
    queue: Queue,
    filter: &Filter,
    (zones, call_block): (Option<&crate::domain::queue::CallableZones>, bool),
    anchor: Anchor,
    window_index: u64,
    select: Option<crate::domain::LeadId>,
    now: Ts,
) -> Result<Msg, StoreError> {
    let clock = ctx.policy.clock(now);
    let store = &ctx.store;
    let page = |from: Option<Cursor>, inclusive: bool, dir: Direction, limit: usize| {
        if filter.is_empty() {
            store.queue_page_segmented(queue, clock, zones, call_block, from, inclusive, dir, limit)
        } else {
            store.queue_page_filtered(queue, clock, filter, from, inclusive, dir, limit)
        }
    };
    let n = crate::app::WINDOW;
    let (rows, index) = match anchor {
        Anchor::Top => (page(None, false, Direction::Forward, n)?, 0),
        Anchor::Bottom => (page(None, false, Direction::Backward, n)?, u64::MAX),
        Anchor::At(c) => {
            let mut rows = page(Some(c), true, Direction::Forward, n)?;
            let mut index = window_index;
            if rows.len() < n {
                // Near the bottom (or the anchor left the queue): fill from above.
                let from = rows.first().map_or(c, |r| r.cursor());
                let above = page(Some(from), false, Direction::Backward, n - rows.len())?;
                index = index.saturating_sub(above.len() as u64);
                let mut all = above;
                all.append(&mut rows);
                rows = all;
            }
            (rows, index)
        }
        Anchor::Above(c, k) => {
            let above = page(Some(c), false, Direction::Backward, k)?;
            let start = above.first().map_or(c, |r| r.cursor());
            let index = window_index
                .saturating_add(k as u64)
                .saturating_sub(above.len() as u64);
            (page(Some(start), true, Direction::Forward, n)?, index)
        }
    };
    // The lead to select may have come back just above the window (an undone call brings the
    // lead back where it was, above the row the list moved on to): the window starts at it.
    let (rows, index) = match (select, rows.first()) {
        (Some(id), Some(first))
            if index != u64::MAX
                && !matches!(anchor, Anchor::Top)
                && !rows.iter().any(|r| r.id == id) =>
        {
            let above = page(Some(first.cursor()), false, Direction::Backward, n / 2)?;
            match above.iter().position(|r| r.id == id) {
                Some(at) => {
                    let index = index.saturating_sub((above.len() - at) as u64);
                    let mut all = above[at..].to_vec();
                    all.extend(rows);
                    all.truncate(n);
                    (all, index)
                }
                None => (rows, index),
            }
        }
        _ => (rows, index),
    };
    // A filtered queue is not counted (that would walk it), nor is Today (its count spans the
    // whole due range; the clock's reads count it off the UI thread) except to place its last
    // page: the total is what is known so far, plus a window when more may follow, so paging
    // goes on.
    let counted = queue != Queue::Today || matches!(anchor, Anchor::Bottom);
    let total = if filter.is_empty() && !call_block && counted {
        store.queue_len(queue, clock)?
    } else if index == u64::MAX {
        rows.len() as u64
    } else {
        index + rows.len() as u64 + if rows.len() == n { n as u64 } else { 0 }
    };
    let index = if index == u64::MAX {
        total.saturating_sub(rows.len() as u64)
    } else {
        index
    };
    Ok(Msg::Page {
        queue,
        rows,
        window_index: index,
        total,
        select,
    })
}

/// Whether an effect is one of the clock-driven reads [`clock_figures`] answers (the event
/// loop runs those on the figures reader's thread).
pub(super) fn is_clock_read(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::LoadTodayCount | Effect::LoadStuck | Effect::LoadDashboard
    )
}

/// The figures that follow the clock rather than the keys: Today's count and the morning
/// line, the stuck counts with field-sales capacity, the Dashboard. They read index ranges
/// that grow with the file (tens of ms at a million leads), which is why the event loop runs
/// them off the UI thread.
pub(super) fn clock_figures(
    store: &crate::store::Store,
    config: &crate::config::Config,
    effect: &Effect,
    now: Ts,
) -> Result<Vec<Msg>, OpsError> {
    match effect {
        Effect::LoadTodayCount => {
            let policy = config.policy();
            let clock = policy.clock(now);
            // The re-engage lane turns with the day here, off the key path (one meta read on
            // the other ticks). Pages read correctly before it does, only slower.
            let _ = store.sweep_reengage(clock.today);
            let day = policy.rep_day(now);
            let since = policy.rep_day(day.start - chrono::Duration::hours(1)).start;
            let cutoff = now - chrono::Duration::minutes(policy.speed_to_lead_minutes);
            let (new_since_yesterday, new_over_sla, calls_due) =
                store.morning_counts(clock, since, cutoff)?;
            Ok(vec![Msg::TodayCount {
                total: store.queue_len(Queue::Today, clock)?,
                new_since_yesterday,
                new_over_sla,
                calls_due,
            }])
        }
        Effect::LoadStuck => {
            let mut msgs = vec![Msg::Stuck(ops::kpi::stuck_counts(store, config, now)?)];
            msgs.extend(super::handoff::capacity(store, config, now));
            Ok(msgs)
        }
        Effect::LoadDashboard => Ok(vec![Msg::Dashboard(Box::new(super::dashboard::load(
            store, config, now,
        )?))]),
        _ => Ok(Vec::new()),
    }
}
