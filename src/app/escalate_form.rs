//! Building the escalation form and keeping it in step with the keys: the evidence fields
//! follow the focused checklist item, and the gate is judged again on every change.

use crate::domain::gate::{self, GateConfig, GateResult};
use crate::domain::i18n::TextKey;
use crate::domain::qualification::{Evidence, Item, ItemState, Qualification, item_label};
use crate::domain::text::{sanitize_line, truncate_to_width};
use crate::domain::{Lang, Stage, Ts};

use super::escalate::{Draft, EscalateCtx, EscalationData, already_handed_off};
use super::form::{Field, FieldValue, Form};
use super::input::TextInput;
use super::modal::{FormKind, Modal};
use super::state::{State, StatusKind};

/// Field ids of the checklist rows (frameworks have at most six items).
const ITEM_IDS: [&str; 8] = [
    "item0", "item1", "item2", "item3", "item4", "item5", "item6", "item7",
];

/// Opens the form on the loaded data.
pub fn open(state: &mut State, mut data: EscalationData) {
    let lang = state.lang();
    if data.stage == Stage::HandedOff {
        state.say(StatusKind::Warn, already_handed_off(lang));
        return;
    }
    data.items.truncate(ITEM_IDS.len());
    let quote_index = |aid: Option<i64>| {
        aid.and_then(|a| data.quotes.iter().position(|q| q.activity_id == a))
            .map_or(0, |i| i + 1)
    };
    let initial: Vec<Draft> = data
        .items
        .iter()
        .map(|id| match data.qualification.item(id).evidence {
            Some(e) => {
                let quote = quote_index(e.activity_id);
                let quoted = quote > 0 && data.quotes[quote - 1].note.trim() == e.text.trim();
                Draft {
                    text: if quoted { String::new() } else { e.text },
                    quote,
                }
            }
            None => Draft::default(),
        })
        .collect();
    let unmet = data.qualification.unmet(&data.gate.required);
    let current = data
        .items
        .iter()
        .position(|id| unmet.contains(&id.as_str()))
        .unwrap_or(0);
    let meeting_prefill = data.meeting_at.map_or(String::new(), |m| {
        m.with_timezone(&state.policy.rep_tz)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    });
    let mut fields: Vec<Field> = data
        .items
        .iter()
        .zip(ITEM_IDS)
        .map(|(id, fid)| {
            let state = data.qualification.item(id).state;
            let index = ItemState::ALL.iter().position(|s| *s == state).unwrap_or(0);
            Field::choice(fid, &item_text(id, &data.gate, lang), states(lang), index)
        })
        .collect();
    let mut quotes = vec![(
        String::new(),
        lang.text(TextKey::AppEscalateFormNoQuote).to_owned(),
    )];
    quotes.extend(data.quotes.iter().map(|q| {
        let at = q.at.with_timezone(&state.policy.rep_tz).format("%m/%d");
        (
            q.activity_id.to_string(),
            format!("{at}: {}", sanitize_line(&q.note)),
        )
    }));
    fields.push(Field::text("evidence", "", "", ""));
    fields.push(Field::choice("quote", "", quotes, 0));
    let reps: Vec<(String, String)> = data
        .field_reps
        .iter()
        .map(|r| (r.clone(), sanitize_line(r)))
        .collect();
    if !reps.is_empty() {
        fields.push(Field::choice(
            "rep",
            lang.text(TextKey::AppEscalateFormFieldRep),
            reps,
            0,
        ));
    }
    fields.push(Field::text(
        "rep_name",
        lang.text(TextKey::AppEscalateFormOrTypeAName),
        "",
        "",
    ));
    fields.push(Field::text(
        "meeting",
        lang.text(TextKey::AppEscalateFormMeeting),
        &meeting_prefill,
        lang.text(TextKey::AppEscalateFormMeetingHint),
    ));
    fields.push(Field::text(
        "note",
        lang.text(TextKey::AppEscalateFormSummaryNote),
        "",
        lang.text(TextKey::AppEscalateFormForFieldSales),
    ));
    let title = format!(
        "{} — {}",
        lang.text(TextKey::AppEscalateFormEscalateToFieldSales),
        data.lead.name
    );
    let mut form = Form::new(&title, fields);
    form.focus = current;
    let lead = data.lead.clone();
    let mut ctx = EscalateCtx {
        drafts: initial.clone(),
        initial,
        current: usize::MAX,
        override_text: String::new(),
        meeting_prefill,
        parked: None,
        data,
    };
    sync(&mut ctx, &mut form, lang, state.now);
    state.escalation = Some(Box::new(ctx));
    state.modal = Some(Modal::Form(FormKind::Escalate, Some(lead), form));
}

