//! Escalation through the use cases: the capacity-aware gate counted from the journal, the
//! week boundary, overrides, undo, feedback and the summary files' modes.

use chrono::{Duration, TimeZone, Utc, Weekday};
use leadbench::config::{Config, FieldRep, Framework};
use leadbench::domain::qualification::ItemState;
use leadbench::domain::{ActivityKind, Lead, LeadId, Stage, Ts};
use leadbench::ops::OpsError;
use leadbench::ops::escalate::{self, EscalateRequest};
use leadbench::ops::feedback::{self, FeedbackRequest, FeedbackResult};
use leadbench::ops::qualify::{self, EvidenceInput, ItemUpdate, QualifyRequest};
use leadbench::store::Store;

use crate::support::{lead, now};

pub struct Bench {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub config: Config,
}

impl Bench {
    pub fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store =
            Store::open(&dir.path().join("data").join("lb.db")).unwrap_or_else(|e| panic!("{e}"));
        let mut config = Config::default();
        config.rep.name = "佐藤 花子".into();
        config.rep.email = "hanako@example.jp".into();
        config.handoff.weekly_capacity = 3;
        config.handoff.field_reps = vec![FieldRep {
            name: "Kenji Tanaka".into(),
            email: "kenji@example.jp".into(),
        }];
        Bench { dir, store, config }
    }

    pub fn export_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data").join("handoff")
    }

    /// An engaged lead with a score, in a sequence, with a next action.
    pub fn add(&mut self, n: i64, score: i64) -> LeadId {
        let mut l: Lead = lead(n, Stage::Engaged);
        l.score = score;
        l.sequence = Some("new-lead".into());
        l.sequence_step = 2;
        l.next_action = Some(leadbench::domain::NextAction {
            kind: leadbench::domain::ActionKind::Call,
            due_at: now() + Duration::days(1),
            note: "follow up".into(),
        });
        self.store
            .insert_lead(&l, &[], "add")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn qualify(&mut self, id: LeadId, items: &[(&str, ItemState)], evidence: Option<&str>) {
        let req = QualifyRequest {
            updates: items
                .iter()
                .map(|(i, s)| ItemUpdate {
                    item: (*i).to_owned(),
                    state: *s,
                })
                .collect(),
            evidence: EvidenceInput {
                text: evidence.map(str::to_owned),
                activity_id: None,
            },
        };
        qualify::qualify(
            &mut self.store,
            &self.config.handoff,
            self.config.ui.language,
            id,
            None,
            &req,
            now(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }

    pub fn escalate_at(
        &mut self,
        id: LeadId,
        at: Ts,
        override_reason: Option<&str>,
    ) -> Result<escalate::Escalated, OpsError> {
        let dir = self.export_dir();
        let req = EscalateRequest {
            to: "kenji tanaka".into(),
            meeting: Some(at + Duration::days(3)),
            note: "予算確保済み、来期導入を検討".into(),
            override_reason: override_reason.map(str::to_owned),
        };
        escalate::escalate(&mut self.store, &self.config, &dir, id, None, &req, at)
    }

    pub fn lead(&self, id: LeadId) -> Lead {
        self.store
            .lead(id)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no lead {id}"))
    }
}

fn qualified(b: &mut Bench, n: i64, score: i64) -> LeadId {
    let id = b.add(n, score);
    b.qualify(
        id,
        &[
            ("need", ItemState::Confirmed),
            ("timeline", ItemState::Confirmed),
        ],
        Some("決裁者から確認"),
    );
    id
}

#[test]
fn under_capacity_the_relaxed_minimum_lets_a_lead_through() {
    let mut b = Bench::new();
    let id = qualified(&mut b, 1, 45);
    let cap = escalate::capacity(&b.store, &b.config, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (cap.used, cap.capacity, cap.relaxed, cap.min_score),
        (0, 3, true, 40)
    );
    assert_eq!(
        cap.text,
        "field sales 0/3 this week — relaxed: min score 40"
    );
    let done = b
        .escalate_at(id, now(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(done.gate.passes);
    assert!(!done.overridden);
    assert_eq!(done.to.email, "kenji@example.jp");
    let cap = escalate::capacity(&b.store, &b.config, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cap.used, 1);
}

#[test]
fn at_and_over_capacity_the_strict_minimum_applies() {
    let mut b = Bench::new();
    for n in 1..=3 {
        let id = qualified(&mut b, n, 80);
        b.escalate_at(id, now() - Duration::hours(n), None)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // At capacity (3/3): a 45 no longer passes, a 70 does.
    let weak = qualified(&mut b, 10, 45);
    let cap = escalate::capacity(&b.store, &b.config, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((cap.used, cap.relaxed, cap.min_score), (3, false, 70));
    assert_eq!(cap.text, "field sales 3/3 this week — strict: min score 70");
    match b.escalate_at(weak, now(), None) {
        Err(OpsError::Blocked(why)) => {
            let msg = why.to_string();
            assert!(msg.contains("min score 70"), "{msg}");
        }
        other => panic!("expected a blocked gate, got {other:?}"),
    }
    assert_eq!(
        b.lead(weak).stage,
        Stage::Engaged,
        "a refused escalation changes nothing"
    );
    let strong = qualified(&mut b, 11, 70);
    b.escalate_at(strong, now(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    // Over capacity (4/3): still strict.
    let cap = escalate::capacity(&b.store, &b.config, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((cap.used, cap.relaxed, cap.min_score), (4, false, 70));
}

#[test]
fn a_written_override_passes_a_failed_gate_and_is_recorded() {
    let mut b = Bench::new();
    let id = b.add(1, 0);
    assert!(matches!(
        b.escalate_at(id, now(), Some("   ")),
        Err(OpsError::Blocked(_))
    ));
    let done = b
        .escalate_at(id, now(), Some("顧客から訪問依頼"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(done.overridden);
    assert!(!done.gate.passes);
    let acts = b.store.activities(id).unwrap_or_else(|e| panic!("{e}"));
    let esc = acts
        .iter()
        .find(|a| a.kind == ActivityKind::Escalation)
        .unwrap_or_else(|| panic!("no escalation row"));
    assert_eq!(esc.data["override"], "顧客から訪問依頼");
    assert_eq!(esc.data["to"], "Kenji Tanaka");
    assert_eq!(esc.data["email"], "kenji@example.jp");
    assert_eq!(esc.data["gate"]["passes"], false);
    assert_eq!(esc.data["gate"]["missing"][0], "need");
    assert!(esc.data["meeting"].is_string());
}

#[test]
fn meddic_uses_its_own_required_items() {
    let mut b = Bench::new();
    b.config.handoff.framework = Framework::Meddic;
    let id = b.add(1, 90);
    b.qualify(
        id,
        &[
            ("identify_pain", ItemState::Confirmed),
            ("champion", ItemState::Confirmed),
        ],
        None,
    );
    let l = b.lead(id);
    let g = escalate::check_gate(&b.store, &b.config, &l, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(g.missing, vec!["economic_buyer"]);
    // n/a without evidence does not count …
    b.qualify(id, &[("economic_buyer", ItemState::NA)], None);
    let g = escalate::check_gate(&b.store, &b.config, &b.lead(id), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!g.passes);
    // … with evidence it does.
    b.qualify(
        id,
        &[("economic_buyer", ItemState::NA)],
        Some("社長が単独で決裁"),
    );
    let g = escalate::check_gate(&b.store, &b.config, &b.lead(id), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(g.passes, "{:?}", g.reasons);
}

#[test]
fn the_week_starts_on_week_start_in_the_reps_zone() {
    let mut b = Bench::new();
    let tokyo = |d, h, m| {
        chrono_tz::Asia::Tokyo
            .with_ymd_and_hms(2026, 11, d, h, m, 0)
            .single()
            .unwrap_or_else(|| panic!("bad time"))
            .with_timezone(&Utc)
    };
    // Sunday 29 November, 23:30 in Tokyo.
    let id = b.add(1, 0);
    b.escalate_at(id, tokyo(29, 23, 30), Some("test"))
        .unwrap_or_else(|e| panic!("{e}"));
    let used = |b: &Bench, at| {
        escalate::capacity(&b.store, &b.config, at)
            .unwrap_or_else(|e| panic!("{e}"))
            .used
    };
    assert_eq!(used(&b, tokyo(29, 23, 50)), 1, "same (Monday-based) week");
    assert_eq!(
        used(&b, tokyo(30, 0, 10)),
        0,
        "Monday 00:10 starts a new week"
    );
    b.config.rules.week_start = Weekday::Sun;
    assert_eq!(used(&b, tokyo(29, 23, 50)), 1);
    assert_eq!(
        used(&b, tokyo(28, 23, 50)),
        0,
        "Saturday is the week before"
    );
    assert_eq!(
        used(&b, tokyo(30, 0, 10)),
        1,
        "Monday is the same Sunday-based week"
    );
    // For a rep in New York the escalation happened on Sunday morning.
    b.config.rules.week_start = Weekday::Mon;
    b.config.rep.timezone = chrono_tz::America::New_York;
    assert_eq!(used(&b, tokyo(30, 0, 10)), 1, "still Sunday in New York");
}

#[test]
fn undoing_an_escalation_restores_the_lead_and_the_capacity() {
    let mut b = Bench::new();
    let id = qualified(&mut b, 1, 60);
    let before = b.lead(id);
    let done = b
        .escalate_at(id, now(), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let after = done.lead;
    assert_eq!(after.stage, Stage::HandedOff);
    assert_eq!(after.sequence, None);
    assert_eq!(after.meeting_at, Some(now() + Duration::days(3)));
    let undone = b.store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert!(undone.is_some());
    let restored = b.lead(id);
    assert_eq!(restored.stage, Stage::Engaged);
    assert_eq!(restored.meeting_at, None);
    assert_eq!(restored.sequence.as_deref(), Some("new-lead"));
    assert_eq!(restored.sequence_step, 2);
    assert_eq!(restored.next_action, before.next_action);
    assert_eq!(restored.qualification, before.qualification);
    let cap = escalate::capacity(&b.store, &b.config, now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cap.used, 0, "an undone escalation does not count");
}

#[test]
fn a_handed_off_lead_cannot_be_escalated_twice() {
    let mut b = Bench::new();
    let id = b.add(1, 0);
    b.escalate_at(id, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    match b.escalate_at(id, now(), Some("x")) {
        Err(e @ OpsError::Blocked(_)) => {
            assert_eq!(e.exit_code(), 4);
            assert!(e.to_string().contains("already handed off"), "{e}");
        }
        other => panic!("expected blocked, got {other:?}"),
    }
}

#[test]
fn summary_files_are_private() {
    let mut b = Bench::new();
    let id = b.add(1, 0);
    let done = b
        .escalate_at(id, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.file_error, None);
    let names: Vec<String> = done
        .files
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(
        names,
        vec![
            format!("handoff-{id}.md"),
            format!("handoff-{id}.json"),
            format!("handoff-{id}.ics")
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&b.export_dir()), 0o700);
        for f in &done.files {
            assert_eq!(mode(f), 0o600, "{}", f.display());
        }
    }
}

fn rejected(to: Option<Stage>, lost_reason: Option<&str>) -> FeedbackRequest {
    FeedbackRequest {
        result: FeedbackResult::Rejected,
        reason: "予算が来年度まで凍結".into(),
        to,
        lost_reason: lost_reason.map(str::to_owned),
    }
}

#[test]
fn feedback_accepted_keeps_the_lead_handed_off() {
    let mut b = Bench::new();
    let id = b.add(1, 0);
    b.escalate_at(id, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    let req = FeedbackRequest {
        result: FeedbackResult::Accepted,
        reason: String::new(),
        to: None,
        lost_reason: None,
    };
    let l = feedback::feedback(&mut b.store, &b.config, id, None, &req, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.stage, Stage::HandedOff);
    assert_eq!(
        feedback::current_feedback(&b.store, id).unwrap_or_else(|e| panic!("{e}")),
        Some(FeedbackResult::Accepted)
    );
    let acts = b.store.activities(id).unwrap_or_else(|e| panic!("{e}"));
    let fb = acts
        .iter()
        .find(|a| a.kind == ActivityKind::Feedback)
        .unwrap_or_else(|| panic!("no feedback row"));
    assert_eq!(fb.data["result"], "accepted");
    // Twice is refused; so is feedback on a lead that is not handed off.
    assert!(matches!(
        feedback::feedback(&mut b.store, &b.config, id, None, &req, now()),
        Err(OpsError::Blocked(_))
    ));
    let other = b.add(2, 0);
    assert!(matches!(
        feedback::feedback(&mut b.store, &b.config, other, None, &req, now()),
        Err(OpsError::Blocked(_))
    ));
}

#[test]
fn feedback_rejected_moves_the_lead_to_engaged_or_lost() {
    let mut b = Bench::new();
    let a = b.add(1, 0);
    b.escalate_at(a, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    let no_reason = FeedbackRequest {
        reason: " ".into(),
        ..rejected(None, None)
    };
    assert!(matches!(
        feedback::feedback(&mut b.store, &b.config, a, None, &no_reason, now()),
        Err(OpsError::Invalid(_))
    ));
    let l = feedback::feedback(
        &mut b.store,
        &b.config,
        a,
        None,
        &rejected(None, None),
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.stage, Stage::Engaged);
    let acts = b.store.activities(a).unwrap_or_else(|e| panic!("{e}"));
    assert!(acts.iter().any(|x| x.kind == ActivityKind::Feedback
        && x.data["result"] == "rejected"
        && x.note == "予算が来年度まで凍結"));
    assert!(acts.iter().any(|x| x.kind == ActivityKind::Stage
        && x.data["from"] == "handed_off"
        && x.data["to"] == "engaged"));

    let c = b.add(2, 0);
    b.escalate_at(c, now(), Some("x"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        feedback::feedback(
            &mut b.store,
            &b.config,
            c,
            None,
            &rejected(Some(Stage::Lost), None),
            now()
        ),
        Err(OpsError::Invalid(_))
    ));
    let l = feedback::feedback(
        &mut b.store,
        &b.config,
        c,
        None,
        &rejected(Some(Stage::Lost), Some("no_budget")),
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.stage, Stage::Lost);
    assert_eq!(l.lost_reason.as_deref(), Some("no_budget"));
    // Friday 27 November in Tokyo + 120 days.
    assert_eq!(
        l.reengage_on.map(|d| d.to_string()).as_deref(),
        Some("2027-03-27")
    );
    // Undo puts it back to handed off.
    b.store.undo().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.lead(c).stage, Stage::HandedOff);
    assert_eq!(b.lead(c).reengage_on, None);
}
