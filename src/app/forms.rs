//! Opening the modals behind list actions, and turning a submitted form into an effect.

use crate::config::Action;
use crate::domain::call::CallRequest;
use crate::domain::i18n::TextKey;
use crate::domain::when::{parse_date, parse_when};
use crate::domain::{ActionKind, Outcome, Ts};

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, LeadRef, Modal};
use super::state::{State, StatusKind};

/// Opens the modal of a list action on the selected lead.
pub fn open_for_action(state: &mut State, action: Action) -> Vec<Effect> {
    let lang = state.lang();
    if action == Action::AddLead {
        let form = Form::new(
            lang.text(TextKey::AppFormsAddLead),
            vec![
                Field::text("full_name", lang.text(TextKey::AppFormsName), "", ""),
                Field::text("company", lang.text(TextKey::AppFormsCompany), "", ""),
                Field::text("email", lang.text(TextKey::AppFormsEmail), "", ""),
                Field::text(
                    "phone",
                    lang.text(TextKey::AppFormsPhone),
                    "",
                    "03-1234-5678",
                ),
                Field::text("title", lang.text(TextKey::AppFormsTitle), "", ""),
            ],
        );
        state.modal = Some(Modal::Form(FormKind::Add, None, form));
        return Vec::new();
    }
    let Some(lead) = state.selected_lead() else {
        state.say(StatusKind::Warn, lang.text(TextKey::AppFormsNoLeadSelected));
        return Vec::new();
    };
    let title = |key: TextKey| format!("{} — {}", lang.text(key), lead.name);
    let modal = match action {
        Action::LogCall => Modal::CallOutcome(lead),
        Action::Dial | Action::Copy => {
            let Some(d) = state.detail.as_ref().filter(|d| d.lead.id == lead.id) else {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppFormsLeadStillLoading),
                );
                return Vec::new();
            };
            if action == Action::Copy {
                let text = d
                    .lead
                    .primary_phone()
                    .map(|p| p.dial_text().to_owned())
                    .or_else(|| (!d.lead.email.is_empty()).then(|| d.lead.email.clone()));
                return match text {
                    Some(t) => {
                        state.say(
                            StatusKind::Info,
                            format!(
                                "{}: {}",
                                lang.text(TextKey::AppFormsCopied),
                                crate::domain::text::sanitize_line(&t)
                            ),
                        );
                        vec![Effect::Copy(t)]
                    }
                    None => {
                        state.say(StatusKind::Warn, lang.text(TextKey::AppFormsNoPhoneOrEmail));
                        Vec::new()
                    }
                };
            }
            if d.lead.do_not_call {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppFormsLeadIsDoNotCall),
                );
                return Vec::new();
            }
            let Some(phone) = d.lead.primary_phone().and_then(|p| p.number.clone()) else {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppFormsNoValidPhoneNumber),
                );
                return Vec::new();
            };
            // Asked before the phone rings, not when the call is logged after it (SPEC §2).
            let outside =
                crate::domain::call::Refusal::outside_window(&state.policy, &d.lead, state.now);
            if let Some(outside) = outside {
                state.modal = Some(Modal::Confirm {
                    message: vec![
                        outside.text(lang),
                        lang.text(TextKey::AppFormsDialAnywayYN).to_owned(),
                    ],
                    effect: Box::new(Effect::Dial { lead, phone }),
                });
                return Vec::new();
            }
            return dial(state, lead, phone);
        }
        Action::ReplyReceived => Modal::Form(
            FormKind::Reply,
            Some(lead.clone()),
            Form::new(
                &title(TextKey::AppFormsReplyReceived),
                vec![note_field(state)],
            ),
        ),
        Action::MeetingOutcome => Modal::Form(
            FormKind::Meeting,
            Some(lead.clone()),
            Form::new(
                &title(TextKey::AppFormsMeeting),
                vec![
                    Field::choice(
                        "outcome",
                        lang.text(TextKey::AppFormsOutcome),
                        vec![
                            ("held".into(), lang.text(TextKey::AppFormsHeld).into()),
                            ("no_show".into(), lang.text(TextKey::AppFormsNoShow).into()),
                            (
                                "rescheduled".into(),
                                lang.text(TextKey::AppFormsRescheduled).into(),
                            ),
                        ],
                        0,
                    ),
                    Field::text(
                        "when",
                        lang.text(TextKey::AppFormsNewTimeRescheduled),
                        "",
                        "tomorrow 15:00",
                    ),
                    note_field(state),
                ],
            ),
        ),
        Action::InboundCall => Modal::Form(
            FormKind::Inbound,
            Some(lead.clone()),
            Form::new(
                &title(TextKey::AppFormsInboundCall),
                vec![note_field(state)],
            ),
        ),
        Action::Note => Modal::Form(
            FormKind::Note,
            Some(lead.clone()),
            Form::new(&title(TextKey::AppFormsNote), vec![note_field(state)]),
        ),
        Action::Schedule => Modal::Form(
            FormKind::Schedule,
            Some(lead.clone()),
            Form::new(
                &title(TextKey::AppFormsScheduleNextAction),
                vec![
                    when_field(state, true),
                    Field::choice(
                        "kind",
                        lang.text(TextKey::AppFormsKind),
                        vec![
                            ("call".into(), lang.text(TextKey::AppFormsKindCall).into()),
                            ("mail".into(), lang.text(TextKey::AppFormsKindMail).into()),
                            ("task".into(), lang.text(TextKey::AppFormsKindTask).into()),
                        ],
                        0,
                    ),
                    note_field(state),
                ],
            ),
        ),
        Action::MarkLost => Modal::Form(
            FormKind::Lost,
            Some(lead.clone()),
            Form::new(
                &title(TextKey::AppFormsMarkLost),
                vec![
                    reason_field(state),
                    Field::text(
                        "reengage",
                        lang.text(TextKey::AppFormsReengageOn),
                        "",
                        "2027-03-01",
                    ),
                ],
            ),
        ),
        Action::EditLead => match state.detail.as_ref().filter(|d| d.lead.id == lead.id) {
            Some(d) => {
                let l = &d.lead;
                let phone = l.phones.first().map_or(String::new(), |p| p.raw.clone());
                Modal::Form(
                    FormKind::Edit,
                    Some(lead.clone()),
                    Form::new(
                        &title(TextKey::AppFormsEditLead),
                        vec![
                            Field::text(
                                "full_name",
                                lang.text(TextKey::AppFormsName),
                                &l.display_name(),
                                "",
                            ),
                            Field::text(
                                "reading",
                                lang.text(TextKey::AppFormsReading),
                                &l.reading,
                                "",
                            ),
                            Field::text(
                                "company",
                                lang.text(TextKey::AppFormsCompany),
                                &l.company,
                                "",
                            ),
                            Field::text(
                                "department",
                                lang.text(TextKey::AppFormsDepartment),
                                &l.department,
                                "",
                            ),
                            Field::text("title", lang.text(TextKey::AppFormsTitle), &l.title, ""),
                            Field::text("email", lang.text(TextKey::AppFormsEmail), &l.email, ""),
                            Field::text("phone", lang.text(TextKey::AppFormsPhone), &phone, ""),
                            Field::text(
                                "timezone",
                                lang.text(TextKey::AppFormsTimeZone),
                                l.timezone.as_deref().unwrap_or(""),
                                "Asia/Tokyo",
                            ),
                            Field::text(
                                "tags",
                                lang.text(TextKey::AppFormsTags),
                                &l.tags.join(", "),
                                "",
                            ),
                        ],
                    ),
                )
            }
            None => {
                state.say(
                    StatusKind::Warn,
                    lang.text(TextKey::AppFormsLeadStillLoading),
                );
                return Vec::new();
            }
        },
        Action::Escalate | Action::Feedback | Action::ExportSummary => {
            return super::handoff::on_action(state, action, lead);
        }
        other => {
            state.say(
                StatusKind::Warn,
                format!(
                    "{}: {}",
                    other.describe(lang),
                    lang.text(TextKey::AppFormsNotAvailable)
                ),
            );
            return Vec::new();
        }
    };
    state.modal = Some(modal);
    Vec::new()
}