fn states(lang: Lang) -> Vec<(String, String)> {
    ItemState::ALL
        .iter()
        .map(|s| (s.id().to_owned(), s.label(lang).to_owned()))
        .collect()
}

fn item_text(id: &str, gate: &GateConfig, lang: Lang) -> String {
    let required = if gate.required.iter().any(|r| r == id) {
        " *"
    } else {
        ""
    };
    format!("{}{required}", item_label(id, lang))
}

fn field_mut<'a>(form: &'a mut Form, id: &str) -> Option<&'a mut Field> {
    form.fields.iter_mut().find(|f| f.id == id)
}

fn raw_text(form: &Form, id: &str) -> String {
    match form.fields.iter().find(|f| f.id == id).map(|f| &f.value) {
        Some(FieldValue::Text(t)) => t.text.clone(),
        _ => String::new(),
    }
}

fn choice_index(form: &Form, id: &str) -> usize {
    match form.fields.iter().find(|f| f.id == id).map(|f| &f.value) {
        Some(FieldValue::Choice(_, i)) => *i,
        _ => 0,
    }
}

/// Moves the escalation form's focus by one field in its tab order: each checklist item is
/// followed by its evidence and quote, then come the fields after them. (In the order the
/// fields are drawn, the rep would tab through every later item to reach the evidence and the
/// evidence would follow the last one: Need's could never be typed.) Returns false when the
/// escalation form is not open.
pub fn step_focus(state: &mut State, forward: bool) -> bool {
    let (lang, now) = (state.lang(), state.now);
    let State {
        modal, escalation, ..
    } = state;
    let (Some(Modal::Form(FormKind::Escalate, _, form)), Some(ctx)) = (modal, escalation) else {
        return false;
    };
    let index = |id: &str| form.fields.iter().position(|f| f.id == id);
    let (Some(evidence), Some(quote)) = (index("evidence"), index("quote")) else {
        return false;
    };
    let n = ctx.data.items.len();
    let mut order: Vec<usize> = (0..n).flat_map(|i| [i, evidence, quote]).collect();
    order.extend((n..form.fields.len()).filter(|f| *f != evidence && *f != quote));
    let at = if form.focus < n {
        3 * form.focus
    } else if form.focus == evidence {
        3 * ctx.current + 1
    } else if form.focus == quote {
        3 * ctx.current + 2
    } else {
        order.iter().position(|f| *f == form.focus).unwrap_or(0)
    };
    let len = order.len();
    let next = if forward {
        (at + 1) % len
    } else {
        (at + len - 1) % len
    };
    // Landing on another item's evidence or quote (Shift-Tab from the next item): that item
    // becomes the one they follow, its draft loaded in place of the one just left.
    let group = next / 3;
    if next < 3 * n && group != ctx.current {
        form.focus = group;
        sync(ctx, form, lang, now);
    }
    form.focus = order[next];
    true
}

/// Keeps the form in step after a key: the evidence fields follow the focused item, the gate is
/// judged again, and the override field shows while the gate fails.
pub fn after_key(state: &mut State) {
    let (lang, now) = (state.lang(), state.now);
    let State {
        modal, escalation, ..
    } = state;
    if let (Some(Modal::Form(FormKind::Escalate, _, form)), Some(ctx)) = (modal, escalation) {
        sync(ctx, form, lang, now);
    }
}

