//! A hand-built TUI state for the screen tests: English and Japanese leads, hostile text, a long
//! company name, a detail pane with a journal, and a fixed clock.
#![allow(dead_code)]

use chrono::{Duration, NaiveDate};
use leadbench::app::{Detail, Field, Figures, Form, LeadRef, Modal, State, View};
use leadbench::config::{Keymap, builtin_lost_reasons};
use leadbench::domain::queue::{Bucket, LeadSummary};
use leadbench::domain::{
    ActionKind, Activity, ActivityKind, Lang, Lead, NextAction, Phone, PhoneKind, Stage, Ts,
};
use leadbench::ops::Policy;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde_json::json;

use crate::support::now;

/// A name with an escape sequence and a right-to-left override in it.
pub const HOSTILE_NAME: &str = "Eve\x1b[2J\x1b]0;pwned\x07 \u{202E}Mallory\u{202C}";

fn mins(n: i64) -> Ts {
    now() - Duration::minutes(n)
}

struct RowSpec {
    name: &'static str,
    company: &'static str,
    stage: Stage,
    score: i64,
    age_min: i64,
    attempts: u32,
    next: Option<(ActionKind, i64)>,
    tz: Option<&'static str>,
}

fn specs() -> Vec<RowSpec> {
    let r = |name, company, stage, score, age_min, attempts, next, tz| RowSpec {
        name,
        company,
        stage,
        score,
        age_min,
        attempts,
        next,
        tz,
    };
    vec![
        r(
            "山田 太郎",
            "山田商事株式会社",
            Stage::Unreached,
            12,
            60 * 24 * 3,
            2,
            Some((ActionKind::Call, -90)),
            Some("Asia/Tokyo"),
        ),
        r(
            "Jane Cooper",
            "Acme Analytics Inc.",
            Stage::Engaged,
            30,
            60 * 24 * 12,
            0,
            Some((ActionKind::Call, 240)),
            Some("America/New_York"),
        ),
        r(
            "佐々木 花子",
            "株式会社超長い名前のテクノロジーソリューションズホールディングス",
            Stage::New,
            0,
            25,
            0,
            None,
            Some("Asia/Tokyo"),
        ),
        r(
            HOSTILE_NAME,
            "Evil\x1b[31m Corp\u{202E}",
            Stage::New,
            0,
            185,
            0,
            None,
            None,
        ),
        r(
            "Robert Brown",
            "Very Long Company Name International Holdings Corporation of the Pacific Rim",
            Stage::Unreached,
            5,
            60 * 24 * 70,
            4,
            Some((ActionKind::Mail, 60 * 24 * 6)),
            Some("Europe/London"),
        ),
        r(
            "高橋 健一",
            "高橋工業",
            Stage::Engaged,
            8,
            60 * 5,
            1,
            Some((ActionKind::Task, 60 * 24)),
            Some("Asia/Tokyo"),
        ),
        r(
            "Maria García",
            "Soluciones Ibéricas S.L.",
            Stage::Lost,
            2,
            60 * 24 * 400,
            6,
            None,
            Some("Europe/Madrid"),
        ),
        r(
            "伊藤 さくら",
            "さくらデザイン合同会社",
            Stage::HandedOff,
            40,
            60 * 24 * 900,
            0,
            None,
            Some("Asia/Tokyo"),
        ),
    ]
}

/// The rows of the fixture, `n` of them (the specs repeat with numbered names past eight).
pub fn rows(n: usize) -> Vec<LeadSummary> {
    let specs = specs();
    (0..n)
        .map(|i| {
            let s = &specs[i % specs.len()];
            let name = if i < specs.len() {
                s.name.to_owned()
            } else {
                format!("{} {i}", s.name)
            };
            let entered = mins(s.age_min);
            LeadSummary {
                id: i as i64 + 1,
                name,
                company: s.company.to_owned(),
                stage: s.stage,
                score: s.score,
                prio: 0.0,
                alive_at: entered,
                handover_at: entered,
                stage_entered_at: entered,
                attempts: s.attempts,
                next_kind: s.next.map(|n| n.0),
                due_at: s.next.map(|n| now() + Duration::minutes(n.1)),
                timezone: s.tz.map(str::to_owned),
                last_touch_at: None,
                do_not_call: false,
                grade: None,
                bucket: Bucket::Rest,
                callable: true,
            }
        })
        .collect()
}

