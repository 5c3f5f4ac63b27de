//! The search view (`/`), the filter form (`f`) and saving a filter as a view (`v`).
//!
//! While the search input has focus every printable key goes into it (digits and `q` too);
//! `↓`/`Enter` move to the results, where `Enter` opens a lead and the list keys (`c`, `s` …)
//! act on the selected result; `Esc` steps back.

use crate::config::{Action, Key, KeyCode, Keymap, Layer};
use crate::domain::filter::Filter;
use crate::domain::i18n::TextKey;
use crate::domain::queue::LeadSummary;
use crate::domain::scoring::Grade;

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, Modal};
use super::state::{Search, State, StatusKind};

/// Opens the search view (or moves the focus back to its input).
pub fn open(state: &mut State) -> Vec<Effect> {
    match &mut state.search {
        Some(s) => {
            s.in_results = false;
            s.open = false;
        }
        None => state.search = Some(Search::default()),
    }
    Vec::new()
}

/// Handles a key in the search view; `None` lets the list and global layers have it.
pub fn on_key(state: &mut State, key: Key, keymap: &Keymap) -> Option<Vec<Effect>> {
    let search = state.search.as_mut()?;
    if !search.in_results {
        match key.code {
            KeyCode::Esc => {
                state.search = None;
                return Some(super::update::reload(state, None));
            }
            KeyCode::Enter | KeyCode::Down => {
                if search.rows.is_empty() {
                    return Some(Vec::new());
                }
                search.in_results = true;
                search.selected = 0;
                return Some(detail_of(search.rows.first()));
            }
            _ if key.ctrl || key.alt => return None,
            KeyCode::Char(c) => search.input.insert(c),
            KeyCode::Backspace => search.input.backspace(),
            KeyCode::Delete => search.input.delete(),
            KeyCode::Left => search.input.left(),
            KeyCode::Right => search.input.right(),
            KeyCode::Home => search.input.home(),
            KeyCode::End => search.input.end(),
            _ => return Some(Vec::new()),
        }
        return Some(vec![Effect::Search(search.input.text.clone())]);
    }
    let action = keymap.action(Layer::List, &key);
    match (key.code, action) {
        (KeyCode::Esc, _) | (_, Some(Action::Back)) => {
            if search.open {
                search.open = false;
            } else if search.listed {
                state.search = None;
                return Some(super::update::reload(state, None));
            } else {
                search.in_results = false;
            }
            Some(Vec::new())
        }
        (_, Some(Action::Open)) => {
            search.open = true;
            Some(Vec::new())
        }
        (_, Some(Action::Down)) => {
            search.selected = (search.selected + 1).min(search.rows.len().saturating_sub(1));
            Some(detail_of(search.rows.get(search.selected)))
        }
        (_, Some(Action::Up)) if search.selected == 0 => {
            // A list the app made has no input above it to go to.
            search.in_results = search.listed;
            Some(Vec::new())
        }
        (_, Some(Action::Up)) => {
            search.selected -= 1;
            Some(detail_of(search.rows.get(search.selected)))
        }
        (_, Some(Action::Top)) => {
            search.selected = 0;
            Some(detail_of(search.rows.first()))
        }
        (_, Some(Action::Bottom)) => {
            search.selected = search.rows.len().saturating_sub(1);
            Some(detail_of(search.rows.last()))
        }
        _ => None,
    }
}

fn detail_of(row: Option<&LeadSummary>) -> Vec<Effect> {
    row.map(|r| vec![Effect::LoadDetail(r.id)])
        .unwrap_or_default()
}

/// Results arrived: kept only when they answer what the input holds now.
pub fn results(
    state: &mut State,
    query: &str,
    rows: Vec<LeadSummary>,
    total: u64,
    capped: bool,
) -> Vec<Effect> {
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    if search.input.text != query {
        return Vec::new();
    }
    let keep = search.rows.get(search.selected).map(|r| r.id);
    search.rows = rows;
    search.total = total;
    search.capped = capped;
    search.selected = keep
        .and_then(|id| search.rows.iter().position(|r| r.id == id))
        .unwrap_or(0)
        .min(search.rows.len().saturating_sub(1));
    if search.rows.is_empty() {
        search.in_results = false;
        search.open = false;
    }
    if search.in_results {
        return detail_of(search.rows.get(search.selected));
    }
    Vec::new()
}

fn any(lang: crate::domain::Lang) -> (String, String) {
    (String::new(), lang.text(TextKey::AppSearchAny).to_owned())
}

fn choice(
    values: Vec<String>,
    current: Option<&str>,
    lang: crate::domain::Lang,
) -> (Vec<(String, String)>, usize) {
    let mut options = vec![any(lang)];
    options.extend(values.into_iter().map(|v| (v.clone(), v)));
    let index = current
        .and_then(|c| options.iter().position(|(id, _)| id == c))
        .unwrap_or(0);
    (options, index)
}

/// Opens the filter form with the choices the store offered.
pub fn open_filter(
    state: &mut State,
    groups: Vec<String>,
    sources: Vec<String>,
    tags: Vec<String>,
) {
    let lang = state.lang();
    let f = state.filter.clone();
    let (g, gi) = choice(groups, f.group.as_deref(), lang);
    let grades = ["A", "B", "C", "D"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let (gr, gri) = choice(grades, f.grade.map(Grade::id), lang);
    let (so, soi) = choice(sources, f.source.as_deref(), lang);
    let (ta, tai) = choice(tags, f.tag.as_deref(), lang);
    let form = Form::new(
        lang.text(TextKey::AppSearchFilterToChoose),
        vec![
            Field::choice("group", lang.text(TextKey::AppSearchGroup), g, gi),
            Field::choice("grade", lang.text(TextKey::AppSearchGrade), gr, gri),
            Field::choice("source", lang.text(TextKey::AppSearchSource), so, soi),
            Field::choice("tag", lang.text(TextKey::AppSearchTag), ta, tai),
        ],
    );
    state.modal = Some(Modal::Form(FormKind::Filter, None, form));
}

/// Opens the form that names the current filter as a view.
pub fn open_save_view(state: &mut State) -> Vec<Effect> {
    let lang = state.lang();
    if state.active_filter().is_empty() {
        state.say(
            StatusKind::Warn,
            lang.text(TextKey::AppSearchSetAFilterWithF),
        );
        return Vec::new();
    }
    let form = Form::new(
        lang.text(TextKey::AppSearchSaveTheFilterAs),
        vec![Field::text(
            "name",
            lang.text(TextKey::AppSearchName),
            "",
            "",
        )],
    );
    state.modal = Some(Modal::Form(FormKind::SaveView, None, form));
    Vec::new()
}

/// The filter a submitted filter form describes.
pub fn filter_from(form: &Form) -> Filter {
    let some = |v: String| (!v.is_empty()).then_some(v);
    Filter {
        group: some(form.value("group")),
        grade: Grade::from_id(&form.value("grade")),
        source: some(form.value("source")),
        tag: some(form.value("tag")),
    }
}
