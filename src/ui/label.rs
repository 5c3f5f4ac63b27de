//! Labels of domain values in the UI language.

use crate::domain::i18n::TextKey;
use crate::domain::{ActionKind, ActivityKind, Lang, PhoneKind};

/// A next-action kind.
pub(super) fn action_kind(kind: ActionKind, lang: Lang) -> &'static str {
    match kind {
        ActionKind::Call => lang.text(TextKey::UiLabelActionKindCall),
        ActionKind::Mail => lang.text(TextKey::UiLabelActionKindMail),
        ActionKind::Task => lang.text(TextKey::UiLabelActionKindTask),
    }
}

/// A phone line's kind.
pub(super) fn phone_kind(kind: PhoneKind, lang: Lang) -> &'static str {
    match kind {
        PhoneKind::Main => lang.text(TextKey::UiLabelPhoneKindMain),
        PhoneKind::Direct => lang.text(TextKey::UiLabelPhoneKindDirect),
        PhoneKind::Mobile => lang.text(TextKey::UiLabelPhoneKindMobile),
        PhoneKind::Switchboard => lang.text(TextKey::UiLabelPhoneKindSwitchboard),
    }
}

/// A journal row's kind.
pub(super) fn activity_kind(kind: ActivityKind, lang: Lang) -> &'static str {
    use ActivityKind as K;
    match kind {
        K::Call => lang.text(TextKey::UiLabelActivityKindCall),
        K::Inbound => lang.text(TextKey::UiLabelActivityKindInbound),
        K::Reply => lang.text(TextKey::UiLabelActivityKindReply),
        K::Mail => lang.text(TextKey::UiLabelActivityKindMail),
        K::Note => lang.text(TextKey::UiLabelActivityKindNote),
        K::Stage => lang.text(TextKey::UiLabelActivityKindStage),
        K::Schedule => lang.text(TextKey::UiLabelActivityKindSchedule),
        K::Meeting => lang.text(TextKey::UiLabelActivityKindMeeting),
        K::Escalation => lang.text(TextKey::UiLabelActivityKindEscalation),
        K::Feedback => lang.text(TextKey::UiLabelActivityKindFeedback),
        K::Event => lang.text(TextKey::UiLabelActivityKindEvent),
        K::Import => lang.text(TextKey::UiLabelActivityKindImport),
        K::Merge => lang.text(TextKey::UiLabelActivityKindMerge),
        K::Edit => lang.text(TextKey::UiLabelActivityKindEdit),
        K::Transfer => lang.text(TextKey::UiLabelActivityKindTransfer),
        K::Undo => lang.text(TextKey::UiLabelActivityKindUndo),
    }
}
