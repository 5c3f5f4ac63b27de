//! `i` (import a CSV file, off the UI thread) and `=` (merge the two marked leads).

use crate::domain::i18n::TextKey;

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, Modal};
use super::state::{State, StatusKind};

/// Opens the import form.
pub fn open(state: &mut State) {
    let lang = state.lang();
    let form = Form::new(
        lang.text(TextKey::AppImportTitle),
        vec![
            Field::text(
                "path",
                lang.text(TextKey::AppImportFile),
                "",
                "~/Downloads/leads.csv",
            ),
            Field::choice(
                "duplicates",
                lang.text(TextKey::AppImportDuplicates),
                vec![
                    (
                        "merge".into(),
                        lang.text(TextKey::AppImportMergeFillEmptyFields).into(),
                    ),
                    ("skip".into(), lang.text(TextKey::AppImportSkip).into()),
                ],
                0,
            ),
            Field::choice(
                "dry_run",
                lang.text(TextKey::AppImportDryRun),
                vec![
                    ("no".into(), lang.text(TextKey::AppImportNoImport).into()),
                    (
                        "yes".into(),
                        lang.text(TextKey::AppImportYesOnlyReport).into(),
                    ),
                ],
                0,
            ),
        ],
    );
    state.modal = Some(Modal::Form(FormKind::Import, None, form));
}

/// Asks to merge the two marked leads (the first marked keeps its id).
pub fn merge(state: &mut State) -> Vec<Effect> {
    let lang = state.lang();
    let marked: Vec<_> = state.marked.iter().copied().collect();
    let [keep, other] = marked.as_slice() else {
        state.say(
            StatusKind::Warn,
            lang.text(TextKey::AppImportMarkExactlyTwoLeadsSpace),
        );
        return Vec::new();
    };
    let (keep, other) = (*keep, *other);
    // Names where the rows are at hand: ids alone do not tell the rep what is merged.
    let named = |id: crate::domain::LeadId| {
        state
            .table
            .rows
            .iter()
            .find(|r| r.id == id)
            .map_or(format!("#{id}"), |r| {
                format!("#{id} {}", crate::domain::text::sanitize_line(&r.name))
            })
    };
    let (keep_name, other_name) = (named(keep), named(other));
    state.modal = Some(Modal::Confirm {
        message: vec![
            format!(
                "{} {other_name} → {keep_name}",
                lang.text(TextKey::AppImportMerge)
            ),
            lang.text(TextKey::AppImportMergeConfirm).to_owned(),
        ],
        effect: Box::new(Effect::Merge { keep, other }),
    });
    Vec::new()
}
