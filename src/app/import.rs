//! `i` (import a CSV file, off the UI thread) and `=` (merge the two marked leads).

use super::effect::Effect;
use super::form::{Field, Form};
use super::modal::{FormKind, Modal};
use super::state::{State, StatusKind};

/// Opens the import form.
pub fn open(state: &mut State) {
    let lang = state.lang();
    let form = Form::new(
        lang.pick(
            "Import leads from a CSV file",
            "CSVファイルからリードを取り込む",
        ),
        vec![
            Field::text(
                "path",
                lang.pick("File", "ファイル"),
                "",
                "~/Downloads/leads.csv",
            ),
            Field::choice(
                "duplicates",
                lang.pick("Duplicates (←/→)", "重複 (←/→)"),
                vec![
                    (
                        "merge".into(),
                        lang.pick("merge: fill empty fields", "統合: 空欄を補う")
                            .into(),
                    ),
                    ("skip".into(), lang.pick("skip", "スキップ").into()),
                ],
                0,
            ),
            Field::choice(
                "dry_run",
                lang.pick("Dry run (←/→)", "試行のみ (←/→)"),
                vec![
                    (
                        "no".into(),
                        lang.pick("no: import", "いいえ: 取り込む").into(),
                    ),
                    (
                        "yes".into(),
                        lang.pick("yes: only report", "はい: 結果だけ表示").into(),
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
            lang.pick(
                "Mark exactly two leads (Space) to merge them",
                "統合する2件を Space で選択してください",
            ),
        );
        return Vec::new();
    };
    let (keep, other) = (*keep, *other);
    state.modal = Some(Modal::Confirm {
        message: vec![
            format!("{} #{other} → #{keep}", lang.pick("Merge", "統合")),
            lang.pick(
                "The first keeps the union of both; the journal records it; u undoes it. (y/n)",
                "1件目に両方の情報をまとめます。履歴に残り、u で取り消せます。(y/n)",
            )
            .to_owned(),
        ],
        effect: Box::new(Effect::Merge { keep, other }),
    });
    Vec::new()
}