fn note_field(state: &State) -> Field {
    Field::text("note", state.lang().text(TextKey::AppFormsNote), "", "")
}

fn when_field(state: &State, required: bool) -> Field {
    let lang = state.lang();
    let label = if required {
        lang.text(TextKey::AppFormsWhen)
    } else {
        lang.text(TextKey::AppFormsNextCallOptional)
    };
    Field::text("when", label, "", lang.text(TextKey::AppFormsWhenHint))
}

fn reason_field(state: &State) -> Field {
    let index = state
        .lost_reasons
        .iter()
        .position(|(id, _)| id == "not_interested")
        .unwrap_or(0);
    Field::choice(
        "reason",
        state.lang().text(TextKey::AppFormsReason),
        state.lost_reasons.clone(),
        index,
    )
}

/// The form after an outcome key: the note, plus the time or reason the outcome needs.
pub fn call_details_form(state: &State, outcome: Outcome) -> Form {
    let lang = state.lang();
    let mut fields = Vec::new();
    match outcome {
        Outcome::Callback => fields.push(when_field(state, true)),
        Outcome::Meeting => {
            let mut f = when_field(state, true);
            f.label = lang.text(TextKey::AppFormsMeetingAt).into();
            fields.push(f);
        }
        Outcome::Connected => fields.push(when_field(state, false)),
        Outcome::NotInterested => fields.push(reason_field(state)),
        _ => {}
    }
    fields.push(note_field(state));
    let title = format!(
        "{}: {} — {}",
        lang.text(TextKey::AppFormsCallTitle),
        outcome.label(lang),
        lang.text(TextKey::AppFormsCallHint)
    );
    Form::new(&title, fields)
}