fn sync(ctx: &mut EscalateCtx, form: &mut Form, lang: Lang, now: Ts) {
    let n = ctx.data.items.len();
    if let Some(d) = ctx.drafts.get_mut(ctx.current) {
        *d = Draft {
            text: raw_text(form, "evidence"),
            quote: choice_index(form, "quote"),
        };
    }
    if form.focus < n && form.focus != ctx.current {
        ctx.current = form.focus;
        let draft = ctx.drafts.get(ctx.current).cloned().unwrap_or_default();
        let item = item_label(&ctx.data.items[ctx.current], lang).to_owned();
        if let Some(f) = field_mut(form, "evidence") {
            f.value = FieldValue::Text(TextInput::with(&draft.text));
            f.label = format!("{} · {item}", lang.text(TextKey::AppEscalateFormEvidence));
            f.placeholder = lang
                .text(TextKey::AppEscalateFormWhatTheLeadSaid)
                .to_owned();
        }
        if let Some(f) = field_mut(form, "quote") {
            if let FieldValue::Choice(_, i) = &mut f.value {
                *i = draft.quote;
            }
            f.label = format!("{} · {item}", lang.text(TextKey::AppEscalateFormQuoteACall));
        }
    }
    let q = qualification(ctx, form, now);
    let g = gate::evaluate(&q, ctx.data.score, ctx.data.used, &ctx.data.gate, lang);
    form.notes = notes(&g, lang);
    for (i, id) in ctx.data.items.iter().enumerate() {
        let snippet = q
            .item(id)
            .evidence
            .filter(Evidence::is_present)
            .map(|e| truncate_to_width(&sanitize_line(&e.text), 30));
        if let Some(FieldValue::Choice(options, _)) =
            field_mut(form, ITEM_IDS[i]).map(|f| &mut f.value)
        {
            for (o, s) in options.iter_mut().zip(ItemState::ALL) {
                o.1 = match &snippet {
                    Some(t) => format!("{} — “{t}”", s.label(lang)),
                    None => s.label(lang).to_owned(),
                };
            }
        }
    }
    let shown = form.fields.iter().position(|f| f.id == "override");
    match (g.passes, shown) {
        (true, Some(i)) => {
            ctx.override_text = raw_text(form, "override");
            form.fields.remove(i);
        }
        (false, None) => form.fields.push(Field::text(
            "override",
            lang.text(TextKey::AppEscalateFormOverrideReason),
            &ctx.override_text,
            lang.text(TextKey::AppEscalateFormOverrideHint),
        )),
        _ => {}
    }
    form.focus = form.focus.min(form.fields.len().saturating_sub(1));
}

/// The gate explained (capacity, score against the minimum, required items) and the keys.
fn notes(g: &GateResult, lang: Lang) -> Vec<(String, bool)> {
    let mark = |ok: bool| if ok { "✓" } else { "✗" };
    let score_ok = g.score >= g.min_score;
    let score = format!(
        "{} {} ({} {}) {}",
        lang.text(TextKey::AppEscalateFormScore),
        g.score,
        lang.text(TextKey::AppEscalateFormMinimum),
        g.min_score,
        mark(score_ok)
    );
    let items = if g.missing.is_empty() {
        format!("{} ✓", lang.text(TextKey::AppEscalateFormRequiredItemsMet))
    } else {
        format!(
            "{}: {} ✗",
            lang.text(TextKey::AppEscalateFormRequiredItemsMissing),
            g.missing
                .iter()
                .map(|m| item_label(m, lang))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    vec![
        (g.capacity.text(lang), false),
        (score, !score_ok),
        (items, !g.missing.is_empty()),
        (
            lang.text(TextKey::AppEscalateFormQualificationHint)
                .to_owned(),
            false,
        ),
    ]
}

/// The new evidence of a draft, when it differs from what was loaded.
pub(super) fn new_evidence(ctx: &EscalateCtx, i: usize, now: Ts) -> Option<Evidence> {
    let draft = ctx.drafts.get(i)?;
    if ctx.initial.get(i) == Some(draft) {
        return None;
    }
    let quote = draft
        .quote
        .checked_sub(1)
        .and_then(|q| ctx.data.quotes.get(q));
    let text = draft.text.trim();
    if text.is_empty() && quote.is_none() {
        return None;
    }
    Some(Evidence {
        text: if text.is_empty() {
            quote.map(|q| q.note.clone()).unwrap_or_default()
        } else {
            text.to_owned()
        },
        activity_id: quote.map(|q| q.activity_id),
        at: Some(quote.map_or(now, |q| q.at)),
    })
}

pub(super) fn item_state(form: &Form, i: usize) -> ItemState {
    ItemState::from_id(&form.value(ITEM_IDS[i])).unwrap_or_default()
}

/// The qualification as the form has it (as ops::qualify would store it).
pub(super) fn qualification(ctx: &EscalateCtx, form: &Form, now: Ts) -> Qualification {
    let mut q = ctx.data.qualification.clone();
    for (i, id) in ctx.data.items.iter().enumerate() {
        let state = item_state(form, i);
        let evidence = new_evidence(ctx, i, now).or_else(|| {
            (state != ItemState::Unknown)
                .then(|| ctx.data.qualification.item(id).evidence)
                .flatten()
        });
        q.set(id, Item { state, evidence });
    }
    q
}