/// The full lead behind the first row, with a journal.
pub fn detail() -> Detail {
    let lead = Lead {
        id: 1,
        first_name: "太郎".into(),
        last_name: "山田".into(),
        full_name: "山田 太郎".into(),
        reading: "ヤマダ タロウ".into(),
        company: "山田商事株式会社".into(),
        department: "営業部".into(),
        title: "部長".into(),
        email: "taro@yamada.example.jp".into(),
        email_opt_out: true,
        phones: vec![
            Phone {
                number: Some("+81312345678".into()),
                raw: "03-1234-5678".into(),
                kind: PhoneKind::Main,
                invalid: false,
            },
            Phone {
                number: Some("+819012345678".into()),
                raw: "090-1234-5678".into(),
                kind: PhoneKind::Mobile,
                invalid: true,
            },
        ],
        timezone: Some("Asia/Tokyo".into()),
        handover_at: mins(60 * 24 * 3),
        stage: Stage::Unreached,
        stage_entered_at: mins(60 * 24 * 3),
        attempts: 2,
        next_action: Some(NextAction {
            kind: ActionKind::Call,
            due_at: mins(90),
            note: "ask for\x1b[2J the budget".into(),
        }),
        meeting_at: Some(now() + Duration::days(6)),
        lost_reason: Some("no_budget".into()),
        reengage_on: NaiveDate::from_ymd_opt(2027, 3, 1),
        tags: vec!["展示会".into(), "webinar".into()],
        version: 3,
        ..Lead::default()
    };
    let act =
        |id: i64, min: i64, kind: ActivityKind, outcome: Option<&str>, note: &str, undone: bool| {
            Activity {
                id,
                lead_id: Some(1),
                at: mins(min),
                kind,
                outcome: outcome.map(str::to_owned),
                note: note.to_owned(),
                data: json!({}),
                undone,
                by_other: false,
            }
        };
    Detail {
        lead,
        sequence: Some("new-lead · 2/4: call first call (11/28 10:00)".into()),
        scored: Some(leadbench::domain::scoring::Scored {
            score: 35,
            breakdown: vec![("title: 部長".into(), 20), ("webinar".into(), 15)],
            grade: leadbench::domain::scoring::Grade::D,
        }),
        activities: vec![
            act(6, 30, ActivityKind::Call, Some("no_answer"), "", false),
            act(
                5,
                45,
                ActivityKind::Call,
                Some("wrong_number"),
                "typo",
                true,
            ),
            act(
                4,
                60 * 20,
                ActivityKind::Note,
                None,
                "受付の方によると\n来週は出張",
                false,
            ),
            act(
                3,
                60 * 26,
                ActivityKind::Schedule,
                None,
                "call back\u{202E} Monday\x1b[1A",
                false,
            ),
            act(
                2,
                60 * 50,
                ActivityKind::Stage,
                Some("unreached"),
                "",
                false,
            ),
            act(1, 60 * 72, ActivityKind::Import, None, "", false),
        ],
    }
}

/// The state: `lang`, `view`, a window of 40 rows of a 1,204-row queue, the third row selected.
pub fn state(lang: Lang, view: View) -> State {
    let policy = Policy {
        lang,
        ..Policy::default()
    };
    let reasons = builtin_lost_reasons()
        .into_iter()
        .map(|r| {
            let label = if lang == Lang::Ja {
                r.label_ja.clone()
            } else {
                r.label.clone()
            };
            (r.id, label)
        })
        .collect();
    let rep = if lang == Lang::Ja {
        "佐藤 花子"
    } else {
        "Hana Sato"
    };
    let mut s = State::new(policy, rep, reasons, view, now());
    s.table.rows = rows(40);
    s.table.total = 1204;
    s.table.selected = 0;
    s.table.visible = 40;
    s.figures = Figures {
        stages: [12, 40, 9, 1234, 3],
        today: 23,
        dials_today: 14,
        conversations_today: 3,
        new_since_yesterday: 4,
        new_over_sla: 2,
        calls_due: 7,
        queued_mail: 0,
    };
    s.today_known = true;
    s.marked.insert(2);
    s.detail = Some(detail());
    s
}

/// The selected lead as a modal target.
pub fn lead_ref() -> LeadRef {
    LeadRef {
        id: 1,
        version: Some(3),
        name: "山田 太郎".into(),
    }
}

/// The call-details form of a callback, focus on the note with the cursor inside the text.
pub fn callback_form(lang: Lang) -> Modal {
    let mut form = Form::new(
        lang.pick(
            "Call: callback — Enter logs it, Esc cancels",
            "架電: 折り返し — Enterで記録、Escで取消",
        ),
        vec![
            Field::text(
                "when",
                lang.pick("When", "日時"),
                "",
                lang.pick(
                    "tomorrow 10:00, 12/1 14:00, +3d",
                    "明日 10:00、12/1 14:00、+3d",
                ),
            ),
            Field::text(
                "note",
                lang.pick("Note", "メモ"),
                "秘書の方: 午後に折り返し",
                "",
            ),
        ],
    );
    form.focus = 1;
    if let Some(t) = form.focused_text() {
        t.cursor = 4;
    }
    form.error = Some(
        lang.pick("Give the time", "日時を入力してください")
            .to_owned(),
    );
    Modal::CallDetails(lead_ref(), leadbench::domain::Outcome::Callback, form)
}

/// The schedule form with a choice field.
pub fn schedule_form(lang: Lang) -> Modal {
    let form = Form::new(
        &format!(
            "{} — 山田 太郎",
            lang.pick("Schedule next action", "次のアクション")
        ),
        vec![
            Field::text("when", lang.pick("When", "日時"), "mon 9:30", ""),
            Field::choice(
                "kind",
                lang.pick("Kind", "種類"),
                vec![
                    ("call".into(), lang.pick("call", "電話").into()),
                    ("mail".into(), lang.pick("mail", "メール").into()),
                ],
                1,
            ),
            Field::text("note", lang.pick("Note", "メモ"), "", ""),
        ],
    );
    Modal::Form(leadbench::app::FormKind::Schedule, Some(lead_ref()), form)
}

/// Renders the state on a `w`×`h` test terminal, the table sized as the runtime would size it.
pub fn draw(state: &mut State, w: u16, h: u16) -> Terminal<TestBackend> {
    let keymap = Keymap::default();
    state.table.visible =
        leadbench::ui::table_rows(ratatui::layout::Rect::new(0, 0, w, h), state).max(1);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal
        .draw(|f| leadbench::ui::render(f, state, &keymap))
        .expect("draw");
    terminal
}

/// The drawn buffer.
pub fn buffer(terminal: &Terminal<TestBackend>) -> &Buffer {
    terminal.backend().buffer()
}