fn parse_time(state: &State, text: &str) -> Result<Ts, String> {
    parse_when(text, state.now, state.policy.rep_tz).map_err(|e| e.text(state.lang()))
}

/// Validates the open form and returns the effect it asks for; errors stay in the form.
pub fn submit(state: &mut State) -> Result<Vec<Effect>, String> {
    let Some(modal) = state.modal.clone() else {
        return Ok(Vec::new());
    };
    if let Modal::Form(FormKind::Escalate, ..) = &modal {
        return super::escalate::submit(state);
    }
    if let Modal::Form(FormKind::Filter, _, form) = &modal {
        state.filter = super::search::filter_from(form);
        state.modal = None;
        // A saved view keeps its own filter; the new one applies to the list views.
        if let super::view::View::Saved(_) = state.view {
            return Ok(super::update::open_view(state, super::view::View::Today));
        }
        return Ok(super::update::open_view(state, state.view));
    }
    let effect = match &modal {
        Modal::CallDetails(lead, outcome, form) => call_effect(state, lead, *outcome, form)?,
        Modal::Form(kind, lead, form) => form_effect(state, *kind, lead.as_ref(), form)?,
        _ => return Ok(Vec::new()),
    };
    state.modal = None;
    if matches!(effect, Effect::LogCall { .. }) {
        state.dialing = None;
    }
    if let Effect::BulkMail { ids, template, .. } = &effect {
        let lang = state.lang();
        let whom = if ids.is_empty() {
            format!(
                "{} ({} {})",
                lang.text(TextKey::AppFormsEveryLeadOfThisView),
                lang.text(TextKey::AppFormsUpTo),
                super::mail::BULK_CAP
            )
        } else {
            format!("{} {}", ids.len(), lang.text(TextKey::AppFormsLeads))
        };
        state.modal = Some(Modal::Confirm {
            message: vec![
                format!(
                    "{} {template} → {whom}",
                    lang.text(TextKey::AppFormsBulkMailTitle)
                ),
                lang.text(TextKey::AppFormsBulkMailConfirm).to_owned(),
            ],
            effect: Box::new(effect.clone()),
        });
        return Ok(Vec::new());
    }
    Ok(vec![effect])
}

fn call_effect(
    state: &State,
    lead: &LeadRef,
    outcome: Outcome,
    form: &Form,
) -> Result<Effect, String> {
    let lang = state.lang();
    let when = form.value("when");
    let mut req = CallRequest::new(outcome);
    req.note = form.value("note");
    if let Some((_, started)) = state.dialing.filter(|(id, _)| *id == lead.id) {
        req.duration = u32::try_from((state.now - started).num_seconds().max(0)).ok();
    }
    match outcome {
        Outcome::Callback | Outcome::Meeting if when.is_empty() => {
            return Err(lang.text(TextKey::AppFormsGiveTheTime).into());
        }
        Outcome::Callback => req.next = Some(parse_time(state, &when)?),
        Outcome::Meeting => req.meeting = Some(parse_time(state, &when)?),
        Outcome::Connected if !when.is_empty() => req.next = Some(parse_time(state, &when)?),
        Outcome::NotInterested => req.reason = Some(form.value("reason")),
        _ => {}
    }
    // Auto-advance: the row after this one is selected once the call is logged.
    let select_after = state
        .table
        .selected_row()
        .filter(|r| r.id == lead.id)
        .and_then(|_| state.table.row_after_selected())
        .map(|r| r.id);
    Ok(Effect::LogCall {
        id: lead.id,
        version: lead.version,
        req,
        select_after,
    })
}

