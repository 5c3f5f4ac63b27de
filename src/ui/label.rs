//! Labels of domain values in the UI language.

use crate::domain::{ActionKind, ActivityKind, Lang, PhoneKind};

/// A next-action kind.
pub(super) fn action_kind(kind: ActionKind, lang: Lang) -> &'static str {
    match kind {
        ActionKind::Call => lang.pick("call", "電話"),
        ActionKind::Mail => lang.pick("mail", "メール"),
        ActionKind::Task => lang.pick("task", "タスク"),
    }
}

/// A phone line's kind.
pub(super) fn phone_kind(kind: PhoneKind, lang: Lang) -> &'static str {
    match kind {
        PhoneKind::Main => lang.pick("main", "代表番号"),
        PhoneKind::Direct => lang.pick("direct", "直通"),
        PhoneKind::Mobile => lang.pick("mobile", "携帯"),
        PhoneKind::Switchboard => lang.pick("switchboard", "交換台"),
    }
}

/// A journal row's kind.
pub(super) fn activity_kind(kind: ActivityKind, lang: Lang) -> &'static str {
    use ActivityKind as K;
    match kind {
        K::Call => lang.pick("call", "架電"),
        K::Inbound => lang.pick("inbound", "受電"),
        K::Reply => lang.pick("reply", "返信"),
        K::Mail => lang.pick("mail", "メール"),
        K::Note => lang.pick("note", "メモ"),
        K::Stage => lang.pick("stage", "ステージ"),
        K::Schedule => lang.pick("schedule", "予定"),
        K::Meeting => lang.pick("meeting", "商談"),
        K::Escalation => lang.pick("escalation", "引き継ぎ"),
        K::Feedback => lang.pick("feedback", "FB"),
        K::Event => lang.pick("event", "イベント"),
        K::Import => lang.pick("import", "取込"),
        K::Merge => lang.pick("merge", "統合"),
        K::Edit => lang.pick("edit", "編集"),
        K::Transfer => lang.pick("transfer", "移管"),
        K::Undo => lang.pick("undo", "取消"),
    }
}