fn form_effect(
    state: &State,
    kind: FormKind,
    lead: Option<&LeadRef>,
    form: &Form,
) -> Result<Effect, String> {
    let lang = state.lang();
    let need_lead = || lead.ok_or_else(|| lang.text(TextKey::AppFormsNoLead).to_owned());
    Ok(match kind {
        FormKind::Add => {
            let fields: Vec<(String, String)> = ["full_name", "company", "email", "phone", "title"]
                .iter()
                .map(|f| ((*f).to_owned(), form.value(f)))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            if form.value("full_name").is_empty() && form.value("company").is_empty() {
                return Err(lang.text(TextKey::AppFormsGiveAName).into());
            }
            Effect::AddLead { fields }
        }
        FormKind::Edit => {
            let l = need_lead()?;
            let fields = form
                .fields
                .iter()
                .map(|f| (f.id.to_owned(), form.value(f.id)))
                .collect();
            Effect::EditLead {
                id: l.id,
                version: l.version,
                fields,
            }
        }
        FormKind::Note => {
            let l = need_lead()?;
            let text = form.value("note");
            if text.is_empty() {
                return Err(lang.text(TextKey::AppFormsTheNoteIsEmpty).into());
            }
            Effect::Note {
                id: l.id,
                version: l.version,
                text,
            }
        }
        FormKind::Inbound => {
            let l = need_lead()?;
            Effect::Inbound {
                id: l.id,
                version: l.version,
                note: form.value("note"),
            }
        }
        FormKind::Filter | FormKind::Escalate => return Err(String::new()),
        FormKind::BulkMail => {
            let ids = super::mail::bulk_targets(state);
            let view = if ids.is_empty() {
                match state.view.queue() {
                    Some(q) => Some((q, state.active_filter())),
                    None => {
                        return Err(lang.text(TextKey::AppFormsOpenAListViewFirst).into());
                    }
                }
            } else {
                None
            };
            Effect::BulkMail {
                ids,
                view,
                template: form.value("template"),
            }
        }
        FormKind::Import => {
            let path = form.value("path");
            if path.is_empty() {
                return Err(lang.text(TextKey::AppFormsGiveTheFilePath).into());
            }
            Effect::Import {
                path,
                skip: form.value("duplicates") == "skip",
                dry_run: form.value("dry_run") == "yes",
            }
        }
        FormKind::Enrol => {
            let l = need_lead()?;
            Effect::Enrol {
                id: l.id,
                version: l.version,
                name: form.value("sequence"),
            }
        }
        FormKind::Feedback => super::handoff::feedback_effect(state, need_lead()?, form)?,
        FormKind::SaveView => {
            let name = form.value("name");
            if name.is_empty() {
                return Err(lang.text(TextKey::AppFormsGiveTheViewAName).into());
            }
            Effect::SaveView {
                name,
                filter: state.active_filter(),
            }
        }
        FormKind::Reply => {
            let l = need_lead()?;
            Effect::Reply {
                id: l.id,
                version: l.version,
                note: form.value("note"),
            }
        }
        FormKind::Meeting => {
            use crate::domain::meeting::MeetingOutcome;
            let l = need_lead()?;
            let outcome = match form.value("outcome").as_str() {
                "no_show" => MeetingOutcome::NoShow,
                "rescheduled" => {
                    let when = form.value("when");
                    if when.is_empty() {
                        return Err(lang.text(TextKey::AppFormsGiveTheNewTime).into());
                    }
                    MeetingOutcome::Rescheduled(parse_time(state, &when)?)
                }
                _ => MeetingOutcome::Held,
            };
            Effect::MeetingOutcome {
                id: l.id,
                version: l.version,
                outcome,
                note: form.value("note"),
            }
        }
        FormKind::Schedule => {
            let l = need_lead()?;
            let when = form.value("when");
            if when.is_empty() {
                return Err(lang.text(TextKey::AppFormsGiveTheTime).into());
            }
            Effect::Schedule {
                id: l.id,
                version: l.version,
                kind: ActionKind::from_id(&form.value("kind")).unwrap_or(ActionKind::Call),
                due: parse_time(state, &when)?,
                note: form.value("note"),
            }
        }
        FormKind::Lost => {
            let l = need_lead()?;
            let text = form.value("reengage");
            let reengage = if text.is_empty() {
                None
            } else {
                Some(
                    parse_date(&text)
                        .or_else(|_| {
                            parse_time(state, &text)
                                .map(|t| t.with_timezone(&state.policy.rep_tz).date_naive())
                        })
                        .map_err(|e| e.to_string())?,
                )
            };
            Effect::MarkLost {
                id: l.id,
                version: l.version,
                reason: form.value("reason"),
                reengage,
            }
        }
    })
}

/// Shows the call in progress and starts the dialer.
pub(super) fn dial(state: &mut State, lead: LeadRef, phone: String) -> Vec<Effect> {
    state.dialing = Some((lead.id, state.now));
    state.modal = Some(Modal::Dialing(lead.clone(), phone.clone(), state.now));
    vec![Effect::Dial { lead, phone }]
}
